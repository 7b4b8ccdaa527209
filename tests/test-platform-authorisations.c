/* test-platform-authorisations.c — authorisations over HTTPS: granted by
 * applications, listed per department, the 3-month unused list (A10,
 * counted in calendar months back from the server's clock), revocation
 * with its rules (provider only when unused and only under mot-2021,
 * supervisor always), a second revocation (409), every other role and
 * department refused (403, audited as authz.denied), and the data-use
 * agreement acknowledgement of panjin-2016 (A12).
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

#define E_UNCONDITIONAL "entry-uncond"

static const char * const users[] = {
  "provider-a", "consumer-a", "provider-b", "consumer-b", "support", "supervisor", "admin",
};

typedef struct {
  SdTestPlatform *platform;
  GHashTable     *tokens;
} Fixture;

static void
seed_entries (SdPlatformServer *server,
              gpointer          user_data)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (E_UNCONDITIONAL, "1020101/000001", "道路运输车辆基础信息",
                                                     SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_classification_code (entry, "1020101");
  sd_catalogue_entry_set_provider_name (entry, "交通运输部运输服务司");
  sd_catalogue_entry_set_share_type (entry, "unconditional");
  g_assert_true (sd_storage_add_entry (sd_platform_server_get_storage (server), entry, "system", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup (data, NULL, seed_entries, NULL);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Logging in is slow (argon2id): only the users a test needs, once. */
static const char *
token (Fixture    *fixture,
       const char *user)
{
  const char *value = g_hash_table_lookup (fixture->tokens, user);

  if (value == NULL)
    {
      value = sd_test_platform_login (fixture->platform, user);
      g_hash_table_insert (fixture->tokens, g_strdup (user), (gpointer) value);
    }
  return value;
}

/* Sessions are dated by the server's clock: log in before moving it. */
static void
log_in_everyone (Fixture *fixture)
{
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    token (fixture, users[i]);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);
}

static SdTestResponse *
call (Fixture    *fixture,
      const char *user,
      const char *method,
      const char *path,
      const char *body)
{
  g_test_message ("%s: %s %s %s", user, method, path, body != NULL ? body : "");
  return sd_test_platform_request (fixture->platform, method, path, token (fixture, user), body);
}

static JsonObject *
object_of (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action,
             const char *object_id)
{
  g_autoptr(SdTestResponse) page = call (fixture, "supervisor", "GET", "/api/v1/audit?limit=1000", NULL);
  JsonArray *records;
  guint count = 0;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (page), "next_after")));
  records = json_object_get_array_member (object_of (page), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0 &&
          (object_id == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL), object_id) == 0))
        count++;
    }
  return count;
}

/* consumer-b applies for the unconditional entry (granted at once except
 * under panjin-2016, where it acknowledges the agreement first); returns
 * the authorisation's number. */
static gint64
grant (Fixture *fixture)
{
  g_autoptr(SdTestResponse) submitted = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                                              "{\"entry_id\": \"" E_UNCONDITIONAL "\", \"purpose\": \"道路运输行政执法核查\"}");
  g_autoptr(SdTestResponse) list = NULL;
  JsonArray *items;
  gint64 application_id;

  g_assert_cmpuint (submitted->status, ==, 201);
  application_id = json_object_get_int_member (object_of (submitted), "id");
  if (g_str_equal (json_object_get_string_member (object_of (submitted), "state"), "agreement-pending"))
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT "/actions", application_id);
      g_autoptr(SdTestResponse) acknowledged = call (fixture, "consumer-b", "POST", path,
                                                     "{\"action\": \"acknowledge-agreement\"}");

      g_assert_cmpuint (acknowledged->status, ==, 200);
    }
  list = call (fixture, "consumer-b", "GET", "/api/v1/authorisations", NULL);
  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (object_of (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "application_id") == application_id)
        return json_object_get_int_member (item, "id");
    }
  g_assert_not_reached ();
}

