/* sd-csv.h — the CSV datasets providers upload, read and checked.
 *
 * The parser reads RFC 4180 CSV: fields separated by commas, records by
 * CRLF or LF, fields in double quotes may hold commas, line breaks and
 * doubled quotes (""). A UTF-8 byte order mark at the start is skipped.
 * The text must be UTF-8. A trailing line break ends the last record; it
 * does not start an empty one.
 *
 * The validator checks one cell against the catalogue's 信息项: its
 * national data type code, its length and, for identifiers, their check
 * characters (GB 32100 for 统一社会信用代码, GB 11643 for 居民身份证号码).
 * Only GLib: the parser has no idea of HTTP.
 */
#pragma once

#include <glib.h>

#include "sd-information-item.h"

G_BEGIN_DECLS

#define SD_CSV_ERROR (sd_csv_error_quark ())

typedef enum {
  SD_CSV_ERROR_ENCODING,   /* not UTF-8 */
  SD_CSV_ERROR_SYNTAX,     /* a quote where none may be, an unterminated quoted field */
  SD_CSV_ERROR_EMPTY,      /* no header row */
  SD_CSV_ERROR_CELL,       /* a cell does not fit its information item */
} SdCsvError;

GQuark     sd_csv_error_quark (void);

/* The records of @data (@length bytes), each a GStrv of its fields, the
 * header first; NULL with SD_CSV_ERROR naming the line (1-based) on
 * failure. An empty text is SD_CSV_ERROR_EMPTY. */
GPtrArray *sd_csv_parse       (const char  *data,
                               gsize        length,
                               GError     **error);

/* Whether @value fits @item. An empty value is a missing value and always
 * fits. @today bounds birth dates in 居民身份证号码 (NULL: the local date).
 * The message of SD_CSV_ERROR_CELL says what is wrong, translated. */
gboolean   sd_csv_check_cell  (SdInformationItem *item,
                               const char        *value,
                               const GDate       *today,
                               GError           **error);

G_END_DECLS
