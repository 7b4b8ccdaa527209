/* test-platform-changes.c — the change feed (GET /api/v1/changes) over
 * HTTPS: the cursor moves on with each change, each department sees its
 * own objects and public ones only, platform staff see everything, a
 * deleted project comes back as a tombstone, pages follow each other
 * with "more", and a bad cursor or limit is a 400 naming it. */
#include "config.h"

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

typedef struct {
  SdTestPlatform *platform;
  char           *provider_a;
  char           *provider_b;
} Fixture;

#define ENTRY_A_DRAFT     "entry-a-draft"
#define ENTRY_A_PUBLISHED "entry-a-published"
#define ENTRY_B_DRAFT     "entry-b-draft"

static void
seed_entry (SdStorage    *storage,
            const char   *id,
            const char   *resource_code,
            const char   *provider_uscc,
            SdEntryState  state)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (id, resource_code, "道路运输经营许可信息", state);
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_provider_uscc (entry, provider_uscc);
  sd_storage_add_entry (storage, entry, "seed", &error);
  g_assert_no_error (error);
}

static void
seed_cb (SdPlatformServer *server,
         gpointer          user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);

  seed_entry (storage, ENTRY_A_DRAFT, "30702/000001", SD_TEST_USCC_PROVIDER, SD_ENTRY_STATE_DRAFT);
  seed_entry (storage, ENTRY_A_PUBLISHED, "30702/000002", SD_TEST_USCC_PROVIDER,
              SD_ENTRY_STATE_PUBLISHED);
  seed_entry (storage, ENTRY_B_DRAFT, "30702/000003", SD_TEST_USCC_CONSUMER, SD_ENTRY_STATE_DRAFT);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", NULL, seed_cb, NULL);
  fixture->provider_a = sd_test_platform_login (fixture->platform, "provider-a");
  fixture->provider_b = sd_test_platform_login (fixture->platform, "provider-b");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->provider_a);
  g_free (fixture->provider_b);
  sd_test_platform_stop (fixture->platform);
}

static JsonObject *
body_object (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

/* A page of the feed: the response's object (owned by @response). */
static SdTestResponse *
feed (Fixture    *fixture,
      const char *token,
      gint64      since,
      guint       limit)
{
  g_autofree char *path = limit > 0
    ? g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u", since, limit)
    : g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, since);
  SdTestResponse *response = sd_test_platform_request (fixture->platform, "GET", path, token, NULL);

  g_test_message ("GET %s → %u", path, response->status);
  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

static JsonArray *
changes_of (SdTestResponse *response)
{
  return json_object_get_array_member (body_object (response), "changes");
}

static gint64
cursor_of (SdTestResponse *response)
{
  return json_object_get_int_member (body_object (response), "cursor");
}

static gboolean
more_of (SdTestResponse *response)
{
  return json_object_get_boolean_member (body_object (response), "more");
}

/* The change of @type @id in @changes, or NULL. */
static JsonObject *
find_change (JsonArray  *changes,
             const char *type,
             const char *id)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "type"), type) == 0 &&
          g_strcmp0 (json_object_get_string_member (change, "id"), id) == 0)
        return change;
    }
  return NULL;
}

