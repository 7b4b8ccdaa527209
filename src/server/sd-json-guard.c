/* sd-json-guard.c — a validating RFC 8259 scanner in front of json-glib.
 *
 * One pass over the bytes with an explicit stack of open containers, so
 * nesting costs heap memory bounded by max_depth and never C stack. Strings
 * are checked for UTF-8 in maximal runs of non-ASCII bytes (a valid
 * multi-byte sequence never contains an ASCII byte, so validating each run
 * is the same as validating the whole string); outside strings only ASCII
 * tokens are allowed, so the whole body is valid UTF-8 once the scan ends.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-json-guard.h"

G_DEFINE_QUARK (sd-json-guard-error-quark, sd_json_guard_error)

/* Every integer up to 2^53 − 1 survives a trip through a double, which is
 * what a JSON number is to most readers (JavaScript's Number.MAX_SAFE_INTEGER). */
#define MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740991)
#define MAX_SAFE_DIGITS 16

/* Member names of one object that may share a g_str_hash() value. */
#define MAX_SAME_HASH 8

/* How many characters of a member name or a number a message quotes. */
#define QUOTE_CHARS 40

static const SdJsonGuardLimits default_limits = {
  .max_bytes = 1024 * 1024,
  .max_depth = 32,
  .max_members = 100000,
  .max_string = 64 * 1024,
};

const SdJsonGuardLimits *
sd_json_guard_default_limits (void)
{
  return &default_limits;
}

typedef struct {
  gboolean    is_object;
  guint       index;     /* arrays: the element being read */
  const char *name;      /* objects: the member being read, owned by @names */
  GTree      *names;     /* objects: every member name read so far */
  GHashTable *hashes;    /* objects: g_str_hash() of a name → how many names have it */
} Frame;

typedef struct {
  const char              *data;
  gsize                    length;
  gsize                    pos;
  const SdJsonGuardLimits *limits;
  GArray                  *stack;   /* of Frame; never more than max_depth */
  guint                    values;
} Scanner;

/* What the scanner was looking for when it met something else. */
typedef enum {
  EXPECT_VALUE,
  EXPECT_NAME,
  EXPECT_COLON,
  EXPECT_ELEMENT_END,   /* “,” or “]” */
  EXPECT_MEMBER_END,    /* “,” or “}” */
} Expectation;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->names, g_tree_destroy);
  g_clear_pointer (&frame->hashes, g_hash_table_unref);
}

static guint
depth (const Scanner *s)
{
  return s->stack->len;
}

static Frame *
top (const Scanner *s)
{
  return &g_array_index (s->stack, Frame, s->stack->len - 1);
}

static gboolean
at_end (const Scanner *s)
{
  return s->pos >= s->length;
}

static guchar
peek (const Scanner *s)
{
  return at_end (s) ? '\0' : (guchar) s->data[s->pos];
}

static void
skip_white_space (Scanner *s)
{
  while (!at_end (s))
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      s->pos++;
    }
}

/* Quotes @text for a message: at most QUOTE_CHARS characters, control
 * characters escaped so that a message never carries raw ones. @text must
 * be valid UTF-8. */
static void
append_quoted_text (GString    *out,
                    const char *text,
                    gboolean    escape_quotes)
{
  const char *p = text;
  guint n = 0;

  for (; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTE_CHARS)
        {
          g_string_append (out, "…");
          return;
        }
      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04X", c);
      else if (escape_quotes && (c == '"' || c == '\\'))
        g_string_append_printf (out, "\\%c", (char) c);
      else
        g_string_append_unichar (out, c);
    }
}

static char *
quote_text (const char *text)
{
  GString *out = g_string_new (NULL);

  append_quoted_text (out, text, FALSE);
  return g_string_free (out, FALSE);
}

/* A name that reads well after a dot: letters, digits and “_” (any
 * script), not starting with a digit. */
static gboolean
is_plain_name (const char *name)
{
  const char *p;

  if (*name == '\0' || g_ascii_isdigit (*name))
    return FALSE;

  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '_' && !g_unichar_isalnum (c))
        return FALSE;
    }
  return TRUE;
}

