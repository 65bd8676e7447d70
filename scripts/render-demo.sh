#!/usr/bin/env bash
# Renders the demo issue (the seed page) to out/2024-01-12.pdf, with PNG proofs,
# the copyfit report and the layout manifest beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product broadsheet >&2
.build/release/broadsheet render Articles/2024-01-12/issue.yaml -o out/2024-01-12.pdf \
  --png out/proof --dpi 60 --report out/copyfit.json --manifest out/manifest.json "$@"
echo "wrote out/2024-01-12.pdf (proofs in out/proof/)" >&2
# The second paper: the English broadsheet from the same stories.
.build/release/broadsheet render Articles/2024-01-12-en/issue.yaml -o out/2024-01-12-en.pdf \
  --png out/proof-en --dpi 60 >/dev/null
echo "wrote out/2024-01-12-en.pdf (proofs in out/proof-en/)" >&2
