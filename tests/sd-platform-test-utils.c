/* sd-platform-test-utils.c — a real platform on loopback for tests.
 *
 * The server lives in a thread of its own with its own GMainContext: it is
 * created, listens, serves and is destroyed there, so the test's thread
 * can block in soup_session_send_and_read() while the server answers.
 * Everything the two threads share is handed over under a mutex (start)
 * or after g_thread_join() (stop).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "sd-auth.h"
#include "sd-platform-routes.h"
#include "sd-platform-test-utils.h"

struct _SdTestPlatform {
  char                *dir;
  char                *db_path;
  char                *base_url;
  guint16              port;

  /* Handed to the server's thread. */
  SdPlatformLimits     limits;
  gboolean             has_limits;
  SdTestPlatformSetup  setup;
  gpointer             setup_data;

  GThread             *thread;
  GMainContext        *context;    /* the server's */
  GMainLoop           *loop;
  GMutex               mutex;
  GCond                cond;
  gboolean             ready;
  char                *failure;    /* why the server did not start */

  SoupSession         *session;
  SdPlatformServer    *server;     /* while it runs; under @mutex */
};

typedef struct {
  const char *username;
  const char *display_name;
  const char *department;
  SdRole      role;
} TestUser;

static const TestUser test_users[] = {
  { "provider-a", "提供部门甲的编目员", SD_TEST_USCC_PROVIDER, SD_ROLE_PROVIDER },
  { "consumer-a", "提供部门甲的申请人", SD_TEST_USCC_PROVIDER, SD_ROLE_CONSUMER },
  { "provider-b", "使用部门乙的编目员", SD_TEST_USCC_CONSUMER, SD_ROLE_PROVIDER },
  { "consumer-b", "使用部门乙的申请人", SD_TEST_USCC_CONSUMER, SD_ROLE_CONSUMER },
  { "support", "技术支持人员", NULL, SD_ROLE_SUPPORT },
  { "supervisor", "监督检查人员", NULL, SD_ROLE_SUPERVISOR },
  { "admin", "平台管理员", NULL, SD_ROLE_ADMIN },
};

static const char *
certs_dir (void)
{
  const char *dir = g_getenv ("SHAREDESK_TEST_CERTS");

  g_assert_nonnull (dir);
  return dir;
}

static char *
cert_path (const char *name)
{
  return g_build_filename (certs_dir (), name, NULL);
}

/* argon2id is slow on purpose, and every log-in verifies it: under the
 * sanitizers that made the platform tests take minutes. The test users'
 * hash is argon2id with libsodium's minimum cost instead (verification
 * reads the cost from the hash); the platform's own hashing, tested by
 * test-platform-session and -cli, keeps the interactive cost. */
