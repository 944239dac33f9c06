#!/usr/bin/env node
// Checks that docs/openapi.json describes what cartd really answers. Starts the built cartd on a
// free port with the demo data in a temporary directory, sends every operation its success cases
// and its main failure cases (the stand-in controls under /_cartd/ included, with the control
// token), and checks each answer against the document: the status must be documented for that
// path and method, the Content-Type must be one of the documented media types, the body must
// validate against the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 uses), and every
// required header must be present and every documented header must match its schema. Camel-case
// request bodies are validated against the documented request schema too.
//
// Usage: node tests/openapi/validate_responses.js --cartd <path to cartd> --openapi <openapi.json>
// Exits 0 when every answer matches, 1 with a report of each mismatch, 2 on a set-up error.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

function setupError(message) {
  process.stderr.write(`openapi responses: ${message}\n`);
  process.exit(2);
}

let Ajv2020;
let addFormats;
try {
  Ajv2020 = require('ajv/dist/2020');
  addFormats = require('ajv-formats');
} catch (error) {
  setupError(`cannot load ajv (${error.code || error.message}); ` +
             'run `bash scripts/npm-tools.sh` at the repository root first');
}

// The demo data of `cartd serve --demo` (src/cartd/demo.h).
const kPartnerTenant = '9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const kUser = '2713ccd7-ea3b-470a-9cfb-451d5d0482cc';
const kCustomer = 'd6bf25b7-e0a8-4f2d-a31b-97b55cfc774d';
const kSeedCart = '65faf57b-0205-47ee-92b3-08dcf233ea73';
const kOtherPartnersCustomer = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const kUnknownCart = '11111111-2222-4333-8444-555555555555';

const kStartTimeoutMs = 120000;
const kStopTimeoutMs = 60000;
const kRequestTimeoutMs = 60000;

// ------------------------------------------------------------------------------------------
// The document

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!['--cartd', '--openapi'].includes(name) || value === undefined) {
      setupError('usage: validate_responses.js --cartd <path> --openapi <openapi.json>');
    }
    args[name.slice(2)] = value;
  }
  if (!args.cartd || !args.openapi) {
    setupError('usage: validate_responses.js --cartd <path> --openapi <openapi.json>');
  }
  return args;
}

// Follows a local reference ("#/components/responses/NotFound") to what it names.
function resolve(doc, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`cannot resolve ${ref}`);
    seen.add(ref);
    current = ref.slice(2).split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((object, key) => (object === undefined ? undefined : object[key]), doc);
    if (current === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return current;
}

const kSchemasId = 'urn:cartd:openapi:schemas';

// A copy of `node` whose references to components/schemas point into the schema registered
// under kSchemasId.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' &&
        value.startsWith('#/components/schemas/')) {
      out[key] = `${kSchemasId}#/$defs/${value.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

class Document {
  constructor(doc) {
    this.doc = doc;
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      // Narrowing subschemas ({"properties": {"code": {"enum": [...]}}} next to a $ref) have no
      // "type" of their own, which is valid JSON Schema.
      strictTypes: false,
      strictRequired: false,
    });
    addFormats(this.ajv);
    // Keywords of the OpenAPI 3.1 base vocabulary that JSON Schema does not define.
    this.ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
    const schemas = (doc.components && doc.components.schemas) || {};
    this.ajv.addSchema({ $id: kSchemasId, $defs: rewriteRefs(schemas) });
    // Compile every component now, so that a broken schema is reported as such.
    for (const name of Object.keys(schemas)) {
      this.ajv.getSchema(`${kSchemasId}#/$defs/${name}`);
    }
    this.validators = new Map();
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      segments: splitPath(template),
    }));
  }

  // The path template of the document that `urlPath` matches, as cartd routes it (literal
  // segments in any case, a trailing slash accepted), or undefined.
  findPath(urlPath) {
    const segments = splitPath(urlPath.split('?')[0]);
    for (const { template, segments: pattern } of this.templates) {
      if (pattern.length !== segments.length) continue;
      const matches = pattern.every((part, i) => (part.startsWith('{') && part.endsWith('}')
        ? segments[i].length > 0
        : part.toLowerCase() === segments[i].toLowerCase()));
      if (matches) return template;
    }
    return undefined;
  }

  validator(schema) {
    const key = JSON.stringify(schema);
    if (!this.validators.has(key)) {
      this.validators.set(key, this.ajv.compile(rewriteRefs(schema)));
    }
    return this.validators.get(key);
  }

  // Validates `value` against `schema`; returns a list of readable errors.
  check(schema, value) {
    const validate = this.validator(schema);
    if (validate(value)) return [];
    return validate.errors.map((e) => {
      const where = e.instancePath === '' ? '(body)' : e.instancePath;
      const params = Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
      return `${where} ${e.message}${params} [schema ${e.schemaPath}]`;
    });
  }
}

function splitPath(p) {
  return p.split('/').filter((segment, i, all) => !(segment === '' &&
                                                    (i === 0 || i === all.length - 1)));
}

// ------------------------------------------------------------------------------------------
// cartd

function startCartd(cartd, dataDir, extraArgs = []) {
  return new Promise((resolvePromise, reject) => {
    const child = childProcess.spawn(
        cartd, ['serve', '--demo', '--listen', '127.0.0.1:0', '--data-dir', dataDir,
                '--provisioning-delay', '0s', ...extraArgs],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = { child, stderr: '', stdout: '', exited: null };
    const keepTail = (text) => (text.length > 20000 ? text.slice(-20000) : text);
    child.stderr.on('data', (chunk) => { server.stderr = keepTail(server.stderr + chunk); });
    const timer = setTimeout(() => {
      reject(new Error(`cartd did not print its address within ${kStartTimeoutMs} ms`));
    }, kStartTimeoutMs);
    let firstLine = null;
    child.stdout.on('data', (chunk) => {
      server.stdout = keepTail(server.stdout + chunk);
      if (firstLine !== null) return;
      const newline = server.stdout.indexOf('\n');
      if (newline < 0) return;
      firstLine = server.stdout.slice(0, newline);
      clearTimeout(timer);
      const match = /^cartd listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(firstLine);
      if (!match) {
        reject(new Error(`unexpected first line from cartd: ${JSON.stringify(firstLine)}`));
        return;
      }
      server.port = Number(match[1]);
      resolvePromise(server);
    });
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code, signal) => {
      server.exited = { code, signal };
      clearTimeout(timer);
      if (firstLine === null) {
        reject(new Error(`cartd exited (code ${code}, signal ${signal}) before listening:\n` +
                         server.stderr));
      }
    });
  });
}

function stopCartd(server) {
  return new Promise((resolvePromise) => {
    if (server.exited) {
      resolvePromise(server.exited);
      return;
    }
    const timer = setTimeout(() => {
      server.child.kill('SIGKILL');
    }, kStopTimeoutMs);
    server.child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal });
    });
    server.child.kill('SIGTERM');
  });
}

// One HTTP exchange on a fresh connection. `options.expectContinue` sends the body only after
// "100 Continue", so that a refusal based on the headers arrives before any of the body is sent.
function exchange(port, method, urlPath, headers, body, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const allHeaders = { ...headers };
    if (payload !== undefined) allHeaders['Content-Length'] = String(payload.length);
    if (options.expectContinue) allHeaders.Expect = '100-continue';
    const request = http.request({
      host: '127.0.0.1', port, method, path: urlPath, headers: allHeaders, agent: false,
    });
    request.setTimeout(kRequestTimeoutMs, () => {
      request.destroy(new Error(`no answer within ${kRequestTimeoutMs} ms`));
    });
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        resolvePromise({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        request.destroy();
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    if (options.expectContinue) {
      request.on('continue', () => request.end(payload));
      request.flushHeaders();
    } else {
      request.end(payload);
    }
  });
}

// ------------------------------------------------------------------------------------------
// Checking answers against the document

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

