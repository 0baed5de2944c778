import { ADMIN_IDENTITY_DEFAULTS as DEFAULTS, ADMIN_IDENTITY_RANGES, EMAIL_DOMAIN } from '../../contracts/admin-identity';
import { ADMIN_AUTHORIZER_ENV } from '../../contracts/environment';
import { booleanEnv, ConfigurationError, httpsUrlEnv, integerEnv, optionalEnv, optionalListEnv, requiredEnv } from '../shared/env';
import { GROUP_ROLES } from './permissions';
import { VerifierOptions } from './verifier';

/** The ranges of the authorizer's integer variables (seconds), shared with the configuration. */
export const ADMIN_AUTHORIZER_RANGES = ADMIN_IDENTITY_RANGES;

/** The verifier's options from the environment; a bad variable is a ConfigurationError naming it, the rule and the value. */
export function verifierOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): VerifierOptions {
  const names = ADMIN_AUTHORIZER_ENV;
  const domains = optionalListEnv(names.allowedEmailDomains, env);
  const bad = domains.filter((d) => !EMAIL_DOMAIN.test(d));
  if (bad.length > 0) {
    throw new ConfigurationError(`environment: '${names.allowedEmailDomains}' must be DNS domain names, got ${bad.join(', ')}`);
  }
  const ciCdGroup = optionalEnv(names.ciCdGroup, env);
  if (ciCdGroup !== undefined && Object.hasOwn(GROUP_ROLES, ciCdGroup)) {
    throw new ConfigurationError(`environment: '${names.ciCdGroup}' must not name a group that already grants a role, got ${ciCdGroup}`);
  }
  return {
    jwksUrl: httpsUrlEnv(names.jwksUrl, env),
    issuer: requiredEnv(names.issuer, env),
    audience: requiredEnv(names.audience, env),
    jwksMaxAgeSeconds: integerEnv(names.jwksMaxAgeSeconds, ADMIN_AUTHORIZER_RANGES.jwksMaxAgeSeconds, DEFAULTS.jwksMaxAgeSeconds, env),
    requireMfa: booleanEnv(names.requireMfa, DEFAULTS.requireMfa, env),
    allowedEmailDomains: domains,
    maxTokenLifetimeSeconds: integerEnv(names.maxTokenLifetimeSeconds, ADMIN_AUTHORIZER_RANGES.maxTokenLifetimeSeconds, DEFAULTS.maxTokenLifetimeSeconds, env),
    maxAuthAgeSeconds: integerEnv(names.maxAuthAgeSeconds, ADMIN_AUTHORIZER_RANGES.maxAuthAgeSeconds, DEFAULTS.maxAuthAgeSeconds, env),
    ciCdGroup,
  };
}
