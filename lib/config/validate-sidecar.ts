import { DEFAULT_SIDECAR_RETENTION_DAYS } from './defaults';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { SidecarConfig, SidecarRelease } from './types';

/** A release version: it becomes part of an S3 key and an SSM parameter name, so only what both accept (no `+`). */
export const SIDECAR_VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_RELEASES = 10;
const RETENTION_DAYS = { min: 1, max: 3650 } as const;

/**
 * The `sidecar` section, defaulted; undefined when absent or when it has a problem. It needs the control plane's edge
 * (`hasIdentityProvider`): the sidecar reports to its heartbeats, and the release alarms are among its alarms.
 */
export function checkSidecar(raw: unknown, hasIdentityProvider: boolean, problem: Problem): SidecarConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem('sidecar', 'be an object with releases and active', raw);
    return undefined;
  }
  checkKeys(raw, 'sidecar.', ['releases', 'active', 'retentionDays'], problem);
  const { fail, ok } = tracking(problem);
  if (!hasIdentityProvider) {
    fail('sidecar', 'be set only with controlPlane.identityProvider (the sidecar reports to the control plane\'s heartbeats, where its alarms are)', raw);
  }
  const releases = checkReleases(raw.releases, fail);
  const active = raw.active;
  if (typeof active !== 'string' || !releases.some((r) => r.version === active)) {
    fail('sidecar.active', `be the version of one of sidecar.releases (${releases.map((r) => r.version).join(', ') || 'none valid'})`, active);
  }
  const retentionDays = raw.retentionDays ?? DEFAULT_SIDECAR_RETENTION_DAYS;
  if (!isIntegerIn(retentionDays, RETENTION_DAYS.min, RETENTION_DAYS.max)) {
    fail('sidecar.retentionDays', `be an integer in ${RETENTION_DAYS.min}..${RETENTION_DAYS.max}`, retentionDays);
  }
  return ok() ? { releases, active: active as string, retentionDays: retentionDays as number } : undefined;
}

function checkReleases(raw: unknown, fail: Problem): SidecarRelease[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_RELEASES) {
    fail('sidecar.releases', `be an array of 1..${MAX_RELEASES} { version, sha256 } objects`, raw);
    return [];
  }
  const seen = new Set<string>();
  const releases: SidecarRelease[] = [];
  raw.forEach((item: unknown, i: number) => {
    const at = `sidecar.releases[${i}]`;
    if (!isPlainObject(item)) {
      fail(at, 'be an object with version and sha256', item);
      return;
    }
    checkKeys(item, `${at}.`, ['version', 'sha256'], fail);
    const { version, sha256 } = item;
    let good = true;
    if (typeof version !== 'string' || !SIDECAR_VERSION.test(version)) {
      fail(`${at}.version`, 'be a version like 1.4.0 or 1.5.0-rc.1 (digits, dots, an optional -prerelease of letters, digits and dots)', version);
      good = false;
    } else if (seen.has(version)) {
      fail(`${at}.version`, 'be unique among sidecar.releases', version);
      good = false;
    }
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      fail(`${at}.sha256`, 'be the release binary\'s SHA-256 as 64 lowercase hex digits', sha256);
      good = false;
    }
    if (good) {
      seen.add(version as string);
      releases.push({ version: version as string, sha256: sha256 as string });
    }
  });
  return releases;
}