function headerValueForSchema(schema, value) {
  const type = schema && schema.type;
  if ((type === 'integer' || type === 'number') && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

class Checker {
  constructor(document) {
    this.document = document;
    this.doc = document.doc;
    this.failures = [];
    this.exercised = new Map();  // "METHOD template" -> Set of statuses
    this.count = 0;
  }

  fail(call, problems) {
    this.failures.push({ call, problems });
  }

  // The documented answer to `method` on `template` with `status`: the operation's response, or
  // for a method the path does not have, its x-method-not-allowed response.
  documentedResponse(template, method, status, problems) {
    const pathItem = this.doc.paths[template];
    const operation = pathItem[method.toLowerCase()];
    let responses;
    if (operation) {
      responses = operation.responses;
    } else if (pathItem['x-method-not-allowed']) {
      responses = { 405: pathItem['x-method-not-allowed'] };
    } else {
      problems.push(`the document has no ${method} on ${template} and no x-method-not-allowed`);
      return undefined;
    }
    const key = [String(status), `${String(status)[0]}XX`, 'default']
        .find((k) => responses[k] !== undefined);
    if (key === undefined) {
      problems.push(`status ${status} is not documented for ${method} ${template} ` +
                    `(documented: ${Object.keys(responses).join(', ')})`);
      return undefined;
    }
    return resolve(this.doc, responses[key]);
  }

  // Validates a request body against the operation's documented request schema.
  checkRequestBody(template, method, body, problems) {
    const operation = this.doc.paths[template][method.toLowerCase()];
    const requestBody = operation && operation.requestBody && resolve(this.doc,
                                                                      operation.requestBody);
    const media = requestBody && requestBody.content && requestBody.content['application/json'];
    if (!media) {
      problems.push(`the document gives no application/json request body for ${method} ` +
                    `${template}`);
      return;
    }
    for (const error of this.document.check(media.schema, JSON.parse(body))) {
      problems.push(`request body: ${error}`);
    }
  }

  checkAnswer(call, answer, options = {}) {
    this.count += 1;
    const problems = [];
    if (call.expectStatus !== undefined && answer.status !== call.expectStatus) {
      problems.push(`expected status ${call.expectStatus}, got ${answer.status}`);
    }
    let template;
    if (options.schema) {
      this.checkBody(options.schema, answer, 'application/json', problems);
    } else {
      template = this.document.findPath(call.path);
      if (template === undefined) {
        problems.push(`no path of the document matches ${call.path}`);
      } else {
        const key = `${call.method} ${template}`;
        if (!this.exercised.has(key)) this.exercised.set(key, new Set());
        this.exercised.get(key).add(answer.status);
        if (call.validateRequest) {
          this.checkRequestBody(template, call.method, call.body, problems);
        }
        const response = this.documentedResponse(template, call.method, answer.status,
                                                 problems);
        if (response) this.checkResponse(response, answer, problems);
      }
    }
    if (problems.length) this.fail(call, problems.concat(excerpt(answer)));
  }

  checkResponse(response, answer, problems) {
    for (const [name, headerRef] of Object.entries(response.headers || {})) {
      const header = resolve(this.doc, headerRef);
      const value = answer.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      if (header.schema) {
        const text = Array.isArray(value) ? value.join(', ') : value;
        for (const error of this.document.check(header.schema,
                                                headerValueForSchema(header.schema, text))) {
          problems.push(`header ${name}: ${JSON.stringify(text)}: ${error}`);
        }
      }
    }
    const content = response.content || {};
    const types = Object.keys(content);
    if (types.length === 0) {
      if (answer.body.length > 0) problems.push('the document gives no body, cartd sent one');
      return;
    }
    const type = mediaType(answer.headers['content-type']);
    const documented = types.find((t) => t.toLowerCase() === type) ||
                       types.find((t) => t.endsWith('/*') &&
                                         type.startsWith(t.slice(0, -1).toLowerCase())) ||
                       types.find((t) => t === '*/*');
    if (documented === undefined) {
      problems.push(`Content-Type ${JSON.stringify(answer.headers['content-type'])} is not ` +
                    `documented (documented: ${types.join(', ')})`);
      return;
    }
    this.checkBody(content[documented].schema, answer, documented, problems);
  }

  checkBody(schema, answer, type, problems) {
    if (!schema) return;
    let value = answer.body;
    if (type === 'application/json' || type.endsWith('+json')) {
      try {
        value = JSON.parse(answer.body);
      } catch (error) {
        problems.push(`the body is not JSON: ${error.message}`);
        return;
      }
    }
    for (const error of this.document.check(schema, value)) problems.push(error);
  }

  // Every operation of the document must have been called and answered with a 2xx.
  checkCoverage() {
    const missing = [];
    for (const [template, pathItem] of Object.entries(this.doc.paths)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
        if (!pathItem[method]) continue;
        const statuses = this.exercised.get(`${method.toUpperCase()} ${template}`);
        if (!statuses || ![...statuses].some((s) => s >= 200 && s < 300)) {
          missing.push(`${method.toUpperCase()} ${template}`);
        }
      }
    }
    if (missing.length) {
      this.fail({ name: 'coverage', method: '-', path: '-' },
                missing.map((m) => `no successful answer checked for ${m}`));
    }
  }

  report() {
    const lines = [];
    for (const { call, problems } of this.failures) {
      lines.push(`FAIL ${call.name}: ${call.method} ${call.path}`);
      for (const problem of problems) lines.push(`    ${problem}`);
    }
    return lines.join('\n');
  }
}

function excerpt(answer) {
  const headers = Object.entries(answer.headers)
      .map(([name, value]) => `${name}: ${value}`).join('; ');
  const body = answer.body.length > 2000 ? `${answer.body.slice(0, 2000)}...` : answer.body;
  return [`answer: ${answer.status}; ${headers}`, `body: ${body}`];
}

// ------------------------------------------------------------------------------------------
// The calls

const kSeedUpdateBody = JSON.stringify({
  Id: 'b4c8fdea-cbe4-4d17-9576-13fcacbf9605',
  CreationTimestamp: '2018-03-15T17:15:02.3840528Z',
  LastModifiedTimestamp: '2018-03-15T17:15:02.3840528Z',
  ExpirationTimestamp: '0001-01-01T00:00:00',
  LastModifiedUser: kUser,
  LineItems: [{
    Id: 0, CatalogItemId: 'DG7GMGF0DWTL:0001:DG7GMGF0DSJB', FriendlyName: 'A_sample_Azure_RI',
    Quantity: 2, BillingCycle: 'one_time',
    ProvisioningContext: {
      SubscriptionId: '3D5ECED6-1151-44C7-AEE6-70A4BB725666', Scope: 'shared', Duration: '1Year',
    },
  }],
});

// The last day of the current month (UTC): the custom term end date a P1M term allows whatever
// the day the suite runs (SPEC section 12, 10017).
function endOfThisMonth() {
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  return `${last.toISOString().slice(0, 10)}T00:00:00Z`;
}

// A cart with every kind of member a line can have, in two order groups, without line errors.
const kRichCart = {
  partnerOnRecordAttestationAccepted: true,
  lineItems: [
    {
      id: 0, catalogItemId: 'CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ', friendlyName: 'E3 for sales',
      quantity: 2, billingCycle: 'monthly', termDuration: 'P1Y', renewsTo: { termDuration: 'P1Y' },
      participants: [
        { key: 'transaction_reseller', value: '5357564' },
        { key: 'additional_transaction_reseller', value: '517285' },
      ],
    },
    {
      id: 1, catalogItemId: 'DZH318Z0BQ36:004G:DZH318Z08C0S', quantity: 1,
      billingCycle: 'one_time', termDuration: 'P1Y',
      provisioningContext: { SubscriptionId: '1C461A25-F729-4FA5-AADB-280947DD05E8',
                             scope: 'shared' },
    },
    {
      id: 2, catalogItemId: 'CARTDDEMO005:0001:CARTDDEMOE01', quantity: 3,
      billingCycle: 'monthly', termDuration: 'P1M', promotionId: '39NFJQT1Q5KV',
      customTermEndDate: endOfThisMonth(),
    },
    {
      id: 3, catalogItemId: 'CARTDDEMO001:0001:CARTDDEMOA01', quantity: 1,
      billingCycle: 'monthly', termDuration: 'P1M', attestationAccepted: true,
    },
    {
      id: 4, catalogItemId: '91FD106F-4B2C-4938-95AC-F54F74E9A239', quantity: 3,
      billingCycle: 'monthly',
      addonItems: [
        { id: 5, catalogItemId: 'C94271D8-B431-4A25-A3C5-A57737A1C909', quantity: 1,
          billingCycle: 'monthly' },
      ],
    },
  ],
};

// A cart whose lines each break one catalog rule (SPEC section 4).
const kCartWithLineErrors = {
  lineItems: [
    { catalogItemId: 'NOPE0000NOPE:0001:NOPE0000NOPE', quantity: 1, billingCycle: 'monthly' },
    { catalogItemId: 'CARTDDEMO003:0001:CARTDDEMOC01', quantity: 11, billingCycle: 'monthly',
      termDuration: 'P1M' },
    { catalogItemId: 'CARTDDEMO001:0001:CARTDDEMOA01', quantity: 1, billingCycle: 'monthly',
      termDuration: 'P1M' },
    { catalogItemId: 'CARTDDEMO006:0001:CARTDDEMOF01', quantity: 1, billingCycle: 'one_time',
      termDuration: 'P1Y' },
    { catalogItemId: 'CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P', quantity: 1, billingCycle: 'monthly',
      termDuration: 'P1M', currencyCode: 'EUR' },
    { catalogItemId: 'CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P', quantity: 1, billingCycle: 'triennial',
      termDuration: 'P1M' },
    { catalogItemId: 'CARTDDEMO005:0001:CARTDDEMOE01', quantity: 1, billingCycle: 'monthly',
      termDuration: 'P1M', promotionId: 'NOTAPROMO' },
    { catalogItemId: 'CARTDDEMO002:0001:CARTDDEMOB01', quantity: 2, billingCycle: 'monthly',
      termDuration: 'P1M',
      addonItems: [{ catalogItemId: 'CARTDDEMO002:0002:CARTDDEMOB02', quantity: 1,
                     billingCycle: 'monthly', termDuration: 'P1M' }] },
  ],
};

// One group that can be ordered and one whose item is no longer sold.
const kCartWithRetiredItem = {
  lineItems: [
    { catalogItemId: 'DG7GMGF0DWTL:0001:DG7GMGF0DSFM', quantity: 1, billingCycle: 'one_time' },
    { catalogItemId: 'CARTDDEMO011:0001:CARTDDEMOK01', quantity: 1, billingCycle: 'monthly',
      termDuration: 'P1M' },
  ],
};

const kPlainCart = {
  lineItems: [{ catalogItemId: 'CARTDDEMO009:0001:CARTDDEMOI01', quantity: 1,
                billingCycle: 'monthly', termDuration: 'P1M' }],
};

// Perpetual software: an order the integration sandbox cancels as a whole.
const kSoftwareCart = {
  lineItems: [{ catalogItemId: 'DG7GMGF0DWM3:0002:DG7GMGF0DT1M', quantity: 1,
                billingCycle: 'one_time' }],
};

function cartPath(cartId, customer = kCustomer) {
  return `/v1/customers/${customer}/carts/${cartId}`;
}

// Sends one request and checks its answer; returns the answer, or undefined when the request
// itself failed (which is reported).
function caller(server, token, checker) {
  return async (name, spec) => {
    const headers = {
      Accept: 'application/json',
      'MS-CorrelationId': '0e93c70c-977a-4a88-9580-7cf084c73286',
      ...(spec.headers || {}),
    };
    if (spec.auth !== false) headers.Authorization = `Bearer ${spec.token || token}`;
    if (spec.body !== undefined && !headers['Content-Type']) {
      headers['Content-Type'] = 'application/json';
    }
    const request = { name, method: spec.method, path: spec.path, body: spec.body,
                      expectStatus: spec.status, validateRequest: spec.validateRequest };
    let answer;
    try {
      answer = await exchange(server.port, spec.method, spec.path, headers, spec.body,
                              { expectContinue: spec.expectContinue });
    } catch (error) {
      checker.fail(request, [`request failed: ${error.message}`]);
      return undefined;
    }
    checker.checkAnswer(request, answer, { schema: spec.schema });
    return answer;
  };
}

// The answer's JSON body, or {} when it has none.
function json(answer) {
  try {
    return JSON.parse(answer.body);
  } catch {
    return {};
  }
}

// A check that an answer shows what its call is meant to produce (its schema is checked anyway).
function expecter(checker) {
  return (answer, description, predicate) => {
    if (answer && !predicate(json(answer))) {
      checker.fail({ name: description, method: '-', path: '-' },
                   ['the answer does not show what the call is meant to produce']
                       .concat(excerpt(answer)));
    }
  };
}

async function runCalls(server, token, checker, servedDocumentText) {
  const call = caller(server, token, checker);
  const expectJson = expecter(checker);

  // Operational endpoints: no token.
  await call('health', { method: 'GET', path: '/healthz', auth: false, status: 200 });
  await call('readiness', { method: 'GET', path: '/readyz', auth: false, status: 200 });
  await call('metrics', { method: 'GET', path: '/metrics', auth: false, status: 200 });
  const served = await call('openapi document',
                            { method: 'GET', path: '/openapi.json', auth: false, status: 200 });
  if (served && served.status === 200) {
    let same = false;
    try {
      same = JSON.stringify(JSON.parse(served.body)) ===
             JSON.stringify(JSON.parse(servedDocumentText));
    } catch {
      same = false;
    }
    if (!same) {
      checker.fail({ name: 'openapi document', method: 'GET', path: '/openapi.json' },
                   ['cartd serves a different document than the one checked here; rebuild ' +
                    'cartd (re-run cmake so that it reads docs/openapi.json again)']);
    }
  }
  await call('POST on a GET-only path', { method: 'POST', path: '/healthz', auth: false,
                                          body: '{}', status: 405 });

  // The seed cart: get, the seed page's update (PascalCase, as the .NET SDK sends it), its
  // idempotent repeat, and If-Match.
  const seedGet = await call('get the seed cart',
                             { method: 'GET', path: cartPath(kSeedCart), status: 200 });
  await call('get with a trailing slash',
             { method: 'GET', path: `${cartPath(kSeedCart)}/`, status: 200 });
  const seedPut = { method: 'PUT', path: `${cartPath(kSeedCart)}/`, body: kSeedUpdateBody,
                    headers: { 'MS-RequestId': `put-seed-${process.pid}` }, status: 201 };
  const updated = await call('update the seed cart (PascalCase body)', seedPut);
  const replayed = await call('repeat the same update (idempotent replay)', seedPut);
  if (replayed && replayed.headers['idempotent-replayed'] !== 'true') {
    checker.fail({ name: 'idempotent replay', method: 'PUT', path: seedPut.path },
                 ['the repeated update is not marked Idempotent-Replayed: true']
                     .concat(excerpt(replayed)));
  }
  await call('update with a stale If-Match', {
    method: 'PUT', path: cartPath(kSeedCart), body: kSeedUpdateBody,
    headers: { 'If-Match': '"999999"' }, status: 412,
  });
  const seedEtag = updated ? updated.headers.etag : seedGet && seedGet.headers.etag;
  const camelSeed = JSON.stringify({
    lineItems: [{ id: 0, catalogItemId: 'DG7GMGF0DWTL:0001:DG7GMGF0DSJB', quantity: 3,
                  billingCycle: 'one_time',
                  provisioningContext: { subscriptionId: '3D5ECED6-1151-44C7-AEE6-70A4BB725666',
                                         scope: 'shared', duration: '1Year' } }],
  });
  await call('update with a matching If-Match (camelCase body)', {
    method: 'PUT', path: cartPath(kSeedCart), body: camelSeed, validateRequest: true,
    headers: { 'If-Match': seedEtag || '"0"' }, status: 201,
  });

  // Creating carts.
  const rich = await call('create a cart with every kind of line member', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`, body: JSON.stringify(kRichCart),
    validateRequest: true, status: 201,
  });
  expectJson(rich, 'the rich cart has no line errors and two order groups', (cart) =>
    Array.isArray(cart.lineItems) &&
    JSON.stringify(cart.lineItems).indexOf('"error"') < 0 &&
    new Set(cart.lineItems.map((l) => l.orderGroup)).size >= 2);
  const richId = rich ? json(rich).id : kUnknownCart;

  const withErrors = await call('create a cart whose lines break catalog rules', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts/`,
    body: JSON.stringify(kCartWithLineErrors), validateRequest: true, status: 201,
  });
  const errorCodes = (lines) => (lines || []).flatMap(
      (line) => (line.error ? [line.error.errorCode] : []).concat(errorCodes(line.addonItems)));
  expectJson(withErrors, 'the cart shows each rule broken as a line error', (cart) =>
    JSON.stringify(errorCodes(cart.lineItems)) ===
    JSON.stringify([10001, 10015, 10012, 10010, 10000, 10013, 10014, 10018]));
  const withErrorsId = withErrors ? json(withErrors).id : kUnknownCart;

  await call('check out a cart with line errors', {
    method: 'POST', path: `${cartPath(withErrorsId)}/checkout`, body: '"success"', status: 400,
  });

  // Checking out, its idempotent repeat and the repeat of an Ordered cart.
  const checkoutRequest = {
    method: 'POST', path: `${cartPath(richId)}/checkout`, body: '"success"',
    headers: { 'MS-RequestId': `checkout-${process.pid}`,
               'If-Match': rich && rich.headers.etag ? rich.headers.etag : '*' },
    status: 201,
  };
  const checkout = await call('check out the rich cart', checkoutRequest);
  await call('repeat the same checkout (idempotent replay)', checkoutRequest);
  await call('check out the Ordered cart again, empty body', {
    method: 'POST', path: `${cartPath(richId)}/checkout`, status: 201,
  });
  await call('get the Ordered cart', { method: 'GET', path: cartPath(richId), status: 200 });
  await call('update the Ordered cart', {
    method: 'PUT', path: cartPath(richId), body: JSON.stringify(kPlainCart),
    validateRequest: true, status: 400,
  });

  const retired = await call('create a cart with an item no longer sold', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`,
    body: JSON.stringify(kCartWithRetiredItem), validateRequest: true, status: 201,
  });
  const retiredCheckout = await call('check out a cart with a group that cannot be ordered', {
    method: 'POST', path: `${cartPath(retired ? json(retired).id : kUnknownCart)}/checkout`,
    status: 201,
  });
  expectJson(retiredCheckout, 'the checkout reports one order and one order error', (result) =>
    Array.isArray(result.orders) && result.orders.length === 1 &&
    Array.isArray(result.orderErrors) && result.orderErrors.length === 1);

  const plain = await call('create a plain cart', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`, body: JSON.stringify(kPlainCart),
    validateRequest: true, status: 201,
  });
  await call('check out with a stale If-Match', {
    method: 'POST', path: `${cartPath(plain ? json(plain).id : kUnknownCart)}/checkout`,
    headers: { 'If-Match': '"999999"' }, status: 412,
  });

  // Orders.
  const orders = checkout ? json(checkout).orders || [] : [];
  const orderId = orders.length ? orders[0].id : '000000000000';
  await call('get an order', { method: 'GET', path: `/v1/customers/${kCustomer}/orders/${orderId}`,
                               status: 200 });
  const list = await call('list orders', { method: 'GET', path: `/v1/customers/${kCustomer}/orders`,
                                           status: 200 });
  expectJson(list, 'the order list holds the orders placed', (collection) =>
    Array.isArray(collection.items) && collection.items.length >= 3);
  await call('get an unknown order', {
    method: 'GET', path: `/v1/customers/${kCustomer}/orders/000000000000`, status: 404,
  });

  // What follows an order (the server runs with no provisioning delay: orders are completed at
  // once).
  const ordersPath = `/v1/customers/${kCustomer}/orders`;
  const orderLines = orders.length ? orders[0].lineItems.length : -1;
  const provisioning = await call('get the provisioning status of an order', {
    method: 'GET', path: `${ordersPath}/${orderId}/provisioningstatus`, status: 200,
  });
  expectJson(provisioning, 'every line of the completed order is fulfilled', (collection) =>
    Array.isArray(collection.items) && collection.items.length === orderLines &&
    collection.items.every((line) => line.status === 'fulfilled'));
  await call('get the provisioning status of an unknown order', {
    method: 'GET', path: `${ordersPath}/000000000000/provisioningstatus`, status: 404,
  });
  const subscriptionsPath = `/v1/customers/${kCustomer}/subscriptions`;
  const subscriptions = await call('list subscriptions', {
    method: 'GET', path: subscriptionsPath, status: 200,
  });
  expectJson(subscriptions, 'the subscription list holds one subscription per order line',
             (collection) => Array.isArray(collection.items) &&
                             collection.items.length >= orderLines);
  const ofOrder = await call('list the subscriptions of an order', {
    method: 'GET', path: `${subscriptionsPath}?order_id=${orderId}`, status: 200,
  });
  expectJson(ofOrder, 'the filtered list holds the order\'s subscriptions only', (collection) =>
    Array.isArray(collection.items) && collection.items.length === orderLines &&
    collection.items.every((item) => item.orderId === orderId));
  const firstSubscription = ofOrder ? (json(ofOrder).items || [])[0] : undefined;
  const subscriptionId = firstSubscription ? firstSubscription.id
                                           : '2d7a6e8e-1c1c-4e8a-9a28-0d4a1f9b2c3d';
  const subscription = await call('get a subscription', {
    method: 'GET', path: `${subscriptionsPath}/${subscriptionId}`, status: 200,
  });
  expectJson(subscription, 'the subscription is active and belongs to the order', (item) =>
    item.id === subscriptionId && item.status === 'active' && item.orderId === orderId);
  await call('get an unknown subscription', {
    method: 'GET', path: `${subscriptionsPath}/2d7a6e8e-1c1c-4e8a-9a28-0d4a1f9b2c3d`,
    status: 404,
  });
  await call('get a subscription by an id that is not a GUID', {
    method: 'GET', path: `${subscriptionsPath}/not-a-guid`, status: 400,
  });
  await call('list subscriptions by an order id that is not one', {
    method: 'GET', path: `${subscriptionsPath}?order_id=a%20b`, status: 400,
  });

  // Sandbox cancellation: software is cancelled by its order; licences are not.
  const software = await call('create a cart of software', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`,
    body: JSON.stringify(kSoftwareCart), validateRequest: true, status: 201,
  });
  const softwareCheckout = await call('check out the software cart', {
    method: 'POST', path: `${cartPath(software ? json(software).id : kUnknownCart)}/checkout`,
    status: 201,
  });
  const softwareOrders = softwareCheckout ? json(softwareCheckout).orders || [] : [];
  const softwareOrder = softwareOrders.length ? softwareOrders[0].id : '000000000000';
  const cancelBody = JSON.stringify({ id: softwareOrder, status: 'cancelled' });
  await call('cancel an order with another status', {
    method: 'PATCH', path: `${ordersPath}/${softwareOrder}`,
    body: JSON.stringify({ status: 'completed' }), status: 400,
  });
  const cancelled = await call('cancel an order', {
    method: 'PATCH', path: `${ordersPath}/${softwareOrder}`, body: cancelBody,
    validateRequest: true, status: 200,
  });
  expectJson(cancelled, 'the cancelled order says so', (order) => order.status === 'cancelled');
  await call('cancel an order twice', {
    method: 'PATCH', path: `${ordersPath}/${softwareOrder}`, body: cancelBody, status: 400,
  });
  await call('cancel an order of licences', {
    method: 'PATCH', path: `${ordersPath}/${orderId}`,
    body: JSON.stringify({ status: 'cancelled' }), status: 400,
  });
  await call('cancel an unknown order', {
    method: 'PATCH', path: `${ordersPath}/000000000000`,
    body: JSON.stringify({ status: 'cancelled' }), status: 404,
  });

  // The products API: each route's answer, and its documented errors.
  const product = (id = 'DZH318Z0BQ3Q') => `/v1/products/${id}`;
  const sku = (id = '0001') => `${product()}/skus/${id}`;
  const availability = (id = 'DZH318XZXPHL') => `${sku()}/availabilities/${id}`;
  const products = await call('list the products of a view in a country', {
    method: 'GET', path: '/v1/products?country=US&targetView=OnlineServices', status: 200,
  });
  expectJson(products, 'the product list holds the online services offered in the US',
             (collection) => Array.isArray(collection.items) && collection.items.length > 10 &&
                             collection.totalCount === collection.items.length);
  await call('list products with a segment, trailing slash', {
    method: 'GET', path: '/v1/products/?country=gb&targetView=azure&targetSegment=Commercial',
    status: 200,
  });
  await call('list products without a country',
             { method: 'GET', path: '/v1/products?targetView=Azure', status: 400 });
  await call('list products without a targetView',
             { method: 'GET', path: '/v1/products?country=US', status: 400 });
  await call('list products of an unknown targetView', {
    method: 'GET', path: '/v1/products?country=US&targetView=AzureAzureReservationsVM',
    status: 403,
  });
  await call('list products of an unknown targetSegment', {
    method: 'GET', path: '/v1/products?country=US&targetView=Azure&targetSegment=retail',
    status: 403,
  });
  await call('list products without a token', {
    method: 'GET', path: '/v1/products?country=US&targetView=Azure', auth: false, status: 401,
  });
  await call('post to the product list (no such method)', {
    method: 'POST', path: '/v1/products?country=US&targetView=Azure', body: '{}', status: 405,
  });
  await call('get a product', { method: 'GET', path: `${product()}?country=US`, status: 200 });
  await call('get an unknown product',
             { method: 'GET', path: `${product('NOPE')}?country=US`, status: 404 });
  await call('get a product with a country of three letters',
             { method: 'GET', path: `${product()}?country=USA`, status: 400 });
  await call('list the SKUs of a product',
             { method: 'GET', path: `${product()}/skus?country=JP`, status: 200 });
  await call('list the SKUs of an unknown product',
             { method: 'GET', path: `${product('NOPE')}/skus?country=US`, status: 404 });
  await call('list SKUs of an unknown targetSegment', {
    method: 'GET', path: `${product()}/skus?country=US&targetSegment=retail`, status: 403,
  });
  await call("get the SKU Microsoft's CreateCart sample looks up", {
    method: 'GET', path: '/v1/products/DG7GMGF0DWTL/skus/0001?country=US', status: 200,
  });
  await call('get an unknown SKU', { method: 'GET', path: `${sku('9999')}?country=US`, status: 404 });
  await call('list the availabilities of a SKU', {
    method: 'GET', path: `${sku()}/availabilities?country=DE&targetSegment=commercial`,
    status: 200,
  });
  await call('list the availabilities of an unknown SKU',
             { method: 'GET', path: `${sku('9999')}/availabilities?country=US`, status: 404 });
  await call('list availabilities of an unknown targetSegment', {
    method: 'GET', path: `${sku()}/availabilities?country=US&targetSegment=retail`, status: 403,
  });
  const found = await call('get an availability',
                           { method: 'GET', path: `${availability()}?country=US`, status: 200 });
  expectJson(found, 'the availability is the documented one, in dollars', (a) =>
    a.catalogItemId === 'DZH318Z0BQ3Q:0001:DZH318XZXPHL' && a.defaultCurrency &&
    a.defaultCurrency.code === 'USD');
  await call('get an unknown availability',
             { method: 'GET', path: `${availability('NOPE')}?country=US`, status: 404 });
  await call('get an availability without a country',
             { method: 'GET', path: availability(), status: 400 });

  // Failures.
  await call('create with malformed JSON', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`,
    body: '{{"LineItems":[{"CatalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB","Quantity":1,' +
          '"BillingCycle":"one_time"}],}}',
    status: 400,
  });
  await call('create without lines', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`, body: '{"lineItems":[]}',
    status: 400,
  });
  await call('create with an unparsable enum', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`,
    body: '{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":1,' +
          '"billingCycle":"weekly"}]}',
    status: 400,
  });
  await call('get a cart whose id is not a GUID',
             { method: 'GET', path: cartPath('12345'), status: 400 });
  await call('list orders of a customer id that is not a GUID',
             { method: 'GET', path: '/v1/customers/not-a-guid/orders', status: 400 });
  await call('get without a token',
             { method: 'GET', path: cartPath(kSeedCart), auth: false, status: 401 });
  await call('get with an invalid token', {
    method: 'GET', path: cartPath(kSeedCart), token: `${token.slice(0, -4)}AAAA`, status: 401,
  });
  await call("get another partner's customer's cart",
             { method: 'GET', path: cartPath(kSeedCart, kOtherPartnersCustomer), status: 403 });
  await call('get an unknown cart', { method: 'GET', path: cartPath(kUnknownCart), status: 404 });
  await call('update an unknown cart', {
    method: 'PUT', path: cartPath(kUnknownCart), body: JSON.stringify(kPlainCart), status: 404,
  });
  await call('check out an unknown cart',
             { method: 'POST', path: `${cartPath(kUnknownCart)}/checkout`, status: 404 });
  await call('delete a cart (no such method)',
             { method: 'DELETE', path: cartPath(kSeedCart), status: 405 });
  await call('create with a body over the limit', {
    method: 'POST', path: `/v1/customers/${kCustomer}/carts`,
    body: `{"lineItems":[],"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`, expectContinue: true,
    status: 413,
  });
  await call('get with a header block over the limit', {
    method: 'GET', path: cartPath(kSeedCart), headers: { 'X-Padding': 'x'.repeat(20 * 1024) },
    status: 431,
  });
  await call('unknown path', {
    method: 'GET', path: '/v2/nothing/here', status: 404,
    schema: { allOf: [{ $ref: '#/components/schemas/ApiFault' },
                      { properties: { code: { const: 1000 } } }] },
  });
}

