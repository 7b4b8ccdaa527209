/* test-platform-applications.c — data-use applications over HTTPS under
 * the three profiles: the flows end to end, every refusal (roles and
 * departments with their "authz.denied" audit rows, bad input naming the
 * field, unknown objects, conflicts, stale versions), attachments, and
 * two reviewers deciding at once.
 *
 * Deadlines across the Spring Festival, counted by hand on the built-in
 * 2026 calendar (holidays 2026-02-15..23, 调休 workdays Sat 2026-02-14 and
 * Sat 2026-02-28; counting starts the day after the stage starts):
 *   submitted Thu 2026-02-12, mot-2021 support first review, 3 wd:
 *     Fri 02-13 (1), Sat 02-14 (2), [15..23 off], Tue 02-24 (3) → 2026-02-24
 *   mot-2021 provider review, 7 wd from Wed 2026-02-25:
 *     02-26 (1), 02-27 (2), Sat 02-28 (3), 03-02 (4), 03-03 (5), 03-04 (6),
 *     03-05 (7) → 2026-03-05
 *   submitted Thu 2026-02-12, state-council-2016 provider review, 10 wd:
 *     02-13, 02-14, 02-24, 02-25, 02-26, 02-27, 02-28, 03-02, 03-03,
 *     03-04 (10) → 2026-03-04
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

#define E_UNCONDITIONAL "entry-uncond"
#define E_CONDITIONAL   "entry-cond"
#define E_NOT_SHARED    "entry-not-shared"
#define E_EXTERNAL      "entry-external"
#define E_SPECIAL       "entry-special"
#define E_SPECIAL_OTHER "entry-special-other"
#define E_DRAFT         "entry-draft"

static const char * const users[] = {
  "provider-a", "consumer-a", "provider-b", "consumer-b", "support", "supervisor", "admin",
};

typedef struct {
  SdTestPlatform *platform;
  GHashTable     *tokens;     /* username → bearer token */
} Fixture;

/* --- seeding ------------------------------------------------------------- */

static void
add_entry (SdStorage          *storage,
           const char         *id,
           const char         *resource_code,
           const char         *share_type,
           gboolean            external,
           const char * const *recipients,
           SdEntryState        state)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (id, resource_code, "道路运输车辆基础信息", state);
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_classification_code (entry, "1020101");
  sd_catalogue_entry_set_provider_name (entry, "交通运输部运输服务司");
  sd_catalogue_entry_set_share_type (entry, share_type);
  sd_catalogue_entry_set_external (entry, external);
  if (recipients != NULL)
    sd_catalogue_entry_set_share_recipients (entry, recipients);
  g_assert_true (sd_storage_add_entry (storage, entry, "system", &error));
  g_assert_no_error (error);
}

/* Entries of provider-a's department (SD_TEST_USCC_PROVIDER), applied for
 * by consumer-b (SD_TEST_USCC_CONSUMER). */
static void
seed_entries (SdPlatformServer *server,
              gpointer          user_data)
{
  const char *profile_id = user_data;
  SdStorage *storage = sd_platform_server_get_storage (server);
  const char * const consumer_only[] = { SD_TEST_USCC_CONSUMER, NULL };
  const char * const other_only[] = { SD_TEST_USCC_OTHER, NULL };

  add_entry (storage, E_UNCONDITIONAL, "1020101/000001", "unconditional", FALSE, NULL,
             SD_ENTRY_STATE_PUBLISHED);
  add_entry (storage, E_CONDITIONAL, "1020101/000002", "conditional", FALSE, NULL,
             SD_ENTRY_STATE_PUBLISHED);
  add_entry (storage, E_EXTERNAL, "1020101/000004", "conditional", TRUE, NULL,
             SD_ENTRY_STATE_PUBLISHED);
  add_entry (storage, E_DRAFT, "1020101/000007", "conditional", FALSE, NULL, SD_ENTRY_STATE_DRAFT);
  if (g_str_equal (profile_id, "panjin-2016"))
    {
      add_entry (storage, E_SPECIAL, "1020101/000005", "special", FALSE, consumer_only,
                 SD_ENTRY_STATE_PUBLISHED);
      add_entry (storage, E_SPECIAL_OTHER, "1020101/000006", "special", FALSE, other_only,
                 SD_ENTRY_STATE_PUBLISHED);
    }
  else
    add_entry (storage, E_NOT_SHARED, "1020101/000003", "not-shared", FALSE, NULL,
               SD_ENTRY_STATE_PUBLISHED);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup (data, NULL, seed_entries, (gpointer) data);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);
}

/* --- requests ------------------------------------------------------------ */