static guint
unused_count (Fixture    *fixture,
              const char *user)
{
  g_autoptr(SdTestResponse) list = call (fixture, user, "GET", "/api/v1/authorisations?unused=true", NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return (guint) json_object_get_int_member (object_of (list), "total");
}

static SdTestResponse *
post_revoke (Fixture    *fixture,
        const char *user,
        gint64      id,
        const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/authorisations/%" G_GINT64_FORMAT "/revoke", id);

  return call (fixture, user, "POST", path, body);
}

static void
assert_denied (Fixture        *fixture,
               SdTestResponse *response,
               const char     *user,
               gint64          id)
{
  g_autofree char *object_id = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;

  sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, user, "authz.denied", object_id), >, 0);
}

static void
test_mot_unused_and_revoke (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SdTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *object_id = NULL;
  JsonObject *authorisation;
  gint64 id;

  log_in_everyone (fixture);
  sd_test_platform_set_today (fixture->platform, "2026-03-02");
  id = grant (fixture);
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  path = g_strdup_printf ("/api/v1/authorisations/%" G_GINT64_FORMAT, id);

  response = call (fixture, "provider-a", "GET", path, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  authorisation = object_of (response);
  g_assert_cmpstr (json_object_get_string_member (authorisation, "purpose"), ==, "道路运输行政执法核查");
  g_assert_cmpstr (json_object_get_string_member (authorisation, "consumer"), ==, SD_TEST_USCC_CONSUMER);
  /* Granted at the server's "now", in whole seconds, UTC. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (authorisation, "granted_at"), "2026-03-02T02:0"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (authorisation, "granted_at"), "Z"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (authorisation, "last_used_at")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (authorisation, "agreement_acknowledged")));
  g_assert_true (json_object_get_boolean_member (authorisation, "in_force"));
  g_assert_false (json_object_get_boolean_member (authorisation, "revocable"));
  g_clear_pointer (&response, sd_test_response_free);

  /* Who sees it. */
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(SdTestResponse) seen = call (fixture, users[i], "GET", path, NULL);

      if (g_str_equal (users[i], "consumer-a") || g_str_equal (users[i], "provider-b") ||
          g_str_equal (users[i], "admin"))
        assert_denied (fixture, seen, users[i], g_str_equal (users[i], "admin") ? 0 : id);
      else
        g_assert_cmpuint (seen->status, ==, 200);
    }
  g_assert_cmpuint (unused_count (fixture, "consumer-a"), ==, 0);
  response = call (fixture, "consumer-a", "GET", "/api/v1/authorisations", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (response), "total"), ==, 0);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/authorisations?entry_id=entry-other", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (response), "total"), ==, 0);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/authorisations?unused=maybe", NULL);
  sd_test_assert_problem (response, 400, SD_PROBLEM_BAD_REQUEST);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/authorisations/999999", NULL);
  sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
  g_clear_pointer (&response, sd_test_response_free);

  /* Two months on: still in use as far as A10 goes. */
  sd_test_platform_set_today (fixture->platform, "2026-05-01");
  g_assert_cmpuint (unused_count (fixture, "provider-a"), ==, 0);
  response = post_revoke (fixture, "provider-a", id, "{\"reason\": \"长期未使用\"}");
  sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
  g_clear_pointer (&response, sd_test_response_free);

  /* Three months and a day: revocable. */
  sd_test_platform_set_today (fixture->platform, "2026-06-03");
  g_assert_cmpuint (unused_count (fixture, "provider-a"), ==, 1);
  g_assert_cmpuint (unused_count (fixture, "consumer-b"), ==, 1);
  g_assert_cmpuint (unused_count (fixture, "supervisor"), ==, 1);
  g_assert_cmpuint (unused_count (fixture, "provider-b"), ==, 0);

  response = post_revoke (fixture, "provider-a", id, "{}");
  sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
  g_assert_cmpstr (json_object_get_string_member (object_of (response), "field"), ==, "reason");
  g_clear_pointer (&response, sd_test_response_free);
  response = post_revoke (fixture, "provider-a", id, "{\"reason\": 3}");
  sd_test_assert_problem (response, 400, SD_PROBLEM_BAD_REQUEST);
  g_clear_pointer (&response, sd_test_response_free);
  response = post_revoke (fixture, "provider-b", id, "{\"reason\": \"r\"}");
  assert_denied (fixture, response, "provider-b", id);
  g_clear_pointer (&response, sd_test_response_free);
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      gboolean route_refuses = g_str_equal (users[i], "consumer-a") || g_str_equal (users[i], "consumer-b") ||
                               g_str_equal (users[i], "support") || g_str_equal (users[i], "admin");

      if (route_refuses)
        {
          g_autoptr(SdTestResponse) denied = post_revoke (fixture, users[i], id, "{\"reason\": \"r\"}");

          sd_test_assert_problem (denied, 403, SD_PROBLEM_FORBIDDEN);
        }
    }

  response = post_revoke (fixture, "provider-a", id, "{\"reason\": \"三个月未使用\"}");
  g_assert_cmpuint (response->status, ==, 200);
  authorisation = object_of (response);
  g_assert_false (json_object_get_boolean_member (authorisation, "in_force"));
  g_assert_false (json_object_get_boolean_member (authorisation, "revocable"));
  g_assert_cmpstr (json_object_get_string_member (authorisation, "revoked_by"), ==, "provider-a");
  g_assert_cmpstr (json_object_get_string_member (authorisation, "revoke_reason"), ==, "三个月未使用");
  g_clear_pointer (&response, sd_test_response_free);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authorisation.revoke", object_id), ==, 1);
  g_assert_cmpuint (unused_count (fixture, "provider-a"), ==, 0);

  response = post_revoke (fixture, "provider-a", id, "{\"reason\": \"again\"}");
  sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);
  g_clear_pointer (&response, sd_test_response_free);
  response = post_revoke (fixture, "supervisor", id, "{\"reason\": \"again\"}");
  sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);
}

