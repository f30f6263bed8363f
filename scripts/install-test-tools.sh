#!/usr/bin/env bash
# Installs what the test command needs beyond npm packages, skipping work already done:
# Debian's chromium, ripgrep, neovim (and libkrb5-dev to build code-server's kerberos), and
# code-server 4.96.4 (VS Code 1.96.4) from npm into .e2e/code-server with E2E.md's offline fixes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CS_VERSION=4.96.4
CS_DIR="$ROOT/.e2e/code-server"

# --code-server-only (npm start): skip the browser and Neovim, which only the tests use.
PKGS="chromium ripgrep neovim libkrb5-dev"
[ "${1:-}" = "--code-server-only" ] && PKGS="ripgrep libkrb5-dev"
need=()
for pkg in $PKGS; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "install-test-tools: apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

export XDG_CONFIG_HOME="$ROOT/.e2e/config" XDG_DATA_HOME="$ROOT/.e2e/data"
if "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  echo "install-test-tools: code-server $CS_VERSION already installed"
  exit 0
fi

echo "install-test-tools: installing code-server $CS_VERSION into .e2e/code-server"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"netpol-lens-e2e-tools","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >/dev/null

# Fix 1: the shrinkwrap resolves @vscode/proxy-agent from git+ssh; the registry tarball has the same integrity.
SHRINK=node_modules/code-server/lib/vscode/npm-shrinkwrap.json
if grep -q 'git+ssh://' "$SHRINK"; then
  node - "$SHRINK" <<'JS'
const fs = require('fs');
const file = process.argv[2];
const j = JSON.parse(fs.readFileSync(file, 'utf8'));
for (const [k, v] of Object.entries(j.packages || {})) {
  if (k.endsWith('node_modules/@vscode/proxy-agent') && String(v.resolved || '').startsWith('git+')) {
    v.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${v.version}.tgz`;
  }
}
fs.writeFileSync(file, JSON.stringify(j, null, 2));
JS
fi

# Fix 2: @vscode/ripgrep downloads rg from GitHub unless its cache holds the tarball: build it from Debian's rg.
TMP=${TMPDIR:-/tmp}
RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.9"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$RG_TAR" ]; then
  mkdir -p "$RG_CACHE" "$TMP/rg-pack"
  cp /usr/bin/rg "$TMP/rg-pack/rg"
  tar -czf "$RG_TAR" -C "$TMP/rg-pack" rg
fi

# Fix 3: run install scripts as root (npm 11 dropped --unsafe-perm); argon2 and kerberos build from source.
npm_config_unsafe_perm=true npm rebuild argon2 code-server >/dev/null 2>&1 || npm_config_unsafe_perm=true npm rebuild argon2 code-server

"$CS_DIR/node_modules/.bin/code-server" --version | head -1
