/* test-platform-session.c — log-in, tokens, throttling and log-out against
 * the real platform over HTTPS, and the password and token primitives of
 * sd-auth.c. */
#include "config.h"

#include <string.h>

#include "sd-auth.h"
#include "sd-platform-test-utils.h"

typedef struct {
  SdTestPlatform *platform;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start ("mot-2021", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sd_test_platform_stop (fixture->platform);
}

static JsonObject *
body_object (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static char *
login_body (const char *username,
            const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static SdTestResponse *
log_in (Fixture    *fixture,
        const char *username,
        const char *password)
{
  g_autofree char *body = login_body (username, password);

  return sd_test_platform_request (fixture->platform, "POST", "/api/v1/session", NULL, body);
}

static guint
status_with_authorization (Fixture    *fixture,
                           const char *authorization)
{
  g_autoptr(SoupSession) session = sd_test_platform_session_new ("ca.pem");
  g_autofree char *url = g_strconcat (sd_test_platform_base_url (fixture->platform), "/api/v1/me", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

/* --- sd-auth primitives --------------------------------------------------- */

static void
test_password_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sd_auth_hash_password ("correct-horse-battery", &error);
  g_autofree char *again = sd_auth_hash_password ("correct-horse-battery", &error);

  g_assert_no_error (error);
  /* argon2id, the algorithm the issue asks for, and salted. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (sd_auth_verify_password (hash, "correct-horse-battery"));
  g_assert_false (sd_auth_verify_password (hash, "correct-horse-batterz"));
  g_assert_false (sd_auth_verify_password (hash, ""));
  g_assert_false (sd_auth_verify_password ("not a hash", "correct-horse-battery"));
  g_assert_false (sd_auth_verify_password (NULL, "correct-horse-battery"));
}

typedef struct {
  const char *password;
  gboolean    strong;
} StrengthCase;

static const StrengthCase strength_cases[] = {
  { "", FALSE },
  { "short", FALSE },
  { "elevenchars", FALSE },
  { "twelve-chars", TRUE },
  /* Characters, not bytes: eleven Chinese characters are 33 bytes. */
  { "政务数据共享工作台密码", FALSE },
  { "政务数据共享工作台密码好", TRUE },
};

static void
test_password_strength (gconstpointer data)
{
  const StrengthCase *strength = data;
  g_autoptr(GError) error = NULL;
  gboolean strong = sd_auth_check_password_strength (strength->password, &error);

  g_assert_cmpint (strong, ==, strength->strong);
  if (strength->strong)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_WEAK_PASSWORD);
      g_assert_nonnull (strstr (error->message, "at least 12"));
    }
}

static void
test_token_hash (void)
{
  g_autofree char *hash = sd_auth_token_hash ("abc");

  /* SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
  g_assert_cmpstr (hash, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* Retry-After is exact: the seconds until fewer than the limit of failures
 * remain in the window. Driven straight through sd_auth_login() with a
 * chosen "now". */
typedef struct {
  int   ages_s[8];     /* how long ago each failure was, 0-terminated */
  guint retry_after;   /* 0: not throttled */
} ThrottleCase;

static const ThrottleCase throttle_cases[] = {
  /* The oldest of five, 600 s ago, leaves the 900 s window in 300 s; at
   * exactly 300 s it is still "at or after" the window's start. */
  { { 600, 500, 400, 300, 200 }, 301 },
  /* Six: the limit is kept until the second oldest (700 s) leaves. */
  { { 800, 700, 500, 400, 300, 200 }, 201 },
  /* Four in the window, one that has left it: not throttled. */
  { { 1000, 500, 400, 300, 200 }, 0 },
  { { 1 }, 0 },
};

static void
test_throttle_retry_after (gconstpointer data)
{
  const ThrottleCase *throttle = data;
  g_autofree char *path = NULL;
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_later = NULL;
  guint retry_after = 0;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  path = g_build_filename (g_get_user_data_dir (), "throttle.db", NULL);
  storage = sd_storage_open (path, &error);
  g_assert_no_error (error);
  sd_storage_init_profile (storage, "mot-2021", &error);
  g_assert_no_error (error);
  for (gsize i = 0; throttle->ages_s[i] != 0; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (now, -throttle->ages_s[i]);

      sd_storage_record_login_failure (storage, "someone", at, &error);
      g_assert_no_error (error);
    }

  token = sd_auth_login (storage, "someone", "whatever-it-is", now, &expires, &retry_after, &error);
  g_assert_null (token);
  g_assert_null (expires);
  if (throttle->retry_after == 0)
    {
      g_assert_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_CREDENTIALS);
      g_assert_cmpuint (retry_after, ==, 0);
      return;
    }
  g_assert_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_THROTTLED);
  g_assert_cmpuint (retry_after, ==, throttle->retry_after);
  g_clear_error (&error);

  /* Once that time has passed, the log-in is looked at again. */
  later = g_date_time_add_seconds (now, retry_after);
  token_later = sd_auth_login (storage, "someone", "whatever-it-is", later, NULL, &retry_after, &error);
  g_assert_null (token_later);
  g_assert_error (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_CREDENTIALS);
}

/* --- log-in ------------------------------------------------------------- */

static void
test_login_ok (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SdTestResponse) response = log_in (fixture, "provider-a", SD_TEST_PASSWORD);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  JsonObject *object, *user;
  JsonArray *roles;
  const char *token;
  GTimeSpan lifetime;

  g_assert_cmpuint (response->status, ==, 201);
  object = body_object (response);
  token = json_object_get_string_member (object, "token");
  /* 256 random bits, base64url without padding. */
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==, "no-store");

  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "expires"), NULL);
  g_assert_nonnull (expires);
  lifetime = g_date_time_difference (expires, now) / G_TIME_SPAN_SECOND;
  /* Eight hours from the log-in, give or take the time the test took. */
  g_assert_cmpint (lifetime, >, SD_AUTH_TOKEN_LIFETIME_S - 600);
  g_assert_cmpint (lifetime, <=, SD_AUTH_TOKEN_LIFETIME_S);

  user = json_object_get_object_member (object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "provider-a");
  g_assert_cmpstr (json_object_get_string_member (user, "department"), ==, SD_TEST_USCC_PROVIDER);
  g_assert_false (json_object_get_boolean_member (user, "disabled"));
  g_assert_false (json_object_has_member (user, "password_hash"));
  roles = json_object_get_array_member (user, "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "provider");
}

