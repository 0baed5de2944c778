/**
 * The compliance report as Markdown (for pull requests) and as one self-contained HTML page (for auditors): no
 * scripts, no external resources, a network picture drawn as inline SVG.
 */
import { AcknowledgementGroup, ComplianceReport, ControlResult, ControlStatus, FindingRef, IsolationVerdict, ResourceRef } from './build';

const STATUS_TEXT: Record<ControlStatus, string> = {
  holds: 'holds',
  'holds-with-acknowledgements': 'holds, with acknowledgements',
  fails: 'FAILS',
  'outside-templates': 'proven outside the templates',
};

const VERDICT_TEXT: Record<IsolationVerdict, string> = { isolated: 'isolated', 'not-isolated': 'NOT ISOLATED', 'not-synthesized': 'not in this synth' };

/**
 * Resources grouped for reading: tenant stacks built from the same code have the same logical ids, so identical
 * tenant lists are shown once with the stacks they occur in.
 */
export function groupResources(resources: readonly ResourceRef[]): { stacks: string[]; resources: { logicalId: string; type: string }[] }[] {
  const perStack = new Map<string, { logicalId: string; type: string }[]>();
  for (const r of resources) {
    perStack.set(r.stack, [...(perStack.get(r.stack) ?? []), { logicalId: r.logicalId, type: r.type }]);
  }
  const groups = new Map<string, { stacks: string[]; resources: { logicalId: string; type: string }[] }>();
  for (const [stack, list] of perStack) {
    const key = `${stack.startsWith('Tenant-') ? 'tenant' : stack}\u0000${list.map((r) => `${r.logicalId}:${r.type}`).join('|')}`;
    const group = groups.get(key) ?? { stacks: [], resources: list };
    group.stacks.push(stack);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function stackLabel(stacks: readonly string[]): string {
  return stacks.length <= 3 ? stacks.join(', ') : `${stacks.length} tenant stacks (${stacks.slice(0, 2).join(', ')}, ... ${stacks[stacks.length - 1]})`;
}

export function renderMarkdown(report: ComplianceReport): string {
  const md: string[] = [];
  const c = report.summary.controls;
  md.push('# Compliance report', '');
  md.push(`**Verdict: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}** · controls: ${c.holds} hold, ${c['holds-with-acknowledgements']} hold with acknowledgements, ${c.fails} fail, ${c['outside-templates']} proven outside the templates.`, '');
  md.push(`Checks: ${report.checks.join(', ')}. Config \`${report.provenance.configPath}\` (sha256 ${report.provenance.configSha256.slice(0, 12)}), sources sha256 ${report.provenance.sourceSha256.slice(0, 12)}.`, '');
  md.push('## Checks', '', '| check | status | rules | compliant | acknowledged | unacknowledged findings |', '|---|---|---:|---:|---:|---:|');
  for (const p of report.summary.packs) {
    md.push(`| ${p.check} | ${p.status} | ${p.rules || ''} | ${p.compliant || ''} | ${p.acknowledged} | ${p.findings} |`);
  }
  md.push('', '## Controls', '', '| control | title | status | our rules | stock rules | resources | acknowledgements |', '|---|---|---|---:|---:|---:|---:|');
  for (const control of report.controls) {
    const ours = control.checks.filter((k) => k.check.startsWith('TenantBaseline-')).length;
    const stock = control.checks.filter((k) => !k.check.startsWith('TenantBaseline-') && k.check !== 'ControlTower').length;
    md.push(`| ${control.framework} ${control.reference} | ${control.title} | ${STATUS_TEXT[control.status]} | ${ours} | ${stock} | ${control.resources.length} | ${control.acknowledgements.reduce((n, a) => n + a.resources, 0)} |`);
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
  md.push('', '## Tenants', '', '| tenant | N | CIDR | key | isolation |', '|---|---:|---|---|---|');
  for (const t of report.tenants) {
    md.push(`| ${t.id} | ${t.number} | ${t.templateCidr ?? t.plannedCidr} | ${t.key ? `\`${t.key.alias}\`` : '-'} | ${VERDICT_TEXT[t.verdict]}${t.findings.length ? `: ${t.findings.slice(0, 3).join('; ')}` : ''} |`);
  }
  md.push('', '## Stacks', '', '| stack | role | resources | judged by TenantBaseline | findings | acknowledgements |', '|---|---|---:|---:|---:|---:|');
  for (const s of report.summary.stacks) {
    md.push(`| ${s.stack} | ${s.role} | ${s.resources} | ${s.judgements} | ${s.findings} | ${s.acknowledgements} |`);
  }
  md.push('', `Acknowledgements that matched no finding of a check that ran: ${report.unusedAcknowledgements.length} (listed in report.html and report.json; review and narrow them).`);
  md.push('', 'Per-control resources, checks and every acknowledgement with its reason: `report.html` and `report.json`.', '');
  return md.join('\n');
}

const esc = (text: unknown) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function badge(status: string, text: string): string {
  return `<span class="badge ${esc(status)}">${esc(text)}</span>`;
}

function acknowledgementItem(a: AcknowledgementGroup): string {
  return `<li><code>${esc(a.ruleId)}</code> on ${a.resources} resource(s) in ${esc(stackLabel(a.stacks))} (<code>${esc(a.catalogKey)}</code>): ${esc(a.reason)}</li>`;
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
  return `<section class="control ${control.status}" id="${esc(control.id)}">
<h3>${badge(control.status, STATUS_TEXT[control.status])} ${esc(control.framework)} ${esc(control.reference)}: ${esc(control.title)}</h3>
<p class="text">${esc(control.text)}</p>
${findings ? `<h4>Unacknowledged findings</h4><ul class="findings">${findings}</ul>` : ''}
<details${control.status === 'fails' ? ' open' : ''}><summary>Checks that prove it (${control.checks.length})</summary>
<table><thead><tr><th>check</th><th>status</th><th>compliant</th><th>acknowledged</th><th>findings</th></tr></thead><tbody>${rows}</tbody></table></details>
<details><summary>Resources that implement it (${control.resources.length}, judged by our rules)</summary>${groups || '<p>None: no template rule of ours maps here.</p>'}</details>
${ackList ? `<details><summary>Acknowledgements (${control.acknowledgements.reduce((n, a) => n + a.resources, 0)} on resources, ${control.acknowledgements.length} rule/entry pairs)</summary><ul>${ackList}</ul></details>` : ''}
${outside ? `<h4>Proven by tests outside the templates</h4><ul>${outside}</ul>` : ''}
</section>`;
}

/** The hub, the control plane and every tenant, with the only permitted direction of connection. */
export function networkSvg(report: ComplianceReport): string {
  const tenants = report.network.tenants;
  const columns = Math.min(12, Math.max(1, Math.ceil(Math.sqrt(tenants.length * 2))));
  const cell = { w: 96, h: 40, gap: 8 };
  const rows = Math.max(1, Math.ceil(tenants.length / columns));
  const gridX = 520;
  const gridHeight = rows * (cell.h + cell.gap);
  const width = Math.max(960, gridX + columns * (cell.w + cell.gap) + 20);
  const height = Math.max(240, 70 + gridHeight + 20);
  const mid = height / 2;
  const gridTop = Math.max(60, mid - gridHeight / 2);
  const boxes = tenants
    .map((t, i) => {
      const x = gridX + (i % columns) * (cell.w + cell.gap);
      const y = gridTop + Math.floor(i / columns) * (cell.h + cell.gap);
      return `<g><title>${esc(`${t.id}: ${t.cidr}, ${VERDICT_TEXT[t.verdict]}`)}</title><rect x="${x}" y="${y}" width="${cell.w}" height="${cell.h}" rx="6" class="tenant ${t.verdict}"/><text x="${x + cell.w / 2}" y="${y + 17}" class="label">${esc(t.id.slice(0, 12))}</text><text x="${x + cell.w / 2}" y="${y + 32}" class="small">${esc(t.cidr)}</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Network: the control plane reaches tenants through the hub; tenants reach no other tenant">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>
<rect x="20" y="${mid - 45}" width="170" height="90" rx="8" class="cp"/><text x="105" y="${mid - 12}" class="label">Control plane</text><text x="105" y="${mid + 8}" class="small">${esc(report.network.controlPlaneCidr)}</text><text x="105" y="${mid + 26}" class="small">${report.network.api ? 'API: TLS 1.3, WAF' : 'no public API'}</text>
<rect x="250" y="${mid - 45}" width="160" height="90" rx="45" class="hub"/><text x="330" y="${mid - 8}" class="label">Transit gateway</text><text x="330" y="${mid + 12}" class="small">2 route tables, one way</text>
<line x1="190" y1="${mid}" x2="248" y2="${mid}" class="flow" marker-end="url(#arrow)"/>
<line x1="410" y1="${mid}" x2="${gridX - 6}" y2="${mid}" class="flow" marker-end="url(#arrow)"/>
<text x="${(410 + gridX) / 2}" y="${mid - 10}" class="small">TCP 5678 only</text>
<text x="${gridX}" y="${gridTop - 16}" class="heading">Tenants (${tenants.length}): each 10.(100+N).0.0/16, no route to one another</text>
${boxes}
</svg>`;
}

export function renderHtml(report: ComplianceReport): string {
  const c = report.summary.controls;
  const packRows = report.summary.packs
    .map((p) => `<tr><td>${esc(p.check)}</td><td>${badge(p.status, p.status)}</td><td class="n">${p.rules || ''}</td><td class="n">${p.compliant || ''}</td><td class="n">${p.acknowledged}</td><td class="n">${p.findings}</td></tr>`)
    .join('');
  const stackRows = report.summary.stacks
    .map((s) => `<tr><td>${esc(s.stack)}</td><td>${esc(s.role)}</td><td class="n">${s.resources}</td><td class="n">${s.judgements}</td><td class="n">${s.findings}</td><td class="n">${s.acknowledgements}</td></tr>`)
    .join('');
  const tenantRows = report.tenants
    .map(
      (t) =>
        `<tr><td>${esc(t.id)}</td><td class="n">${t.number}</td><td><code>${esc(t.templateCidr ?? t.plannedCidr)}</code></td><td>${t.key ? `<code>${esc(t.key.alias)}</code>` : '-'}</td><td>${badge(t.verdict, VERDICT_TEXT[t.verdict])}${t.findings.length ? `<ul>${t.findings.map((f) => `<li><code>${esc(f)}</code></li>`).join('')}</ul>` : ''}</td></tr>`,
    )
    .join('');
  const byFramework = ['SOC 2', 'HIPAA', 'GDPR', 'Platform']
    .map((fw) => {
      const list = report.controls.filter((k) => k.framework === fw);
      return `<h2 id="fw-${esc(fw.replace(/\s/g, ''))}">${esc(fw === 'Platform' ? 'Platform requirements (DESIGN.md)' : fw === 'HIPAA' ? 'HIPAA Security Rule, 45 CFR 164.312' : fw === 'SOC 2' ? 'SOC 2 Trust Services Criteria' : 'GDPR')}</h2>${list.map(controlSection).join('\n')}`;
    })
    .join('\n');
  const overview = report.controls.map((k) => `<a href="#${esc(k.id)}" class="chip ${k.status}" title="${esc(STATUS_TEXT[k.status])}">${esc(k.framework === 'Platform' ? k.reference : `${k.framework} ${k.reference}`)}</a>`).join(' ');
  const findings = report.findings.length
    ? `<section class="findings-all"><h2>Unacknowledged findings (${report.findings.length})</h2><ul class="findings">${report.findings
        .slice(0, 500)
        .map((f) => `<li><code>${esc(f.ruleId)}</code> (${esc(f.check)}) on <code>${esc(f.constructPath ?? f.stack ?? '?')}</code>: ${esc(f.description)}</li>`)
        .join('')}</ul></section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>tenant-baseline compliance report: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#1b1f24;background:#fff}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:2px solid #d0d7de;padding-bottom:4px}h3{margin:0 0 6px;font-size:17px}h4{margin:10px 0 4px}
.sub{color:#57606a;margin:0 0 18px}code{font:13px/1.3 ui-monospace,"DejaVu Sans Mono",monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px}
.verdict{display:inline-block;font-size:22px;font-weight:700;padding:6px 16px;border-radius:8px;color:#fff}.verdict.pass{background:#1a7f37}.verdict.fail{background:#cf222e}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:150px}.card b{display:block;font-size:26px}
.card.holds b{color:#1a7f37}.card.holds-with-acknowledgements b{color:#9a6700}.card.fails b{color:#cf222e}.card.outside-templates b{color:#0969da}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #eaeef2;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff;background:#57606a;white-space:nowrap}
.badge.holds,.badge.pass,.badge.isolated{background:#1a7f37}.badge.holds-with-acknowledgements{background:#9a6700}.badge.fails,.badge.fail,.badge.not-isolated{background:#cf222e}.badge.outside-templates{background:#0969da}.badge.not-run,.badge.not-synthesized{background:#6e7781}
.control{border:1px solid #d0d7de;border-left:6px solid #1a7f37;border-radius:6px;padding:12px 16px;margin:12px 0}.control.fails{border-left-color:#cf222e}.control.holds-with-acknowledgements{border-left-color:#9a6700}.control.outside-templates{border-left-color:#0969da}
.control .text{color:#424a53;margin:0 0 6px}details{margin:6px 0}summary{cursor:pointer;color:#0969da}ul.cols{columns:2;margin:6px 0}.type{color:#6e7781;font-size:12px}
.chip{display:inline-block;margin:2px;padding:2px 8px;border-radius:10px;font-size:12px;text-decoration:none;color:#fff;background:#1a7f37}.chip.fails{background:#cf222e}.chip.holds-with-acknowledgements{background:#9a6700}.chip.outside-templates{background:#0969da}
ul.findings li{color:#cf222e}
svg{max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:8px;background:#fbfcfd}
svg .cp{fill:#ddf4ff;stroke:#0969da;stroke-width:2}svg .hub{fill:#fff8c5;stroke:#9a6700;stroke-width:2}svg .tenant{fill:#dafbe1;stroke:#1a7f37;stroke-width:1.5}svg .tenant.not-isolated{fill:#ffebe9;stroke:#cf222e}svg .tenant.not-synthesized{fill:#f6f8fa;stroke:#8c959f;stroke-dasharray:4 3}
svg text{font:13px system-ui,"DejaVu Sans",sans-serif;text-anchor:middle;fill:#1b1f24}svg .small{font-size:11px;fill:#424a53}svg .label{font-weight:600}svg .heading{text-anchor:start;font-weight:600}
svg .flow{stroke:#0969da;stroke-width:2.5}svg .arrowhead{fill:#0969da}
</style></head><body>
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
<p>${overview}</p>
${findings}
<h2>Network</h2>
${networkSvg(report)}
<h2>Checks</h2>
<table><thead><tr><th>check</th><th>status</th><th>rules</th><th>compliant judgements</th><th>acknowledged</th><th>unacknowledged findings</th></tr></thead><tbody>${packRows}</tbody></table>
${report.independentChecks
  .map(
    (k) => `<h2>Independent check: ${esc(k.check)} ${badge(k.status, k.status)}</h2><p>${esc(k.description)}</p>
${k.findings.length ? `<ul class="findings">${k.findings.map(findingItem).join('')}</ul>` : ''}
<details><summary>Acknowledgements (${k.acknowledgements.reduce((n, a) => n + a.resources, 0)} on resources, ${k.acknowledgements.length} rule/entry pairs)</summary><ul>${k.acknowledgements.map(acknowledgementItem).join('')}</ul></details>`,
  )
  .join('\n')}
<h2>Tenants</h2>
<table><thead><tr><th>tenant</th><th>N</th><th>VPC CIDR</th><th>key</th><th>isolation</th></tr></thead><tbody>${tenantRows}</tbody></table>
<h2>Stacks</h2>
<table><thead><tr><th>stack</th><th>role</th><th>resources</th><th>judged by TenantBaseline</th><th>findings</th><th>acknowledgements</th></tr></thead><tbody>${stackRows}</tbody></table>
${byFramework}
<h2>Acknowledgements that matched no finding (${report.unusedAcknowledgements.length})</h2>
<p>Attached through a catalog entry, but no check that ran in this synth reported the finding there: the entry is wider than needed on that resource, or the finding was fixed. Informational; review and narrow.</p>
<details><summary>List</summary><ul>${report.unusedAcknowledgements.map((a) => `<li><code>${esc(a.ruleId)}</code> (<code>${esc(a.catalogKey)}</code>) on <code>${esc(a.constructPath)}</code></li>`).join('')}</ul></details>
<p class="sub">Generated from the synthesized templates by <code>npm run compliance</code>. Machine-readable: <code>report.json</code>; for pull requests: <code>report.md</code>.</p>
</body></html>
`;
}
