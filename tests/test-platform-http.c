/* test-platform-http.c — the platform's HTTP plumbing and its guards,
 * over real HTTPS on loopback: TLS only, the router's 404/405, 415, 401
 * and 403, the body limit (declared and chunked), the JSON guard, the
 * request and idle timeouts, the response language and Cache-Control.
 *
 * The routes exercised are registered by this file on the server
 * (sd_test_platform_start_with_setup), so only log-in comes from the
 * platform's own resources.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-json-guard.h"
#include "sd-platform-test-utils.h"

/* Requests the test routes handled, counted in the server's thread. */
static gint handled_requests;

/* ------------------------------------------------------------------ */
/* Test-only routes                                                   */

static void
echo_cb (SdPlatformServer  *server,
         SdPlatformRequest *request,
         gpointer           user_data)
{
  g_atomic_int_inc (&handled_requests);
  sd_platform_request_respond_json (request, SOUP_STATUS_OK, sd_platform_request_get_body (request));
}

static void
respond_ok (SdPlatformRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sd_platform_request_respond_json (request, 0, root);
}

static void
ok_cb (SdPlatformServer  *server,
       SdPlatformRequest *request,
       gpointer           user_data)
{
  g_atomic_int_inc (&handled_requests);
  respond_ok (request);
}

static void
item_cb (SdPlatformServer  *server,
         SdPlatformRequest *request,
         gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_atomic_int_inc (&handled_requests);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, sd_platform_request_get_param (request, "id"));
  json_builder_set_member_name (builder, "q");
  json_builder_add_string_value (builder, sd_platform_request_get_query (request, "q"));
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, sd_platform_request_get_user (request)->username);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sd_platform_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
add_test_routes (SdPlatformServer *server,
                 gpointer          user_data)
{
  sd_platform_server_add_route (server, "POST", "/api/v1/test/echo", SD_ROUTE_PUBLIC, 0,
                                echo_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/test/count", SD_ROUTE_PUBLIC, 0,
                                ok_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/test/admin-only", SD_ROUTE_AUTHENTICATED,
                                SD_ROLE_MASK (SD_ROLE_ADMIN), ok_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/test/items/{id}", SD_ROUTE_AUTHENTICATED, 0,
                                item_cb, NULL);
  sd_platform_server_add_route (server, "PUT", "/api/v1/test/items/{id}", SD_ROUTE_AUTHENTICATED, 0,
                                item_cb, NULL);
  /* More specific than {id}: wins for this one path. */
  sd_platform_server_add_route (server, "GET", "/api/v1/test/items/special", SD_ROUTE_PUBLIC, 0,
                                ok_cb, NULL);
}