static const char *
token (Fixture    *fixture,
       const char *user)
{
  const char *value = g_hash_table_lookup (fixture->tokens, user);

  /* Logging in is slow (argon2id): only the users a test needs, once. */
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

static void
assert_problem_field (SdTestResponse *response,
                      guint           status,
                      const char     *type,
                      const char     *field)
{
  sd_test_assert_problem (response, status, type);
  g_assert_cmpstr (json_object_get_string_member_with_default (object_of (response), "field", NULL),
                   ==, field);
}

/* Submits as consumer-b; returns the application's number. */
static gint64
submit (Fixture    *fixture,
        const char *entry_id,
        const char *purpose_kind)
{
  g_autofree char *body = g_strdup_printf ("{\"entry_id\": \"%s\", \"purpose\": \"道路运输行政执法核查\"%s%s%s}",
                                           entry_id,
                                           purpose_kind != NULL ? ", \"purpose_kind\": \"" : "",
                                           purpose_kind != NULL ? purpose_kind : "",
                                           purpose_kind != NULL ? "\"" : "");
  g_autoptr(SdTestResponse) response = call (fixture, "consumer-b", "POST", "/api/v1/applications", body);
  g_autofree char *location = NULL;
  gint64 id;

  g_assert_cmpuint (response->status, ==, 201);
  id = json_object_get_int_member (object_of (response), "id");
  location = g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, location);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, "\"1\"");
  g_assert_cmpint (json_object_get_int_member (object_of (response), "version"), ==, 1);
  return id;
}

static char *
app_path (gint64      id,
          const char *suffix)
{
  return g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT "%s", id, suffix != NULL ? suffix : "");
}

static SdTestResponse *
act (Fixture    *fixture,
     const char *user,
     gint64      id,
     const char *body)
{
  g_autofree char *path = app_path (id, "/actions");

  return call (fixture, user, "POST", path, body);
}

static void
act_ok (Fixture    *fixture,
        const char *user,
        gint64      id,
        const char *body)
{
  g_autoptr(SdTestResponse) response = act (fixture, user, id, body);

  g_assert_cmpuint (response->status, ==, 200);
}

static SdTestResponse *
get_app (Fixture    *fixture,
         const char *user,
         gint64      id)
{
  g_autofree char *path = app_path (id, NULL);

  return call (fixture, user, "GET", path, NULL);
}

static const char *
nullable_member (JsonObject *object,
                 const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* The application as consumer-b sees it is at @state, @stage, whose turn
 * is @role, due on @due (NULL: none; "*": any). */
static void
assert_app (Fixture    *fixture,
            gint64      id,
            const char *state,
            const char *stage,
            const char *role,
            const char *due)
{
  g_autoptr(SdTestResponse) response = get_app (fixture, "consumer-b", id);
  JsonObject *app;

  g_assert_cmpuint (response->status, ==, 200);
  app = object_of (response);
  g_assert_cmpstr (json_object_get_string_member (app, "state"), ==, state);
  g_assert_cmpstr (nullable_member (app, "stage"), ==, stage);
  g_assert_cmpstr (nullable_member (app, "current_role"), ==, role);
  if (g_strcmp0 (due, "*") != 0)
    g_assert_cmpstr (nullable_member (app, "due_date"), ==, due);
  g_assert_cmpstr (json_object_get_string_member (app, "entry_name"), ==, "道路运输车辆基础信息");
}

static gint64
app_int (Fixture    *fixture,
         gint64      id,
         const char *member)
{
  g_autoptr(SdTestResponse) response = get_app (fixture, "supervisor", id);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (response), member)));
  return json_object_get_int_member (object_of (response), member);
}

static gboolean
app_flag (Fixture    *fixture,
          gint64      id,
          const char *member)
{
  g_autoptr(SdTestResponse) response = get_app (fixture, "supervisor", id);

  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_boolean_member (object_of (response), member);
}

/* How often the audit log has @action by @actor on @object_id (any when
 * NULL), read through GET /audit as the supervisor. */
static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action,
             const char *object_id)
{
  gint64 after = 0;
  guint count = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/audit?after=%" G_GINT64_FORMAT "&limit=1000", after);
      g_autoptr(SdTestResponse) page = call (fixture, "supervisor", "GET", path, NULL);
      JsonArray *records;
      JsonNode *next;

      g_assert_cmpuint (page->status, ==, 200);
      records = json_object_get_array_member (object_of (page), "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);

          if (g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0 &&
              (actor == NULL || g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0) &&
              (object_id == NULL ||
               g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL),
                          object_id) == 0))
            count++;
        }
      next = json_object_get_member (object_of (page), "next_after");
      if (JSON_NODE_HOLDS_NULL (next))
        return count;
      after = json_node_get_int (next);
    }
}

/* @user's attempt is refused 403 and audited as authz.denied. */
static void
assert_denied (Fixture        *fixture,
               SdTestResponse *response,
               const char     *user)
{
  sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, user, "authz.denied", NULL), >, 0);
}

