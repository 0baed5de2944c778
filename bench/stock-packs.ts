/**
 * The five stock cdk-nag packs alone, as the gate runs them (one pass over the tree, sharing each rule's answers), on a
 * generated fleet: `npx tsx bench/stock-packs.ts [tenants=156] [rounds=3]`. Builds and synthesizes the fleet once (no
 * bundling), then times each pack's validation of the whole tree, round after round; prints one line per round and the
 * best round. Less noisy than the `stock` row of bench/synth.mjs (a whole synth), which it complements.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { complianceChecks } from '../lib/compliance/gate/gate';
import { RecordingPack } from '../lib/compliance/gate/recording';
import { platformTopology } from '../lib/compliance/topology';
import { loadPlatformConfig } from '../lib/config/platform-config';
import { buildPlatform } from '../lib/platform';

const tenants = Number(process.argv[2] ?? 156);
const rounds = Number(process.argv[3] ?? 3);
if (!Number.isInteger(tenants) || tenants < 1 || !Number.isInteger(rounds) || rounds < 1) {
  throw new Error(`usage: npx tsx bench/stock-packs.ts [tenants >= 1] [rounds >= 1], got '${process.argv.slice(2).join(' ')}'`);
}

const work = mkdtempSync(join(tmpdir(), 'stock-packs-'));
try {
  const configPath = join(work, 'fleet.json');
  const { subscriptions } = JSON.parse(readFileSync('config/platform.json', 'utf8')).accountBaseline;
  const fleet = Array.from({ length: tenants }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));
  writeFileSync(configPath, JSON.stringify({ accountBaseline: { subscriptions }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: fleet }));
  const context = { ...JSON.parse(readFileSync('cdk.json', 'utf8')).context, 'aws:cdk:bundling-stacks': [] };
  const app = new App({ builtinCloudFormationValidation: false, outdir: join(work, 'out'), context });
  const config = loadPlatformConfig(configPath);
  buildPlatform(app, config);
  app.synth();
  const packs = complianceChecks(app, platformTopology(config)).filter((c): c is RecordingPack => 'tallies' in c);
  const totals: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const times = packs.map((pack) => {
      const start = process.hrtime.bigint();
      pack.validateScope(app);
      return Number(process.hrtime.bigint() - start) / 1e6;
    });
    totals.push(times.reduce((a, b) => a + b, 0));
    console.log(`round ${round}: ${packs.map((p, i) => `${p.name} ${times[i].toFixed(0)} ms`).join(', ')}; total ${totals[round - 1].toFixed(0)} ms`);
  }
  console.log(`${tenants} tenant(s), ${app.node.findAll().length} constructs: the five packs take ${Math.min(...totals).toFixed(0)} ms at best (${rounds} rounds)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