/* The JSON path ($.items[2].name) of the value the first @n open
 * containers lead to. */
static char *
path_to (const Scanner *s,
         guint          n)
{
  GString *path = g_string_new ("$");
  guint i;

  for (i = 0; i < n && i < depth (s); i++)
    {
      const Frame *frame = &g_array_index (s->stack, Frame, i);

      if (!frame->is_object)
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->name == NULL)
        break;
      else if (is_plain_name (frame->name))
        {
          g_string_append_c (path, '.');
          append_quoted_text (path, frame->name, FALSE);
        }
      else
        {
          g_string_append (path, "[\"");
          append_quoted_text (path, frame->name, TRUE);
          g_string_append (path, "\"]");
        }
    }
  return g_string_free (path, FALSE);
}

/* The path of the value being read. */
static char *
value_path (const Scanner *s)
{
  return path_to (s, depth (s));
}

/* The path of the innermost open container. */
static char *
container_path (const Scanner *s)
{
  return path_to (s, depth (s) > 0 ? depth (s) - 1 : 0);
}

/* The character at @pos as a message shows it: “x”, “NaN” for a word, a
 * code point for control characters. The bytes at @pos must have passed
 * check_utf8_at(). */
static char *
describe_found (const Scanner *s,
                gsize          pos)
{
  const char *p = s->data + pos;
  guchar c;

  if (pos >= s->length)
    return g_strdup (_("the end of the document"));

  c = (guchar) *p;
  if (g_ascii_isalpha (c))
    {
      gsize n = 0;

      while (pos + n < s->length && n < QUOTE_CHARS && g_ascii_isalnum (p[n]))
        n++;
      return g_strdup_printf ("“%.*s”", (int) n, p);
    }
  if (c < 0x20 || c == 0x7f)
    return g_strdup_printf ("U+%04X", c);
  if (c < 0x80)
    return g_strdup_printf ("“%c”", c);

  return g_strdup_printf ("“%.*s” (U+%04X)",
                          (int) g_utf8_skip[c], p, g_utf8_get_char (p));
}

/* Checks the run of non-ASCII bytes starting at @pos; on an invalid
 * sequence sets INVALID_UTF8 naming its offset. */
static gboolean
check_utf8_at (const Scanner *s,
               gsize          pos,
               gsize         *run_end,
               GError       **error)
{
  gsize end = pos;
  const char *valid_end;

  while (end < s->length && (guchar) s->data[end] >= 0x80)
    end++;
  if (run_end != NULL)
    *run_end = end;

  if (g_utf8_validate_len (s->data + pos, end - pos, &valid_end))
    return TRUE;

  g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_INVALID_UTF8,
               /* Translators: %zu is a byte offset in the request body */
               _("The request body is not valid UTF-8 at byte %zu."),
               (size_t) (valid_end - s->data));
  return FALSE;
}

static gboolean
fail_end_of_document (const Scanner *s,
                      GError       **error)
{
  g_autofree char *path = container_path (s);

  if (depth (s) == 0)
    g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                 /* Translators: %zu is a byte offset */
                 _("The JSON document ends too early (byte %zu)."),
                 (size_t) s->pos);
  else if (top (s)->is_object)
    g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                 /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                 _("The JSON document ends before the object at %s is closed (byte %zu)."),
                 path, (size_t) s->pos);
  else
    g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                 /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                 _("The JSON document ends before the array at %s is closed (byte %zu)."),
                 path, (size_t) s->pos);
  return FALSE;
}

/* Something other than @expected at the current position: names what
 * was found, with kinder words for the usual non-JSON habits. */
