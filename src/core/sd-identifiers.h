/* sd-identifiers.h — validators for the identifiers the regulations name.
 *
 * 统一社会信用代码 (GB 32100-2015), 居民身份证号码 (GB 11643-1999) and the
 * catalogue's 信息资源代码. Each validator returns FALSE with an
 * SD_IDENTIFIER_ERROR whose message says, in the user's language, exactly
 * what is wrong (which position, which character, which check character was
 * expected).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_IDENTIFIER_ERROR (sd_identifier_error_quark ())

typedef enum {
  SD_IDENTIFIER_ERROR_EMPTY,
  SD_IDENTIFIER_ERROR_LENGTH,
  SD_IDENTIFIER_ERROR_CHARACTER,   /* a character outside the allowed set */
  SD_IDENTIFIER_ERROR_CHECK,       /* wrong check character */
  SD_IDENTIFIER_ERROR_DATE,        /* birth date not a real date or in the future */
  SD_IDENTIFIER_ERROR_FORM,        /* structure (e.g. resource code separator) */
} SdIdentifierError;

GQuark    sd_identifier_error_quark            (void);

/* 18 characters from 0-9 A-H J-N P-R T U W-Y; the 18th is the GB 32100
 * check character over the first 17. Lower-case letters are refused (the
 * code is printed in upper case on every licence). */
gboolean  sd_identifier_validate_uscc           (const char  *value,
                                                 GError     **error);
/* The check character the first 17 characters call for, or 0 when they
 * are not 17 valid characters. */
char      sd_identifier_uscc_check_character    (const char  *first17);

/* 17 digits + check digit 0-9 or X (upper case). Digits 7-14 are the birth
 * date: it must be a real date, not after @today and not before 1900-01-01.
 * @today may be NULL for the current local date. */
gboolean  sd_identifier_validate_ric            (const char  *value,
                                                 const GDate *today,
                                                 GError     **error);
char      sd_identifier_ric_check_character     (const char  *first17);

/* A 信息资源代码: classification code (digits, class 1-3 then at least the
 * two-digit 项) + "/" + a six-digit sequence number other than 000000,
 * e.g. "3070211760000002004006/000033". */
gboolean  sd_identifier_validate_resource_code  (const char  *value,
                                                 GError     **error);
/* A classification code alone: digits only, first digit 1 (基础), 2 (主题)
 * or 3 (部门), at least 3 digits (类 + 项). */
gboolean  sd_identifier_validate_classification (const char  *value,
                                                 GError     **error);
/* The classification part of a valid resource code (newly allocated), or
 * NULL when @resource_code is not valid. */
char     *sd_identifier_resource_code_get_classification (const char *resource_code);
/* Formats "<classification>/<sequence padded to 6 digits>"; NULL when the
 * sequence is 0 or above 999999. */
char     *sd_identifier_resource_code_build     (const char  *classification,
                                                 guint        sequence);

G_END_DECLS
