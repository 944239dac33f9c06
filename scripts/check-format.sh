#!/usr/bin/env bash
# Checks that every C++ file of the project is formatted as .clang-format says (make test runs
# it; `scripts/check-format.sh --fix` rewrites the files that are not). Uses Debian's
# clang-format 14, which scripts/install-deps.sh installs: other versions format differently.
set -euo pipefail
cd "$(dirname "$0")/.."

clang_format="${CLANG_FORMAT:-clang-format-14}"
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "check-format: $clang_format is not installed; run scripts/install-deps.sh" >&2
  exit 1
fi

mapfile -t files < <(git ls-files '*.cc' '*.h')
if [ "${1:-}" = "--fix" ]; then
  "$clang_format" -i "${files[@]}"
  exit 0
fi
if ! "$clang_format" --dry-run --Werror "${files[@]}"; then
  echo "check-format: the files above are not formatted; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
