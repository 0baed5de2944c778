/**
 * The control plane and the account baseline built alone (test/helpers/platform-parts.ts), which the edge, signing,
 * configuration and detection tests read instead of the whole platform, have the templates of their twins in the whole
 * platform, for the example configuration and one with every control-plane and baseline option on (asset hashes aside,
 * see `json`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadPlatformConfig, PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { REPO_ROOT, testApp } from '../helpers/app';
import { accountBaselineOf, controlPlaneOf } from '../helpers/platform-parts';

const EXAMPLE = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform.json'), 'utf8'));
const EVERY_OPTION = validatePlatformConfig(
  {
    ...EXAMPLE,
    accountBaseline: {
      ...EXAMPLE.accountBaseline,
      subscriptions: { ...EXAMPLE.accountBaseline.subscriptions, low: { optOut: 'the platform team reads the low tier in the console every morning' } },
      guardDutyDetector: 'adopt',
      auditRetentionDays: 400,
      securityHub: false,
    },
    controlPlane: {
      ...EXAMPLE.controlPlane,
      identityProvider: { ...EXAMPLE.controlPlane.identityProvider, requireMfa: false, allowedEmailDomains: ['example.com'], maxTokenLifetimeSeconds: 900, ciCdGroup: 'pipelines' },
      domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' },
      privateAdminApi: { allowedCidrs: ['10.8.0.0/22'] },
      cors: { allowedOrigins: ['https://admin.example.com'] },
      throttling: { routes: { 'POST /heartbeats': { rateLimit: 50, burstLimit: 100 } } },
      waf: { ratePerFiveMinutes: 300, allowList: ['203.0.113.0/24', '10.8.0.0/16'], botControl: false },
      planSigning: { keys: ['2026-11', '2027-05'], active: '2027-05', jwksMaxAgeSeconds: 60 },
      erasureWindowHours: 48,
      exportRetentionDays: 7,
    },
  },
  'every control-plane and baseline option',
);

const CONFIGS: [string, PlatformConfig][] = [
  ['config/platform.json', loadPlatformConfig(join(REPO_ROOT, 'config', 'platform.json'))],
  ['every control-plane and baseline option', EVERY_OPTION],
];

/**
 * A stack's template with its Lambda code assets' hashes masked (`<hash>.zip`): tests skip esbuild bundling (testApp), and a skipped asset's
 * placeholder hash is that of the first construct in the process that staged the same source (aws-cdk-lib's asset cache);
 * with bundling each is the bundle's content hash.
 */
const json = (stack: Stack) => JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(/"[0-9a-f]{64}\.zip"/g, '"<asset-hash>.zip"'));

test.each(CONFIGS)('GIVEN %s THEN the control plane and the account baseline built alone have the templates of their twins in the whole platform', (_name, config) => {
  const whole = buildPlatform(testApp(), config);
  expect(json(controlPlaneOf(config))).toEqual(json(whole.controlPlane!));
  expect(json(accountBaselineOf(config))).toEqual(json(whole.accountBaseline!));
});

test('GIVEN a multi-region configuration THEN the builder refuses it rather than build another platform', () => {
  expect(() => controlPlaneOf(loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-multi-region.json')))).toThrow(/one-region configurations only/);
});
