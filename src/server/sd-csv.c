/* sd-csv.c — RFC 4180 CSV reader and the cell checks of uploaded datasets
 * (see sd-csv.h). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-csv.h"
#include "sd-identifiers.h"

G_DEFINE_QUARK (sd-csv-error-quark, sd_csv_error)

#define UTF8_BOM "\xEF\xBB\xBF"

typedef struct {
  const char *p;
  const char *end;
  guint       line;        /* of p, 1-based */
  GString    *field;
  GPtrArray  *fields;      /* of char *, the record being read */
  GPtrArray  *records;     /* of GStrv */
} Reader;

static guint
line_of (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
check_encoding (const char  *data,
                gsize        length,
                GError     **error)
{
  const char *bad = NULL;

  if (g_utf8_validate_len (data, length, &bad))
    return TRUE;
  g_set_error (error, SD_CSV_ERROR, SD_CSV_ERROR_ENCODING,
               /* Translators: %u is a line number of the uploaded file */
               _("The file is not valid UTF-8 text (line %u): save it as UTF-8 and upload it again."),
               line_of (data, bad));
  return FALSE;
}

static void
end_field (Reader *reader)
{
  g_ptr_array_add (reader->fields, g_strndup (reader->field->str, reader->field->len));
  g_string_truncate (reader->field, 0);
}

static void
end_record (Reader *reader)
{
  end_field (reader);
  g_ptr_array_add (reader->fields, NULL);
  g_ptr_array_add (reader->records, g_ptr_array_steal (reader->fields, NULL));
}

/* At the end of a line, consumes it (CRLF or LF). */
static gboolean
at_line_end (Reader *reader)
{
  if (reader->p < reader->end && *reader->p == '\n')
    {
      reader->p++;
      return TRUE;
    }
  if (reader->end - reader->p >= 2 && reader->p[0] == '\r' && reader->p[1] == '\n')
    {
      reader->p += 2;
      return TRUE;
    }
  return FALSE;
}

static gboolean
syntax_error (guint        line,
              const char  *message,
              GError     **error)
{
  g_set_error (error, SD_CSV_ERROR, SD_CSV_ERROR_SYNTAX,
               /* Translators: %u is a line number, %s says what is wrong */
               _("Line %u of the file is not valid CSV: %s"), line, message);
  return FALSE;
}

/* A field in quotes: up to the closing quote, "" being one quote. */
static gboolean
read_quoted (Reader  *reader,
             GError **error)
{
  guint start_line = reader->line;

  reader->p++;
  for (;;)
    {
      if (reader->p >= reader->end)
        return syntax_error (start_line, _("a quoted field has no closing quote."), error);
      if (*reader->p == '"')
        {
          if (reader->p + 1 < reader->end && reader->p[1] == '"')
            {
              g_string_append_c (reader->field, '"');
              reader->p += 2;
              continue;
            }
          reader->p++;
          return TRUE;
        }
      if (*reader->p == '\n')
        reader->line++;
      g_string_append_c (reader->field, *reader->p++);
    }
}

static gboolean
read_unquoted (Reader  *reader,
               GError **error)
{
  while (reader->p < reader->end && *reader->p != ',' && *reader->p != '\n' &&
         !(*reader->p == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n'))
    {
      if (*reader->p == '"')
        return syntax_error (reader->line, _("a quote inside a field that does not start with one."),
                             error);
      g_string_append_c (reader->field, *reader->p++);
    }
  return TRUE;
}

/* Reads one field and what ends it; FALSE at the end of the data. */
static gboolean
read_field (Reader    *reader,
            gboolean  *more,
            GError   **error)
{
  gboolean ok;

  if (reader->p < reader->end && *reader->p == '"')
    ok = read_quoted (reader, error);
  else
    ok = read_unquoted (reader, error);
  if (!ok)
    return FALSE;

  if (reader->p >= reader->end)
    {
      end_record (reader);
      *more = FALSE;
    }
  else if (*reader->p == ',')
    {
      reader->p++;
      end_field (reader);
      *more = TRUE;
    }
  else if (at_line_end (reader))
    {
      end_record (reader);
      reader->line++;
      /* A final line break ends the last record, it starts none. */
      *more = reader->p < reader->end;
    }
  else
    return syntax_error (reader->line, _("text after the closing quote of a field."), error);
  return TRUE;
}

GPtrArray *
sd_csv_parse (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Reader reader = { data, data + length, 1, field, fields, records };
  gboolean more = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!check_encoding (data, length, error))
    return NULL;
  if (length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    reader.p += 3;
  if (reader.p >= reader.end)
    {
      g_set_error_literal (error, SD_CSV_ERROR, SD_CSV_ERROR_EMPTY,
                           _("The file is empty: the first line must name the columns."));
      return NULL;
    }
  while (more)
    if (!read_field (&reader, &more, error))
      return NULL;
  return g_steal_pointer (&records);
}

/* Cells */

static gboolean
cell_error (GError     **error,
            const char  *format,
            ...) G_GNUC_PRINTF (2, 3);

static gboolean
cell_error (GError     **error,
            const char  *format,
            ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SD_CSV_ERROR, SD_CSV_ERROR_CELL, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* An optional sign, digits, and with @fraction an optional "." and digits. */
static gboolean
is_number (const char *text,
           gboolean    fraction)
{
  g_autofree char *integer_part = NULL;
  const char *point;

  if (*text == '-' || *text == '+')
    text++;
  point = fraction ? strchr (text, '.') : NULL;
  if (point == NULL)
    return all_digits (text);
  integer_part = g_strndup (text, point - text);
  return all_digits (integer_part) && all_digits (point + 1);
}

static gboolean
is_date (const char *text)
{
  g_auto(GStrv) parts = NULL;
  guint64 year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  if (!all_digits (parts[0]) || !all_digits (parts[1]) || !all_digits (parts[2]) ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* "YYYY-MM-DD HH:MM:SS" (China time) or ISO 8601 with "T" and an
 * optional offset. */
static gboolean
is_date_time (const char *text)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autofree char *iso = g_strdup (text);
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (strlen (iso) < 11 || (iso[10] != ' ' && iso[10] != 'T'))
    return FALSE;
  iso[10] = 'T';
  date = g_strndup (iso, 10);
  if (!is_date (date))
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (iso, china);
  return parsed != NULL;
}

static gboolean
is_logical (const char *text)
{
  static const char * const values[] = { "true", "false", "1", "0", "Y", "N", "是", "否" };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (text, values[i]))
      return TRUE;
  return FALSE;
}

static gboolean
check_type (const char  *type_code,
            const char  *value,
            GError     **error)
{
  gboolean ok = TRUE;

  if (g_strcmp0 (type_code, "N") == 0 || g_strcmp0 (type_code, "Y") == 0 ||
      g_strcmp0 (type_code, "B") == 0 || g_strcmp0 (type_code, "F") == 0)
    ok = is_number (value, TRUE);
  else if (g_strcmp0 (type_code, "I") == 0)
    ok = is_number (value, FALSE);
  else if (g_strcmp0 (type_code, "D") == 0)
    ok = is_date (value);
  else if (g_strcmp0 (type_code, "T") == 0)
    ok = is_date_time (value);
  else if (g_strcmp0 (type_code, "L") == 0)
    ok = is_logical (value);
  if (ok)
    return TRUE;
  return cell_error (error,
                     /* Translators: the first %s is a cell's value, the second a data type, e.g. "Date" */
                     _("“%s” is not a value of the type %s."),
                     value, sd_information_item_type_code_label (type_code));
}

/* The length of 字符型 and 备注型 items counts characters (a Chinese
 * character is one); of numbers, the digits and sign as written. Dates,
 * date-times and logical values have fixed forms. */
static gboolean
check_length (SdInformationItem  *item,
              const char         *value,
              GError            **error)
{
  const char *type_code = sd_information_item_get_type_code (item);
  guint length = sd_information_item_get_length (item);
  glong characters;

  if (length == 0 || g_strcmp0 (type_code, "D") == 0 || g_strcmp0 (type_code, "T") == 0 ||
      g_strcmp0 (type_code, "L") == 0)
    return TRUE;
  characters = g_utf8_strlen (value, -1);
  if (characters <= (glong) length)
    return TRUE;
  return cell_error (error,
                     /* Translators: the first %ld is the cell's length, the second %u the item's maximum */
                     _("The value has %ld characters; the information item allows at most %u."),
                     characters, length);
}

static gboolean
check_identifier (SdInformationItem  *item,
                  const char         *value,
                  const GDate        *today,
                  GError            **error)
{
  const char *kind = sd_information_item_get_identifier_kind (item);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  /* org-code, coordinates and city-code have no check characters the
   * regulations define: only their type and length are checked. */
  if (g_strcmp0 (kind, "uscc") == 0)
    ok = sd_identifier_validate_uscc (value, &local_error);
  else if (g_strcmp0 (kind, "ric") == 0)
    ok = sd_identifier_validate_ric (value, today, &local_error);
  if (ok)
    return TRUE;
  return cell_error (error, "%s", local_error->message);
}

gboolean
sd_csv_check_cell (SdInformationItem  *item,
                   const char         *value,
                   const GDate        *today,
                   GError            **error)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (item), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (*value == '\0')
    return TRUE;
  return check_type (sd_information_item_get_type_code (item), value, error) &&
         check_length (item, value, error) &&
         check_identifier (item, value, today, error);
}
