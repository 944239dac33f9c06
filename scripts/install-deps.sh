#!/usr/bin/env bash
# Installs everything cartd needs to build, run, test and benchmark on Debian 12, using apt only.
# Idempotent: packages already present are skipped, so a second run does nothing and needs no
# network. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make pkg-config git ca-certificates
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libssl-dev openssl libcurl4-openssl-dev
  libcli11-dev libtomlplusplus-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev postgresql
  clang libclang-rt-14-dev clang-format-14 wrk nginx-light procps
  # examples/stand-in-test.sh, run as a test
  curl jq
  # the OpenAPI lint and response validation run on Node.js tools from the npm registry
  nodejs
  # the web console's browser test (tests/console) drives Debian's chromium with puppeteer-core
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# npm ships with Debian's nodejs as a separate package, and with NodeSource's inside nodejs.
if ! command -v npm >/dev/null 2>&1 && [[ ! " ${missing[*]} " =~ " nodejs " ]]; then
  missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
if ! command -v npm >/dev/null 2>&1; then
  $sudo apt-get install -y -q --no-install-recommends npm
fi
