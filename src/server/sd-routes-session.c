/* sd-routes-session.c — log in, log out, and who the caller is.
 *
 *   POST   /api/v1/session  {"username", "password"} → 201 {"token", "expires", "user"}
 *   DELETE /api/v1/session  → 204, the presented token is revoked
 *   GET    /api/v1/me       → {"user", "department"}
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-auth.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

static const SdMemberSpec login_members[] = {
  { "username", SD_MEMBER_STRING, TRUE },
  { "password", SD_MEMBER_STRING, TRUE },
};

static void
respond_login_error (SdPlatformRequest *request,
                     const GError      *error,
                     guint              retry_after_s)
{
  g_autoptr(SdProblem) problem = NULL;

  if (g_error_matches (error, SD_AUTH_ERROR, SD_AUTH_ERROR_THROTTLED))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after_s);

      _sd_response_set_header (request, "Retry-After", seconds);
      problem = sd_problem_new (STATUS_TOO_MANY_REQUESTS, SD_PROBLEM_THROTTLED, NULL,
                                "%s", error->message);
    }
  else if (g_error_matches (error, SD_AUTH_ERROR, SD_AUTH_ERROR_BAD_CREDENTIALS) ||
           g_error_matches (error, SD_AUTH_ERROR, SD_AUTH_ERROR_DISABLED))
    problem = sd_problem_new (SOUP_STATUS_UNAUTHORIZED, SD_PROBLEM_UNAUTHENTICATED, NULL,
                              "%s", error->message);
  else
    problem = sd_problem_new_from_error (error, NULL);
  sd_platform_request_respond_problem (request, problem);
}

static JsonNode *
session_to_json (const char *token,
                 GDateTime  *expires,
                 SdUser     *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) expires_utc = g_date_time_to_utc (expires);
  g_autofree char *expires_text = g_date_time_format_iso8601 (expires_utc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_string_value (builder, expires_text);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, _sd_user_to_json (user));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
login_cb (SdPlatformServer  *server,
          SdPlatformRequest *request,
          gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) user = NULL;
  g_autofree char *token = NULL;
  guint retry_after_s = 0;
  JsonObject *body;
  const char *username;

  body = _sd_request_body_object (request, login_members, G_N_ELEMENTS (login_members));
  if (body == NULL)
    return;
  username = _sd_member_get_string (body, "username");
  token = sd_auth_login (storage, username, _sd_member_get_string (body, "password"),
                         sd_platform_request_get_now (request), &expires, &retry_after_s, &error);
  if (token == NULL)
    {
      respond_login_error (request, error, retry_after_s);
      return;
    }
  user = sd_storage_get_user (storage, username, &error);
  if (user == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  /* A token is a credential: no cache may keep the response (RFC 6749 §5.1). */
  _sd_response_set_header (request, "Cache-Control", "no-store");
  _sd_respond_json (request, SOUP_STATUS_CREATED, session_to_json (token, expires, user));
}

static void
logout_cb (SdPlatformServer  *server,
           SdPlatformRequest *request,
           gpointer           user_data)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  SdUser *user = sd_platform_request_get_user (request);
  const char *authorization;
  g_autoptr(GError) error = NULL;

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");
  if (!sd_auth_logout (sd_platform_server_get_storage (server), authorization, &error))
    {
      g_autoptr(SdProblem) problem = sd_problem_new (SOUP_STATUS_UNAUTHORIZED,
                                                     SD_PROBLEM_UNAUTHENTICATED, NULL,
                                                     "%s", error->message);

      sd_platform_request_respond_problem (request, problem);
      return;
    }
  sd_platform_request_audit (request, "session.logout", "user", user->username, NULL);
  _sd_respond_json (request, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
me_cb (SdPlatformServer  *server,
       SdPlatformRequest *request,
       gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) error = NULL;

  if (user->department_uscc != NULL)
    {
      department = sd_storage_get_department (sd_platform_server_get_storage (server),
                                              user->department_uscc, &error);
      if (department == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, _sd_user_to_json (user));
  json_builder_set_member_name (builder, "department");
  if (department != NULL)
    json_builder_add_value (builder, _sd_department_to_json (department));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
sd_platform_routes_session (SdPlatformServer *server)
{
  sd_platform_server_add_route (server, "POST", "/api/v1/session", SD_ROUTE_PUBLIC, 0,
                                login_cb, NULL);
  sd_platform_server_add_route (server, "DELETE", "/api/v1/session", SD_ROUTE_AUTHENTICATED, 0,
                                logout_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/me", SD_ROUTE_AUTHENTICATED, 0,
                                me_cb, NULL);
}
