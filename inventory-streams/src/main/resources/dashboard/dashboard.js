// ATP Sync dashboard: plain DOM, no build step. Reads the Streams app's own API:
// /atp/{sku}, /history/{sku}, /system and /drift (plots.js, drift.js). Every value is inserted as
// text, never as HTML.
'use strict';

window.dashboardErrors = [];
window.addEventListener('error', e => window.dashboardErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.dashboardErrors.push(String(e.reason)));

const $ = id => document.getElementById(id);
let systemTimer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  return node;
}

function figure(label, value, field, extraClass) {
  return el('div', { class: 'figure' },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value ' + (extraClass || ''), 'data-field': field }, value === null || value === undefined ? '–' : value));
}

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
  return { status: r.status, body };
}

function route() {
  const hash = location.hash || '#/sku';
  const [, view, arg] = hash.match(/^#\/(\w+)(?:\/(.*))?$/) || [null, 'sku', null];
  $('nav-sku').classList.toggle('active', view === 'sku');
  $('nav-system').classList.toggle('active', view === 'system');
  $('nav-drift').classList.toggle('active', view === 'drift');
  $('sku-view').hidden = view !== 'sku';
  $('system-view').hidden = view !== 'system';
  $('drift-view').hidden = view !== 'drift';
  clearInterval(systemTimer);
  if (view === 'system') {
    showSystem();
    systemTimer = setInterval(showSystem, 5000);
  } else if (view === 'drift') {
    showDrift();
  } else if (arg) {
    const sku = decodeURIComponent(arg);
    $('sku').value = sku;
    showSku(sku);
  }
}

async function showSku(sku) {
  const message = $('sku-message');
  const result = $('sku-result');
  message.className = 'message';
  message.textContent = 'Loading ' + sku + '…';
  result.replaceChildren();
  const [atp, history] = await Promise.all([
    getJson('/atp/' + encodeURIComponent(sku)),
    getJson('/history/' + encodeURIComponent(sku))]);
  if (atp.status !== 200) {
    message.className = 'message error';
    message.textContent = atp.body.error || ('HTTP ' + atp.status);
    return;
  }
  const windows = history.status === 200 ? history.body : [];
  message.textContent = sku + ': ' + atp.body.length + ' Shopify location(s).';
  for (const row of atp.body) {
    result.appendChild(locationCard(row, windows.filter(w => w.shopifyLocationId === row.shopifyLocationId && w.shop === row.shop)));
  }
  if (history.status !== 200) {
    result.appendChild(el('p', { class: 'error' }, 'Adjustment history unavailable: ' + (history.body.error || history.status)));
  }
}

function locationCard(row, windows) {
  const inSync = row.shopifyAvailable === null || row.shopifyAvailable === undefined ? null : row.shopifyAvailable === row.target;
  const card = el('div', { class: 'card location', 'data-location': row.shopifyLocationId },
    el('h2', {}, row.shopifyLocationId, el('span', { class: 'muted' }, '  ' + row.shop)),
    el('div', { class: 'figures' },
      figure('Online ATP', row.onlineAtp, 'onlineAtp'),
      figure('Shopify should show', row.target, 'target'),
      figure('Shopify last reported', row.shopifyAvailable, 'shopifyAvailable', inSync === null ? '' : (inSync ? 'ok' : 'bad')),
      figure('Pending Shopify orders', row.pendingShopifyOrders, 'pendingShopifyOrders'),
      figure('Contributed', row.contributed, 'contributed'),
      figure('Threshold', row.threshold, 'threshold'),
      figure('Queue', row.queue, 'queue'),
      figure('Incoming', row.incoming === undefined ? 0 : row.incoming, 'incoming'),
      figure('Last cause', row.cause, 'cause', 'small'),
      figure('Updated', row.updatedAt, 'updatedAt', 'small')),
    el('h3', {}, 'Facilities'),
    facilitiesTable(row.facilities || []),
    el('h3', {}, 'Adjustment history (per flush window; faded = not pushed yet)'),
    historyChart(windows),
    pendingTable(windows));
  if (row.inventoryItemId === null || row.inventoryItemId === undefined) {
    card.appendChild(el('p', { class: 'error' }, 'Not in the Shopify catalog: variances are held (see /unmapped) until shopify.catalog knows this SKU.'));
  }
  return card;
}

function facilitiesTable(facilities) {
  return el('table', { class: 'facilities' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Facility'), el('th', { class: 'num' }, 'QOH'), el('th', { class: 'num' }, 'ATP'),
      el('th', { class: 'num' }, 'Safety stock'), el('th', { class: 'num' }, 'Contribution'), el('th', {}, 'Excluded because'))),
    el('tbody', {}, facilities.map(f => el('tr', { 'data-facility': f.facilityId },
      el('td', {}, f.facilityId), el('td', { class: 'num' }, f.qoh), el('td', { class: 'num' }, f.atp),
      el('td', { class: 'num' }, f.safetyStock), el('td', { class: 'num', 'data-field': 'contribution' }, f.contribution),
      el('td', { class: f.excludedBecause ? 'bad' : 'muted' }, f.excludedBecause || '—')))));
}

