#!/usr/bin/env node
// `npm run report:render [-- <report.html>]`: renders the compliance report in headless Chromium (Debian's `chromium`
// package; `apt-get install chromium`), writes a full-page screenshot next to it, and checks the rendered page: the
// verdict, one section per control, the network picture and the tenant table must be there. Exits non-zero if not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const html = resolve(process.argv[2] ?? 'cdk.out/compliance/report.html');
const png = html.replace(/\.html$/, '.png');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  console.error('report:render needs Chromium: apt-get install chromium (Debian). Nothing was rendered.');
  process.exit(2);
}
if (!existsSync(html)) {
  console.error(`${html} does not exist: run \`npm run compliance\` first.`);
  process.exit(2);
}
// The flags keep Chromium off the network entirely (this machine has none) and headless without a sandbox (root).
const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--hide-scrollbars'];
const url = `file://${html}`;
try {
  const dom = spawnSync(chromium, [...flags, '--dump-dom', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (dom.status !== 0) {
    console.error(dom.stderr);
    process.exit(1);
  }
  const text = dom.stdout;
  const expectations = [
    ['the verdict', /<span class="verdict (pass|fail)">(PASS|FAIL)<\/span>/],
    ['the network picture', /<svg[^>]*aria-label="Network/],
    ['the tenants table', /<h2>Tenants<\/h2>/],
    ['control sections', /<section class="control/],
  ];
  const missing = expectations.filter(([, pattern]) => !pattern.test(text)).map(([name]) => name);
  const sections = (text.match(/<section class="control /g) ?? []).length;
  const shot = spawnSync(chromium, [...flags, `--screenshot=${png}`, '--window-size=1280,2600', url], { encoding: 'utf8', timeout: 120_000 });
  if (shot.status !== 0 || !existsSync(png)) {
    console.error(shot.stderr);
    process.exit(1);
  }
  if (missing.length > 0) {
    console.error(`The rendered page lacks: ${missing.join(', ')}.`);
    process.exit(1);
  }
  console.log(`Rendered ${html}: ${sections} control sections, verdict ${/verdict (pass|fail)/.exec(text)[1].toUpperCase()}. Screenshot: ${png}`);
} finally {
  rmSync(profile, { recursive: true, force: true });
}
