/* sd-auth.c — passwords, session tokens and log-in throttling.
 *
 * The log-in path is written so that an attacker learns nothing from it
 * but "wrong": an unknown username costs the same argon2id verification
 * as a wrong password (against a dummy hash), counts towards the same
 * throttle and gets the same message.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sd-auth.h"
#include "sd-routes-private.h"

G_DEFINE_QUARK (sd-auth-error-quark, sd_auth_error)

#define TOKEN_BYTES 32
/* sodium_base64_ENCODED_LEN (32, URLSAFE_NO_PADDING) without the NUL. */
#define TOKEN_LENGTH 43
#define BEARER_PREFIX "Bearer "
#define USERNAME_MAX 64

gboolean
sd_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_FAILED,
                           _("The cryptography library (libsodium) could not be initialised."));
      return FALSE;
    }
  return TRUE;
}

char *
sd_auth_hash_password (const char  *password,
                       GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  /* argon2id is crypto_pwhash_str's default in libsodium 1.0.18; naming the
   * algorithm keeps it so whatever a later libsodium defaults to. */
  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_FAILED,
                           _("The password could not be hashed: not enough memory."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
sd_auth_verify_password (const char *hash,
                         const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
sd_auth_check_password_strength (const char  *password,
                                 GError     **error)
{
  glong length;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_WEAK_PASSWORD,
                           _("The password is not valid UTF-8 text."));
      return FALSE;
    }
  length = g_utf8_strlen (password, -1);
  if (length < SD_AUTH_MIN_PASSWORD)
    {
      g_set_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_WEAK_PASSWORD,
                   /* Translators: the first %ld is the password's length,
                    * the second the minimum */
                   _("The password has %ld characters; it needs at least %ld."),
                   length, (glong) SD_AUTH_MIN_PASSWORD);
      return FALSE;
    }
  return TRUE;
}

char *
sd_auth_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* A valid argon2id hash of a random password nobody knows: what an unknown
 * username's password is verified against. */
static const char *
dummy_hash (void)
{
  static char *hash = NULL;

  if (g_once_init_enter (&hash))
    {
      unsigned char secret[16];
      char hex[sizeof secret * 2 + 1];
      char *value;

      randombytes_buf (secret, sizeof secret);
      sodium_bin2hex (hex, sizeof hex, secret, sizeof secret);
      value = sd_auth_hash_password (hex, NULL);
      /* Out of memory here: any string fails verification just the same. */
      g_once_init_leave (&hash, value != NULL ? value : g_strdup ("$argon2id$"));
    }
  return hash;
}

static char *
new_token (void)
{
  unsigned char random[TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (random, sizeof random);
  sodium_bin2base64 (encoded, sizeof encoded, random, sizeof random,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (random, sizeof random);
  return g_strdup (encoded);
}

static gboolean
is_token_syntax (const char *token)
{
  if (strlen (token) != TOKEN_LENGTH)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The token of an "Authorization: Bearer <token>" header (the scheme is
 * case-insensitive, RFC 9110 §11.1), or NULL. */
static const char *
token_from_header (const char  *authorization_header,
                   GError     **error)
{
  const char *token;

  if (authorization_header == NULL ||
      g_ascii_strncasecmp (authorization_header, BEARER_PREFIX, strlen (BEARER_PREFIX)) != 0)
    {
      g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_NO_TOKEN,
                           _("The request has no “Authorization: Bearer TOKEN” header: log in with POST /api/v1/session first."));
      return NULL;
    }
  token = authorization_header + strlen (BEARER_PREFIX);
  while (*token == ' ')
    token++;
  if (!is_token_syntax (token))
    {
      g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_NO_TOKEN,
                           _("The bearer token in the “Authorization” header is malformed: it must be the 43 characters the log-in returned."));
      return NULL;
    }
  return token;
}

gboolean
_sd_username_check (const char  *username,
                    GError     **error)
{
  gsize length = username != NULL ? strlen (username) : 0;

  if (length == 0 || length > USERNAME_MAX || !g_ascii_isalnum (username[0]))
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: %d is the maximum length */
                   _("A username has 1 to %d characters and starts with a letter or digit."),
                   USERNAME_MAX);
      return FALSE;
    }
  for (const char *p = username; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      {
        g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                     /* Translators: %s is the username */
                     _("The username “%s” may contain only lower-case letters a–z, digits, “.”, “_” and “-”."),
                     username);
        return FALSE;
      }
  return TRUE;
}

