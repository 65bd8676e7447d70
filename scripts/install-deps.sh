#!/usr/bin/env bash
# Installs the Debian packages Broadsheet needs, only those that are missing:
# Pango/Cairo/poppler headers for the C interop module, libhyphen with English
# patterns, the CJK fonts the templates name, and poppler-utils for proofs/tests;
# Ghostscript (PDF/X, PDF/A, separations; its default_cmyk.icc and srgb.icc come
# with libgs-common), libqpdf and qpdf, lcms2 for the prepress stage; mupdf-tools (a second
# text extractor the text-layer tests compare with).
set -euo pipefail
packages=(
  pkg-config libpango1.0-dev libcairo2-dev libpoppler-glib-dev libhyphen-dev hyphen-en-us
  fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-dejavu-core fonts-liberation2 poppler-utils
  ghostscript libgs-common libqpdf-dev qpdf liblcms2-dev zlib1g-dev
  # SVG nameplate artwork, drawn as vectors (Interop, CSVG)
  librsvg2-dev
  # batch: qpdf reads volume bookmarks back in tests; headless Chromium checks the HTML index
  chromium
  mupdf-tools
  # the PDF writer hands Cairo subsets made by HarfBuzz's subsetter (hb-subset.h, libharfbuzz-subset)
  libharfbuzz-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q >&2
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1 || true
fi
