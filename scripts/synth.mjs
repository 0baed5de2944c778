#!/usr/bin/env node
// `npm run synth [-- -c tenant=<id>] [-- -c config=<file>]`: a clean synth of the platform with the compliance gate,
// then a short summary of where the templates and the gate's reports are. Exits non-zero if the gate fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const outdir = 'cdk.out';
// cdk.out is not cleaned between synths; a removed stack's template would otherwise stay behind and look current.
rmSync(outdir, { recursive: true, force: true });

const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
const cdk = join('node_modules', '.bin', 'cdk');
const result = spawnSync(cdk, ['synth', '--quiet', '--output', outdir, ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'pipe'], env, encoding: 'utf8' });
const stderr = result.stderr ?? '';

const reportPath = join(outdir, 'validation-report.json');
if (!existsSync(reportPath)) {
  process.stderr.write(stderr);
  console.error(`\nsynth failed before the compliance gate ran (exit ${result.status}); nothing in ${outdir}/ is usable.`);
  process.exit(result.status || 1);
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort();
let findings = 0;
const lines = [];
const registerJson = join(outdir, 'compliance', 'acknowledgements.json');
const checks = existsSync(registerJson) ? JSON.parse(readFileSync(registerJson, 'utf8')).checks : [];
const failing = new Set(report.pluginReports.filter((p) => p.conclusion !== 'success').map((p) => p.pluginName));
for (const plugin of report.pluginReports) {
  const count = (plugin.violations ?? []).reduce((n, v) => n + (v.violatingConstructs?.length ?? v.violatingResources?.length ?? 1), 0);
  findings += count;
  lines.push(`  FAIL  ${plugin.pluginName}${count ? ` (${count} unacknowledged finding${count === 1 ? '' : 's'})` : ''}`);
}
const normal = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
for (const check of checks) {
  if (![...failing].some((name) => normal(check).startsWith(normal(name)))) {
    lines.push(`  pass  ${check}`);
  }
}
if (findings > 0 || result.status !== 0) {
  // The CDK prints every finding on stderr; at fleet scale that is long, so show it only when something failed.
  process.stderr.write(stderr);
}
console.log(`\nTemplates (${templates.length}): ${relative('.', outdir)}/${templates.length > 3 ? `{${templates.slice(0, 3).join(', ')}, ...}` : `{${templates.join(', ')}}`}`);
console.log('Compliance gate:');
console.log(lines.join('\n'));
console.log(`Gate report:        ${reportPath}`);
const register = join(outdir, 'compliance', 'acknowledgements.md');
if (existsSync(register)) {
  console.log(`Acknowledgements:   ${register} (reviewed list: lib/acknowledgements/catalog.ts)`);
}
const html = join(outdir, 'compliance', 'report.html');
if (existsSync(html)) {
  console.log(`Compliance report:  ${html} (without the Control Tower checks; \`npm run compliance\` runs them too)`);
}
if (result.status !== 0 || findings > 0) {
  console.error(`\nThe compliance gate FAILED: ${findings} unacknowledged finding(s). Fix them, or acknowledge with a reviewed reason.`);
  process.exit(result.status || 1);
}
console.log('\nThe compliance gate passed: zero unacknowledged findings, zero schema-validation errors.');
