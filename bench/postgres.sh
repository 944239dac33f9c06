#!/usr/bin/env bash
# The PostgreSQL half of SPEC §10's benchmark: cartd's durable PUT on one node, then on two nodes
# over the same PostgreSQL server, side by side with pgbench running a comparable single-row
# durable update (a new ~1 KiB document and a version bump, by primary key) on that server in the
# same run. Prints the medians and ratios; docs/benchmark.md has the method and the figures.
#
#   bash bench/postgres.sh
#
# Settings: BENCH_BUILD_DIR=build/release  BENCH_RUNS=3  BENCH_DURATION=10s  BENCH_CONNECTIONS=32
# BENCH_PG_CARTS=1000 (carts the PUTs walk, and rows of pgbench's table).
# Needs the Release build (make build), wrk, curl, jq and PostgreSQL's server binaries and pgbench
# (scripts/install-deps.sh installs them all). Everything lives in a temporary directory, removed
# at the end; as root, the server runs as the `postgres` user.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build_dir="${BENCH_BUILD_DIR:-build/release}"
runs="${BENCH_RUNS:-3}"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-32}"
carts="${BENCH_PG_CARTS:-1000}"
cartd_bin="$root/$build_dir/cartd"
lua="$root/bench/lua/cartd.lua"
cart_file="$root/bench/data/typical_cart.json"
customer="d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
partner="9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
user="2713ccd7-ea3b-470a-9cfb-451d5d0482cc"

die() { echo "bench/postgres.sh: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }
for tool in wrk curl jq; do command -v "$tool" >/dev/null || die "$tool not found"; done
[ -x "$cartd_bin" ] || die "no cartd in $build_dir: run 'make build' first"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$pg_bin/postgres" ] && [ -x "$pg_bin/pgbench" ] ||
  die "no PostgreSQL server and pgbench under /usr/lib/postgresql"

work="$(mktemp -d "${TMPDIR:-/tmp}/cartd-pgbench.XXXXXX")"
chmod 755 "$work"
as_server=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs a postgres user to run the server"
  as_server=(runuser -u postgres --)
fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  "${as_server[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- PostgreSQL: durable as shipped (fsync, synchronous_commit, full_page_writes on) ----------
mkdir -p "$work/pg" "$work/socket"
[ "${#as_server[@]}" = 0 ] || chown postgres "$work/pg" "$work/socket"
"${as_server[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
port=$((20000 + RANDOM % 20000))
"${as_server[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/socket/server.log" -w \
  -o "-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c max_connections=200" \
  start >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres cartd
psql=("$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d cartd -v ON_ERROR_STOP=1)
url="postgresql://postgres@127.0.0.1:$port/cartd"
log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"

# --- cartd: two nodes over the one server, sharing a data directory (the dev signing key) -----
start_node() {
  local name="$1"
  "$cartd_bin" serve --demo --store "$url" --listen 127.0.0.1:0 --data-dir "$work/data" \
    --rate-limit 0 --partner-storage-quota 0 --controls=false --server-id "$name" \
    >"$work/$name.stdout" 2>"$work/$name.stderr" &
  pids+=($!)
  local node_port=""
  for _ in $(seq 1 300); do
    node_port="$(sed -n 's|^cartd listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' \
      "$work/$name.stdout" | head -1)"
    [ -n "$node_port" ] && break
    sleep 0.1
  done
  [ -n "$node_port" ] || { cat "$work/$name.stderr" >&2; die "cartd $name did not start"; }
  echo "$node_port"
}
port_a="$(start_node NODE-A)"
port_b="$(start_node NODE-B)"
token="$("$cartd_bin" token --data-dir "$work/data" --tenant "$partner" --user "$user" --ttl 2h)"

log "creating $carts carts"
seq 1 "$carts" | xargs -P 8 -I{} curl -sf -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @"$cart_file" "http://127.0.0.1:$port_a/v1/customers/$customer/carts" |
  jq -r .id >"$work/ids"
[ "$(wc -l <"$work/ids")" = "$carts" ] || die "could not create $carts carts"
# Each node of the two-node run walks its own half, as two clients of one partner would.
awk 'NR % 2 == 1' "$work/ids" >"$work/ids.a"
awk 'NR % 2 == 0' "$work/ids" >"$work/ids.b"

# --- pgbench's table: the same number of rows, each with a document of a cart's size ---------
"${psql[@]}" <<SQL
CREATE TABLE bench_carts (id integer PRIMARY KEY, version bigint NOT NULL, document text NOT NULL);
INSERT INTO bench_carts SELECT i, 1, repeat(md5(i::text), 32) FROM generate_series(1, $carts) i;
VACUUM ANALYZE bench_carts;
SQL
cat >"$work/update.sql" <<SQL
\\set id random(1, $carts)
UPDATE bench_carts SET version = version + 1, document = repeat(md5(random()::text), 32) WHERE id = :id;
SQL

results="$work/results"
: >"$results"
put_rps() {  # put_rps PORT IDS CONNECTIONS THREADS: requests/s of one wrk run
  wrk -t"$4" -c"$3" -d"$duration" -s "$lua" "http://127.0.0.1:$1" -- threads="$4" mode=put \
    ids="$2" body="$cart_file" token="$token" customer="$customer" |
    awk '/^BENCH_RESULT/ { print $2; if ($7 != 0 || $6 != 0) print "errors" > "/dev/stderr" }'
}
half=$((connections / 2))
for run in $(seq 1 "$runs"); do
  log "run $run of $runs"
  tps="$("$pg_bin/pgbench" -n -h 127.0.0.1 -p "$port" -U postgres -c "$connections" -j 2 -T \
    "${duration%s}" -f "$work/update.sql" cartd 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')"
  [ -n "$tps" ] || die "pgbench gave no result"
  echo "pgbench $tps" >>"$results"
  one="$(put_rps "$port_a" "$work/ids" "$connections" 2)"
  echo "one-node $one" >>"$results"
  put_rps "$port_a" "$work/ids.a" "$half" 1 >"$work/two.a" &
  first=$!
  put_rps "$port_b" "$work/ids.b" "$half" 1 >"$work/two.b"
  wait "$first"
  two="$(awk '{ sum += $1 } END { printf "%.1f", sum }' "$work/two.a" "$work/two.b")"
  echo "two-nodes $two" >>"$results"
  log "pgbench $tps tps; cartd PUT one node $one req/s, two nodes $two req/s"
done

median() {
  awk -v s="$1" '$1 == s { print $2 }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
pg="$(median pgbench)"; one="$(median one-node)"; two="$(median two-nodes)"
echo
echo "PostgreSQL durable single-row update, $connections connections, medians of $runs run(s) of $duration"
printf '%-40s %10.0f\n' "pgbench UPDATE (tps)" "$pg"
printf '%-40s %10.0f   %.3f of pgbench\n' "cartd PUT, one node (req/s)" "$one" \
  "$(awk -v a="$one" -v b="$pg" 'BEGIN { print a / b }')"
printf '%-40s %10.0f   %.3f of pgbench, %.2f of one node\n' "cartd PUT, two nodes (req/s)" "$two" \
  "$(awk -v a="$two" -v b="$pg" 'BEGIN { print a / b }')" \
  "$(awk -v a="$two" -v b="$one" 'BEGIN { print a / b }')"