static void
test_login_failures_look_alike (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(SdTestResponse) wrong = log_in (fixture, "provider-a", "not-the-password");
  g_autoptr(SdTestResponse) unknown = log_in (fixture, "nobody-here", SD_TEST_PASSWORD);
  g_autoptr(SdTestResponse) not_a_name = log_in (fixture, "Not A Name!", SD_TEST_PASSWORD);
  const char *detail;

  sd_test_assert_problem (wrong, 401, SD_PROBLEM_UNAUTHENTICATED);
  sd_test_assert_problem (unknown, 401, SD_PROBLEM_UNAUTHENTICATED);
  sd_test_assert_problem (not_a_name, 401, SD_PROBLEM_UNAUTHENTICATED);
  detail = json_object_get_string_member (body_object (wrong), "detail");
  g_assert_cmpstr (detail, ==, "The username or the password is wrong.");
  g_assert_cmpstr (json_object_get_string_member (body_object (unknown), "detail"), ==, detail);
  g_assert_cmpstr (json_object_get_string_member (body_object (not_a_name), "detail"), ==, detail);
}

typedef struct {
  const char *body;
  guint       status;
  const char *type;
  const char *field;
} BadLoginCase;

static const BadLoginCase bad_login_cases[] = {
  { "{\"username\": \"provider-a\"}", 422, SD_PROBLEM_VALIDATION, "password" },
  { "{\"username\": \"\", \"password\": \"x\"}", 422, SD_PROBLEM_VALIDATION, "username" },
  { "{\"username\": \"provider-a\", \"password\": 12345678901234}", 400, SD_PROBLEM_BAD_REQUEST, "password" },
  { "{\"username\": [\"provider-a\"], \"password\": \"x\"}", 400, SD_PROBLEM_BAD_REQUEST, "username" },
  { "{\"username\": \"provider-a\", \"password\": \"x\", \"remember\": true}", 400, SD_PROBLEM_BAD_REQUEST, "remember" },
  { "[\"provider-a\", \"x\"]", 400, SD_PROBLEM_BAD_REQUEST, NULL },
};

