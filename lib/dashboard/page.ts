import { DASHBOARD_SCRIPT } from './script';

/**
 * GET /dashboard: one self-contained page (inline CSS and script, nothing fetched from
 * elsewhere) that reads the admin API like an operator would: orders by status, the
 * oldest PENDING order, outbox backlog, queue and dead-letter depth, stock per product
 * with per-vendor freshness, recent sync runs, and the two levers (sync now, redrive).
 */
export function dashboardPage(): { html: string; script: string } {
  return { html: PAGE, script: DASHBOARD_SCRIPT };
}

const STYLE = `
:root{--fg:#1b2230;--muted:#6b7485;--line:#e3e7ee;--bg:#f4f6f9;--card:#fff;--accent:#2f6fe4;--ok:#1f8a4c;--warn:#b7791f;--bad:#c53030}
*{box-sizing:border-box}html,body{margin:0}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;align-items:center;gap:16px;padding:14px 28px;background:#16202f;color:#fff}
header h1{font-size:17px;margin:0;font-weight:600;letter-spacing:.2px}header h1 span{color:#9fb3d1;font-weight:400}
.spacer{flex:1}header a,header button.link{color:#c9d6ea;font-size:13px;text-decoration:none;background:none;border:0;cursor:pointer;padding:0}
.pill{font-size:12px;border-radius:999px;padding:3px 10px;background:#2a3648;color:#c9d6ea}.pill.ok{background:#19432e;color:#8ee0b0}.pill.error{background:#4d1f22;color:#ffb4b4}
main{padding:20px 28px 40px;max-width:1280px;margin:0 auto}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-bottom:18px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:0 0 12px;display:flex;align-items:center;gap:10px}
h2 .note{text-transform:none;letter-spacing:0;font-weight:400}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfe}
.tile-label{font-size:12px;color:var(--muted);text-transform:capitalize}.tile-value{font-size:26px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
.tile-note{font-size:12px;color:var(--bad)}.tile.warn .tile-value{color:var(--warn)}.tile.bad .tile-value{color:var(--bad)}
.status-PENDING .tile-value{color:var(--accent)}.status-CONFIRMED .tile-value{color:var(--ok)}.status-REJECTED .tile-value,.status-FAILED .tile-value{color:var(--bad)}.status-CANCELLED .tile-value{color:var(--muted)}
.row{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:18px}@media (max-width:1000px){.row{grid-template-columns:1fr}}
.actions{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
button.primary,button.secondary{font:inherit;font-weight:600;border-radius:7px;padding:8px 14px;cursor:pointer;border:1px solid var(--accent)}
button.primary{background:var(--accent);color:#fff}button.secondary{background:#fff;color:var(--accent)}button:disabled{opacity:.55;cursor:wait}
.action-result{font-size:13px;color:var(--muted)}.action-result.ok{color:var(--ok)}.action-result.bad{color:var(--bad)}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap}.nowrap{white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}.strong{font-weight:650}
.sku{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}.muted{color:var(--muted)}.small{font-size:12px}
.chips{display:flex;flex-wrap:wrap;gap:6px}.chip{font-size:12px;border-radius:6px;padding:2px 8px;border:1px solid var(--line);white-space:nowrap}
.chip.fresh{background:#f0f8f3;border-color:#cfe8d8}.chip.stale{background:#fdf0f0;border-color:#f2c9c9;color:#8a2424}
section{min-width:0}.vendor-line{white-space:nowrap;font-size:12.5px;line-height:1.7}.error{color:var(--bad);white-space:normal}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;vertical-align:1px}.dot.good{background:var(--ok)}.dot.bad{background:var(--bad)}.dot.busy{background:var(--accent)}
.flag{margin-left:6px;font-weight:700;text-transform:uppercase;font-size:10px;color:var(--bad)}
.badge{font-size:12px;font-weight:600;border-radius:5px;padding:2px 7px;background:#eef1f6}
.run-succeeded{color:var(--ok);background:#e8f6ee}.run-partial{color:var(--warn);background:#fbf3e4}.run-failed{color:var(--bad);background:#fbeaea}.run-running{color:var(--accent);background:#e9f0fd}
.scroll{max-height:520px;overflow:auto}.empty{color:var(--muted);text-align:center;padding:22px}
#login{max-width:380px;margin:12vh auto;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:26px}
#login h2{font-size:16px;text-transform:none;letter-spacing:0;color:var(--fg)}#login p{color:var(--muted);margin:0 0 14px}
#login input{width:100%;font:inherit;padding:9px 11px;border:1px solid #cdd4df;border-radius:7px;margin-bottom:12px}
#login-error{color:var(--bad);font-size:13px;min-height:18px;margin-top:8px}
[hidden]{display:none!important}
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order Aggregator · Operations</title>
<style>${STYLE}</style></head>
<body>
<header><h1>Order Aggregator <span>operations</span></h1><span class="spacer"></span>
<span id="live" class="pill" data-testid="live">starting</span><a href="docs">API docs</a><button id="sign-out" class="link" type="button">forget key</button></header>
<form id="login" hidden autocomplete="off">
  <h2>Admin API key</h2>
  <p>The dashboard reads the admin routes. The key stays in this browser tab only (sessionStorage).</p>
  <input id="key" name="key" type="password" autocomplete="off" placeholder="x-api-key" aria-label="Admin API key" data-testid="admin-key">
  <button class="primary" type="submit" data-testid="connect">Connect</button>
  <div id="login-error" role="alert"></div>
</form>
<main id="app" hidden>
  <section><h2>Orders by status</h2><div id="orders" class="tiles"></div></section>
  <section><h2>Pipeline</h2><div id="pipeline" class="tiles"></div>
    <div class="actions" style="margin-top:14px">
      <button id="sync" class="primary" type="button" data-testid="sync-now">Sync now</button>
      <button id="redrive" class="secondary" type="button" data-testid="redrive">Redrive dead letters</button>
      <span id="action-result" class="action-result" data-testid="action-result" role="status"></span>
    </div>
  </section>
  <div class="row">
    <section><h2>Stock per product <span id="products-note" class="note"></span></h2>
      <div class="scroll"><table><thead><tr><th>product</th><th class="num">available</th><th class="num">on hand</th><th class="num">reserved</th><th>vendors (quantity @ price · last sync)</th></tr></thead>
      <tbody id="products" data-testid="products"></tbody></table></div></section>
    <section><h2>Recent sync runs</h2>
      <table><thead><tr><th>started</th><th>status</th><th class="num">changed</th><th>vendors</th></tr></thead>
      <tbody id="runs" data-testid="sync-runs"></tbody></table></section>
  </div>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body></html>`;