static gboolean
fail_unexpected (const Scanner *s,
                 Expectation    expected,
                 GError       **error)
{
  g_autofree char *found = NULL;
  g_autofree char *path = NULL;
  guchar c = peek (s);

  if (at_end (s))
    return fail_end_of_document (s, error);
  if (c >= 0x80 && !check_utf8_at (s, s->pos, NULL, error))
    return FALSE;

  path = expected == EXPECT_NAME ? container_path (s) : value_path (s);

  if (c == '/' && s->pos + 1 < s->length &&
      (s->data[s->pos + 1] == '/' || s->data[s->pos + 1] == '*'))
    {
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("JSON has no comments: one starts at %s (byte %zu)."),
                   path, (size_t) s->pos);
      return FALSE;
    }
  if (c == '\'' && (expected == EXPECT_VALUE || expected == EXPECT_NAME))
    {
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("JSON strings take double quotes, not single quotes, at %s (byte %zu)."),
                   path, (size_t) s->pos);
      return FALSE;
    }

  found = describe_found (s, s->pos);
  switch (expected)
    {
    case EXPECT_VALUE:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was
                    * found instead (“x”, or “the end of the document”) */
                   _("Expected a JSON value at %s (byte %zu) but found %s."),
                   path, (size_t) s->pos, found);
      break;
    case EXPECT_NAME:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was found instead */
                   _("Expected a member name in double quotes in the object at %s (byte %zu) but found %s."),
                   path, (size_t) s->pos, found);
      break;
    case EXPECT_COLON:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was found instead */
                   _("Expected “:” after the member name of %s (byte %zu) but found %s."),
                   path, (size_t) s->pos, found);
      break;
    case EXPECT_ELEMENT_END:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was found instead */
                   _("Expected “,” or “]” after the array element %s (byte %zu) but found %s."),
                   path, (size_t) s->pos, found);
      break;
    case EXPECT_MEMBER_END:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was found instead */
                   _("Expected “,” or “}” after the member %s (byte %zu) but found %s."),
                   path, (size_t) s->pos, found);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
count_value (Scanner  *s,
             GError  **error)
{
  g_autofree char *path = NULL;

  if (++s->values <= s->limits->max_members)
    return TRUE;

  path = value_path (s);
  g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY,
               /* Translators: %u is the limit, %s a JSON path such as
                * $.items[2], %zu a byte offset */
               _("The JSON document holds more than %u values; the one at %s (byte %zu) is too many."),
               s->limits->max_members, path, (size_t) s->pos);
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (a, b);
}

static gboolean
open_container (Scanner   *s,
                gboolean   is_object,
                GError   **error)
{
  Frame frame = { is_object, 0, NULL, NULL, NULL };

  if (depth (s) >= s->limits->max_depth)
    {
      g_autofree char *path = value_path (s);

      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_DEEP,
                   /* Translators: %u is the limit, %s a JSON path such as
                    * $.items[2], %zu a byte offset */
                   _("The JSON document nests more than %u levels deep at %s (byte %zu)."),
                   s->limits->max_depth, path, (size_t) s->pos);
      return FALSE;
    }

  /* A balanced tree, not a hash table: g_str_hash() collisions are easy to
   * craft (see count_name_hash()). */
  if (is_object)
    {
      frame.names = g_tree_new_full (compare_names, NULL, g_free, NULL);
      frame.hashes = g_hash_table_new (g_direct_hash, g_direct_equal);
    }
  g_array_append_val (s->stack, frame);
  s->pos++;
  return TRUE;
}

static void
close_container (Scanner *s)
{
  g_array_set_size (s->stack, s->stack->len - 1);
  s->pos++;
}


typedef enum {
  STRING_OPEN,         /* no closing quote */
  STRING_CONTROL,      /* a raw control character */
  STRING_ESCAPE,       /* “\” followed by something JSON does not know */
  STRING_HEX,          /* “\u” without four hexadecimal digits */
  STRING_NUL,          /* “\u0000” */
  STRING_SURROGATE,    /* half of a UTF-16 surrogate pair */
  STRING_TOO_LONG,
} StringProblem;

/* @at is the offending byte (the opening quote for OPEN and TOO_LONG);
 * @code the character or UTF-16 unit for CONTROL and SURROGATE. */