static void
act_denied (Fixture    *fixture,
            const char *user,
            gint64      id,
            const char *body)
{
  g_autoptr(SdTestResponse) response = act (fixture, user, id, body);
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  guint before = count_audit (fixture, user, "authz.denied", object_id);

  /* count_audit above already sees this denial: it was audited in the
   * handler's transaction. */
  sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (before, >, 0);
}

/* A page of GET @path as @user: its items. */
static guint
list_count (Fixture    *fixture,
            const char *user,
            const char *path,
            gint64      must_contain)
{
  g_autoptr(SdTestResponse) response = call (fixture, user, "GET", path, NULL);
  JsonArray *items;
  gboolean found = must_contain == 0;

  g_assert_cmpuint (response->status, ==, 200);
  items = json_object_get_array_member (object_of (response), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == must_contain)
      found = TRUE;
  g_assert_true (found);
  g_assert_cmpint (json_object_get_int_member (object_of (response), "total"), >=,
                   json_array_get_length (items));
  return json_array_get_length (items);
}

static guint
authorisations_for (Fixture *fixture,
                    gint64   application_id)
{
  g_autoptr(SdTestResponse) response = call (fixture, "supervisor", "GET", "/api/v1/authorisations", NULL);
  JsonArray *items;
  guint count = 0;

  g_assert_cmpuint (response->status, ==, 200);
  items = json_object_get_array_member (object_of (response), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "application_id") ==
        application_id)
      count++;
  return count;
}

/* --- every profile ------------------------------------------------------- */

static void
test_unconditional (Fixture       *fixture,
                    gconstpointer  data)
{
  gboolean panjin = g_str_equal (data, "panjin-2016");
  gint64 id = submit (fixture, E_UNCONDITIONAL, NULL);
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_assert_cmpuint (count_audit (fixture, "consumer-b", "application.submit", object_id), ==, 1);
  if (!panjin)
    {
      /* A3: authorised at once, with its authorisation. */
      assert_app (fixture, id, "authorised", NULL, NULL, NULL);
      g_assert_cmpuint (authorisations_for (fixture, id), ==, 1);
      return;
    }
  /* A12, panjin-2016 art. 32: the agreement first. */
  assert_app (fixture, id, "agreement-pending", NULL, "consumer", NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 0);
  act_denied (fixture, "consumer-a", id, "{\"action\": \"acknowledge-agreement\"}");
  act_denied (fixture, "support", id, "{\"action\": \"acknowledge-agreement\"}");
  act_ok (fixture, "consumer-b", id, "{\"action\": \"acknowledge-agreement\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "application.acknowledge-agreement", object_id), ==, 1);
}

/* Submission checks, visibility and boxes, the same in every profile. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 id = submit (fixture, E_CONDITIONAL, NULL);
  g_autoptr(SdTestResponse) response = NULL;

  response = call (fixture, "consumer-b", "POST", "/api/v1/applications", "{\"entry_id\": \"" E_CONDITIONAL "\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "purpose");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_CONDITIONAL "\", \"purpose\": 3}");
  assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, "purpose");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_CONDITIONAL "\", \"purpose\": \"p\", \"colour\": \"red\"}");
  assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, "colour");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"entry-none\", \"purpose\": \"p\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "entry_id");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_DRAFT "\", \"purpose\": \"p\"}");
  g_assert_cmpuint (response->status, >=, 409);
  g_assert_cmpuint (response->status, <=, 422);
  g_clear_pointer (&response, sd_test_response_free);
  /* Providers do not apply; a department does not apply for its own entry. */
  response = call (fixture, "provider-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_CONDITIONAL "\", \"purpose\": \"p\"}");
  assert_denied (fixture, response, "provider-b");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-a", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_CONDITIONAL "\", \"purpose\": \"p\"}");
  g_assert_cmpuint (response->status, >=, 400);
  g_assert_cmpuint (response->status, <, 500);
  g_clear_pointer (&response, sd_test_response_free);

  /* Who sees it. */
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(SdTestResponse) seen = get_app (fixture, users[i], id);
      gboolean may = !g_str_equal (users[i], "consumer-a") && !g_str_equal (users[i], "provider-b") &&
                     !g_str_equal (users[i], "admin");

      if (may)
        g_assert_cmpuint (seen->status, ==, 200);
      else
        assert_denied (fixture, seen, users[i]);
    }
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications/999999", NULL);
  sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications/abc", NULL);
  sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
  g_clear_pointer (&response, sd_test_response_free);

  /* Actions: unknown ones, wrong types, other departments. */
  response = act (fixture, "consumer-b", id, "{\"action\": \"dance\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "action");
  g_clear_pointer (&response, sd_test_response_free);
  response = act (fixture, "consumer-b", id, "{\"action\": \"withdraw\", \"note\": 1}");
  assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, "note");
  g_clear_pointer (&response, sd_test_response_free);
  act_denied (fixture, "consumer-a", id, "{\"action\": \"withdraw\"}");
  act_denied (fixture, "provider-b", id, "{\"action\": \"approve\"}");
  act_denied (fixture, "consumer-b", id, "{\"action\": \"approve\"}");

  /* Boxes. */
  list_count (fixture, "consumer-b", "/api/v1/applications?box=mine", id);
  list_count (fixture, "provider-a", "/api/v1/applications?box=mine", id);
  g_assert_cmpuint (list_count (fixture, "consumer-a", "/api/v1/applications?box=mine", 0), ==, 0);
  list_count (fixture, "supervisor", "/api/v1/applications", id);
  list_count (fixture, "support", "/api/v1/applications?box=all&state=in-review", id);
  g_assert_cmpuint (list_count (fixture, "supervisor", "/api/v1/applications?state=withdrawn", 0), ==, 0);
  g_assert_cmpuint (list_count (fixture, "consumer-b", "/api/v1/applications?box=mine&limit=1&offset=5", 0), ==, 0);
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications?box=all", NULL);
  assert_denied (fixture, response, "consumer-b");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications?box=delegated", NULL);
  assert_denied (fixture, response, "consumer-b");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications?box=inbox", NULL);
  assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, "box");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-b", "GET", "/api/v1/applications?overdue=yes", NULL);
  assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, "overdue");
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "admin", "GET", "/api/v1/applications", NULL);
  assert_denied (fixture, response, "admin");
  g_clear_pointer (&response, sd_test_response_free);

  /* Withdrawing ends it; nothing follows a final state. */
  act_ok (fixture, "consumer-b", id, "{\"action\": \"withdraw\"}");
  assert_app (fixture, id, "withdrawn", NULL, NULL, NULL);
  response = act (fixture, "consumer-b", id, "{\"action\": \"withdraw\"}");
  sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);
}

