// cartd's web console (SPEC §14): customers, carts, orders, subscriptions, the live request
// journal, the clock, faults, the catalog and token minting, through the same /v1 and /_cartd
// calls a test makes. Plain ES2020 in one module, no framework, no build step; cartd serves it
// from its binary.

const TOKEN_KEY = 'cartd.console.controlToken';
// The user (and, with no customer stored, the tenant) the console mints its own partner tokens
// for: it only reads through /v1.
const CONSOLE_USER = 'c0a5013e-0000-4000-8000-00000000c0de';
const CONSOLE_TENANT = 'c0a5013e-0000-4000-8000-0000000000c0';
const OPERATIONS = ['any', 'create', 'get', 'update', 'checkout', 'orders', 'subscriptions',
  'catalog'];
const VIEWS = ['OnlineServices', 'Azure', 'AzureReservations', 'AzureReservationsVM',
  'AzureReservationsSQL', 'AzureReservationsCosmosDb', 'MicrosoftAzure', 'Software',
  'SoftwareSUSELinux', 'SoftwarePerpetual', 'SoftwareSubscriptions', 'SpecializedOffers'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'CA', 'AU', 'NL', 'IT', 'ES', 'SE', 'IE', 'IN',
  'BR', 'MX', 'NZ', 'SG', 'ZA'];

const state = {
  control: sessionStorage.getItem(TOKEN_KEY) || '',
  customers: null,          // GET /_cartd/customers items, once loaded
  partnerTokens: new Map(), // partner tenant -> {token, epoch, until}
  clockEpoch: 0,            // bumped when the clock moves: tokens minted before are dropped
  clockOffset: null,
  gen: 0,                   // bumped on each page change; stale async work checks it
  timers: new Set(),        // pending timeouts of the page's pollers
  catalog: { partner: '', country: 'US', view: 'OnlineServices', segment: '' },
};

// ---------------------------------------------------------------------------------------------
// DOM helpers

