#!/usr/bin/env bash
# Installs the Node.js tools the tests use (the OpenAPI lint and response validation, and
# puppeteer-core for the console's browser test; see package.json, pinned by package-lock.json)
# into ./node_modules with `npm ci`, when they are missing or package.json, package-lock.json or
# the Node.js version changed since the last install. Idempotent: when node_modules is current it
# does nothing and needs no network.
# Node.js, npm and the browser (Debian's chromium) come from scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "npm-tools: $tool is not installed; run scripts/install-deps.sh first" >&2
    exit 1
  fi
done

# What node_modules was installed from; npm ci empties node_modules, so a failed install leaves
# no stamp and the next run tries again.
stamp=node_modules/.cartd-npm-tools.sha256
wanted="$({ cat package.json package-lock.json; node --version; } | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "npm-tools: node_modules is up to date"
  exit 0
fi

echo "npm-tools: installing the npm tools with npm ci"
# --include=dev: the tools are devDependencies, wanted even when NODE_ENV=production.
# --ignore-scripts: none of them needs an install script, so none runs.
# puppeteer-core never downloads a browser; PUPPETEER_SKIP_DOWNLOAD makes sure nothing else of
# puppeteer's does either: the test drives /usr/bin/chromium.
export PUPPETEER_SKIP_DOWNLOAD=1
npm ci --include=dev --ignore-scripts --no-audit --no-fund
echo "$wanted" >"$stamp"