/* --- mot-2021 ------------------------------------------------------------ */

static void
test_mot_conditional (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SdTestResponse) response = NULL;
  g_autofree char *object_id = NULL;
  gint64 id;

  log_in_everyone (fixture);
  sd_test_platform_set_today (fixture->platform, "2026-02-12");
  id = submit (fixture, E_CONDITIONAL, NULL);
  /* A4: support first, 3 wd across the Spring Festival. */
  assert_app (fixture, id, "in-review", "support-first-review", "support", "2026-02-24");
  g_assert_cmpint (app_int (fixture, id, "working_days_left"), ==, 3);
  g_assert_false (app_flag (fixture, id, "due_uncovered"));
  list_count (fixture, "support", "/api/v1/applications?box=to-review", id);
  g_assert_cmpuint (list_count (fixture, "provider-a", "/api/v1/applications?box=to-review", 0), ==, 0);
  act_denied (fixture, "provider-a", id, "{\"action\": \"approve\"}");

  /* Overdue the day after. */
  sd_test_platform_set_today (fixture->platform, "2026-02-25");
  g_assert_true (app_flag (fixture, id, "overdue"));
  g_assert_cmpint (app_int (fixture, id, "working_days_left"), ==, -1);
  list_count (fixture, "support", "/api/v1/applications?overdue=true", id);

  response = act (fixture, "support", id, "{\"action\": \"refuse\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "basis");
  g_clear_pointer (&response, sd_test_response_free);
  act_ok (fixture, "support", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "in-review", "provider-review", "provider", "2026-03-05");
  g_assert_false (app_flag (fixture, id, "overdue"));
  g_assert_cmpuint (list_count (fixture, "support", "/api/v1/applications?overdue=true", 0), ==, 0);
  list_count (fixture, "provider-a", "/api/v1/applications?box=to-review", id);
  act_denied (fixture, "support", id, "{\"action\": \"approve\"}");
  act_denied (fixture, "provider-b", id, "{\"action\": \"approve\"}");

  act_ok (fixture, "provider-a", id, "{\"action\": \"approve\", \"comment\": \"同意\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 1);
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "application.approve", object_id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "support", "application.approve", object_id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authorisation.grant", NULL), ==, 1);
}

static void
test_mot_refuse_and_materials (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SdTestResponse) response = NULL;
  gint64 id = submit (fixture, E_CONDITIONAL, NULL);

  response = act (fixture, "support", id, "{\"action\": \"request-materials\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "materials");
  g_clear_pointer (&response, sd_test_response_free);
  act_ok (fixture, "support", id, "{\"action\": \"request-materials\", \"materials\": \"执法证件复印件\"}");
  assert_app (fixture, id, "materials-requested", "support-first-review", "consumer", NULL);
  list_count (fixture, "consumer-b", "/api/v1/applications?box=to-review", id);
  response = act (fixture, "consumer-b", id, "{\"action\": \"supply-materials\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "note");
  g_clear_pointer (&response, sd_test_response_free);
  act_denied (fixture, "consumer-a", id, "{\"action\": \"supply-materials\", \"note\": \"n\"}");
  act_ok (fixture, "consumer-b", id, "{\"action\": \"supply-materials\", \"note\": \"已上传\"}");
  g_assert_cmpstr (nullable_member (object_of (response = get_app (fixture, "consumer-b", id)), "state"),
                   ==, "in-review");
  g_clear_pointer (&response, sd_test_response_free);

  act_ok (fixture, "support", id, "{\"action\": \"refuse\", \"basis\": \"《数据安全法》第三十八条\"}");
  assert_app (fixture, id, "refused", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 0);
  /* mot-2021 negotiates only over not-shared data. */
  response = act (fixture, "consumer-b", id, "{\"action\": \"escalate\", \"reason\": \"r\"}");
  sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);
}

static void
test_mot_delegation (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 id = submit (fixture, E_CONDITIONAL, NULL);
  g_autoptr(SdTestResponse) response = NULL;

  response = act (fixture, "provider-a", id, "{\"action\": \"delegate\"}");
  sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);   /* the support’s own stage: nothing to delegate */
  g_clear_pointer (&response, sd_test_response_free);
  act_ok (fixture, "support", id, "{\"action\": \"approve\"}");
  g_assert_cmpuint (list_count (fixture, "provider-a", "/api/v1/applications?box=delegated", 0), ==, 0);
  act_denied (fixture, "provider-b", id, "{\"action\": \"delegate\"}");
  act_ok (fixture, "provider-a", id, "{\"action\": \"delegate\"}");
  /* A6: the support decides; the provider sees it. */
  assert_app (fixture, id, "in-review", "provider-review", "support", "*");
  g_assert_true (app_flag (fixture, id, "delegated"));
  list_count (fixture, "provider-a", "/api/v1/applications?box=delegated", id);
  list_count (fixture, "support", "/api/v1/applications?box=to-review", id);
  act_denied (fixture, "provider-a", id, "{\"action\": \"approve\"}");
  act_ok (fixture, "support", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
  list_count (fixture, "provider-a", "/api/v1/applications?box=delegated", id);
}

static void
test_mot_external (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 id = submit (fixture, E_EXTERNAL, NULL);

  /* A7, art. 13: the supervisor authorises out-of-industry data. */
  assert_app (fixture, id, "in-review", "supervisor-approval", "supervisor", NULL);
  act_denied (fixture, "support", id, "{\"action\": \"approve\"}");
  act_denied (fixture, "provider-a", id, "{\"action\": \"approve\"}");
  list_count (fixture, "supervisor", "/api/v1/applications?box=to-review", id);
  act_ok (fixture, "supervisor", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 1);
}

static void
test_not_shared (Fixture       *fixture,
                 gconstpointer  data)
{
  gboolean sc = g_str_equal (data, "state-council-2016");
  gint64 id = submit (fixture, E_NOT_SHARED, NULL);
  g_autofree char *object_id = NULL;
  g_autoptr(SdTestResponse) response = NULL;
  g_autoptr(SdTestResponse) page = NULL;
  JsonObject *first;

  /* A5: negotiation between the departments. */
  assert_app (fixture, id, "negotiating", "departments", "provider", NULL);
  list_count (fixture, "consumer-b", "/api/v1/negotiations", id);
  list_count (fixture, "provider-a", "/api/v1/negotiations", id);
  list_count (fixture, "supervisor", "/api/v1/negotiations", id);
  g_assert_cmpuint (list_count (fixture, "consumer-a", "/api/v1/negotiations", 0), ==, 0);
  response = call (fixture, "support", "GET", "/api/v1/negotiations", NULL);
  assert_denied (fixture, response, "support");
  g_clear_pointer (&response, sd_test_response_free);
  page = call (fixture, "consumer-b", "GET", "/api/v1/negotiations", NULL);
  first = json_array_get_object_element (json_object_get_array_member (object_of (page), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "stage"), ==, "departments");

  response = act (fixture, "provider-a", id, "{\"action\": \"refuse\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "basis");
  g_clear_pointer (&response, sd_test_response_free);
  act_ok (fixture, "provider-a", id, "{\"action\": \"refuse\", \"basis\": \"法律禁止共享\"}");
  if (!sc)
    {
      /* mot-2021 has one level only. */
      response = act (fixture, "consumer-b", id, "{\"action\": \"escalate\", \"reason\": \"r\"}");
      sd_test_assert_problem (response, 409, SD_PROBLEM_CONFLICT);
      return;
    }
  /* state-council-2016: the sharing authority, then the joint conference. */
  response = act (fixture, "consumer-b", id, "{\"action\": \"escalate\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "reason");
  g_clear_pointer (&response, sd_test_response_free);
  act_denied (fixture, "consumer-a", id, "{\"action\": \"escalate\", \"reason\": \"r\"}");
  act_ok (fixture, "consumer-b", id, "{\"action\": \"escalate\", \"reason\": \"履行职责确需使用\"}");
  assert_app (fixture, id, "negotiating", "sharing-authority", "supervisor", NULL);
  act_denied (fixture, "provider-a", id, "{\"action\": \"approve\"}");
  act_ok (fixture, "supervisor", id, "{\"action\": \"refuse\", \"basis\": \"b\"}");
  act_ok (fixture, "consumer-b", id, "{\"action\": \"escalate\", \"reason\": \"涉及中央有关部门\"}");
  assert_app (fixture, id, "negotiating", "joint-conference", "supervisor", NULL);
  act_ok (fixture, "supervisor", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, id), ==, 1);
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "application.escalate", object_id), ==, 2);
  g_assert_cmpuint (count_audit (fixture, "supervisor", "application.refuse", object_id), ==, 1);
}