static void
test_visibility (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SdTestResponse) a = feed (fixture, fixture->provider_a, 0, 0);
  g_autoptr(SdTestResponse) b = feed (fixture, fixture->provider_b, 0, 0);
  g_autofree char *consumer_b = sd_test_platform_login (fixture->platform, "consumer-b");
  g_autoptr(SdTestResponse) b_colleague = feed (fixture, consumer_b, 0, 0);
  const char *staff[] = { "support", "supervisor", "admin" };
  JsonObject *change;

  /* Department A: its draft and its published entry, not B's draft. */
  g_assert_nonnull (find_change (changes_of (a), "catalogue-entry", ENTRY_A_DRAFT));
  g_assert_nonnull (find_change (changes_of (a), "catalogue-entry", ENTRY_A_PUBLISHED));
  g_assert_null (find_change (changes_of (a), "catalogue-entry", ENTRY_B_DRAFT));

  /* Department B: A's published entry, not A's draft. */
  g_assert_null (find_change (changes_of (b), "catalogue-entry", ENTRY_A_DRAFT));
  g_assert_nonnull (find_change (changes_of (b), "catalogue-entry", ENTRY_A_PUBLISHED));
  g_assert_nonnull (find_change (changes_of (b), "catalogue-entry", ENTRY_B_DRAFT));
  g_assert_cmpuint (json_array_get_length (changes_of (b_colleague)), ==,
                    json_array_get_length (changes_of (b)));

  change = find_change (changes_of (b), "catalogue-entry", ENTRY_A_PUBLISHED);
  g_assert_cmpint (json_object_get_int_member (change, "seq"), >, 0);
  g_assert_false (json_object_get_boolean_member (change, "deleted"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (change, "at"), "Z"));

  for (gsize i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autofree char *token = sd_test_platform_login (fixture->platform, staff[i]);
      g_autoptr(SdTestResponse) all = feed (fixture, token, 0, 0);

      g_assert_nonnull (find_change (changes_of (all), "catalogue-entry", ENTRY_A_DRAFT));
      g_assert_nonnull (find_change (changes_of (all), "catalogue-entry", ENTRY_A_PUBLISHED));
      g_assert_nonnull (find_change (changes_of (all), "catalogue-entry", ENTRY_B_DRAFT));
      g_assert_false (more_of (all));
    }
}

static char *
create_project (Fixture *fixture)
{
  g_autoptr(SdTestResponse) created =
    sd_test_platform_request (fixture->platform, "POST", "/api/v1/projects", fixture->provider_a,
                              "{\"name\": \"运政系统\", \"entry_ids\": [\"" ENTRY_A_DRAFT "\"]}");

  g_assert_cmpuint (created->status, ==, 201);
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (body_object (created), "id"));
}

