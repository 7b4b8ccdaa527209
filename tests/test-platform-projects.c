/* test-platform-projects.c — projects, milestones and catalogue receipts
 * over HTTPS (requirement C11): create, read, change and delete with every
 * refusal (another department: 403 and audited; If-Match: 428 and 412),
 * validation with field paths, milestones and "overdue" as the server's
 * clock moves, receipts refused with the entries' findings and issued
 * once the entry is fixed, verification of good and bad codes, and codes
 * that are never stored in clear. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

typedef struct {
  SdTestPlatform   *platform;
  SdPlatformServer *server;       /* the running server, for its storage */
  GHashTable       *tokens;       /* username → token, logged in when first needed */
} Fixture;

#define ENTRY_GOOD "entry-good"       /* department A, published, passes the checks */
#define ENTRY_BAD  "entry-bad"        /* department A, draft, conditional without conditions */
#define ENTRY_B    "entry-b"          /* department B, published */

static SdCatalogueEntry *
load_entry (const char   *id,
            const char   *resource_code,
            const char   *provider_uscc,
            SdEntryState  state)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cli-entry-valid.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  SdCatalogueEntry *entry;

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  entry = sd_catalogue_entry_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  sd_catalogue_entry_set_id (entry, id);
  sd_catalogue_entry_set_resource_code (entry, resource_code);
  sd_catalogue_entry_set_provider_uscc (entry, provider_uscc);
  sd_catalogue_entry_set_state (entry, state);
  return entry;
}

static void
seed_entry (SdStorage        *storage,
            SdCatalogueEntry *entry)
{
  g_autoptr(GError) error = NULL;

  sd_storage_add_entry (storage, entry, "seed", &error);
  g_assert_no_error (error);
}

/* In the server's thread, before it listens. */
static void
seed_cb (SdPlatformServer *server,
         gpointer          user_data)
{
  Fixture *fixture = user_data;
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autoptr(SdCatalogueEntry) good = load_entry (ENTRY_GOOD, "30702/000001", SD_TEST_USCC_PROVIDER,
                                                 SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(SdCatalogueEntry) bad = load_entry (ENTRY_BAD, "30702/000002", SD_TEST_USCC_PROVIDER,
                                                SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) other = load_entry (ENTRY_B, "30702/000003", SD_TEST_USCC_CONSUMER,
                                                  SD_ENTRY_STATE_PUBLISHED);

  fixture->server = server;
  sd_catalogue_entry_set_share_conditions (bad, "");
  seed_entry (storage, good);
  seed_entry (storage, bad);
  seed_entry (storage, other);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", NULL, seed_cb, fixture);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Log-ins are slow (argon2id, more so under the sanitizers): each user
 * logs in once per test, when first needed. */
static const char *
token (Fixture    *fixture,
       const char *username)
{
  char *cached = g_hash_table_lookup (fixture->tokens, username);

  if (cached == NULL)
    {
      cached = sd_test_platform_login (fixture->platform, username);
      g_hash_table_insert (fixture->tokens, g_strdup (username), cached);
    }
  return cached;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db_path = g_strdup (sd_test_platform_db_path (fixture->platform));
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_bad_id = -1;
  guint64 rows = 0;

  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);

  /* Whatever the test did, the audit chain still verifies. */
  storage = sd_storage_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_storage_audit_verify (storage, &first_bad_id, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first_bad_id, ==, 0);
}

static SdTestResponse *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_test_message ("%s %s %s", method, path, body != NULL ? body : "");
  return sd_test_platform_request (fixture->platform, method, path, token, body);
}

/* A request with an If-Match header (NULL: none). */
static SdTestResponse *
request_if_match (Fixture    *fixture,
                  const char *method,
                  const char *path,
                  const char *token,
                  const char *if_match,
                  const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  const char * const headers[] = { "If-Match", if_match, NULL };

  g_test_message ("%s %s If-Match: %s %s", method, path, if_match, body);
  return sd_test_platform_request_full (fixture->platform, method, path, token, "application/json",
                                        bytes, if_match != NULL ? headers : NULL);
}

static JsonObject *
body_object (SdTestResponse *response)
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
  g_assert_cmpstr (json_object_get_string_member_with_default (body_object (response), "field", NULL),
                   ==, field);
}

