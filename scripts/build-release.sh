#!/usr/bin/env bash
# Builds the release binary, .build/release/broadsheet, as every script and the README
# use it. The Swift runtime and Foundation are linked into the binary
# (--static-swift-stdlib): the dynamic loader then binds the C libraries only, not a
# dozen large Swift ones, which saves about 35 ms at each start (0.32 -> 0.29 s for a
# 16-page issue; README, "Speed"). The binary is ~88 MB instead of ~18 MB.
# A toolchain without the static Swift libraries (usr/lib/swift_static), or one whose
# static link fails, gets the ordinary dynamically linked build, with a warning: same
# PDFs, slower start.
# Extra arguments go to `swift build` (e.g. --scratch-path DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
swiftc=$(command -v swiftc || true)
static_dir=${swiftc:+$(dirname "$(dirname "$(readlink -f "$swiftc")")")/lib/swift_static}
if [ -n "$static_dir" ] && [ -d "$static_dir" ]; then
    swift build -c release --product broadsheet --static-swift-stdlib "$@" && exit 0
    echo "build-release: linking the Swift runtime in failed (see above); linking it dynamically" >&2
else
    echo "build-release: no static Swift libraries in this toolchain (${static_dir:-swiftc not found}); linking them dynamically" >&2
fi
exec swift build -c release --product broadsheet "$@"
