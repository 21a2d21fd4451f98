#!/usr/bin/env bash
# Fails when a source file includes what its module must not depend on.
# Modules are the folders of src/ (ENGINEERING.md, "The house"); the
# dependencies point one way:
#   model <- ingest, index, search <- render <- server <- cli
# and each third-party library stays inside the modules that wrap it.
# It fails closed: a folder not in the table, a subfolder, a file directly in
# src/, a relative path out of a folder and an include it cannot read are
# errors too, so a new place has to be added here before it builds.
set -euo pipefail
src=${1:-src}

# Project modules each module may include (cli may include every module).
declare -A allowed=(
  [model]="model"
  [ingest]="model ingest"
  [index]="model index"
  [search]="model search"
  [render]="model search render"
  [server]="model search render server"
  [cli]="model ingest index search render server cli"
)
# Third-party headers (by the first path component or the file name) and
# the only modules that may include them.
declare -A library_home=(
  [xapian.h]="index search"
  [xapian]="index search"
  [httplib.h]="server"
  [pugixml.hpp]="ingest"
  [yaml-cpp]="ingest"
  [cmark.h]="ingest"
  [CLI]="cli"
)

status=0
fail() {
  echo "$1" >&2
  status=1
}

while IFS= read -r -d '' file; do
  rel=${file#"$src"/}
  case "$rel" in
    */*/*) fail "$file:1: subfolders of a module are not part of the layout (one folder a module)"; continue ;;
    */*) ;;
    *) fail "$file:1: source files belong in a module folder of $src/, not in $src/ itself"; continue ;;
  esac
  mod=${rel%%/*}
  if [[ -z "${allowed[$mod]+x}" ]]; then
    fail "$file:1: unknown module folder '$mod' (add it to scripts/check-layering.sh and the layout in README/ENGINEERING.md)"
    continue
  fi
  lineno=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    lineno=$((lineno + 1))
    [[ "$line" =~ ^[[:space:]]*#[[:space:]]*include ]] || continue
    if [[ ! "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*([\<\"])([^\>\"]+)[\>\"] ]]; then
      fail "$file:$lineno: cannot read this include (write #include \"module/file.hpp\" or <header>)"
      continue
    fi
    path=${BASH_REMATCH[2]}
    first=${path%%/*}
    if [[ "$path" == *..* || "$path" == ./* ]]; then
      fail "$file:$lineno: relative include '$path': name the module (\"module/file.hpp\")"
      continue
    fi
    if [[ "$path" == */* && -n "${allowed[$first]+x}" ]]; then
      if [[ " ${allowed[$mod]} " != *" $first "* ]]; then
        fail "$file:$lineno: module '$mod' must not include '$first/' (see ENGINEERING.md layout)"
      fi
      continue
    fi
    if [[ -n "${library_home[$first]+x}" ]]; then
      if [[ " ${library_home[$first]} " != *" $mod "* ]]; then
        fail "$file:$lineno: module '$mod' must not include <$path>: that library belongs to ${library_home[$first]// / and }"
      fi
    fi
  done <"$file"
done < <(find "$src" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' -o -name '*.ipp' \) -print0 | sort -z)

exit $status
