/* sd-identifiers.c — validators for the identifiers the regulations name.
 *
 * Each validator checks in the order a person would fix the value: is there
 * anything, is it text, is it the right length, is every character allowed,
 * does its structure hold (birth date, separator), and only then the check
 * character. The first problem found is reported, with the position and
 * the character concerned.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "sd-calendar.h"
#include "sd-core-private.h"
#include "sd-identifiers.h"

#define CODE_LENGTH 18          /* both the USCC and the RIC */
#define SEQUENCE_LENGTH 6
#define MIN_CLASSIFICATION_LENGTH 3
#define BIRTH_DATE_OFFSET 6     /* RIC positions 7–14, counted from 1 */
#define BIRTH_DATE_LENGTH 8

G_DEFINE_QUARK (sd-identifier-error-quark, sd_identifier_error)

/* GB 32100-2015: the 31 characters a USCC is written with, in the order
 * of their values, and the weights of positions 1–17. */
static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const guint uscc_weights[CODE_LENGTH - 1] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* GB 11643-1999: weights 2^(18−i) mod 11 and the check character for
 * each remainder of the weighted sum modulo 11. */
static const guint ric_weights[CODE_LENGTH - 1] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
};
static const char ric_check_characters[] = "10X98765432";

/* ---- Shared helpers --------------------------------------------------- */

/* A character as it appears in a message: quoted, or as a code point when
 * it would not be visible. */
static char *
describe_character (gunichar c)
{
  char utf8[7] = { 0, };

  if (!g_unichar_isprint (c) || g_unichar_isspace (c))
    return g_strdup_printf ("U+%04X", (guint) c);

  g_unichar_to_utf8 (c, utf8);
  return g_strdup_printf ("“%s”", utf8);
}

static guint
count_characters (const char *value)
{
  return (guint) g_utf8_strlen (value, -1);
}

static int
uscc_value (char c)
{
  const char *found = c != '\0' ? strchr (uscc_charset, c) : NULL;

  return found != NULL ? (int) (found - uscc_charset) : -1;
}

/* ---- 统一社会信用代码 (GB 32100-2015) ---------------------------------- */

/* The check character over the first 17 characters of @code, or 0 when one
 * of them is not a USCC character. */
static char
uscc_check_over (const char *code)
{
  guint sum = 0;

  for (guint i = 0; i < CODE_LENGTH - 1; i++)
    {
      int value = uscc_value (code[i]);

      if (value < 0)
        return 0;
      sum += (guint) value * uscc_weights[i];
    }

  /* 31 − sum mod 31 is 1…31, and 31 is written as "0". */
  return uscc_charset[(31 - sum % 31) % 31];
}

char
sd_identifier_uscc_check_character (const char *first17)
{
  if (first17 == NULL || strlen (first17) != CODE_LENGTH - 1)
    return 0;

  return uscc_check_over (first17);
}

static void
set_uscc_character_error (gunichar   c,
                          guint      position,
                          GError   **error)
{
  g_autofree char *shown = describe_character (c);
  gunichar upper = g_unichar_toupper (c);

  if (c < 0x80 && g_ascii_islower ((char) c) && uscc_value ((char) upper) >= 0)
    g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                 /* Translators: a quoted character, then its position
                  * (1–18). */
                 _("Character %s at position %u of the unified social credit code is a lower-case letter; the code is written in capital letters only"),
                 shown, position);
  else if (upper == 'I' || upper == 'O' || upper == 'S' || upper == 'V' || upper == 'Z')
    g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                 /* Translators: a quoted character, then its position
                  * (1–18). */
                 _("Character %s at position %u of the unified social credit code is not allowed (I, O, S, V, Z are never used)"),
                 shown, position);
  else
    g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                 /* Translators: a quoted character, then its position
                  * (1–18). */
                 _("Character %s at position %u of the unified social credit code is not allowed (only digits and the capital letters A–H, J–N, P–R, T, U, W–Y)"),
                 shown, position);
}

gboolean
sd_identifier_validate_uscc (const char  *value,
                             GError     **error)
{
  guint length, position = 1;
  char expected;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_EMPTY,
                   _("The unified social credit code is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                   _("The unified social credit code is not valid UTF-8 text"));
      return FALSE;
    }

  length = count_characters (value);
  if (length != CODE_LENGTH)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The unified social credit code has %u character; it needs 18",
                                "The unified social credit code has %u characters; it needs 18",
                                length),
                   length);
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 || uscc_value ((char) c) < 0)
        {
          set_uscc_character_error (c, position, error);
          return FALSE;
        }
    }

  expected = uscc_check_over (value);
  if (value[CODE_LENGTH - 1] != expected)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHECK,
                   /* Translators: the expected check character, then the
                    * one found. */
                   _("The check character (position 18) of the unified social credit code should be “%c”, not “%c”"),
                   expected, value[CODE_LENGTH - 1]);
      return FALSE;
    }

  return TRUE;
}