/* How many audit records have @action by @actor on @object_id. */
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
      g_autofree char *path = g_strdup_printf ("/api/v1/audit?after=%" G_GINT64_FORMAT "&limit=1000",
                                               after);
      g_autoptr(SdTestResponse) page = request (fixture, "GET", path, token (fixture, "supervisor"), NULL);
      JsonArray *records;
      JsonNode *next;

      g_assert_cmpuint (page->status, ==, 200);
      records = json_object_get_array_member (body_object (page), "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);

          if (g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0 &&
              g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0 &&
              (object_id == NULL ||
               g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL),
                          object_id) == 0))
            count++;
        }
      next = json_object_get_member (body_object (page), "next_after");
      if (JSON_NODE_HOLDS_NULL (next))
        return count;
      after = json_node_get_int (next);
    }
}

/* Creates a project as provider-a and returns its id. */
static gint64
create_project (Fixture    *fixture,
                const char *body)
{
  g_autoptr(SdTestResponse) response = request (fixture, "POST", "/api/v1/projects",
                                                token (fixture, "provider-a"), body);

  g_assert_cmpuint (response->status, ==, 201);
  return json_object_get_int_member (body_object (response), "id");
}

static char *
project_path (gint64      id,
              const char *suffix)
{
  return g_strdup_printf ("/api/v1/projects/%" G_GINT64_FORMAT "%s", id, suffix != NULL ? suffix : "");
}

/* --- CRUD ----------------------------------------------------------------- */

#define PROJECT_BODY \
  "{\"name\": \"危险货物运输监管系统\", \"approval_date\": \"2026-03-02\"," \
  " \"trial_run_date\": \"2026-09-01\", \"entry_ids\": [\"" ENTRY_GOOD "\"]}"

static void
test_create_and_read (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SdTestResponse) created = request (fixture, "POST", "/api/v1/projects",
                                               token (fixture, "provider-a"), PROJECT_BODY);
  g_autoptr(SdTestResponse) own = NULL;
  g_autoptr(SdTestResponse) colleague = NULL;
  g_autoptr(SdTestResponse) supervisor = NULL;
  g_autoptr(SdTestResponse) other = NULL;
  g_autoptr(SdTestResponse) list_a = NULL;
  g_autoptr(SdTestResponse) list_b = NULL;
  g_autoptr(SdTestResponse) list_staff = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id_text = NULL;
  JsonObject *project;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  project = body_object (created);
  id = json_object_get_int_member (project, "id");
  path = project_path (id, NULL);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, path);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "ETag"), ==, "\"1\"");
  g_assert_cmpstr (json_object_get_string_member (project, "department"), ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (json_object_get_string_member (project, "name"), ==, "危险货物运输监管系统");
  g_assert_cmpstr (json_object_get_string_member (project, "approval_date"), ==, "2026-03-02");
  g_assert_cmpint (json_object_get_int_member (project, "version"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (project, "entry_ids"), 0),
                   ==, ENTRY_GOOD);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (project, "milestones")), ==, 3);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "project.create", id_text), ==, 1);

  /* Its department and the platform staff read it; another department may not. */
  own = request (fixture, "GET", path, token (fixture, "provider-a"), NULL);
  g_assert_cmpuint (own->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (own->headers, "ETag"), ==, "\"1\"");
  colleague = request (fixture, "GET", path, token (fixture, "consumer-a"), NULL);
  g_assert_cmpuint (colleague->status, ==, 200);
  supervisor = request (fixture, "GET", path, token (fixture, "supervisor"), NULL);
  g_assert_cmpuint (supervisor->status, ==, 200);
  other = request (fixture, "GET", path, token (fixture, "provider-b"), NULL);
  sd_test_assert_problem (other, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", id_text), ==, 1);

  list_a = request (fixture, "GET", "/api/v1/projects", token (fixture, "consumer-a"), NULL);
  g_assert_cmpuint (list_a->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (list_a), "total"), ==, 1);
  list_b = request (fixture, "GET", "/api/v1/projects", token (fixture, "provider-b"), NULL);
  g_assert_cmpint (json_object_get_int_member (body_object (list_b), "total"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body_object (list_b), "items")), ==, 0);
  list_staff = request (fixture, "GET", "/api/v1/projects?limit=10", token (fixture, "supervisor"), NULL);
  g_assert_cmpint (json_object_get_int_member (body_object (list_staff), "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (body_object (list_staff), "limit"), ==, 10);
}

static void
test_create_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *refused[] = { "consumer-a", "support", "supervisor", "admin" };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SdTestResponse) response = request (fixture, "POST", "/api/v1/projects",
                                                    token (fixture, refused[i]), PROJECT_BODY);

      sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
      g_assert_cmpuint (count_audit (fixture, refused[i], "authz.denied", NULL), ==, 1);
    }
}

