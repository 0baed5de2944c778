/**
 * The preflight report as text for a terminal: per placement the quota table, the increases to request, the monthly
 * cost per tenant (tenants with identical costs on one row) and per platform stack, the fleet total and the line items.
 */
import { COST_CATEGORIES, CostLine } from './cost';
import { HOURS_PER_MONTH } from './price-table';
import { PlacementReport, PreflightReport, StackCost } from './report';

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const num = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Left-aligned text columns, right-aligned numbers, columns as wide as their widest cell. */
export function table(rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string[] {
  if (rows.length === 0) {
    return [];
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (leftColumns.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

export function renderText(report: PreflightReport): string {
  const out: string[] = [];
  for (const placement of report.placements) {
    out.push(...renderPlacement(placement), '');
  }
  if (report.increases.length === 0) {
    out.push('Every counted quota fits within AWS defaults.');
  } else {
    out.push(`Quota increases to request before deploying (${report.increases.length}):`);
    for (const i of report.increases) {
      if (i.raisedWith) {
        out.push(`  - ${i.service}: "${i.quotaName}": needs ${num(i.needed)}, default ${num(i.defaultValue)}; raised with "${i.raisedWith}" (no separate request)`);
        continue;
      }
      const code = i.quotaCode ? `quota code ${i.quotaCode}` : 'no quota code known: find it in the Service Quotas console';
      out.push(`  - ${i.service}: "${i.quotaName}" (${code}): needs ${num(i.needed)}, default ${num(i.defaultValue)}; ${i.account}, ${i.region}${i.verified ? '' : ' [verify the default]'}`);
    }
  }
  return out.join('\n');
}

function renderPlacement(p: PlacementReport): string[] {
  const tenants = p.tenantCount;
  return [
    `Preflight of ${num(p.stacks)} stacks (${num(tenants)} tenants) in ${p.account}, ${p.region}`,
    '',
    'Quotas against AWS defaults (counted from the templates; ! exceeded, ? no published default, * verify the default):',
    ...renderQuotas(p).map((l) => `  ${l}`),
    '',
    `Fixed monthly cost in USD at ${p.priceRegion} On-Demand list prices, ${HOURS_PER_MONTH} h a month; before traffic, storage, backups, logs and requests:`,
    ...renderCosts(p).map((l) => `  ${l}`),
    '',
    ...renderLineItems(p),
  ];
}

function renderQuotas(p: PlacementReport): string[] {
  const rows = p.quotas.map((q) => {
    const mark = q.status === 'exceeded' ? '!' : q.status === 'compare' ? '?' : ' ';
    const def = q.quota.defaultValue === undefined ? 'per account' : `${num(q.quota.defaultValue)}${q.quota.verified ? '' : '*'}`;
    return [`${mark} ${q.quota.name}`, q.quota.service, q.quota.code ?? '-', def, num(q.needed), q.where];
  });
  return table([['  quota', 'service', 'code', 'default', 'needed', 'where (largest)'], ...rows], [0, 1, 2, 5]);
}

/** Tenants whose cost lines are identical (same items, quantities and prices) share one row. */
export function groupIdenticalTenants(costs: readonly StackCost[]): StackCost[][] {
  const groups = new Map<string, StackCost[]>();
  for (const c of costs.filter((s) => s.tenantId !== undefined)) {
    const key = JSON.stringify(c.lines.map((l) => [l.item, l.quantity, l.monthlyUsd]));
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

function renderCosts(p: PlacementReport): string[] {
  const header = ['stack', ...COST_CATEGORIES, 'total', 'network share'];
  // A total missing an unpriced line is a lower bound, and a share of it would mislead.
  const complete = (unpriced: readonly string[], total: number, share: number) => (unpriced.length === 0 ? [usd(total), pct(share)] : [`${usd(total)}+`, 'incomplete']);
  const row = (label: string, c: StackCost) => [label, ...COST_CATEGORIES.map((k) => usd(c.summary.byCategory[k])), ...complete(c.summary.unpriced, c.summary.monthlyUsd, c.networkShare)];
  const tenantRows = groupIdenticalTenants(p.stackCosts).map((group) => row(group.length === 1 ? group[0].stack : `${group[0].stack} and ${group.length - 1} more (each)`, group[0]));
  const platformRows = p.stackCosts.filter((s) => s.tenantId === undefined).map((s) => row(s.stack, s));
  const fleetShare = p.fleet.monthlyUsd === 0 ? 0 : p.fleet.byCategory.network / p.fleet.monthlyUsd;
  const fleet = ['fleet total', ...COST_CATEGORIES.map((k) => usd(p.fleet.byCategory[k])), ...complete(p.fleet.unpriced, p.fleet.monthlyUsd, fleetShare)];
  const lines = table([header, ...tenantRows, ...platformRows, fleet]);
  const unpriced = p.fleet.unpriced.length === 0 ? [] : [`no price (left out of every total): ${p.fleet.unpriced.slice(0, 8).join('; ')}${p.fleet.unpriced.length > 8 ? `; and ${p.fleet.unpriced.length - 8} more` : ''}`];
  return [...lines, ...unpriced];
}

function renderLineItems(p: PlacementReport): string[] {
  const shown = [...groupIdenticalTenants(p.stackCosts).map((g) => g[0]), ...p.stackCosts.filter((s) => s.tenantId === undefined)];
  return shown.flatMap((s) => (s.lines.length === 0 ? [`${s.stack}: no fixed-cost resources`] : [`Line items of ${s.stack}:`, ...table(s.lines.map(lineItem), [0, 2, 4]).map((l) => `  ${l}`)]));
}

function lineItem(l: CostLine): string[] {
  if (!l.price || l.monthlyUsd === undefined) {
    return [l.item, `${num(l.quantity)} x`, 'no price', '', l.counted];
  }
  const unit = l.price.per === 'hour' ? `$${l.price.usd}/h x ${HOURS_PER_MONTH} h` : `$${l.price.usd}/month`;
  return [l.item, `${num(l.quantity)} x`, unit, usd(l.monthlyUsd), `${l.counted}${l.price.verified ? '' : ' [price: verify]'}`];
}