static SdTestPlatform *
start_platform (const SdPlatformLimits *limits)
{
  g_atomic_int_set (&handled_requests, 0);
  return sd_test_platform_start_with_setup ("mot-2021", limits, add_test_routes, NULL);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

static SoupMessage *
message_new (SdTestPlatform *platform,
             const char     *method,
             const char     *path)
{
  g_autofree char *uri = g_strconcat (sd_test_platform_base_url (platform), path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  return msg;
}

static SdTestResponse *
send_message (SdTestPlatform *platform,
              SoupMessage    *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SdTestResponse *response = g_new0 (SdTestResponse, 1);
  const char *media_type;

  body = soup_session_send_and_read (sd_test_platform_session (platform), msg, NULL, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  media_type = soup_message_headers_get_content_type (response->headers, NULL);
  response->content_type = g_strdup (media_type);
  response->body = g_bytes_ref (body);
  if (media_type != NULL && g_str_has_suffix (media_type, "json") && g_bytes_get_size (body) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      response->json = json_from_string (text, &error);
      g_assert_no_error (error);
    }
  return response;
}

static SdTestResponse *
post_body (SdTestPlatform *platform,
           const char     *path,
           const char     *content_type,
           const char     *body,
           gsize           length)
{
  g_autoptr(SoupMessage) msg = message_new (platform, "POST", path);
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);

  soup_message_set_request_body_from_bytes (msg, content_type, bytes);
  return send_message (platform, msg);
}

static const char *
problem_member (SdTestResponse *response,
                const char     *name)
{
  g_assert_nonnull (response->json);
  return json_object_get_string_member_with_default (json_node_get_object (response->json),
                                                     name, NULL);
}

static const char *
header (SdTestResponse *response,
        const char     *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static char *
cert_path (const char *name)
{
  return g_build_filename (g_getenv ("SHAREDESK_TEST_CERTS"), name, NULL);
}

/* ------------------------------------------------------------------ */
/* A raw TLS client, for what SoupSession will not do: trickle bytes,  */
/* stream an endless body, keep a connection idle                      */

typedef struct {
  GSocketConnection *tcp;
  GIOStream         *tls;
  GSocket           *socket;
} RawClient;

static void
raw_client_free (RawClient *client)
{
  if (client->tls != NULL)
    g_io_stream_close (client->tls, NULL, NULL);
  g_clear_object (&client->tls);
  g_clear_object (&client->tcp);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawClient, raw_client_free)

static RawClient *
raw_client_connect_tcp (SdTestPlatform *platform)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  RawClient *client = g_new0 (RawClient, 1);

  /* Loopback: no proxy, and no default proxy resolver (see
   * sd_test_platform_session_new()). */
  g_socket_client_set_enable_proxy (socket_client, FALSE);

  client->tcp = g_socket_client_connect_to_host (socket_client, "127.0.0.1",
                                                 sd_test_platform_port (platform), NULL, &error);
  g_assert_no_error (error);
  client->socket = g_socket_connection_get_socket (client->tcp);
  /* Only so that a server that never answers fails the test instead of
   * hanging it. */
  g_socket_set_timeout (client->socket, 30);
  return client;
}

static RawClient *
raw_client_connect (SdTestPlatform *platform)
{
  g_autofree char *ca_file = cert_path ("ca.pem");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  RawClient *client = raw_client_connect_tcp (platform);

  database = g_tls_file_database_new (ca_file, &error);
  g_assert_no_error (error);
  identity = g_network_address_new ("127.0.0.1", sd_test_platform_port (platform));
  client->tls = g_tls_client_connection_new (G_IO_STREAM (client->tcp), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (client->tls), database);
  /* The server closes idle connections with a plain FIN. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (client->tls), FALSE);
  g_tls_connection_handshake (G_TLS_CONNECTION (client->tls), NULL, &error);
  g_assert_no_error (error);
  return client;
}

static void
raw_client_write (RawClient  *client,
                  const char *data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (client->tls), data, strlen (data),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads one response: headers, then a body of Content-Length bytes. */
static char *
raw_client_read_response (RawClient *client,
                          guint     *status)
{
  GInputStream *input = g_io_stream_get_input_stream (client->tls);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  const char *end = NULL;
  gsize header_length;
  goffset body_length;

  while ((end = strstr (text->str, "\r\n\r\n")) == NULL)
    {
      g_autoptr(GError) error = NULL;
      char buffer[4096];
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buffer, n);
    }
  header_length = end - text->str + 4;
  g_assert_true (soup_headers_parse_response (text->str, header_length, headers, NULL, status, NULL));
  body_length = soup_message_headers_get_content_length (headers);

  while (text->len < header_length + body_length)
    {
      g_autoptr(GError) error = NULL;
      char buffer[4096];
      gssize n = g_input_stream_read (input, buffer,
                                      MIN (sizeof buffer, header_length + body_length - text->len),
                                      NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buffer, n);
    }
  return g_strndup (text->str + header_length, body_length);
}

/* TRUE when the server closed the connection: end of stream, or the
 * reset of a lingering close that gave up. Fails on a timeout. */
static gboolean
raw_client_sees_close (RawClient *client)
{
  g_autoptr(GError) error = NULL;
  char buffer[256];
  gssize n = g_input_stream_read (g_io_stream_get_input_stream (client->tls),
                                  buffer, sizeof buffer, NULL, &error);

  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  return n <= 0;
}

/* ------------------------------------------------------------------ */
/* TLS only                                                           */

static void
test_plain_http_refused (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/api/v1/test/count",
                                          sd_test_platform_port (platform));
  g_autoptr(SoupSession) session = sd_test_platform_session_new ("ca.pem");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_test_message ("plain HTTP: %s", error->message);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NONE);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  sd_test_platform_stop (platform);
}

static void
test_wrong_ca_refused (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *uri = g_strconcat (sd_test_platform_base_url (platform), "/api/v1/test/count", NULL);
  g_autoptr(SoupSession) session = sd_test_platform_session_new ("other-ca.pem");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(SdTestResponse) trusted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NONE);
  /* Nothing reached a handler. */
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  /* The same request from a client that trusts the right CA goes through. */
  trusted = sd_test_platform_request (platform, "GET", "/api/v1/test/count", NULL, NULL);
  g_assert_cmpuint (trusted->status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 1);

  sd_test_platform_stop (platform);
}

/* ------------------------------------------------------------------ */
/* Router                                                             */

