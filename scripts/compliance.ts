#!/usr/bin/env node
/**
 * `npm run compliance [-- -c tenant=<id>] [-- -c config=<file>]`: a clean synth of the platform with every check of the
 * gate plus the Control Tower proactive controls (cfn-guard), then a one-screen summary. The details are in
 * cdk.out/compliance/report.{html,md,json}.
 *
 * `--output <dir>` uses another output directory than cdk.out. `npm run compliance -- --no-synth` reports on the cdk.out that is there, after checking that it was produced by this
 * command from the current sources and configuration; otherwise it says why and exits non-zero.
 *
 * Exit codes: 0 every control holds; 1 a control fails, a tenant is not isolated, or synth failed; 2 no usable
 * report (nothing synthesized, a stale cdk.out, an invalid configuration).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadPlatformConfig, PlatformConfigError } from '../lib/config/platform-config';
import { ComplianceReport } from '../lib/compliance/report/build';
import { fileSha256, REPO_ROOT, sourceSha256 } from '../lib/compliance/report/provenance';
import { COMPLIANCE_DIR, REPORT_FILES } from '../lib/compliance/report/write';

const args = process.argv.slice(2);
const noSynth = args.includes('--no-synth');
const outputAt = args.findIndex((a) => a === '--output' || a === '-o');
const OUTDIR = outputAt >= 0 && args[outputAt + 1] ? args[outputAt + 1] : 'cdk.out';
const cdkArgs = args.filter((a, i) => a !== '--no-synth' && !(outputAt >= 0 && (i === outputAt || i === outputAt + 1)));
const reportDir = join(OUTDIR, COMPLIANCE_DIR);
let synthExit = 0;
let lastSynthErrors = '';

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

if (!noSynth) {
  // A removed stack's template would otherwise stay behind and look current.
  rmSync(OUTDIR, { recursive: true, force: true });
  const cdk = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  const started = Date.now();
  const synth = spawnSync(cdk, ['synth', '--quiet', '--output', OUTDIR, '-c', 'controlTower=true', ...cdkArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!existsSync(join(reportDir, REPORT_FILES.json))) {
    process.stderr.write((synth.stderr ?? '').split('\n').slice(-40).join('\n'));
    fail(synth.status === 1 ? 2 : synth.status || 2, `\nNo compliance report: synth stopped before the gate ran (exit ${synth.status}, ${seconds} s). Nothing in ${OUTDIR}/ is usable.`);
  }
  synthExit = synth.status ?? 1;
  lastSynthErrors = (synth.stderr ?? '').split('\n').filter((l) => l.trim()).slice(-15).join('\n');
  console.log(`Synthesized with the gate and the Control Tower checks in ${seconds} s${synthExit === 0 ? '' : ` (cdk synth exited ${synthExit})`}.`);
} else {
  checkFreshness();
}

const report = JSON.parse(readFileSync(join(reportDir, REPORT_FILES.json), 'utf8')) as ComplianceReport;
printSummary(report);
if (synthExit !== 0) {
  // Whatever the report says, a synth that failed produced nothing deployable.
  console.error(`\ncdk synth failed (exit ${synthExit}); the last lines it printed:\n${lastSynthErrors}`);
  process.exit(1);
}
process.exit(report.verdict === 'pass' ? 0 : 1);

/** `--no-synth`: the cdk.out must be this command's output for the current sources, configuration and templates. */
function checkFreshness() {
  const rerun = 'Run `npm run compliance` (without --no-synth) to synthesize and check again.';
  if (!existsSync(join(OUTDIR, 'manifest.json'))) {
    fail(2, `${OUTDIR}/ holds no synthesized app. ${rerun}`);
  }
  const path = join(reportDir, REPORT_FILES.json);
  if (!existsSync(path)) {
    fail(2, `${OUTDIR}/ was synthesized without a compliance report (another tool, or a synth that failed early). ${rerun}`);
  }
  const report = JSON.parse(readFileSync(path, 'utf8')) as ComplianceReport;
  if (!report.checks.includes('ControlTower')) {
    fail(2, `${OUTDIR}/ was synthesized by a plain \`cdk synth\`, without the Control Tower checks. ${rerun}`);
  }
  const { configPath, configSha256, sourceSha256: synthesizedSources, templateSha256 } = report.provenance;
  try {
    loadPlatformConfig(configPath);
  } catch (error) {
    if (error instanceof PlatformConfigError) {
      fail(2, `${error.message}\nThe configuration no longer validates, so ${OUTDIR}/ cannot describe it.`);
    }
    throw error;
  }
  if (fileSha256(configPath) !== configSha256) {
    fail(2, `${OUTDIR}/ is stale: ${configPath} changed since it was synthesized. ${rerun}`);
  }
  if (sourceSha256() !== synthesizedSources) {
    fail(2, `${OUTDIR}/ is stale: the sources (bin/, lib/, lambda/, cdk.json, package-lock.json) changed since it was synthesized. ${rerun}`);
  }
  // Top-level templates and those of the pipeline's stages (each in its own assembly directory).
  const templates = readdirSync(OUTDIR, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() && e.name.startsWith('assembly-') ? readdirSync(join(OUTDIR, e.name)).map((f) => `${e.name}/${f}`) : [e.name]))
    .filter((f) => f.endsWith('.template.json'))
    .sort();
  const expected = Object.keys(templateSha256).map((s) => `${s}.template.json`).sort();
  if (templates.join() !== expected.join()) {
    fail(2, `${OUTDIR}/ is stale: its templates (${templates.length}) are not the ones the report was made from (${expected.length}). ${rerun}`);
  }
  for (const [stack, sha] of Object.entries(templateSha256)) {
    if (fileSha256(join(OUTDIR, `${stack}.template.json`)) !== sha) {
      fail(2, `${OUTDIR}/ is stale: ${stack}.template.json changed after the report was made. ${rerun}`);
    }
  }
}

