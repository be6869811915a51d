#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (the tests start their own
# Prometheus on 127.0.0.1; they never use the packaged service; the test control plane's
# certificates are made with openssl). Go builds the control plane: it must be installed.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing: ${missing[*]}: run 'sudo apt-get install -y --no-install-recommends ${missing[*]}'" >&2
    exit 1
  fi
  echo "installing Debian's ${missing[*]} for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is missing: the test control plane (tools/testenv) is built from Go modules; install Go 1.26 or newer" >&2
  exit 1
fi
