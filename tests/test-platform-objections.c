/* test-platform-objections.c — objections over HTTPS for each profile:
 * the provider answers (mot-2021, state-council-2016), the big-data
 * center re-checks within 5 wd and forwards to the provider, who answers
 * within 3 wd (panjin-2016); close, reopen, due dates across the 2026
 * Spring Festival, overdue flags, the boxes, If-Match, and every refusal
 * (403 audited, 404, 409, 412, 400/422 with the field).
 *
 * The built-in 2026 calendar: holiday 2026-02-15..23, 调休 working days
 * 2026-02-14 (Sat) and 2026-02-28 (Sat).
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

#define ENTRY_PUBLISHED "entry-published"
#define ENTRY_DRAFT     "entry-draft"

typedef struct {
  SdTestPlatform *platform;
  const char     *profile;
  GHashTable     *tokens;     /* username → bearer token */
} Fixture;

static void
seed_entries (SdPlatformServer *server,
              gpointer          user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autoptr(SdCatalogueEntry) published = sd_test_entry (ENTRY_PUBLISHED, "000001", "企业登记信息",
                                                         SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(SdCatalogueEntry) draft = sd_test_entry (ENTRY_DRAFT, "000002", "企业年报信息",
                                                     SD_ENTRY_STATE_DRAFT);
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_entry (storage, published, "provider-a", &error));
  g_assert_no_error (error);
  g_assert_true (sd_storage_add_entry (storage, draft, "provider-a", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->profile = data;
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->platform = sd_test_platform_start_with_setup (fixture->profile, NULL, seed_entries, NULL);
  sd_test_platform_set_today (fixture->platform, "2026-02-12");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);
}

/* Moves the server's clock; tokens of the old day may have expired. */
static void
set_today (Fixture    *fixture,
           const char *date)
{
  sd_test_platform_set_today (fixture->platform, date);
  g_hash_table_remove_all (fixture->tokens);
}

static gboolean
is_panjin (Fixture *fixture)
{
  return g_str_equal (fixture->profile, "panjin-2016");
}

static JsonObject *
body_object (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

/* @username's token, logging in once per test. */
static const char *
token_of (Fixture    *fixture,
          const char *username)
{
  char *token = g_hash_table_lookup (fixture->tokens, username);

  if (token == NULL)
    {
      token = sd_test_platform_login (fixture->platform, username);
      g_hash_table_insert (fixture->tokens, g_strdup (username), token);
    }
  return token;
}

static SdTestResponse *
call (Fixture    *fixture,
      const char *username,
      const char *method,
      const char *path,
      const char *body)
{
  const char *token = token_of (fixture, username);

  g_test_message ("%s: %s %s %s", username, method, path, body != NULL ? body : "");
  return sd_test_platform_request (fixture->platform, method, path, token, body);
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

static void
assert_string_or_null (JsonObject *object,
                       const char *member,
                       const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (expected == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  else
    g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static gint64
raise_objection (Fixture *fixture)
{
  g_autoptr(SdTestResponse) raised =
      call (fixture, "consumer-b", "POST", "/api/v1/objections",
            "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"统一社会信用代码与登记机关不一致\","
            " \"evidence\": \"抽查 20 条，3 条不一致\"}");
  g_autofree char *location = NULL;
  gint64 id;

  g_assert_cmpuint (raised->status, ==, 201);
  id = json_object_get_int_member (body_object (raised), "id");
  location = g_strdup_printf ("/api/v1/objections/%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (soup_message_headers_get_one (raised->headers, "Location"), ==, location);
  g_assert_cmpstr (soup_message_headers_get_one (raised->headers, "ETag"), ==, "\"1\"");
  return id;
}

static SdTestResponse *
act (Fixture    *fixture,
     const char *username,
     gint64      id,
     const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/objections/%" G_GINT64_FORMAT "/actions", id);

  return call (fixture, username, "POST", path, body);
}

static SdTestResponse *
get_objection (Fixture    *fixture,
               const char *username,
               gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/objections/%" G_GINT64_FORMAT, id);

  return call (fixture, username, "GET", path, NULL);
}

/* Audit records with @action by @actor on @object_id, read as the
 * supervisor. */
static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action,
             const char *object_id)
{
  g_autoptr(SdTestResponse) page = call (fixture, "supervisor", "GET", "/api/v1/audit?limit=500", NULL);
  JsonArray *records;
  guint count = 0;

  g_assert_cmpuint (page->status, ==, 200);
  records = json_object_get_array_member (body_object (page), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (record, "actor", NULL), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (record, "action", NULL), action) == 0 &&
          (object_id == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL), object_id) == 0))
        count++;
    }
  return count;
}

static char *
id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Raised on Thursday 2026-02-12: the first stage's due date. */
static void
test_raise (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autoptr(SdTestResponse) read = get_objection (fixture, "provider-a", id);
  g_autofree char *object_id = id_string (id);
  JsonObject *objection;

  g_assert_cmpuint (read->status, ==, 200);
  objection = body_object (read);
  g_assert_cmpstr (json_object_get_string_member (objection, "state"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (objection, "entry_id"), ==, ENTRY_PUBLISHED);
  g_assert_cmpstr (json_object_get_string_member (objection, "consumer"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (json_object_get_string_member (objection, "provider"), ==, SD_TEST_USCC_PROVIDER);
  g_assert_false (json_object_get_boolean_member (objection, "overdue"));
  g_assert_false (json_object_get_boolean_member (objection, "due_uncovered"));
  g_assert_cmpint (json_object_get_int_member (objection, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (objection, "history")), ==, 1);
  if (is_panjin (fixture))
    {
      /* 5 wd: 02-13, 02-14 (调休), then after the holiday 02-24, 02-25, 02-26. */
      g_assert_cmpstr (json_object_get_string_member (objection, "stage"), ==, "center-review");
      g_assert_cmpstr (json_object_get_string_member (objection, "current_role"), ==, "support");
      assert_string_or_null (objection, "due_date", "2026-02-26");
      g_assert_cmpint (json_object_get_int_member (objection, "working_days_left"), ==, 5);
    }
  else
    {
      /* mot-2021 and state-council-2016 art. 15 set no time limit. */
      g_assert_cmpstr (json_object_get_string_member (objection, "stage"), ==, "provider-verification");
      g_assert_cmpstr (json_object_get_string_member (objection, "current_role"), ==, "provider");
      assert_string_or_null (objection, "due_date", NULL);
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (objection, "working_days_left")));
    }
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "objection.raise", object_id), ==, 1);
}

