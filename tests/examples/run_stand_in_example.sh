#!/usr/bin/env bash
# Runs examples/stand-in-test.sh (the README's stand-in test) against a cartd of its own: the
# given binary with the demo data on the in-memory store, on a port the OS picks.
# Usage: run_stand_in_example.sh CARTD_BINARY EXAMPLE_SCRIPT
set -euo pipefail
cartd=$1
example=$2
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

"$cartd" serve --demo --store memory:// --data-dir "$dir" --listen 127.0.0.1:0 \
  --log-level warn >"$dir/banner" 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do
  url=$(sed -n 's/^cartd listening on \(http:[^ ]*\)$/\1/p' "$dir/banner")
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "${url:-}" ]] || { echo "cartd did not start:" >&2; cat "$dir/log" >&2; exit 1; }
CARTD="$cartd" CARTD_URL="$url" CARTD_DATA_DIR="$dir" bash "$example"
