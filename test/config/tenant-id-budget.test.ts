/**
 * The tenant ids travel in TENANT_IDS of two control-plane functions, and AWS Lambda refuses a function whose
 * environment variables exceed 4 KB in all: a fleet whose ids do not fit is a named configuration error before
 * synthesis (lib/config/limits.ts TENANT_IDS_MAX_BYTES), and at the bound every function of the control plane still
 * fits, counting each reference CloudFormation resolves (an ARN, a name) at a generous 200 bytes.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { LIST_SEPARATOR } from '../../contracts/environment';
import { TENANT_IDS_MAX_BYTES } from '../../lib/config/limits';
import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { acceptedAttachments } from '../../lib/config/account-plan';
import { exampleConfig, testApp } from '../helpers/app';

const LAMBDA_ENVIRONMENT_BYTES = 4096;
const REFERENCE_BYTES = 200;

/** A variable's value in bytes once deployed: literals as they are, each reference at REFERENCE_BYTES. */
function deployedBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join) return join[1].reduce<number>((n, part) => n + deployedBytes(part), 0) + Math.max(0, join[1].length - 1) * join[0].length;
  return REFERENCE_BYTES;
}

/** `count` unique valid ids whose joined length is exactly `bytes`. */
function idsOfBytes(count: number, bytes: number): string[] {
  const total = bytes - (count - 1) * LIST_SEPARATOR.length;
  const each = Math.floor(total / count);
  const longer = total - each * count; // the first `longer` ids take one byte more
  return Array.from({ length: count }, (_, n) => {
    const prefix = `t-${String(n).padStart(3, '0')}-`;
    return prefix + 'a'.repeat((n < longer ? each + 1 : each) - prefix.length);
  });
}

/** The example with these tenants and no CORS origins (the origins share the plan signer's budget: tested below). */
function fleet(ids: readonly string[], origins: readonly string[] = []) {
  const raw = JSON.parse(JSON.stringify(exampleConfig()));
  raw.tenants = ids.map((id, number) => ({ id, number }));
  raw.controlPlane.cors = { allowedOrigins: origins };
  delete raw.delivery;
  return raw;
}

/** The largest origin list the configuration allows in number: ten valid https origins of 175 characters. */
const ORIGINS = Array.from({ length: 10 }, (_, n) => `https://o${n}-${'a'.repeat(50)}.${'b'.repeat(50)}.${'c'.repeat(50)}.example.com`);
const ORIGIN_BYTES = ORIGINS.join(LIST_SEPARATOR).length;

/** The bytes of each function's variables once deployed, every reference at REFERENCE_BYTES. */
function environmentSizes(stack: ControlPlaneStack) {
  return Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(([id, r]) => {
    const variables: Record<string, unknown> = r.Properties.Environment?.Variables ?? {};
    return { id, bytes: Object.entries(variables).reduce((n, [k, v]) => n + k.length + deployedBytes(v), 0), variables };
  });
}

test('GIVEN 156 tenants with 32-character ids THEN a named error: the field, the rule and the bytes', () => {
  const ids = Array.from({ length: 156 }, (_, n) => `tenant-${String(n).padStart(3, '0')}-${'x'.repeat(21)}`);
  expect(ids[0]).toHaveLength(32);
  expect(() => validatePlatformConfig(fleet(ids))).toThrow(PlatformConfigError);
  expect(() => validatePlatformConfig(fleet(ids))).toThrow(/'tenants' must have ids that fit the control plane's Lambda environments together: at most 2800 bytes .*got "5147 bytes for 156 tenants"/s);
});

test('GIVEN ids one byte over the bound THEN refused; GIVEN ids at the bound THEN accepted', () => {
  expect(() => validatePlatformConfig(fleet(idsOfBytes(156, TENANT_IDS_MAX_BYTES + 1)))).toThrow(/2801 bytes for 156 tenants/);
  expect(validatePlatformConfig(fleet(idsOfBytes(156, TENANT_IDS_MAX_BYTES))).tenants).toHaveLength(156);
});

test('GIVEN 156 tenants whose ids take the whole bound THEN every control-plane function\'s environment fits in 4 KB', () => {
  const ids = idsOfBytes(156, TENANT_IDS_MAX_BYTES);
  expect(ids.join(LIST_SEPARATOR)).toHaveLength(TENANT_IDS_MAX_BYTES);
  const config = validatePlatformConfig(fleet(ids));
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar });
  const sizes = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(([id, r]) => {
    const variables: Record<string, unknown> = r.Properties.Environment?.Variables ?? {};
    return { id, bytes: Object.entries(variables).reduce((n, [k, v]) => n + k.length + deployedBytes(v), 0), carriesIds: 'TENANT_IDS' in variables };
  });
  // Not vacuous: the plan signer and the GDPR handler carry the whole list.
  expect(sizes.filter((s) => s.carriesIds).map((s) => s.id)).toEqual([expect.stringMatching(/PlanSigner/), expect.stringMatching(/GdprHandler/)]);
  expect(sizes.filter((s) => s.bytes > LAMBDA_ENVIRONMENT_BYTES)).toEqual([]);
  expect(Math.max(...sizes.map((s) => s.bytes))).toBeGreaterThan(TENANT_IDS_MAX_BYTES);
});

