#!/usr/bin/env bash
# Re-records the golden layout manifest of the demo issue after an intended layout
# change. Review `git diff Tests/Golden` (or `broadsheet diff OLD.json NEW.json`) first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product broadsheet >&2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
.build/debug/broadsheet render Articles/2024-01-12/issue.yaml -o "$tmp/demo.pdf" \
  --manifest Tests/Golden/2024-01-12.manifest.json --manifest-detail lines >/dev/null
echo "updated Tests/Golden/2024-01-12.manifest.json; bump BroadsheetVersion.string and record the new digest in Tests/BatchTests/VersionTests.swift: $(sha256sum Tests/Golden/2024-01-12.manifest.json | cut -d" " -f1)" >&2
