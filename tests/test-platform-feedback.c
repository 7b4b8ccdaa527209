/* test-platform-feedback.c — consumers' feedback (A9) over HTTPS: who may
 * give it (a department that has or had an authorisation on the entry),
 * validation of every member with its field, who sees which feedback, and
 * the per-kind aggregates as integers. */
#include "config.h"

#include <string.h>

#include "sd-data-test-seed.h"

typedef struct {
  SdTestPlatform *platform;
  DataSeed        seed;
  GHashTable     *tokens;     /* username → token */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", NULL, seed_data_setup, &fixture->seed);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);
}

static const char *
token (Fixture    *fixture,
       const char *username)
{
  char *found = g_hash_table_lookup (fixture->tokens, username);

  if (found == NULL)
    {
      found = sd_test_platform_login (fixture->platform, username);
      g_hash_table_insert (fixture->tokens, g_strdup (username), found);
    }
  return found;
}

static SdTestResponse *
send_json (Fixture    *fixture,
           const char *user,
           const char *method,
           const char *path,
           const char *body)
{
  g_test_message ("%s %s as %s: %s", method, path, user, body != NULL ? body : "");
  return sd_test_platform_request (fixture->platform, method, path, token (fixture, user), body);
}

static JsonObject *
object (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static void
assert_status (SdTestResponse *response,
               guint           status)
{
  if (response->status != status)
    {
      g_autofree char *body = response->json != NULL ? json_to_string (response->json, FALSE) : NULL;

      g_error ("status %u, expected %u: %s", response->status, status, body);
    }
}

static guint
count_denials (Fixture    *fixture,
               const char *actor)
{
  g_autoptr(SdTestResponse) page = send_json (fixture, "supervisor", "GET", "/api/v1/audit?limit=1000", NULL);
  JsonArray *records;
  guint count = 0;

  assert_status (page, 200);
  records = json_object_get_array_member (object (page), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member (record, "action"), "authz.denied") == 0)
        count++;
    }
  return count;
}

static void
give (Fixture    *fixture,
      const char *kind,
      guint       rating)
{
  g_autofree char *body = g_strdup_printf ("{\"entry_id\": \"entry-data\", \"kind\": \"%s\", \"rating\": %u}",
                                           kind, rating);
  g_autoptr(SdTestResponse) response = send_json (fixture, "consumer-b", "POST", "/api/v1/feedback", body);

  assert_status (response, 201);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SdTestResponse) created =
    send_json (fixture, "consumer-b", "POST", "/api/v1/feedback",
               "{\"entry_id\": \"entry-data\", \"kind\": \"data-quality\", \"rating\": 4,"
               " \"comment\": \"数据及时，个别字段为空\"}");
  g_autoptr(SdTestResponse) audit = NULL;
  g_autoptr(SdTestResponse) no_comment = NULL;
  JsonArray *records;
  gboolean audited = FALSE;

  assert_status (created, 201);
  g_assert_cmpstr (json_object_get_string_member (object (created), "entry_id"), ==, "entry-data");
  g_assert_cmpstr (json_object_get_string_member (object (created), "department"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (json_object_get_string_member (object (created), "kind"), ==, "data-quality");
  g_assert_cmpint (json_object_get_int_member (object (created), "rating"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object (created), "comment"), ==, "数据及时，个别字段为空");
  g_assert_cmpstr (json_object_get_string_member (object (created), "author"), ==, "consumer-b");

  no_comment = send_json (fixture, "consumer-b", "POST", "/api/v1/feedback",
                          "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 5, \"comment\": null}");
  assert_status (no_comment, 201);
  g_assert_true (json_object_get_null_member (object (no_comment), "comment"));

  audit = send_json (fixture, "supervisor", "GET", "/api/v1/audit?limit=1000", NULL);
  records = json_object_get_array_member (object (audit), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (records, i), "action"),
                   "feedback.create") == 0)
      audited = TRUE;
  g_assert_true (audited);
}

typedef struct {
  const char *name;
  const char *body;
  guint       status;
  const char *field;
} BadFeedback;

