/* test-platform-json-guard.c — the JSON guard in front of json-glib, and
 * errors as problem+json.
 *
 * Every refusal asserts its error code and the facts its message must
 * name: the byte offset (counted from 0) and the JSON path. The offsets
 * were counted by hand on the literal inputs.
 */
#include <string.h>

#include "sd-auth.h"
#include "sd-core.h"
#include "sd-json-guard.h"
#include "sd-problem.h"
#include "sd-storage.h"

#define NO_ERROR (-1)
#define MAX_MENTIONS 3

typedef struct {
  const char *name;       /* test path component */
  const char *json;
  gssize      length;     /* -1: strlen (json); else for embedded NUL bytes */
  int         code;       /* SdJsonGuardError or NO_ERROR */
  const char *mentions[MAX_MENTIONS];   /* NO_ERROR: [0] is json-glib's output, NULL: same as @json */
} GuardCase;

static const GuardCase guard_cases[] = {
  /* Valid documents go through to json-glib unchanged. */
  { "valid/object", "{\"name\":\"人口基础信息\",\"items\":3}", -1, NO_ERROR, { NULL } },
  { "valid/array", "[1,2,3]", -1, NO_ERROR, { NULL } },
  { "valid/nested", "{\"a\":[{\"b\":[[],{}]},null,true,false]}", -1, NO_ERROR, { NULL } },
  { "valid/white-space", " \r\n\t{ \"a\" : [ 1 , 2 ] }\n ", -1, NO_ERROR, { "{\"a\":[1,2]}" } },
  { "valid/empty-object", "{}", -1, NO_ERROR, { NULL } },
  { "valid/empty-array", "[]", -1, NO_ERROR, { NULL } },
  { "valid/empty-string", "\"\"", -1, NO_ERROR, { NULL } },
  { "valid/empty-member-name", "{\"\":1}", -1, NO_ERROR, { NULL } },
  { "valid/unicode-escapes", "\"\\u00e9\\u4E2D\"", -1, NO_ERROR, { "\"é中\"" } },
  { "valid/surrogate-pair", "\"\\ud83d\\ude00\"", -1, NO_ERROR, { "\"😀\"" } },
  { "valid/raw-utf8", "{\"名称\":\"统一社会信用代码😀\"}", -1, NO_ERROR, { NULL } },
  { "valid/escaped-quotes", "\"say \\\"hi\\\"\"", -1, NO_ERROR, { NULL } },
  { "valid/simple-escapes", "\"\\\\\\/\\b\\f\\n\\r\\t\"", -1, NO_ERROR, { "\"\\\\/\\b\\f\\n\\r\\t\"" } },
  { "valid/largest-safe-integer", "9007199254740991", -1, NO_ERROR, { NULL } },
  { "valid/smallest-safe-integer", "-9007199254740991", -1, NO_ERROR, { NULL } },
  { "valid/zero", "0", -1, NO_ERROR, { NULL } },
  { "valid/negative-zero", "-0", -1, NO_ERROR, { "0" } },
  { "valid/float-exponent", "1.5e10", -1, NO_ERROR, { "15000000000.0" } },
  { "valid/float-capital-exponent", "-2.5E+3", -1, NO_ERROR, { "-2500.0" } },
  { "valid/float-negative-exponent", "[1e-3]", -1, NO_ERROR, { "[0.001]" } },
  { "valid/float-underflow", "1e-400", -1, NO_ERROR, { "0.0" } },
  { "valid/float-largest", "1.7976931348623157e308", -1, NO_ERROR, { "1.7976931348623157e+308" } },
  { "valid/bare-number", "42", -1, NO_ERROR, { NULL } },
  { "valid/bare-string", "\"text\"", -1, NO_ERROR, { NULL } },
  { "valid/bare-true", "true", -1, NO_ERROR, { NULL } },
  { "valid/bare-null", "null", -1, NO_ERROR, { NULL } },
  { "valid/same-name-in-two-objects", "{\"a\":{\"a\":1},\"b\":{\"a\":2},\"c\":[{\"a\":3},{\"a\":4}]}",
    -1, NO_ERROR, { NULL } },
  { "valid/names-differing-in-case", "{\"a\":1,\"A\":2}", -1, NO_ERROR, { NULL } },

  /* Nothing at all. */
  { "empty/nothing", "", -1, SD_JSON_GUARD_ERROR_EMPTY, { "The request body is empty" } },
  { "empty/white-space", " \r\n\t ", -1, SD_JSON_GUARD_ERROR_EMPTY, { "only white space" } },

  /* Duplicate member names: json-glib would keep the last one. */
  { "duplicate/top-level", "{\"a\":1,\"a\":2}", -1, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
    { "Member “a” appears twice in the object at $ (byte 7)." } },
  { "duplicate/nested", "{\"information_items\":[{\"name\":1},{\"name\":2},{\"name\":3,\"name\":4}]}",
    -1, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
    { "Member “name” appears twice in the object at $.information_items[2] (byte 54)." } },
  { "duplicate/escaped-spelling", "{\"a\":1,\"\\u0061\":2}", -1, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
    { "Member “a” appears twice", "(byte 7)" } },
  { "duplicate/name-needing-brackets", "{\"a b\":{\"x\":1,\"x\":2}}", -1, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
    { "Member “x” appears twice in the object at $[\"a b\"] (byte 14)." } },
  { "duplicate/chinese-name", "{\"信息项\":{\"名称\":1,\"名称\":2}}", -1, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
    { "Member “名称” appears twice in the object at $.信息项" } },

  /* Numbers json-glib would get wrong. */
  { "number/overflow", "99999999999999999999", -1, SD_JSON_GUARD_ERROR_NUMBER,
    { "integer 99999999999999999999 at $ (byte 0)", "±9007199254740991" } },
  { "number/below-safe", "-9007199254740992", -1, SD_JSON_GUARD_ERROR_NUMBER,
    { "integer -9007199254740992 at $ (byte 0)" } },
  { "number/above-safe", "{\"n\":9007199254740992}", -1, SD_JSON_GUARD_ERROR_NUMBER,
    { "integer 9007199254740992 at $.n (byte 5)" } },
  { "number/1e400", "{\"n\":1e400}", -1, SD_JSON_GUARD_ERROR_NUMBER,
    { "number 1e400 at $.n (byte 5)", "too large" } },
  { "number/minus-1e400", "[0,-1e400]", -1, SD_JSON_GUARD_ERROR_NUMBER,
    { "number -1e400 at $[1] (byte 3)", "too large" } },
  { "number/leading-zero", "[01]", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "number at $[0] (byte 1)", "leading zeros" } },
  { "number/leading-zero-negative", "-012", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "leading zeros" } },
  { "number/minus-alone", "[-]", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "number at $[0] (byte 1) is malformed", "where there is “]”" } },
  { "number/dot-without-digits", "1.", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "malformed", "the end of the document" } },
  { "number/exponent-without-digits", "1e+", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "malformed" } },
  { "number/leading-dot", ".5", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “.”" } },
  { "number/plus", "+1", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “+”" } },
  { "number/nan", "[NaN]", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Expected a JSON value at $[0] (byte 1) but found “NaN”." } },
  { "number/infinity", "Infinity", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “Infinity”" } },
  { "number/minus-infinity", "-Infinity", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "malformed", "“Infinity”" } },
  { "number/hexadecimal", "0x10", -1, SD_JSON_GUARD_ERROR_TRAILING, { "“x10”" } },

  /* Strings. */
  { "string/escaped-nul", "{\"name\":\"a\\u0000b\"}", -1, SD_JSON_GUARD_ERROR_NUL,
    { "string at $.name", "“\\u0000” (byte 10)" } },
  { "string/escaped-nul-in-name", "{\"a\\u0000\":1}", -1, SD_JSON_GUARD_ERROR_NUL, { "“\\u0000”" } },
  { "string/lone-high-surrogate", "\"\\ud800\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8,
    { "“\\uD800”", "surrogate", "(byte 1)" } },
  { "string/lone-low-surrogate", "[\"\\udc00\"]", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8,
    { "string at $[0]", "“\\uDC00”", "(byte 2)" } },
  { "string/high-surrogate-then-letter", "\"\\ud83d\\u0041\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8,
    { "“\\uD83D”" } },
  { "string/reversed-surrogates", "\"\\ude00\\ud83d\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8,
    { "“\\uDE00”" } },
  { "string/surrogate-deep", "{\"list\":[1,2,{\"x\":[true,\"\\ud800\"]}]}", -1,
    SD_JSON_GUARD_ERROR_INVALID_UTF8, { "string at $.list[2].x[1]", "(byte 25)" } },
  { "string/raw-tab", "\"a\tb\"", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "control character U+0009", "(byte 2)" } },
  { "string/raw-newline", "{\"a\":\"line\nline\"}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "string at $.a", "U+000A", "(byte 10)" } },
  { "string/raw-nul-byte", "\"a\0b\"", 5, SD_JSON_GUARD_ERROR_SYNTAX, { "U+0000", "(byte 2)" } },
  { "string/unknown-escape", "\"\\x41\"", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Unknown escape", "(byte 1)", "“x41”" } },
  { "string/escape-at-end", "\"\\", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "Unknown escape", "the end of the document" } },
  { "string/short-unicode-escape", "\"\\u12g4\"", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "four hexadecimal digits", "(byte 1)" } },
  { "string/unclosed", "[\"abc", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "string at $[0] that starts at byte 1 is not closed" } },
  { "string/single-quotes", "['a']", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "double quotes", "$[0] (byte 1)" } },
  { "string/single-quoted-name", "{'a':1}", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "double quotes", "(byte 1)" } },

  /* UTF-8. */
  { "utf8/invalid-byte-in-string", "\"a\xff\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8,
    { "not valid UTF-8 at byte 2" } },
  { "utf8/overlong-in-string", "[\"\xc0\xaf\"]", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 2" } },
  { "utf8/truncated-in-string", "\"中\xe4\xb8\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 4" } },
  { "utf8/encoded-surrogate", "\"\xed\xa0\x80\"", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 1" } },
  { "utf8/in-member-name", "{\"\xfe\":1}", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 2" } },
  { "utf8/outside-strings", "[1,\xff]", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 3" } },
  { "utf8/after-document", "{}\x80", -1, SD_JSON_GUARD_ERROR_INVALID_UTF8, { "byte 2" } },
  { "utf8/valid-outside-strings", "[1,中]", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “中” (U+4E2D)" } },
  { "utf8/byte-order-mark", "\xef\xbb\xbf{}", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "U+FEFF", "(byte 0)" } },

  /* One document and nothing else. */
  { "trailing/garbage", "{} x", -1, SD_JSON_GUARD_ERROR_TRAILING,
    { "Unexpected “x” after the end of the JSON document (byte 3)" } },
  { "trailing/two-objects", "{\"a\":1}{\"a\":1}", -1, SD_JSON_GUARD_ERROR_TRAILING, { "“{”", "(byte 7)" } },
  { "trailing/two-arrays", "[1]\n[2]", -1, SD_JSON_GUARD_ERROR_TRAILING, { "“[”", "(byte 4)" } },
  { "trailing/two-numbers", "1 2", -1, SD_JSON_GUARD_ERROR_TRAILING, { "“2”" } },
  { "trailing/nul-byte", "{}\0", 3, SD_JSON_GUARD_ERROR_TRAILING, { "U+0000", "(byte 2)" } },
  { "trailing/word-after-literal", "truex", -1, SD_JSON_GUARD_ERROR_TRAILING, { "“x”" } },

  /* Syntax. */
  { "syntax/comment-line", "{\"a\":1 // one\n}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "no comments", "(byte 7)" } },
  { "syntax/comment-block", "/* x */ {}", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "no comments", "(byte 0)" } },
  { "syntax/trailing-comma-array", "[1,2,]", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "The array at $ ends with a comma (byte 4)" } },
  { "syntax/trailing-comma-object", "{\"o\":{\"a\":1,}}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "The object at $.o ends with a comma (byte 11)" } },
  { "syntax/missing-comma-array", "[1 2]", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Expected “,” or “]” after the array element $[0] (byte 3) but found “2”." } },
  { "syntax/missing-comma-object", "{\"a\":1 \"b\":2}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Expected “,” or “}” after the member $.a (byte 7)" } },
  { "syntax/missing-colon", "{\"a\" 1}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Expected “:” after the member name of $.a (byte 5)" } },
  { "syntax/number-as-name", "{1:2}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "member name in double quotes in the object at $ (byte 1) but found “1”" } },
  { "syntax/missing-value", "{\"a\":}", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "Expected a JSON value at $.a (byte 5) but found “}”." } },
  { "syntax/misspelt-literal", "[tru]", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “tru”" } },
  { "syntax/capitalised-literal", "True", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “True”" } },
  { "syntax/python-none", "{\"a\":None}", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “None”" } },
  { "syntax/unclosed-array", "[1,[2", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "ends before the array at $[1] is closed (byte 5)" } },
  { "syntax/unclosed-object", "{\"a\":", -1, SD_JSON_GUARD_ERROR_SYNTAX,
    { "ends before the object at $ is closed (byte 5)" } },
  { "syntax/mismatched-brackets", "[1}", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “}”" } },
  { "syntax/control-character", "[\x01]", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found U+0001" } },
  { "syntax/nul-byte", "[1,\0]", 5, SD_JSON_GUARD_ERROR_SYNTAX, { "found U+0000", "(byte 3)" } },
  { "syntax/lone-comma", ",", -1, SD_JSON_GUARD_ERROR_SYNTAX, { "found “,”" } },
  { "syntax/long-name-in-path", "{\"a_member_name_that_goes_on_and_on_and_on_and_on\":[1 2]}", -1,
    SD_JSON_GUARD_ERROR_SYNTAX, { "$.a_member_name_that_goes_on_and_on_and_on…[0]" } },
};

static void
assert_mentions (const GError *error,
                 const char   *const *mentions)
{
  guint i;

  for (i = 0; i < MAX_MENTIONS && mentions[i] != NULL; i++)
    if (strstr (error->message, mentions[i]) == NULL)
      g_error ("message “%s” does not mention “%s”", error->message, mentions[i]);
}

static gboolean
check_text (const char               *text,
            const SdJsonGuardLimits  *limits,
            GError                  **error)
{
  return sd_json_guard_check (text, strlen (text), limits, error);
}

static gsize
case_length (const GuardCase *c)
{
  return c->length < 0 ? strlen (c->json) : (gsize) c->length;
}

static void
test_guard_case (gconstpointer data)
{
  const GuardCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  ok = sd_json_guard_check (c->json, case_length (c), NULL, &error);
  root = sd_json_guard_parse (c->json, case_length (c), NULL, error == NULL ? &error : NULL);

  if (c->code == NO_ERROR)
    {
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_nonnull (root);
      text = json_to_string (root, FALSE);
      g_assert_cmpstr (text, ==, c->mentions[0] != NULL ? c->mentions[0] : c->json);
      return;
    }

  g_assert_false (ok);
  g_assert_null (root);
  g_assert_error (error, SD_JSON_GUARD_ERROR, c->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  assert_mentions (error, c->mentions);
}

/* The refusal sd_json_guard_parse() gives for @json must be the one of
 * sd_json_guard_check(): json-glib never sees a refused body. */
static void
test_parse_refuses_like_check (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (guard_cases); i++)
    {
      const GuardCase *c = &guard_cases[i];
      g_autoptr(GError) check_error = NULL;
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) root = NULL;

      if (c->code == NO_ERROR)
        continue;
      g_assert_false (sd_json_guard_check (c->json, case_length (c), NULL, &check_error));
      root = sd_json_guard_parse (c->json, case_length (c), NULL, &parse_error);
      g_assert_null (root);
      g_assert_error (parse_error, SD_JSON_GUARD_ERROR, check_error->code);
      g_assert_cmpstr (parse_error->message, ==, check_error->message);
    }
}

static char *
nested (const char *open,
        const char *inner,
        const char *close,
        guint       depth)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

/* json-glib 1.6 overflows its stack on this; the guard stops at level 33. */
static void
test_deep_75000_arrays (void)
{
  g_autofree char *opening_only = nested ("[", "", "", 75000);
  g_autofree char *balanced = nested ("[", "", "]", 75000);
  g_autofree char *objects = nested ("{\"a\":", "1", "}", 75000);
  const char *texts[] = { opening_only, balanced, objects };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = sd_json_guard_parse (texts[i], strlen (texts[i]), NULL, &error);

      g_assert_null (root);
      g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP);
      assert_mentions (error, (const char *const[]) { "more than 32 levels", NULL, NULL });
    }
}