/* Each refusal of a new objection. */
static void
test_raise_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SdTestResponse) as_provider = NULL;
  g_autoptr(SdTestResponse) as_supervisor = NULL;
  g_autoptr(SdTestResponse) own_entry = NULL;
  g_autoptr(SdTestResponse) draft = NULL;
  g_autoptr(SdTestResponse) unknown = NULL;
  g_autoptr(SdTestResponse) no_description = NULL;
  g_autoptr(SdTestResponse) wrong_type = NULL;
  g_autoptr(SdTestResponse) extra = NULL;
  g_autoptr(SdTestResponse) list = NULL;

  as_provider = call (fixture, "provider-b", "POST", "/api/v1/objections",
                      "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"x\"}");
  sd_test_assert_problem (as_provider, 403, "urn:sharedesk:problem:forbidden");
  as_supervisor = call (fixture, "supervisor", "POST", "/api/v1/objections",
                        "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"x\"}");
  sd_test_assert_problem (as_supervisor, 403, "urn:sharedesk:problem:forbidden");
  /* consumer-a belongs to the providing department. */
  own_entry = call (fixture, "consumer-a", "POST", "/api/v1/objections",
                    "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"x\"}");
  sd_test_assert_problem (own_entry, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "consumer-a", "authz.denied", ENTRY_PUBLISHED), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", NULL), ==, 1);

  draft = call (fixture, "consumer-b", "POST", "/api/v1/objections",
                "{\"entry_id\": \"" ENTRY_DRAFT "\", \"description\": \"x\"}");
  assert_problem_field (draft, 422, "urn:sharedesk:problem:validation", "entry_id");
  unknown = call (fixture, "consumer-b", "POST", "/api/v1/objections",
                  "{\"entry_id\": \"entry-nope\", \"description\": \"x\"}");
  assert_problem_field (unknown, 422, "urn:sharedesk:problem:validation", "entry_id");
  no_description = call (fixture, "consumer-b", "POST", "/api/v1/objections",
                         "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"\"}");
  assert_problem_field (no_description, 422, "urn:sharedesk:problem:validation", "description");
  wrong_type = call (fixture, "consumer-b", "POST", "/api/v1/objections",
                     "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"x\", \"evidence\": 3}");
  assert_problem_field (wrong_type, 400, "urn:sharedesk:problem:bad-request", "evidence");
  extra = call (fixture, "consumer-b", "POST", "/api/v1/objections",
                "{\"entry_id\": \"" ENTRY_PUBLISHED "\", \"description\": \"x\", \"blocking\": true}");
  assert_problem_field (extra, 400, "urn:sharedesk:problem:bad-request", "blocking");

  /* Nothing was stored. */
  list = call (fixture, "supervisor", "GET", "/api/v1/objections?box=all", NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (list), "total"), ==, 0);
}

