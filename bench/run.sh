#!/usr/bin/env bash
# The load benchmark of SPEC §10 (`make bench`): cartd and a reference nginx side by side on this
# machine, driven by wrk with the same threads, connections and duration, then the scale run
# (1,000 against 1,000,000 stored carts) and the micro-benchmarks. Prints a table with the SPEC
# targets marked "met" or "short" and writes bench/results/latest.json.
#
# Everything runs in a temporary directory (data, nginx prefix, logs) removed at the end. Needs
# the Release build (make build: build/release/cartd and build/release/bench/*), wrk and nginx.
#
# Settings (environment variables; docs/benchmark.md explains them):
#   BENCH_RUNS=3  BENCH_DURATION=10s  BENCH_CONNECTIONS=32  BENCH_THREADS=2
#   BENCH_CART_POOL=1000        carts that GET and PUT walk through
#   BENCH_CHECKOUT_POOL=60000   fresh carts per checkout run (each checkout needs its own)
#   BENCH_SCALE_SMALL=1000  BENCH_SCALE_LARGE=1000000   stored carts of the scale run
#   BENCH_SCALE=1  BENCH_MICRO=1   0 skips the scale run / the micro-benchmarks
#   BENCH_BUILD_DIR=build/release  BENCH_OUT=bench/results/latest.json  BENCH_KEEP=0
#   BENCH_CARTD_ARGS="..."      extra flags for `cartd serve`
# `bash bench/run.sh --quick` (or BENCH_QUICK=1): one 3-second run each, 20,000 carts for the
# large scale size, short micro-benchmarks: for trying things out, not for quoting.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

quick="${BENCH_QUICK:-0}"
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  runs="${BENCH_RUNS:-1}"; duration="${BENCH_DURATION:-3s}"
  scale_large="${BENCH_SCALE_LARGE:-20000}"; checkout_pool="${BENCH_CHECKOUT_POOL:-20000}"
  micro_min_time="${BENCH_MICRO_MIN_TIME:-0.05}"
else
  runs="${BENCH_RUNS:-3}"; duration="${BENCH_DURATION:-10s}"
  scale_large="${BENCH_SCALE_LARGE:-1000000}"; checkout_pool="${BENCH_CHECKOUT_POOL:-60000}"
  micro_min_time="${BENCH_MICRO_MIN_TIME:-0.5}"
fi
connections="${BENCH_CONNECTIONS:-32}"
threads="${BENCH_THREADS:-2}"
cart_pool="${BENCH_CART_POOL:-1000}"
scale_small="${BENCH_SCALE_SMALL:-1000}"
do_scale="${BENCH_SCALE:-1}"
do_micro="${BENCH_MICRO:-1}"
build_dir="${BENCH_BUILD_DIR:-build/release}"
out_json="${BENCH_OUT:-bench/results/latest.json}"
keep="${BENCH_KEEP:-0}"

cartd_bin="$build_dir/cartd"
[ -x "$cartd_bin" ] || cartd_bin="$build_dir/src/cartd/cartd"
preload_bin="$build_dir/bench/cartd_bench_preload"
cart_file="$root/bench/data/typical_cart.json"
lua="$root/bench/lua/cartd.lua"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

die() { echo "bench/run.sh: $*" >&2; exit 1; }
[ -x "$cartd_bin" ] || die "no cartd in $build_dir: run 'make build' first"
[ -x "$preload_bin" ] || die "$preload_bin not found: run 'make build' (CARTD_BUILD_BENCHMARKS=ON)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
[ -x "$nginx_bin" ] || die "nginx not found (apt-get install nginx-light)"
[ "$runs" -ge 1 ] 2>/dev/null || die "BENCH_RUNS must be a number >= 1"
[ "$threads" -ge 1 ] && [ "$connections" -ge "$threads" ] ||
  die "BENCH_CONNECTIONS must be at least BENCH_THREADS"

