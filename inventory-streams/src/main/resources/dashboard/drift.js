// The Drift page: for each Shopify location, what its newest reconciliation found where Shopify
// differed from the order-aware target, with the probable cause. A reconciliation fixes what it
// finds; "Fix" hard-syncs the one key again (POST /hard-sync, behind the admin token, which stays in
// this tab's session storage only).
'use strict';

async function showDrift() {
  const message = $('drift-message');
  const { status, body } = await getJson('/drift');
  if (status !== 200) {
    message.className = 'message error';
    message.textContent = body.error || ('HTTP ' + status);
    return;
  }
  message.className = 'message';
  message.textContent = body.locations.length === 0
    ? 'No reconciliation has compared a location yet (every 4 hours by default; POST /reconcile runs one now).'
    : 'What the newest reconciliation of each location found. It fixed them; Fix sets one key again now.';
  const token = el('input', { type: 'password', id: 'admin-token', placeholder: 'admin token', 'aria-label': 'admin token' });
  token.value = sessionStorage.getItem('atpAdminToken') || '';
  token.addEventListener('input', () => sessionStorage.setItem('atpAdminToken', token.value));
  const locations = el('table', { 'data-field': 'driftLocations' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Location'), el('th', {}, 'Reconciliation'), el('th', {}, 'At'),
      el('th', { class: 'num' }, 'Keys drifted'))),
    el('tbody', {}, body.locations.map(l => el('tr', {}, el('td', {}, l.location), el('td', {}, l.reconciliation),
      el('td', {}, l.at), el('td', { class: 'num ' + (l.drifted > 0 ? 'bad' : 'ok') }, l.drifted)))));
  const rows = body.drifts.map(d => {
    const result = el('span', { class: 'muted', 'data-field': 'fix-result' });
    const fix = el('button', { type: 'button', 'data-field': 'fix' }, 'Fix');
    fix.addEventListener('click', () => fixKey(d, result));
    return el('tr', { 'data-sku': d.sku, 'data-location': d.location },
      el('td', {}, d.location), el('td', { 'data-field': 'sku' }, d.sku),
      el('td', { class: 'num', 'data-field': 'shopify' }, d.shopify), el('td', { class: 'num', 'data-field': 'target' }, d.target),
      el('td', { 'data-field': 'cause' }, d.probableCause), el('td', {}, fix, ' ', result));
  });
  $('drift-result').replaceChildren(
    el('div', { class: 'card' }, el('h2', {}, 'Locations'), locations),
    el('div', { class: 'card' }, el('h2', {}, 'Keys where Shopify differed from its target'),
      el('p', {}, el('label', {}, 'Admin token (atpsync.admin.token) for Fix: ', token)),
      rows.length === 0 ? el('p', { class: 'muted', 'data-field': 'noDrift' }, 'No drift found.')
        : el('table', { 'data-field': 'drifts' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Location'), el('th', {}, 'SKU'), el('th', { class: 'num' }, 'Shopify'),
            el('th', { class: 'num' }, 'Target'), el('th', {}, 'Probable cause'), el('th', {}, ''))),
          el('tbody', {}, rows))));
}

async function fixKey(d, result) {
  result.className = 'muted';
  result.textContent = 'requesting…';
  const r = await fetch('/hard-sync', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + (sessionStorage.getItem('atpAdminToken') || '') },
    body: JSON.stringify({ shop: d.shop, locations: [d.location], skus: [d.sku], requestedBy: 'dashboard drift' }),
  });
  const body = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
  result.className = r.status === 202 ? 'ok' : 'error';
  result.textContent = r.status === 202 ? 'hard sync ' + body.requestId + ' requested' : (body.error || ('HTTP ' + r.status));
}