function historyChart(windows) {
  const byWindow = new Map();
  for (const w of windows) {
    const cur = byWindow.get(w.windowStart) || { start: w.windowStart, units: 0, pending: false };
    cur.units += w.units;
    cur.pending = cur.pending || w.pending;
    byWindow.set(w.windowStart, cur);
  }
  const bars = [...byWindow.values()].sort((a, b) => a.start.localeCompare(b.start)).slice(-60);
  if (bars.length === 0) return el('p', { class: 'muted' }, 'No variance in the adjustment history.');
  const width = 640, height = 120, mid = height / 2, max = Math.max(1, ...bars.map(b => Math.abs(b.units)));
  const step = width / Math.max(bars.length, 10);
  const chart = svg('svg', { width, height: height + 14, class: 'history', role: 'img', 'aria-label': 'variance per window' },
    svg('line', { x1: 0, x2: width, y1: mid, y2: mid, stroke: '#bbb' }));
  bars.forEach((b, i) => {
    const h = Math.max(1, Math.abs(b.units) / max * (mid - 4));
    const rect = svg('rect', { x: i * step + 1, width: Math.max(2, step - 2), y: b.units >= 0 ? mid - h : mid, height: h,
      class: (b.units >= 0 ? 'pos' : 'neg') + (b.pending ? ' pending' : '') });
    rect.appendChild(svg('title', {}, b.start + ': ' + (b.units > 0 ? '+' : '') + b.units + (b.pending ? ' (not pushed yet)' : '')));
    chart.appendChild(rect);
  });
  chart.appendChild(svg('text', { x: 0, y: height + 12 }, bars[0].start));
  chart.appendChild(svg('text', { x: width - 140, y: height + 12 }, bars[bars.length - 1].start));
  return chart;
}

function pendingTable(windows) {
  const pending = windows.filter(w => w.pending);
  if (pending.length === 0) return el('p', { class: 'muted', 'data-field': 'pendingBatches' }, 'No pending batch: everything is pushed.');
  return el('table', { class: 'pending', 'data-field': 'pendingBatches' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Window'), el('th', {}, 'Reason'), el('th', { class: 'num' }, 'Units'))),
    el('tbody', {}, pending.map(w => el('tr', {}, el('td', {}, w.windowStart + ' → ' + w.windowEnd), el('td', {}, w.reason),
      el('td', { class: 'num' }, (w.units > 0 ? '+' : '') + w.units)))));
}

function errorOr(part, render) {
  if (part && part.error) return el('p', { class: 'error' }, part.error);
  return render(part);
}

function kvTable(obj, field) {
  return el('table', { 'data-field': field }, el('tbody', {}, Object.entries(obj || {}).map(([k, v]) =>
    el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, typeof v === 'number' ? Math.round(v * 100) / 100 : String(v))))));
}