work="$(mktemp -d "${TMPDIR:-/tmp}/cartd-bench.XXXXXX")"
cartd_pid=""
nginx_pid=""
cleanup() {
  stop_cartd
  if [ -n "$nginx_pid" ]; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "bench/run.sh: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clk_tck="$(getconf CLK_TCK)"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
customer="d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"  # demo::kCustomer
partner="9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b"   # demo::kPartnerTenant
user="2713ccd7-ea3b-470a-9cfb-451d5d0482cc"      # demo::kUser

log() { printf '%s\n' "bench: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Processes

cartd_port=""
# start_cartd DATA_DIR: starts cartd in the background and waits for its banner.
start_cartd() {
  local data_dir="$1" extra=()
  # A per-partner rate limit would turn the benchmark into a benchmark of 429s.
  local help
  help="$("$cartd_bin" serve --help 2>/dev/null || true)"
  if [[ "$help" == *--rate-limit* ]]; then extra+=(--rate-limit 0); fi
  # Nor may the partner's storage quota refuse writes: the benchmark stores a million carts.
  if [[ "$help" == *--partner-storage-quota* ]]; then extra+=(--partner-storage-quota 0); fi
  # --demo turns the stand-in controls on, and with them the request journal, which keeps a copy
  # of every request and answer: the benchmark measures the service, not its test double.
  if [[ "$help" == *--controls* ]]; then extra+=(--controls=false); fi
  # shellcheck disable=SC2086
  "$cartd_bin" serve --demo --listen 127.0.0.1:0 --data-dir "$data_dir" "${extra[@]}" \
    ${BENCH_CARTD_ARGS:-} \
    >"$data_dir.stdout" 2>"$data_dir.stderr" &
  cartd_pid=$!
  local i
  for i in $(seq 1 300); do
    cartd_port="$(sed -n 's|^cartd listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' \
      "$data_dir.stdout" 2>/dev/null | head -1)"
    [ -n "$cartd_port" ] && return 0
    kill -0 "$cartd_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$data_dir.stderr" >&2 || true
  die "cartd did not start (see above)"
}

stop_cartd() {
  if [ -n "$cartd_pid" ]; then
    kill -TERM "$cartd_pid" 2>/dev/null || true
    wait "$cartd_pid" 2>/dev/null || true
    cartd_pid=""
  fi
}

# start_nginx BODY_FILE: nginx as the current user, in the foreground of its own prefix,
# serving BODY_FILE as /cart.json on a free loopback port (retried until one is free).
nginx_port=""
start_nginx() {
  local body="$1" prefix="$work/nginx" attempt user_line=""
  mkdir -p "$prefix/www" "$prefix/logs" "$prefix/tmp"
  cp "$body" "$prefix/www/cart.json"
  # As root, workers would switch to "nobody" and could not read the private temporary prefix.
  if [ "$(id -u)" = 0 ]; then user_line="user root root;"; fi
  for attempt in $(seq 1 20); do
    nginx_port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    cat >"$prefix/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $prefix/logs/access.log;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /cart.json {
      root $prefix/www;
      default_type "application/json; charset=utf-8";
      # The fixed part of cartd's answer headers, so that both answers are the same size.
      add_header MS-RequestId "00000000-0000-0000-0000-000000000000";
      add_header MS-CorrelationId "00000000-0000-0000-0000-000000000000";
      add_header MS-CV "AAAAAAAAAAAAAAAA.0";
      add_header MS-ServerId "00000000";
      add_header X-Locale "en-US";
      add_header ETag '"00000000000000000000"';
    }
  }
}
EOF
    "$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" \
      >"$prefix/logs/stdout" 2>&1 &
    nginx_pid=$!
    local i
    for i in $(seq 1 50); do
      if ! kill -0 "$nginx_pid" 2>/dev/null; then break; fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; then return 0; fi
      sleep 0.1
    done
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    grep -q "Address already in use" "$prefix/logs/error.log" "$prefix/logs/stdout" 2>/dev/null ||
      { cat "$prefix/logs/error.log" "$prefix/logs/stdout" >&2; die "nginx did not start"; }
  done
  die "no free port for nginx after 20 attempts"
}