static void
test_login_bad_body (Fixture       *fixture,
                     gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_login_cases); i++)
    {
      const BadLoginCase *bad = &bad_login_cases[i];
      g_autoptr(SdTestResponse) response = NULL;
      JsonObject *problem;

      g_test_message ("body: %s", bad->body);
      response = sd_test_platform_request (fixture->platform, "POST", "/api/v1/session", NULL, bad->body);
      sd_test_assert_problem (response, bad->status, bad->type);
      problem = body_object (response);
      g_assert_cmpstr (json_object_get_string_member_with_default (problem, "field", NULL),
                       ==, bad->field);
    }
}

static void
test_throttling (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SdTestResponse) blocked = NULL;
  g_autoptr(SdTestResponse) other = NULL;
  g_autoptr(SdTestResponse) unknown = NULL;
  const char *retry_after;
  guint64 seconds = 0;

  for (guint i = 0; i < SD_AUTH_MAX_FAILURES; i++)
    {
      g_autoptr(SdTestResponse) response = log_in (fixture, "consumer-a", "guess-number-one");

      sd_test_assert_problem (response, 401, SD_PROBLEM_UNAUTHENTICATED);
    }
  /* Even the right password is refused during the window. */
  blocked = log_in (fixture, "consumer-a", SD_TEST_PASSWORD);
  sd_test_assert_problem (blocked, 429, SD_PROBLEM_THROTTLED);
  retry_after = soup_message_headers_get_one (blocked->headers, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_true (g_ascii_string_to_unsigned (retry_after, 10, 1, SD_AUTH_FAILURE_WINDOW_S,
                                             &seconds, NULL));
  g_assert_nonnull (strstr (json_object_get_string_member (body_object (blocked), "detail"),
                            retry_after));

  /* Another account is not affected. */
  other = log_in (fixture, "consumer-b", SD_TEST_PASSWORD);
  g_assert_cmpuint (other->status, ==, 201);

  /* Unknown usernames are throttled alike, so a 429 says nothing about
   * whether the account exists. */
  for (guint i = 0; i < SD_AUTH_MAX_FAILURES; i++)
    {
      g_autoptr(SdTestResponse) response = log_in (fixture, "no-such-user", "guess-number-one");

      sd_test_assert_problem (response, 401, SD_PROBLEM_UNAUTHENTICATED);
    }
  unknown = log_in (fixture, "no-such-user", "guess-number-one");
  sd_test_assert_problem (unknown, 429, SD_PROBLEM_THROTTLED);
}

/* A success clears the failures: four, a success, four more — no 429. */
static void
test_success_resets_throttle (Fixture       *fixture,
                              gconstpointer  data)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(SdTestResponse) success = NULL;

      for (guint i = 0; i < SD_AUTH_MAX_FAILURES - 1; i++)
        {
          g_autoptr(SdTestResponse) response = log_in (fixture, "provider-b", "guess-number-two");

          sd_test_assert_problem (response, 401, SD_PROBLEM_UNAUTHENTICATED);
        }
      success = log_in (fixture, "provider-b", SD_TEST_PASSWORD);
      g_assert_cmpuint (success->status, ==, 201);
    }
}

/* --- tokens ------------------------------------------------------------- */

static void
test_me (Fixture       *fixture,
         gconstpointer  data)
{
  g_autofree char *token = sd_test_platform_login (fixture->platform, "consumer-b");
  g_autofree char *admin_token = sd_test_platform_login (fixture->platform, "admin");
  g_autoptr(SdTestResponse) me = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_autoptr(SdTestResponse) admin = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", admin_token, NULL);
  JsonObject *user, *department, *admin_user;

  g_assert_cmpuint (me->status, ==, 200);
  user = json_object_get_object_member (body_object (me), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "consumer-b");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (user, "roles"), 0),
                   ==, "consumer");
  department = json_object_get_object_member (body_object (me), "department");
  g_assert_cmpstr (json_object_get_string_member (department, "uscc"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_nonnull (json_object_get_string_member (department, "name"));

  /* Platform staff have no department. */
  g_assert_cmpuint (admin->status, ==, 200);
  admin_user = json_object_get_object_member (body_object (admin), "user");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (admin_user, "roles"), 0),
                   ==, "admin");
  g_assert_true (json_object_get_null_member (body_object (admin), "department"));
}

