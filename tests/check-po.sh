#!/bin/sh
# TAP check that po/zh_CN.po is valid and complete: no untranslated or
# fuzzy message, and every source file with translatable strings is listed
# in POTFILES.in (so nothing escapes the catalogue).
src="$1"
echo "1..2"
stats=$(msgfmt --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>&1)
status=$?
case "$stats" in
  *untranslated*|*fuzzy*) status=1 ;;
esac
if [ $status -eq 0 ]; then
  echo "ok 1 - zh_CN.po complete: $stats"
else
  echo "not ok 1 - zh_CN.po: $stats"
fi

missing=""
for f in $(cd "$src" && grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(' src --include='*.c'); do
  grep -qx "$f" "$src/po/POTFILES.in" || missing="$missing $f"
done
if [ -z "$missing" ]; then
  echo "ok 2 - every file with translatable strings is in POTFILES.in"
else
  echo "not ok 2 - missing from po/POTFILES.in:$missing"
fi
