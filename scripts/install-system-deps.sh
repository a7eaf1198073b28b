#!/bin/sh
# System packages the test suite needs that pip cannot provide: Debian's Chromium and ChromeDriver
# (for tests/test_browser.py) and CJK fonts (so screenshots show Chinese, not empty boxes).
#
# Idempotent: does nothing when everything is already installed. Run as root on Debian/Ubuntu
# (CI runs `make test` as root on a fresh Debian machine). Elsewhere it says what to install
# and exits 0; the browser tests then skip with the reason. If apt-get itself fails (no mirror
# reachable), it exits 1, so that CI does not quietly skip the browser tests.
set -eu

PACKAGES="chromium chromium-driver fonts-noto-cjk"

have_all() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || return 1
    # the CJK font: fc-list is only there once fontconfig is (chromium pulls it in)
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}\n' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
            || return 1
    fi
    return 0
}

if have_all; then
    echo "install-system-deps: chromium, chromedriver and fonts-noto-cjk are installed; nothing to do"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found; install Chromium, ChromeDriver and a CJK font" \
         "yourself (browser tests will be skipped without them)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: not root; to run the browser tests, run as root:" \
         "apt-get update && apt-get install -y --no-install-recommends $PACKAGES"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-system-deps: apt-get update"
apt-get update -q || { echo "install-system-deps: apt-get update failed" >&2; exit 1; }
echo "install-system-deps: apt-get install -y --no-install-recommends $PACKAGES"
apt-get install -y -q --no-install-recommends $PACKAGES \
    || { echo "install-system-deps: apt-get install $PACKAGES failed" >&2; exit 1; }
echo "install-system-deps: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)," \
     "$(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2 || echo chromedriver)"
