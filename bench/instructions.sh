#!/usr/bin/env bash
# Instructions per request, the benchmark's noise-free figure (docs/benchmark.md): cartd (Release,
# SQLite, no access log, no rate limit, controls off) and nginx serving a same-size static body,
# each under valgrind's callgrind with one keep-alive client (wrk -t1 -c1), counting only while
# the client runs. Unlike requests per second, the count does not move with the load of a shared
# machine, so each change of the request path can be judged on it.
#
#   bash bench/instructions.sh            # GET, PUT, create, checkout and nginx's static GET
#
# Settings: BENCH_BUILD_DIR=build/release  INSTR_DURATION=10s (per scenario)
# INSTR_CHECKOUT_CARTS=30000 (fresh carts for the checkout run: more than it can check out).
# Needs the Release build with its benchmark tools (make build), valgrind, wrk and nginx.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build_dir="${BENCH_BUILD_DIR:-build/release}"
duration="${INSTR_DURATION:-10s}"
checkout_carts="${INSTR_CHECKOUT_CARTS:-30000}"
cartd_bin="$build_dir/cartd"
preload_bin="$build_dir/bench/cartd_bench_preload"
lua="$root/bench/lua/cartd.lua"
cart_file="$root/bench/data/typical_cart.json"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
customer="d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
partner="9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
user="2713ccd7-ea3b-470a-9cfb-451d5d0482cc"

die() { echo "bench/instructions.sh: $*" >&2; exit 1; }
for tool in valgrind callgrind_control wrk; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[ -x "$cartd_bin" ] || die "no cartd in $build_dir: run 'make build' first"
[ -x "$preload_bin" ] || die "no $preload_bin: run 'make build' first"

work="$(mktemp -d "${TMPDIR:-/tmp}/cartd-instr.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_under_callgrind NAME COMMAND...: starts COMMAND under callgrind with instrumentation off
# (it runs at near full speed until `count` turns it on).
start_under_callgrind() {
  local name="$1"; shift
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/$name.%p.out" \
    "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" &
  server_pid=$!
}

# count NAME URL LUA_ARGS...: instructions per request of one wrk run against the server.
count() {
  local name="$1" url="$2"; shift 2
  callgrind_control -z "$server_pid" >/dev/null 2>&1
  callgrind_control -i on "$server_pid" >/dev/null 2>&1
  local line
  line="$(wrk -t1 -c1 -d"$duration" -s "$lua" "$url" -- threads=1 "$@" | grep '^BENCH_RESULT')"
  callgrind_control -i off "$server_pid" >/dev/null 2>&1
  callgrind_control -d "$name" "$server_pid" >/dev/null 2>&1
  local requests exhausted instructions=""
  requests="$(awk '{print $5}' <<<"$line")"
  exhausted="$(awk '{print $8}' <<<"$line")"
  [ "$requests" -gt 0 ] || die "$name: no request was answered"
  [ "${exhausted:-0}" = 0 ] || die "$name: the cart pool ran out (raise INSTR_CHECKOUT_CARTS)"
  # The dump ends with "totals: N", every thread's instructions.
  for _ in $(seq 1 50); do
    instructions="$(cat "$work"/*.out.* 2>/dev/null | awk '/^totals:/ {sum += $2} END {if (sum) print sum}')"
    [ -n "$instructions" ] && break
    sleep 0.2
  done
  [ -n "$instructions" ] || die "$name: callgrind wrote no totals"
  printf '%-10s %10d instructions per request  (%d requests)\n' "$name" \
    "$((instructions / requests))" "$requests"
  rm -f "$work"/*.out.*
}

# --- cartd ------------------------------------------------------------------------------------
mkdir -p "$work/data"
"$preload_bin" --db "$work/data/cartd.db" --cart "$cart_file" --count 20 --ids-out "$work/ids" >/dev/null
"$preload_bin" --db "$work/data/cartd.db" --cart "$cart_file" --count "$checkout_carts" \
  --ids-out "$work/checkout_ids" >/dev/null
# Flags an older cartd (a "before" build) may not have are given only when it does.
extra=()
help="$("$cartd_bin" serve --help 2>/dev/null || true)"
if [[ "$help" == *--controls* ]]; then extra+=(--controls=false); fi
if [[ "$help" == *--partner-storage-quota* ]]; then extra+=(--partner-storage-quota 0); fi
start_under_callgrind cartd "$cartd_bin" serve --demo "${extra[@]}" --listen 127.0.0.1:0 \
  --data-dir "$work/data" --rate-limit 0 --access-log=false \
  --io-threads 1 --workers 4
for _ in $(seq 1 600); do
  port="$(sed -n 's|^cartd listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/cartd.stdout")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$work/cartd.stderr" >&2; die "cartd did not start"; }
base="http://127.0.0.1:$port"
token="$("$cartd_bin" token --data-dir "$work/data" --tenant "$partner" --user "$user" --ttl 2h)"
common=(token="$token" customer="$customer" body="$cart_file")
echo "$cartd_bin, then $nginx_bin: one keep-alive client, $duration each"
count get "$base" mode=get ids="$work/ids" "${common[@]}"
count put "$base" mode=put ids="$work/ids" "${common[@]}"
count create "$base" mode=create "${common[@]}"
count checkout "$base" mode=checkout ids="$work/checkout_ids" "${common[@]}"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# --- nginx: the same cart body, as a static file ---------------------------------------------
mkdir -p "$work/nginx/logs" "$work/nginx/html"
cp "$cart_file" "$work/nginx/html/cart.json"
nginx_port=$((20000 + RANDOM % 20000))
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
error_log $work/nginx/logs/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    location / { default_type application/json; }
  }
}
EOF
start_under_callgrind nginx "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
  sleep 0.1
done
count nginx "http://127.0.0.1:$nginx_port" mode=static path=/cart.json token="$token"