static void
test_not_found (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  const char *paths[] = {
    "/api/v1/no-such-thing",
    "/api/v1/test/echo/extra",
    "/api/v1/test/items/",           /* an empty {id} is no match */
    "/",
    "/index.html",
    "/api/v2/test/count",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SdTestResponse) response = sd_test_platform_request (platform, "GET", paths[i],
                                                                     NULL, NULL);

      g_test_message ("GET %s", paths[i]);
      sd_test_assert_problem (response, SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND);
      g_assert_cmpstr (problem_member (response, "title"), ==, "Not found");
      g_assert_nonnull (strstr (problem_member (response, "detail"), paths[i]));
    }
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  sd_test_platform_stop (platform);
}

static void
test_method_not_allowed (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *token = sd_test_platform_login (platform, "consumer-a");
  g_autoptr(SdTestResponse) items = NULL;
  g_autoptr(SdTestResponse) echo = NULL;

  items = sd_test_platform_request (platform, "DELETE", "/api/v1/test/items/42", token, NULL);
  sd_test_assert_problem (items, SOUP_STATUS_METHOD_NOT_ALLOWED, SD_PROBLEM_METHOD);
  g_assert_cmpstr (header (items, "Allow"), ==, "GET, PUT");

  /* Routing comes before authentication: the method is wrong for anyone. */
  echo = sd_test_platform_request (platform, "GET", "/api/v1/test/echo", NULL, NULL);
  sd_test_assert_problem (echo, SOUP_STATUS_METHOD_NOT_ALLOWED, SD_PROBLEM_METHOD);
  g_assert_cmpstr (header (echo, "Allow"), ==, "POST");
  g_assert_nonnull (strstr (problem_member (echo, "detail"), "/api/v1/test/echo"));

  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);
  sd_test_platform_stop (platform);
}

static void
test_params_and_query (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *token = sd_test_platform_login (platform, "consumer-b");
  g_autoptr(SdTestResponse) item = NULL;
  g_autoptr(SdTestResponse) special = NULL;
  g_autoptr(SdTestResponse) bad_query = NULL;
  JsonObject *object;

  /* 编号 percent-encoded in the path, "a b&c" in the query */
  item = sd_test_platform_request (platform, "GET",
                                   "/api/v1/test/items/%E7%BC%96%E5%8F%B7?q=a%20b%26c&other=1",
                                   token, NULL);
  g_assert_cmpuint (item->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (item->content_type, ==, "application/json");
  object = json_node_get_object (item->json);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "编号");
  g_assert_cmpstr (json_object_get_string_member (object, "q"), ==, "a b&c");
  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "consumer-b");

  /* The literal segment beats {id}, and that route is public. */
  special = sd_test_platform_request (platform, "GET", "/api/v1/test/items/special", NULL, NULL);
  g_assert_cmpuint (special->status, ==, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (special->json), "ok"));

  /* %FF is not UTF-8. */
  bad_query = sd_test_platform_request (platform, "GET", "/api/v1/test/items/1?q=%FF", token, NULL);
  sd_test_assert_problem (bad_query, SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST);

  sd_test_platform_stop (platform);
}

/* Built without the network: the table as registered. */
static void
test_list_routes (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "routes", NULL);
  g_autofree char *db_path = g_build_filename (dir, "platform.db", NULL);
  g_autofree char *cert_file = cert_path ("server.pem");
  g_autofree char *key_file = cert_path ("server-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SdPlatformServer) server = NULL;
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) routes = NULL;
  const char *expected[] = {
    "POST /api/v1/test/echo",
    "GET /api/v1/test/count",
    "GET /api/v1/test/admin-only",
    "GET /api/v1/test/items/{id}",
    "PUT /api/v1/test/items/{id}",
    "GET /api/v1/test/items/special",
    NULL,
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  storage = sd_storage_open (db_path, &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);

  /* No profile yet: the server refuses to start. */
  server = sd_platform_server_new (storage, certificate, NULL, &error);
  g_assert_null (server);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_INITIALISED);
  g_clear_error (&error);

  sd_storage_init_profile (storage, "panjin-2016", &error);
  g_assert_no_error (error);
  server = sd_platform_server_new (storage, certificate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_policy_get_id (sd_platform_server_get_policy (server)), ==, "panjin-2016");
  g_assert_true (sd_calendar_covers_year (sd_platform_server_get_calendar (server), 2025));
  g_assert_true (sd_platform_server_get_storage (server) == storage);

  add_test_routes (server, NULL);
  routes = sd_platform_server_list_routes (server);
  g_assert_cmpstrv (routes, expected);

  /* Not numeric: refused with a message naming it. */
  g_assert_false (sd_platform_server_listen (server, "localhost", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "localhost"));
  g_assert_cmpuint (sd_platform_server_get_port (server), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Content type, authentication, authorisation                         */

static void
test_unsupported_media_type (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  const char *refused[] = {
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=iso-8859-1",
    "application/jsonp",
  };
  const char *body = "{\"a\":1}";
  g_autoptr(SdTestResponse) untyped = NULL;
  g_autoptr(SdTestResponse) accepted = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SdTestResponse) response = post_body (platform, "/api/v1/test/echo", refused[i],
                                                      body, strlen (body));

      g_test_message ("Content-Type: %s", refused[i]);
      sd_test_assert_problem (response, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SD_PROBLEM_MEDIA_TYPE);
      g_assert_nonnull (strstr (problem_member (response, "detail"), refused[i]));
    }

  /* No Content-Type at all. */
  msg = message_new (platform, "POST", "/api/v1/test/echo");
  soup_message_set_request_body_from_bytes (msg, NULL, bytes);
  soup_message_headers_remove (soup_message_get_request_headers (msg), "Content-Type");
  untyped = send_message (platform, msg);
  sd_test_assert_problem (untyped, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SD_PROBLEM_MEDIA_TYPE);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  /* Parameters and case do not matter when they say UTF-8. */
  accepted = post_body (platform, "/api/v1/test/echo", "Application/JSON; charset=UTF-8",
                        body, strlen (body));
  g_assert_cmpuint (accepted->status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (accepted->json), "a"), ==, 1);

  sd_test_platform_stop (platform);
}