static void
test_bad_authorization (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *token = sd_test_platform_login (fixture->platform, "provider-a");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *lower = g_strconcat ("bearer ", token, NULL);
  g_autofree char *basic = g_strconcat ("Basic ", token, NULL);
  g_autofree char *truncated = g_strndup (bearer, strlen (bearer) - 1);
  /* The right length and alphabet, but never issued. */
  const char *forged = "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  g_autoptr(SdTestResponse) none = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", NULL, NULL);

  g_assert_cmpuint (status_with_authorization (fixture, bearer), ==, 200);
  /* The scheme is case-insensitive (RFC 9110). */
  g_assert_cmpuint (status_with_authorization (fixture, lower), ==, 200);
  g_assert_cmpuint (status_with_authorization (fixture, basic), ==, 401);
  g_assert_cmpuint (status_with_authorization (fixture, truncated), ==, 401);
  g_assert_cmpuint (status_with_authorization (fixture, forged), ==, 401);
  g_assert_cmpuint (status_with_authorization (fixture, "Bearer"), ==, 401);
  sd_test_assert_problem (none, 401, SD_PROBLEM_UNAUTHENTICATED);
}

/* Tokens are stored hashed: the database knows the SHA-256, not the token. */
static void
test_token_stored_hashed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *token = sd_test_platform_login (fixture->platform, "supervisor");
  g_autofree char *hash = sd_auth_token_hash (token);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) user = NULL;
  g_autoptr(SdUser) by_raw = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  storage = sd_storage_open (sd_test_platform_db_path (fixture->platform), &error);
  g_assert_no_error (error);
  user = sd_storage_lookup_token (storage, hash, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->username, ==, "supervisor");
  by_raw = sd_storage_lookup_token (storage, token, now, &error);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_assert_null (by_raw);
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = sd_test_platform_login (fixture->platform, "provider-a");
  g_autofree char *other = sd_test_platform_login (fixture->platform, "provider-a");
  g_autoptr(SdTestResponse) before = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_autoptr(SdTestResponse) logout = sd_test_platform_request (fixture->platform, "DELETE", "/api/v1/session", token, NULL);
  g_autoptr(SdTestResponse) after = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_autoptr(SdTestResponse) again = sd_test_platform_request (fixture->platform, "DELETE", "/api/v1/session", token, NULL);
  g_autoptr(SdTestResponse) still = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", other, NULL);

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpuint (logout->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (logout->body), ==, 0);
  sd_test_assert_problem (after, 401, SD_PROBLEM_UNAUTHENTICATED);
  sd_test_assert_problem (again, 401, SD_PROBLEM_UNAUTHENTICATED);
  /* Only the presented token ends: the user's other session goes on. */
  g_assert_cmpuint (still->status, ==, 200);
}

static SdTestResponse *
patch_user (Fixture    *fixture,
            const char *admin_token,
            const char *username,
            const char *body)
{
  g_autofree char *path = g_strconcat ("/api/v1/users/", username, NULL);

  return sd_test_platform_request (fixture->platform, "PATCH", path, admin_token, body);
}

static void
test_disabled_user (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *admin = sd_test_platform_login (fixture->platform, "admin");
  g_autofree char *token = sd_test_platform_login (fixture->platform, "provider-b");
  g_autoptr(SdTestResponse) before = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_autoptr(SdTestResponse) disable = patch_user (fixture, admin, "provider-b", "{\"disabled\": true}");
  g_autoptr(SdTestResponse) after = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_autoptr(SdTestResponse) login = log_in (fixture, "provider-b", SD_TEST_PASSWORD);
  g_autoptr(SdTestResponse) guess = log_in (fixture, "provider-b", "a-wrong-password");
  g_autoptr(SdTestResponse) enable = NULL;
  g_autoptr(SdTestResponse) login_again = NULL;
  g_autoptr(SdTestResponse) old_token = NULL;

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpuint (disable->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (body_object (disable), "disabled"));
  /* At once: the token that worked a moment ago is refused. */
  sd_test_assert_problem (after, 401, SD_PROBLEM_UNAUTHENTICATED);
  /* Whoever knows the password learns why; a guesser does not. */
  sd_test_assert_problem (login, 401, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_nonnull (strstr (json_object_get_string_member (body_object (login), "detail"), "disabled"));
  sd_test_assert_problem (guess, 401, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_cmpstr (json_object_get_string_member (body_object (guess), "detail"),
                   ==, "The username or the password is wrong.");

  enable = patch_user (fixture, admin, "provider-b", "{\"disabled\": false}");
  g_assert_cmpuint (enable->status, ==, 200);
  login_again = log_in (fixture, "provider-b", SD_TEST_PASSWORD);
  g_assert_cmpuint (login_again->status, ==, 201);
  /* Enabling does not bring the revoked token back. */
  old_token = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  sd_test_assert_problem (old_token, 401, SD_PROBLEM_UNAUTHENTICATED);
}

/* A token past its expiry, written straight into the storage. */
static void
test_expired_token (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *expired = "expired-token-expired-token-expired-token-x";
  const char *valid = "valid-token-valid-token-valid-token-valid-x";
  g_autofree char *expired_hash = sd_auth_token_hash (expired);
  g_autofree char *valid_hash = sd_auth_token_hash (valid);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) future = g_date_time_add_hours (now, 1);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) user = NULL;
  g_autoptr(SdTestResponse) expired_me = NULL;
  g_autoptr(SdTestResponse) valid_me = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (expired), ==, 43);
  g_assert_cmpuint (strlen (valid), ==, 43);
  storage = sd_storage_open (sd_test_platform_db_path (fixture->platform), &error);
  g_assert_no_error (error);
  user = sd_storage_get_user (storage, "consumer-a", &error);
  g_assert_no_error (error);
  sd_storage_add_token (storage, expired_hash, user->id, past, &error);
  g_assert_no_error (error);
  sd_storage_add_token (storage, valid_hash, user->id, future, &error);
  g_assert_no_error (error);

  expired_me = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", expired, NULL);
  sd_test_assert_problem (expired_me, 401, SD_PROBLEM_UNAUTHENTICATED);
  /* The same way of making a token gives a working one when it is in date. */
  valid_me = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", valid, NULL);
  g_assert_cmpuint (valid_me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body_object (valid_me), "user"),
                                                  "username"), ==, "consumer-a");
}