describe("the CORS origins share the plan signer's budget with the tenant ids", () => {
  test('GIVEN ten long origins and ids that fit alone but not with them THEN a named error on the origins counting both', () => {
    expect(ORIGIN_BYTES).toBeGreaterThan(1700);
    const over = idsOfBytes(100, TENANT_IDS_MAX_BYTES - ORIGIN_BYTES + 1);
    expect(() => validatePlatformConfig(fleet(over, ORIGINS))).toThrow(
      new RegExp(`'controlPlane.cors.allowedOrigins' must fit the plan signer's Lambda environment together with the tenant ids: at most 2800 bytes .*got "${TENANT_IDS_MAX_BYTES - ORIGIN_BYTES + 1} \\+ ${ORIGIN_BYTES} bytes \\(ids \\+ origins\\)"`, 's'),
    );
  });

  test("GIVEN ids and origins at the bound THEN the plan signer's environment, with both lists, fits in 4 KB", () => {
    const config = validatePlatformConfig(fleet(idsOfBytes(100, TENANT_IDS_MAX_BYTES - ORIGIN_BYTES), ORIGINS));
    const stack = new ControlPlaneStack(testApp(), 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar });
    const signer = environmentSizes(stack).filter((s) => /PlanSigner/.test(s.id));
    expect(signer).toHaveLength(1);
    expect(String(signer[0].variables.CORS_ALLOWED_ORIGINS)).toHaveLength(ORIGIN_BYTES);
    expect(signer[0].bytes).toBeGreaterThan(TENANT_IDS_MAX_BYTES);
    expect(signer[0].bytes).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_BYTES);
  });
});

describe('with tenants in other accounts, TENANT_EXPORT_ACCOUNTS shares the GDPR handler\'s budget', () => {
  const PLATFORM_ACCOUNT = '111111111111';
  /** `ids` placed round-robin in 40 other accounts, the platform placed by account and region. */
  function crossAccountFleet(ids: readonly string[]) {
    const raw = fleet(ids);
    raw.placement = { account: PLATFORM_ACCOUNT, region: 'eu-west-1' };
    raw.tenants = raw.tenants.map((t: object, i: number) => ({ ...t, account: String(200000000000 + (i % 40)) }));
    return raw;
  }
  /** The accounts value for 156 tenants round-robin in 40 accounts: 40 `<12 digits>=`, every position, 116 dots, 39 commas. */
  const ACCOUNT_BYTES = 40 * 13 + Array.from({ length: 156 }, (_, i) => String(i).length).reduce((a, b) => a + b, 0) + (156 - 40) + 39;

  test('GIVEN ids that fit alone but not with the accounts THEN a named error counting both', () => {
    const ids = idsOfBytes(156, TENANT_IDS_MAX_BYTES - ACCOUNT_BYTES + 1);
    expect(() => validatePlatformConfig(crossAccountFleet(ids))).toThrow(
      new RegExp(`'tenants' must have ids and accounts that fit the GDPR handler's Lambda environment together: at most 2800 bytes .*got "${TENANT_IDS_MAX_BYTES - ACCOUNT_BYTES + 1} \\+ ${ACCOUNT_BYTES} bytes \\(ids \\+ accounts of 156 tenants\\)"`, 's'),
    );
    expect(validatePlatformConfig(crossAccountFleet(idsOfBytes(156, TENANT_IDS_MAX_BYTES - ACCOUNT_BYTES))).tenants).toHaveLength(156);
  });

  test('GIVEN ids and accounts at the bound THEN the GDPR handler\'s environment, with both lists, fits in 4 KB', () => {
    const config = validatePlatformConfig(crossAccountFleet(idsOfBytes(156, TENANT_IDS_MAX_BYTES - ACCOUNT_BYTES)));
    const app = testApp();
    const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar, acceptedAttachments: acceptedAttachments(config) });
    const gdpr = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter(([id]) => /GdprHandler/.test(id));
    expect(gdpr).toHaveLength(1);
    const variables: Record<string, unknown> = gdpr[0][1].Properties.Environment.Variables;
    expect(String(variables.TENANT_EXPORT_ACCOUNTS)).toHaveLength(ACCOUNT_BYTES);
    const bytes = Object.entries(variables).reduce((n, [k, v]) => n + k.length + deployedBytes(v), 0);
    expect(bytes).toBeGreaterThan(TENANT_IDS_MAX_BYTES);
    expect(bytes).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_BYTES);
  });
});
