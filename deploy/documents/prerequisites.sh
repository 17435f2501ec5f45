#!/usr/bin/env bash
# --- paper: printable documents need a CJK font (fonts-noto-cjk) and, for tests, pdftotext (poppler-utils) ---
set -euo pipefail
need=()
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
echo "documents prerequisites: fonts-noto-cjk and poppler-utils present"