typedef struct {
  const char *body;
  guint       status;
  const char *field;
} BadBody;

static const BadBody bad_bodies[] = {
  { "{\"entry_ids\": []}", 422, "name" },
  { "{\"name\": \"  \", \"entry_ids\": []}", 422, "name" },
  { "{\"name\": \"x\"}", 422, "entry_ids" },
  { "{\"name\": 5, \"entry_ids\": []}", 400, "name" },
  { "{\"name\": \"x\", \"entry_ids\": \"" ENTRY_GOOD "\"}", 400, "entry_ids" },
  { "{\"name\": \"x\", \"entry_ids\": [], \"budget\": 3}", 400, "budget" },
  { "{\"name\": \"x\", \"entry_ids\": [], \"approval_date\": \"2026-02-30\"}", 422, "approval_date" },
  { "{\"name\": \"x\", \"entry_ids\": [], \"trial_run_date\": \"1.9.2026\"}", 422, "trial_run_date" },
  { "{\"name\": \"x\", \"entry_ids\": [], \"approval_date\": \"2026-09-02\","
    " \"trial_run_date\": \"2026-09-01\"}", 422, "trial_run_date" },
  { "{\"name\": \"x\", \"entry_ids\": [\"no-such-entry\"]}", 422, "entry_ids[0]" },
  { "{\"name\": \"x\", \"entry_ids\": [\"" ENTRY_GOOD "\", \"" ENTRY_B "\"]}", 422, "entry_ids[1]" },
  { "{\"name\": \"x\", \"entry_ids\": [\"" ENTRY_GOOD "\", \"" ENTRY_GOOD "\"]}", 422, "entry_ids[1]" },
};

