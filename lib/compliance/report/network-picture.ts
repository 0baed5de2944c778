import { esc } from './html-escape';
import { ComplianceReport } from './schema';
import { VERDICT_TEXT } from './status-text';

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
