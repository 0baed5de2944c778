import { SIDECAR_RELEASE_METRICS } from './alarm-plan';
import { SIDECAR_PARAMETERS, sidecarReleaseObjectKey } from '../../contracts/ssm-parameters';

/** Where the boot script puts things; tests point them at a scratch directory. */
export interface SidecarBootPaths {
  /** @default /opt/tenant-baseline/sidecar */
  readonly installDir?: string;
  /** @default /etc/systemd/system */
  readonly unitDir?: string;
}

export interface SidecarBootScriptProps extends SidecarBootPaths {
  readonly tenantId: string;
  /** The release version the host runs (the configuration's `sidecar.active`). */
  readonly release: string;
}

/** What CDK renders as the user data of a Linux launch template that was given none: the interpreter line alone. */
export const EMPTY_LINUX_USER_DATA = '#!/bin/bash';

const UNIT_NAME = 'tenant-baseline-metering-sidecar';
const SAFE = /^[A-Za-z0-9._/-]+$/;

/** A value inside single quotes in the script; only characters that need no escaping are accepted (ids, versions, paths). */
function quoted(field: string, value: string): string {
  if (!SAFE.test(value)) {
    throw new Error(`SidecarBootScript: '${field}' must contain only letters, digits, '.', '_', '/' and '-', got ${JSON.stringify(value)}`);
  }
  return `'${value}'`;
}

/**
 * The runtime host's user data: fetch the active metering-sidecar release from the release store, compare its SHA-256
 * with the protected hash parameter, and start it only when they are equal. A mismatch publishes
 * ReleaseHashMismatch (the tamper alarm); a release or hash that cannot be read publishes ReleaseUnavailable; either
 * way the binary is not installed and the sidecar is not started. The systemd unit checks the hash again before every
 * start, so a binary replaced on disk later is refused too. Everything the script reads at start-up (bucket, hash,
 * region) comes from SSM and the instance metadata (IMDSv2), so the script is a constant of the tenant's plan that the
 * gate compares byte for byte.
 */
export function sidecarBootScript(props: SidecarBootScriptProps): string {
  const installDir = props.installDir ?? '/opt/tenant-baseline/sidecar';
  const unitDir = props.unitDir ?? '/etc/systemd/system';
  const { hashMismatch, unavailable } = SIDECAR_RELEASE_METRICS;
  return `#!/bin/bash
# tenant-baseline: start the metering sidecar only when its binary is the protected release.
set -euo pipefail
umask 077
TENANT_ID=${quoted('tenantId', props.tenantId)}
RELEASE=${quoted('release', props.release)}
INSTALL_DIR=${quoted('installDir', installDir)}
UNIT_DIR=${quoted('unitDir', unitDir)}
BINARY="$INSTALL_DIR/metering-sidecar"

refuse() {
  local metric="$1" reason="$2"
  echo "tenant-baseline sidecar: refused release $RELEASE of tenant $TENANT_ID: $reason" >&2
  aws cloudwatch put-metric-data --namespace ${quoted('namespace', hashMismatch.namespace)} --metric-name "$metric" \\
    --dimensions service=${quoted('service', hashMismatch.service)} --value 1 --unit Count || true
  exit 1
}

imds_token=$(curl -sSf -X PUT 'http://169.254.169.254/latest/api/token' -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
AWS_DEFAULT_REGION=$(curl -sSf -H "X-aws-ec2-metadata-token: $imds_token" 'http://169.254.169.254/latest/meta-data/placement/region')
export AWS_DEFAULT_REGION

parameter() {
  aws ssm get-parameter --name "$1" --query Parameter.Value --output text
}
bucket=$(parameter ${quoted('releaseBucket', SIDECAR_PARAMETERS.releaseBucket)}) || refuse ${unavailable.name} 'the release bucket parameter cannot be read'
expected=$(parameter ${quoted('releaseSha256', SIDECAR_PARAMETERS.releaseSha256(props.release))}) || refuse ${unavailable.name} 'the release hash parameter cannot be read'
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || refuse ${unavailable.name} "the release hash parameter is not a SHA-256: $expected"

mkdir -p "$INSTALL_DIR"
staging=$(mktemp "$INSTALL_DIR/.download.XXXXXX")
trap 'rm -f "$staging"' EXIT
aws s3api get-object --bucket "$bucket" --key ${quoted('objectKey', sidecarReleaseObjectKey(props.release))} "$staging" > /dev/null \\
  || refuse ${unavailable.name} 'the release object cannot be fetched'
actual=$(sha256sum "$staging" | cut -d ' ' -f 1)
[ "$actual" = "$expected" ] || refuse ${hashMismatch.name} "sha256 $actual differs from the protected $expected"

chmod 0555 "$staging"
mv -f "$staging" "$BINARY"
cat > "$UNIT_DIR/${UNIT_NAME}.service" <<UNIT
[Unit]
Description=tenant-baseline metering sidecar $RELEASE
After=network-online.target
[Service]
ExecStartPre=/bin/sh -c 'echo "$expected  $BINARY" | sha256sum --check --status'
ExecStart=$BINARY
Restart=on-failure
DynamicUser=yes
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now ${UNIT_NAME}.service
echo "tenant-baseline sidecar: started release $RELEASE ($expected)"
`;
}