// ------------------------------------------------------------------------------------------
// The stand-in controls (docs/controls.md), on the same cartd after the calls above: `--demo`
// turns them on. The clock is moved and the store reset last, so that nothing above sees them.
// While the clock is moved only the other demo partner calls /v1: the rate limiter keeps each
// partner's next admission time on cartd's clock, so the demo partner's requests would hold it
// back once the reset sets the clock back.

const kFixtureCustomer = '5e0c2b7a-8d41-4f3e-9a6c-1b2d3e4f5a60';
const kFixtureCart = '7c3e9a1d-2b4f-4e6a-8c0d-1e2f3a4b5c6d';
const kOtherPartner = '5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f';
const kOtherPartnersCart = '2f4a6c8e-0b1d-4e3f-9a5c-7e9b1d3f5a7c';
const kNobody = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

// Every control operation, with a body it would take: each must refuse a caller without the
// control token before it looks at anything else.
const kControlOperations = [
  { method: 'GET', path: '/_cartd/clock' },
  { method: 'POST', path: '/_cartd/clock', body: '{"advance":"P1D"}' },
  { method: 'GET', path: '/_cartd/faults' },
  { method: 'POST', path: '/_cartd/faults', body: '{}' },
  { method: 'DELETE', path: '/_cartd/faults' },
  { method: 'DELETE', path: '/_cartd/faults/fault-1' },
  { method: 'GET', path: '/_cartd/requests' },
  { method: 'DELETE', path: '/_cartd/requests' },
  { method: 'POST', path: '/_cartd/reset', body: '{"to":"empty"}' },
  { method: 'POST', path: '/_cartd/fixtures', body: '{}' },
  { method: 'POST', path: '/_cartd/tokens',
    body: JSON.stringify({ tenant: kPartnerTenant, app: 'validate-responses' }) },
  { method: 'GET', path: '/_cartd/customers' },
  { method: 'GET', path: `/_cartd/carts?partner=${kPartnerTenant}&customer=${kCustomer}` },
];

