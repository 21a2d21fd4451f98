#!/usr/bin/env bash
# Installs what is missing, and only that: Debian packages with apt-get,
# the browser-test packages with npm ci. Silent when everything is there.
set -euo pipefail

packages=(
  g++ cmake make pkg-config git tar clang-format
  libxapian-dev xapian-tools
  libcpp-httplib-dev libcmark-dev libpugixml-dev libyaml-cpp-dev
  nlohmann-json3-dev libcli11-dev catch2 libsqlite3-dev
  nodejs npm chromium wrk nginx curl
  python3 python3-pybtex
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm comes with the machine's Node.js on some images: do not reinstall it.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Browser tests: playwright-core drives Debian's chromium (no browser download).
if [ -f tests/browser/package.json ]; then
  if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
