#!/usr/bin/env bash
# Plants each kind of wrong include in a small tree laid out like src/ and
# checks that scripts/check-layering.sh fails on it with the expected message,
# and passes on the clean tree. Usage: test-layering.sh path/to/check-layering.sh
set -uo pipefail
check=${1:?usage: test-layering.sh CHECK_SCRIPT}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fresh_tree() {
  rm -rf "$work/src"
  for m in model ingest index search render server cli; do mkdir -p "$work/src/$m"; done
  printf '#include <string>\n' >"$work/src/model/model.hpp"
  printf '#include "model/model.hpp"\n#include <yaml-cpp/yaml.h>\n#include <pugixml.hpp>\n#include <cmark.h>\n' >"$work/src/ingest/load.cpp"
  printf '#include "model/model.hpp"\n#include <xapian.h>\n' >"$work/src/index/indexer.cpp"
  printf '#include "model/model.hpp"\n#include <xapian.h>\n#include "query.hpp"\n' >"$work/src/search/searcher.cpp"
  printf '#include "search/searcher.hpp"\n#include <nlohmann/json.hpp>\n' >"$work/src/render/json.cpp"
  printf '#include "render/json.hpp"\n#include <httplib.h>\n' >"$work/src/server/server.cpp"
  printf '#include "server/server.hpp"\n#include "ingest/corpus.hpp"\n#include <CLI/CLI.hpp>\n' >"$work/src/cli/main.cpp"
}

passed=0
failed=0
# file to plant in | line to append (or "mkdir:" / "file:" to create) | expected message part
cases=(
  "search/query.hpp|#include <server/http.hpp>|module 'search' must not include 'server/'"
  "render/json.hpp|#include \"server/http.hpp\"|module 'render' must not include 'server/'"
  "model/schema.hpp|  #  include \"index/indexer.hpp\"|module 'model' must not include 'index/'"
  "ingest/text.cpp|#include \"../search/query.hpp\"|relative include '../search/query.hpp'"
  "search/query.cpp|#include \"./query.hpp\"|relative include './query.hpp'"
  "render/json.cpp|#include <xapian.h>|module 'render' must not include <xapian.h>"
  "search/query.cpp|#include <httplib.h>|module 'search' must not include <httplib.h>"
  "index/documents.cpp|#include <pugixml.hpp>|module 'index' must not include <pugixml.hpp>"
  "server/params.cpp|#include <yaml-cpp/yaml.h>|module 'server' must not include <yaml-cpp/yaml.h>"
  "render/report.cpp|#include <cmark.h>|module 'render' must not include <cmark.h>"
  "server/server.cpp|#include <CLI/CLI.hpp>|module 'server' must not include <CLI/CLI.hpp>"
  "ingest/load.cpp|#include <xapian/query.h>|module 'ingest' must not include <xapian/query.h>"
  "plugins/extra.cpp|#include <string>|unknown module folder 'plugins'"
  "model/detail/bits.hpp|#include <string>|subfolders of a module are not part of the layout"
  "loose.cpp|#include <string>|not in"
  "search/query.cpp|#include MACRO_HEADER|cannot read this include"
)

fresh_tree
if out=$(bash "$check" "$work/src" 2>&1); then
  passed=$((passed + 1))
else
  echo "FAIL: the clean tree was refused: $out"
  failed=$((failed + 1))
fi

for c in "${cases[@]}"; do
  IFS='|' read -r target line expect <<<"$c"
  fresh_tree
  mkdir -p "$(dirname "$work/src/$target")"
  printf '%s\n' "$line" >>"$work/src/$target"
  if out=$(bash "$check" "$work/src" 2>&1); then
    echo "FAIL: planted '$line' in $target and the check passed"
    failed=$((failed + 1))
  elif [[ "$out" != *"$expect"* || "$out" != *"$target:"* ]]; then
    echo "FAIL: planted '$line' in $target; expected a message with '$target:' and '$expect', got: $out"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