// The midnight (UTC) `days` days from now, as `POST /_cartd/clock` takes it.
function midnightIn(days) {
  const at = new Date(Date.now() + days * 86400000);
  return `${at.toISOString().slice(0, 10)}T00:00:00Z`;
}

async function runControlCalls(server, token, controlToken, checker) {
  const control = caller(server, controlToken, checker);
  const call = caller(server, token, checker);
  const expectJson = expecter(checker);
  const expectCode = (answer, code) =>
    expectJson(answer, `the error's code is ${code}`, (fault) => fault.code === code);
  const body = (value) => JSON.stringify(value);
  const isGuid = (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
      .test(value);

  // The control token, and nothing else.
  for (const operation of kControlOperations) {
    const name = `${operation.method} ${operation.path}`;
    expectCode(await control(`${name} without a token`, { ...operation, auth: false,
                                                          status: 401 }), 800001);
    expectCode(await control(`${name} with a partner's token`, { ...operation, token,
                                                                 status: 403 }), 800101);
  }
  expectCode(await control('a control with a token that is neither', {
    method: 'GET', path: '/_cartd/clock', token: 'cartd-control-not-this-one', status: 401,
  }), 900420);
  expectCode(await control('PUT on the clock (no such method)', {
    method: 'PUT', path: '/_cartd/clock', body: '{}', status: 405,
  }), 800002);

  const clock = await control('read the clock', { method: 'GET', path: '/_cartd/clock',
                                                  status: 200 });
  expectJson(clock, 'the clock has not been moved', (c) => c.offset === 'PT0S');

  // Fault rules: armed, acting on the /v1 requests they match, listed with their counters,
  // cleared.
  const none = await control('clear the fault rules when none is armed',
                             { method: 'DELETE', path: '/_cartd/faults', status: 200 });
  expectJson(none, 'no rule was armed', (removed) => removed.removed === 0);
  const unavailable = await control('arm a 503 for one read of a cart', {
    method: 'POST', path: '/_cartd/faults', validateRequest: true, status: 201,
    body: body({ operation: 'get', customer: kCustomer, status: 503, count: 1 }),
  });
  expectJson(unavailable, 'the rule has its defaults filled in', (rule) =>
    /^fault-[0-9]+$/.test(rule.id) && rule.action === 'error' && rule.code === 800003 &&
    rule.count === 1 && rule.probability === 1 && rule.matched === 0 && rule.fired === 0);
  const unavailableId = unavailable ? json(unavailable).id : 'fault-0';
  const throttle = await control('arm a 429 for one order list of a partner', {
    method: 'POST', path: '/_cartd/faults', validateRequest: true, status: 201,
    body: body({ operation: 'orders', partner: kPartnerTenant.toUpperCase(), status: 429,
                 retryAfter: 2, count: 1 }),
  });
  expectJson(throttle, 'a 429 rule has no code and its partner in canonical form', (rule) =>
    rule.status === 429 && rule.code === undefined && rule.retryAfter === 2 &&
    rule.partner === kPartnerTenant);
  const delay = await control('arm a delay for the catalog reads of another partner', {
    method: 'POST', path: '/_cartd/faults', validateRequest: true, status: 201,
    body: body({ operation: 'catalog', partner: kOtherPartner,
                 action: 'delay', delay: '1500ms', probability: 0.5 }),
  });
  expectJson(delay, 'the delay is written in seconds', (rule) =>
    rule.action === 'delay' && rule.delay === 'PT1.5S' && rule.probability === 0.5 &&
    rule.status === undefined);
  await control('arm a drop for the requests of a customer of another partner', {
    method: 'POST', path: '/_cartd/faults', validateRequest: true, status: 201,
    body: body({ action: 'drop', customer: kOtherPartnersCustomer }),
  });
  await call('get a cart while a 503 is armed for it',
             { method: 'GET', path: cartPath(kSeedCart), status: 503 });
  await call('get the cart again, the rule spent',
             { method: 'GET', path: cartPath(kSeedCart), status: 200 });
  const throttled = await call('list orders while a 429 is armed for the partner', {
    method: 'GET', path: `/v1/customers/${kCustomer}/orders`, status: 429,
  });
  if (throttled && throttled.headers['retry-after'] !== '2') {
    checker.fail({ name: 'the 429 rule sets Retry-After', method: '-', path: '-' },
                 ['Retry-After is not the rule\'s 2 seconds'].concat(excerpt(throttled)));
  }
  const rules = await control('list the fault rules',
                              { method: 'GET', path: '/_cartd/faults', status: 200 });
  expectJson(rules, 'the rules are listed in the order armed with what they matched and fired',
             (list) => list.totalCount === 4 && list.items.length === 4 &&
                       list.items[0].id === unavailableId && list.items[0].matched === 1 &&
                       list.items[0].fired === 1 && list.items[1].fired === 1 &&
                       list.items[2].matched === 0 && list.items[3].action === 'drop');
  const cleared = await control('clear one fault rule', {
    method: 'DELETE', path: `/_cartd/faults/${unavailableId}`, status: 200,
  });
  expectJson(cleared, 'one rule was removed', (removed) => removed.removed === 1);
  expectCode(await control('clear the same fault rule again', {
    method: 'DELETE', path: `/_cartd/faults/${unavailableId}`, status: 404,
  }), 800008);
  expectCode(await control('clear an unknown fault rule', {
    method: 'DELETE', path: '/_cartd/faults/fault-999999', status: 404,
  }), 800008);
  for (const [name, faultBody] of [
    ['arm a rule with an unknown action', '{"action":"explode"}'],
    ['arm a rule with an unknown operation', '{"operation":"delete"}'],
    ['arm a rule whose status is not an error', '{"status":200}'],
    ['arm a rule with a probability of 0', '{"probability":0}'],
    ['arm a rule with retryAfter 0', '{"status":429,"retryAfter":0}'],
    ['arm a delay without its delay', '{"action":"delay"}'],
    ['arm a delay of five minutes', '{"action":"delay","delay":"PT5M"}'],
    ['arm a rule for a partner that is not a GUID', '{"partner":"contoso"}'],
    ['arm a rule with a count of 0', '{"count":0}'],
    ['arm a rule with a body that is not JSON', 'status=503'],
    ['arm a rule with an empty body', ''],
  ]) {
    expectCode(await control(name, { method: 'POST', path: '/_cartd/faults', body: faultBody,
                                     status: 400 }), 800002);
  }
  const allCleared = await control('clear every fault rule',
                                   { method: 'DELETE', path: '/_cartd/faults', status: 200 });
  expectJson(allCleared, 'the three rules left were removed', (removed) => removed.removed === 3);

  // The request journal: what the client sent and got, newest first, without the controls' own
  // requests.
  const journal = await control('read the whole request journal', {
    method: 'GET', path: '/_cartd/requests?limit=1000', status: 200,
  });
  expectJson(journal, 'the journal holds the /v1 requests newest first, with the fault that ' +
                      'decided one, the token redacted and no control request', (list) => {
    const items = list.items || [];
    return list.totalCount === items.length && items.length > 50 &&
           items.every((e, i) => i === 0 || e.sequence < items[i - 1].sequence) &&
           items.some((e) => e.fault === unavailableId && e.status === 503 &&
                             e.route === 'GET /v1/customers/{customer-id}/carts/{cart-id}') &&
           items.some((e) => e.route === 'unmatched' && e.target === '/v2/nothing/here') &&
           items.every((e) => !e.route.includes('/_cartd/')) &&
           items.every((e) => e.requestHeaders.Authorization === undefined ||
                              e.requestHeaders.Authorization === 'Bearer [redacted]');
  });
  const entries = journal ? json(journal).items || [] : [];
  const faulted = entries.find((e) => e.fault === unavailableId);
  const ofCustomer = await control('read the journal of one customer, five entries at most', {
    method: 'GET', path: `/_cartd/requests?customer=${kCustomer.toUpperCase()}&limit=5`,
    status: 200,
  });
  expectJson(ofCustomer, 'five entries of that customer', (list) =>
    list.totalCount === 5 && list.items.every((e) => e.customerId === kCustomer));
  const since = faulted ? faulted.received : '2000-01-01T00:00:00Z';
  const sinceFault = await control('read the journal of one partner since a time', {
    method: 'GET', status: 200,
    path: `/_cartd/requests?partner=${kPartnerTenant}&since=${encodeURIComponent(since)}`,
  });
  expectJson(sinceFault, 'the three /v1 requests since the fault, newest first', (list) =>
    list.totalCount === 3 && list.items[2].fault === unavailableId &&
    list.items.every((e) => e.partnerTenant === kPartnerTenant && e.received >= since));
  for (const [name, query] of [
    ['read the journal with a limit of 0', 'limit=0'],
    ['read the journal with a limit that is not a number', 'limit=ten'],
    ['read the journal since a time that is not one', 'since=yesterday'],
    ['read the journal of a partner that is not a GUID', 'partner=contoso'],
    ['read the journal of a customer that is not a GUID', 'customer=42'],
  ]) {
    expectCode(await control(name, { method: 'GET', path: `/_cartd/requests?${query}`,
                                     status: 400 }), 800002);
  }
  const emptied = await control('empty the request journal',
                                { method: 'DELETE', path: '/_cartd/requests', status: 200 });
  expectJson(emptied, 'every entry was removed', (removed) =>
    removed.removed >= entries.length && removed.removed > 50);
  const empty = await control('read the emptied journal',
                              { method: 'GET', path: '/_cartd/requests', status: 200 });
  expectJson(empty, 'the journal is empty', (list) => list.totalCount === 0);

  // Customers and fixtures.
  const customers = await control('list every customer',
                                  { method: 'GET', path: '/_cartd/customers', status: 200 });
  expectJson(customers, 'the six demo customers', (list) => list.totalCount === 6);
  const ofPartner = await control("list one partner's customers", {
    method: 'GET', path: `/_cartd/customers?partner=${kPartnerTenant}`, status: 200,
  });
  expectJson(ofPartner, "the demo partner's five customers", (list) =>
    list.totalCount === 5 && list.items.every((c) => c.partnerTenant === kPartnerTenant));
  expectCode(await control('list the customers of a partner that is not a GUID', {
    method: 'GET', path: '/_cartd/customers?partner=contoso', status: 400,
  }), 800002);
  const carts = await control("list a customer's carts", {
    method: 'GET', path: `/_cartd/carts?partner=${kPartnerTenant}&customer=${kCustomer}`,
    status: 200,
  });
  expectJson(carts, 'each cart with its ETag', (list) =>
    list.totalCount === list.items.length && list.items.length > 0 &&
    list.items.every((c) => c.etag.startsWith('"') && typeof c.expired === 'boolean'));
  expectCode(await control('list the carts without naming the customer', {
    method: 'GET', path: `/_cartd/carts?partner=${kPartnerTenant}`, status: 400,
  }), 800002);
  const fixtures = {
    customers: [{ partnerTenant: kPartnerTenant, id: kFixtureCustomer, country: 'us',
                  currency: 'usd', companyName: 'Fixture Corp' }],
    carts: [
      { partnerTenant: kPartnerTenant, customerId: kFixtureCustomer,
        cart: { lastModifiedUser: kUser, lineItems: kPlainCart.lineItems } },
      { partnerTenant: kPartnerTenant, customerId: kCustomer,
        cart: { id: kFixtureCart, lastModifiedUser: kUser, lineItems: kPlainCart.lineItems } },
      { partnerTenant: kOtherPartner, customerId: kOtherPartnersCustomer,
        cart: { id: kOtherPartnersCart, lastModifiedUser: 'fixtures',
                lineItems: kPlainCart.lineItems } },
    ],
  };
  const loaded = await control('load fixtures', {
    method: 'POST', path: '/_cartd/fixtures', body: body(fixtures), validateRequest: true,
    status: 201,
  });
  expectJson(loaded, 'one customer and three carts, a new id for the cart given without one',
             (result) => result.customers === 1 && result.carts.length === 3 &&
                         isGuid(result.carts[0].id) &&
                         result.carts[0].customerId === kFixtureCustomer &&
                         result.carts[1].id === kFixtureCart);
  await call('get a cart the fixtures stored',
             { method: 'GET', path: cartPath(kFixtureCart), status: 200 });
  const withFixture = await control('list the customers with the fixture',
                                    { method: 'GET', path: '/_cartd/customers', status: 200 });
  expectJson(withFixture, 'the fixture customer is stored, its codes in upper case', (list) =>
    list.totalCount === 7 && list.items.some((c) => c.id === kFixtureCustomer &&
                                                    c.country === 'US' && c.currency === 'USD'));
  for (const [name, document] of [
    ['load fixtures that are not JSON', '{"customers": ['],
    ['load fixtures that are not an object', '[]'],
    ['load fixtures with a country of three letters', body({
      customers: [{ partnerTenant: kPartnerTenant, id: kNobody, country: 'USA',
                    currency: 'USD' }],
    })],
    ['load fixtures whose cart has no customer', body({
      carts: [{ partnerTenant: kPartnerTenant, customerId: kNobody,
                cart: { lineItems: kPlainCart.lineItems } }],
    })],
    ['load fixtures whose cart has no lines', body({
      carts: [{ partnerTenant: kPartnerTenant, customerId: kCustomer, cart: {} }],
    })],
  ]) {
    expectCode(await control(name, { method: 'POST', path: '/_cartd/fixtures', body: document,
                                     status: 400 }), 800002);
  }

  // The clock: moved forward only. The partner's token, minted on the system clock, expires with
  // it; a token minted by the control is valid on cartd's clock.
  const week = await control('advance the clock a week', {
    method: 'POST', path: '/_cartd/clock', body: body({ advance: 'P7D' }),
    validateRequest: true, status: 200,
  });
  expectJson(week, 'the offset is a week', (c) => c.offset === 'PT604800S' && c.now > c.systemNow);
  const more = await control("advance the clock in cartd's spelling", {
    method: 'POST', path: '/_cartd/clock', body: body({ advance: '36h' }),
    validateRequest: true, status: 200,
  });
  expectJson(more, 'the offset is eight and a half days', (c) => c.offset === 'PT734400S');
  const target = midnightIn(30);
  const later = await control('move the clock to a later time', {
    method: 'POST', path: '/_cartd/clock', body: body({ now: target }), validateRequest: true,
    status: 200,
  });
  expectJson(later, "cartd's time is the time asked for", (c) =>
    c.now.slice(0, 19) === target.slice(0, 19));
  const read = await control('read the moved clock',
                             { method: 'GET', path: '/_cartd/clock', status: 200 });
  expectJson(read, 'the clock stays moved', (c) => c.now >= target.slice(0, 19));
  for (const [name, change] of [
    ['move the clock back', '{"now":"2020-01-01T00:00:00Z"}'],
    ['move the clock by a year', '{"advance":"P1Y"}'],
    ['move the clock by nothing', '{"advance":"PT0S"}'],
    ['move the clock by a number', '{"advance":7}'],
    ['move the clock both ways at once', `{"advance":"P1D","now":"${midnightIn(60)}"}`],
    ['move the clock without saying how', '{}'],
    ['move the clock with a body that is not JSON', 'P7D'],
  ]) {
    expectCode(await control(name, { method: 'POST', path: '/_cartd/clock', body: change,
                                     status: 400 }), 800002);
  }
  await call('get a cart with a token that expired on the moved clock',
             { method: 'GET', path: cartPath(kFixtureCart), status: 401 });
  const minted = await control("mint an App+User token on cartd's clock", {
    method: 'POST', path: '/_cartd/tokens', body: body({ tenant: kOtherPartner, user: kUser }),
    validateRequest: true, status: 201,
  });
  const clockNow = read ? json(read).now : '';
  expectJson(minted, "the token expires an hour after cartd's time", (t) =>
    t.expiresOn > clockNow && t.expiresOn.slice(0, 10) <= midnightIn(31).slice(0, 10));
  const mintedToken = minted ? json(minted).token : token;
  await call('get a cart that expired on the moved clock, with the minted token', {
    method: 'GET', path: cartPath(kOtherPartnersCart, kOtherPartnersCustomer), token: mintedToken,
    status: 404,
  });
  await control('mint an App-only token valid five minutes', {
    method: 'POST', path: '/_cartd/tokens', validateRequest: true, status: 201,
    body: body({ tenant: kPartnerTenant.toUpperCase(), app: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f',
                 ttl: 'PT5M' }),
  });
  for (const [name, request] of [
    ['mint a token for both a user and an app', { tenant: kPartnerTenant, user: kUser, app: 'a' }],
    ['mint a token for neither a user nor an app', { tenant: kPartnerTenant }],
    ['mint a token without a tenant', { user: kUser }],
    ['mint a token for a tenant that is not a GUID', { tenant: 'contoso', user: kUser }],
    ['mint a token valid a year', { tenant: kPartnerTenant, user: kUser, ttl: 'P1Y' }],
    ['mint a token valid half a second', { tenant: kPartnerTenant, user: kUser, ttl: 'PT0.5S' }],
  ]) {
    expectCode(await control(name, { method: 'POST', path: '/_cartd/tokens', body: body(request),
                                     status: 400 }), 800002);
  }

  // The reset: an empty store, then the demo again; the clock back on the system time.
  const emptyStore = await control('reset to an empty store', {
    method: 'POST', path: '/_cartd/reset', body: body({ to: 'empty' }), validateRequest: true,
    status: 200,
  });
  expectJson(emptyStore, 'nothing was loaded', (result) =>
    result.to === 'empty' && result.customers === 0 && result.carts.length === 0);
  const noCustomers = await control('list the customers of the empty store',
                                    { method: 'GET', path: '/_cartd/customers', status: 200 });
  expectJson(noCustomers, 'the store has no customer', (list) => list.totalCount === 0);
  const reset = await control('read the clock after the reset',
                              { method: 'GET', path: '/_cartd/clock', status: 200 });
  expectJson(reset, 'the clock is back on the system time', (c) => c.offset === 'PT0S');
  for (const [name, resetBody] of [
    ['reset to something else', '{"to":"everything"}'],
    ['reset with a body that is not an object', '["demo"]'],
  ]) {
    expectCode(await control(name, { method: 'POST', path: '/_cartd/reset', body: resetBody,
                                     status: 400 }), 800002);
  }
  const demo = await control('reset to the demo data (no body)',
                             { method: 'POST', path: '/_cartd/reset', status: 200 });
  expectJson(demo, 'the demo customers and the seed cart are back', (result) =>
    result.to === 'demo' && result.customers === 6 && result.carts.length === 1 &&
    result.carts[0].id === kSeedCart);
  await call("get the seed cart after the reset, with the partner's token",
             { method: 'GET', path: cartPath(kSeedCart), status: 200 });
  await call('get a cart the fixtures stored, gone with the reset',
             { method: 'GET', path: cartPath(kFixtureCart), status: 404 });
}

// ------------------------------------------------------------------------------------------

// An App+User token of the demo partner, signed with the data directory's development key.
function mintToken(cartd, dataDir) {
  return childProcess.execFileSync(cartd, [
    'token', '--data-dir', dataDir, '--tenant', kPartnerTenant, '--user', kUser,
  ], { encoding: 'utf8' }).trim();
}

// The control token of the stand-in controls, derived from the data directory's secret.
function controlToken(cartd, dataDir) {
  return childProcess.execFileSync(cartd, ['token', '--control', '--data-dir', dataDir],
                                   { encoding: 'utf8' }).trim();
}

function checkStopped(checker, server, stopped) {
  if (stopped && (stopped.code !== 0 || stopped.signal)) {
    checker.fail({ name: 'shutdown', method: '-', path: '-' }, [
      `cartd exited with code ${stopped.code}, signal ${stopped.signal} after SIGTERM`,
      `stderr (last part): ${server.stderr}`]);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.cartd)) setupError(`no cartd binary at ${args.cartd}`);
  const documentText = fs.readFileSync(args.openapi, 'utf8');
  let document;
  try {
    document = new Document(JSON.parse(documentText));
  } catch (error) {
    setupError(`${args.openapi}: ${error.message}`);
  }
  const checker = new Checker(document);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartd-openapi-'));
  let server;
  let stopped;
  try {
    server = await startCartd(args.cartd, dataDir);
    const token = mintToken(args.cartd, dataDir);
    await runCalls(server, token, checker, documentText);
    await runControlCalls(server, token, controlToken(args.cartd, dataDir), checker);
  } catch (error) {
    checker.fail({ name: 'set-up', method: '-', path: '-' }, [error.stack || String(error)]);
  } finally {
    if (server) stopped = await stopCartd(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  checkStopped(checker, server, stopped);

  // The rate limit, on a second cartd whose bucket holds one request and refills in 100 s: the
  // second /v1 request is refused whatever the speed of the machine. That cartd runs without the
  // stand-in controls, which it answers 404 (the controls are not rate-limited either way).
  const limitedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartd-openapi-'));
  let limited;
  try {
    limited = await startCartd(args.cartd, limitedDir,
                               ['--rate-limit', '0.01', '--rate-limit-burst', '1',
                                '--controls=false']);
    const call = caller(limited, mintToken(args.cartd, limitedDir), checker);
    const expectJson = expecter(checker);
    for (const operation of kControlOperations) {
      const answer = await call(`${operation.method} ${operation.path} without controls`,
                                { ...operation, auth: false, status: 404 });
      expectJson(answer, 'a node without controls does not know the path',
                 (fault) => fault.code === 1000);
    }
    const orders = `/v1/customers/${kCustomer}/orders`;
    await call('first request within the rate limit', { method: 'GET', path: orders,
                                                         status: 200 });
    await call('second request over the rate limit', { method: 'GET', path: orders,
                                                       status: 429 });
  } catch (error) {
    checker.fail({ name: 'set-up (rate limit)', method: '-', path: '-' },
                 [error.stack || String(error)]);
  } finally {
    stopped = limited ? await stopCartd(limited) : undefined;
    fs.rmSync(limitedDir, { recursive: true, force: true });
  }
  checkStopped(checker, limited, stopped);
  checker.checkCoverage();

  const exercised = [...checker.exercised.entries()]
      .map(([key, statuses]) => `  ${key}: ${[...statuses].sort().join(', ')}`).sort();
  process.stdout.write(`openapi responses: ${checker.count} answers checked against ` +
                       `${args.openapi}\n${exercised.join('\n')}\n`);
  if (checker.failures.length) {
    process.stdout.write(`${checker.report()}\n`);
    process.stdout.write(`openapi responses: ${checker.failures.length} failure(s)\n`);
    process.exit(1);
  }
  process.stdout.write('openapi responses: every answer matches the document\n');
}

main().catch((error) => setupError(error.stack || String(error)));