static void
test_unauthenticated (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autoptr(SdTestResponse) missing = NULL;
  g_autoptr(SdTestResponse) bad = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SdTestResponse) basic = NULL;

  missing = sd_test_platform_request (platform, "GET", "/api/v1/test/admin-only", NULL, NULL);
  sd_test_assert_problem (missing, SOUP_STATUS_UNAUTHORIZED, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_true (g_str_has_prefix (header (missing, "WWW-Authenticate"), "Bearer"));
  g_assert_null (strstr (header (missing, "WWW-Authenticate"), "invalid_token"));

  bad = sd_test_platform_request (platform, "GET", "/api/v1/test/admin-only",
                                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
  sd_test_assert_problem (bad, SOUP_STATUS_UNAUTHORIZED, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_true (g_str_has_prefix (header (bad, "WWW-Authenticate"), "Bearer"));
  g_assert_nonnull (strstr (header (bad, "WWW-Authenticate"), "error=\"invalid_token\""));

  /* Another scheme is no token at all. */
  msg = message_new (platform, "GET", "/api/v1/test/items/1");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Basic YWRtaW46Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5");
  basic = send_message (platform, msg);
  sd_test_assert_problem (basic, SOUP_STATUS_UNAUTHORIZED, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_true (g_str_has_prefix (header (basic, "WWW-Authenticate"), "Bearer"));

  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);
  sd_test_platform_stop (platform);
}

static gboolean
audit_has_denial (const char *db_path,
                  const char *actor,
                  const char *object_id)
{
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  storage = sd_storage_open (db_path, &error);
  g_assert_no_error (error);
  records = sd_storage_audit_list (storage, 0, 10000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      SdAuditRecord *record = g_ptr_array_index (records, i);

      if (g_str_equal (record->action, "authz.denied") &&
          g_str_equal (record->actor, actor) &&
          g_strcmp0 (record->object_id, object_id) == 0)
        {
          g_assert_nonnull (strstr (record->detail, "\"admin\""));
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_forbidden (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *consumer = sd_test_platform_login (platform, "consumer-a");
  g_autofree char *admin = sd_test_platform_login (platform, "admin");
  g_autofree char *db_path = g_strdup (sd_test_platform_db_path (platform));
  g_autoptr(SdTestResponse) denied = NULL;
  g_autoptr(SdTestResponse) allowed = NULL;

  denied = sd_test_platform_request (platform, "GET", "/api/v1/test/admin-only", consumer, NULL);
  sd_test_assert_problem (denied, SOUP_STATUS_FORBIDDEN, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  allowed = sd_test_platform_request (platform, "GET", "/api/v1/test/admin-only", admin, NULL);
  g_assert_cmpuint (allowed->status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 1);

  sd_test_platform_stop (platform);

  g_assert_true (audit_has_denial (db_path, "consumer-a", "GET /api/v1/test/admin-only"));
  g_assert_false (audit_has_denial (db_path, "admin", "GET /api/v1/test/admin-only"));
}

/* ------------------------------------------------------------------ */
/* Body limit                                                         */

static const SdPlatformLimits small_body = {
  .max_body_bytes = 64 * 1024,
  .request_timeout_s = 30,
  .idle_timeout_s = 60,
};

static void
assert_too_large (SdTestResponse *response)
{
  sd_test_assert_problem (response, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, SD_PROBLEM_TOO_LARGE);
  g_assert_nonnull (strstr (problem_member (response, "detail"), "65536"));
  g_assert_cmpstr (header (response, "Connection"), ==, "close");
  g_assert_cmpstr (header (response, "Cache-Control"), ==, "no-store");
}

static void
test_body_limit_content_length (void)
{
  SdTestPlatform *platform = start_platform (&small_body);
  gsize length = 128 * 1024;
  g_autofree char *body = g_malloc (length);
  g_autoptr(SdTestResponse) declared = NULL;
  g_autoptr(SdTestResponse) expecting = NULL;
  g_autoptr(SdTestResponse) at_limit = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* A JSON array padded with spaces: valid, but too long. */
  memset (body, ' ', length);
  body[0] = '[';
  body[length - 1] = ']';

  declared = post_body (platform, "/api/v1/test/echo", "application/json", body, length);
  assert_too_large (declared);
  g_assert_nonnull (strstr (problem_member (declared, "detail"), "131072"));

  /* With Expect: 100-continue the client learns before sending the body. */
  msg = message_new (platform, "POST", "/api/v1/test/echo");
  bytes = g_bytes_new_static (body, length);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                         SOUP_EXPECTATION_CONTINUE);
  expecting = send_message (platform, msg);
  assert_too_large (expecting);

  /* Exactly at the limit is fine. */
  body[small_body.max_body_bytes - 1] = ']';
  at_limit = post_body (platform, "/api/v1/test/echo", "application/json", body,
                        small_body.max_body_bytes);
  g_assert_cmpuint (at_limit->status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 1);

  sd_test_platform_stop (platform);
}

/* Peak resident memory of this process (server included) in KiB, after
 * resetting the peak when the kernel lets us. */
static gboolean
reset_peak_memory (void)
{
  FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");
  gboolean reset;

  if (clear_refs == NULL)
    return FALSE;
  reset = fputs ("5", clear_refs) >= 0;
  return fclose (clear_refs) == 0 && reset;
}

static guint64
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

#define CHUNKED_TOTAL (64 * 1024 * 1024)
#define CHUNK_DATA    (64 * 1024)

/* Streams up to 64 MiB as one chunked body without blocking, and stops
 * as soon as the server answers. Returns the bytes written. */
static guint64
stream_chunked_body (RawClient *client)
{
  GPollableInputStream *input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (client->tls));
  GPollableOutputStream *output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (client->tls));
  g_autoptr(GString) frame = g_string_new (NULL);
  guint64 sent = 0;
  gsize offset = 0;

  g_string_append_printf (frame, "%x\r\n", CHUNK_DATA);
  for (gsize i = 0; i < CHUNK_DATA; i++)
    g_string_append_c (frame, ' ');
  g_string_append (frame, "\r\n");

  while (sent < CHUNKED_TOTAL && !g_pollable_input_stream_is_readable (input))
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (output, frame->str + offset,
                                                            frame->len - offset, NULL, &error);

      if (n > 0)
        {
          sent += n;
          offset = (offset + n) % frame->len;
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_socket_condition_timed_wait (client->socket, G_IO_IN | G_IO_OUT, G_USEC_PER_SEC, NULL, NULL);
      else
        {
          g_test_message ("writing stopped: %s", error->message);
          break;
        }
    }
  return sent;
}

static void
test_body_limit_chunked (void)
{
  const SdPlatformLimits limits = {
    .max_body_bytes = 256 * 1024,
    .request_timeout_s = 60,
    .idle_timeout_s = 60,
  };
  SdTestPlatform *platform = start_platform (&limits);
  g_autoptr(RawClient) client = raw_client_connect (platform);
  g_autofree char *request = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) problem = NULL;
  g_autoptr(GError) error = NULL;
  gboolean peak_reset;
  guint64 peak_before, peak_after, sent;
  guint status = 0;

  peak_reset = reset_peak_memory ();
  peak_before = peak_memory_kib ();

  request = g_strdup_printf ("POST /api/v1/test/echo HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%u\r\n"
                             "Content-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n",
                             sd_test_platform_port (platform));
  raw_client_write (client, request);
  sent = stream_chunked_body (client);
  body = raw_client_read_response (client, &status);
  peak_after = peak_memory_kib ();

  g_test_message ("sent %" G_GUINT64_FORMAT " bytes; peak memory %" G_GUINT64_FORMAT
                  " KiB → %" G_GUINT64_FORMAT " KiB (peak %s)", sent, peak_before, peak_after,
                  peak_reset ? "reset" : "not resettable");
  g_assert_cmpuint (status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  problem = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (problem), "type"), ==,
                   SD_PROBLEM_TOO_LARGE);

  /* Answered long before the end of the body, and the server hung up. */
  g_assert_cmpuint (sent, <, CHUNKED_TOTAL / 2);
  g_assert_true (raw_client_sees_close (client));
  /* The body never accumulated: far less than the 64 MiB on offer. */
  g_assert_cmpuint (peak_after, <, peak_before + 24 * 1024);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  g_clear_pointer (&client, raw_client_free);
  sd_test_platform_stop (platform);
}

/* ------------------------------------------------------------------ */
/* JSON guard                                                         */

typedef struct {
  const char *name;
  const char *body;         /* NULL: built by the test */
  const char *in_detail;    /* a piece of the detail that names the fault */
} GuardCase;

static const GuardCase guard_cases[] = {
  { "duplicate-key", "{\"name\": 1, \"name\": 2}", "name" },
  { "infinite-number", "{\"n\": 1e400}", "1e400" },
  { "integer-overflow", "[99999999999999999999]", "99999999999999999999" },
  { "nul-in-string", "{\"s\": \"a\\u0000b\"}", "\\u0000" },
  { "trailing-document", "{} {}", NULL },
  { "empty", "", NULL },
  { "deep-nesting", NULL, NULL },
  { "not-object-or-array", "42", NULL },
};

static void
test_json_guard (gconstpointer data)
{
  const GuardCase *guard_case = data;
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *built = NULL;
  g_autoptr(SdTestResponse) response = NULL;
  const char *body = guard_case->body;

  if (body == NULL)
    {
      /* 75,000 levels crash json-glib 1.6; the guard stops at its limit. */
      gsize depth = 75000;

      built = g_malloc (2 * depth + 1);
      memset (built, '[', depth);
      memset (built + depth, ']', depth);
      built[2 * depth] = '\0';
      body = built;
    }

  response = post_body (platform, "/api/v1/test/echo", "application/json", body, strlen (body));
  sd_test_assert_problem (response, SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST);
  g_test_message ("%s: %s", guard_case->name, problem_member (response, "detail"));
  if (guard_case->in_detail != NULL)
    g_assert_nonnull (strstr (problem_member (response, "detail"), guard_case->in_detail));
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  sd_test_platform_stop (platform);
}

static void
test_json_echo (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  const char *body = "{\"名称\": \"人口基础信息\", \"items\": [1, 2.5, true, null]}";
  g_autoptr(SdTestResponse) response = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(GError) error = NULL;

  response = sd_test_platform_request (platform, "POST", "/api/v1/test/echo", NULL, body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (response->content_type, ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Content-Type"), ==,
                   "application/json; charset=utf-8");
  expected = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (response->json, expected));

  sd_test_platform_stop (platform);
}

/* ------------------------------------------------------------------ */
/* Timeouts                                                           */

static void
test_request_timeout (void)
{
  /* The TLS handshake gets the request time too: under the sanitizers on
   * a busy machine it can take over a second, so 3 s rather than 1. */
  const SdPlatformLimits limits = {
    .max_body_bytes = 1024 * 1024,
    .request_timeout_s = 3,
    .idle_timeout_s = 6,
  };
  SdTestPlatform *platform = start_platform (&limits);
  g_autoptr(RawClient) client = raw_client_connect (platform);
  g_autoptr(RawClient) silent = NULL;
  GPollableInputStream *input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (client->tls));
  g_autoptr(GString) received = g_string_new (NULL);
  char byte;
  g_autoptr(JsonNode) problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint trickled = 0, status = 0;

  raw_client_write (client, "GET /api/v1/test/count HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

  /* One byte every 200 ms, never finishing the header, until the server
   * answers; 300 bytes (a minute) would mean it never does. */
  for (trickled = 0; trickled < 300; trickled++)
    {
      g_autoptr(GError) write_error = NULL;
      char buffer[1024];
      gssize n;

      g_socket_condition_timed_wait (client->socket, G_IO_IN, 200 * 1000, NULL, NULL);
      n = g_pollable_input_stream_read_nonblocking (input, buffer, sizeof buffer, NULL, &error);
      if (n > 0)
        {
          g_string_append_len (received, buffer, n);
          break;
        }
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      g_clear_error (&error);

      g_output_stream_write_all (g_io_stream_get_output_stream (client->tls), "a", 1, NULL, NULL,
                                 &write_error);
      if (write_error != NULL)
        break;
    }
  g_test_message ("cut off after %u trickled bytes", trickled);
  g_assert_cmpuint (received->len, >, 0);

  /* The rest of the response, then the end of the connection. */
  g_assert_true (g_str_has_prefix (received->str, "HTTP/1.1 408 "));
  while (strstr (received->str, "\r\n\r\n") == NULL ||
         !g_str_has_suffix (received->str, "}"))
    {
      char buffer[1024];
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (received, buffer, n);
    }
  g_assert_true (soup_headers_parse_status_line (received->str, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, SOUP_STATUS_REQUEST_TIMEOUT);
  g_assert_nonnull (strstr (received->str, "Connection: close\r\n"));
  body = g_strdup (strstr (received->str, "\r\n\r\n") + 4);
  problem = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (problem), "type"), ==,
                   SD_PROBLEM_TIMEOUT);
  g_assert_true (raw_client_sees_close (client));
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 0);

  /* A connection that never says anything, not even a TLS hello, is cut
   * off the same way (without an answer: there is no TLS to send it). */
  silent = raw_client_connect_tcp (platform);
  g_assert_cmpint (g_socket_receive (silent->socket, &byte, 1, NULL, NULL), <=, 0);

  g_clear_pointer (&client, raw_client_free);
  g_clear_pointer (&silent, raw_client_free);
  sd_test_platform_stop (platform);
}