/* panjin-2016: the center must forward before the provider may answer. */
static void
forward_to_provider (Fixture *fixture,
                     gint64   id)
{
  g_autoptr(SdTestResponse) early = act (fixture, "provider-a", id,
                                         "{\"action\": \"answer\", \"reply\": \"已核实\", \"result\": \"corrected\"}");
  g_autoptr(SdTestResponse) forwarded = NULL;
  g_autofree char *object_id = id_string (id);
  JsonObject *objection;

  sd_test_assert_problem (early, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authz.denied", object_id), ==, 1);

  /* Forwarded on the last day of the re-check: 3 wd from Thursday
   * 02-26: 02-27, 02-28 (调休 Saturday), 03-02. */
  set_today (fixture, "2026-02-26");
  forwarded = act (fixture, "support", id, "{\"action\": \"forward\"}");
  g_assert_cmpuint (forwarded->status, ==, 200);
  objection = body_object (forwarded);
  g_assert_cmpstr (json_object_get_string_member (objection, "stage"), ==, "provider-verification");
  g_assert_cmpstr (json_object_get_string_member (objection, "current_role"), ==, "provider");
  assert_string_or_null (objection, "due_date", "2026-03-02");
  g_assert_cmpint (json_object_get_int_member (objection, "working_days_left"), ==, 3);
  g_assert_cmpuint (count_audit (fixture, "support", "objection.forward", object_id), ==, 1);
}

/* The provider answers; the raising consumer closes. */
static void
test_answer_and_close (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autofree char *object_id = id_string (id);
  g_autoptr(SdTestResponse) wrong_department = NULL;
  g_autoptr(SdTestResponse) no_reply = NULL;
  g_autoptr(SdTestResponse) bad_result = NULL;
  g_autoptr(SdTestResponse) unknown_action = NULL;
  g_autoptr(SdTestResponse) answered = NULL;
  g_autoptr(SdTestResponse) close_by_provider = NULL;
  g_autoptr(SdTestResponse) closed = NULL;
  g_autoptr(SdTestResponse) again = NULL;
  JsonObject *objection;

  if (is_panjin (fixture))
    forward_to_provider (fixture, id);
  else
    {
      g_autoptr(SdTestResponse) forward = act (fixture, "provider-a", id, "{\"action\": \"forward\"}");

      /* Only panjin-2016 has a stage to forward to. */
      sd_test_assert_problem (forward, 409, "urn:sharedesk:problem:conflict");
    }

  /* provider-b is a provider, of the raising department. */
  wrong_department = act (fixture, "provider-b", id,
                          "{\"action\": \"answer\", \"reply\": \"已核实\", \"result\": \"corrected\"}");
  sd_test_assert_problem (wrong_department, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", object_id), ==, 1);

  no_reply = act (fixture, "provider-a", id, "{\"action\": \"answer\", \"result\": \"corrected\"}");
  assert_problem_field (no_reply, 422, "urn:sharedesk:problem:validation", "reply");
  bad_result = act (fixture, "provider-a", id,
                    "{\"action\": \"answer\", \"reply\": \"已核实\", \"result\": \"maybe\"}");
  assert_problem_field (bad_result, 422, "urn:sharedesk:problem:validation", "result");
  unknown_action = act (fixture, "provider-a", id, "{\"action\": \"ignore\"}");
  assert_problem_field (unknown_action, 422, "urn:sharedesk:problem:validation", "action");

  answered = act (fixture, "provider-a", id,
                  "{\"action\": \"answer\", \"reply\": \"已更正 3 条记录\", \"result\": \"corrected\"}");
  g_assert_cmpuint (answered->status, ==, 200);
  objection = body_object (answered);
  g_assert_cmpstr (json_object_get_string_member (objection, "state"), ==, "answered");
  g_assert_cmpstr (json_object_get_string_member (objection, "result"), ==, "corrected");
  g_assert_cmpstr (json_object_get_string_member (objection, "current_role"), ==, "consumer");
  assert_string_or_null (objection, "due_date", NULL);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "objection.answer", object_id), ==, 1);

  close_by_provider = act (fixture, "provider-a", id, "{\"action\": \"close\"}");
  sd_test_assert_problem (close_by_provider, 403, "urn:sharedesk:problem:forbidden");

  closed = act (fixture, "consumer-b", id, "{\"action\": \"close\"}");
  g_assert_cmpuint (closed->status, ==, 200);
  objection = body_object (closed);
  g_assert_cmpstr (json_object_get_string_member (objection, "state"), ==, "closed");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (objection, "current_role")));
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "objection.close", object_id), ==, 1);

  again = act (fixture, "consumer-b", id, "{\"action\": \"close\"}");
  sd_test_assert_problem (again, 409, "urn:sharedesk:problem:conflict");
}

