/* sd-auth.h — passwords, session tokens and log-in throttling.
 *
 * Passwords: argon2id through libsodium's crypto_pwhash_str (interactive
 * limits). Tokens: 256 random bits from libsodium, given to the client
 * base64url-encoded, stored only as their SHA-256; revoked on log-out and
 * when the user is disabled. Throttling: after SD_AUTH_MAX_FAILURES failed
 * log-ins of one username within SD_AUTH_FAILURE_WINDOW_S seconds, further
 * attempts are refused (HTTP 429 with Retry-After) until the window passes.
 */
#pragma once

#include <glib.h>

#include "sd-storage.h"

G_BEGIN_DECLS

#define SD_AUTH_ERROR (sd_auth_error_quark ())

typedef enum {
  SD_AUTH_ERROR_BAD_CREDENTIALS,  /* 401; same message for unknown user and wrong password */
  SD_AUTH_ERROR_THROTTLED,        /* 429 */
  SD_AUTH_ERROR_DISABLED,         /* 401 */
  SD_AUTH_ERROR_NO_TOKEN,         /* 401: missing or malformed Authorization header */
  SD_AUTH_ERROR_BAD_TOKEN,        /* 401: unknown, revoked or expired token */
  SD_AUTH_ERROR_WEAK_PASSWORD,    /* set-up: fewer than 12 characters */
  SD_AUTH_ERROR_FAILED,           /* libsodium failed (out of memory) */
} SdAuthError;

GQuark sd_auth_error_quark (void);

#define SD_AUTH_MAX_FAILURES       5
#define SD_AUTH_FAILURE_WINDOW_S   (15 * 60)
#define SD_AUTH_TOKEN_LIFETIME_S   (8 * 60 * 60)   /* one working day */
#define SD_AUTH_MIN_PASSWORD       12

/* Call once at start-up (sodium_init). */
gboolean  sd_auth_init             (GError     **error);
char     *sd_auth_hash_password    (const char  *password,
                                    GError     **error);
gboolean  sd_auth_verify_password  (const char  *hash,
                                    const char  *password);
gboolean  sd_auth_check_password_strength (const char *password,
                                           GError    **error);

/* Checks the throttle, the user and the password; on success creates a
 * token valid until *expires (both out). Records failures and audits
 * "session.login" / "session.login-failed". @retry_after_s is set when
 * throttled. */
char     *sd_auth_login            (SdStorage   *storage,
                                    const char  *username,
                                    const char  *password,
                                    GDateTime   *now,
                                    GDateTime  **expires,
                                    guint       *retry_after_s,
                                    GError     **error);
/* "Bearer <token>" → the user, or an SD_AUTH_ERROR. */
SdUser   *sd_auth_authenticate     (SdStorage   *storage,
                                    const char  *authorization_header,
                                    GDateTime   *now,
                                    GError     **error);
gboolean  sd_auth_logout           (SdStorage   *storage,
                                    const char  *authorization_header,
                                    GError     **error);
/* SHA-256 hex of a token as stored. */
char     *sd_auth_token_hash       (const char  *token);

G_END_DECLS