static gboolean
fail_in_string (const Scanner  *s,
                guint           path_depth,
                StringProblem   problem,
                gsize           at,
                guint           code,
                GError        **error)
{
  g_autofree char *path = path_to (s, path_depth);
  g_autofree char *found = NULL;

  switch (problem)
    {
    case STRING_OPEN:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("The string at %s that starts at byte %zu is not closed before the end of the document."),
                   path, (size_t) at);
      break;
    case STRING_CONTROL:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2],
                    * U+%04X a character code, %zu a byte offset */
                   _("The string at %s holds the control character U+%04X unescaped (byte %zu); JSON requires an escape such as “\\n”."),
                   path, code, (size_t) at);
      break;
    case STRING_ESCAPE:
      found = describe_found (s, at + 1);
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what follows
                    * the backslash (“x”, or “the end of the document”) */
                   _("Unknown escape in the string at %s (byte %zu): “\\” followed by %s."),
                   path, (size_t) at, found);
      break;
    case STRING_HEX:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("The escape “\\u” in the string at %s (byte %zu) needs four hexadecimal digits."),
                   path, (size_t) at);
      break;
    case STRING_NUL:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_NUL,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("The string at %s holds “\\u0000” (byte %zu); the NUL character is not accepted."),
                   path, (size_t) at);
      break;
    case STRING_SURROGATE:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_INVALID_UTF8,
                   /* Translators: %s is a JSON path such as $.items[2],
                    * \\u%04X a UTF-16 code unit, %zu a byte offset */
                   _("The string at %s holds “\\u%04X”, half of a surrogate pair without its other half (byte %zu)."),
                   path, code, (size_t) at);
      break;
    case STRING_TOO_LONG:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE,
                   /* Translators: %s is a JSON path such as $.items[2],
                    * %zu a byte offset, %u the limit */
                   _("The string at %s (byte %zu) is longer than %u bytes."),
                   path, (size_t) at, s->limits->max_string);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
read_hex4 (const Scanner *s,
           gsize          at,
           gunichar      *value)
{
  gunichar v = 0;
  guint i;

  if (at + 4 > s->length)
    return FALSE;

  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->data[at + i]);

      if (digit < 0)
        return FALSE;
      v = v * 16 + (gunichar) digit;
    }
  *value = v;
  return TRUE;
}

static gboolean
is_high_surrogate (gunichar unit)
{
  return unit >= 0xD800 && unit <= 0xDBFF;
}

static gboolean
is_low_surrogate (gunichar unit)
{
  return unit >= 0xDC00 && unit <= 0xDFFF;
}

/* Reads the escape at the current position (a backslash) and appends what
 * it stands for to @decoded (may be NULL); @piece gets its length in
 * UTF-8. */
static gboolean
scan_escape (Scanner  *s,
             guint     path_depth,
             GString  *decoded,
             gsize    *piece,
             GError  **error)
{
  static const char escapes[] = "\"\\/bfnrt";
  static const char meanings[] = "\"\\/\b\f\n\r\t";
  gsize at = s->pos;
  char c = at + 1 < s->length ? s->data[at + 1] : '\0';
  const char *simple = c != '\0' ? strchr (escapes, c) : NULL;
  char utf8[6];
  gunichar unit;
  gunichar low;

  if (simple != NULL)
    {
      if (decoded != NULL)
        g_string_append_c (decoded, meanings[simple - escapes]);
      *piece = 1;
      s->pos += 2;
      return TRUE;
    }
  if (c != 'u')
    {
      if ((guchar) c >= 0x80 && !check_utf8_at (s, at + 1, NULL, error))
        return FALSE;
      return fail_in_string (s, path_depth, STRING_ESCAPE, at, 0, error);
    }
  if (!read_hex4 (s, at + 2, &unit))
    return fail_in_string (s, path_depth, STRING_HEX, at, 0, error);
  s->pos = at + 6;

  if (unit == 0)
    return fail_in_string (s, path_depth, STRING_NUL, at, 0, error);
  if (is_low_surrogate (unit))
    return fail_in_string (s, path_depth, STRING_SURROGATE, at, unit, error);
  if (is_high_surrogate (unit))
    {
      if (s->pos + 1 >= s->length ||
          s->data[s->pos] != '\\' || s->data[s->pos + 1] != 'u' ||
          !read_hex4 (s, s->pos + 2, &low) || !is_low_surrogate (low))
        return fail_in_string (s, path_depth, STRING_SURROGATE, at, unit, error);
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      s->pos += 6;
    }

  *piece = (gsize) g_unichar_to_utf8 (unit, utf8);
  if (decoded != NULL)
    g_string_append_len (decoded, utf8, (gssize) *piece);
  return TRUE;
}