/* Supervisors revoke at any time; providers only under mot-2021. */
static void
test_revoke_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  gboolean mot = g_str_equal (data, "mot-2021");
  g_autoptr(SdTestResponse) response = NULL;
  gint64 recent, old;

  log_in_everyone (fixture);
  sd_test_platform_set_today (fixture->platform, "2026-01-05");
  old = grant (fixture);
  sd_test_platform_set_today (fixture->platform, "2026-06-01");
  recent = grant (fixture);

  response = post_revoke (fixture, "supervisor", recent, "{\"reason\": \"超范围使用\"}");
  g_assert_cmpuint (response->status, ==, 200);
  g_clear_pointer (&response, sd_test_response_free);
  g_assert_cmpuint (unused_count (fixture, "supervisor"), ==, 1);
  response = post_revoke (fixture, "provider-a", old, "{\"reason\": \"长期未使用\"}");
  if (mot)
    g_assert_cmpuint (response->status, ==, 200);
  else
    sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
}

static void
test_panjin_agreement (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = grant (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/authorisations/%" G_GINT64_FORMAT, id);
  g_autoptr(SdTestResponse) response = call (fixture, "consumer-b", "GET", path, NULL);

  /* A12: recorded on the authorisation. */
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (object_of (response), "agreement_acknowledged"));
}

#define ADD(profile_id, name, func) \
  G_STMT_START { \
    g_autofree char *test_path = g_strdup_printf ("/platform/authorisations/%s/%s", profile_id, name); \
    g_test_add (test_path, Fixture, profile_id, fixture_set_up, func, fixture_tear_down); \
  } G_STMT_END

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("mot-2021", "unused-and-revoke", test_mot_unused_and_revoke);
  ADD ("mot-2021", "revoke-rules", test_revoke_rules);
  ADD ("state-council-2016", "revoke-rules", test_revoke_rules);
  ADD ("panjin-2016", "revoke-rules", test_revoke_rules);
  ADD ("panjin-2016", "agreement", test_panjin_agreement);
  return g_test_run ();
}