static void
audit_login_failure (SdStorage   *storage,
                     const char  *username,
                     const char  *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) error = NULL;
  /* A string that is no username is not written into the log as one. */
  gboolean plausible = _sd_username_check (username, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  if (!sd_storage_audit_append (storage, plausible ? username : "anonymous",
                                "session.login-failed", "user",
                                plausible ? username : NULL, detail, &error))
    g_warning ("Could not audit a failed log-in: %s", error->message);
}

/* Seconds until fewer than SD_AUTH_MAX_FAILURES failures remain in the
 * window. The storage only counts, so find by bisection the latest second
 * from which SD_AUTH_MAX_FAILURES failures are still counted: the user may
 * try again once that second has left the window. */
static guint
seconds_until_unthrottled (SdStorage  *storage,
                           const char *username,
                           GDateTime  *window_start)
{
  gint64 low = 0;                         /* count (start + low) >= max */
  gint64 high = SD_AUTH_FAILURE_WINDOW_S; /* count (start + high) < max, or the end */

  while (high - low > 1)
    {
      gint64 middle = low + (high - low) / 2;
      g_autoptr(GDateTime) since = g_date_time_add_seconds (window_start, (gdouble) middle);
      guint count = sd_storage_count_login_failures (storage, username, since, NULL);

      if (count >= SD_AUTH_MAX_FAILURES)
        low = middle;
      else
        high = middle;
    }
  return (guint) MAX (high, 1);
}

/* TRUE when @username may try to log in now. */
static gboolean
check_throttle (SdStorage   *storage,
                const char  *username,
                GDateTime   *now,
                guint       *retry_after_s,
                GError     **error)
{
  g_autoptr(GDateTime) window_start = g_date_time_add_seconds (now, -SD_AUTH_FAILURE_WINDOW_S);
  g_autoptr(GError) local_error = NULL;
  guint failures;
  guint wait;

  failures = sd_storage_count_login_failures (storage, username, window_start, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (failures < SD_AUTH_MAX_FAILURES)
    return TRUE;

  wait = seconds_until_unthrottled (storage, username, window_start);
  if (retry_after_s != NULL)
    *retry_after_s = wait;
  audit_login_failure (storage, username, "throttled");
  g_set_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_THROTTLED,
               /* Translators: %u is a number of seconds */
               _("Too many failed log-ins for this username: try again in %u seconds."),
               wait);
  return FALSE;
}

static void
set_bad_credentials (GError **error)
{
  g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_CREDENTIALS,
                       _("The username or the password is wrong."));
}

/* Records a failed attempt for the throttle and the audit log. */
static void
record_failure (SdStorage   *storage,
                const char  *username,
                GDateTime   *now,
                const char  *reason)
{
  g_autoptr(GError) error = NULL;

  /* A string that cannot be a username is refused the same way, but not
   * stored: it would let anyone fill the table with megabyte "names". */
  if (_sd_username_check (username, NULL) &&
      !sd_storage_record_login_failure (storage, username, now, &error))
    g_warning ("Could not record a failed log-in: %s", error->message);
  audit_login_failure (storage, username, reason);
}

/* The user whose password matches, or NULL with the error to report. The
 * same work is done whether or not the user exists. */
static SdUser *
check_credentials (SdStorage   *storage,
                   const char  *username,
                   const char  *password,
                   GDateTime   *now,
                   GError     **error)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(SdUser) user = NULL;

  if (_sd_username_check (username, NULL))
    user = sd_storage_get_user (storage, username, &lookup_error);
  if (lookup_error != NULL &&
      !g_error_matches (lookup_error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }

  if (!sd_auth_verify_password (user != NULL ? user->password_hash : dummy_hash (), password) ||
      user == NULL)
    {
      record_failure (storage, username, now, user == NULL ? "unknown-user" : "wrong-password");
      set_bad_credentials (error);
      return NULL;
    }
  /* Only someone who knows the password learns that the account is
   * disabled. */
  if (user->disabled)
    {
      audit_login_failure (storage, username, "disabled");
      g_set_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_DISABLED,
                   /* Translators: %s is a username */
                   _("The account “%s” is disabled: ask a platform administrator."),
                   username);
      return NULL;
    }
  return g_steal_pointer (&user);
}