# The process and its children (nginx's workers).
process_tree() {
  echo "$1"
  pgrep -P "$1" || true
}

# CPU ticks (user + system) used so far by the given processes.
cpu_ticks() {
  local pid
  for pid in "$@"; do
    # Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || true
  done | awk '{ t += $12 + $13 } END { print t + 0 }'
}

# Resets the peak RSS (VmHWM) of the processes; Linux 4.0 and newer.
reset_peak_rss() {
  local pid
  for pid in "$@"; do echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true; done
}

# Sum of VmHWM over the processes, in KiB.
peak_rss_kib() {
  local pid
  for pid in "$@"; do awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true; done |
    awk '{ s += $1 } END { print s + 0 }'
}

# http_get PORT PATH TOKEN: the body of a GET over a plain socket (no curl needed).
http_get() {
  local port="$1" target="$2" token="$3" response
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nAccept: application/json\r\nConnection: close\r\n\r\n' \
    "$target" "$token" >&3
  response="$(cat <&3)"
  exec 3<&-
  case "$response" in
    "HTTP/1.1 200"*) ;;
    *) die "GET $target: $(printf '%s' "$response" | head -1)" ;;
  esac
  printf '%s' "${response#*$'\r\n\r\n'}"
}

# ---------------------------------------------------------------------------------------------
# Measurements

# Results, one line per run: "<scenario> <rps> <p50_us> <p99_us> <requests> <sock_err> <non2xx>
# <exhausted> <cpu_cores> <rss_kib>".
results="$work/results.txt"
: >"$results"

