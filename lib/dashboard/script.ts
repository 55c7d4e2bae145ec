/**
 * The dashboard's browser code, sent inline (its hash is in the page's CSP). Plain ES2020
 * with no dependency: it reads the admin key from sessionStorage (asking for it first),
 * polls the API every two seconds without overlapping itself, and renders with DOM
 * calls and textContent only, so no value from the API is ever parsed as HTML.
 * URLs are relative to the page, so it works under an API Gateway stage prefix too.
 */
export const DASHBOARD_SCRIPT = String.raw`
(() => {
  'use strict';
  const KEY = 'order-aggregator.adminKey';
  const POLL_MS = 2000;
  const STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'FAILED', 'CANCELLED'];
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let polling = false;

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function ago(iso) {
    if (!iso) return 'never';
    return age((Date.now() - Date.parse(iso)) / 1000) + ' ago';
  }
  function age(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  async function api(path, options) {
    const res = await fetch(path, {
      ...options,
      headers: { 'x-api-key': sessionStorage.getItem(KEY) || '', ...(options && options.body ? { 'content-type': 'application/json' } : {}) },
    });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { detail: text }; }
    if (res.status === 401) { const err = new Error('the admin key was refused'); err.unauthorized = true; throw err; }
    if (!res.ok) throw new Error((body && (body.detail || body.title)) || 'HTTP ' + res.status);
    return body;
  }

  function setStatus(kind, text) {
    const pill = $('live');
    pill.className = 'pill ' + kind;
    pill.textContent = text;
  }

  function showLogin(message) {
    stop();
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('key').value = '';
    $('key').focus();
    setStatus('idle', 'signed out');
  }

  function showApp() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    start();
  }

  function start() {
    stop();
    refresh();
    timer = setInterval(refresh, POLL_MS);
  }
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  async function refresh() {
    if (polling) return;
    polling = true;
    try {
      const [metrics, products, runs] = await Promise.all([api('admin/metrics'), api('products?limit=200'), api('admin/sync-runs?limit=6')]);
      renderMetrics(metrics);
      renderProducts(products);
      renderRuns(runs.items);
      setStatus('ok', 'live · ' + new Date().toLocaleTimeString());
    } catch (error) {
      if (error.unauthorized) { sessionStorage.removeItem(KEY); showLogin('The admin key was refused. Enter it again.'); }
      else setStatus('error', 'refresh failed: ' + error.message);
    } finally {
      polling = false;
    }
  }

  function tile(label, value, testId, tone, note) {
    return h('div', { class: 'tile ' + (tone || '') },
      h('div', { class: 'tile-label', text: label }),
      h('div', { class: 'tile-value', 'data-testid': testId, text: String(value) }),
      note ? h('div', { class: 'tile-note', text: note }) : null);
  }

  function renderMetrics(m) {
    const by = m.orders.byStatus;
    // A status is coloured only while it holds orders, so the eye goes to what is there.
    $('orders').replaceChildren(...STATUSES.map((s) => tile(s.toLowerCase(), by[s] ?? 0, 'count-' + s, by[s] ? 'status-' + s : '')));
    const pendingAge = m.orders.oldestPendingAgeSeconds;
    const q = m.queue;
    const queueTiles = 'error' in q
      ? [tile('queue', 'unreachable', 'queue-ready', 'bad', q.error)]
      : [
          tile('queue ready', q.ready, 'queue-ready'),
          tile('retrying', q.retrying, 'queue-retrying', q.retrying > 0 ? 'warn' : ''),
          tile('dead letters', q.deadLetters, 'queue-dlq', q.deadLetters > 0 ? 'bad' : ''),
        ];
    $('pipeline').replaceChildren(
      tile('oldest pending', pendingAge === null ? '–' : age(pendingAge), 'oldest-pending', pendingAge > 60 ? 'warn' : ''),
      tile('outbox backlog', m.orders.outboxBacklog, 'outbox-backlog', m.orders.outboxBacklog > 0 ? 'warn' : ''),
      ...queueTiles,
    );
  }

  function renderProducts(page) {
    const rows = page.items.map((p) =>
      h('tr', { 'data-sku': p.sku },
        h('td', {}, h('div', { class: 'sku', text: p.sku }), h('div', { class: 'muted small', text: p.name })),
        h('td', { class: 'num strong', text: p.available }),
        h('td', { class: 'num', text: p.onHand }),
        h('td', { class: 'num', text: p.reserved }),
        h('td', {}, h('div', { class: 'chips' }, p.vendors.map((v) =>
          h('span', { class: 'chip ' + (v.stale ? 'stale' : 'fresh'), title: v.syncedAt ? 'synced ' + v.syncedAt : 'never synced completely' },
            h('b', { text: v.vendorId }), ' ' + v.quantity + ' @ ' + v.price + ' ' + v.currency + ' · ' + ago(v.syncedAt),
            v.stale ? h('span', { class: 'flag', text: 'stale' }) : null)))),
      ));
    $('products').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 5, class: 'empty', text: 'No stock yet: press “Sync now”.' }))]));
    $('products-note').textContent = page.items.length + ' products' + (page.nextCursor ? ' (first page)' : '');
  }

  function renderRuns(runs) {
    const rows = runs.map((r) =>
      h('tr', {},
        h('td', { class: 'nowrap' }, h('div', { text: new Date(r.startedAt).toLocaleTimeString() }), h('div', { class: 'muted small', text: r.trigger })),
        h('td', { class: 'nowrap' }, h('span', { class: 'badge run-' + r.status, text: r.status }),
          h('div', { class: 'muted small', text: r.durationMs === null ? 'started ' + ago(r.startedAt) : 'took ' + (r.durationMs / 1000).toFixed(1) + ' s' })),
        h('td', { class: 'num', text: r.productsChanged }),
        h('td', {}, r.vendors.map((v) =>
          h('div', { class: 'vendor-line', title: v.error || '' },
            h('span', { class: 'dot ' + (v.status === 'failed' ? 'bad' : v.status === 'running' ? 'busy' : 'good') }),
            h('b', { text: v.vendorId }), ' ' + v.rowsSeen + ' read · ' + v.rowsChanged + ' written' + (v.rowsRejected ? ' · ' + v.rowsRejected + ' rejected' : ''),
            v.error ? h('div', { class: 'error small', text: v.error }) : null))),
      ));
    $('runs').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 4, class: 'empty', text: 'No sync has run yet.' }))]));
  }

  async function action(button, path, describe) {
    button.disabled = true;
    const out = $('action-result');
    out.className = 'action-result';
    out.textContent = button.textContent + '…';
    try {
      const body = await api(path, { method: 'POST', body: '{}' });
      out.textContent = describe(body);
      out.classList.add('ok');
      refresh();
    } catch (error) {
      if (error.unauthorized) { sessionStorage.removeItem(KEY); showLogin('The admin key was refused. Enter it again.'); return; }
      out.textContent = button.textContent + ' failed: ' + error.message;
      out.classList.add('bad');
    } finally {
      button.disabled = false;
    }
  }

  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('key').value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY, key);
    try {
      await api('admin/metrics');
      showApp();
    } catch (error) {
      sessionStorage.removeItem(KEY);
      showLogin(error.unauthorized ? 'That key was refused.' : 'Could not reach the API: ' + error.message);
    }
  });
  $('sign-out').addEventListener('click', () => { sessionStorage.removeItem(KEY); showLogin(''); });
  $('sync').addEventListener('click', (e) => action(e.currentTarget, 'admin/sync', (b) =>
    b.alreadyRunning ? 'A sync is already running.' : 'Sync ' + b.status + '.'));
  $('redrive').addEventListener('click', (e) => action(e.currentTarget, 'admin/dead-letters/redrive', (b) =>
    b.redriven === 1 ? 'Redrove 1 dead letter.' : 'Redrove ' + b.redriven + ' dead letters.'));

  if (sessionStorage.getItem(KEY)) showApp(); else showLogin('');
})();
`;
