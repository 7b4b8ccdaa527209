/* sd-json-guard.h — checks a request body before json-glib sees it.
 *
 * json-glib 1.6 (Debian 12) crashes on ~75,000 nested arrays and silently
 * accepts duplicate keys, integer overflow (99999999999999999999 → -1),
 * 1e400, strings cut at \u0000, trailing documents and an empty body. The
 * guard is a single-pass validating scanner of RFC 8259 JSON that refuses
 * all of these with a precise message (byte offset and JSON path), and only
 * then hands the bytes to json-glib.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SD_JSON_GUARD_ERROR (sd_json_guard_error_quark ())

typedef enum {
  SD_JSON_GUARD_ERROR_EMPTY,          /* no document at all */
  SD_JSON_GUARD_ERROR_TOO_LARGE,      /* more bytes than limits->max_bytes (HTTP 413) */
  SD_JSON_GUARD_ERROR_TOO_DEEP,       /* nesting beyond limits->max_depth */
  SD_JSON_GUARD_ERROR_INVALID_UTF8,
  SD_JSON_GUARD_ERROR_SYNTAX,         /* not JSON; message names the offset */
  SD_JSON_GUARD_ERROR_DUPLICATE_KEY,  /* a member twice in one object; names the path */
  SD_JSON_GUARD_ERROR_NUMBER,         /* integer outside ±(2^53-1), or not finite as a double */
  SD_JSON_GUARD_ERROR_NUL,            /* \u0000 in a string */
  SD_JSON_GUARD_ERROR_TRAILING,       /* anything but white space after the document */
  SD_JSON_GUARD_ERROR_TOO_MANY,       /* more than limits->max_members values in total */
} SdJsonGuardError;

GQuark sd_json_guard_error_quark (void);

typedef struct {
  gsize max_bytes;     /* default 1 MiB */
  guint max_depth;     /* default 32 */
  guint max_members;   /* values in the whole document; default 100,000 */
  guint max_string;    /* bytes in one string; default 64 KiB */
} SdJsonGuardLimits;

/* The limits used when NULL is passed. */
const SdJsonGuardLimits *sd_json_guard_default_limits (void);

/* TRUE when @data is exactly one JSON document within @limits. */
gboolean  sd_json_guard_check  (const char              *data,
                                gsize                    length,
                                const SdJsonGuardLimits *limits,
                                GError                 **error);
/* sd_json_guard_check(), then json-glib; returns the root node (owned). */
JsonNode *sd_json_guard_parse  (const char              *data,
                                gsize                    length,
                                const SdJsonGuardLimits *limits,
                                GError                 **error);

G_END_DECLS