static void
test_idle_timeout (void)
{
  const SdPlatformLimits limits = {
    .max_body_bytes = 1024 * 1024,
    .request_timeout_s = 30,
    .idle_timeout_s = 2,
  };
  SdTestPlatform *platform = start_platform (&limits);
  g_autoptr(RawClient) client = raw_client_connect (platform);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint status = 0;

  /* Two requests on one kept-alive connection: served back to back… */
  raw_client_write (client, "GET /api/v1/test/count HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  first = raw_client_read_response (client, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  raw_client_write (client, "GET /api/v1/test/count HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  second = raw_client_read_response (client, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 2);

  /* …then left idle: the server closes it. */
  g_assert_true (raw_client_sees_close (client));

  g_clear_pointer (&client, raw_client_free);
  sd_test_platform_stop (platform);
}

/* Sockets open in this process (the server's listener, connections). */
static guint
open_sockets (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        count++;
    }
  return count;
}

/* Waits (at most 30 s, without asserting on time) for the server to close
 * what the clients left, then returns the sockets still open. */
static guint
open_sockets_settled (guint expected)
{
  for (guint i = 0; i < 300 && open_sockets () > expected; i++)
    g_usleep (G_USEC_PER_SEC / 10);
  return open_sockets ();
}

/* libsoup 3.2 never closes a kept-alive connection that its client
 * closed between two requests; the platform must. */