/* Reads the string at the current position (an opening quote), appending
 * its unescaped text to @decoded when not NULL. @path_depth says which path
 * messages name: the value's, or the object's for a member name. */
static gboolean
scan_string (Scanner  *s,
             guint     path_depth,
             GString  *decoded,
             GError  **error)
{
  gsize start = s->pos;
  gsize length = 0;

  s->pos++;
  for (;;)
    {
      guchar c;
      gsize piece;

      if (at_end (s))
        return fail_in_string (s, path_depth, STRING_OPEN, start, 0, error);

      c = (guchar) s->data[s->pos];
      if (c == '"')
        break;

      if (c == '\\')
        {
          if (!scan_escape (s, path_depth, decoded, &piece, error))
            return FALSE;
        }
      else if (c < 0x20)
        return fail_in_string (s, path_depth, STRING_CONTROL, s->pos, c, error);
      else if (c < 0x80)
        {
          if (decoded != NULL)
            g_string_append_c (decoded, (char) c);
          piece = 1;
          s->pos++;
        }
      else
        {
          gsize run_end;

          if (!check_utf8_at (s, s->pos, &run_end, error))
            return FALSE;
          piece = run_end - s->pos;
          if (decoded != NULL)
            g_string_append_len (decoded, s->data + s->pos, (gssize) piece);
          s->pos = run_end;
        }

      /* The limit is on the text the string stands for, escapes decoded. */
      length += piece;
      if (length > s->limits->max_string)
        return fail_in_string (s, path_depth, STRING_TOO_LONG, start, 0, error);
    }

  s->pos++;
  return TRUE;
}

typedef enum {
  NUMBER_MALFORMED,
  NUMBER_LEADING_ZERO,
  NUMBER_OUT_OF_RANGE,   /* an integer beyond ±(2^53 − 1) */
  NUMBER_NOT_FINITE,
} NumberProblem;

/* The number that starts at @start and ends at the current position, as a
 * message quotes it. */
static char *
quote_number (const Scanner *s,
              gsize          start)
{
  gsize n = s->pos - start;

  if (n <= QUOTE_CHARS)
    return g_strndup (s->data + start, n);
  return g_strdup_printf ("%.*s…", QUOTE_CHARS, s->data + start);
}

static gboolean
fail_number (const Scanner  *s,
             NumberProblem   problem,
             gsize           start,
             GError        **error)
{
  g_autofree char *path = value_path (s);
  g_autofree char *found = NULL;
  g_autofree char *number = NULL;

  switch (problem)
    {
    case NUMBER_MALFORMED:
      if (peek (s) >= 0x80 && !check_utf8_at (s, s->pos, NULL, error))
        return FALSE;
      found = describe_found (s, s->pos);
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: the first %s is a JSON path such as
                    * $.items[2], %zu a byte offset, the last %s what was
                    * found instead of a digit */
                   _("The number at %s (byte %zu) is malformed: a digit is missing where there is %s."),
                   path, (size_t) start, found);
      break;
    case NUMBER_LEADING_ZERO:
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                   _("The number at %s (byte %zu) starts with a zero followed by digits; JSON does not allow leading zeros."),
                   path, (size_t) start);
      break;
    case NUMBER_OUT_OF_RANGE:
      number = quote_number (s, start);
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_NUMBER,
                   /* Translators: the first %s is the number, the second a
                    * JSON path such as $.items[2], %zu a byte offset */
                   _("The integer %s at %s (byte %zu) is beyond ±9007199254740991, the largest integer a JSON number holds exactly."),
                   number, path, (size_t) start);
      break;
    case NUMBER_NOT_FINITE:
      number = quote_number (s, start);
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_NUMBER,
                   /* Translators: the first %s is the number, the second a
                    * JSON path such as $.items[2], %zu a byte offset */
                   _("The number %s at %s (byte %zu) is too large to be represented."),
                   number, path, (size_t) start);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