static const BadFeedback bad_feedback[] = {
  { "rating-zero", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 0}", 422, "rating" },
  { "rating-six", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 6}", 422, "rating" },
  { "rating-string", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": \"5\"}", 400, "rating" },
  { "rating-fraction", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 4.5}", 400, "rating" },
  { "rating-null", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": null}", 400, "rating" },
  { "rating-missing", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\"}", 422, "rating" },
  { "kind-unknown", "{\"entry_id\": \"entry-data\", \"kind\": \"speed\", \"rating\": 3}", 422, "kind" },
  { "kind-missing", "{\"entry_id\": \"entry-data\", \"rating\": 3}", 422, "kind" },
  { "entry-missing", "{\"kind\": \"effect\", \"rating\": 3}", 422, "entry_id" },
  { "comment-number", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 3, \"comment\": 1}", 400,
    "comment" },
  { "unknown-member", "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 3, \"x\": 1}", 400, "x" },
  { "not-an-object", "[1]", 400, NULL },
  { "entry-unknown", "{\"entry_id\": \"entry-none\", \"kind\": \"effect\", \"rating\": 3}", 404, NULL },
};

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SdTestResponse) list = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_feedback); i++)
    {
      const BadFeedback *bad = &bad_feedback[i];
      g_autoptr(SdTestResponse) response = NULL;

      g_test_message ("bad feedback: %s", bad->name);
      response = send_json (fixture, "consumer-b", "POST", "/api/v1/feedback", bad->body);
      assert_status (response, bad->status);
      g_assert_cmpstr (response->content_type, ==, "application/problem+json");
      g_assert_cmpstr (json_object_get_string_member_with_default (object (response), "field", NULL), ==,
                       bad->field);
    }
  list = send_json (fixture, "supervisor", "GET", "/api/v1/feedback", NULL);
  assert_status (list, 200);
  g_assert_cmpint (json_object_get_int_member (object (list), "total"), ==, 0);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const not_consumers[] = { "provider-a", "provider-b", "support", "supervisor", "admin" };
  static const char body[] = "{\"entry_id\": \"entry-data\", \"kind\": \"effect\", \"rating\": 3}";
  g_autoptr(SdTestResponse) other_entry = NULL;
  g_autoptr(SdTestResponse) other_department = NULL;
  g_autoptr(SdTestResponse) after_revoke = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (not_consumers); i++)
    {
      g_autoptr(SdTestResponse) response = send_json (fixture, not_consumers[i], "POST", "/api/v1/feedback", body);

      sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
      g_assert_cmpuint (count_denials (fixture, not_consumers[i]), ==, 1);
    }
  /* Never authorised on that entry, or not that department. */
  other_entry = send_json (fixture, "consumer-b", "POST", "/api/v1/feedback",
                           "{\"entry_id\": \"entry-other\", \"kind\": \"effect\", \"rating\": 3}");
  sd_test_assert_problem (other_entry, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_denials (fixture, "consumer-b"), ==, 1);
  other_department = send_json (fixture, "consumer-a", "POST", "/api/v1/feedback", body);
  sd_test_assert_problem (other_department, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_denials (fixture, "consumer-a"), ==, 1);

  /* Feedback on data once used outlives the authorisation. */
  g_assert_true (sd_storage_revoke_authorisation (fixture->seed.storage, fixture->seed.authorisation_id,
                                                  "supervisor", "期满", now, &error));
  g_assert_no_error (error);
  after_revoke = send_json (fixture, "consumer-b", "POST", "/api/v1/feedback", body);
  assert_status (after_revoke, 201);
}

static JsonObject *
aggregate (SdTestResponse *response,
           const char     *kind)
{
  return json_object_get_object_member (json_object_get_object_member (object (response), "aggregates"), kind);
}

