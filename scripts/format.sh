#!/usr/bin/env bash
# The C++ files of the project in .clang-format's style (Debian's
# clang-format). `format.sh [ROOT]` rewrites them (make format);
# `format.sh --check [ROOT]` changes nothing and fails, naming each file
# and line that differs (the format_check test of make test).
set -euo pipefail
check=0
if [ "${1:-}" = "--check" ]; then
  check=1
  shift
fi
root=${1:-.}
cd "$root"
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed: run scripts/install-deps.sh (Debian package clang-format)" >&2
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
else
  mapfile -t files < <(find src tests bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "no C++ files under $root" >&2
  exit 1
fi
if [ $check -eq 1 ]; then
  if ! clang-format --dry-run --Werror "${files[@]}"; then
    echo "these files differ from .clang-format: run make format" >&2
    exit 1
  fi
else
  clang-format -i "${files[@]}"
fi
