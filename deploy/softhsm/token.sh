#!/usr/bin/env bash
# --- crypto: SoftHSM2 token for the PKCS#11 key provider (tests and local trials) ---
# Usage: bash deploy/softhsm/token.sh <dir> [label] [pin]
# Installs softhsm2 from Debian when missing (CI runs on a fresh machine), then creates a token in
# <dir> with its own softhsm2.conf. Prints the exports to use (SOFTHSM2_CONF, PKCS11_MODULE, ...).
set -euo pipefail
dir=${1:?directory}; label=${2:-sa-keys}; pin=${3:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
if ! command -v softhsm2-util >/dev/null; then
  (apt-get install -y softhsm2 >/dev/null 2>&1 || sudo apt-get install -y softhsm2 >/dev/null)
fi
if [ "$dir" != "-" ]; then  # "-": the system's softhsm2.conf (for processes whose environment cannot be set, e.g. jest workers)
  mkdir -p "$dir/tokens"; chmod 700 "$dir"
  printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > "$dir/softhsm2.conf"
  export SOFTHSM2_CONF="$dir/softhsm2.conf"
fi
softhsm2-util --init-token --free --label "$label" --so-pin "so-$pin" --pin "$pin" >/dev/null
module=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so 2>/dev/null | head -1)
echo "export SOFTHSM2_CONF=${SOFTHSM2_CONF:-/etc/softhsm/softhsm2.conf} PKCS11_MODULE=$module PKCS11_TOKEN_LABEL=$label PKCS11_PIN=$pin"