static void
test_create_validation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SdTestResponse) list = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      g_autoptr(SdTestResponse) response = request (fixture, "POST", "/api/v1/projects",
                                                    token (fixture, "provider-a"), bad_bodies[i].body);

      assert_problem_field (response, bad_bodies[i].status,
                            bad_bodies[i].status == 400 ? SD_PROBLEM_BAD_REQUEST : SD_PROBLEM_VALIDATION,
                            bad_bodies[i].field);
    }
  /* Nothing was stored. */
  list = request (fixture, "GET", "/api/v1/projects", token (fixture, "provider-a"), NULL);
  g_assert_cmpint (json_object_get_int_member (body_object (list), "total"), ==, 0);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  const char *paths[] = { "/api/v1/projects/999", "/api/v1/projects/abc", "/api/v1/projects/-1",
                          "/api/v1/projects/999/receipts" };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SdTestResponse) response = request (fixture, "GET", paths[i], token (fixture, "provider-a"), NULL);

      sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
    }
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 id = create_project (fixture, PROJECT_BODY);
  g_autofree char *path = project_path (id, NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *patch = "{\"name\": \"新名称\", \"trial_run_date\": null,"
                      " \"entry_ids\": [\"" ENTRY_GOOD "\", \"" ENTRY_BAD "\"]}";
  g_autoptr(SdTestResponse) missing = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"),
                                                        NULL, patch);
  g_autoptr(SdTestResponse) stale = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"),
                                                      "\"5\"", patch);
  g_autoptr(SdTestResponse) garbage = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"),
                                                        "\"abc\"", patch);
  g_autoptr(SdTestResponse) other = request_if_match (fixture, "PATCH", path, token (fixture, "provider-b"),
                                                      "\"1\"", patch);
  g_autoptr(SdTestResponse) consumer = request_if_match (fixture, "PATCH", path, token (fixture, "consumer-a"),
                                                         "\"1\"", patch);
  g_autoptr(SdTestResponse) invalid = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"),
                                                        "\"1\"", "{\"entry_ids\": [\"" ENTRY_B "\"]}");
  g_autoptr(SdTestResponse) updated = NULL;
  g_autoptr(SdTestResponse) again = NULL;
  JsonObject *project;

  sd_test_assert_problem (missing, 428, SD_PROBLEM_PRECONDITION_REQUIRED);
  sd_test_assert_problem (stale, 412, SD_PROBLEM_PRECONDITION);
  sd_test_assert_problem (garbage, 412, SD_PROBLEM_PRECONDITION);
  sd_test_assert_problem (other, 403, SD_PROBLEM_FORBIDDEN);
  sd_test_assert_problem (consumer, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", id_text), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "consumer-a", "authz.denied", NULL), ==, 1);
  assert_problem_field (invalid, 422, SD_PROBLEM_VALIDATION, "entry_ids[0]");

  updated = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"), "\"1\"", patch);
  g_assert_cmpuint (updated->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (updated->headers, "ETag"), ==, "\"2\"");
  project = body_object (updated);
  g_assert_cmpint (json_object_get_int_member (project, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (project, "name"), ==, "新名称");
  g_assert_cmpstr (json_object_get_string_member (project, "approval_date"), ==, "2026-03-02");
  g_assert_true (json_object_get_null_member (project, "trial_run_date"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (project, "entry_ids")), ==, 2);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "project.update", id_text), ==, 1);

  /* The version read before is stale now. */
  again = request_if_match (fixture, "PATCH", path, token (fixture, "provider-a"), "\"1\"", "{\"name\": \"x\"}");
  sd_test_assert_problem (again, 412, SD_PROBLEM_PRECONDITION);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 id = create_project (fixture, PROJECT_BODY);
  g_autofree char *path = project_path (id, NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(SdTestResponse) other = request (fixture, "DELETE", path, token (fixture, "provider-b"), NULL);
  g_autoptr(SdTestResponse) consumer = request (fixture, "DELETE", path, token (fixture, "consumer-a"), NULL);
  g_autoptr(SdTestResponse) deleted = NULL;
  g_autoptr(SdTestResponse) gone = NULL;
  g_autoptr(SdTestResponse) twice = NULL;

  sd_test_assert_problem (other, 403, SD_PROBLEM_FORBIDDEN);
  sd_test_assert_problem (consumer, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", id_text), ==, 1);

  deleted = request (fixture, "DELETE", path, token (fixture, "provider-a"), NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "project.delete", id_text), ==, 1);
  gone = request (fixture, "GET", path, token (fixture, "provider-a"), NULL);
  sd_test_assert_problem (gone, 404, SD_PROBLEM_NOT_FOUND);
  twice = request (fixture, "DELETE", path, token (fixture, "provider-a"), NULL);
  sd_test_assert_problem (twice, 404, SD_PROBLEM_NOT_FOUND);
}

/* --- milestones ------------------------------------------------------------ */

/* The milestone @kind of the project at @path as read now. */
static void
assert_milestone (Fixture    *fixture,
                  const char *path,
                  const char *kind,
                  const char *due,
                  gboolean    done,
                  gboolean    overdue)
{
  g_autoptr(SdTestResponse) response = request (fixture, "GET", path, token (fixture, "provider-a"), NULL);
  JsonArray *milestones;

  g_assert_cmpuint (response->status, ==, 200);
  milestones = json_object_get_array_member (body_object (response), "milestones");
  for (guint i = 0; i < json_array_get_length (milestones); i++)
    {
      JsonObject *milestone = json_array_get_object_element (milestones, i);

      if (g_strcmp0 (json_object_get_string_member (milestone, "kind"), kind) != 0)
        continue;
      g_test_message ("%s due %s done %d overdue %d", kind, due, done, overdue);
      if (due == NULL)
        g_assert_true (json_object_get_null_member (milestone, "due"));
      else
        g_assert_cmpstr (json_object_get_string_member (milestone, "due"), ==, due);
      g_assert_cmpint (json_object_get_boolean_member (milestone, "done"), ==, done);
      g_assert_cmpint (json_object_get_boolean_member (milestone, "overdue"), ==, overdue);
      return;
    }
  g_assert_not_reached ();
}

/* A dataset of @entry_id, written straight into the file: the upload
 * routes belong to another group. */