scan_digits (Scanner  *s,
             gsize     start,
             GError  **error)
{
  if (!g_ascii_isdigit (peek (s)))
    return fail_number (s, NUMBER_MALFORMED, start, error);
  while (g_ascii_isdigit (peek (s)))
    s->pos++;
  return TRUE;
}

static gboolean
check_integer (const Scanner  *s,
               gsize           start,
               GError        **error)
{
  const char *text = s->data + start;
  gsize n_digits = s->pos - start - (*text == '-' ? 1 : 0);
  g_autofree char *copy = NULL;
  gint64 value;

  /* Leading zeros are refused, so more digits means a larger number. */
  if (n_digits > MAX_SAFE_DIGITS)
    return fail_number (s, NUMBER_OUT_OF_RANGE, start, error);

  copy = g_strndup (text, s->pos - start);
  value = g_ascii_strtoll (copy, NULL, 10);
  if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER)
    return fail_number (s, NUMBER_OUT_OF_RANGE, start, error);
  return TRUE;
}

static gboolean
check_finite (const Scanner  *s,
              gsize           start,
              GError        **error)
{
  g_autofree char *copy = g_strndup (s->data + start, s->pos - start);

  /* Underflow to zero is harmless; overflow to infinity is not. */
  if (!isfinite (g_ascii_strtod (copy, NULL)))
    return fail_number (s, NUMBER_NOT_FINITE, start, error);
  return TRUE;
}

static gboolean
scan_number (Scanner  *s,
             GError  **error)
{
  gsize start = s->pos;
  gboolean integer = TRUE;

  if (peek (s) == '-')
    s->pos++;

  if (peek (s) == '0')
    {
      s->pos++;
      if (g_ascii_isdigit (peek (s)))
        return fail_number (s, NUMBER_LEADING_ZERO, start, error);
    }
  else if (!scan_digits (s, start, error))
    return FALSE;

  if (peek (s) == '.')
    {
      integer = FALSE;
      s->pos++;
      if (!scan_digits (s, start, error))
        return FALSE;
    }

  if (peek (s) == 'e' || peek (s) == 'E')
    {
      integer = FALSE;
      s->pos++;
      if (peek (s) == '+' || peek (s) == '-')
        s->pos++;
      if (!scan_digits (s, start, error))
        return FALSE;
    }

  return integer ? check_integer (s, start, error) : check_finite (s, start, error);
}

static gboolean
scan_literal (Scanner  *s,
              GError  **error)
{
  static const char *const literals[] = { "true", "false", "null" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (s->length - s->pos >= n && memcmp (s->data + s->pos, literals[i], n) == 0)
        {
          s->pos += n;
          return TRUE;
        }
    }
  return fail_unexpected (s, EXPECT_VALUE, error);
}

/* json-glib keeps an object's members in a GHashTable keyed by
 * g_str_hash(), which is djb2: names with one hash value are easy to make
 * (“Ez” and “FY” hash alike, and so does every string of them), and each
 * costs a string comparison with all the others, so 16,000 of them in half
 * a megabyte keep json-glib 1.6 busy for seconds. Real names almost never
 * share a 32-bit hash; more than MAX_SAME_HASH of them is an attack. */
