/** The compliance report as Markdown, for pull requests: the summary tables; the details are in report.html and report.json. */
import { ComplianceReport } from './schema';
import { lifecycleText, regionText, settingsText, STATUS_TEXT, VERDICT_TEXT } from './status-text';

export function renderMarkdown(report: ComplianceReport): string {
  const md: string[] = [];
  const c = report.summary.controls;
  md.push('# Compliance report', '');
  md.push(`**Verdict: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}** · controls: ${c.holds} hold, ${c['holds-with-acknowledgements']} hold with acknowledgements, ${c.fails} fail, ${c['outside-templates']} proven outside the templates.`, '');
  md.push(`Checks: ${report.checks.join(', ')}. Config \`${report.provenance.configPath}\` (sha256 ${report.provenance.configSha256.slice(0, 12)}), sources sha256 ${report.provenance.sourceSha256.slice(0, 12)}.${schemaNote(report)}`, '');
  md.push('## Checks', '', '| check | status | rules | compliant | acknowledged | unacknowledged findings |', '|---|---|---:|---:|---:|---:|');
  for (const p of report.summary.packs) {
    md.push(`| ${p.check} | ${p.status} | ${p.rules || ''} | ${p.compliant || ''} | ${p.acknowledged} | ${p.findings} |`);
  }
  md.push('', '## Controls', '', '| control | title | status | our rules | stock rules | resources | acknowledgements | continuously verified by |', '|---|---|---|---:|---:|---:|---:|---|');
  for (const control of report.controls) {
    const ours = control.checks.filter((k) => k.check.startsWith('TenantBaseline-')).length;
    const stock = control.checks.filter((k) => !k.check.startsWith('TenantBaseline-') && k.check !== 'ControlTower').length;
    md.push(`| ${control.framework} ${control.reference} | ${control.title} | ${STATUS_TEXT[control.status]} | ${ours} | ${stock} | ${control.resources.length} | ${control.acknowledgements.reduce((n, a) => n + a.resources, 0)} | ${control.continuouslyVerifiedBy.length > 0 ? control.continuouslyVerifiedBy.map((c) => c.check.replace(/^AWS Config /, '')).join(', ') : 'synth only'} |`);
  }
  if (report.findings.length > 0) {
    md.push('', '## Unacknowledged findings', '');
    for (const f of report.findings.slice(0, 200)) {
      md.push(`- \`${f.ruleId}\` (${f.check}) on \`${f.constructPath ?? f.stack ?? '?'}\`: ${f.description}`);
    }
    if (report.findings.length > 200) {
      md.push(`- ... and ${report.findings.length - 200} more (report.json)`);
    }
  }
  for (const k of report.independentChecks) {
    md.push('', `## Independent check: ${k.check} (${k.status})`, '', k.description, '');
    for (const a of k.acknowledgements) {
      md.push(`- \`${a.ruleId}\` on ${a.resources} resource(s), \`${a.catalogKey}\`: ${a.reason}`);
    }
  }
  md.push('', '## Alert tiers', '', '| tier | topic | respond within | subscribers | alarms | routes |', '|---|---|---:|---|---|---|');
  for (const a of report.alerting) {
    md.push(`| ${a.tier} | ${a.topic} | ${a.respondWithinMinutes} min | ${a.optOut !== undefined ? `**opted out**: ${a.optOut}` : a.subscribers.join(', ')} | ${a.alarms.join(', ') || '-'} | ${a.routes.join(', ') || '-'} |`);
  }
  md.push('', '## Tenants', '', '| tenant | N | lifecycle | account | region | CIDR | key | API keys and retention | isolation |', '|---|---:|---|---|---|---|---|---|---|');
  for (const t of report.tenants) {
    md.push(`| ${t.id} | ${t.number} | ${lifecycleText(t.lifecycle)} | ${t.account ?? 'any (not placed)'} | ${regionText(t.region)} | ${t.templateCidr ?? t.plannedCidr} | ${t.key ? `\`${t.key.alias}\`` : '-'} | ${settingsText(t.settings)} | ${VERDICT_TEXT[t.verdict]}${t.findings.length ? `: ${t.findings.slice(0, 3).join('; ')}` : ''} |`);
  }
  md.push('', '## Stacks', '', '| stack | role | resources | judged by TenantBaseline | findings | acknowledgements |', '|---|---|---:|---:|---:|---:|');
  for (const s of report.summary.stacks) {
    md.push(`| ${s.stack} | ${s.role} | ${s.resources} | ${s.judgements} | ${s.findings} | ${s.acknowledgements} |`);
  }
  md.push('', '## Acknowledgements, per rule and reviewed entry', '', '| rule | entry | owner | review by | resources | stacks | reason |', '|---|---|---|---|---:|---|---|');
  for (const a of report.acknowledgementGroups) {
    md.push(`| \`${a.ruleId}\` | \`${a.catalogKey}\` | ${a.owner ?? '-'} | ${a.reviewBy ?? '-'} | ${a.resources} | ${a.stacks.length} | ${a.reason.replace(/\|/g, '\\|')} |`);
  }
  md.push('', `## What the model judges`, '', `Resources of a type no plan names: ${report.model.unplannedResources.length}${report.model.unplannedResources.length ? ` (${report.model.unplannedResources.join(', ')})` : ''}.`, '', '| resource type | resources | our rules | properties judged |', '|---|---:|---|---|');
  for (const t of report.model.types) {
    md.push(`| ${t.type} | ${t.resources} | ${t.rules.join(', ')} | ${t.judgedProperties.map((p) => `\`${p}\``).join(', ') || '(the resource itself)'} |`);
  }
  md.push('', `Acknowledgements that matched no finding of a check that ran: ${report.unusedAcknowledgements.length} (listed in report.html and report.json; review and narrow them).`);
  md.push('', 'Per-control resources, checks and every acknowledgement with its reason: `report.html` and `report.json`.', '');
  return md.join('\n');
}

/** Where the schema validation's reports came from, when it ran. */
function schemaNote(report: ComplianceReport): string {
  const schema = report.provenance.schemaValidation;
  return schema ? ` Schema validation: ${schema.templates} template(s), ${schema.fromCache} report(s) reused from earlier runs (same template text, stack, engine and rules).` : '';
}