/* ---- 居民身份证号码 (GB 11643-1999) ------------------------------------ */

/* The check character over the first 17 characters of @code, or 0 when one
 * of them is not a digit. */
static char
ric_check_over (const char *code)
{
  guint sum = 0;

  for (guint i = 0; i < CODE_LENGTH - 1; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return 0;
      sum += (guint) (code[i] - '0') * ric_weights[i];
    }

  return ric_check_characters[sum % 11];
}

char
sd_identifier_ric_check_character (const char *first17)
{
  if (first17 == NULL || strlen (first17) != CODE_LENGTH - 1)
    return 0;

  return ric_check_over (first17);
}

static gboolean
check_ric_characters (const char  *value,
                      GError     **error)
{
  guint position = 1;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *shown = NULL;

      if (c < 0x80 && g_ascii_isdigit ((char) c))
        continue;
      if (position == CODE_LENGTH && c == 'X')
        continue;

      if (position == CODE_LENGTH && c == 'x')
        {
          g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                       _("The check character (position 18) of the resident ID card number is a lower-case “x”; write a capital “X”"));
          return FALSE;
        }

      shown = describe_character (c);
      if (position == CODE_LENGTH)
        g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                     /* Translators: %s is a quoted character. */
                     _("The check character (position 18) of the resident ID card number must be a digit or a capital “X”, not %s"),
                     shown);
      else
        g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                     /* Translators: a quoted character, then its position
                      * (1–17). */
                     _("Character %s at position %u of the resident ID card number is not a digit"),
                     shown, position);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_ric_birth_date (const char   *value,
                      const GDate  *today,
                      GError      **error)
{
  const char *digits = value + BIRTH_DATE_OFFSET;
  g_autofree char *shown = g_strndup (digits, BIRTH_DATE_LENGTH);
  guint year = _sd_parse_digits (digits, 4);
  guint month = _sd_parse_digits (digits + 4, 2);
  guint day = _sd_parse_digits (digits + 6, 2);
  GDate birth, first, now;

  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_DATE,
                   /* Translators: %s is eight digits YYYYMMDD. */
                   _("The birth date %s (positions 7–14) of the resident ID card number is not a real date"),
                   shown);
      return FALSE;
    }

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, day, month, year);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, 1900);
  if (g_date_compare (&birth, &first) < 0)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_DATE,
                   /* Translators: %s is eight digits YYYYMMDD. */
                   _("The birth date %s (positions 7–14) of the resident ID card number is before 1900-01-01"),
                   shown);
      return FALSE;
    }

  g_date_clear (&now, 1);
  if (today != NULL)
    now = *today;
  else
    g_date_set_time_t (&now, time (NULL));
  if (g_date_compare (&birth, &now) > 0)
    {
      g_autofree char *now_iso = sd_date_to_iso (&now);

      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_DATE,
                   /* Translators: %s is eight digits YYYYMMDD, then
                    * today's date. */
                   _("The birth date %s (positions 7–14) of the resident ID card number is in the future (today is %s)"),
                   shown, now_iso);
      return FALSE;
    }

  return TRUE;
}

gboolean
sd_identifier_validate_ric (const char   *value,
                            const GDate  *today,
                            GError      **error)
{
  guint length;
  char expected;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_EMPTY,
                   _("The resident ID card number is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                   _("The resident ID card number is not valid UTF-8 text"));
      return FALSE;
    }

  length = count_characters (value);
  if (length != CODE_LENGTH)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The resident ID card number has %u character; it needs 18",
                                "The resident ID card number has %u characters; it needs 18",
                                length),
                   length);
      return FALSE;
    }

  /* The birth date comes before the check character: a mistyped date also
   * breaks the check, and the date is the more useful thing to point at. */
  if (!check_ric_characters (value, error)
      || !check_ric_birth_date (value, today, error))
    return FALSE;

  expected = ric_check_over (value);
  if (value[CODE_LENGTH - 1] != expected)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHECK,
                   /* Translators: the expected check character, then the
                    * one found. */
                   _("The check character (position 18) of the resident ID card number should be “%c”, not “%c”"),
                   expected, value[CODE_LENGTH - 1]);
      return FALSE;
    }

  return TRUE;
}