static gboolean
count_name_hash (const Scanner  *s,
                 Frame          *frame,
                 const char     *name,
                 gsize           at,
                 GError        **error)
{
  gpointer hash = GUINT_TO_POINTER (g_str_hash (name));
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (frame->hashes, hash)) + 1;
  g_autofree char *path = NULL;

  if (count <= MAX_SAME_HASH)
    {
      g_hash_table_insert (frame->hashes, hash, GUINT_TO_POINTER (count));
      return TRUE;
    }

  path = container_path (s);
  g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_MANY,
               /* Translators: %s is a JSON path such as $.items[2], %u a
                * number, %zu a byte offset */
               _("The object at %s has more than %u member names with the same hash value (byte %zu); such a body is refused as an attempt to slow the platform down."),
               path, MAX_SAME_HASH, (size_t) at);
  return FALSE;
}

/* Reads “"name":” in the innermost object, refusing a name it already
 * has: json-glib would silently keep only the last one. */
static gboolean
scan_member_name (Scanner  *s,
                  GError  **error)
{
  Frame *frame = top (s);
  g_autoptr(GString) name = NULL;
  gsize at = s->pos;
  char *stored;

  if (peek (s) != '"')
    return fail_unexpected (s, EXPECT_NAME, error);

  name = g_string_new (NULL);
  if (!scan_string (s, depth (s) - 1, name, error))
    return FALSE;

  if (g_tree_lookup (frame->names, name->str) != NULL)
    {
      g_autofree char *shown = quote_text (name->str);
      g_autofree char *path = container_path (s);

      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_DUPLICATE_KEY,
                   /* Translators: the first %s is a member name, the second a
                    * JSON path such as $.items[2], %zu a byte offset */
                   _("Member “%s” appears twice in the object at %s (byte %zu)."),
                   shown, path, (size_t) at);
      return FALSE;
    }

  if (!count_name_hash (s, frame, name->str, at, error))
    return FALSE;

  stored = g_string_free (g_steal_pointer (&name), FALSE);
  g_tree_insert (frame->names, stored, stored);
  frame->name = stored;

  skip_white_space (s);
  if (peek (s) != ':')
    return fail_unexpected (s, EXPECT_COLON, error);
  s->pos++;
  return TRUE;
}

/* Reads one value at the current position; a container is only opened
 * (its contents are read by later turns of scan_document()). Sets
 * @want_value when a value must come next. */
static gboolean
scan_value (Scanner   *s,
            gboolean  *want_value,
            GError   **error)
{
  guchar c = peek (s);

  if (at_end (s))
    return fail_end_of_document (s, error);
  if (!count_value (s, error))
    return FALSE;

  *want_value = FALSE;
  switch (c)
    {
    case '[':
      if (!open_container (s, FALSE, error))
        return FALSE;
      skip_white_space (s);
      if (peek (s) == ']')
        close_container (s);
      else
        *want_value = TRUE;
      return TRUE;

    case '{':
      if (!open_container (s, TRUE, error))
        return FALSE;
      skip_white_space (s);
      if (peek (s) == '}')
        {
          close_container (s);
          return TRUE;
        }
      *want_value = TRUE;
      return scan_member_name (s, error);

    case '"':
      return scan_string (s, depth (s), NULL, error);

    case 't':
    case 'f':
    case 'n':
      return scan_literal (s, error);

    default:
      if (c == '-' || g_ascii_isdigit (c))
        return scan_number (s, error);
      return fail_unexpected (s, EXPECT_VALUE, error);
    }
}

static gboolean
fail_trailing_comma (const Scanner  *s,
                     gsize           comma,
                     GError        **error)
{
  g_autofree char *path = container_path (s);

  if (top (s)->is_object)
    g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                 /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                 _("The object at %s ends with a comma (byte %zu); JSON does not allow a trailing comma."),
                 path, (size_t) comma);
  else
    g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                 /* Translators: %s is a JSON path such as $.items[2], %zu a byte offset */
                 _("The array at %s ends with a comma (byte %zu); JSON does not allow a trailing comma."),
                 path, (size_t) comma);
  return FALSE;
}

/* After a value inside a container: “,” and the next element or member,
 * or the end of the container. */
