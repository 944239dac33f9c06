#!/usr/bin/env node
// Lints an OpenAPI description with Redocly's rules: the engine behind `redocly lint`, from the
// npm package @redocly/openapi-core (installed into ./node_modules by scripts/npm-tools.sh).
//
// Usage: node tests/openapi/lint.js <openapi.json> <redocly.yaml>
// Prints every problem with its location and exits 1 when there is any (warnings included), 2 on
// a usage or set-up error, 0 when the description is clean.
'use strict';

const path = require('node:path');

function fail(message) {
  process.stderr.write(`openapi lint: ${message}\n`);
  process.exit(2);
}

let redocly;
try {
  redocly = require('@redocly/openapi-core');
} catch (error) {
  fail(`cannot load @redocly/openapi-core (${error.code || error.message}); ` +
       'run `bash scripts/npm-tools.sh` at the repository root first');
}

async function main() {
  const [documentPath, configPath] = process.argv.slice(2);
  if (!documentPath || !configPath) fail('usage: lint.js <openapi.json> <redocly.yaml>');

  const config = await redocly.loadConfig({ configPath: path.resolve(configPath) });
  const problems = await redocly.lint({ ref: path.resolve(documentPath), config });
  const totals = redocly.getTotals(problems);
  if (problems.length > 0) {
    redocly.formatProblems(problems, {
      format: 'codeframe',
      color: false,
      totals,
      version: require('@redocly/openapi-core/package.json').version,
      maxProblems: 1000,
    });
  }
  const count = totals.errors + totals.warnings;
  process.stdout.write(`openapi lint: ${documentPath}: ${totals.errors} error(s), ` +
                       `${totals.warnings} warning(s)\n`);
  process.exit(count === 0 ? 0 : 1);
}

main().catch((error) => fail(error.stack || String(error)));
