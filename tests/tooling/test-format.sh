#!/usr/bin/env bash
# scripts/format.sh --check passes on a formatted tree and fails, naming the
# file, on a planted unformatted one; format.sh then fixes it.
# Usage: test-format.sh path/to/format.sh path/to/.clang-format
set -uo pipefail
script=${1:?usage: test-format.sh FORMAT_SCRIPT CLANG_FORMAT_FILE}
style=${2:?usage: test-format.sh FORMAT_SCRIPT CLANG_FORMAT_FILE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $1"
  failed=$((failed + 1))
}

mkdir -p "$work/src/model"
cp "$style" "$work/.clang-format"
printf 'int add(int a, int b) { return a + b; }\n' >"$work/src/model/good.cpp"
git -C "$work" init -q && git -C "$work" add -A

out=$(bash "$script" --check "$work" 2>&1) || fail "a formatted tree was refused: $out"

printf 'int  sub(int a,int b){\nreturn a-b;}\n' >"$work/src/model/bad.cpp"
git -C "$work" add -A
if out=$(bash "$script" --check "$work" 2>&1); then
  fail "an unformatted file passed"
else
  case "$out" in
    *src/model/bad.cpp*) ;;
    *) fail "the message does not name the file: $out" ;;
  esac
fi
# The check changes nothing.
grep -q 'int  sub' "$work/src/model/bad.cpp" || fail "--check rewrote the file"

bash "$script" "$work" >/dev/null 2>&1 || fail "format.sh failed to rewrite"
out=$(bash "$script" --check "$work" 2>&1) || fail "still unformatted after format.sh: $out"

if [ $failed -eq 0 ]; then echo "format check: 5 cases passed"; fi
exit $((failed > 0))