function printSummary(report: ComplianceReport) {
  const c = report.summary.controls;
  const lines: string[] = [];
  lines.push(`Compliance: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}  (${report.controls.length} controls: ${c.holds} hold, ${c['holds-with-acknowledgements']} hold with acknowledgements, ${c.fails} fail, ${c['outside-templates']} proven outside the templates)`);
  lines.push('');
  lines.push('  check                                status   compliant  acknowledged  findings');
  for (const p of report.summary.packs) {
    lines.push(`  ${p.check.padEnd(36)} ${p.status.padEnd(8)} ${String(p.compliant || '').padStart(9)}  ${String(p.acknowledged).padStart(12)}  ${String(p.findings).padStart(8)}`);
  }
  const isolated = report.tenants.filter((t) => t.verdict === 'isolated').length;
  const notIsolated = report.tenants.filter((t) => t.verdict === 'not-isolated');
  lines.push('');
  lines.push(`Tenants: ${isolated} isolated, ${notIsolated.length} not isolated, ${report.tenants.length - isolated - notIsolated.length} not in this synth; ${report.summary.stacks.length} stacks.`);
  for (const t of notIsolated.slice(0, 5)) {
    lines.push(`  NOT ISOLATED ${t.id}: ${t.findings.slice(0, 2).join('; ')}`);
  }
  for (const control of report.controls.filter((k) => k.status === 'fails').slice(0, 8)) {
    lines.push(`  FAILS ${control.framework} ${control.reference} ${control.title}: ${control.findings.length} finding(s)`);
  }
  if (report.findings.length > 0) {
    lines.push('', `Unacknowledged findings (${report.findings.length}, first 8):`);
    for (const f of report.findings.slice(0, 8)) {
      lines.push(`  ${f.ruleId} @ ${f.constructPath ?? f.stack ?? '?'}`);
    }
  }
  lines.push('');
  lines.push(`Report: ${relative('.', join(reportDir, REPORT_FILES.html))} (auditors), ${REPORT_FILES.markdown} (pull requests), ${REPORT_FILES.json} (machines); findings also in ${OUTDIR}/validation-report.json.`);
  console.log(lines.join('\n'));
}
