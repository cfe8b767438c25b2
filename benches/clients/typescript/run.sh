#!/usr/bin/env bash
# The TypeScript parser's time per body on the conformance corpus, against
# `JSON.parse` and a property read: builds the committed client into a
# temporary directory and runs bench.mjs there. Prints one line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
tsc="$root/tests/clients/typescript/node_modules/.bin/tsc"
if [ ! -x "$tsc" ] || ! command -v node >/dev/null; then
  echo "typescript: TypeScript or Node is missing: run \`scripts/install-toolchains\`" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$tsc" -p "$root/clients/typescript/tsconfig.json" --outDir "$work/dist"
# The built module is ESM: `.js` files under a `"type": "module"` package.
echo '{ "type": "module" }' >"$work/package.json"
node "$root/benches/clients/typescript/bench.mjs" "$work/dist/index.js" "$root/clients/conformance/cases.json"