static void
test_development (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = submit (fixture, E_UNCONDITIONAL, "development");
  g_autoptr(SdTestResponse) response = NULL;

  if (!g_str_equal (data, "panjin-2016"))
    {
      /* Only panjin-2016 has a development approval: recorded only. */
      assert_app (fixture, id, "authorised", NULL, NULL, NULL);
      return;
    }
  /* A13, art. 24: the big-data center approves development use. */
  assert_app (fixture, id, "in-review", "center-development-approval", "support", NULL);
  act_ok (fixture, "support", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "agreement-pending", NULL, "consumer", NULL);
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_UNCONDITIONAL "\", \"purpose\": \"p\", \"purpose_kind\": \"leisure\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "purpose_kind");
}

/* --- state-council-2016 -------------------------------------------------- */

static void
test_sc_conditional (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 id;

  log_in_everyone (fixture);
  sd_test_platform_set_today (fixture->platform, "2026-02-12");
  id = submit (fixture, E_CONDITIONAL, NULL);
  /* A4s: one stage, 10 wd. */
  assert_app (fixture, id, "in-review", "provider-review", "provider", "2026-03-04");
  g_assert_cmpint (app_int (fixture, id, "working_days_left"), ==, 10);
  act_denied (fixture, "support", id, "{\"action\": \"approve\"}");
  sd_test_platform_set_today (fixture->platform, "2026-03-05");
  g_assert_true (app_flag (fixture, id, "overdue"));
  list_count (fixture, "provider-a", "/api/v1/applications?box=to-review&overdue=true", id);
  act_ok (fixture, "provider-a", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "authorised", NULL, NULL, NULL);
}

