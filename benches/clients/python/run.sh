#!/usr/bin/env bash
# The Python parser against json.loads and a dict read, per body over the
# conformance corpus (timeit); called by benches/clients/run from the
# repository's root, after scripts/install-toolchains.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PYTHONDONTWRITEBYTECODE=1 exec target/toolchains/python/bin/python -X utf8 \
  benches/clients/python/bench.py clients/python clients/conformance/cases.json