static void
test_client_closed_keepalive (void)
{
  /* Timeouts longer than the wait below: only closing at once passes. */
  const SdPlatformLimits limits = {
    .max_body_bytes = 1024 * 1024,
    .request_timeout_s = 120,
    .idle_timeout_s = 120,
  };
  SdTestPlatform *platform = start_platform (&limits);
  guint before = open_sockets ();  /* the listener */

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(RawClient) client = raw_client_connect (platform);
      g_autofree char *body = NULL;
      guint status = 0;

      raw_client_write (client, "GET /api/v1/test/count HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      body = raw_client_read_response (client, &status);
      g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
      /* raw_client_free() closes: close_notify, then FIN */
    }
  g_assert_cmpint (g_atomic_int_get (&handled_requests), ==, 10);
  g_assert_cmpuint (open_sockets_settled (before), ==, before);

  sd_test_platform_stop (platform);
}

/* ------------------------------------------------------------------ */
/* Language and caching                                               */

static SdTestResponse *
get_with_language (SdTestPlatform *platform,
                   const char     *path,
                   const char     *accept_language)
{
  g_autoptr(SoupMessage) msg = message_new (platform, "GET", path);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                accept_language);
  return send_message (platform, msg);
}

/* What the zh_CN catalogue says for @msgid, or NULL when it has nothing. */
static const char *
chinese_for (const char *msgid)
{
  locale_t base = duplocale (LC_GLOBAL_LOCALE);
  locale_t chinese = newlocale (LC_MESSAGES_MASK, "zh_CN.UTF-8", base);
  const char *translated;
  locale_t previous;

  if (chinese == (locale_t) 0)
    {
      freelocale (base);
      return NULL;
    }
  previous = uselocale (chinese);
  translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  uselocale (previous);
  freelocale (chinese);
  return translated != msgid && !g_str_equal (translated, msgid) ? translated : NULL;
}

