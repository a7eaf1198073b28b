#!/bin/sh
# ReplayWeb.page, pinned, for replaying `xxgk export --format wacz` files offline
# (tests/test_wacz_replay.py; docs/wacz.md, "Self-hosted").
#
# Puts the npm package replaywebpage's two self-contained bundles, ui.js (the player) and sw.js
# (its service worker, wabac.js), with its LICENSE (AGPL-3.0) and package.json, in
# .cache/replaywebpage/ (or the folder given as $1). Idempotent and quiet: exits 0 at once when
# that version is already there. Exits 2 when npm is not installed, 1 when the download fails.
#
# It uses `npm pack` (the package tarball, checked against the pinned integrity), not
# `npm install`: the bundles need none of the package's dependencies (Electron, wabac.js, ...),
# and `npm install replaywebpage@2.5.3` fails outright when the registry lacks a dependency's
# newest release (warcio@^2.4.12 was missing when this was written).
set -eu

VERSION=2.5.3
INTEGRITY=sha512-nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ==

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=${1:-"$ROOT/.cache/replaywebpage"}

if [ -f "$DEST/ui.js" ] && [ -f "$DEST/sw.js" ] && [ -f "$DEST/VERSION" ] \
        && [ "$(cat "$DEST/VERSION")" = "$VERSION" ]; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "install-replayweb: npm not found; install Node.js and npm (Debian: apt-get install npm)" >&2
    exit 2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! (cd "$TMP" && npm pack --silent --json "replaywebpage@$VERSION" >pack.json 2>npm.log); then
    echo "install-replayweb: npm pack replaywebpage@$VERSION failed:" >&2
    cat "$TMP/npm.log" >&2
    exit 1
fi
TARBALL="$TMP/replaywebpage-$VERSION.tgz"
GOT=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[0].integrity)' \
      "$TMP/pack.json")
if [ "$GOT" != "$INTEGRITY" ] || [ ! -f "$TARBALL" ]; then
    echo "install-replayweb: replaywebpage-$VERSION.tgz has integrity $GOT, expected $INTEGRITY" >&2
    exit 1
fi

tar -xzf "$TARBALL" -C "$TMP" package/ui.js package/sw.js package/LICENSE package/package.json
echo "$VERSION" >"$TMP/package/VERSION"
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST.new"
mv "$TMP/package" "$DEST.new"
rm -rf "$DEST"
mv "$DEST.new" "$DEST"