const $ = (selector, root = document) => root.querySelector(selector);
const enc = encodeURIComponent;
const dash = '—';
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// h('tag#id.class.other', {attribute: value, onclick: f}, 'text', node, [more], null);
// the attributes may be left out.
function h(spec, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs !== 'object' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  const [, tag, id, classes] = /^([a-z0-9]+)(?:#([\w-]+))?((?:\.[\w-]+)*)$/.exec(spec);
  const el = document.createElement(tag);
  if (id) el.id = id;
  if (classes) el.className = classes.slice(1).replace(/\./g, ' ');
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

let uid = 0;
const nextId = () => `c-${++uid}`;
const code = (text) => h('code', String(text));
const muted = (...text) => h('p.muted', text);
const button = (label, onclick, attrs = {}) => h(`button${attrs.cls || ''}`,
  { type: 'button', onclick, 'aria-label': attrs.label, id: attrs.id }, label);
const td = (...content) => h('td', content);
const submit = (label) => h('button', { type: 'submit' }, label);
const num = (value) => h('td.num', String(value));

function say(text, kind = '') {
  const status = $('#status');
  status.className = `status ${kind}`;
  status.textContent = text;
}

function time(value) {
  if (!value) return dash;
  return h('time', { datetime: value, title: value },
    value.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC'));
}

// "PT604800.5S" -> "7d 0h 0m 0.5s"
function offsetText(iso) {
  const match = /^PT(\d+)(\.\d+)?S$/.exec(iso || '');
  if (!match) return iso || dash;
  const s = Number(match[1]);
  return `${Math.floor(s / 86400)}d ${Math.floor(s % 86400 / 3600)}h ` +
    `${Math.floor(s % 3600 / 60)}m ${s % 60}${match[2] || ''}s`;
}

const badge = (text, kind) => h(`span.badge.b-${String(kind || text).toLowerCase()
  .replace(/[^\w-]/g, '')}`, text);

function table(headers, rows, caption) {
  return h('div.scroll', h('table', caption ? h('caption', caption) : null,
    h('thead', h('tr', headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', rows)));
}

function field(label, input, hint) {
  if (!input.id) input.id = nextId();
  return h('div.field', h('label', { for: input.id }, label), input,
    hint ? h('small', hint) : null);
}

const input = (spec, attrs = {}) => h(`input${spec}`, { spellcheck: 'false', ...attrs });

function select(spec, options, value, attrs = {}) {
  return h(`select${spec}`, attrs, options.map((o) => {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value }, label);
  }));
}

// A form whose submission (Enter or its button) runs `run` instead of loading a page.
function form(spec, run, ...children) {
  return h(`form${spec}`, { onsubmit: (event) => { event.preventDefault(); run(); } },
    children);
}

// A line of label/value pairs.
const facts = (pairs) => h('dl.facts', pairs.map(([label, value]) =>
  h('div', h('dt', label), h('dd', value))));

const errorText = (error, what) => h('p.error', `${what}: ${error.message}`);

async function copy(text, what, from) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    // Not a secure context, or no permission: the old way.
    const area = h('textarea.offscreen', { readonly: true, 'aria-hidden': 'true', value: text });
    document.body.append(area);
    area.select();
    try { done = document.execCommand('copy'); } catch { done = false; }
    area.remove();
    from.focus();
  }
  say(done ? `Copied ${what}.` : `Could not copy ${what}: select it and copy it by hand.`,
    done ? 'ok' : 'error');
}

function copyButton(text, what) {
  const b = button('Copy', () => copy(text, what, b), { cls: '.small', label: `Copy ${what}` });
  return b;
}

// A button that shows and hides a panel; `fill(panel)` runs the first time it opens (each time
// with `refill`).
function disclosure(label, fill, { cls = '.small', name, refill } = {}) {
  const panel = h(`div#${nextId()}.panel`, { hidden: true });
  const b = h(`button${cls}`, { type: 'button', 'aria-expanded': 'false',
    'aria-controls': panel.id, 'aria-label': name }, label);
  let filled = false;
  b.addEventListener('click', () => {
    const open = b.getAttribute('aria-expanded') !== 'true';
    b.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (open && (!filled || refill)) {
      filled = true;
      panel.replaceChildren();
      fill(panel);
    }
  });
  return { button: b, panel };
}

function jsonView(value, what) {
  const text = JSON.stringify(value, null, 2);
  return h('div.json', copyButton(text, `the ${what} JSON`), h('pre', text));
}

// The raw JSON of a resource behind a button.
const rawJson = (value, what) => disclosure('JSON', (panel) => panel.append(jsonView(value, what)),
  { name: `Raw JSON of the ${what}` });

// A table row under another that holds a disclosure's panel, shown with it.
function detailRow(d, columns) {
  const row = h('tr.detail', { hidden: true }, h('td', { colspan: String(columns) }, d.panel));
  d.button.addEventListener('click', () => {
    row.hidden = d.button.getAttribute('aria-expanded') !== 'true';
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Calls

class ApiError extends Error {
  constructor(status, errorCode, description) {
    const coded = errorCode !== null && errorCode !== undefined ? `, code ${errorCode}` : '';
    super(`${status ? `HTTP ${status}` : 'No answer'}${coded}: ${description}`);
    this.status = status;
    this.code = errorCode;
  }
}

async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    if (typeof body !== 'string') body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, null, `cartd did not answer (${error.message}); is it running?`);
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (response.ok) return data;
  // Partner Center's {"code", "description", ...} or the gateway's {"statusCode", "message"}.
  let description = text.trim().slice(0, 200) || response.statusText || 'the request failed';
  let errorCode = null;
  if (data && typeof data === 'object') {
    if (data.code !== undefined) errorCode = data.code;
    description = data.description || data.message || description;
  }
  throw new ApiError(response.status, errorCode, description);
}

// A stand-in control. A refused control token signs the tab out.
async function ctl(method, path, body) {
  try {
    return await call(method, `/_cartd/${path}`, { token: state.control, body });
  } catch (error) {
    if (error.status === 401 || (error.status === 403 && error.code === 800101)) {
      signOut(`The control token was refused (${error.message}). Sign in again.`);
    }
    throw error;
  }
}

// A partner token for the console's reads through /v1, minted on cartd's clock for an hour.
async function partnerToken(partner, fresh) {
  const cached = state.partnerTokens.get(partner);
  if (!fresh && cached && cached.epoch === state.clockEpoch && Date.now() < cached.until) {
    return cached.token;
  }
  const { token } = await ctl('POST', 'tokens', { tenant: partner, user: CONSOLE_USER,
    ttl: 'PT1H' });
  state.partnerTokens.set(partner, { token, epoch: state.clockEpoch,
    until: Date.now() + 50 * 60 * 1000 });
  return token;
}

async function v1(partner, path) {
  try {
    return await call('GET', `/v1/${path}`, { token: await partnerToken(partner) });
  } catch (error) {
    // The clock may have been moved elsewhere: mint again once.
    if (error.status !== 401) throw error;
    return call('GET', `/v1/${path}`, { token: await partnerToken(partner, true) });
  }
}

function clockMoved(clock) {
  if (clock && clock.offset === state.clockOffset) return;
  state.clockOffset = clock ? clock.offset : null;
  state.clockEpoch += 1;
}

async function customers(force) {
  if (!state.customers || force) state.customers = (await ctl('GET', 'customers')).items;
  return state.customers;
}

const partnersOf = (list) => [...new Set(list.map((c) => c.partnerTenant))];

// Partner and customer inputs offering the known ones.
function guidInputs(prefix, values = {}) {
  const partners = h(`datalist#${prefix}-partners`);
  const known = h(`datalist#${prefix}-customers`);
  customers().then((all) => {
    partners.replaceChildren(...partnersOf(all).map((p) => h('option', { value: p })));
    known.replaceChildren(...all.map((c) => h('option', { value: c.id }, c.companyName)));
  }).catch(() => {});
  const make = (name, list) => input(`#${prefix}-${name}`, { name, list: list.id,
    placeholder: 'any', value: values[name] });
  return { partner: make('partner', partners), customer: make('customer', known),
    lists: [partners, known] };
}

// ---------------------------------------------------------------------------------------------
// Pages

function stopTimers() {
  for (const t of state.timers) clearTimeout(t);
  state.timers.clear();
}

// Runs `tick` every `ms` (after the previous tick ends) while the page that started it is shown.
function every(gen, ms, tick) {
  let timer;
  const schedule = () => state.timers.add(timer = setTimeout(run, ms));
  const run = async () => {
    state.timers.delete(timer);
    if (gen !== state.gen) return;
    try { await tick(); } catch { /* the tick shows its own errors */ }
    if (gen === state.gen) schedule();
  };
  schedule();
}

// Fills `box` with what `make` builds, or with the error; nothing if the page has changed.
async function load(box, gen, what, make) {
  box.replaceChildren(muted('Loading…'));
  try {
    const nodes = await make();
    if (gen === state.gen) box.replaceChildren(...[nodes].flat(Infinity).filter(Boolean));
  } catch (error) {
    if (gen !== state.gen) return;
    box.replaceChildren(errorText(error, what));
    say(`${what}: ${error.message}`, 'error');
  }
}

const heading = (title, ...rest) => h('div.heading', h('h1', title), rest);

function pageSignIn(main, message) {
  const token = input('#control-token', { type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'signin-help signin-error' });
  const problem = h('p#signin-error.error', message || '');
  const send = submit('Sign in');
  main.append(heading('Sign in'),
    h('p#signin-help', 'The console drives the stand-in controls, so it needs the ',
      h('strong', 'control token'), ' that ', code('cartd serve'), ' prints at start (',
      code('cartd token --control --data-dir DIR'), ' prints it too). It is kept for this ',
      'browser tab only.'),
    form('.card.signin', async () => {
      const value = token.value.trim().replace(/^Bearer\s+/i, '');
      if (!value) return;
      send.disabled = true;
      try {
        const clock = await call('GET', '/_cartd/clock', { token: value });
        sessionStorage.setItem(TOKEN_KEY, value);
        state.control = value;
        clockMoved(clock);
        say('Signed in.', 'ok');
        route(true);
      } catch (error) {
        const text = error.status === 401 || error.status === 403
          ? `The control token was refused: ${error.message}`
          : `Could not sign in: ${error.message}`;
        problem.textContent = text;
        say(text, 'error');
        send.disabled = false;
        token.focus();
        token.select();
      }
    }, field('Control token', token), problem, send));
  if (message) say(message, 'error');
  token.focus();
}

async function pageCustomers(main, args, query, gen) {
  const box = h('div');
  main.append(heading('Partners and customers', button('Refresh', () => route())), box);
  await load(box, gen, 'Loading the customers', async () => {
    const list = await customers(true);
    if (!list.length) {
      return h('p', 'No customers. Load fixtures or reset to the demo data on ',
        h('a', { href: '#/data' }, 'Reset & fixtures'), '.');
    }
    return partnersOf(list).map((partner) => {
      const mine = list.filter((c) => c.partnerTenant === partner);
      return h('section.card', { 'aria-label': `Partner ${partner}` },
        h('h2', 'Partner tenant ', code(partner)),
        muted(plural(mine.length, 'customer'), ' · ',
          h('a', { href: `#/tokens?partner=${enc(partner)}` }, 'mint a token'), ' · ',
          h('a', { href: `#/journal?partner=${enc(partner)}` }, 'requests')),
        table(['Company', 'Customer id', 'Country', 'Currency', 'Journal'], mine.map((c) =>
          h('tr', null,
            td(h('a', { href: `#/customer/${enc(partner)}/${enc(c.id)}` }, c.companyName || c.id)),
            td(code(c.id)), td(c.country), td(c.currency),
            td(h('a', { href: `#/journal?customer=${enc(c.id)}`,
              'aria-label': `Requests for ${c.companyName || c.id}` }, 'requests'))))));
    });
  });
}

function cartLines(lines, depth = 0) {
  return lines.flatMap((line) => [
    h(`tr${line.error ? '.line-error' : ''}`, null,
      td(depth ? '↳ ' : '', String(line.id)),
      td(code(line.catalogItemId), line.friendlyName ? h('div.muted', line.friendlyName)
        : null),
      num(line.quantity), td(line.billingCycle), td(line.termDuration || dash), td(line.orderGroup),
      td(line.error ? h('span.err', h('strong', String(line.error.errorCode)), ' ',
        line.error.errorDescription) : dash)),
    cartLines(line.addonItems || [], depth + 1)]);
}

function cartCard(item) {
  const { cart, expired } = item;
  const raw = rawJson(item, `cart ${cart.id}`);
  const errors = JSON.stringify(cart.lineItems).includes('"errorCode"');
  return h(`article.card.cart${expired ? '.expired' : ''}`, { 'data-cart': cart.id },
    h('h3', 'Cart ', code(cart.id), ' ', badge(cart.status),
      expired ? badge('expired') : null, errors ? badge('line errors', 'errors') : null),
    facts([['Created', time(cart.creationTimestamp)],
      ['Expires', [time(cart.expirationTimestamp),
        expired ? h('strong.err', ' expired: the API answers 404') : '']],
      ['Last modified', [time(cart.lastModifiedTimestamp), ' by ',
        code(cart.lastModifiedUser || dash)]],
      ['ETag', code(item.etag)]]),
    table(['Line', 'Catalog item', 'Qty', 'Billing', 'Term', 'Order group', 'Error'],
      cartLines(cart.lineItems || []), 'Lines'),
    h('div.actions', raw.button), raw.panel);
}

function orderCard(partner, customer, order) {
  const raw = rawJson(order, `order ${order.id}`);
  const status = disclosure('Provisioning status', (panel) => {
    const box = h('div');
    panel.append(box);
    load(box, state.gen, 'Provisioning status', async () => {
      const result = await v1(partner,
        `customers/${enc(customer)}/orders/${enc(order.id)}/provisioningstatus`);
      return table(['Line', 'Status', 'Quantities'], (result.items || []).map((s) =>
        h('tr', td(String(s.lineItemNumber)), td(badge(s.status)),
          td((s.quantityProvisioningInformation || [])
            .map((q) => `${q.quantity} ${q.status}`).join(', ') || dash))));
    });
  }, { name: `Provisioning status of order ${order.id}`, refill: true });
  return h('article.card.order', { 'data-order': order.id },
    h('h3', 'Order ', code(order.id), ' ', badge(order.status)),
    facts([['Created', time(order.creationDate)], ['Billing', order.billingCycle],
      ['Total', order.totalPrice !== undefined
        ? `${order.currencySymbol || ''}${order.totalPrice} ${order.currencyCode}` : dash]]),
    table(['Line', 'Offer', 'Qty', 'Term', 'Subscription'], (order.lineItems || []).map((l) =>
      h('tr', td(String(l.lineItemNumber)),
        td(code(l.offerId), l.friendlyName ? h('div.muted', l.friendlyName) : null),
        num(l.quantity), td(l.termDuration || dash), td(code(l.subscriptionId)))), 'Lines'),
    h('div.actions', status.button, raw.button), status.panel, raw.panel);
}

function subscriptionRows(s) {
  const raw = rawJson(s, `subscription ${s.id}`);
  return [h('tr', { 'data-subscription': s.id }, td(code(s.id)),
    td(s.friendlyName || s.offerName || dash), td(code(s.offerId)), num(s.quantity),
    td(badge(s.status)), td(s.billingCycle || dash), td(s.termDuration || dash),
    td(code(s.orderId || dash)), td(raw.button)), detailRow(raw, 9)];
}

async function pageCustomer(main, [partner, customer], query, gen) {
  if (!partner || !customer) return pageNotFound(main);
  const title = h('h1', 'Customer');
  const about = muted();
  const carts = h('div');
  const orders = h('div');
  const subscriptions = h('div');
  const section = (id, name, box) => h('section', { 'aria-labelledby': id },
    h(`h2#${id}`, name), box);
  main.append(h('div.heading', title, button('Refresh', () => route())), about,
    h('p.links', h('a', { href: '#/customers' }, '← All customers'), ' · ',
      h('a', { href: `#/journal?customer=${enc(customer)}` }, 'Requests for this customer'), ' · ',
      h('a', { href: `#/tokens?partner=${enc(partner)}` }, 'Mint a token for its partner')),
    section('carts-h', 'Carts', carts), section('orders-h', 'Orders', orders),
    section('subs-h', 'Subscriptions', subscriptions));
  customers().then((list) => {
    const c = list.find((x) => x.id === customer && x.partnerTenant === partner);
    if (gen !== state.gen) return;
    if (c) {
      title.textContent = c.companyName || 'Customer';
      document.title = `${title.textContent} · cartd console`;
    }
    about.replaceChildren('Customer ', code(customer), ' of partner ', code(partner),
      c ? ` · ${c.country} · ${c.currency}` : ' (not in the customer list)');
  }).catch(() => {});
  const path = `customers/${enc(customer)}`;
  const none = (what) => muted(`No ${what}.`);
  await Promise.all([
    load(carts, gen, 'Loading the carts', async () => {
      const list = await ctl('GET', `carts?partner=${enc(partner)}&customer=${enc(customer)}`);
      const items = list.items.slice().sort((a, b) =>
        String(b.cart.creationTimestamp).localeCompare(String(a.cart.creationTimestamp)));
      return [items.length ? items.map(cartCard) : none('carts'),
        muted('Expired carts are listed until the sweeper deletes them (--sweep-grace after ',
          'their expiry, an hour by default).')];
    }),
    load(orders, gen, 'Loading the orders', async () => {
      const { items } = await v1(partner, `${path}/orders`);
      return items.length ? items.map((o) => orderCard(partner, customer, o)) : none('orders');
    }),
    load(subscriptions, gen, 'Loading the subscriptions', async () => {
      const { items } = await v1(partner, `${path}/subscriptions`);
      return items.length ? table(['Subscription', 'Name', 'Offer', 'Qty', 'Status', 'Billing',
        'Term', 'Order', ''], items.map(subscriptionRows)) : none('subscriptions');
    }),
  ]);
}

// The request journal, live.
function journalEntry(e) {
  const pretty = (body, cut) => {
    if (!body) return muted('(empty)');
    let text = body;
    try { text = JSON.stringify(JSON.parse(body), null, 2); } catch { /* not JSON */ }
    return [h('pre', text), cut ? muted('(cut at 64 KiB)') : null];
  };
  const headers = (list) => h('dl.headers', Object.entries(list || {})
    .map(([k, v]) => [h('dt', k), h('dd', v)]));
  const side = (name, hs, body, cut) => h('section', h('h3', name), headers(hs),
    pretty(body, cut));
  const { button: row, panel } = disclosure([
    h('span.when', time(e.received)),
    h(`span.st.s${String(e.status || 0)[0]}`, e.status ? String(e.status) : 'dropped'),
    h('span.method', e.method), h('span.target', e.target),
    h('span.ms', `${e.latencyMs} ms`), e.fault ? h('span.fault', e.fault) : null,
  ], (box) => box.append(
    muted(`#${e.sequence} · ${e.route}`,
      e.partnerTenant ? [' · partner ', code(e.partnerTenant)] : null,
      e.customerId ? [' · customer ', code(e.customerId)] : null,
      ` · request id ${e.requestId || dash} · correlation id ${e.correlationId || dash}`,
      e.fault ? [' · decided by fault ', code(e.fault)] : null),
    h('div.exchange', null,
      side('Request', e.requestHeaders, e.requestBody, e.requestBodyTruncated),
      side('Response', e.responseHeaders, e.responseBody, e.responseBodyTruncated))),
  { cls: '.row' });
  return h('li', { 'data-sequence': String(e.sequence), 'data-status': String(e.status),
    'data-fault': e.fault }, row, panel);
}

async function pageJournal(main, args, query, gen) {
  const filters = { partner: query.get('partner') || '', customer: query.get('customer') || '' };
  const list = h('ol.journal', { 'aria-label': 'Requests, newest first' });
  const info = muted();
  const problem = h('p.error');
  const live = input('#journal-live', { type: 'checkbox', checked: true });
  const guid = guidInputs('journal', filters);
  let newest = 0;
  const describe = () => {
    info.textContent = `${plural(list.children.length, 'request')} shown, newest first` +
      (filters.partner || filters.customer ? ' (filtered)' : '') +
      (live.checked ? '; live: new requests appear within a second.' : '; paused.');
  };
  live.addEventListener('change', describe);
  const clear = async () => {
    try {
      const { removed } = await ctl('DELETE', 'requests');
      list.replaceChildren();
      describe();
      say(`Cleared the journal (${plural(removed, 'request')}).`, 'ok');
    } catch (error) {
      say(`Clearing the journal: ${error.message}`, 'error');
    }
  };
  main.append(heading('Request journal'), form('.filters', () => {
    const q = new URLSearchParams();
    for (const name of ['partner', 'customer']) {
      if (guid[name].value.trim()) q.set(name, guid[name].value.trim());
    }
    location.hash = `#/journal${String(q) ? `?${q}` : ''}`;
  }, field('Partner tenant', guid.partner), field('Customer', guid.customer), guid.lists,
  submit('Filter'),
  h('div.check', live, h('label', { for: live.id }, 'Live')),
  button('Clear journal', clear, { cls: '.danger' })), info, problem, list);

  // The most one read returns: a poll a second misses nothing below a thousand requests a second.
  const params = new URLSearchParams({ limit: '1000' });
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  const fetchNew = async () => {
    let page;
    try {
      page = await ctl('GET', `requests?${params}`);
    } catch (error) {
      if (gen === state.gen) problem.textContent = `Reading the journal: ${error.message}`;
      return;
    }
    if (gen !== state.gen) return;
    problem.textContent = '';
    const { items } = page;
    if (items.length && items[0].sequence < newest) { // cartd restarted: start over
      list.replaceChildren();
      newest = 0;
    }
    const fresh = items.filter((e) => e.sequence > newest);
    if (fresh.length) {
      newest = fresh[0].sequence;
      list.prepend(...fresh.map(journalEntry));
      while (list.children.length > 500) list.lastChild.remove();
    }
    describe();
  };
  await fetchNew();
  every(gen, 1000, async () => { if (live.checked) await fetchNew(); });
}

async function pageClock(main, args, query, gen) {
  const now = h('dd#clock-now', '…');
  const system = h('dd#clock-system', '…');
  const offset = h('dd#clock-offset', '…');
  const problem = h('p#clock-error.error');
  let base = null;
  const tick = () => {
    if (!base) return;
    const passed = Date.now() - base.at;
    now.replaceChildren(time(new Date(base.now + passed).toISOString()));
    system.replaceChildren(time(new Date(base.system + passed).toISOString()));
  };
  const show = (clock) => {
    clockMoved(clock);
    base = { now: Date.parse(clock.now), system: Date.parse(clock.systemNow), at: Date.now() };
    offset.replaceChildren(code(clock.offset),
      ` (${offsetText(clock.offset)} ahead of the system clock)`);
    tick();
  };
  const move = async (body, what) => {
    problem.textContent = '';
    try {
      const clock = await ctl('POST', 'clock', body);
      show(clock);
      say(`${what}: cartd's time is now ${clock.now}.`, 'ok');
      return true;
    } catch (error) {
      problem.textContent = `${what} failed: ${error.message}`;
      say(problem.textContent, 'error');
      return false;
    }
  };
  const by = input('#clock-advance', { placeholder: 'P7D, PT36H, 7d, 36h', required: true });
  const to = input('#clock-to', { placeholder: '2030-01-01T00:00:00Z', required: true });
  main.append(heading('Clock'),
    h('p', 'Everything that reads time in cartd reads this clock: cart expiry, order ',
      'completion, the cancellation window, idempotent replies and token times.'),
    h('dl.card.clock', h('dt', 'cartd time'), now, h('dt', 'System time'),
      system, h('dt', 'Offset'), offset),
    h('section.card', h('h2', 'Move it'),
      h('div.actions', { role: 'group', 'aria-label': 'Quick advance' },
        [['+1h', 'PT1H'], ['+1d', 'P1D'], ['+7d', 'P7D']].map(([label, d]) =>
          button(label, () => move({ advance: d }, `Advanced by ${d}`),
            { label: `Advance by ${d}` }))),
      form('.inline', async () => {
        if (await move({ advance: by.value.trim() }, `Advanced by ${by.value.trim()}`)) {
          by.value = '';
        }
      }, field('Advance by', by, 'An ISO 8601 duration (P7D, PT36H, P1DT2H) or 7d, 36h.'),
      submit('Advance')),
      form('.inline', () => move({ now: to.value.trim() }, `Set to ${to.value.trim()}`),
        field('Set to', to, 'A later UTC time: time only moves forward.'),
        submit('Set')),
      problem),
    muted('A reset on ', h('a', { href: '#/data' }, 'Reset & fixtures'),
      ' sets it back to the system time.'));
  const refresh = async () => {
    try {
      const clock = await ctl('GET', 'clock');
      if (gen === state.gen) show(clock);
    } catch (error) {
      if (gen === state.gen) problem.textContent = `Reading the clock: ${error.message}`;
    }
  };
  await refresh();
  let ticks = 0;
  every(gen, 1000, async () => {
    tick();
    if (++ticks % 10 === 0) await refresh();
  });
}

async function pageFaults(main, args, query, gen) {
  const box = h('section.card');
  const problem = h('p#fault-error.error');
  const guid = guidInputs('fault');
  const number = (name, attrs) => input(`#fault-${name}`, { name, type: 'number', ...attrs });
  const text = (name, placeholder) => input(`#fault-${name}`, { name, placeholder });
  const operation = select('#fault-operation', OPERATIONS, 'any');
  const action = select('#fault-action', ['error', 'delay', 'drop'], 'error');
  const errorFields = h('div.grid', null,
    field('Status', number('status', { min: '400', max: '599', value: '503' })),
    field('Code', number('code', { placeholder: 'usual for the status' })),
    field('Description', text('description', 'usual for the status')),
    field('Retry-After (s)', number('retryAfter', { min: '1', max: '3600' })));
  const delayFields = h('div.grid', { hidden: true },
    field('Delay', text('delay', 'PT2S, 1500ms'), 'Up to 120 s.'));
  action.addEventListener('change', () => {
    errorFields.hidden = action.value !== 'error';
    delayFields.hidden = action.value !== 'delay';
  });
  const arm = form('#fault-form.card', async () => {
    problem.textContent = '';
    const body = { operation: operation.value, action: action.value };
    const names = ['count', 'probability', 'partner', 'customer'];
    if (action.value === 'error') names.push('status', 'code', 'description', 'retryAfter');
    if (action.value === 'delay') names.push('delay');
    for (const name of names) {
      const el = arm.elements[name];
      const value = el.value.trim();
      if (value !== '') body[name] = el.type === 'number' ? Number(value) : value;
    }
    try {
      const rule = await ctl('POST', 'faults', body);
      say(`Armed ${rule.id}: ${rule.action} on ${rule.operation}.`, 'ok');
      await refresh(true);
    } catch (error) {
      problem.textContent = `Arming the fault failed: ${error.message}`;
      say(problem.textContent, 'error');
    }
  }, h('h2', 'Arm a fault'),
  h('div.grid', field('Operation', operation), field('Action', action),
    field('Count', number('count', { min: '1', placeholder: 'no end' })),
    field('Probability', number('probability', { min: '0', max: '1', step: 'any',
      placeholder: '1' })),
    field('Partner tenant', guid.partner), field('Customer', guid.customer)),
  errorFields, delayFields, guid.lists, problem, submit('Arm'));
  const clear = async (id) => {
    try {
      await ctl('DELETE', id ? `faults/${enc(id)}` : 'faults');
      say(id ? `Cleared ${id}.` : 'Cleared every fault.', 'ok');
      await refresh(true);
    } catch (error) {
      say(`Clearing: ${error.message}`, 'error');
    }
  };
  main.append(heading('Faults', button('Clear all', () => clear(''), { cls: '.danger' })), box,
    arm);

  const title = h('h2', 'Armed rules');
  const answer = (r) => {
    if (r.action === 'delay') return `wait ${r.delay}, then answer`;
    if (r.action === 'drop') return 'close the connection';
    return [h('strong', String(r.status)), r.code !== undefined ? ` ${r.code}` : '',
      ` ${r.description || ''}`, r.retryAfter ? ` (Retry-After ${r.retryAfter})` : ''];
  };
  const spent = (r) => r.count !== undefined && r.fired >= r.count;
  let shown = '';
  async function refresh(force) {
    let page;
    try {
      page = await ctl('GET', 'faults');
    } catch (error) {
      if (gen === state.gen) box.replaceChildren(title, errorText(error, 'Reading the faults'));
      return;
    }
    if (gen !== state.gen) return;
    const { items } = page;
    const ids = items.map((r) => `${r.id}${spent(r) ? ' spent' : ''}`).join(',');
    if (ids === shown && !force) { // only the counts change: keep the focus where it is
      for (const r of items) {
        const row = box.querySelector(`tr[data-fault="${CSS.escape(r.id)}"]`);
        row.querySelector('.matched').textContent = String(r.matched);
        row.querySelector('.fired').textContent = String(r.fired);
      }
      return;
    }
    shown = ids;
    if (!items.length) {
      box.replaceChildren(title, muted('No faults armed.'));
      return;
    }
    box.replaceChildren(title, table(['Id', 'Operation', 'Partner', 'Customer', 'Action',
      'Answer', 'Count', 'Probability', 'Matched', 'Fired', ''],
    items.map((r) => h(`tr${spent(r) ? '.spent' : ''}`, { 'data-fault': r.id },
      td(code(r.id), spent(r) ? [' ', badge('spent')] : null), td(r.operation),
      td(r.partner ? code(r.partner) : 'any'), td(r.customer ? code(r.customer) : 'any'),
      td(r.action), td(answer(r)), num(r.count !== undefined ? r.count : '∞'),
      num(r.probability), h('td.num.matched', String(r.matched)),
      h('td.num.fired', String(r.fired)),
      td(button('Clear', () => clear(r.id), { cls: '.small', label: `Clear ${r.id}` }))))),
    muted('Matched: requests the rule applied to; fired: times it acted. Spent rules stay ',
      'listed until cleared.'));
  }
  box.append(title, muted('Loading…'));
  await refresh(true);
  every(gen, 2000, () => refresh(false));
}

async function pageCatalog(main, args, query, gen) {
  const c = state.catalog;
  main.append(heading('Catalog'));
  const all = await customers().catch(() => []);
  if (gen !== state.gen) return;
  const partners = partnersOf(all);
  // Any partner's token reads the catalog; with no customer stored, the console's own tenant.
  if (!c.partner) c.partner = partners[0] || CONSOLE_TENANT;
  const partner = input('#catalog-partner', { value: c.partner, required: true,
    list: 'catalog-partners' });
  const country = select('#catalog-country',
    [...new Set([...all.map((x) => x.country), ...COUNTRIES])], c.country);
  const view = select('#catalog-view', VIEWS, c.view);
  const segment = select('#catalog-segment', ['', 'commercial', 'education', 'government',
    'nonprofit'].map((s) => [s, s || 'any']), c.segment);
  const products = h('div#catalog-products');
  const skus = h('div#catalog-skus');
  const availabilities = h('div#catalog-availabilities');
  const market = () => `country=${enc(c.country)}${c.segment
    ? `&targetSegment=${enc(c.segment)}` : ''}`;
  const show = (box, what, make) => load(box, gen, `Loading the ${what}`, make).then(() => {
    const title = box.querySelector('h2');
    if (!title) return;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
    box.scrollIntoView({ block: 'start' });
  });
  const showAvailabilities = (product, sku) => show(availabilities, 'availabilities', async () => {
    const { items } = await v1(c.partner,
      `products/${enc(product.id)}/skus/${enc(sku.id)}/availabilities?${market()}`);
    return h('section.card', null,
      h('h2', `Availabilities of ${product.id}:${sku.id} in ${c.country}`),
      table(['Catalog item id', 'Segment', 'Currency', 'Purchasable', 'Terms', ''],
        items.map((a) => {
          const raw = rawJson(a, `availability ${a.id}`);
          return [h('tr', { 'data-availability': a.id },
            td(h('code.catalog-item-id', a.catalogItemId), ' ',
              copyButton(a.catalogItemId, `catalog item id ${a.catalogItemId}`)),
            td(a.segment), td(a.defaultCurrency ? a.defaultCurrency.code : dash),
            td(a.isPurchasable ? 'yes' : 'no'),
            td((a.terms || []).map((t) => `${t.duration} ${t.billingCycle}`).join(', ') ||
              'no term'),
            td(raw.button)), detailRow(raw, 6)];
        })));
  });
  const showSkus = (product) => {
    availabilities.replaceChildren();
    show(skus, 'SKUs', async () => {
      const { items } = await v1(c.partner, `products/${enc(product.id)}/skus?${market()}`);
      return h('section.card', h('h2', `SKUs of ${product.id} (${product.title})`),
        table(['SKU', 'Title', 'Quantity', 'Billing cycles', ''], items.map((s) =>
          h('tr', td(code(s.id)), td(s.title),
            td(`${s.minimumQuantity}–${s.maximumQuantity}`),
            td((s.supportedBillingCycles || []).join(', ')),
            td(button('Availabilities', () => showAvailabilities(product, s),
              { cls: '.small', label: `Availabilities of SKU ${s.id}` }))))));
    });
  };
  const showProducts = () => {
    skus.replaceChildren();
    availabilities.replaceChildren();
    load(products, gen, 'Loading the products', async () => {
      const { items } = await v1(c.partner,
        `products?${market()}&targetView=${enc(c.view)}`);
      if (!items.length) return muted('No products in this view there.');
      return h('section.card', h('h2', `Products in ${c.view}, ${c.country}`),
        table(['Product', 'Title', 'Type', 'Publisher', ''], items.map((p) =>
          h('tr', td(code(p.id)), td(p.title),
            td(p.productType ? p.productType.displayName || p.productType.id : dash),
            td(p.publisherName),
            td(button('SKUs', () => showSkus(p),
              { cls: '.small', label: `SKUs of ${p.title}` }))))));
    });
  };
  main.append(
    h('p', 'Products → SKUs → availabilities, as ', code('GET /v1/products'),
      ' answers them. A cart line names an availability by its catalog item id.'),
    form('.filters', () => {
      Object.assign(c, { partner: partner.value.trim(), country: country.value,
        view: view.value, segment: segment.value });
      showProducts();
    }, field('Partner tenant (whose token reads it)', partner), field('Country', country),
    field('Target view', view), field('Segment', segment),
    h('datalist#catalog-partners', partners.map((p) => h('option', { value: p }))),
    submit('Show products')),
    products, skus, availabilities);
  showProducts();
}

async function pageTokens(main, args, query, gen) {
  main.append(heading('Tokens'));
  const all = await customers().catch(() => []);
  if (gen !== state.gen) return;
  const partners = partnersOf(all);
  const tenant = input('#token-tenant', { required: true, list: 'token-partners',
    value: query.get('partner') || partners[0] || '' });
  const radio = (kind) => input(`#token-kind-${kind}`, { type: 'radio', name: 'kind',
    value: kind, checked: kind === 'user' });
  const kindUser = radio('user');
  const kindApp = radio('app');
  const user = input('#token-user', { value: CONSOLE_USER });
  const app = input('#token-app', { value: 'c0a5013e-0000-4000-8000-0000000a0001' });
  const userField = field('User object id (oid)', user);
  const appField = field('Application id', app);
  appField.hidden = true;
  const ttl = input('#token-ttl', { value: 'PT1H' });
  const problem = h('p.error');
  const result = h('div#token-result');
  const sync = () => {
    userField.hidden = !kindUser.checked;
    appField.hidden = !kindApp.checked;
  };
  kindUser.addEventListener('change', sync);
  kindApp.addEventListener('change', sync);
  const check = (radioInput, label) => h('div.check', radioInput,
    h('label', { for: radioInput.id }, label));
  main.append(
    h('p', 'Development tokens, signed with this node\'s key and minted on cartd\'s ',
      'clock.'),
    form('#token-form.card', async () => {
      problem.textContent = '';
      const body = { tenant: tenant.value.trim() };
      if (kindUser.checked) body.user = user.value.trim(); else body.app = app.value.trim();
      if (ttl.value.trim()) body.ttl = ttl.value.trim();
      try {
        const minted = await ctl('POST', 'tokens', body);
        let claims = null;
        try {
          claims = JSON.parse(atob(minted.token.split('.')[1].replace(/-/g, '+')
            .replace(/_/g, '/')));
        } catch { claims = null; }
        result.replaceChildren(h('section.card', h('h2', 'Token'),
          h('p', `${kindUser.checked ? 'App+User' : 'App-only'} token for partner `,
            code(body.tenant), ', expires ', h('span#minted-expiry', time(minted.expiresOn)),
            ' on cartd\'s clock.'),
          h('textarea#minted-token', { readonly: true, rows: '4', spellcheck: 'false',
            'aria-label': 'The minted token', value: minted.token }),
          h('div.actions', copyButton(minted.token, 'the token')),
          claims ? h('details', h('summary', 'Claims'), jsonView(claims, 'claims'))
            : null,
          muted('Use it as ', code('Authorization: Bearer <token>'), ' on /v1. Moving the ',
            'clock past its expiry makes cartd refuse it.')));
        say(`Minted a token for ${body.tenant}, expiring ${minted.expiresOn}.`, 'ok');
      } catch (error) {
        problem.textContent = `Minting failed: ${error.message}`;
        say(problem.textContent, 'error');
      }
    }, h('div.grid', field('Partner tenant', tenant),
      h('fieldset.kind', h('legend', 'Kind'), check(kindUser, 'App+User'),
        check(kindApp, 'App-only')),
      userField, appField, field('Lifetime', ttl, 'PT1H, P1D, 30m; at most 366 days.')),
    h('datalist#token-partners', partners.map((p) => h('option', { value: p }))),
    problem, submit('Mint')),
    result);
}

function pageData(main) {
  const to = select('#reset-to', [['demo', 'the demo data'], ['empty', 'nothing (empty)']],
    'demo');
  const confirmBox = h('div.confirm', { hidden: true, role: 'group',
    'aria-label': 'Confirm the reset' });
  const resetResult = h('div');
  const fixturesResult = h('div');
  const loaded = (result, what) => h('div', null,
    h('p', `${what}: ${plural(result.customers, 'customer')}, `,
      `${plural(result.carts.length, 'cart')}.`),
    result.carts.length ? h('ul', result.carts.map((k) => h('li', null,
      h('a', { href: `#/customer/${enc(k.partnerTenant)}/${enc(k.customerId)}` }, 'cart ',
        code(k.id))))) : null);
  const ask = button('Reset…', () => {
    confirmBox.replaceChildren(
      h('p', h('strong', 'Delete every cart, order, subscription, stored reply and ',
        'customer'), `, set the clock back to the system time and load ${to.value === 'demo'
        ? 'the demo data' : 'nothing'}? Fault rules and the journal stay.`),
      button(`Yes, reset to ${to.value}`, reset, { cls: '.danger', id: 'reset-confirm' }), ' ',
      button('Cancel', () => {
        confirmBox.hidden = true;
        ask.focus();
      }));
    confirmBox.hidden = false;
    $('#reset-confirm').focus();
  }, { cls: '.danger', id: 'reset-ask' });
  async function reset() {
    confirmBox.hidden = true;
    try {
      const result = await ctl('POST', 'reset', { to: to.value });
      state.customers = null;
      clockMoved(null);
      resetResult.replaceChildren(loaded(result, `Reset to ${result.to}`));
      say(`Reset to ${result.to}: ${plural(result.customers, 'customer')}.`, 'ok');
    } catch (error) {
      resetResult.replaceChildren(errorText(error, 'The reset failed'));
      say(`The reset failed: ${error.message}`, 'error');
    }
    ask.focus();
  }
  const text = h('textarea#fixtures-text', { rows: '8', spellcheck: 'false',
    placeholder: '{"customers": [{"partnerTenant": "…", "id": "…", "country": "US", ' +
      '"currency": "USD", "companyName": "Contoso"}],\n "carts": [{"partnerTenant": "…", ' +
      '"customerId": "…", "cart": {"lineItems": [{"catalogItemId": "…", "quantity": 1, ' +
      '"billingCycle": "monthly", "termDuration": "P1Y"}]}}]}' });
  main.append(heading('Reset & fixtures'),
    h('section.card', h('h2', 'Reset'),
      h('div.inline', field('Reset to', to), ask), confirmBox, resetResult),
    form('.card', async () => {
      try {
        const result = await ctl('POST', 'fixtures', text.value);
        state.customers = null;
        fixturesResult.replaceChildren(loaded(result, 'Loaded'));
        say(`Loaded ${plural(result.customers, 'customer')} and ` +
          `${plural(result.carts.length, 'cart')}.`, 'ok');
      } catch (error) {
        fixturesResult.replaceChildren(errorText(error, 'Loading the fixtures failed'));
        say(`Loading the fixtures failed: ${error.message}`, 'error');
      }
    }, h('h2', 'Load fixtures'),
    h('p', 'Customers are added or replaced; carts are created Active now. The format is ',
      'that of ', code('data/demo-fixtures.json'), ' (docs/controls.md).'),
    field('Fixtures (JSON)', text), submit('Load'), fixturesResult));
}

function pageNotFound(main) {
  main.append(heading('Not found'), h('p', 'The console has no such page. ',
    h('a', { href: '#/customers' }, 'Go to the customers.')));
}

const PAGES = {
  customers: pageCustomers, customer: pageCustomer, journal: pageJournal, clock: pageClock,
  faults: pageFaults, catalog: pageCatalog, tokens: pageTokens, data: pageData,
};

// ---------------------------------------------------------------------------------------------
// Routing: #/page/arguments?query

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { control: '', customers: null });
  state.partnerTokens.clear();
  route(false, message);
}

function route(focus, message) {
  stopTimers();
  state.gen += 1;
  const main = $('#main');
  main.replaceChildren();
  document.title = 'cartd console';
  const signedIn = Boolean(state.control);
  $('#nav').hidden = !signedIn;
  $('#signout').hidden = !signedIn;
  if (!signedIn) {
    pageSignIn(main, message);
    return;
  }
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const name = parts[0] || 'customers';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name === 'customer' ? 'customers' : name}`) {
      link.setAttribute('aria-current', 'page');
      document.title = `${link.textContent} · cartd console`;
    } else {
      link.removeAttribute('aria-current');
    }
  }
  Promise.resolve((PAGES[name] || pageNotFound)(main, parts.slice(1),
    new URLSearchParams(search), state.gen)).catch((error) => say(error.message, 'error'));
  const title = main.querySelector('h1');
  if (focus && title) {
    title.tabIndex = -1;
    title.focus();
  }
}

$('#signout').addEventListener('click', () => {
  signOut('');
  say('Signed out: the control token is forgotten in this tab.', 'ok');
});
$('#skip').addEventListener('click', (event) => {
  event.preventDefault();
  $('#main').focus();
});
window.addEventListener('hashchange', () => {
  say('');
  route(true);
});
route(false);
