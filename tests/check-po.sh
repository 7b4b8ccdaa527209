#!/bin/sh
# TAP check that po/zh_CN.po is valid and complete:
#  1. msgfmt --check passes and reports no untranslated or fuzzy message;
#  2. every message the sources hold today (a fresh xgettext run over
#     POTFILES.in, with meson's glib preset keywords) has a translation —
#     a msgid never merged into zh_CN.po counts as missing;
#  3. every source file with translatable strings is listed in POTFILES.in.
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..3"

stats=$(msgfmt --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>&1)
status=$?
case "$stats" in
  *untranslated*|*fuzzy*) status=1 ;;
esac
if [ $status -eq 0 ]; then
  echo "ok 1 - zh_CN.po valid: $stats"
else
  echo "not ok 1 - zh_CN.po: $stats"
fi

(cd "$src" && xgettext --from-code=UTF-8 --add-comments=Translators -o "$tmp/fresh.pot" \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
   --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
   --flag=g_set_error:4:c-format --flag=g_string_append_printf:2:c-format \
   -f po/POTFILES.in) 2>"$tmp/xgettext.err"
if [ ! -s "$tmp/fresh.pot" ]; then
  echo "not ok 2 - xgettext produced no template"
  sed 's/^/# /' "$tmp/xgettext.err"
elif msgcmp "$src/po/zh_CN.po" "$tmp/fresh.pot" >"$tmp/msgcmp.out" 2>&1; then
  echo "ok 2 - every message in the sources is translated in zh_CN.po"
else
  echo "not ok 2 - messages without a Chinese translation:"
  grep -c 'this message' "$tmp/msgcmp.out" | sed 's/^/# count: /'
  head -40 "$tmp/msgcmp.out" | sed 's/^/# /'
fi

missing=""
for f in $(cd "$src" && grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(' src --include='*.c' --include='*.h'); do
  grep -qx "$f" "$src/po/POTFILES.in" || missing="$missing $f"
done
if [ -z "$missing" ]; then
  echo "ok 3 - every file with translatable strings is in POTFILES.in"
else
  echo "not ok 3 - missing from po/POTFILES.in:$missing"
fi
