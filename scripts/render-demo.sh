#!/usr/bin/env bash
# Renders the demo issue to out/2024-01-12.pdf, with PNG proofs, the copyfit
# report and the layout manifest beside it, then its press PDF and the English paper.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-release.sh >&2
.build/release/broadsheet render Articles/2024-01-12/issue.yaml -o out/2024-01-12.pdf \
  --png out/proof --dpi 60 --report out/copyfit.json --manifest out/manifest.json "$@"
echo "wrote out/2024-01-12.pdf (proofs in out/proof/)" >&2
# The same issue for the printing plant (PDF/X-3, CMYK, K-only black, bleed and
# marks), checked by the preflight a printer would run.
.build/release/broadsheet render Articles/2024-01-12/issue.yaml -o out/2024-01-12-press.pdf \
  --output-profile press >/dev/null
.build/release/broadsheet preflight out/2024-01-12-press.pdf --profile press >&2
echo "wrote out/2024-01-12-press.pdf" >&2
# The second paper: the English broadsheet from the same stories.
.build/release/broadsheet render Articles/2024-01-12-en/issue.yaml -o out/2024-01-12-en.pdf \
  --png out/proof-en --dpi 60 >/dev/null
echo "wrote out/2024-01-12-en.pdf (proofs in out/proof-en/)" >&2
