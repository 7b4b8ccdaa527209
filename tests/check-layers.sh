#!/bin/sh
# TAP check of the layer rules in docs/architecture.md: each layer includes
# only the libraries its column allows. The build enforces the link side;
# this catches an include that slipped through a transitive dependency.
src="$1/src"
n=0
fail=0

check() {  # layer, forbidden include pattern, description
  n=$((n + 1))
  [ -d "$src/$1" ] || { echo "ok $n - $1: $3 (layer not present yet) # SKIP"; return; }
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$src/$1" \
           --include='*.c' --include='*.h')
  if [ -z "$hits" ]; then
    echo "ok $n - $1: $3"
  else
    echo "not ok $n - $1: $3"
    echo "$hits" | sed 's/^/# /'
    fail=1
  fi
}

echo "1..5"
check core 'gtk/|adwaita|libsoup/|sqlite3|libsecret/' 'no GTK, network, SQL or keyring'
check cli 'gtk/|adwaita' 'no GTK'
check server 'gtk/|adwaita|libsecret/' 'no GTK'
check gui 'sqlite3\.h|libsoup/soup\.h' 'no sqlite3.h, no libsoup/soup.h'
check store 'gtk/|adwaita|libsoup/' 'no GTK, no network'
exit 0