async function showSystem() {
  const message = $('system-message');
  const { status, body } = await getJson('/system');
  if (status !== 200) {
    message.className = 'message error';
    message.textContent = body.error || ('HTTP ' + status);
    return;
  }
  message.className = 'message';
  message.textContent = 'As of ' + body.at + ' (refreshes every 5 s).';
  recordSystem(body);
  drawPlots();
  const s = body.streams, sink = body.sink;
  const connectorState = sink.status && sink.status.connector ? sink.status.connector.state : null;
  $('system-result').replaceChildren(el('div', { class: 'grid' },
    el('div', { class: 'card', id: 'streams-card' }, el('h2', {}, 'Streams app ' + s.applicationId),
      el('div', { class: 'figures' },
        figure('State', s.state, 'streamsState', s.state === 'RUNNING' ? 'ok' : 'bad'),
        figure('Instances', s.instances, 'instances'),
        figure('Consumer lag', s.lag && s.lag.total !== undefined ? s.lag.total : null, 'streamsLag')),
      errorOr(s.lag, lag => kvTable(lag.topics, 'streamsLagTopics'))),
    el('div', { class: 'card', id: 'sink-card' }, el('h2', {}, 'Shopify sink ' + sink.connector),
      errorOr(sink.status, st => el('div', { class: 'figures' },
        figure('Connector', st.connector.state, 'connectorState', st.connector.state === 'RUNNING' ? 'ok' : 'bad'),
        ...st.tasks.map(t => figure('Task ' + t.id, t.state, 'task-' + t.id, t.state === 'RUNNING' ? 'ok' : 'bad')),
        figure('Lag (batches)', sink.lag && sink.lag.total !== undefined ? sink.lag.total : null, 'sinkLag'))),
      el('h3', {}, 'Batches, changes, throttle waits'),
      errorOr(sink.metrics, m => kvTable(m, 'sinkMetrics'))),
    el('div', { class: 'card', id: 'dlq-card' }, el('h2', {}, 'Dead-letter queues'),
      errorOr(body.deadLetters, d => kvTable(d, 'deadLetters'))),
    el('div', { class: 'card', id: 'hard-sync-card' }, el('h2', {}, 'Last hard sync'),
      errorOr(body.lastHardSync, h => h.requestId === 'none' ? el('p', { class: 'muted', 'data-field': 'lastHardSync' }, 'None yet.')
        : el('div', {}, el('p', { 'data-field': 'lastHardSync' }, h.requestId + ' for ' + h.shop + ' at ' + h.requestedAt
          + (h.requestedBy ? ' by ' + h.requestedBy : '')),
          kvTable(Object.fromEntries((h.partitions || []).map(p => ['partition ' + p.partition, p.status])), 'hardSyncPartitions'),
          h.bulk && Object.keys(h.bulk).length > 0 ? el('h3', {}, 'Bulk operations, per location') : null,
          h.bulk && Object.keys(h.bulk).length > 0 ? errorOr(h.bulk, b => kvTable(Object.fromEntries(Object.entries(b).map(([loc, st]) =>
            [loc, st.phase + (st.operationId ? ' (' + st.operationId + ')' : '') + ': ' + st.linesDone + '/' + st.lines
              + ' lines, ' + st.staleLines + ' stale, ' + st.direct + ' written directly, ' + st.deadLettered + ' refused'])),
            'hardSyncBulk')) : null))),
    el('div', { class: 'card', id: 'reconcile-card' }, el('h2', {}, 'Reconciliation'),
      errorOr(body.reconciliation, r => el('div', {},
        kvTable(Object.fromEntries((r.schedules || []).map(e => [e.shop + (e.locations.length ? ' @ ' + e.locations.join(', ') : ''), 'every ' + e.every])), 'reconcileSchedules'),
        !r.sink || !r.sink.lastComplete ? el('p', { class: 'muted', 'data-field': 'reconcileLast' }, 'No complete reconciliation yet.')
          : el('div', { class: 'figures' },
            figure('Last complete', Math.round(r.sink.lastComplete.ageSeconds / 60) + ' min ago', 'reconcileAge'),
            figure('Keys drifted', r.sink.lastComplete.drifted, 'reconcileDrifted', r.sink.lastComplete.drifted > 0 ? 'bad' : 'ok')),
        r.sink && r.sink.running && r.sink.running.length ? kvTable(Object.fromEntries(r.sink.running.map(x => [x.requestId, x.done + '/' + x.locations + ' locations'])), 'reconcileRunning') : null)))));
  if (connectorState === null && !(sink.status && sink.status.error)) {
    window.dashboardErrors.push('unexpected connector status shape');
  }
}

$('search').addEventListener('submit', e => {
  e.preventDefault();
  const sku = $('sku').value.trim();
  if (sku) location.hash = '#/sku/' + encodeURIComponent(sku);
});
window.addEventListener('hashchange', route);
route();
