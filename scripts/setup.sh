#!/usr/bin/env bash
# Idempotent set-up: system packages (Chromium + CJK fonts, for chart images and browser tests; LibreOffice and
# poppler, to render the briefings in a test; HAProxy, for the replica test)
# and a project virtualenv in .venv. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)  # not grep -q: fc-list would get SIGPIPE and pipefail fail the test
# LibreOffice and poppler render the briefings (PPTX, DOCX) to PDF and PNG pages in the layout tests
command -v soffice >/dev/null || need+=(libreoffice-impress libreoffice-writer)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# HAProxy: the replica test runs deploy/haproxy.cfg for real, and checks it with `haproxy -c`
{ [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null; } || need+=(haproxy)  # /usr/sbin: not on every PATH
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="missing"; fi
  if [ "$sudo" = missing ] || ! command -v apt-get >/dev/null; then
    echo "warning: please install ${need[*]} (Debian/Ubuntu: apt-get install ${need[*]});" \
         "chart images, browser tests, briefing renders and the replica test need them" >&2
  else
    echo "Installing system packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
