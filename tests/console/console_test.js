#!/usr/bin/env node
// The web console (console/) in a real browser against a real cartd. Starts the built cartd with
// the demo data on the memory store and a free port, opens /console in Debian's chromium (driven
// by puppeteer-core, which never downloads a browser) and walks through every page: a refused
// token, sign-in, the customers, a cart created through the API, the clock refusing to go back
// and then moved 8 days until the cart expires, a fault armed in the page firing on a request made
// from here and showing up in the live journal, a token minted in the page and used on /v1, a
// checkout followed to its orders and subscriptions, the catalog down to a catalog item id,
// reset's confirmation, a narrow window and sign-out. Any console error, page error, failed
// request or error answer the test did not cause on purpose fails it. Screenshots of each page go
// to --artifacts (or $CARTD_CONSOLE_ARTIFACTS).
//
// Usage: node tests/console/console_test.js --cartd <path to cartd> --artifacts <directory>
// Exits 0 when every step passes, 1 when one fails, 2 on a set-up error (no puppeteer-core, no
// chromium, cartd not starting).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function setupError(message) {
  process.stderr.write(`console test: ${message}\n`);
  process.exit(2);
}

let puppeteer;
try {
  puppeteer = require('puppeteer-core');
} catch (error) {
  setupError(`cannot load puppeteer-core (${error.code || error.message}); ` +
             'run `bash scripts/npm-tools.sh` at the repository root first');
}

const kChromium = process.env.CARTD_CHROMIUM || '/usr/bin/chromium';
// The demo data of `cartd serve --demo` (src/cartd/demo.h, data/demo-fixtures.json).
const kPartner = '9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const kOtherPartner = '5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f';
const kCustomer = 'f81d98dd-c2f4-499e-a194-5619e260344e';  // Fabrikam, US
const kUser = '2713ccd7-ea3b-470a-9cfb-451d5d0482cc';
const kItem = 'CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ';
const kStartTimeoutMs = 60000;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!['--cartd', '--artifacts'].includes(argv[i]) || argv[i + 1] === undefined) {
      setupError('usage: console_test.js --cartd <path> --artifacts <directory>');
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.cartd) setupError('usage: console_test.js --cartd <path> --artifacts <directory>');
  args.artifacts = process.env.CARTD_CONSOLE_ARTIFACTS || args.artifacts ||
      path.join(process.cwd(), 'console-screenshots');
  return args;
}

// ------------------------------------------------------------------------------------------
// cartd

function startCartd(cartd, dataDir) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(
        cartd, ['serve', '--demo', '--store', 'memory://', '--data-dir', dataDir,
                '--listen', '127.0.0.1:0',
                // The sweeper deletes carts an hour after they expire (--sweep-grace 1h): keep
                // them, so that the cart expired by moving the clock 8 days is still listed.
                '--sweep-grace', '30d'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = { child, stdout: '', stderr: '', exited: null };
    const keepTail = (text) => (text.length > 20000 ? text.slice(-20000) : text);
    child.stderr.on('data', (chunk) => { server.stderr = keepTail(server.stderr + chunk); });
    const timer = setTimeout(() => {
      reject(new Error(`cartd did not print its banner within ${kStartTimeoutMs} ms`));
    }, kStartTimeoutMs);
    let done = false;
    child.stdout.on('data', (chunk) => {
      server.stdout += chunk;
      if (done) return;
      const port = /^cartd listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(server.stdout);
      const token = /control token:\s*\n\s*(cartd-control-\S+)\s*\n/.exec(server.stdout);
      const console = /console:\s*(http:\/\/\S+\/console)\s*\n/.exec(server.stdout);
      if (!port || !token || !console) return;
      done = true;
      clearTimeout(timer);
      Object.assign(server, {
        port: Number(port[1]), controlToken: token[1], consoleUrl: console[1],
        base: `http://127.0.0.1:${port[1]}`,
      });
      resolve(server);
    });
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code, signal) => {
      server.exited = { code, signal };
      clearTimeout(timer);
      if (!done) {
        reject(new Error(`cartd exited (code ${code}, signal ${signal}) before its banner:\n` +
                         server.stderr));
      }
    });
  });
}

