#!/usr/bin/env bash
# Runs the libFuzzer targets built by the `fuzz` preset (make fuzz-build; build/fuzz/fuzz/).
#
#   bash fuzz/run.sh --smoke        replay every input under fuzz/regressions/<target>/, then fuzz
#                                   each target for FUZZ_SMOKE_SECONDS (default 20) seconds
#   bash fuzz/run.sh --seconds N    replay the regressions, then fuzz each target for N seconds
#
# Options: --target NAME (json_codec, token_verifier or request_handler; repeatable),
#          --build-dir DIR (default build/fuzz).
# Each target starts from its committed seed corpus (fuzz/corpus/<target>/, read only); inputs it
# discovers go to a scratch directory, never into the repository (FUZZ_KEEP_CORPUS=1 keeps it).
# Exit status: 0 when nothing was found; 1 on any crash, leak, timeout or sanitizer report, with
# the reproducing input's path printed. To keep a finding as a regression case, fix it, then copy
# the input to fuzz/regressions/<target>/ with a name that says what it was.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode=""
seconds=""
build_dir="build/fuzz"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke; seconds="${FUZZ_SMOKE_SECONDS:-20}" ;;
    --seconds) mode=fuzz; seconds="${2:-}"; shift ;;
    --seconds=*) mode=fuzz; seconds="${1#--seconds=}" ;;
    --target) targets+=("${2:-}"); shift ;;
    --build-dir) build_dir="${2:-}"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "fuzz/run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$mode" ] || ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz/run.sh: give --smoke or --seconds N (N >= 1)" >&2
  exit 2
fi
[ ${#targets[@]} -gt 0 ] || targets=(json_codec token_verifier request_handler)

# Per target: the most bytes one input may have, and libFuzzer's per-input time limit.
max_len() {
  case "$1" in
    json_codec) echo 16384 ;;
    token_verifier) echo 10000 ;;
    request_handler) echo 65536 ;;
  esac
}

scratch="$(mktemp -d "${TMPDIR:-/tmp}/cartd-fuzz.XXXXXX")"
failed=()
cleanup() {
  if [ ${#failed[@]} -gt 0 ] || [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
    echo "fuzz/run.sh: scratch directory kept: $scratch" >&2
  else
    rm -rf "$scratch"
  fi
}
trap cleanup EXIT

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

for target in "${targets[@]}"; do
  binary="$build_dir/fuzz/fuzz_$target"
  if [ -z "$(max_len "$target")" ]; then
    echo "fuzz/run.sh: unknown target '$target'" >&2
    exit 2
  fi
  if [ ! -x "$binary" ]; then
    echo "fuzz/run.sh: $binary not found: build it with 'make fuzz-build'" \
      "(cmake --preset fuzz && cmake --build --preset fuzz)" >&2
    exit 2
  fi
  artifacts="$scratch/artifacts/$target"
  corpus="$scratch/corpus/$target"
  mkdir -p "$artifacts" "$corpus"
  common=(-artifact_prefix="$artifacts/" -max_len="$(max_len "$target")" -timeout=30
          -rss_limit_mb=2048 -print_final_stats=1)
  if [ -f "fuzz/dict/$target.dict" ]; then common+=(-dict="fuzz/dict/$target.dict"); fi

  # 1. Every committed regression input, once each.
  regressions=()
  if [ -d "fuzz/regressions/$target" ]; then
    while IFS= read -r -d '' file; do regressions+=("$file"); done < <(
      find "fuzz/regressions/$target" -type f ! -name '*.md' ! -name '.gitkeep' -print0 | sort -z)
  fi
  if [ ${#regressions[@]} -gt 0 ]; then
    echo "== $target: replaying ${#regressions[@]} regression input(s)"
    if ! "$binary" "${common[@]}" "${regressions[@]}" >"$scratch/$target.regressions.log" 2>&1; then
      tail -n 60 "$scratch/$target.regressions.log" >&2
      echo "fuzz/run.sh: $target: a regression input fails again (log: $scratch/$target.regressions.log)" >&2
      failed+=("$target (regressions)")
      continue
    fi
  fi

  # 2. Fuzzing, from the seed corpus; new inputs go to the scratch corpus (listed first).
  echo "== $target: fuzzing for ${seconds}s"
  if ! "$binary" "${common[@]}" -max_total_time="$seconds" "$corpus" "fuzz/corpus/$target" \
      >"$scratch/$target.log" 2>&1; then
    tail -n 60 "$scratch/$target.log" >&2
    echo "fuzz/run.sh: $target: finding(s) in $artifacts:" >&2
    ls -1 "$artifacts" >&2
    failed+=("$target")
    continue
  fi
  grep -E '^stat::number_of_executed_units|^stat::new_units_added|cov: ' "$scratch/$target.log" |
    tail -n 3 | sed 's/^/   /'
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz/run.sh: no findings (${targets[*]})"