static void
test_list_and_aggregates (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const sees_all[] = { "provider-a", "consumer-a", "consumer-b", "provider-b",
                                           "support", "supervisor", "admin" };
  g_autoptr(SdTestResponse) paged = NULL;
  g_autoptr(SdTestResponse) other_entry = NULL;
  g_autoptr(SdTestResponse) bad_paging = NULL;

  give (fixture, "needs-met", 5);
  give (fixture, "needs-met", 4);
  give (fixture, "data-quality", 3);
  give (fixture, "needs-met", 4);

  /* Everyone here is concerned: the provider's department (provider-a,
   * consumer-a), the giving department (consumer-b, provider-b), staff. */
  for (gsize i = 0; i < G_N_ELEMENTS (sees_all); i++)
    {
      g_autoptr(SdTestResponse) list = send_json (fixture, sees_all[i], "GET", "/api/v1/feedback?entry_id=entry-data",
                                                  NULL);

      assert_status (list, 200);
      g_assert_cmpint (json_object_get_int_member (object (list), "total"), ==, 4);
      g_assert_cmpint (json_object_get_int_member (aggregate (list, "needs-met"), "count"), ==, 3);
      /* (5 + 4 + 4) / 3 = 4.33… → 43 */
      g_assert_cmpint (json_object_get_int_member (aggregate (list, "needs-met"), "average_rating_x10"), ==, 43);
      g_assert_cmpint (json_object_get_int_member (aggregate (list, "data-quality"), "count"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (aggregate (list, "data-quality"), "average_rating_x10"), ==, 30);
      g_assert_cmpint (json_object_get_int_member (aggregate (list, "effect"), "count"), ==, 0);
      g_assert_true (json_object_get_null_member (aggregate (list, "effect"), "average_rating_x10"));
    }

  paged = send_json (fixture, "consumer-b", "GET", "/api/v1/feedback?offset=1&limit=2", NULL);
  assert_status (paged, 200);
  g_assert_cmpint (json_object_get_int_member (object (paged), "total"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (paged), "items")), ==, 2);
  /* Newest first: the second newest is the data-quality one. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object (paged), "items"), 0), "kind"), ==, "data-quality");

  other_entry = send_json (fixture, "supervisor", "GET", "/api/v1/feedback?entry_id=entry-other", NULL);
  assert_status (other_entry, 200);
  g_assert_cmpint (json_object_get_int_member (object (other_entry), "total"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (aggregate (other_entry, "needs-met"), "count"), ==, 0);

  bad_paging = send_json (fixture, "supervisor", "GET", "/api/v1/feedback?limit=x", NULL);
  sd_test_assert_problem (bad_paging, 400, SD_PROBLEM_BAD_REQUEST);
}

/* A department neither giving nor providing sees none of it. */
static void
test_list_scoped (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SdTestResponse) created = NULL;
  g_autoptr(SdTestResponse) list = NULL;

  give (fixture, "effect", 2);
  created = send_json (fixture, "admin", "POST", "/api/v1/departments",
                       "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"市交通运输局\","
                       " \"responsible_person\": \"王局长\", \"contact\": \"0427-1234567\"}");
  assert_status (created, 201);
  g_clear_pointer (&created, sd_test_response_free);
  created = send_json (fixture, "admin", "POST", "/api/v1/users",
                       "{\"username\": \"consumer-c\", \"display_name\": \"丙\", \"department\": \""
                       SD_TEST_USCC_OTHER "\", \"roles\": [\"consumer\"], \"password\": \"a-long-enough-password\"}");
  assert_status (created, 201);
  {
    g_autoptr(SdTestResponse) login =
      sd_test_platform_request (fixture->platform, "POST", "/api/v1/session", NULL,
                                "{\"username\": \"consumer-c\", \"password\": \"a-long-enough-password\"}");
    const char *other_token;

    assert_status (login, 201);
    other_token = json_object_get_string_member (object (login), "token");
    list = sd_test_platform_request (fixture->platform, "GET", "/api/v1/feedback", other_token, NULL);
  }
  assert_status (list, 200);
  g_assert_cmpint (json_object_get_int_member (object (list), "total"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (aggregate (list, "effect"), "count"), ==, 0);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/platform/feedback/create", test_create);
  add_test ("/platform/feedback/validation", test_validation);
  add_test ("/platform/feedback/refused", test_refused);
  add_test ("/platform/feedback/list-and-aggregates", test_list_and_aggregates);
  add_test ("/platform/feedback/list-scoped", test_list_scoped);
  return g_test_run ();
}
