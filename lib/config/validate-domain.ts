import { DEFAULT_API_HOST_LABEL } from './defaults';
import { ControlPlaneDomainConfig } from './edge-types';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';

const AT = 'controlPlane.domain';
/** A Route 53 hosted zone id: `Z` and upper-case letters or digits, at most 32 characters in all. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** One DNS label (RFC 1035 / RFC 1123): 1..63 lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1035: a name is at most 255 octets on the wire, which is 253 characters written without the trailing dot. */
export const DNS_NAME_MAX_LENGTH = 253;

/** Why `value` is not a DNS name this platform accepts (at least two labels), or undefined when it is one. */
export function dnsNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'be a DNS name like example.com';
  }
  if (value.length > DNS_NAME_MAX_LENGTH) {
    return `be a DNS name of at most ${DNS_NAME_MAX_LENGTH} characters (RFC 1035)`;
  }
  const labels = value.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    return 'be a DNS name of at least two labels, each 1..63 lower-case letters, digits or hyphens, not starting or ending with a hyphen, without a trailing dot (RFC 1035)';
  }
  return undefined;
}

/**
 * `controlPlane.domain`: the hosted zone (id and name) and the API's host name inside it, defaulted to
 * `api.<zoneName>`. Only with an identity provider: without one there is no API to put on the domain.
 */
export function checkDomain(raw: unknown, hasIdentityProvider: boolean, problem: Problem): ControlPlaneDomainConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem(AT, 'be an object with hostedZoneId and zoneName', raw);
    return undefined;
  }
  checkKeys(raw, `${AT}.`, ['hostedZoneId', 'zoneName', 'apiName'], problem);
  const { fail, ok } = tracking(problem);
  if (!hasIdentityProvider) {
    fail(AT, 'be set only with controlPlane.identityProvider (without it there is no API to serve on the domain)', raw);
  }
  if (typeof raw.hostedZoneId !== 'string' || !HOSTED_ZONE_ID.test(raw.hostedZoneId)) {
    fail(`${AT}.hostedZoneId`, "be a Route 53 hosted zone id: 'Z' then upper-case letters or digits, at most 32 characters (a domain needs its hosted zone)", raw.hostedZoneId);
  }
  const zoneProblem = dnsNameProblem(raw.zoneName);
  if (zoneProblem) {
    fail(`${AT}.zoneName`, zoneProblem, raw.zoneName);
  }
  const zoneName = raw.zoneName as string;
  const apiName = raw.apiName ?? (zoneProblem ? undefined : `${DEFAULT_API_HOST_LABEL}.${zoneName}`);
  if (raw.apiName !== undefined || !zoneProblem) {
    const nameProblem = dnsNameProblem(apiName);
    if (nameProblem) {
      fail(`${AT}.apiName`, nameProblem, apiName);
    } else if (!zoneProblem && apiName !== zoneName && !(apiName as string).endsWith(`.${zoneName}`)) {
      fail(`${AT}.apiName`, `be ${zoneName} or a name inside it (ending in .${zoneName}): the certificate is validated and the alias created in that zone`, apiName);
    }
  }
  return ok() ? { hostedZoneId: raw.hostedZoneId as string, zoneName, apiName: apiName as string } : undefined;
}