static void
test_language (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  const char *english_choices[] = {
    "en",
    "en-GB, zh-CN;q=0.5",
    "zh-TW, en;q=0.5",         /* Traditional is not offered: next choice */
    "fr",
    "zh-CN;q=0",               /* q=0 means "not this" */
  };
  const char *chinese_choices[] = {
    "zh-CN",
    "zh",
    "en;q=0.4, zh-CN;q=0.9",
    "zh-Hans-CN",
  };
  const char *chinese_title = chinese_for ("Not found");

  for (gsize i = 0; i < G_N_ELEMENTS (english_choices); i++)
    {
      g_autoptr(SdTestResponse) response = get_with_language (platform, "/api/v1/nowhere",
                                                              english_choices[i]);

      g_test_message ("Accept-Language: %s", english_choices[i]);
      sd_test_assert_problem (response, SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND);
      g_assert_cmpstr (problem_member (response, "title"), ==, "Not found");
    }

  if (chinese_title == NULL)
    {
      sd_test_platform_stop (platform);
      g_test_skip ("the zh_CN catalogue (or locale) has no Chinese for the problem titles yet");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (chinese_choices); i++)
    {
      g_autoptr(SdTestResponse) response = get_with_language (platform, "/api/v1/nowhere",
                                                              chinese_choices[i]);

      g_test_message ("Accept-Language: %s", chinese_choices[i]);
      sd_test_assert_problem (response, SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND);
      g_assert_cmpstr (problem_member (response, "title"), ==, chinese_title);
    }

  /* The details too, once the catalogue has them. */
  if (chinese_for ("There is no resource at %s.") != NULL)
    {
      g_autoptr(SdTestResponse) response = get_with_language (platform, "/api/v1/nowhere", "zh-CN");
      g_auto(GStrv) parts = g_strsplit (chinese_for ("There is no resource at %s."), "%s", 2);
      g_autofree char *expected = g_strjoinv ("/api/v1/nowhere", parts);

      g_assert_cmpstr (problem_member (response, "detail"), ==, expected);
    }

  /* The server's thread went back to its own language between requests. */
  {
    g_autoptr(SdTestResponse) response = sd_test_platform_request (platform, "GET", "/api/v1/nowhere",
                                                                   NULL, NULL);

    g_assert_cmpstr (problem_member (response, "title"), ==, "Not found");
  }

  sd_test_platform_stop (platform);
}