# measure SCENARIO URL PIDS -- LUA_ARGS...: one wrk run; records its line in $results.
measure() {
  local scenario="$1" url="$2" pids="$3"
  shift 4
  local before after start end line cpu
  # shellcheck disable=SC2086
  reset_peak_rss $pids
  # shellcheck disable=SC2086
  before="$(cpu_ticks $pids)"
  start="$(date +%s%N)"
  line="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "$url" -- \
    threads="$threads" "$@" | grep '^BENCH_RESULT' || true)"
  end="$(date +%s%N)"
  # shellcheck disable=SC2086
  after="$(cpu_ticks $pids)"
  [ -n "$line" ] || die "wrk gave no result for $scenario"
  cpu="$(awk -v t=$((after - before)) -v hz="$clk_tck" -v ns=$((end - start)) \
    'BEGIN { printf "%.2f", (t / hz) / (ns / 1e9) }')"
  # shellcheck disable=SC2086
  echo "$scenario ${line#BENCH_RESULT } $cpu $(peak_rss_kib $pids)" >>"$results"
  set -- ${line#BENCH_RESULT }
  log "$(printf '%-18s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %s  non-2xx %s  errors %s' \
    "$scenario" "$1" "$(awk -v v="$2" 'BEGIN{print v/1000}')" \
    "$(awk -v v="$3" 'BEGIN{print v/1000}')" "$cpu" "$6" "$5")"
}

# median SCENARIO FIELD: the median over the runs of a column of $results (2 = req/s, ...).
median() {
  awk -v s="$1" -v f="$2" '$1 == s { print $f }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "null"; exit }
           if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maximum() {
  awk -v s="$1" -v f="$2" '$1 == s { if ($f > m) m = $f } END { print m + 0 }' "$results"
}
total() {
  awk -v s="$1" -v f="$2" '$1 == s { t += $f } END { print t + 0 }' "$results"
}

# ---------------------------------------------------------------------------------------------
# 1. cartd against nginx

log "work directory $work; $runs run(s) of $duration, $threads threads, $connections connections"
data="$work/main"
mkdir -p "$data"
log "preloading $cart_pool carts, and $((checkout_pool * runs)) for checkout"
"$preload_bin" --db "$data/cartd.db" --cart "$cart_file" --count "$cart_pool" \
  --ids-out "$work/carts.ids" >&2
"$preload_bin" --db "$data/cartd.db" --cart "$cart_file" --count "$((checkout_pool * runs))" \
  --ids-out "$work/checkout.ids" >&2
split -d -a 3 -l "$checkout_pool" "$work/checkout.ids" "$work/checkout.ids."

start_cartd "$data"
token="$("$cartd_bin" token --data-dir "$data" --tenant "$partner" --user "$user" --ttl 24h)"
log "cartd pid $cartd_pid on port $cartd_port"

# nginx serves the bytes of a real GET answer of cartd.
http_get "$cartd_port" "/v1/customers/$customer/carts/$(head -1 "$work/carts.ids")" "$token" \
  >"$work/cart.json"
body_bytes="$(wc -c <"$work/cart.json")"
start_nginx "$work/cart.json"
nginx_pids="$(process_tree "$nginx_pid" | tr '\n' ' ')"
log "nginx pid $nginx_pid on port $nginx_port, serving $body_bytes bytes"

cartd_url="http://127.0.0.1:$cartd_port"
common=(token="$token" customer="$customer")
for run in $(seq 1 "$runs"); do
  log "run $run of $runs"
  measure nginx "http://127.0.0.1:$nginx_port" "$nginx_pids" -- mode=static path=/cart.json \
    "${common[@]}"
  measure get "$cartd_url" "$cartd_pid" -- mode=get ids="$work/carts.ids" "${common[@]}"
  measure put "$cartd_url" "$cartd_pid" -- mode=put ids="$work/carts.ids" body="$cart_file" \
    "${common[@]}"
  measure create "$cartd_url" "$cartd_pid" -- mode=create body="$cart_file" "${common[@]}"
  measure checkout "$cartd_url" "$cartd_pid" -- mode=checkout \
    ids="$(printf '%s.%03d' "$work/checkout.ids" $((run - 1)))" "${common[@]}"
done
main_rss_kib="$(peak_rss_kib "$cartd_pid")"
stop_cartd
kill -QUIT "$nginx_pid" 2>/dev/null || true
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""

# ---------------------------------------------------------------------------------------------
# 2. Scale: the same GET and PUT over 1,000 and then 1,000,000 stored carts, picked at random.

scale_phase() {
  local label="$1" data_dir="$2" run
  start_cartd "$data_dir"
  local scale_token
  scale_token="$("$cartd_bin" token --data-dir "$data_dir" --tenant "$partner" --user "$user" \
    --ttl 24h)"
  for run in $(seq 1 "$runs"); do
    measure "scale-get-$label" "http://127.0.0.1:$cartd_port" "$cartd_pid" -- mode=random-get \
      ids="$work/scale.ids" token="$scale_token" customer="$customer"
    measure "scale-put-$label" "http://127.0.0.1:$cartd_port" "$cartd_pid" -- mode=random-put \
      ids="$work/scale.ids" body="$cart_file" token="$scale_token" customer="$customer"
  done
  stop_cartd
}

if [ "$do_scale" = 1 ]; then
  scale_data="$work/scale"
  mkdir -p "$scale_data"
  log "scale run: preloading $scale_small carts"
  "$preload_bin" --db "$scale_data/cartd.db" --cart "$cart_file" --count "$scale_small" \
    --ids-out "$work/scale.ids" >&2
  scale_phase small "$scale_data"
  log "scale run: preloading $((scale_large - scale_small)) more carts"
  preload_started="$(date +%s)"
  "$preload_bin" --db "$scale_data/cartd.db" --cart "$cart_file" \
    --count "$((scale_large - scale_small))" --ids-out "$work/scale.ids" >&2
  preload_seconds=$(($(date +%s) - preload_started))
  db_bytes="$(du -cb "$scale_data"/cartd.db* | tail -1 | cut -f1)"
  scale_phase large "$scale_data"
fi

# ---------------------------------------------------------------------------------------------
# 3. Report

nginx_rps="$(median nginx 2)"
ms() { awk -v v="$1" 'BEGIN { if (v == "null") print "null"; else printf "%.2f", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "null" || b == "null" || b == 0) print "null";
                                             else printf "%.3f", a / b }'; }
verdict() {  # verdict VALUE OP LIMIT
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "null") { print "n/a"; exit }
    ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "met" : "short" }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

json_rows=()
table_rows=()
notes=()
# row SCENARIO LABEL RATIO_TARGET P99_TARGET_MS
row() {
  local s="$1" label="$2" ratio_target="$3" p99_target="$4"
  local rps p50 p99 r cpu rss non2xx errors exhausted targets=() json_targets=()
  rps="$(median "$s" 2)"; p50="$(ms "$(median "$s" 3)")"; p99="$(ms "$(median "$s" 4)")"
  cpu="$(median "$s" 9)"; rss="$(mib "$(maximum "$s" 10)")"
  non2xx="$(total "$s" 7)"; errors="$(total "$s" 6)"; exhausted="$(maximum "$s" 8)"
  r="$(ratio "$rps" "$nginx_rps")"
  if [ -n "$ratio_target" ]; then
    targets+=("≥${ratio_target}× nginx: $(verdict "$r" ">=" "$ratio_target")")
    json_targets+=("{\"what\":\"ratio to nginx >= $ratio_target\",\"verdict\":\"$(verdict "$r" ">=" "$ratio_target")\"}")
  fi
  if [ -n "$p99_target" ]; then
    local p99_verdict
    p99_verdict="$(verdict "$p99" "<=" "$p99_target")"
    [ "$connections" = 32 ] || p99_verdict="n/a (SPEC: at 32 connections)"
    targets+=("p99 ≤${p99_target} ms: $p99_verdict")
    json_targets+=("{\"what\":\"p99 <= $p99_target ms at 32 connections\",\"verdict\":\"$p99_verdict\"}")
  fi
  [ "$non2xx" = 0 ] && [ "$errors" = 0 ] ||
    notes+=("$label: $non2xx non-2xx answers and $errors socket errors over the runs")
  [ "$exhausted" = 0 ] ||
    notes+=("$label: the checkout pool ran out; later checkouts replayed stored answers (raise BENCH_CHECKOUT_POOL)")
  table_rows+=("$(printf '%-22s %10.0f %8s %8s %7s %6s %8s  %s' "$label" "$rps" "$p50" "$p99" \
    "$r" "$cpu" "$rss" "$(IFS=';'; echo "${targets[*]:-}" | sed 's/;/; /g')")")
  local per_run
  per_run="$(awk -v s="$s" '$1 == s { printf "%s%s", sep, $2; sep = "," }' "$results")"
  json_rows+=("{\"scenario\":\"$s\",\"label\":\"$label\",\"requests_per_second\":$rps,\"p50_ms\":$p50,\"p99_ms\":$p99,\"ratio_to_nginx\":$r,\"server_cpu_cores\":$cpu,\"peak_rss_mib\":$rss,\"non_2xx\":$non2xx,\"socket_errors\":$errors,\"pool_exhausted\":$([ "$exhausted" = 0 ] && echo false || echo true),\"runs_requests_per_second\":[$per_run],\"targets\":[$(IFS=,; echo "${json_targets[*]:-}")]}")
}

row nginx "nginx static GET" "" ""
row get "GET cart" 0.9 5
row put "PUT cart (durable)" 0.5 5
row create "create cart" 0.5 ""
row checkout "checkout" 0.25 ""

scale_table=()
scale_json=""
if [ "$do_scale" = 1 ]; then
  row scale-get-small "GET, $scale_small carts" "" ""
  row scale-get-large "GET, $scale_large carts" "" ""
  row scale-put-small "PUT, $scale_small carts" "" ""
  row scale-put-large "PUT, $scale_large carts" "" ""
  get_scale="$(ratio "$(median scale-get-large 2)" "$(median scale-get-small 2)")"
  put_scale="$(ratio "$(median scale-put-large 2)" "$(median scale-put-small 2)")"
  large_rss_kib="$(awk '$1 ~ /^scale-.*-large$/ { if ($10 > m) m = $10 } END { print m + 0 }' "$results")"
  scale_table+=("GET req/s at $scale_large vs $scale_small carts: ${get_scale}× (target ≥0.9: $(verdict "$get_scale" ">=" 0.9))")
  scale_table+=("PUT req/s at $scale_large vs $scale_small carts: ${put_scale}× (target ≥0.9: $(verdict "$put_scale" ">=" 0.9))")
  scale_table+=("peak RSS at $scale_large carts: $(mib "$large_rss_kib") MiB (target ≤64 MiB: $(verdict "$(mib "$large_rss_kib")" "<=" 64))")
  scale_table+=("preload of $((scale_large - scale_small)) carts: ${preload_seconds} s; database $(mib $((db_bytes / 1024))) MiB")
  scale_json="{\"small_carts\":$scale_small,\"large_carts\":$scale_large,\"get_ratio\":$get_scale,\"get_verdict\":\"$(verdict "$get_scale" ">=" 0.9)\",\"put_ratio\":$put_scale,\"put_verdict\":\"$(verdict "$put_scale" ">=" 0.9)\",\"peak_rss_mib\":$(mib "$large_rss_kib"),\"rss_verdict\":\"$(verdict "$(mib "$large_rss_kib")" "<=" 64)\",\"preload_seconds\":$preload_seconds,\"database_bytes\":$db_bytes}"
fi

echo
echo "cartd against nginx on $(nproc) cores: medians of $runs run(s) of $duration," \
  "$threads wrk threads, $connections connections; cart body $body_bytes bytes"
printf '%-22s %10s %8s %8s %7s %6s %8s  %s\n' "scenario" "req/s" "p50 ms" "p99 ms" "ratio" \
  "cpu" "RSS MiB" "SPEC §10 targets"
for line in "${table_rows[@]}"; do echo "$line"; done
echo "cpu: server CPU in cores (user + system, from /proc) during the run; RSS: peak (VmHWM)" \
  "during the run; ratio: req/s over nginx's"
echo "cartd peak RSS over the whole comparison: $(mib "$main_rss_kib") MiB"
for line in "${scale_table[@]}"; do echo "$line"; done
for line in "${notes[@]}"; do echo "note: $line"; done

# ---------------------------------------------------------------------------------------------
# 4. Micro-benchmarks

micro_json="[]"
if [ "$do_micro" = 1 ]; then
  echo
  echo "micro-benchmarks ($build_dir/bench)"
  micro_parts=()
  for binary in "$build_dir"/bench/cartd_*_benchmark; do
    [ -x "$binary" ] || continue
    name="$(basename "$binary")"
    "$binary" --benchmark_min_time="$micro_min_time" --benchmark_out="$work/$name.json" \
      --benchmark_out_format=json
    micro_parts+=("{\"binary\":\"$name\",\"report\":$(cat "$work/$name.json")}")
  done
  micro_json="[$(IFS=,; echo "${micro_parts[*]:-}")]"
fi

mkdir -p "$(dirname "$out_json")"
{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"host\": {\"cores\": $(nproc), \"kernel\": \"$(uname -r)\", \"load_average_at_start\": \"$load_at_start\", \"load_average_at_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"},"
  echo "  \"settings\": {\"runs\": $runs, \"duration\": \"$duration\", \"threads\": $threads, \"connections\": $connections, \"cart_body_bytes\": $body_bytes, \"quick\": $([ "$quick" = 1 ] && echo true || echo false)},"
  echo "  \"scenarios\": [$(IFS=,; echo "${json_rows[*]}")],"
  echo "  \"scale\": ${scale_json:-null},"
  echo "  \"micro\": $micro_json"
  echo "}"
} >"$out_json"
echo
echo "results written to $out_json"