/* The answer did not settle it: reopening restarts the first stage. */
static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autoptr(SdTestResponse) answered = NULL;
  g_autoptr(SdTestResponse) no_reason = NULL;
  g_autoptr(SdTestResponse) reopened = NULL;
  g_autoptr(SdTestResponse) box = NULL;
  JsonObject *objection;

  answered = act (fixture, is_panjin (fixture) ? "support" : "provider-a", id,
                  "{\"action\": \"answer\", \"reply\": \"数据无误\", \"result\": \"rejected\"}");
  g_assert_cmpuint (answered->status, ==, 200);

  set_today (fixture, "2026-02-24");
  no_reason = act (fixture, "consumer-b", id, "{\"action\": \"reopen\"}");
  assert_problem_field (no_reason, 422, "urn:sharedesk:problem:validation", "reason");
  reopened = act (fixture, "consumer-b", id, "{\"action\": \"reopen\", \"reason\": \"登记机关数据仍不一致\"}");
  g_assert_cmpuint (reopened->status, ==, 200);
  objection = body_object (reopened);
  g_assert_cmpstr (json_object_get_string_member (objection, "state"), ==, "open");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (objection, "result")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (objection, "history")), ==, 3);
  if (is_panjin (fixture))
    {
      /* 5 wd from Tuesday 02-24: 02-25, 26, 27, 28 (调休), 03-02. */
      g_assert_cmpstr (json_object_get_string_member (objection, "stage"), ==, "center-review");
      assert_string_or_null (objection, "due_date", "2026-03-02");
    }
  else
    g_assert_cmpstr (json_object_get_string_member (objection, "stage"), ==, "provider-verification");

  box = call (fixture, is_panjin (fixture) ? "support" : "provider-a", "GET",
              "/api/v1/objections?box=to-answer", NULL);
  g_assert_cmpuint (box->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (box), "total"), ==, 1);
}

/* Overdue once today passes the due date (panjin-2016 sets deadlines). */
static void
test_overdue (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autoptr(SdTestResponse) on_due_day = NULL;
  g_autoptr(SdTestResponse) after = NULL;
  g_autoptr(SdTestResponse) during_holiday = NULL;
  JsonObject *objection;

  set_today (fixture, "2026-02-20");
  during_holiday = get_objection (fixture, "consumer-b", id);
  objection = body_object (during_holiday);
  g_assert_false (json_object_get_boolean_member (objection, "overdue"));
  if (is_panjin (fixture))
    g_assert_cmpint (json_object_get_int_member (objection, "working_days_left"), ==, 3);

  set_today (fixture, "2026-02-26");
  on_due_day = get_objection (fixture, "consumer-b", id);
  objection = body_object (on_due_day);
  g_assert_false (json_object_get_boolean_member (objection, "overdue"));
  if (is_panjin (fixture))
    g_assert_cmpint (json_object_get_int_member (objection, "working_days_left"), ==, 0);

  set_today (fixture, "2026-03-02");
  after = get_objection (fixture, "consumer-b", id);
  objection = body_object (after);
  /* mot-2021 and state-council-2016 set no deadline: never overdue. */
  g_assert_cmpint (json_object_get_boolean_member (objection, "overdue"), ==, is_panjin (fixture));
  /* Three working days late: 02-27, 02-28 (调休 Saturday), 03-02. */
  if (is_panjin (fixture))
    g_assert_cmpint (json_object_get_int_member (objection, "working_days_left"), ==, -3);
}

