#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (the tests start their own
# Prometheus on 127.0.0.1; they never use the packaged service).
set -euo pipefail
if ! command -v prometheus >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "prometheus is missing: run 'sudo apt-get install -y --no-install-recommends prometheus'" >&2
    exit 1
  fi
  echo "installing Debian's prometheus package for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