static void
add_dataset (Fixture    *fixture,
             const char *entry_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (sd_test_platform_db_path (fixture->platform), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO datasets (entry_row, version, uploaded_by,"
                                       " uploaded_at, row_count, sha256, csv)"
                                       " SELECT id, 1, 'provider-a', 0, 1, 'x', x'41'"
                                       " FROM catalogue_entries WHERE entry_id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, entry_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Moves the server's clock; sessions do not span the jump, so
 * provider-a logs in again. */
static void
move_to (Fixture    *fixture,
         const char *date)
{
  sd_test_platform_set_today (fixture->platform, date);
  g_hash_table_remove_all (fixture->tokens);
}

static void
test_milestones (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 id = create_project (fixture, PROJECT_BODY);
  g_autofree char *path = project_path (id, NULL);
  g_autofree char *receipts = project_path (id, "/receipts");
  g_autoptr(SdTestResponse) issued = NULL;
  gint64 undated = create_project (fixture, "{\"name\": \"未定日期\", \"entry_ids\": []}");
  g_autofree char *undated_path = project_path (undated, NULL);

  /* Before approval nothing is overdue. */
  move_to (fixture, "2026-03-01");
  assert_milestone (fixture, path, "pre-catalogue", "2026-03-02", FALSE, FALSE);
  assert_milestone (fixture, path, "formal", "2026-08-31", FALSE, FALSE);
  assert_milestone (fixture, path, "data-connected", "2027-03-01", FALSE, FALSE);

  /* The approval day itself is still in time; the day after is not. */
  move_to (fixture, "2026-03-02");
  assert_milestone (fixture, path, "pre-catalogue", "2026-03-02", FALSE, FALSE);
  move_to (fixture, "2026-03-03");
  assert_milestone (fixture, path, "pre-catalogue", "2026-03-02", FALSE, TRUE);
  assert_milestone (fixture, path, "formal", "2026-08-31", FALSE, FALSE);

  /* A pre-catalogue receipt settles the first milestone. */
  issued = request (fixture, "POST", receipts, token (fixture, "provider-a"), "{\"kind\": \"pre-catalogue\"}");
  g_assert_cmpuint (issued->status, ==, 201);
  assert_milestone (fixture, path, "pre-catalogue", "2026-03-02", TRUE, FALSE);

  /* The trial run has started without a formal catalogue. */
  move_to (fixture, "2026-09-01");
  assert_milestone (fixture, path, "formal", "2026-08-31", FALSE, TRUE);
  assert_milestone (fixture, path, "data-connected", "2027-03-01", FALSE, FALSE);

  /* Six calendar months after the trial run. */
  move_to (fixture, "2027-03-01");
  assert_milestone (fixture, path, "data-connected", "2027-03-01", FALSE, FALSE);
  move_to (fixture, "2027-03-02");
  assert_milestone (fixture, path, "data-connected", "2027-03-01", FALSE, TRUE);

  /* Once every entry has a dataset, the data are connected. */
  add_dataset (fixture, ENTRY_GOOD);
  assert_milestone (fixture, path, "data-connected", "2027-03-01", TRUE, FALSE);

  /* Without dates there is nothing to be late for; without entries no
   * data are connected. */
  assert_milestone (fixture, undated_path, "pre-catalogue", NULL, FALSE, FALSE);
  assert_milestone (fixture, undated_path, "formal", NULL, FALSE, FALSE);
  assert_milestone (fixture, undated_path, "data-connected", NULL, FALSE, FALSE);
}

/* --- receipts -------------------------------------------------------------- */

/* Changes an entry of the running server through its storage. */
static void
edit_entry (Fixture    *fixture,
            const char *entry_id,
            void      (*edit) (SdCatalogueEntry *entry))
{
  SdStorage *storage = sd_platform_server_get_storage (fixture->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCatalogueEntry) entry = sd_storage_get_entry (storage, entry_id, &error);

  g_assert_no_error (error);
  edit (entry);
  sd_storage_update_entry (storage, entry, sd_catalogue_entry_get_version (entry), "provider-a", &error);
  g_assert_no_error (error);
}

static void
give_conditions (SdCatalogueEntry *entry)
{
  sd_catalogue_entry_set_share_conditions (entry, "用于道路运输行政执法");
}

static void
publish (SdCatalogueEntry *entry)
{
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
}

static gboolean
is_code (const char *code)
{
  g_autoptr(GRegex) form = g_regex_new ("^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$", 0, 0, NULL);

  return code != NULL && g_regex_match (form, code, 0, NULL);
}

/* Every rule id of the findings of @entry_id in a refusal. */
static char *
failed_rules (SdTestResponse *refusal,
              const char     *entry_id)
{
  JsonArray *entries = json_object_get_array_member (body_object (refusal), "entries");
  g_autoptr(GString) rules = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonArray *findings = json_object_get_array_member (entry, "findings");

      if (g_strcmp0 (json_object_get_string_member (entry, "id"), entry_id) != 0)
        continue;
      for (guint j = 0; j < json_array_get_length (findings); j++)
        g_string_append_printf (rules, "%s ", json_object_get_string_member (
                                  json_array_get_object_element (findings, j), "rule"));
    }
  return g_strchomp (g_string_free (g_steal_pointer (&rules), FALSE));
}

static char *
issue (Fixture    *fixture,
       const char *receipts,
       const char *kind,
       gint64      project_id)
{
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"%s\"}", kind);
  g_autoptr(SdTestResponse) issued = request (fixture, "POST", receipts, token (fixture, "provider-a"), body);
  JsonObject *receipt;
  JsonArray *entries;

  g_assert_cmpuint (issued->status, ==, 201);
  receipt = body_object (issued);
  g_assert_cmpstr (json_object_get_string_member (receipt, "kind"), ==, kind);
  g_assert_cmpint (json_object_get_int_member (receipt, "project_id"), ==, project_id);
  g_assert_nonnull (json_object_get_string_member (receipt, "issued_at"));
  entries = json_object_get_array_member (receipt, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "id"),
                   ==, ENTRY_BAD);
  g_assert_true (is_code (json_object_get_string_member (receipt, "verification_code")));
  return g_strdup (json_object_get_string_member (receipt, "verification_code"));
}