/* If-Match: the version read, else 412; a malformed tag is 400. */
static void
test_if_match (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  const char *actor = is_panjin (fixture) ? "support" : "provider-a";
  const char *token = token_of (fixture, actor);
  g_autofree char *path = g_strdup_printf ("/api/v1/objections/%" G_GINT64_FORMAT "/actions", id);
  const char *answer = "{\"action\": \"answer\", \"reply\": \"已核实\", \"result\": \"confirmed\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (answer, strlen (answer));
  const char * const stale[] = { "If-Match", "\"7\"", NULL };
  const char * const malformed[] = { "If-Match", "version one", NULL };
  const char * const current[] = { "If-Match", "\"1\"", NULL };
  g_autoptr(SdTestResponse) stale_response = NULL;
  g_autoptr(SdTestResponse) malformed_response = NULL;
  g_autoptr(SdTestResponse) ok = NULL;
  g_autoptr(SdTestResponse) replay = NULL;

  stale_response = sd_test_platform_request_full (fixture->platform, "POST", path, token,
                                                  "application/json", body, stale);
  sd_test_assert_problem (stale_response, 412, "urn:sharedesk:problem:precondition-failed");
  malformed_response = sd_test_platform_request_full (fixture->platform, "POST", path, token,
                                                      "application/json", body, malformed);
  sd_test_assert_problem (malformed_response, 400, "urn:sharedesk:problem:bad-request");
  ok = sd_test_platform_request_full (fixture->platform, "POST", path, token,
                                      "application/json", body, current);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "ETag"), ==, "\"2\"");
  /* A second reviewer who read version 1. */
  replay = sd_test_platform_request_full (fixture->platform, "POST", path, token,
                                          "application/json", body, current);
  sd_test_assert_problem (replay, 412, "urn:sharedesk:problem:precondition-failed");
}