/* Every session event is in the audit log. */
static void
test_session_audited (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SdTestResponse) failed = log_in (fixture, "consumer-b", "a-wrong-password");
  g_autofree char *token = sd_test_platform_login (fixture->platform, "consumer-b");
  g_autoptr(SdTestResponse) logout = sd_test_platform_request (fixture->platform, "DELETE", "/api/v1/session", token, NULL);
  g_autofree char *admin = sd_test_platform_login (fixture->platform, "admin");
  g_autoptr(SdTestResponse) audit = sd_test_platform_request (fixture->platform, "GET",
                                                              "/api/v1/audit?limit=1000", admin, NULL);
  const char *expected[] = { "session.login-failed", "session.login", "session.logout" };
  JsonArray *records;
  gsize found = 0;

  g_assert_cmpuint (logout->status, ==, 204);
  g_assert_cmpuint (audit->status, ==, 200);
  records = json_object_get_array_member (body_object (audit), "records");
  /* In this order, by consumer-b. */
  for (guint i = 0; i < json_array_get_length (records) && found < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "actor"), "consumer-b") == 0 &&
          g_strcmp0 (json_object_get_string_member (record, "action"), expected[found]) == 0)
        found++;
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));
}

#define add_platform_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sd_auth_init (&error);
  g_assert_no_error (error);

  g_test_add_func ("/platform/session/password-hash", test_password_hash);
  for (gsize i = 0; i < G_N_ELEMENTS (strength_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/session/password-strength/%zu", i);

      g_test_add_data_func (path, &strength_cases[i], test_password_strength);
    }
  g_test_add_func ("/platform/session/token-hash", test_token_hash);
  for (gsize i = 0; i < G_N_ELEMENTS (throttle_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/session/throttle-retry-after/%zu", i);

      g_test_add_data_func (path, &throttle_cases[i], test_throttle_retry_after);
    }

  add_platform_test ("/platform/session/login", test_login_ok);
  add_platform_test ("/platform/session/login-failures-look-alike", test_login_failures_look_alike);
  add_platform_test ("/platform/session/login-bad-body", test_login_bad_body);
  add_platform_test ("/platform/session/throttling", test_throttling);
  add_platform_test ("/platform/session/success-resets-throttle", test_success_resets_throttle);
  add_platform_test ("/platform/session/me", test_me);
  add_platform_test ("/platform/session/bad-authorization", test_bad_authorization);
  add_platform_test ("/platform/session/token-stored-hashed", test_token_stored_hashed);
  add_platform_test ("/platform/session/logout", test_logout);
  add_platform_test ("/platform/session/disabled-user", test_disabled_user);
  add_platform_test ("/platform/session/expired-token", test_expired_token);
  add_platform_test ("/platform/session/audited", test_session_audited);
  return g_test_run ();
}