static gboolean
scan_after_value (Scanner   *s,
                  gboolean  *want_value,
                  GError   **error)
{
  Frame *frame = top (s);
  char closing = frame->is_object ? '}' : ']';
  gsize comma;

  skip_white_space (s);
  if (at_end (s))
    return fail_end_of_document (s, error);

  if (peek (s) == closing)
    {
      close_container (s);
      *want_value = FALSE;
      return TRUE;
    }
  if (peek (s) != ',')
    return fail_unexpected (s, frame->is_object ? EXPECT_MEMBER_END : EXPECT_ELEMENT_END,
                            error);

  comma = s->pos++;
  skip_white_space (s);
  if (peek (s) == closing)
    return fail_trailing_comma (s, comma, error);

  *want_value = TRUE;
  if (frame->is_object)
    return scan_member_name (s, error);
  frame->index++;
  return TRUE;
}

/* The loop replaces recursion: the only state is the stack of open
 * containers and whether a value comes next. */
static gboolean
scan_document (Scanner  *s,
               GError  **error)
{
  gboolean want_value = TRUE;

  for (;;)
    {
      if (want_value)
        {
          skip_white_space (s);
          if (!scan_value (s, &want_value, error))
            return FALSE;
        }
      else if (depth (s) == 0)
        return TRUE;
      else if (!scan_after_value (s, &want_value, error))
        return FALSE;
    }
}

static gboolean
check_size (gsize                     length,
            const SdJsonGuardLimits  *limits,
            GError                  **error)
{
  if (length > limits->max_bytes)
    {
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TOO_LARGE,
                   /* Translators: both %zu are numbers of bytes */
                   _("The JSON document is %zu bytes long; at most %zu bytes are accepted."),
                   (size_t) length, (size_t) limits->max_bytes);
      return FALSE;
    }

  if (length == 0)
    {
      g_set_error_literal (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_EMPTY,
                           _("The request body is empty; a JSON document is expected."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_nothing_after (Scanner  *s,
                     GError  **error)
{
  g_autofree char *found = NULL;

  skip_white_space (s);
  if (at_end (s))
    return TRUE;
  if (peek (s) >= 0x80 && !check_utf8_at (s, s->pos, NULL, error))
    return FALSE;

  found = describe_found (s, s->pos);
  g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_TRAILING,
               /* Translators: %s is what follows the document (“x”), %zu a byte offset */
               _("Unexpected %s after the end of the JSON document (byte %zu); a request body holds exactly one document."),
               found, (size_t) s->pos);
  return FALSE;
}

gboolean
sd_json_guard_check (const char               *data,
                     gsize                     length,
                     const SdJsonGuardLimits  *limits,
                     GError                  **error)
{
  Scanner s = { 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s.data = data;
  s.length = length;
  s.limits = limits != NULL ? limits : &default_limits;

  if (!check_size (length, s.limits, error))
    return FALSE;

  skip_white_space (&s);
  if (at_end (&s))
    {
      g_set_error_literal (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_EMPTY,
                           _("The request body holds only white space; a JSON document is expected."));
      return FALSE;
    }

  s.stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), MIN (s.limits->max_depth, 64));
  g_array_set_clear_func (s.stack, frame_clear);
  ok = scan_document (&s, error) && check_nothing_after (&s, error);
  g_array_unref (s.stack);
  return ok;
}

JsonNode *
sd_json_guard_parse (const char               *data,
                     gsize                     length,
                     const SdJsonGuardLimits  *limits,
                     GError                  **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!sd_json_guard_check (data, length, limits, error))
    return NULL;

  /* The guard accepts only what json-glib reads correctly; should the two
   * ever disagree, the body is still refused as malformed, never passed on. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_SYNTAX,
                   /* Translators: %s is json-glib's message */
                   _("The JSON document could not be read: %s"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error_literal (error, SD_JSON_GUARD_ERROR, SD_JSON_GUARD_ERROR_EMPTY,
                         _("The request body is empty; a JSON document is expected."));
  return root;
}