/* Two reviewers deciding at once, each over their own connection. */
typedef struct {
  SdTestPlatform *platform;
  const char     *token;
  char           *path;
  const char     *body;
  const char     *if_match;
  GMutex         *lock;
  GCond          *cond;
  gboolean       *go;
  guint           status;
} Racer;

static gpointer
race_cb (gpointer data)
{
  Racer *racer = data;
  g_autoptr(SoupSession) session = sd_test_platform_session_new ("ca.pem");
  g_autofree char *url = g_strconcat (sd_test_platform_base_url (racer->platform), racer->path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *authorization = g_strconcat ("Bearer ", racer->token, NULL);
  g_autoptr(GBytes) body = g_bytes_new (racer->body, strlen (racer->body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (racer->if_match != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "If-Match", racer->if_match);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  g_mutex_lock (racer->lock);
  while (!*racer->go)
    g_cond_wait (racer->cond, racer->lock);
  g_mutex_unlock (racer->lock);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  racer->status = soup_message_get_status (msg);
  return NULL;
}

static void
race (Fixture    *fixture,
      gint64      id,
      const char *first_body,
      const char *second_body,
      const char *if_match,
      guint       loser_status)
{
  GMutex lock;
  GCond cond;
  gboolean go = FALSE;
  Racer racers[2] = {
    { fixture->platform, token (fixture, "provider-a"), app_path (id, "/actions"), first_body, if_match,
      &lock, &cond, &go, 0 },
    { fixture->platform, token (fixture, "provider-a"), app_path (id, "/actions"), second_body, if_match,
      &lock, &cond, &go, 0 },
  };
  GThread *threads[2];
  guint wins = 0;

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("racer", race_cb, &racers[i]);
  g_mutex_lock (&lock);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_free (racers[i].path);
      if (racers[i].status == 200)
        wins++;
      else
        g_assert_cmpuint (racers[i].status, ==, loser_status);
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
  g_assert_cmpuint (wins, ==, 1);
}

static void
test_sc_concurrent_decisions (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 stale = submit (fixture, E_CONDITIONAL, NULL);
  gint64 moved = submit (fixture, E_CONDITIONAL, NULL);
  g_autofree char *path = app_path (stale, "/actions");
  g_autoptr(SdTestResponse) response = NULL;
  const char * const old_version[] = { "If-Match", "\"1\"", NULL };
  const char * const bad_version[] = { "If-Match", "version-one", NULL };
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"action\": \"approve\"}", 21);

  /* Both read version 1: the second is stale. */
  race (fixture, stale, "{\"action\": \"approve\"}", "{\"action\": \"refuse\", \"basis\": \"b\"}",
        "\"1\"", 412);
  /* Without If-Match the machine refuses a decision on a decided case. */
  race (fixture, moved, "{\"action\": \"approve\"}", "{\"action\": \"approve\"}", NULL, 409);
  g_assert_cmpint (app_int (fixture, stale, "version"), ==, 2);
  g_assert_cmpint (app_int (fixture, moved, "version"), ==, 2);
  g_assert_cmpuint (authorisations_for (fixture, stale), <=, 1);
  g_assert_cmpuint (authorisations_for (fixture, moved), ==, 1);

  response = sd_test_platform_request_full (fixture->platform, "POST", path, token (fixture, "provider-a"),
                                            "application/json", body, old_version);
  sd_test_assert_problem (response, 412, SD_PROBLEM_PRECONDITION);
  g_clear_pointer (&response, sd_test_response_free);
  response = sd_test_platform_request_full (fixture->platform, "POST", path, token (fixture, "provider-a"),
                                            "application/json", body, bad_version);
  sd_test_assert_problem (response, 400, SD_PROBLEM_BAD_REQUEST);
}

/* --- panjin-2016 --------------------------------------------------------- */

static void
test_panjin_conditional (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 direct = submit (fixture, E_CONDITIONAL, NULL);
  gint64 forwarded = submit (fixture, E_CONDITIONAL, NULL);
  g_autoptr(SdTestResponse) response = NULL;

  /* A4p: the center decides ... */
  assert_app (fixture, direct, "in-review", "center-review", "support", NULL);
  act_ok (fixture, "support", direct, "{\"action\": \"approve\"}");
  assert_app (fixture, direct, "agreement-pending", NULL, "consumer", NULL);
  act_ok (fixture, "consumer-b", direct, "{\"action\": \"acknowledge-agreement\"}");
  assert_app (fixture, direct, "authorised", NULL, NULL, NULL);

  /* ... or consults the provider, who gives written reasons to refuse. */
  act_denied (fixture, "provider-a", forwarded, "{\"action\": \"forward\"}");
  act_ok (fixture, "support", forwarded, "{\"action\": \"forward\"}");
  assert_app (fixture, forwarded, "in-review", "provider-consultation", "provider", NULL);
  response = act (fixture, "provider-a", forwarded, "{\"action\": \"refuse\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "basis");
  g_clear_pointer (&response, sd_test_response_free);
  act_ok (fixture, "provider-a", forwarded, "{\"action\": \"refuse\", \"basis\": \"数据含商业秘密\"}");
  assert_app (fixture, forwarded, "refused", NULL, NULL, NULL);
  g_assert_cmpuint (authorisations_for (fixture, forwarded), ==, 0);
}

static void
test_panjin_special (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SdTestResponse) response = NULL;
  gint64 id;

  /* A5p, art. 19: listed recipients only. */
  response = call (fixture, "consumer-b", "POST", "/api/v1/applications",
                   "{\"entry_id\": \"" E_SPECIAL_OTHER "\", \"purpose\": \"p\"}");
  assert_denied (fixture, response, "consumer-b");
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "authz.denied", E_SPECIAL_OTHER), ==, 1);
  id = submit (fixture, E_SPECIAL, NULL);
  assert_app (fixture, id, "in-review", "center-approval", "support", NULL);
  act_ok (fixture, "support", id, "{\"action\": \"approve\"}");
  assert_app (fixture, id, "agreement-pending", NULL, "consumer", NULL);
}