static void
test_depth_limit (void)
{
  guint max = sd_json_guard_default_limits ()->max_depth;
  g_autofree char *at_limit = nested ("[", "1", "]", max);
  g_autofree char *beyond = nested ("[", "1", "]", max + 1);
  g_autofree char *objects_at_limit = nested ("{\"k\":", "1", "}", max);
  g_autofree char *objects_beyond = nested ("{\"k\":", "1", "}", max + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (max, ==, 32);

  root = sd_json_guard_parse (at_limit, strlen (at_limit), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_true (sd_json_guard_check (objects_at_limit, strlen (objects_at_limit), NULL, &error));
  g_assert_no_error (error);

  g_assert_false (sd_json_guard_check (beyond, strlen (beyond), NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP);
  /* The 33rd “[” is at byte 32, as element 0 of 32 arrays. */
  {
    GString *expected = g_string_new ("nests more than 32 levels deep at $");
    guint i;

    for (i = 0; i < max; i++)
      g_string_append (expected, "[0]");
    g_string_append (expected, " (byte 32).");
    assert_mentions (error, (const char *const[]) { expected->str, NULL, NULL });
    g_string_free (expected, TRUE);
  }
  g_clear_error (&error);

  g_assert_false (sd_json_guard_check (objects_beyond, strlen (objects_beyond), NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP);
  assert_mentions (error, (const char *const[]) { "$.k.k.k", "(byte 160)", NULL });
}

static void
test_depth_custom_limit (void)
{
  SdJsonGuardLimits limits = *sd_json_guard_default_limits ();
  g_autoptr(GError) error = NULL;

  limits.max_depth = 2;
  g_assert_true (check_text ("[[1],{\"a\":2}]", &limits, &error));
  g_assert_no_error (error);
  g_assert_true (check_text ("7", &limits, &error));
  g_assert_no_error (error);
  g_assert_false (check_text ("[1,{\"a\":[]}]", &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP);
  assert_mentions (error, (const char *const[]) { "more than 2 levels deep at $[1].a (byte 8)", NULL, NULL });

  g_clear_error (&error);
  limits.max_depth = 0;
  g_assert_true (check_text ("\"flat\"", &limits, &error));
  g_assert_no_error (error);
  g_assert_false (check_text ("[]", &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP);
}

static char *
string_of (guint       n,
           const char *unit)
{
  GString *text = g_string_new ("\"");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append (text, unit);
  g_string_append_c (text, '"');
  return g_string_free (text, FALSE);
}

static void
test_string_limit (void)
{
  guint max = sd_json_guard_default_limits ()->max_string;
  g_autofree char *at_limit = string_of (max, "a");
  g_autofree char *beyond = string_of (max + 1, "a");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (max, ==, 64 * 1024);

  root = sd_json_guard_parse (at_limit, strlen (at_limit), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (root)), ==, max);

  g_assert_false (sd_json_guard_check (beyond, strlen (beyond), NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  assert_mentions (error, (const char *const[]) { "string at $ (byte 0) is longer than 65536 bytes", NULL, NULL });
}

/* The limit counts the text a string stands for: escapes decoded. */
static void
test_string_limit_counts_decoded_bytes (void)
{
  SdJsonGuardLimits limits = *sd_json_guard_default_limits ();
  g_autofree char *two_han = string_of (2, "\\u4e2d");     /* 6 bytes of UTF-8 */
  g_autofree char *three_han = string_of (3, "\\u4e2d");   /* 9 bytes */
  g_autofree char *raw_three_han = string_of (3, "中");    /* 9 bytes */
  g_autofree char *eight_escapes = string_of (8, "\\n");   /* 8 bytes */
  g_autofree char *emoji_pairs = string_of (2, "\\ud83d\\ude00");  /* 8 bytes */
  g_autoptr(GError) error = NULL;

  limits.max_string = 8;

  g_assert_true (sd_json_guard_check (two_han, strlen (two_han), &limits, &error));
  g_assert_no_error (error);
  g_assert_true (sd_json_guard_check (eight_escapes, strlen (eight_escapes), &limits, &error));
  g_assert_no_error (error);
  g_assert_true (sd_json_guard_check (emoji_pairs, strlen (emoji_pairs), &limits, &error));
  g_assert_no_error (error);

  g_assert_false (sd_json_guard_check (three_han, strlen (three_han), &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (sd_json_guard_check (raw_three_han, strlen (raw_three_han), &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Member names too. */
  g_assert_false (check_text ("{\"abcdefghi\":1}", &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  assert_mentions (error, (const char *const[]) { "longer than 8 bytes", NULL, NULL });
}

static char *
array_of_zeros (guint n)
{
  GString *text = g_string_new ("[");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append (text, i == 0 ? "0" : ",0");
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
test_member_limit (void)
{
  guint max = sd_json_guard_default_limits ()->max_members;
  /* The array counts as a value too. */
  g_autofree char *at_limit = array_of_zeros (max - 1);
  g_autofree char *beyond = array_of_zeros (max);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *where = NULL;

  g_assert_cmpuint (max, ==, 100000);

  root = sd_json_guard_parse (at_limit, strlen (at_limit), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, max - 1);

  g_assert_false (sd_json_guard_check (beyond, strlen (beyond), NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY);
  /* Element i is at byte 1 + 2i. */
  where = g_strdup_printf ("more than 100000 values; the one at $[%u] (byte %u)", max - 1, 1 + 2 * (max - 1));
  assert_mentions (error, (const char *const[]) { where, NULL, NULL });
}

static void
test_member_custom_limit (void)
{
  SdJsonGuardLimits limits = *sd_json_guard_default_limits ();
  g_autoptr(GError) error = NULL;

  limits.max_members = 3;
  g_assert_true (check_text ("{\"a\":1,\"b\":2}", &limits, &error));
  g_assert_no_error (error);
  g_assert_true (check_text ("{\"a\":1,\"b\":{}}", &limits, &error));
  g_assert_no_error (error);
  g_assert_false (check_text ("{\"a\":[1],\"b\":2}", &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY);
  assert_mentions (error, (const char *const[]) { "more than 3 values; the one at $.b (byte 13)", NULL, NULL });
}

/* Names built from “Ez” and “FY”, which g_str_hash() (djb2, what
 * json-glib's objects use) maps to one value: json-glib would take seconds
 * on 2^14 of them. Up to 8 such names are fine, the 9th is refused. */
static char *
colliding_names (guint bits,
                 guint count)
{
  GString *text = g_string_new ("{");
  guint i, b;

  for (i = 0; i < count; i++)
    {
      g_string_append (text, i == 0 ? "\"" : ",\"");
      for (b = 0; b < bits; b++)
        g_string_append (text, (i >> b) & 1 ? "FY" : "Ez");
      g_string_append (text, "\":0");
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
test_colliding_names (void)
{
  g_autofree char *eight = colliding_names (3, 8);
  g_autofree char *nine = colliding_names (4, 9);
  g_autofree char *many = colliding_names (14, 1u << 14);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (g_str_hash ("EzEz"), ==, g_str_hash ("FYFY"));
  g_assert_cmpuint (g_str_hash ("EzFYEz"), ==, g_str_hash ("FYEzFY"));

  root = sd_json_guard_parse (eight, strlen (eight), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 8);

  g_assert_false (check_text (nine, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY);
  /* The 9th name: “{”, then 8 members of 13 bytes with their commas. */
  assert_mentions (error, (const char *const[]) {
                     "object at $ has more than 8 member names with the same hash value (byte 105)",
                     NULL, NULL });
  g_clear_error (&error);

  g_assert_false (check_text (many, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY);
}

/* The same number of names, all with different hash values, is fine. */
static void
test_many_names (void)
{
  GString *text = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  guint i;

  for (i = 0; i < 1u << 14; i++)
    g_string_append_printf (text, "%s\"item_%05u\":%u", i == 0 ? "" : ",", i, i);
  g_string_append_c (text, '}');
  body = g_string_free (text, FALSE);

  root = sd_json_guard_parse (body, strlen (body), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 1u << 14);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "item_16383"), ==, 16383);
}

static char *
padded_document (gsize length)
{
  char *text = g_malloc (length + 1);

  /* A one-character document followed by white space. */
  memset (text, ' ', length);
  text[0] = '1';
  text[length] = '\0';
  return text;
}

static void
test_size_limit (void)
{
  gsize max = sd_json_guard_default_limits ()->max_bytes;
  g_autofree char *at_limit = padded_document (max);
  g_autofree char *beyond = padded_document (max + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (max, ==, 1024 * 1024);

  root = sd_json_guard_parse (at_limit, max, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (root), ==, 1);

  g_assert_false (sd_json_guard_check (beyond, max + 1, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  assert_mentions (error, (const char *const[]) {
                     "1048577 bytes long; at most 1048576 bytes", NULL, NULL });
}

static void
test_size_custom_limit (void)
{
  SdJsonGuardLimits limits = *sd_json_guard_default_limits ();
  g_autoptr(GError) error = NULL;

  limits.max_bytes = 4;
  g_assert_true (check_text ("[12]", &limits, &error));
  g_assert_no_error (error);
  /* The size is checked before anything else. */
  g_assert_false (check_text ("[1234", &limits, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE);
  assert_mentions (error, (const char *const[]) { "5 bytes long; at most 4", NULL, NULL });
}

/* A body is not NUL-terminated: only @length bytes count. */
static void
test_length_not_nul_terminated (void)
{
  const char buffer[] = { '[', '1', ',', '2', ']', 'x', 'x' };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  root = sd_json_guard_parse (buffer, 5, NULL, &error);
  g_assert_no_error (error);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==, "[1,2]");

  g_assert_false (sd_json_guard_check (buffer, 4, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (sd_json_guard_check (buffer, sizeof buffer, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TRAILING);
  g_clear_error (&error);
  g_assert_false (sd_json_guard_check (NULL, 0, NULL, &error));
  g_assert_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_EMPTY);
}

/* What json-glib hands back is the document the guard read. */
static void
test_parse_values (void)
{
  const char *text = "{\"count\":9007199254740991,\"low\":-9007199254740991,"
                     "\"ratio\":1.5e10,\"big\":1e20,\"name\":\"\\u4eba\\u53e3\",\"flag\":false,"
                     "\"items\":[{\"name\":\"a\\\"b\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = sd_json_guard_parse (text, strlen (text), NULL, &error);
  JsonObject *object;
  JsonObject *item;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, G_GINT64_CONSTANT (9007199254740991));
  g_assert_cmpint (json_object_get_int_member (object, "low"), ==, G_GINT64_CONSTANT (-9007199254740991));
  g_assert_cmpfloat (json_object_get_double_member (object, "ratio"), ==, 1.5e10);
  /* Integers beyond 2^53 are fine written as floats. (Not compared as
   * text: json-glib 1.6 writes this one back as “1e+20.0”.) */
  g_assert_cmpfloat (json_object_get_double_member (object, "big"), ==, 1e20);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "人口");
  g_assert_false (json_object_get_boolean_member (object, "flag"));
  item = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "a\"b");
}

static void
test_default_limits (void)
{
  const SdJsonGuardLimits *limits = sd_json_guard_default_limits ();

  g_assert_cmpuint (limits->max_bytes, ==, 1024 * 1024);
  g_assert_cmpuint (limits->max_depth, ==, 32);
  g_assert_cmpuint (limits->max_members, ==, 100000);
  g_assert_cmpuint (limits->max_string, ==, 64 * 1024);
}

/* Problems. */

typedef struct {
  const char  *name;
  GQuark     (*domain) (void);
  int          code;
  guint        status;
  const char  *type;
} MappingCase;

static const MappingCase mapping_cases[] = {
  { "workflow/role", sd_workflow_error_quark, SD_WORKFLOW_ERROR_ROLE, 403, SD_PROBLEM_FORBIDDEN },
  { "workflow/department", sd_workflow_error_quark, SD_WORKFLOW_ERROR_DEPARTMENT, 403, SD_PROBLEM_FORBIDDEN },
  { "workflow/not-recipient", sd_workflow_error_quark, SD_WORKFLOW_ERROR_NOT_RECIPIENT, 403, SD_PROBLEM_FORBIDDEN },
  { "workflow/state", sd_workflow_error_quark, SD_WORKFLOW_ERROR_STATE, 409, SD_PROBLEM_CONFLICT },
  { "workflow/missing-field", sd_workflow_error_quark, SD_WORKFLOW_ERROR_MISSING_FIELD, 422, SD_PROBLEM_VALIDATION },
  { "workflow/invalid-value", sd_workflow_error_quark, SD_WORKFLOW_ERROR_INVALID_VALUE, 422, SD_PROBLEM_VALIDATION },
  { "workflow/too-soon", sd_workflow_error_quark, SD_WORKFLOW_ERROR_TOO_SOON, 422, SD_PROBLEM_VALIDATION },
  { "workflow/not-applicable", sd_workflow_error_quark, SD_WORKFLOW_ERROR_NOT_APPLICABLE, 422, SD_PROBLEM_VALIDATION },
  { "catalogue/invalid", sd_catalogue_error_quark, SD_CATALOGUE_ERROR_INVALID, 422, SD_PROBLEM_VALIDATION },
  { "identifier/check", sd_identifier_error_quark, SD_IDENTIFIER_ERROR_CHECK, 422, SD_PROBLEM_VALIDATION },
  { "identifier/length", sd_identifier_error_quark, SD_IDENTIFIER_ERROR_LENGTH, 422, SD_PROBLEM_VALIDATION },
  { "json-guard/too-large", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_TOO_LARGE, 413, SD_PROBLEM_TOO_LARGE },
  { "json-guard/empty", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_EMPTY, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/too-deep", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_TOO_DEEP, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/invalid-utf8", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_INVALID_UTF8, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/syntax", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_SYNTAX, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/duplicate-key", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_DUPLICATE_KEY, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/number", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_NUMBER, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/nul", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_NUL, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/trailing", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_TRAILING, 400, SD_PROBLEM_BAD_REQUEST },
  { "json-guard/too-many", sd_json_guard_error_quark, SD_JSON_GUARD_ERROR_TOO_MANY, 400, SD_PROBLEM_BAD_REQUEST },
  { "storage/not-found", sd_storage_error_quark, SD_STORAGE_ERROR_NOT_FOUND, 404, SD_PROBLEM_NOT_FOUND },
  { "storage/conflict", sd_storage_error_quark, SD_STORAGE_ERROR_CONFLICT, 409, SD_PROBLEM_CONFLICT },
  { "storage/stale", sd_storage_error_quark, SD_STORAGE_ERROR_STALE, 412, SD_PROBLEM_PRECONDITION },
  { "auth/bad-credentials", sd_auth_error_quark, SD_AUTH_ERROR_BAD_CREDENTIALS, 401, SD_PROBLEM_UNAUTHENTICATED },
  { "auth/disabled", sd_auth_error_quark, SD_AUTH_ERROR_DISABLED, 401, SD_PROBLEM_UNAUTHENTICATED },
  { "auth/no-token", sd_auth_error_quark, SD_AUTH_ERROR_NO_TOKEN, 401, SD_PROBLEM_UNAUTHENTICATED },
  { "auth/bad-token", sd_auth_error_quark, SD_AUTH_ERROR_BAD_TOKEN, 401, SD_PROBLEM_UNAUTHENTICATED },
  { "auth/throttled", sd_auth_error_quark, SD_AUTH_ERROR_THROTTLED, 429, SD_PROBLEM_THROTTLED },
  { "auth/weak-password", sd_auth_error_quark, SD_AUTH_ERROR_WEAK_PASSWORD, 422, SD_PROBLEM_VALIDATION },
};

static void
test_problem_mapping (gconstpointer data)
{
  const MappingCase *c = data;
  g_autoptr(GError) error = g_error_new (c->domain (), c->code, "The detail of %s.", c->name);
  g_autoptr(SdProblem) problem = sd_problem_new_from_error (error, "share.conditions");
  g_autofree char *expected_detail = g_strdup_printf ("The detail of %s.", c->name);

  g_assert_nonnull (problem);
  g_assert_cmpuint (problem->status, ==, c->status);
  g_assert_cmpstr (problem->type, ==, c->type);
  /* The caller's own, specific message is the detail. */
  g_assert_cmpstr (problem->detail, ==, expected_detail);
  g_assert_cmpstr (problem->field, ==, "share.conditions");
}

typedef struct {
  const char  *name;
  GQuark     (*domain) (void);
  int          code;
} InternalCase;

static GQuark
file_error_quark (void)
{
  return G_FILE_ERROR;
}

static GQuark
io_error_quark (void)
{
  return G_IO_ERROR;
}

/* Not the caller's fault: a 500 that does not leak the real message. */
static const InternalCase internal_cases[] = {
  { "storage/failed", sd_storage_error_quark, SD_STORAGE_ERROR_FAILED },
  { "storage/schema", sd_storage_error_quark, SD_STORAGE_ERROR_SCHEMA },
  { "storage/not-initialised", sd_storage_error_quark, SD_STORAGE_ERROR_NOT_INITIALISED },
  { "auth/failed", sd_auth_error_quark, SD_AUTH_ERROR_FAILED },
  { "file/noent", file_error_quark, G_FILE_ERROR_NOENT },
  { "io/invalid-data", io_error_quark, G_IO_ERROR_INVALID_DATA },
  { "workflow/unknown-code", sd_workflow_error_quark, 999 },
};

static void
test_problem_internal (gconstpointer data)
{
  const InternalCase *c = data;
  g_autoptr(GError) error = g_error_new (c->domain (), c->code,
                                         "disk I/O error in /srv/secret.db (%s)", c->name);
  g_autoptr(SdProblem) problem = NULL;

  /* The real message goes to the log, at a level tests do not make fatal. */
  g_test_expect_message ("sharedesk-platform", G_LOG_LEVEL_MESSAGE, "*/srv/secret.db*");
  problem = sd_problem_new_from_error (error, "share.conditions");
  g_test_assert_expected_messages ();

  g_assert_cmpuint (problem->status, ==, 500);
  g_assert_cmpstr (problem->type, ==, SD_PROBLEM_INTERNAL);
  g_assert_null (strstr (problem->detail, "secret"));
  g_assert_nonnull (strstr (problem->detail, "internal error"));
  g_assert_null (problem->field);
}

static JsonObject *
parse_problem_json (const SdProblem *problem,
                    JsonNode       **root)
{
  g_autofree char *text = sd_problem_to_json (problem);
  g_autoptr(GError) error = NULL;

  /* Our own output passes our own guard. */
  *root = sd_json_guard_parse (text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));
  return json_node_get_object (*root);
}

static void
test_problem_json_shape (void)
{
  g_autoptr(SdProblem) problem = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  problem = sd_problem_new (422, SD_PROBLEM_VALIDATION, "share.conditions",
                            "Member “%s” needs %d “%s”.", "conditions", 2, "引号\"and\\");
  g_assert_cmpstr (problem->detail, ==, "Member “conditions” needs 2 “引号\"and\\”.");

  object = parse_problem_json (problem, &root);
  g_assert_cmpuint (json_object_get_size (object), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==,
                   "urn:sharedesk:problem:validation");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Validation failed");
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 422);
  g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==,
                   "Member “conditions” needs 2 “引号\"and\\”.");
  g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, "share.conditions");
}

static void
test_problem_json_without_field (void)
{
  g_autoptr(SdProblem) problem = sd_problem_new (401, SD_PROBLEM_UNAUTHENTICATED, NULL,
                                                 "No bearer token.");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_problem_json (problem, &root);

  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_false (json_object_has_member (object, "field"));
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Not authenticated");
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 401);
  g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==, "No bearer token.");
}

/* A guard refusal goes out as a 400 naming the path and the offset. */
static void
test_problem_from_guard_error (void)
{
  const char *body = "{\"a\":1,\"a\":2}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SdProblem) problem = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_false (sd_json_guard_check (body, strlen (body), NULL, &error));
  problem = sd_problem_new_from_error (error, NULL);
  object = parse_problem_json (problem, &root);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, SD_PROBLEM_BAD_REQUEST);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Bad request");
  g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==,
                   "Member “a” appears twice in the object at $ (byte 7).");
}

typedef struct {
  const char *type;
  const char *title;
} TitleCase;

static const TitleCase title_cases[] = {
  { SD_PROBLEM_BAD_REQUEST, "Bad request" },
  { SD_PROBLEM_UNAUTHENTICATED, "Not authenticated" },
  { SD_PROBLEM_FORBIDDEN, "Not allowed" },
  { SD_PROBLEM_NOT_FOUND, "Not found" },
  { SD_PROBLEM_METHOD, "Method not allowed" },
  { SD_PROBLEM_CONFLICT, "Conflict with the current state" },
  { SD_PROBLEM_PRECONDITION, "Changed since it was read" },
  { SD_PROBLEM_TOO_LARGE, "Request body too large" },
  { SD_PROBLEM_MEDIA_TYPE, "Unsupported media type" },
  { SD_PROBLEM_VALIDATION, "Validation failed" },
  { SD_PROBLEM_PRECONDITION_REQUIRED, "Version required" },
  { SD_PROBLEM_THROTTLED, "Too many requests" },
  { SD_PROBLEM_TIMEOUT, "Request timed out" },
  { SD_PROBLEM_INTERNAL, "Internal error" },
};

static void
test_problem_titles (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (title_cases); i++)
    g_assert_cmpstr (sd_problem_type_title (title_cases[i].type), ==, title_cases[i].title);

  /* A type string equal to a known one but not the same pointer. */
  {
    g_autofree char *copy = g_strdup (SD_PROBLEM_FORBIDDEN);

    g_assert_cmpstr (sd_problem_type_title (copy), ==, "Not allowed");
  }
  g_assert_cmpstr (sd_problem_type_title ("urn:example:other"), ==, "Error");
}

static void
add_guard_cases (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (guard_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/json-guard/%s", guard_cases[i].name);

      g_test_add_data_func (path, &guard_cases[i], test_guard_case);
    }
}

static void
add_problem_cases (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (mapping_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/problem/mapping/%s", mapping_cases[i].name);

      g_test_add_data_func (path, &mapping_cases[i], test_problem_mapping);
    }
  for (i = 0; i < G_N_ELEMENTS (internal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/problem/internal/%s", internal_cases[i].name);

      g_test_add_data_func (path, &internal_cases[i], test_problem_internal);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_guard_cases ();
  g_test_add_func ("/platform/json-guard/parse-refuses-like-check", test_parse_refuses_like_check);
  g_test_add_func ("/platform/json-guard/limits/defaults", test_default_limits);
  g_test_add_func ("/platform/json-guard/depth/75000-arrays", test_deep_75000_arrays);
  g_test_add_func ("/platform/json-guard/depth/limit", test_depth_limit);
  g_test_add_func ("/platform/json-guard/depth/custom-limit", test_depth_custom_limit);
  g_test_add_func ("/platform/json-guard/string/limit", test_string_limit);
  g_test_add_func ("/platform/json-guard/string/limit-counts-decoded-bytes",
                   test_string_limit_counts_decoded_bytes);
  g_test_add_func ("/platform/json-guard/members/limit", test_member_limit);
  g_test_add_func ("/platform/json-guard/members/custom-limit", test_member_custom_limit);
  g_test_add_func ("/platform/json-guard/members/colliding-names", test_colliding_names);
  g_test_add_func ("/platform/json-guard/members/many-names", test_many_names);
  g_test_add_func ("/platform/json-guard/size/limit", test_size_limit);
  g_test_add_func ("/platform/json-guard/size/custom-limit", test_size_custom_limit);
  g_test_add_func ("/platform/json-guard/length-not-nul-terminated", test_length_not_nul_terminated);
  g_test_add_func ("/platform/json-guard/parse-values", test_parse_values);

  add_problem_cases ();
  g_test_add_func ("/platform/problem/json-shape", test_problem_json_shape);
  g_test_add_func ("/platform/problem/json-without-field", test_problem_json_without_field);
  g_test_add_func ("/platform/problem/from-guard-error", test_problem_from_guard_error);
  g_test_add_func ("/platform/problem/titles", test_problem_titles);

  return g_test_run ();
}
