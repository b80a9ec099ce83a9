#!/usr/bin/env bash
# Installs the Debian packages a fresh machine lacks: clang/libclang-dev to compile
# RocksDB's bindings for oxigraph, raptor2-utils for the independent RDF check, and
# chromium and curl for the real-client tests of `osintkg serve` (scripts/test-clients.sh),
# and Python's venv for the SPARQL server the push test talks to (oxigraph from PyPI).
set -euo pipefail
need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v curl >/dev/null 2>&1 || need+=(curl)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