/* --- attachments --------------------------------------------------------- */

static SdTestResponse *
upload (Fixture            *fixture,
        const char         *user,
        gint64              id,
        const char         *query,
        const char         *content_type,
        const char         *content,
        const char * const *headers)
{
  g_autofree char *path = app_path (id, query);
  g_autoptr(GBytes) body = g_bytes_new (content, strlen (content));

  return sd_test_platform_request_full (fixture->platform, "POST", path, token (fixture, user),
                                        content_type, body, headers);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = submit (fixture, E_CONDITIONAL, NULL);
  const char * const disposition[] = {
    "Content-Disposition", "attachment; filename*=UTF-8''%E6%89%A7%E6%B3%95%E8%AF%81.txt", NULL,
  };
  g_autoptr(SdTestResponse) response = NULL;
  g_autofree char *download = NULL;
  g_autofree char *list = app_path (id, "/attachments");
  JsonObject *attachment;
  JsonArray *items;
  gint64 aid;

  response = upload (fixture, "consumer-b", id, "/attachments", "text/plain", "执法证 12345", disposition);
  g_assert_cmpuint (response->status, ==, 201);
  attachment = object_of (response);
  g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, "执法证.txt");
  g_assert_cmpstr (json_object_get_string_member (attachment, "media_type"), ==, "text/plain");
  g_assert_cmpint (json_object_get_int_member (attachment, "size"), ==, strlen ("执法证 12345"));
  aid = json_object_get_int_member (attachment, "id");
  g_clear_pointer (&response, sd_test_response_free);

  response = upload (fixture, "consumer-b", id, "/attachments?name=scan.pdf", "application/pdf", "%PDF-1.4", NULL);
  g_assert_cmpuint (response->status, ==, 201);
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-b", id, "/attachments?name=page.html", "text/html", "<p>", NULL);
  sd_test_assert_problem (response, 415, SD_PROBLEM_MEDIA_TYPE);
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-b", id, "/attachments?name=empty.txt", "text/plain", "", NULL);
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "content");
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-b", id, "/attachments", "text/plain", "x", NULL);
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "name");
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-b", id, "/attachments?name=..%2Fetc%2Fpasswd", "text/plain", "x", NULL);
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "name");
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-a", id, "/attachments?name=a.txt", "text/plain", "x", NULL);
  assert_denied (fixture, response, "consumer-a");
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "provider-a", id, "/attachments?name=a.txt", "text/plain", "x", NULL);
  assert_denied (fixture, response, "provider-a");
  g_clear_pointer (&response, sd_test_response_free);
  response = upload (fixture, "consumer-b", 999999, "/attachments?name=a.txt", "text/plain", "x", NULL);
  sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
  g_clear_pointer (&response, sd_test_response_free);

  response = call (fixture, "provider-a", "GET", list, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  items = json_object_get_array_member (object_of (response), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "provider-b", "GET", list, NULL);
  assert_denied (fixture, response, "provider-b");
  g_clear_pointer (&response, sd_test_response_free);
  response = get_app (fixture, "consumer-b", id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (response), "attachments")),
                    ==, 2);
  g_clear_pointer (&response, sd_test_response_free);

  download = g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT "/attachments/%" G_GINT64_FORMAT, id, aid);
  response = call (fixture, "support", "GET", download, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (response->content_type, ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                   "执法证 12345", strlen ("执法证 12345"));
  g_assert_cmpuint (count_audit (fixture, "support", "application.attachment-read", NULL), ==, 1);
  g_clear_pointer (&response, sd_test_response_free);
  response = call (fixture, "consumer-a", "GET", download, NULL);
  assert_denied (fixture, response, "consumer-a");
  g_clear_pointer (&response, sd_test_response_free);
  g_free (download);
  download = g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT "/attachments/999999", id);
  response = call (fixture, "consumer-b", "GET", download, NULL);
  sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
}

