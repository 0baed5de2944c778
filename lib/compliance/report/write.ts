import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PlatformConfig } from '../../config/platform-config';
import { AcknowledgementRecord, collectAcknowledgements } from '../gate/acknowledgement-audit';
import { ACKNOWLEDGEMENTS, AcknowledgementEntry } from '../../acknowledgements/catalog';
import { buildComplianceReport } from './build';
import { ComplianceGate } from '../gate/gate';
import { fileSha256, sourceSha256 } from './provenance';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { ValidationReportJson } from './report-inputs';
import { ComplianceReport, Provenance } from './schema';
import { StackTemplate } from '../rules';

/** The directory inside the cloud assembly where the gate writes what it found. */
export const COMPLIANCE_DIR = 'compliance';
export const REPORT_FILES = { json: 'report.json', markdown: 'report.md', html: 'report.html' } as const;

/**
 * Writes the register of acknowledged findings to `<outdir>/compliance/`: JSON (stable ordering) for machines and
 * Markdown for a reviewer, one section per catalog entry with every resource it was attached to.
 */
export function writeAcknowledgementRegister(root: IConstruct, outdir: string, checks: readonly string[], records: AcknowledgementRecord[] = collectAcknowledgements(root)): string {
  const dir = join(outdir, COMPLIANCE_DIR);
  mkdirSync(dir, { recursive: true });
  const entries = Object.entries(ACKNOWLEDGEMENTS as Record<string, AcknowledgementEntry>).sort(([a], [b]) => a.localeCompare(b));
  const register = {
    checks,
    acknowledgements: records,
    catalog: entries.map(([key, entry]) => ({
      key,
      ...entry,
      appliedTo: [...new Set(records.filter((r) => r.catalogKey === key).map((r) => r.constructPath))],
    })),
  };
  writeFileSync(join(dir, 'acknowledgements.json'), JSON.stringify(register, undefined, 2) + '\n');

  const md: string[] = ['# Acknowledged compliance findings', '', `Checks run: ${checks.join(', ')}.`, ''];
  md.push(`${records.length} acknowledgement(s) of ${register.catalog.length} reviewed catalog entr${register.catalog.length === 1 ? 'y' : 'ies'} (lib/acknowledgements/catalog.ts).`, '');
  for (const entry of register.catalog) {
    md.push(`## ${entry.key}`, '', `- Rules: ${entry.ruleIds.map((r) => `\`${r}\``).join(', ')}`, `- Resource types: ${entry.resourceTypes.join(', ')}`, `- Reason: ${entry.reason}`);
    md.push(`- Attached to (${entry.appliedTo.length}):`, ...entry.appliedTo.map((p) => `  - \`${p}\``), '');
  }
  const mdPath = join(dir, 'acknowledgements.md');
  writeFileSync(mdPath, md.join('\n'));
  return mdPath;
}

export interface WriteReportOptions {
  readonly config: PlatformConfig;
  readonly configPath: string;
  /** The tenants of a `-c tenant=` synth; undefined for the whole platform. */
  readonly onlyTenants?: readonly string[];
}

/** The app's stacks, those in CDK Stages (the delivery pipeline's deployment stages) included, in construct order. */
export function platformStacks(app: App): Stack[] {
  return app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
}

/**
 * After `app.synth()`: the acknowledgement register and the compliance report (JSON, Markdown, HTML) in
 * `<outdir>/compliance/`, from the written templates, the CDK's validation report and the gate's evaluations.
 */
export function writeComplianceReport(app: App, gate: ComplianceGate, options: WriteReportOptions): ComplianceReport {
  const outdir = app.outdir;
  const records = collectAcknowledgements(app);
  writeAcknowledgementRegister(app, outdir, gate.checks, records);
  const stacks = platformStacks(app)
    .map((stack) => ({ name: stack.stackName, path: join(Stage.of(stack)!.outdir, stack.templateFile), region: Token.isUnresolved(stack.region) ? undefined : stack.region }))
    .map(({ name, path, region }) => ({ name, path, template: JSON.parse(readFileSync(path, 'utf8')) as StackTemplate, ...(region !== undefined ? { region } : {}) }));
  const validationPath = join(outdir, 'validation-report.json');
  const provenance: Provenance = {
    configPath: options.configPath,
    configSha256: fileSha256(options.configPath),
    sourceSha256: sourceSha256(),
    tenants: options.onlyTenants ? [...options.onlyTenants] : 'all',
    templateSha256: Object.fromEntries(stacks.map((s) => [relative(outdir, s.path).replace(/\.template\.json$/, ''), fileSha256(s.path)]).sort(([a], [b]) => a.localeCompare(b))),
    schemaValidation: { templates: gate.schemaValidation.lastTemplates, fromCache: gate.schemaValidation.lastCached },
  };
  const report = buildComplianceReport({
    config: options.config,
    provenance,
    stacks,
    checks: gate.checks,
    evaluations: gate.tenantBaseline.evaluations,
    stockTallies: new Map(gate.stockPacks.map((p) => [p.readPackName, [...p.tallies.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId))])),
    acknowledgements: records,
    usedAcknowledgements: new Set([...gate.tenantBaseline.usedAcknowledgements, ...gate.stockPacks.flatMap((p) => [...p.usedAcknowledgements])]),
    ...(gate.controlTowerChecks?.cache ? { controlTowerCache: { reused: gate.controlTowerChecks.cache.hits, evaluated: gate.controlTowerChecks.cache.misses } } : {}),
    ...(existsSync(validationPath) ? { validationReport: JSON.parse(readFileSync(validationPath, 'utf8')) as ValidationReportJson } : {}),
  });
  const dir = join(outdir, COMPLIANCE_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, REPORT_FILES.json), JSON.stringify(report, undefined, 2) + '\n');
  writeFileSync(join(dir, REPORT_FILES.markdown), renderMarkdown(report));
  writeFileSync(join(dir, REPORT_FILES.html), renderHtml(report));
  return report;
}
