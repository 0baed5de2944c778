/** The report page's only styles: inline, because the page's Content-Security-Policy allows no external resources. */
export const REPORT_CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#1b1f24;background:#fff}
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
svg .flow{stroke:#0969da;stroke-width:2.5}svg .arrowhead{fill:#0969da}`;