static void
assert_no_receipts (Fixture    *fixture,
                    const char *receipts)
{
  g_autoptr(SdTestResponse) list = request (fixture, "GET", receipts, token (fixture, "provider-a"), NULL);

  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (list), "total"), ==, 0);
}

static void
test_receipts_refused_then_issued (Fixture       *fixture,
                                   gconstpointer  data)
{
  gint64 id = create_project (fixture, "{\"name\": \"运政系统\", \"entry_ids\": [\"" ENTRY_GOOD
                                       "\", \"" ENTRY_BAD "\"]}");
  g_autofree char *receipts = project_path (id, "/receipts");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(SdTestResponse) refused = request (fixture, "POST", receipts, token (fixture, "provider-a"),
                                               "{\"kind\": \"pre-catalogue\"}");
  g_autoptr(SdTestResponse) formal_refused = NULL;
  g_autoptr(SdTestResponse) list = NULL;
  g_autoptr(SdTestResponse) staff_list = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *pre_code = NULL;
  g_autofree char *formal_code = NULL;
  JsonArray *items;

  /* The bad entry's error is named; the good one is not listed. */
  assert_problem_field (refused, 422, SD_PROBLEM_VALIDATION, "entry_ids");
  g_assert_nonnull (strstr (json_object_get_string_member (body_object (refused), "detail"), "20"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body_object (refused), "entries")), ==, 1);
  rules = failed_rules (refused, ENTRY_BAD);
  g_assert_cmpstr (rules, ==, "C6-conditions");
  assert_no_receipts (fixture, receipts);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "receipt.refuse", id_text), ==, 1);

  /* Fixed, it passes the pre-catalogue checks. */
  edit_entry (fixture, ENTRY_BAD, give_conditions);
  pre_code = issue (fixture, receipts, "pre-catalogue", id);

  /* A formal catalogue needs published entries. */
  formal_refused = request (fixture, "POST", receipts, token (fixture, "provider-a"), "{\"kind\": \"formal\"}");
  assert_problem_field (formal_refused, 422, SD_PROBLEM_VALIDATION, "entry_ids");
  g_clear_pointer (&rules, g_free);
  rules = failed_rules (formal_refused, ENTRY_BAD);
  g_assert_cmpstr (rules, ==, "published");
  edit_entry (fixture, ENTRY_BAD, publish);
  formal_code = issue (fixture, receipts, "formal", id);
  g_assert_cmpstr (pre_code, !=, formal_code);

  /* Listed without codes, to the department and the staff. */
  list = request (fixture, "GET", receipts, token (fixture, "consumer-a"), NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (list), "total"), ==, 2);
  items = json_object_get_array_member (body_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (items, i), "verification_code"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "kind"),
                   ==, "pre-catalogue");
  staff_list = request (fixture, "GET", receipts, token (fixture, "supervisor"), NULL);
  g_assert_cmpuint (staff_list->status, ==, 200);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "receipt.issue", NULL), ==, 2);
}