static gpointer
hash_test_password (gpointer data)
{
  char *hash = g_malloc0 (crypto_pwhash_STRBYTES);

  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (crypto_pwhash_str_alg (hash, SD_TEST_PASSWORD, strlen (SD_TEST_PASSWORD),
                                          crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                          crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  return hash;
}

/* argon2id is slow on purpose; every test user has the same password, so
 * one hash (with its own salt) serves them all, for the whole process. */
static const char *
test_password_hash (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, hash_test_password, NULL);
}

/* The zh_CN catalogue of the build tree, so that Accept-Language: zh-CN
 * can be tested; the process itself stays in C.UTF-8. */
static void
bind_catalogue (void)
{
  static gsize bound;

  if (g_once_init_enter (&bound))
    {
      const char *localedir = g_getenv ("SHAREDESK_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }
}

static void
add_department (SdStorage  *storage,
                const char *uscc,
                const char *name,
                const char *responsible_person)
{
  SdDepartment department = {
    .uscc = (char *) uscc,
    .name = (char *) name,
    .responsible_person = (char *) responsible_person,
    .contact = (char *) "010-12345678",
  };
  g_autoptr(GError) error = NULL;

  sd_storage_add_department (storage, &department, &error);
  g_assert_no_error (error);
}

static void
add_user (SdStorage      *storage,
          const TestUser *test_user)
{
  SdUser user = {
    .username = (char *) test_user->username,
    .display_name = (char *) test_user->display_name,
    .department_uscc = (char *) test_user->department,
    .roles = SD_ROLE_MASK (test_user->role),
    .password_hash = (char *) test_password_hash (),
  };
  g_autoptr(GError) error = NULL;

  sd_storage_add_user (storage, &user, &error);
  g_assert_no_error (error);
}

/* Written by the test's thread before the server opens the file. */
static void
populate_storage (const char *db_path,
                  const char *profile_id)
{
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  storage = sd_storage_open (db_path, &error);
  g_assert_no_error (error);
  sd_storage_init_profile (storage, profile_id, &error);
  g_assert_no_error (error);

  add_department (storage, SD_TEST_USCC_PROVIDER, "测试提供部门", "张三");
  add_department (storage, SD_TEST_USCC_CONSUMER, "测试使用部门", "李四");
  for (gsize i = 0; i < G_N_ELEMENTS (test_users); i++)
    add_user (storage, &test_users[i]);
}

static void
server_thread_report (SdTestPlatform *platform,
                      guint16         port,
                      const GError   *error)
{
  g_mutex_lock (&platform->mutex);
  platform->port = port;
  if (error != NULL)
    platform->failure = g_strdup (error->message);
  platform->ready = TRUE;
  g_cond_signal (&platform->cond);
  g_mutex_unlock (&platform->mutex);
}

static SdPlatformServer *
server_thread_create (SdTestPlatform  *platform,
                      SdStorage      **storage,
                      GError         **error)
{
  g_autofree char *cert_file = cert_path ("server.pem");
  g_autofree char *key_file = cert_path ("server-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SdPlatformServer) server = NULL;

  *storage = sd_storage_open (platform->db_path, error);
  if (*storage == NULL)
    return NULL;
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    return NULL;
  server = sd_platform_server_new (*storage, certificate,
                                   platform->has_limits ? &platform->limits : NULL, error);
  if (server == NULL)
    return NULL;

  sd_platform_routes_register_all (server);
  if (platform->setup != NULL)
    platform->setup (server, platform->setup_data);

  if (!sd_platform_server_listen (server, "127.0.0.1", 0, error))
    return NULL;
  return g_steal_pointer (&server);
}

static gpointer
server_thread (gpointer user_data)
{
  SdTestPlatform *platform = user_data;
  g_autoptr(SdPlatformServer) server = NULL;
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (platform->context);

  server = server_thread_create (platform, &storage, &error);
  g_mutex_lock (&platform->mutex);
  platform->server = server;
  g_mutex_unlock (&platform->mutex);
  server_thread_report (platform, server != NULL ? sd_platform_server_get_port (server) : 0,
                        error);
  if (server != NULL)
    g_main_loop_run (platform->loop);

  g_mutex_lock (&platform->mutex);
  platform->server = NULL;
  g_mutex_unlock (&platform->mutex);
  if (server != NULL)
    sd_platform_server_disconnect (server);
  g_clear_object (&server);
  g_clear_object (&storage);
  /* libsoup finishes the connections it closed on the next iterations. */
  while (g_main_context_iteration (platform->context, FALSE))
    ;

  g_main_context_pop_thread_default (platform->context);
  return NULL;
}

SoupSession *
sd_test_platform_session_new (const char *ca_name)
{
  g_autofree char *ca_file = cert_path (ca_name);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  SoupSession *session;

  database = g_tls_file_database_new (ca_file, &error);
  g_assert_no_error (error);

  /* A generous timeout only so that a broken server fails the test
   * instead of hanging it. */
  session = soup_session_new_with_options ("timeout", 60, NULL);
  soup_session_set_tls_database (session, database);
  /* Loopback needs no proxy; and GIO's default resolver, which libsoup
   * would otherwise consult, aborts under G_TEST_OPTION_ISOLATE_DIRS (the
   * GNOME one finds no GSettings schemas). */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

SdTestPlatform *
sd_test_platform_start_with_setup (const char             *profile_id,
                                   const SdPlatformLimits *limits,
                                   SdTestPlatformSetup     setup,
                                   gpointer                user_data)
{
  SdTestPlatform *platform = g_new0 (SdTestPlatform, 1);
  g_autofree char *template = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (profile_id);

  sd_auth_init (&error);
  g_assert_no_error (error);
  bind_catalogue ();

  /* Under G_TEST_OPTION_ISOLATE_DIRS the data dir is the test's own and is
   * removed after it, so the database outlives _stop() for the test. */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  template = g_build_filename (g_get_user_data_dir (), "sharedesk-platform-XXXXXX", NULL);
  platform->dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (platform->dir);
  platform->db_path = g_build_filename (platform->dir, "platform.db", NULL);
  populate_storage (platform->db_path, profile_id);

  if (limits != NULL)
    {
      platform->limits = *limits;
      platform->has_limits = TRUE;
    }
  platform->setup = setup;
  platform->setup_data = user_data;
  g_mutex_init (&platform->mutex);
  g_cond_init (&platform->cond);
  platform->context = g_main_context_new ();
  platform->loop = g_main_loop_new (platform->context, FALSE);
  platform->thread = g_thread_new ("sd-test-platform", server_thread, platform);

  g_mutex_lock (&platform->mutex);
  while (!platform->ready)
    g_cond_wait (&platform->cond, &platform->mutex);
  g_mutex_unlock (&platform->mutex);

  if (platform->failure != NULL)
    g_error ("The test platform did not start: %s", platform->failure);
  g_assert_cmpuint (platform->port, !=, 0);

  platform->base_url = g_strdup_printf ("https://127.0.0.1:%u", platform->port);
  platform->session = sd_test_platform_session_new ("ca.pem");
  return platform;
}

SdTestPlatform *
sd_test_platform_start (const char             *profile_id,
                        const SdPlatformLimits *limits)
{
  return sd_test_platform_start_with_setup (profile_id, limits, NULL, NULL);
}

void
sd_test_platform_stop (SdTestPlatform *platform)
{
  if (platform == NULL)
    return;

  /* The client first: its connections close, the server sees them go. */
  g_clear_object (&platform->session);

  g_main_loop_quit (platform->loop);
  g_thread_join (platform->thread);

  g_main_loop_unref (platform->loop);
  g_main_context_unref (platform->context);
  g_mutex_clear (&platform->mutex);
  g_cond_clear (&platform->cond);
  g_free (platform->failure);
  g_free (platform->base_url);
  g_free (platform->db_path);
  g_free (platform->dir);
  g_free (platform);
}

const char *
sd_test_platform_base_url (SdTestPlatform *platform)
{
  return platform->base_url;
}

guint16
sd_test_platform_port (SdTestPlatform *platform)
{
  return platform->port;
}

const char *
sd_test_platform_db_path (SdTestPlatform *platform)
{
  return platform->db_path;
}

/* Owned by @platform: do not unref. */
SoupSession *
sd_test_platform_session (SdTestPlatform *platform)
{
  return platform->session;
}

void
sd_test_response_free (SdTestResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

static gboolean
media_type_is_json (const char *media_type)
{
  return media_type != NULL &&
         (g_str_equal (media_type, "application/json") || g_str_has_suffix (media_type, "+json"));
}

static SdTestResponse *
response_new (SoupMessage *msg,
              GBytes      *body)
{
  SdTestResponse *response = g_new0 (SdTestResponse, 1);
  const char *media_type;

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  media_type = soup_message_headers_get_content_type (response->headers, NULL);
  response->content_type = g_ascii_strdown (media_type != NULL ? media_type : "", -1);
  if (media_type == NULL)
    g_clear_pointer (&response->content_type, g_free);
  response->body = g_bytes_ref (body);

  if (media_type_is_json (response->content_type) && g_bytes_get_size (body) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(GError) error = NULL;

      response->json = json_from_string (text, &error);
      g_assert_no_error (error);
    }
  return response;
}

SdTestResponse *
sd_test_platform_request_full (SdTestPlatform     *platform,
                               const char         *method,
                               const char         *path,
                               const char         *token,
                               const char         *content_type,
                               GBytes             *request_body,
                               const char * const *headers)
{
  g_autofree char *uri = g_strconcat (platform->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request_headers;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (request_body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, request_body);

  body = soup_session_send_and_read (platform->session, msg, NULL, &error);
  g_assert_no_error (error);
  return response_new (msg, body);
}

SdTestResponse *
sd_test_platform_request (SdTestPlatform *platform,
                          const char     *method,
                          const char     *path,
                          const char     *token,
                          const char     *json_body)
{
  g_autoptr(GBytes) body = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return sd_test_platform_request_full (platform, method, path, token,
                                        "application/json", body, NULL);
}

void
sd_test_platform_set_today (SdTestPlatform *platform,
                            const char     *date)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) target = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int year = 0, month = 0, day = 0;

  g_assert_cmpint (sscanf (date, "%d-%d-%d", &year, &month, &day), ==, 3);
  /* 10:00 in Beijing: well inside the working day. */
  target = g_date_time_new (china, year, month, day, 10, 0, 0);
  g_assert_nonnull (target);
  g_mutex_lock (&platform->mutex);
  g_assert_nonnull (platform->server);
  sd_platform_server_set_clock_offset (platform->server, g_date_time_difference (target, now));
  g_mutex_unlock (&platform->mutex);
}

char *
sd_test_platform_login (SdTestPlatform *platform,
                        const char     *username)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SdTestResponse) response = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, SD_TEST_PASSWORD);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  response = sd_test_platform_request (platform, "POST", "/api/v1/session", NULL, body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  object = json_node_get_object (response->json);
  g_assert_true (json_object_has_member (object, "token"));
  g_assert_cmpstr (json_object_get_string_member (object, "token"), !=, "");
  return g_strdup (json_object_get_string_member (object, "token"));
}

void
sd_test_assert_problem (SdTestResponse *response,
                        guint           status,
                        const char     *type)
{
  JsonObject *problem;

  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->content_type, ==, "application/problem+json");
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));

  problem = json_node_get_object (response->json);
  g_assert_cmpstr (json_object_get_string_member_with_default (problem, "type", NULL), ==, type);
  g_assert_cmpint (json_object_get_int_member_with_default (problem, "status", 0), ==, status);
  g_assert_cmpstr (json_object_get_string_member_with_default (problem, "title", ""), !=, "");
  g_assert_cmpstr (json_object_get_string_member_with_default (problem, "detail", ""), !=, "");
}