static void
test_cursor_and_tombstone (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SdTestResponse) first = feed (fixture, fixture->provider_a, 0, 0);
  g_autoptr(SdTestResponse) b_first = feed (fixture, fixture->provider_b, 0, 0);
  g_autoptr(SdTestResponse) after_create = NULL;
  g_autoptr(SdTestResponse) b_after_create = NULL;
  g_autoptr(SdTestResponse) quiet = NULL;
  g_autoptr(SdTestResponse) deleted = NULL;
  g_autoptr(SdTestResponse) after_delete = NULL;
  g_autoptr(SdTestResponse) b_after_delete = NULL;
  g_autoptr(SdTestResponse) from_start = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *project_path = NULL;
  gint64 cursor = cursor_of (first);
  gint64 b_cursor = cursor_of (b_first);
  JsonObject *change;

  g_assert_cmpint (cursor, >, 0);
  g_assert_false (more_of (first));

  /* One new change after the cursor: the project. */
  project_id = create_project (fixture);
  after_create = feed (fixture, fixture->provider_a, cursor, 0);
  g_assert_cmpuint (json_array_get_length (changes_of (after_create)), ==, 1);
  change = find_change (changes_of (after_create), "project", project_id);
  g_assert_nonnull (change);
  g_assert_false (json_object_get_boolean_member (change, "deleted"));
  g_assert_cmpint (cursor_of (after_create), ==, json_object_get_int_member (change, "seq"));
  g_assert_cmpint (cursor_of (after_create), >, cursor);
  cursor = cursor_of (after_create);

  /* Department B sees nothing new, but its cursor moves past it. */
  b_after_create = feed (fixture, fixture->provider_b, b_cursor, 0);
  g_assert_cmpuint (json_array_get_length (changes_of (b_after_create)), ==, 0);
  g_assert_cmpint (cursor_of (b_after_create), ==, cursor);

  /* Nothing changed: an empty page, the same cursor. */
  quiet = feed (fixture, fixture->provider_a, cursor, 0);
  g_assert_cmpuint (json_array_get_length (changes_of (quiet)), ==, 0);
  g_assert_cmpint (cursor_of (quiet), ==, cursor);
  g_assert_false (more_of (quiet));

  /* Deleted: a tombstone, for department A only. */
  project_path = g_strdup_printf ("/api/v1/projects/%s", project_id);
  deleted = sd_test_platform_request (fixture->platform, "DELETE", project_path, fixture->provider_a, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  after_delete = feed (fixture, fixture->provider_a, cursor, 0);
  g_assert_cmpuint (json_array_get_length (changes_of (after_delete)), ==, 1);
  change = find_change (changes_of (after_delete), "project", project_id);
  g_assert_nonnull (change);
  g_assert_true (json_object_get_boolean_member (change, "deleted"));
  b_after_delete = feed (fixture, fixture->provider_b, cursor_of (b_after_create), 0);
  g_assert_null (find_change (changes_of (b_after_delete), "project", project_id));

  /* A client starting afresh sees the object once, at its latest change. */
  from_start = feed (fixture, fixture->provider_a, 0, 0);
  change = find_change (changes_of (from_start), "project", project_id);
  g_assert_true (json_object_get_boolean_member (change, "deleted"));
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *supervisor = sd_test_platform_login (fixture->platform, "supervisor");
  g_autoptr(SdTestResponse) all = NULL;
  g_autoptr(GArray) paged = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *all_changes;
  gint64 cursor = 0;
  guint pages = 0;

  g_free (create_project (fixture));
  g_free (create_project (fixture));
  all = feed (fixture, supervisor, 0, 0);
  all_changes = changes_of (all);
  g_assert_cmpuint (json_array_get_length (all_changes), >=, 5);

  /* Two at a time, following the cursor until "more" is false. */
  for (;;)
    {
      g_autoptr(SdTestResponse) page = feed (fixture, supervisor, cursor, 2);
      JsonArray *changes = changes_of (page);

      pages++;
      g_assert_cmpuint (json_array_get_length (changes), <=, 2);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (changes, i), "seq");

          g_assert_cmpint (seq, >, cursor);
          g_array_append_val (paged, seq);
        }
      cursor = cursor_of (page);
      if (!more_of (page))
        break;
      g_assert_cmpuint (json_array_get_length (changes), ==, 2);
    }
  g_assert_cmpuint (pages, ==, (json_array_get_length (all_changes) + 1) / 2);
  g_assert_cmpuint (paged->len, ==, json_array_get_length (all_changes));
  for (guint i = 0; i < paged->len; i++)
    g_assert_cmpint (g_array_index (paged, gint64, i), ==,
                     json_object_get_int_member (json_array_get_object_element (all_changes, i), "seq"));
  g_assert_cmpint (cursor, ==, cursor_of (all));
}

static void
test_bad_query (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *query;
    const char *field;
  } bad[] = {
    { "since=-1", "since" },
    { "since=abc", "since" },
    { "since=1.5", "since" },
    { "since=", "since" },
    { "limit=0", "limit" },
    { "limit=1001", "limit" },
    { "limit=ten", "limit" },
  };
  g_autoptr(SdTestResponse) anonymous = sd_test_platform_request (fixture->platform, "GET",
                                                                  "/api/v1/changes", NULL, NULL);
  g_autoptr(SdTestResponse) largest = sd_test_platform_request (fixture->platform, "GET",
                                                                "/api/v1/changes?limit=1000",
                                                                fixture->provider_a, NULL);

  sd_test_assert_problem (anonymous, 401, SD_PROBLEM_UNAUTHENTICATED);
  g_assert_cmpuint (largest->status, ==, 200);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?%s", bad[i].query);
      g_autoptr(SdTestResponse) response = sd_test_platform_request (fixture->platform, "GET", path,
                                                                     fixture->provider_a, NULL);

      g_test_message ("GET %s", path);
      sd_test_assert_problem (response, 400, SD_PROBLEM_BAD_REQUEST);
      g_assert_cmpstr (json_object_get_string_member_with_default (body_object (response), "field", NULL),
                       ==, bad[i].field);
    }
}

#define add_platform_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_platform_test ("/platform/changes/visibility", test_visibility);
  add_platform_test ("/platform/changes/cursor-and-tombstone", test_cursor_and_tombstone);
  add_platform_test ("/platform/changes/paging", test_paging);
  add_platform_test ("/platform/changes/bad-query", test_bad_query);
  return g_test_run ();
}
