#!/usr/bin/env bash
# Fails when a module includes a header of a module it must not depend on.
# The allowed directions (ENGINEERING.md): server -> search, render;
# render -> search; index, search, ingest -> model; cli -> anything.
set -euo pipefail
src=${1:-src}
declare -A allowed=(
  [model]="model"
  [ingest]="model ingest"
  [index]="model index"
  [search]="model search"
  [render]="model search render"
  [server]="model search render server"
)
status=0
for mod in "${!allowed[@]}"; do
  [ -d "$src/$mod" ] || continue
  while IFS=: read -r file line inc; do
    target=$(sed -E 's/.*#include "([a-z]+)\/.*/\1/' <<<"$inc")
    if [[ " ${allowed[$mod]} " != *" $target "* ]]; then
      echo "$file:$line: module '$mod' must not include '$target/' (see ENGINEERING.md layout)" >&2
      status=1
    fi
  done < <(grep -nE '^#include "[a-z]+/' "$src/$mod"/*.{hpp,cpp} 2>/dev/null | sed -E 's/^([^:]+):([0-9]+):/\1:\2:/' || true)
done
exit $status
