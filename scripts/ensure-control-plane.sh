#!/usr/bin/env bash
# Builds the pinned test control plane (tools/testenv: kube-apiserver, controllers, scheduler, etcd,
# helm) unless the cache already has it for the current go.mod/go.sum. The first build takes minutes;
# later runs reuse the cache (~/.cache/infscale-testenv, or $INFSCALE_TESTENV_CACHE).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/nx.js run @infscale/tool-testenv:build --outputStyle=static >/dev/null
node tools/testenv/bin/testenv.js build