static void
test_receipts_refusals (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 id = create_project (fixture, "{\"name\": \"运政系统\", \"entry_ids\": [\"" ENTRY_GOOD "\"]}");
  gint64 empty = create_project (fixture, "{\"name\": \"空项目\", \"entry_ids\": []}");
  g_autofree char *receipts = project_path (id, "/receipts");
  g_autofree char *empty_receipts = project_path (empty, "/receipts");
  g_autofree char *path = project_path (id, NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(SdTestResponse) other = request (fixture, "POST", receipts, token (fixture, "provider-b"),
                                             "{\"kind\": \"pre-catalogue\"}");
  g_autoptr(SdTestResponse) consumer = request (fixture, "POST", receipts, token (fixture, "consumer-a"),
                                                "{\"kind\": \"pre-catalogue\"}");
  g_autoptr(SdTestResponse) other_list = request (fixture, "GET", receipts, token (fixture, "provider-b"), NULL);
  g_autoptr(SdTestResponse) bad_kind = request (fixture, "POST", receipts, token (fixture, "provider-a"),
                                                "{\"kind\": \"final\"}");
  g_autoptr(SdTestResponse) no_kind = request (fixture, "POST", receipts, token (fixture, "provider-a"), "{}");
  g_autoptr(SdTestResponse) nothing = request (fixture, "POST", empty_receipts, token (fixture, "provider-a"),
                                               "{\"kind\": \"pre-catalogue\"}");
  g_autoptr(SdTestResponse) unknown = request (fixture, "POST", "/api/v1/projects/999/receipts",
                                               token (fixture, "provider-a"), "{\"kind\": \"pre-catalogue\"}");
  g_autoptr(SdTestResponse) issued = NULL;
  g_autoptr(SdTestResponse) undeletable = NULL;

  sd_test_assert_problem (other, 403, SD_PROBLEM_FORBIDDEN);
  sd_test_assert_problem (consumer, 403, SD_PROBLEM_FORBIDDEN);
  sd_test_assert_problem (other_list, 403, SD_PROBLEM_FORBIDDEN);
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", id_text), ==, 2);
  g_assert_cmpuint (count_audit (fixture, "consumer-a", "authz.denied", NULL), ==, 1);
  assert_problem_field (bad_kind, 422, SD_PROBLEM_VALIDATION, "kind");
  assert_problem_field (no_kind, 422, SD_PROBLEM_VALIDATION, "kind");
  assert_problem_field (nothing, 422, SD_PROBLEM_VALIDATION, "entry_ids");
  sd_test_assert_problem (unknown, 404, SD_PROBLEM_NOT_FOUND);
  assert_no_receipts (fixture, receipts);

  /* A project with a receipt stays. */
  issued = request (fixture, "POST", receipts, token (fixture, "provider-a"), "{\"kind\": \"pre-catalogue\"}");
  g_assert_cmpuint (issued->status, ==, 201);
  undeletable = request (fixture, "DELETE", path, token (fixture, "provider-a"), NULL);
  sd_test_assert_problem (undeletable, 409, SD_PROBLEM_CONFLICT);
}

static void
test_receipt_verification (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 id = create_project (fixture, "{\"name\": \"运政系统\", \"entry_ids\": [\"" ENTRY_GOOD "\"]}");
  g_autofree char *receipts = project_path (id, "/receipts");
  g_autoptr(SdTestResponse) issued = request (fixture, "POST", receipts, token (fixture, "provider-a"),
                                              "{\"kind\": \"pre-catalogue\"}");
  const char *code = json_object_get_string_member (body_object (issued), "verification_code");
  g_autofree char *path = g_strdup_printf ("/api/v1/receipts/verify/%s", code);
  g_autoptr(GString) undashed = g_string_new (NULL);
  g_autofree char *typed_path = NULL;
  g_autoptr(SdTestResponse) verified = request (fixture, "GET", path, NULL, NULL);
  g_autoptr(SdTestResponse) retyped = NULL;
  g_autoptr(GString) wrong = g_string_new (code);
  g_autofree char *wrong_path = NULL;
  g_autoptr(SdTestResponse) not_issued = NULL;
  g_autoptr(SdTestResponse) garbage = NULL;
  JsonObject *receipt;
  JsonArray *entries;

  /* Anyone holding the printed receipt may check it, without logging in. */
  g_assert_cmpuint (verified->status, ==, 200);
  receipt = body_object (verified);
  g_assert_cmpstr (json_object_get_string_member (receipt, "kind"), ==, "pre-catalogue");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (receipt, "project"), "name"),
                   ==, "运政系统");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (receipt, "department"), "uscc"),
                   ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (receipt, "department"), "name"),
                   ==, "测试提供部门");
  entries = json_object_get_array_member (receipt, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "id"),
                   ==, ENTRY_GOOD);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries, 0), "version"), ==, 1);
  g_assert_false (json_object_has_member (receipt, "verification_code"));
  g_assert_cmpuint (count_audit (fixture, "anonymous", "receipt.verify", NULL), ==, 1);

  /* Typed from paper: lower case, without dashes. */
  for (const char *p = code; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (undashed, g_ascii_tolower (*p));
  typed_path = g_strdup_printf ("/api/v1/receipts/verify/%s", undashed->str);
  retyped = request (fixture, "GET", typed_path, NULL, NULL);
  g_assert_cmpuint (retyped->status, ==, 200);

  /* One character off, or no code at all. */
  wrong->str[0] = wrong->str[0] == 'Z' ? 'Y' : 'Z';
  wrong_path = g_strdup_printf ("/api/v1/receipts/verify/%s", wrong->str);
  not_issued = request (fixture, "GET", wrong_path, NULL, NULL);
  sd_test_assert_problem (not_issued, 404, SD_PROBLEM_NOT_FOUND);
  garbage = request (fixture, "GET", "/api/v1/receipts/verify/UUUU", NULL, NULL);
  sd_test_assert_problem (garbage, 404, SD_PROBLEM_NOT_FOUND);
  g_assert_cmpuint (count_audit (fixture, "anonymous", "receipt.verify-failed", NULL), ==, 2);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  gsize n = strlen (needle);

  /* The file has NUL bytes: no string search. */
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_codes_not_stored (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = create_project (fixture, "{\"name\": \"运政系统\", \"entry_ids\": [\"" ENTRY_GOOD "\"]}");
  g_autofree char *receipts = project_path (id, "/receipts");
  g_autoptr(SdTestResponse) issued = request (fixture, "POST", receipts, token (fixture, "provider-a"),
                                              "{\"kind\": \"pre-catalogue\"}");
  g_autofree char *code = g_strdup (json_object_get_string_member (body_object (issued), "verification_code"));
  g_autofree char *db_path = g_strdup (sd_test_platform_db_path (fixture->platform));
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autoptr(GString) bare = g_string_new (NULL);
  g_autofree char *hash = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  for (const char *p = code; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (bare, *p);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bare->str, -1);

  /* The column holds the hash of the code, not the code. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT code_sha256 FROM receipts", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, hash);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* And nowhere in the files (tables, audit log, journal) is it in clear. */
  g_assert_false (file_contains (db_path, code));
  g_assert_false (file_contains (db_path, bare->str));
  g_assert_false (file_contains (wal_path, code));
  g_assert_false (file_contains (wal_path, bare->str));
}

#define add_platform_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_platform_test ("/platform/projects/create-and-read", test_create_and_read);
  add_platform_test ("/platform/projects/create-refused", test_create_refused);
  add_platform_test ("/platform/projects/create-validation", test_create_validation);
  add_platform_test ("/platform/projects/not-found", test_not_found);
  add_platform_test ("/platform/projects/update", test_update);
  add_platform_test ("/platform/projects/delete", test_delete);
  add_platform_test ("/platform/projects/milestones", test_milestones);
  add_platform_test ("/platform/projects/receipts/refused-then-issued", test_receipts_refused_then_issued);
  add_platform_test ("/platform/projects/receipts/refusals", test_receipts_refusals);
  add_platform_test ("/platform/projects/receipts/verification", test_receipt_verification);
  add_platform_test ("/platform/projects/receipts/codes-not-stored", test_codes_not_stored);
  return g_test_run ();
}