function stopCartd(server) {
  return new Promise((resolve) => {
    if (server.exited) {
      resolve(server.exited);
      return;
    }
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 20000);
    server.child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    server.child.kill('SIGTERM');
  });
}

async function api(server, method, urlPath, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.base}${urlPath}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { status: response.status, body: json, text };
}

async function mintPartnerToken(server) {
  const minted = await api(server, 'POST', '/_cartd/tokens',
                           { token: server.controlToken, body: { tenant: kPartner, user: kUser } });
  expect(minted.status === 201, `minting a token answered ${minted.status}: ${minted.text}`);
  return minted.body.token;
}

// ------------------------------------------------------------------------------------------
// Checks

class Failure extends Error {}

function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.cartd)) setupError(`no cartd binary at ${args.cartd}`);
  if (!fs.existsSync(kChromium)) {
    setupError(`no browser at ${kChromium}; scripts/install-deps.sh installs Debian's chromium`);
  }
  fs.mkdirSync(args.artifacts, { recursive: true });
  for (const old of fs.readdirSync(args.artifacts)) {
    if (/^console-.*\.png$/.test(old)) fs.rmSync(path.join(args.artifacts, old));
  }

  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartd-console-'));
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartd-console-chromium-'));
  let server;
  let browser;
  const problems = [];     // what went wrong in the page without the test asking for it
  const screenshots = [];
  let failed = null;
  try {
    try {
      server = await startCartd(args.cartd, dataDir);
      browser = await puppeteer.launch({
        executablePath: kChromium,
        args: ['--no-sandbox', '--headless=new'],
        headless: true,
        userDataDir: profileDir,
      });
    } catch (error) {
      setupError(error.stack || String(error));
    }
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.setDefaultTimeout(10000);

    // The error answer the test causes on purpose at the moment ({status, path}), if any: the
    // browser logs it as a console error too.
    let provoked = null;
    const allowed = (status, url) => provoked !== null && status === provoked.status &&
        new URL(url, server.base).pathname === provoked.path;
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location() && message.location().url || '';
      const status = /the server responded with a status of (\d+)/.exec(message.text());
      if (status && allowed(Number(status[1]), where)) return;
      problems.push(`console error: ${message.text()} (${where})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      problems.push(`request failed: ${request.method()} ${request.url()}: ` +
                    `${request.failure() && request.failure().errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !allowed(response.status(), response.url())) {
        problems.push(`error answer: ${response.status()} for ${response.request().method()} ` +
                      `${response.url()}`);
      }
    });

    const step = async (name, body) => {
      const t0 = Date.now();
      await body();
      if (problems.length) throw new Failure(`in "${name}":\n  ${problems.join('\n  ')}`);
      process.stdout.write(`ok - ${name} (${Date.now() - t0} ms)\n`);
    };
    const shoot = async (name) => {
      const file = path.join(args.artifacts, `console-${name}.png`);
      await page.screenshot({ path: file });
      screenshots.push(file);
    };
    const textOf = (selector) => page.$eval(selector, (el) => el.textContent);
    const waitText = (selector, text) => page.waitForFunction(
        (s, t) => [...document.querySelectorAll(s)].some((el) => el.textContent.includes(t)),
        {}, selector, text);
    // Clicks what the selector names once it is shown: pages fill in after their calls answer.
    const click = async (selector) => {
      await page.waitForSelector(selector, { visible: true });
      await page.click(selector);
    };
    const go = async (hash) => {
      await click(`nav a[href="${hash}"]`);
      await page.waitForFunction((h) => document.querySelector(`nav a[href="${h}"]`)
          .getAttribute('aria-current') === 'page', {}, hash);
    };
    const fill = async (selector, value) => {
      await page.$eval(selector, (el) => { el.value = ''; });
      await page.type(selector, value);
    };

    await step('the banner names the console', async () => {
      expect(server.consoleUrl === `${server.base}/console`,
             `the banner printed ${server.consoleUrl}`);
      const served = await fetch(server.consoleUrl);
      expect(served.status === 200, `GET /console answered ${served.status}`);
      const csp = served.headers.get('content-security-policy') || '';
      expect(/default-src 'self'/.test(csp), `the page's CSP is ${JSON.stringify(csp)}`);
    });

    await step('a wrong control token is refused with its code', async () => {
      await page.goto(server.consoleUrl, { waitUntil: 'load' });
      await page.waitForSelector('#control-token');
      expect(await page.$eval('#control-token', (el) => el.type) === 'password',
             'the token field is not a password field');
      provoked = { status: 401, path: '/_cartd/clock' };
      await page.type('#control-token', 'cartd-control-not-the-token');
      await page.keyboard.press('Enter');
      await waitText('#signin-error', 'refused');
      const text = await textOf('#signin-error');
      expect(/401/.test(text) && /900420/.test(text), `the refusal reads ${JSON.stringify(text)}`);
      await waitText('#status', '900420');
      await shoot('01-sign-in-refused');
      provoked = null;
    });

    await step('the control token signs in and the customers are listed by partner', async () => {
      await fill('#control-token', server.controlToken);
      await page.keyboard.press('Enter');
      await waitText('h1', 'Partners and customers');
      await waitText('main table', 'Contoso (seed customer)');
      const body = await textOf('main');
      for (const text of ['Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Wide World Importers',
                          'Adventure Works', kPartner, kOtherPartner]) {
        expect(body.includes(text), `the customers page does not show ${text}`);
      }
      expect(await page.$$eval('main section h2', (els) => els.length) === 2,
             'the customers are not grouped under two partners');
      expect(await page.evaluate(() => sessionStorage.length) === 1,
             'the token is not kept in sessionStorage');
      await shoot('02-customers');
    });

    const token = await mintPartnerToken(server);
    const carts = `/v1/customers/${kCustomer}/carts`;
    let expiring;
    await step('a cart created through the API shows on the customer page', async () => {
      const created = await api(server, 'POST', carts, { token, body: { lineItems: [
        { catalogItemId: kItem, quantity: 5, billingCycle: 'monthly', termDuration: 'P1Y' },
        { catalogItemId: 'NOSUCHITEM:0001:NOSUCHITEM', quantity: 1, billingCycle: 'monthly' },
      ] } });
      expect(created.status === 201, `creating a cart answered ${created.status}: ${created.text}`);
      expiring = created.body;
      await click(`a[href="#/customer/${kPartner}/${kCustomer}"]`);
      await waitText('h1', 'Fabrikam');
      const card = `article[data-cart="${expiring.id}"]`;
      await page.waitForSelector(card);
      await waitText(card, kItem);
      const errorRow = await page.$eval(`${card} tr.line-error`, (el) => el.textContent);
      const lineError = expiring.lineItems.find((line) => line.error).error;
      expect(errorRow.includes(String(lineError.errorCode)) &&
             errorRow.includes(lineError.errorDescription),
             `the line error is not shown: ${errorRow}`);
      expect(await page.$(`${card} .b-expired`) === null, 'a fresh cart is marked expired');
    });

    await step('the clock page refuses a move back; 8 days on, the cart is expired', async () => {
      await go('#/clock');
      await page.waitForFunction(() => /PT\d+S/.test(document.querySelector('#clock-offset')
          .textContent));
      provoked = { status: 400, path: '/_cartd/clock' };
      await fill('#clock-to', '2001-01-01T00:00:00Z');
      await page.keyboard.press('Enter');
      await waitText('#clock-error', 'only moves forward');
      expect((await textOf('#clock-error')).includes('800002'), 'the refusal has no code');
      provoked = null;
      const before = await textOf('#clock-now');
      await fill('#clock-advance', 'P8D');
      await page.keyboard.press('Enter');
      await waitText('#clock-offset', 'PT691200');
      await waitText('#status', 'Advanced by P8D');
      expect(await textOf('#clock-error') === '', 'the old error is still shown');
      const after = await textOf('#clock-now');
      expect(after !== before, 'the shown cartd time did not move');
      await shoot('03-clock');
      await page.goBack();
      await waitText('h1', 'Fabrikam');
      await page.waitForSelector(`article[data-cart="${expiring.id}"] .b-expired`);
      const got = await api(server, 'GET', `${carts}/${expiring.id}`,
                            { token: await mintPartnerToken(server) });
      expect(got.status === 404 && got.body.code === 800008,
             `the expired cart answered ${got.status} to the API`);
    });

    let faultId;
    await step('a fault armed in the page fails the next request, live in the journal',
               async () => {
      await go('#/faults');
      await page.waitForSelector('#fault-form');
      await page.select('#fault-operation', 'get');
      await fill('#fault-count', '1');
      await fill('#fault-customer', kCustomer);
      await page.focus('#fault-status');
      await page.keyboard.press('Enter');
      await page.waitForSelector('main tr[data-fault]');
      faultId = await page.$eval('main tr[data-fault]', (el) => el.dataset.fault);
      expect(/^fault-/.test(faultId), `the armed rule's id is ${faultId}`);
      await go('#/journal');
      await waitText('main', 'newest first');
      await page.evaluate(() => { window.cartdNoReload = true; });
      const faulted = await api(server, 'GET', `${carts}/${expiring.id}`,
                                { token: await mintPartnerToken(server) });
      expect(faulted.status === 503, `the faulted request answered ${faulted.status}`);
      const row = `.journal li[data-status="503"][data-fault="${faultId}"]`;
      await page.waitForSelector(row, { timeout: 5000 });
      expect(await page.evaluate(() => window.cartdNoReload === true),
             'the journal reloaded the page');
      await click(`${row} button`);
      expect(await page.$eval(`${row} button`, (el) => el.getAttribute('aria-expanded')) === 'true',
             'the row did not expand');
      await waitText(`${row} .panel`, '800003');
      const shown = await textOf(`${row} button`);
      expect(shown.includes('503') && shown.includes(faultId) && shown.includes(expiring.id),
             `the journal row reads ${shown}`);
      await shoot('04-journal');
      await go('#/faults');
      await page.waitForFunction((id) => {
        const r = document.querySelector(`tr[data-fault="${id}"]`);
        return r && r.querySelector('.matched').textContent === '1' &&
            r.querySelector('.fired').textContent === '1';
      }, {}, faultId);
      await shoot('05-faults');
    });

    await step('a token minted in the tokens page works on /v1', async () => {
      await go('#/tokens');
      await page.waitForSelector('#token-form');
      await fill('#token-tenant', kPartner);
      await fill('#token-ttl', 'PT2H');
      await click('#token-form button[type="submit"]');
      await page.waitForSelector('#minted-token');
      const minted = await page.$eval('#minted-token', (el) => el.value);
      expect(minted.split('.').length === 3, `the page shows ${minted} as the token`);
      await waitText('#minted-expiry', 'UTC');
      const orders = await api(server, 'GET', `/v1/customers/${kCustomer}/orders`,
                               { token: minted });
      expect(orders.status === 200, `the minted token got ${orders.status}: ${orders.text}`);
      await shoot('06-tokens');
    });

    await step('a checkout shows its orders and subscriptions on the customer page', async () => {
      const fresh = await mintPartnerToken(server);
      const created = await api(server, 'POST', carts, { token: fresh, body: { lineItems: [
        { catalogItemId: kItem, quantity: 3, billingCycle: 'monthly', termDuration: 'P1Y' }] } });
      expect(created.status === 201, `creating a cart answered ${created.status}`);
      const checkout = await api(server, 'POST', `${carts}/${created.body.id}/checkout`,
                                 { token: fresh });
      expect(checkout.status === 201, `checkout answered ${checkout.status}: ${checkout.text}`);
      const order = checkout.body.orders[0];
      const subscription = order.lineItems[0].subscriptionId;
      await go('#/customers');
      await click(`a[href="#/customer/${kPartner}/${kCustomer}"]`);
      await waitText('h1', 'Fabrikam');
      await page.waitForSelector(`article[data-cart="${created.body.id}"] .b-ordered`);
      await page.waitForSelector(`article[data-order="${order.id}"]`);
      await page.waitForSelector(`tr[data-subscription="${subscription}"]`);
      await waitText(`tr[data-subscription="${subscription}"]`, order.id);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot('07-customer');
      const orderCard = `article[data-order="${order.id}"]`;
      await click(`${orderCard} button[aria-label^="Provisioning status"]`);
      await page.waitForFunction((s) => /fulfilled|pending/.test(
          document.querySelector(`${s} .panel`).textContent), {}, orderCard);
      await page.$eval('#orders-h', (el) => el.scrollIntoView({ block: 'start' }));
      await shoot('08-customer-orders');
      const cartJson = `article[data-cart="${created.body.id}"] button[aria-label^="Raw JSON"]`;
      await click(cartJson);
      expect(await page.$eval(cartJson, (el) => el.getAttribute('aria-expanded')) === 'true',
             'the JSON button is not expanded');
      await waitText(`article[data-cart="${created.body.id}"] pre`, '"objectType": "Cart"');
    });

    await step('the catalog page shows an availability\'s catalog item id', async () => {
      await go('#/catalog');
      await page.waitForSelector('#catalog-products table');
      await click('#catalog-products ' +
                  'button[aria-label="SKUs of Azure Active Directory Premium P1"]');
      await page.waitForSelector('#catalog-skus table');
      await click('#catalog-skus button[aria-label="Availabilities of SKU 0002"]');
      await page.waitForSelector('#catalog-availabilities code.catalog-item-id');
      const ids = await page.$$eval('#catalog-availabilities code.catalog-item-id',
                                    (els) => els.map((el) => el.textContent));
      expect(ids.includes(kItem), `the availabilities show ${ids.join(', ')}`);
      await shoot('09-catalog');
    });

    await step('a reset asks first and can be cancelled', async () => {
      await go('#/data');
      await click('#reset-ask');
      await page.waitForSelector('#reset-confirm');
      await shoot('10-reset-and-fixtures');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');  // Cancel
      await page.waitForSelector('#reset-confirm', { hidden: true });
    });

    await step('a narrow window stacks the navigation and scrolls tables inside', async () => {
      await page.setViewport({ width: 400, height: 800 });
      await go('#/customers');
      await click(`a[href="#/customer/${kPartner}/${kCustomer}"]`);
      await waitText('h1', 'Fabrikam');
      await page.waitForSelector('article[data-order]');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width <= 400, `the page is ${width} px wide in a 400 px window`);
      await shoot('11-narrow-customer');
      await go('#/journal');
      await page.waitForSelector('.journal li');
      await shoot('12-narrow-journal');
      await page.setViewport({ width: 1280, height: 800 });
    });

    await step('sign out forgets the token', async () => {
      await click('#signout');
      await page.waitForSelector('#control-token');
      expect(await page.evaluate(() => sessionStorage.length) === 0,
             'the token is still in sessionStorage');
      expect(await page.$eval('#nav', (el) => el.hidden), 'the navigation is still shown');
    });
  } catch (error) {
    failed = error;
  } finally {
    if (browser) await browser.close().catch(() => {});
    let stopped = null;
    if (server) stopped = await stopCartd(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(profileDir, { recursive: true, force: true });
    if (!failed && stopped && (stopped.code !== 0 || stopped.signal)) {
      failed = new Failure(`cartd exited with code ${stopped.code}, signal ${stopped.signal}:\n` +
                           server.stderr);
    }
  }
  if (screenshots.length) {
    process.stdout.write(`screenshots:\n${screenshots.map((f) => `  ${f}`).join('\n')}\n`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failed) {
    process.stdout.write(`console test: FAILED after ${seconds} s: ` +
                         `${failed instanceof Failure ? failed.message : failed.stack}\n`);
    process.exit(1);
  }
  process.stdout.write(`console test: every step passed in ${seconds} s\n`);
}

main().catch((error) => setupError(error.stack || String(error)));