static char *
create_token (SdStorage   *storage,
              SdUser      *user,
              GDateTime   *now,
              GDateTime  **expires,
              GError     **error)
{
  g_autofree char *token = new_token ();
  g_autofree char *token_hash = sd_auth_token_hash (token);
  g_autoptr(GDateTime) until = g_date_time_add_seconds (now, SD_AUTH_TOKEN_LIFETIME_S);

  if (!sd_storage_add_token (storage, token_hash, user->id, until, error))
    return NULL;
  if (expires != NULL)
    *expires = g_steal_pointer (&until);
  return g_steal_pointer (&token);
}

char *
sd_auth_login (SdStorage   *storage,
               const char  *username,
               const char  *password,
               GDateTime   *now,
               GDateTime  **expires,
               guint       *retry_after_s,
               GError     **error)
{
  g_autoptr(SdUser) user = NULL;
  g_autoptr(GError) clear_error = NULL;
  char *token;

  g_return_val_if_fail (SD_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (username != NULL && password != NULL && now != NULL, NULL);

  if (expires != NULL)
    *expires = NULL;
  if (retry_after_s != NULL)
    *retry_after_s = 0;

  if (!check_throttle (storage, username, now, retry_after_s, error))
    return NULL;
  user = check_credentials (storage, username, password, now, error);
  if (user == NULL)
    return NULL;

  if (!sd_storage_clear_login_failures (storage, username, &clear_error))
    g_warning ("Could not clear the failed log-ins of %s: %s", username, clear_error->message);
  token = create_token (storage, user, now, expires, error);
  if (token == NULL)
    return NULL;
  if (!sd_storage_audit_append (storage, user->username, "session.login", "user",
                                user->username, NULL, error))
    {
      g_autofree char *token_hash = sd_auth_token_hash (token);

      /* No session without its audit row. */
      sd_storage_revoke_token (storage, token_hash, NULL);
      g_clear_pointer (&token, g_free);
      if (expires != NULL)
        g_clear_pointer (expires, g_date_time_unref);
    }
  return token;
}

SdUser *
sd_auth_authenticate (SdStorage   *storage,
                      const char  *authorization_header,
                      GDateTime   *now,
                      GError     **error)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autofree char *token_hash = NULL;
  const char *token;
  SdUser *user;

  g_return_val_if_fail (SD_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  token = token_from_header (authorization_header, error);
  if (token == NULL)
    return NULL;
  token_hash = sd_auth_token_hash (token);
  user = sd_storage_lookup_token (storage, token_hash, now, &lookup_error);
  if (user != NULL)
    return user;
  if (g_error_matches (lookup_error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_TOKEN,
                         _("The session token is unknown, expired or revoked: log in again."));
  else
    g_propagate_error (error, g_steal_pointer (&lookup_error));
  return NULL;
}

gboolean
sd_auth_logout (SdStorage   *storage,
                const char  *authorization_header,
                GError     **error)
{
  g_autoptr(GError) revoke_error = NULL;
  g_autofree char *token_hash = NULL;
  const char *token;

  g_return_val_if_fail (SD_IS_STORAGE (storage), FALSE);

  token = token_from_header (authorization_header, error);
  if (token == NULL)
    return FALSE;
  token_hash = sd_auth_token_hash (token);
  if (sd_storage_revoke_token (storage, token_hash, &revoke_error))
    return TRUE;
  if (g_error_matches (revoke_error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    g_set_error_literal (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_TOKEN,
                         _("The session token is unknown, expired or revoked: log in again."));
  else
    g_propagate_error (error, g_steal_pointer (&revoke_error));
  return FALSE;
}
