#!/usr/bin/env bash
# Builds the release binary, .build/release/broadsheet, as every script and the README
# use it. The Swift runtime and Foundation are linked into the binary
# (--static-swift-stdlib): the dynamic loader then binds the C libraries only, not a
# dozen large Swift ones, which saves about 35 ms at each start (0.32 -> 0.29 s for a
# 16-page issue; README, "Speed"). The binary is ~88 MB instead of ~18 MB.
# Extra arguments go to `swift build` (e.g. --scratch-path DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift build -c release --product broadsheet --static-swift-stdlib "$@"