/* ---- 信息资源代码 ------------------------------------------------------- */

static gboolean
check_classification (const char  *value,
                      gsize        length,
                      GError     **error)
{
  guint position = 1;
  const char *end = value + length;

  if (length == 0)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_EMPTY,
                   _("The classification code is empty"));
      return FALSE;
    }

  for (const char *p = value; p < end; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 || !g_ascii_isdigit ((char) c))
        {
          g_autofree char *shown = describe_character (c);

          g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                       /* Translators: a quoted character, then its
                        * position. */
                       _("Character %s at position %u of the classification code is not a digit"),
                       shown, position);
          return FALSE;
        }
    }

  if (value[0] < '1' || value[0] > '3')
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_FORM,
                   /* Translators: %c is the digit found. */
                   _("The classification code starts with %c, but its class (first digit) must be 1 (basic), 2 (thematic) or 3 (departmental)"),
                   value[0]);
      return FALSE;
    }

  if (length < MIN_CLASSIFICATION_LENGTH)
    {
      g_autofree char *shown = g_strndup (value, length);

      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_LENGTH,
                   /* Translators: the code, then its number of digits. */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The classification code %s has %u digit; it needs at least 3 (the class and a two-digit item)",
                                "The classification code %s has %u digits; it needs at least 3 (the class and a two-digit item)",
                                (gulong) length),
                   shown, (guint) length);
      return FALSE;
    }

  return TRUE;
}

gboolean
sd_identifier_validate_classification (const char  *value,
                                       GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                   _("The classification code is not valid UTF-8 text"));
      return FALSE;
    }

  return check_classification (value != NULL ? value : "",
                               value != NULL ? strlen (value) : 0, error);
}

static gboolean
check_sequence (const char  *sequence,
                GError     **error)
{
  guint position = 1;
  guint length;

  if (*sequence == '\0')
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_LENGTH,
                   _("The information resource code has nothing after the “/”: it needs a six-digit sequence number (e.g. 000033)"));
      return FALSE;
    }

  for (const char *p = sequence; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 || !g_ascii_isdigit ((char) c))
        {
          g_autofree char *shown = describe_character (c);

          g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                       /* Translators: a quoted character, then its
                        * position counted from the first character after
                        * the "/". */
                       _("Character %s at position %u of the sequence number (after the “/”) is not a digit"),
                       shown, position);
          return FALSE;
        }
    }

  length = (guint) strlen (sequence);
  if (length != SEQUENCE_LENGTH)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_LENGTH,
                   /* Translators: the sequence number, then its number of
                    * digits. */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The sequence number “%s” after the “/” has %u digit; it needs 6, zero-padded (e.g. 000033)",
                                "The sequence number “%s” after the “/” has %u digits; it needs 6, zero-padded (e.g. 000033)",
                                length),
                   sequence, length);
      return FALSE;
    }

  if (_sd_parse_digits (sequence, SEQUENCE_LENGTH) == 0)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_FORM,
                   _("The sequence number 000000 is not allowed: numbering starts at 000001"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sd_identifier_validate_resource_code (const char  *value,
                                      GError     **error)
{
  const char *slash;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_EMPTY,
                   _("The information resource code is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_CHARACTER,
                   _("The information resource code is not valid UTF-8 text"));
      return FALSE;
    }

  slash = strchr (value, '/');
  if (slash == NULL)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_FORM,
                   _("The information resource code has no “/” between the classification code and the sequence number (e.g. 3070211760000002004006/000033)"));
      return FALSE;
    }
  if (strchr (slash + 1, '/') != NULL)
    {
      g_set_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_FORM,
                   _("The information resource code has more than one “/”; it is the classification code, one “/” and a sequence number"));
      return FALSE;
    }

  return check_classification (value, (gsize) (slash - value), error)
         && check_sequence (slash + 1, error);
}

char *
sd_identifier_resource_code_get_classification (const char *resource_code)
{
  if (!sd_identifier_validate_resource_code (resource_code, NULL))
    return NULL;

  return g_strndup (resource_code, (gsize) (strchr (resource_code, '/') - resource_code));
}

char *
sd_identifier_resource_code_build (const char *classification,
                                   guint       sequence)
{
  /* An invalid classification would only build an invalid code. */
  if (sequence == 0 || sequence > 999999
      || !sd_identifier_validate_classification (classification, NULL))
    return NULL;

  return g_strdup_printf ("%s/%06u", classification, sequence);
}
