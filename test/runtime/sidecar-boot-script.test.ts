/**
 * The runtime hosts' start-up script, run for real: bash, sha256sum, mktemp and the systemd unit's own hash check are
 * the real tools; only the AWS CLI, the instance metadata (curl) and systemctl are replaced by small scripts on PATH
 * that serve fixed answers and record what they were asked. The property under test is the script's decision: start
 * the binary only when its SHA-256 equals the protected hash, and otherwise refuse and publish the right metric.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIDECAR_RELEASE_METRICS } from '../../lib/config/alarm-plan';
import { sidecarBootScript } from '../../lib/config/sidecar-boot-script';
import { SIDECAR_PARAMETERS, sidecarReleaseObjectKey } from '../../contracts/ssm-parameters';

const RELEASE = '1.4.0';
const BINARY = '#!/bin/sh\necho metering\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface World {
  /** The object the release store serves; undefined: the download fails. */
  readonly object?: string;
  /** The hash parameter's value; undefined: the parameter cannot be read. */
  readonly expected?: string;
}

/** Runs the script in a scratch root with fake aws/curl/systemctl on PATH; returns what happened. */
function boot(world: World) {
  const root = mkdtempSync(join(tmpdir(), 'sidecar-boot-'));
  try {
    const bin = join(root, 'bin');
    const installDir = join(root, 'opt');
    const unitDir = join(root, 'units');
    mkdirSync(bin);
    mkdirSync(unitDir);
    if (world.object !== undefined) {
      writeFileSync(join(root, 'object'), world.object);
    }
    const log = join(root, 'calls.log');
    const fake = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${log}'\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake('curl', `case "$*" in *api/token*) echo token ;; *placement/region*) echo eu-west-1 ;; *) exit 22 ;; esac`);
    fake(
      'aws',
      `case "$1 $2" in
  "ssm get-parameter")
    case "$4" in
      '${SIDECAR_PARAMETERS.releaseBucket}') echo release-bucket ;;
      '${SIDECAR_PARAMETERS.releaseSha256(RELEASE)}') ${world.expected === undefined ? 'echo "ParameterNotFound" >&2; exit 254' : `echo '${world.expected}'`} ;;
      *) exit 254 ;;
    esac ;;
  "s3api get-object")
    [ "$4" = release-bucket ] && [ "$6" = '${sidecarReleaseObjectKey(RELEASE)}' ] && [ -f '${join(root, 'object')}' ] || exit 1
    cp '${join(root, 'object')}' "$7" ;;
  "cloudwatch put-metric-data") ;;
  *) exit 2 ;;
esac`,
    );
    fake('systemctl', '');
    const script = join(root, 'user-data.sh');
    writeFileSync(script, sidecarBootScript({ tenantId: 'acme', release: RELEASE, installDir, unitDir }));
    const run = spawnSync('bash', [script], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    const unitPath = join(unitDir, 'tenant-baseline-metering-sidecar.service');
    const installed = join(installDir, 'metering-sidecar');
    return {
      status: run.status,
      stderr: run.stderr,
      calls,
      metrics: calls.filter((c) => c.startsWith('aws cloudwatch put-metric-data')),
      started: calls.some((c) => c.startsWith('systemctl enable --now')),
      installed: existsSync(installed) ? readFileSync(installed, 'utf8') : undefined,
      unit: existsSync(unitPath) ? readFileSync(unitPath, 'utf8') : undefined,
      leftovers: existsSync(installDir) ? execFileSync('ls', ['-A', installDir], { encoding: 'utf8' }).trim() : '',
      installedPath: installed,
      root,
    };
  } finally {
    // The caller may still read files of the result; cleanup happens in the test's afterEach below.
    created.push(root);
  }
}

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const metric = (name: string) => expect.stringContaining(`--metric-name ${name} --dimensions service=${SIDECAR_RELEASE_METRICS.hashMismatch.service} --value 1`);

describe('sidecar boot script', () => {
  test('GIVEN the release whose SHA-256 is the protected hash THEN it is installed read-only and started, and no refusal is published', () => {
    const result = boot({ object: BINARY, expected: sha256(BINARY) });
    expect(result.status).toBe(0);
    expect(result.installed).toBe(BINARY);
    expect(statSync(result.installedPath).mode & 0o777).toBe(0o555);
    expect(result.started).toBe(true);
    expect(result.metrics).toEqual([]);
    expect(result.leftovers).toBe('metering-sidecar');
  });

  test('GIVEN a binary that differs by one byte THEN it is refused: not installed, not started, ReleaseHashMismatch published', () => {
    const result = boot({ object: BINARY.replace('metering', 'meterinG'), expected: sha256(BINARY) });
    expect(result.status).not.toBe(0);
    expect(result.installed).toBeUndefined();
    expect(result.unit).toBeUndefined();
    expect(result.started).toBe(false);
    expect(result.metrics).toEqual([metric(SIDECAR_RELEASE_METRICS.hashMismatch.name)]);
    expect(result.leftovers).toBe(''); // the staged download is removed
    expect(result.stderr).toContain('differs from the protected');
  });

  test.each([
    ['the release object cannot be fetched', { expected: sha256(BINARY) }],
    ['the hash parameter cannot be read', { object: BINARY }],
    ['the hash parameter is not a SHA-256', { object: BINARY, expected: 'not-a-hash' }],
    ['the hash parameter is upper-case hex (the plan writes lower case)', { object: BINARY, expected: sha256(BINARY).toUpperCase() }],
  ])('GIVEN %s THEN nothing is started and ReleaseUnavailable is published', (_, world: World) => {
    const result = boot(world);
    expect(result.status).not.toBe(0);
    expect(result.started).toBe(false);
    expect(result.installed).toBeUndefined();
    expect(result.metrics).toEqual([metric(SIDECAR_RELEASE_METRICS.unavailable.name)]);
  });

  test('GIVEN the installed binary is replaced on disk later THEN the unit\'s own check refuses to start it', () => {
    const result = boot({ object: BINARY, expected: sha256(BINARY) });
    const check = /^ExecStartPre=\/bin\/sh -c '(.*)'$/m.exec(result.unit!)![1];
    expect(spawnSync('/bin/sh', ['-c', check]).status).toBe(0);
    writeFileSync(result.installedPath, '#!/bin/sh\necho replaced\n');
    expect(spawnSync('/bin/sh', ['-c', check]).status).not.toBe(0);
  });

  test('GIVEN the unit THEN the sidecar runs unprivileged (a dynamic user, no new privileges, a read-only system)', () => {
    const { unit } = boot({ object: BINARY, expected: sha256(BINARY) });
    for (const line of ['DynamicUser=yes', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes']) {
      expect(unit).toContain(`\n${line}\n`);
    }
  });

  test('GIVEN a tenant id or release that would need shell quoting THEN rendering refuses it, naming the field', () => {
    expect(() => sidecarBootScript({ tenantId: "acme'; rm -rf /", release: RELEASE })).toThrow("'tenantId' must contain only letters, digits, '.', '_', '/' and '-', got \"acme'; rm -rf /\"");
    expect(() => sidecarBootScript({ tenantId: 'acme', release: '$(id)' })).toThrow("'release' must contain only");
  });
});