static void
test_cache_control (void)
{
  SdTestPlatform *platform = start_platform (NULL);
  g_autofree char *token = sd_test_platform_login (platform, "provider-a");
  struct {
    const char *method;
    const char *path;
    const char *token;
    guint       status;
  } cases[] = {
    { "GET", "/api/v1/test/items/7", token, SOUP_STATUS_OK },
    { "GET", "/api/v1/test/count", NULL, SOUP_STATUS_OK },
    { "GET", "/api/v1/test/items/7", NULL, SOUP_STATUS_UNAUTHORIZED },
    { "GET", "/api/v1/test/admin-only", token, SOUP_STATUS_FORBIDDEN },
    { "GET", "/api/v1/missing", NULL, SOUP_STATUS_NOT_FOUND },
    { "PATCH", "/api/v1/test/count", NULL, SOUP_STATUS_METHOD_NOT_ALLOWED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdTestResponse) response = sd_test_platform_request (platform, cases[i].method,
                                                                     cases[i].path, cases[i].token,
                                                                     NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      g_assert_cmpstr (header (response, "Cache-Control"), ==, "no-store");
    }

  sd_test_platform_stop (platform);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/platform/http/tls/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/platform/http/tls/wrong-ca-refused", test_wrong_ca_refused);
  g_test_add_func ("/platform/http/router/not-found", test_not_found);
  g_test_add_func ("/platform/http/router/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/platform/http/router/params-and-query", test_params_and_query);
  g_test_add_func ("/platform/http/router/list-routes", test_list_routes);
  g_test_add_func ("/platform/http/unsupported-media-type", test_unsupported_media_type);
  g_test_add_func ("/platform/http/auth/unauthenticated", test_unauthenticated);
  g_test_add_func ("/platform/http/auth/forbidden", test_forbidden);
  g_test_add_func ("/platform/http/body-limit/content-length", test_body_limit_content_length);
  g_test_add_func ("/platform/http/body-limit/chunked", test_body_limit_chunked);
  for (gsize i = 0; i < G_N_ELEMENTS (guard_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/http/json-guard/%s", guard_cases[i].name);

      g_test_add_data_func (path, &guard_cases[i], test_json_guard);
    }
  g_test_add_func ("/platform/http/json-guard/valid-echo", test_json_echo);
  g_test_add_func ("/platform/http/timeout/request", test_request_timeout);
  g_test_add_func ("/platform/http/timeout/idle", test_idle_timeout);
  g_test_add_func ("/platform/http/timeout/client-closed-keepalive", test_client_closed_keepalive);
  g_test_add_func ("/platform/http/language", test_language);
  g_test_add_func ("/platform/http/cache-control", test_cache_control);

  return g_test_run ();
}
