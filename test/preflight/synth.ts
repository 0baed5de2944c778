import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { readCloudAssembly, StackTemplate } from '../../lib/preflight/preflight';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';

/** A whole-platform synth of `config` into a temporary cloud assembly, read back as the preflight reads cdk.out. */
export function synthesizeAssembly(config: PlatformConfig, options: { region?: string } = {}): { dir: string; stacks: StackTemplate[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-test-'));
  // No construct stack traces: nothing here reads them, and capturing them doubles a 156-tenant build under jest.
  const app = testApp({ outdir: dir, stackTraces: false });
  buildPlatform(app, config, options);
  app.synth();
  return { dir, stacks: readCloudAssembly(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fleet of `size` tenants numbered 0..size-1, as bench/synth.mjs generates it. */
export function fleetConfig(size: number): PlatformConfig {
  const tenants = Array.from({ length: size }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));
  return validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants }, `generated fleet of ${size}`);
}
