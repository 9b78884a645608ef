#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (apps/gateway/test/e2e/browser.e2e.test.ts drives it with
# playwright-core), unless it is already there. Playwright's own browser download is never used: only Debian's
# package registry is reachable from CI and the developers' machines. Run as `pnpm setup:browser`.
set -euo pipefail

log() { printf '[setup:browser] %s\n' "$*"; }

if command -v chromium >/dev/null 2>&1; then
  log "chromium is installed: $(command -v chromium)"
  exit 0
fi

sudo_if_needed=()
if [ "$(id -u)" -ne 0 ]; then sudo_if_needed=(sudo); fi

log "installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
"${sudo_if_needed[@]}" apt-get update -qq
"${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends chromium
command -v chromium >/dev/null 2>&1 || { log "chromium is still missing after apt-get"; exit 1; }
log "chromium installed: $(command -v chromium)"
