/**
 * The compliance report as one self-contained HTML page, for auditors: no scripts, no external resources, a network
 * picture drawn as inline SVG.
 */
import { groupResources, stackLabel } from './group-resources';
import { esc } from './html-escape';
import { networkSvg } from './network-picture';
import { REPORT_CSS } from './report-css';
import { AcknowledgementGroup, ComplianceReport, ControlResult, FindingRef } from './schema';
import { lifecycleText, regionText, settingsText, STATUS_TEXT, VERDICT_TEXT } from './status-text';

function badge(status: string, text: string): string {
  return `<span class="badge ${esc(status)}">${esc(text)}</span>`;
}

function acknowledgementItem(a: AcknowledgementGroup): string {
  return `<li><code>${esc(a.ruleId)}</code> on ${a.resources} resource(s) in ${esc(stackLabel(a.stacks))} (<code>${esc(a.catalogKey)}</code>): ${esc(a.reason)}</li>`;
}

/** Every acknowledgement, one row per rule and reviewed entry: the shape of what was accepted, not a wall of resources. */
function acknowledgementGroupsSection(report: ComplianceReport): string {
  const rows = report.acknowledgementGroups
    .map((a) => `<tr><td><code>${esc(a.ruleId)}</code></td><td><code>${esc(a.catalogKey)}</code></td><td>${esc(a.owner ?? '-')}</td><td>${esc(a.reviewBy ?? '-')}</td><td class="n">${a.resources}</td><td>${esc(stackLabel(a.stacks))}</td><td>${esc(a.reason)}</td></tr>`)
    .join('');
  return `<h2>Acknowledgements, per rule and reviewed entry (${report.acknowledgementGroups.length})</h2>
<table><thead><tr><th>rule</th><th>entry</th><th>owner</th><th>review by</th><th>resources</th><th>stacks</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What the positive model judges per resource type, and the resources no plan names. */
function modelSection(report: ComplianceReport): string {
  const rows = report.model.types
    .map((t) => `<tr><td><code>${esc(t.type)}</code></td><td class="n">${t.resources}</td><td>${esc(t.rules.join(', '))}</td><td>${t.judgedProperties.map((p) => `<code>${esc(p)}</code>`).join(' ') || '(the resource itself)'}</td></tr>`)
    .join('');
  const unplanned = report.model.unplannedResources;
  return `<h2>What the model judges</h2>
<p>Resources of a type no plan names: <b>${unplanned.length}</b>${unplanned.length ? `: ${unplanned.map((u) => `<code>${esc(u)}</code>`).join(', ')}` : ''}. Properties listed are those the rules declare they judge; <code>npm run gate:mutate</code> changes each of them in every resource and checks that the gate fails.</p>
<details><summary>${report.model.types.length} resource types</summary><table><thead><tr><th>type</th><th>resources</th><th>our rules</th><th>properties judged</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function findingItem(f: FindingRef): string {
  return `<li><code>${esc(f.ruleId)}</code> on <code>${esc(f.constructPath ?? f.stack ?? '?')}</code>: ${esc(f.description)}</li>`;
}

function controlSection(control: ControlResult): string {
  const rows = control.checks
    .map((k) => `<tr><td><code>${esc(k.check)}</code></td><td>${badge(k.status, k.status)}</td><td class="n">${k.compliant}</td><td class="n">${k.acknowledged}</td><td class="n">${k.findings}</td></tr>`)
    .join('');
  const groups = groupResources(control.resources)
    .map((g) => `<details><summary>${esc(stackLabel(g.stacks))}: ${g.resources.length} resource(s)</summary><ul class="cols">${g.resources.map((r) => `<li><code>${esc(r.logicalId)}</code> <span class="type">${esc(r.type)}</span></li>`).join('')}</ul></details>`)
    .join('');
  const ackList = control.acknowledgements.map(acknowledgementItem).join('');
  const findings = control.findings.map(findingItem).join('');
  const outside = control.evidenceOutsideTemplates.map((e) => `<li>${esc(e)}</li>`).join('');
  const continuous = control.continuouslyVerifiedBy.map((c) => `<li><code>${esc(c.check)}</code>: ${esc(c.when)}</li>`).join('');
  return `<section class="control ${control.status}" id="${esc(control.id)}">
<h3>${badge(control.status, STATUS_TEXT[control.status])} ${esc(control.framework)} ${esc(control.reference)}: ${esc(control.title)}</h3>
<p class="text">${esc(control.text)}</p>
${findings ? `<h4>Unacknowledged findings</h4><ul class="findings">${findings}</ul>` : ''}
<details${control.status === 'fails' ? ' open' : ''}><summary>Checks that prove it (${control.checks.length})</summary>
<table><thead><tr><th>check</th><th>status</th><th>compliant</th><th>acknowledged</th><th>findings</th></tr></thead><tbody>${rows}</tbody></table></details>
<details><summary>Resources that implement it (${control.resources.length}, judged by our rules)</summary>${groups || '<p>None: no template rule of ours maps here.</p>'}</details>
${ackList ? `<details><summary>Acknowledgements (${control.acknowledgements.reduce((n, a) => n + a.resources, 0)} on resources, ${control.acknowledgements.length} rule/entry pairs)</summary><ul>${ackList}</ul></details>` : ''}
${outside ? `<h4>Proven by tests outside the templates</h4><ul>${outside}</ul>` : ''}
<h4>Continuously verified after deploy</h4>${continuous ? `<ul>${continuous}</ul>` : '<p>Not re-proved after the synth: proved by the templates only.</p>'}
</section>`;
}

function packRows(report: ComplianceReport): string {
  return report.summary.packs
    .map((p) => `<tr><td>${esc(p.check)}</td><td>${badge(p.status, p.status)}</td><td class="n">${p.rules || ''}</td><td class="n">${p.compliant || ''}</td><td class="n">${p.acknowledged}</td><td class="n">${p.findings}</td></tr>`)
    .join('');
}

function stackRows(report: ComplianceReport): string {
  return report.summary.stacks
    .map((s) => `<tr><td>${esc(s.stack)}</td><td>${esc(s.role)}</td><td class="n">${s.resources}</td><td class="n">${s.judgements}</td><td class="n">${s.findings}</td><td class="n">${s.acknowledgements}</td></tr>`)
    .join('');
}

function tenantRows(report: ComplianceReport): string {
  return report.tenants
    .map(
      (t) =>
        `<tr><td>${esc(t.id)}</td><td class="n">${t.number}</td><td>${esc(lifecycleText(t.lifecycle))}</td><td>${esc(t.account ?? 'any (not placed)')}</td><td>${esc(regionText(t.region))}</td><td><code>${esc(t.templateCidr ?? t.plannedCidr)}</code></td><td>${t.key ? `<code>${esc(t.key.alias)}</code>` : '-'}</td><td>${esc(settingsText(t.settings))}</td><td>${badge(t.verdict, VERDICT_TEXT[t.verdict])}${t.findings.length ? `<ul>${t.findings.map((f) => `<li><code>${esc(f)}</code></li>`).join('')}</ul>` : ''}</td></tr>`,
    )
    .join('');
}

function controlsByFramework(report: ComplianceReport): string {
  return ['SOC 2', 'HIPAA', 'GDPR', 'Platform']
    .map((fw) => {
      const list = report.controls.filter((k) => k.framework === fw);
      return `<h2 id="fw-${esc(fw.replace(/\s/g, ''))}">${esc(fw === 'Platform' ? 'Platform requirements (DESIGN.md)' : fw === 'HIPAA' ? 'HIPAA Security Rule, 45 CFR 164.312' : fw === 'SOC 2' ? 'SOC 2 Trust Services Criteria' : 'GDPR')}</h2>${list.map(controlSection).join('\n')}`;
    })
    .join('\n');
}

function overview(report: ComplianceReport): string {
  return report.controls.map((k) => `<a href="#${esc(k.id)}" class="chip ${k.status}" title="${esc(STATUS_TEXT[k.status])}">${esc(k.framework === 'Platform' ? k.reference : `${k.framework} ${k.reference}`)}</a>`).join(' ');
}

function allFindings(report: ComplianceReport): string {
  return report.findings.length
    ? `<section class="findings-all"><h2>Unacknowledged findings (${report.findings.length})</h2><ul class="findings">${report.findings
        .slice(0, 500)
        .map((f) => `<li><code>${esc(f.ruleId)}</code> (${esc(f.check)}) on <code>${esc(f.constructPath ?? f.stack ?? '?')}</code>: ${esc(f.description)}</li>`)
        .join('')}</ul></section>`
    : '';
}

function independentCheckSections(report: ComplianceReport): string {
  return report.independentChecks
    .map(
      (k) => `<h2>Independent check: ${esc(k.check)} ${badge(k.status, k.status)}</h2><p>${esc(k.description)}</p>
${k.findings.length ? `<ul class="findings">${k.findings.map(findingItem).join('')}</ul>` : ''}
<details><summary>Acknowledgements (${k.acknowledgements.reduce((n, a) => n + a.resources, 0)} on resources, ${k.acknowledgements.length} rule/entry pairs)</summary><ul>${k.acknowledgements.map(acknowledgementItem).join('')}</ul></details>`,
    )
    .join('\n');
}

function pageHead(report: ComplianceReport): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>tenant-baseline compliance report: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</title>
<style>
${REPORT_CSS}
</style></head>`;
}

/** One row per alert tier; a tier that opted out of subscribers is shown as failing, with its reason. */
function alertingRows(report: ComplianceReport): string {
  return report.alerting
    .map((a) => {
      const who = a.optOut !== undefined ? `${badge('fails', 'opted out')} ${esc(a.optOut)}` : a.subscribers.map((s) => `<code>${esc(s)}</code>`).join('<br>');
      return `<tr><td>${esc(a.tier)}</td><td><code>${esc(a.topic)}</code></td><td>${a.respondWithinMinutes} min</td><td>${who}</td><td>${a.alarms.map((x) => `<code>${esc(x)}</code>`).join(' ') || '-'}</td><td>${a.routes.map((x) => `<code>${esc(x)}</code>`).join(' ') || '-'}</td></tr>`;
    })
    .join('');
}

export function renderHtml(report: ComplianceReport): string {
  const c = report.summary.controls;
  return `${pageHead(report)}<body>
<h1>Compliance report</h1>
<p class="sub">tenant-baseline · config <code>${esc(report.provenance.configPath)}</code> (sha256 ${esc(report.provenance.configSha256.slice(0, 12))}) · sources sha256 ${esc(report.provenance.sourceSha256.slice(0, 12))} · tenants in this synth: ${esc(report.provenance.tenants === 'all' ? 'all' : report.provenance.tenants.join(', '))}</p>
<p><span class="verdict ${report.verdict}">${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</span></p>
<div class="cards">
<div class="card holds"><b>${c.holds}</b>controls hold</div>
<div class="card holds-with-acknowledgements"><b>${c['holds-with-acknowledgements']}</b>hold with acknowledgements</div>
<div class="card fails"><b>${c.fails}</b>fail</div>
<div class="card outside-templates"><b>${c['outside-templates']}</b>proven outside the templates</div>
<div class="card"><b>${report.findings.length}</b>unacknowledged findings</div>
<div class="card"><b>${report.acknowledgements.length}</b>acknowledgements</div>
</div>
<p>${overview(report)}</p>
${allFindings(report)}
<h2>Network</h2>
${networkSvg(report)}
<h2>Checks</h2>
<table><thead><tr><th>check</th><th>status</th><th>rules</th><th>compliant judgements</th><th>acknowledged</th><th>unacknowledged findings</th></tr></thead><tbody>${packRows(report)}</tbody></table>
${independentCheckSections(report)}
<h2>Alert tiers</h2>
<table><thead><tr><th>tier</th><th>topic</th><th>respond within</th><th>subscribers</th><th>alarms</th><th>routes</th></tr></thead><tbody>${alertingRows(report)}</tbody></table>
<h2>Tenants</h2>
<table><thead><tr><th>tenant</th><th>N</th><th>lifecycle</th><th>account</th><th>region</th><th>VPC CIDR</th><th>key</th><th>API keys and retention</th><th>isolation</th></tr></thead><tbody>${tenantRows(report)}</tbody></table>
<h2>Stacks</h2>
<table><thead><tr><th>stack</th><th>role</th><th>resources</th><th>judged by TenantBaseline</th><th>findings</th><th>acknowledgements</th></tr></thead><tbody>${stackRows(report)}</tbody></table>
${controlsByFramework(report)}
${modelSection(report)}
${acknowledgementGroupsSection(report)}
<h2>Acknowledgements that matched no finding (${report.unusedAcknowledgements.length})</h2>
<p>Attached through a catalog entry, but no check that ran in this synth reported the finding there: the entry is wider than needed on that resource, or the finding was fixed. Informational; review and narrow.</p>
<details><summary>List</summary><ul>${report.unusedAcknowledgements.map((a) => `<li><code>${esc(a.ruleId)}</code> (<code>${esc(a.catalogKey)}</code>) on <code>${esc(a.constructPath)}</code></li>`).join('')}</ul></details>
<p class="sub">Generated from the synthesized templates by <code>npm run compliance</code>. Machine-readable: <code>report.json</code>; for pull requests: <code>report.md</code>.</p>
</body></html>
`;
}