#define ADD(profile_id, name, func) \
  G_STMT_START { \
    g_autofree char *test_path = g_strdup_printf ("/platform/applications/%s/%s", profile_id, name); \
    g_test_add (test_path, Fixture, profile_id, fixture_set_up, func, fixture_tear_down); \
  } G_STMT_END

int
main (int    argc,
      char **argv)
{
  static const char * const profiles[] = { "mot-2021", "state-council-2016", "panjin-2016" };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      ADD (profiles[i], "unconditional", test_unconditional);
      ADD (profiles[i], "refusals", test_refusals);
      ADD (profiles[i], "development", test_development);
    }
  ADD ("mot-2021", "conditional-spring-festival", test_mot_conditional);
  ADD ("mot-2021", "refuse-and-materials", test_mot_refuse_and_materials);
  ADD ("mot-2021", "delegation", test_mot_delegation);
  ADD ("mot-2021", "external", test_mot_external);
  ADD ("mot-2021", "not-shared", test_not_shared);
  ADD ("mot-2021", "attachments", test_attachments);
  ADD ("state-council-2016", "conditional-spring-festival", test_sc_conditional);
  ADD ("state-council-2016", "negotiation-ladder", test_not_shared);
  ADD ("state-council-2016", "concurrent-decisions", test_sc_concurrent_decisions);
  ADD ("panjin-2016", "conditional", test_panjin_conditional);
  ADD ("panjin-2016", "special", test_panjin_special);
  return g_test_run ();
}
