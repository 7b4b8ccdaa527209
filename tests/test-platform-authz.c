/* test-platform-authz.c — the generated authorisation test: every route the
 * platform registers, tried by every test user of two departments and by
 * nobody.
 *
 * For each route: without a token it is 401 (unless public); each user
 * who holds none of the route's roles gets a 403 problem, and each such
 * denial is an "authz.denied" row of the audit log; users who may call it
 * (with placeholder path parameters and an empty body) never make the
 * server fail (no 5xx). The route list comes from the running router, so a
 * route added later is covered without editing this file. Object-level
 * checks (a provider edits only its own department's entries, …) are
 * tested with real objects by each resource's own test.
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"

typedef struct {
  const char *username;
  guint       roles;
} TestUser;

/* As tests/sd-platform-test-utils.c creates them. */
static const TestUser users[] = {
  { "provider-a", SD_ROLE_MASK (SD_ROLE_PROVIDER) },
  { "consumer-a", SD_ROLE_MASK (SD_ROLE_CONSUMER) },
  { "provider-b", SD_ROLE_MASK (SD_ROLE_PROVIDER) },
  { "consumer-b", SD_ROLE_MASK (SD_ROLE_CONSUMER) },
  { "support", SD_ROLE_MASK (SD_ROLE_SUPPORT) },
  { "supervisor", SD_ROLE_MASK (SD_ROLE_SUPERVISOR) },
  { "admin", SD_ROLE_MASK (SD_ROLE_ADMIN) },
};

typedef struct {
  SdTestPlatform   *platform;
  SdPlatformServer *server;   /* its route table is fixed once it listens */
  char             *tokens[G_N_ELEMENTS (users)];
} Fixture;

static void
capture_server (SdPlatformServer *server,
                gpointer          user_data)
{
  Fixture *fixture = user_data;

  fixture->server = server;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup (data, NULL, capture_server, fixture);
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    fixture->tokens[i] = sd_test_platform_login (fixture->platform, users[i].username);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    g_free (fixture->tokens[i]);
  sd_test_platform_stop (fixture->platform);
}

/* "/api/v1/catalogue/{id}/versions/{version}" → "/api/v1/catalogue/1/versions/1" */
static char *
placeholder_path (const char *pattern)
{
  g_auto(GStrv) segments = g_strsplit (pattern, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    if (segments[i][0] == '{')
      g_free (g_steal_pointer (&segments[i])), segments[i] = g_strdup ("1");
  return g_strjoinv ("/", segments);
}

static SdTestResponse *
send (Fixture    *fixture,
      const char *method,
      const char *pattern,
      const char *token)
{
  g_autofree char *path = placeholder_path (pattern);
  SdRouteFlags flags = 0;
  g_autoptr(GBytes) body = NULL;
  const char *content_type = "application/json";

  g_assert_true (sd_platform_server_lookup_route (fixture->server, method, pattern, &flags, NULL));
  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH"))
    {
      if (flags & SD_ROUTE_RAW_BODY)
        {
          content_type = "application/octet-stream";
          body = g_bytes_new_static ("x", 1);
        }
      else
        body = g_bytes_new_static ("{}", 2);
    }
  return sd_test_platform_request_full (fixture->platform, method, path, token,
                                        content_type, body, NULL);
}

/* Logging out would end the token the rest of the sweep uses. */
static gboolean
ends_session (const char *method,
              const char *pattern)
{
  return g_str_equal (method, "DELETE") && g_str_equal (pattern, "/api/v1/session");
}

static guint
count_route_denials (Fixture *fixture)
{
  g_autofree char *supervisor = sd_test_platform_login (fixture->platform, "supervisor");
  g_autofree char *path = g_strdup ("/api/v1/audit?limit=1000");
  guint denials = 0;

  while (path != NULL)
    {
      g_autoptr(SdTestResponse) response =
        sd_test_platform_request (fixture->platform, "GET", path, supervisor, NULL);
      JsonObject *page;
      JsonArray *records;

      g_assert_cmpuint (response->status, ==, 200);
      page = json_node_get_object (response->json);
      records = json_object_get_array_member (page, "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);

          if (g_str_equal (json_object_get_string_member (record, "action"), "authz.denied") &&
              g_strcmp0 (json_object_get_string_member (record, "object_type"), "route") == 0)
            denials++;
        }
      g_clear_pointer (&path, g_free);
      if (!json_object_get_null_member (page, "next_after"))
        path = g_strdup_printf ("/api/v1/audit?limit=1000&after=%" G_GINT64_FORMAT,
                                json_object_get_int_member (page, "next_after"));
    }
  return denials;
}

static void
check_route (Fixture    *fixture,
             const char *method,
             const char *pattern,
             guint      *denials)
{
  SdRouteFlags flags = 0;
  guint roles = 0;

  g_assert_true (sd_platform_server_lookup_route (fixture->server, method, pattern, &flags, &roles));
  if (!(flags & SD_ROUTE_PUBLIC))
    {
      g_autoptr(SdTestResponse) anonymous = send (fixture, method, pattern, NULL);

      g_test_message ("%s %s without a token: %u", method, pattern, anonymous->status);
      sd_test_assert_problem (anonymous, 401, "urn:sharedesk:problem:unauthenticated");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(SdTestResponse) response = NULL;
      gboolean allowed = roles == 0 || (users[i].roles & roles) != 0;

      if ((flags & SD_ROUTE_PUBLIC) || (allowed && ends_session (method, pattern)))
        continue;
      response = send (fixture, method, pattern, fixture->tokens[i]);
      g_test_message ("%s %s as %s: %u", method, pattern, users[i].username, response->status);
      if (allowed)
        {
          g_assert_cmpuint (response->status, <, 500);
          g_assert_cmpuint (response->status, !=, 401);
          continue;
        }
      sd_test_assert_problem (response, 403, "urn:sharedesk:problem:forbidden");
      (*denials)++;
    }
}

static void
test_every_route_every_role (Fixture       *fixture,
                             gconstpointer  data)
{
  g_auto(GStrv) routes = sd_platform_server_list_routes (fixture->server);
  guint denials = 0;

  g_assert_cmpuint (g_strv_length (routes), >, 10);
  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (routes[i], " ", 2);

      check_route (fixture, parts[0], parts[1], &denials);
    }

  /* Each route-level refusal is on the record, and nothing else is. */
  g_assert_cmpuint (denials, >, 0);
  g_assert_cmpuint (count_route_denials (fixture), ==, denials);
}

int
main (int    argc,
      char **argv)
{
  static const char * const profiles[] = { "mot-2021", "state-council-2016", "panjin-2016" };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/authz/%s/every-route-every-role",
                                               profiles[i]);

      g_test_add (path, Fixture, profiles[i], fixture_set_up, test_every_route_every_role,
                  fixture_tear_down);
    }
  return g_test_run ();
}