static gint64
list_total (Fixture    *fixture,
            const char *username,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/objections%s", query);
  g_autoptr(SdTestResponse) list = call (fixture, username, "GET", path, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return json_object_get_int_member (body_object (list), "total");
}

/* The boxes, filters, reading one objection, and who may not. */
static void
test_boxes_and_visibility (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autoptr(SdTestResponse) all_by_consumer = NULL;
  g_autoptr(SdTestResponse) bad_box = NULL;
  g_autoptr(SdTestResponse) bad_state = NULL;
  g_autoptr(SdTestResponse) bad_limit = NULL;
  g_autoptr(SdTestResponse) by_admin = NULL;
  g_autoptr(SdTestResponse) missing = NULL;
  g_autoptr(SdTestResponse) not_a_number = NULL;
  g_autoptr(SdTestResponse) page = NULL;
  JsonObject *list;

  raise_objection (fixture);
  g_assert_cmpint (list_total (fixture, "consumer-b", "?box=mine"), ==, 2);
  g_assert_cmpint (list_total (fixture, "consumer-b", ""), ==, 2);
  g_assert_cmpint (list_total (fixture, "consumer-a", "?box=mine"), ==, 0);
  g_assert_cmpint (list_total (fixture, "provider-a", "?box=to-answer"), ==, is_panjin (fixture) ? 0 : 2);
  g_assert_cmpint (list_total (fixture, "provider-b", "?box=to-answer"), ==, 0);
  g_assert_cmpint (list_total (fixture, "support", "?box=to-answer"), ==, is_panjin (fixture) ? 2 : 0);
  g_assert_cmpint (list_total (fixture, "supervisor", "?box=all"), ==, 2);
  g_assert_cmpint (list_total (fixture, "support", "?box=all&state=open"), ==, 2);
  g_assert_cmpint (list_total (fixture, "supervisor", "?box=all&state=closed"), ==, 0);

  page = call (fixture, "supervisor", "GET", "/api/v1/objections?box=all&offset=1&limit=1", NULL);
  list = body_object (page);
  g_assert_cmpint (json_object_get_int_member (list, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (list, "offset"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (list, "limit"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "items")), ==, 1);

  all_by_consumer = call (fixture, "consumer-b", "GET", "/api/v1/objections?box=all", NULL);
  sd_test_assert_problem (all_by_consumer, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "authz.denied", NULL), ==, 1);
  bad_box = call (fixture, "consumer-b", "GET", "/api/v1/objections?box=inbox", NULL);
  assert_problem_field (bad_box, 400, "urn:sharedesk:problem:bad-request", "box");
  bad_state = call (fixture, "supervisor", "GET", "/api/v1/objections?box=all&state=pending", NULL);
  assert_problem_field (bad_state, 400, "urn:sharedesk:problem:bad-request", "state");
  bad_limit = call (fixture, "supervisor", "GET", "/api/v1/objections?limit=many", NULL);
  assert_problem_field (bad_limit, 400, "urn:sharedesk:problem:bad-request", "limit");
  by_admin = get_objection (fixture, "admin", id);
  sd_test_assert_problem (by_admin, 403, "urn:sharedesk:problem:forbidden");
  missing = get_objection (fixture, "supervisor", 999);
  sd_test_assert_problem (missing, 404, "urn:sharedesk:problem:not-found");
  not_a_number = call (fixture, "supervisor", "GET", "/api/v1/objections/abc", NULL);
  sd_test_assert_problem (not_a_number, 404, "urn:sharedesk:problem:not-found");
}

/* A third department sees none of it. */
static void
test_other_department (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = raise_objection (fixture);
  g_autofree char *object_id = id_string (id);
  g_autoptr(SdTestResponse) department = NULL;
  g_autoptr(SdTestResponse) user = NULL;
  g_autoptr(SdTestResponse) read = NULL;
  g_autoptr(SdTestResponse) answer = NULL;

  department = call (fixture, "admin", "POST", "/api/v1/departments",
                     "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"市交通运输局\","
                     " \"responsible_person\": \"王局长\", \"contact\": \"0427-1234567\"}");
  g_assert_cmpuint (department->status, ==, 201);
  user = call (fixture, "admin", "POST", "/api/v1/users",
               "{\"username\": \"provider-c\", \"display_name\": \"交通局编目员\","
               " \"department\": \"" SD_TEST_USCC_OTHER "\", \"roles\": [\"provider\", \"consumer\"],"
               " \"password\": \"" SD_TEST_PASSWORD "\"}");
  g_assert_cmpuint (user->status, ==, 201);

  read = get_objection (fixture, "provider-c", id);
  sd_test_assert_problem (read, 403, "urn:sharedesk:problem:forbidden");
  answer = act (fixture, "provider-c", id,
                "{\"action\": \"answer\", \"reply\": \"x\", \"result\": \"confirmed\"}");
  sd_test_assert_problem (answer, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-c", "authz.denied", object_id), ==, 2);
  g_assert_cmpint (list_total (fixture, "provider-c", "?box=mine"), ==, 0);
  g_assert_cmpint (list_total (fixture, "provider-c", "?box=to-answer"), ==, 0);
}

static const char * const profiles[] = { "mot-2021", "state-council-2016", "panjin-2016" };

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/objections/%s/%s", profiles[i], name);

      g_test_add (path, Fixture, profiles[i], fixture_set_up, func, fixture_tear_down);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("raise", test_raise);
  add_test ("raise-refused", test_raise_refused);
  add_test ("answer-and-close", test_answer_and_close);
  add_test ("reopen", test_reopen);
  add_test ("overdue", test_overdue);
  add_test ("if-match", test_if_match);
  add_test ("boxes-and-visibility", test_boxes_and_visibility);
  add_test ("other-department", test_other_department);
  return g_test_run ();
}
