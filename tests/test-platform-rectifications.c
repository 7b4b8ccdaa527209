/* test-platform-rectifications.c — rectification cases over HTTPS for
 * each profile: opening with every bad input (422 naming the field), the
 * response by the wrong department (403, audited), accept, return with a
 * new due date, escalation with a sanction of the profile and with an
 * unknown one, overdue flags, who sees which case, If-Match, and the
 * evidence attachments (415 for other media types).
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-catalogue.h"

typedef struct {
  SdTestPlatform *platform;
  const char     *profile;
  GHashTable     *tokens;     /* username → bearer token */
} Fixture;

/* A catalogue entry of the providing department, stored (at the real
 * time) before the tests move the clock back to 2026-02-12: a catalogue
 * version after any trigger the tests date in early 2026. */
static void
seed_entry (SdPlatformServer *server,
            gpointer          user_data)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry ("entry-published", "000001", "企业登记信息",
                                                     SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_entry (sd_platform_server_get_storage (server), entry, "provider-a", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->profile = data;
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->platform = sd_test_platform_start_with_setup (fixture->profile, NULL, seed_entry, NULL);
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


/* The first violation kind and sanction of each profile. */
static const char *
violation_kind (Fixture *fixture)
{
  if (g_str_equal (fixture->profile, "panjin-2016"))
    return "data-not-updated";
  return "data-not-provided";
}

static const char *
sanction (Fixture *fixture)
{
  if (g_str_equal (fixture->profile, "panjin-2016"))
    return "written-criticism";
  if (g_str_equal (fixture->profile, "state-council-2016"))
    return "report-to-state-council";
  return "no-om-funding";
}

static gint64
open_case (Fixture    *fixture,
           const char *department,
           const char *due_date)
{
  g_autofree char *body = g_strdup_printf ("{\"department\": \"%s\", \"violation_kind\": \"%s\","
                                           " \"description\": \"未按期提供共享数据\", \"due_date\": \"%s\"}",
                                           department, violation_kind (fixture), due_date);
  g_autoptr(SdTestResponse) opened = call (fixture, "supervisor", "POST", "/api/v1/rectifications", body);
  g_autofree char *location = NULL;
  JsonObject *rectification;
  gint64 id;

  g_assert_cmpuint (opened->status, ==, 201);
  rectification = body_object (opened);
  id = json_object_get_int_member (rectification, "id");
  location = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (soup_message_headers_get_one (opened->headers, "Location"), ==, location);
  g_assert_cmpstr (json_object_get_string_member (rectification, "state"), ==, "awaiting-response");
  g_assert_cmpstr (json_object_get_string_member (rectification, "department"), ==, department);
  assert_string_or_null (rectification, "due_date", due_date);
  return id;
}

static SdTestResponse *
act (Fixture    *fixture,
     const char *username,
     gint64      id,
     const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT "/actions", id);

  return call (fixture, username, "POST", path, body);
}

static SdTestResponse *
get_case (Fixture    *fixture,
          const char *username,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT, id);

  return call (fixture, username, "GET", path, NULL);
}

static gint64
list_total (Fixture    *fixture,
            const char *username,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/rectifications%s", query);
  g_autoptr(SdTestResponse) list = call (fixture, username, "GET", path, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return json_object_get_int_member (body_object (list), "total");
}

typedef struct {
  const char *name;
  const char *body;       /* KIND: the profile's violation kind */
  guint       status;
  const char *field;
} BadOpen;

static const BadOpen bad_opens[] = {
  { "no-department", "{\"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    422, "department" },
  { "empty-department", "{\"department\": \"\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    422, "department" },
  { "invalid-department", "{\"department\": \"12345\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    422, "department" },
  { "unknown-department", "{\"department\": \"" SD_TEST_USCC_OTHER "\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    422, "department" },
  { "department-type", "{\"department\": 7, \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    400, "department" },
  { "no-violation-kind", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"description\": \"dKIND\", \"due_date\": \"2026-03-10\"}",
    422, "violation_kind" },
  { "unknown-violation-kind", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"late-KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\"}",
    422, "violation_kind" },
  { "no-description", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"KIND\", \"due_date\": \"2026-03-10\"}",
    422, "description" },
  { "no-due-date", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"KIND\", \"description\": \"d\"}",
    422, "due_date" },
  { "malformed-due-date", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"10.3.2026\"}",
    422, "due_date" },
  { "past-due-date", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-02-11\"}",
    422, "due_date" },
  { "unknown-member", "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"violation_kind\": \"KIND\", \"description\": \"d\", \"due_date\": \"2026-03-10\", \"fine\": \"1000\"}",
    400, "fine" },
};

/* Every bad input, and every role but the supervisor, is refused. */
static void
test_open_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const others[] = { "provider-a", "consumer-a", "support", "admin" };
  g_autofree char *good = g_strdup_printf ("{\"department\": \"" SD_TEST_USCC_PROVIDER "\","
                                           " \"violation_kind\": \"%s\", \"description\": \"d\","
                                           " \"due_date\": \"2026-03-10\"}", violation_kind (fixture));

  for (gsize i = 0; i < G_N_ELEMENTS (bad_opens); i++)
    {
      g_autoptr(GString) body = g_string_new (bad_opens[i].body);
      g_autoptr(SdTestResponse) response = NULL;

      g_string_replace (body, "KIND", violation_kind (fixture), 0);
      g_test_message ("case %s", bad_opens[i].name);
      response = call (fixture, "supervisor", "POST", "/api/v1/rectifications", body->str);
      assert_problem_field (response, bad_opens[i].status,
                            bad_opens[i].status == 400 ? "urn:sharedesk:problem:bad-request" :
                                                         "urn:sharedesk:problem:validation",
                            bad_opens[i].field);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(SdTestResponse) response = call (fixture, others[i], "POST", "/api/v1/rectifications", good);

      sd_test_assert_problem (response, 403, "urn:sharedesk:problem:forbidden");
      g_assert_cmpuint (count_audit (fixture, others[i], "authz.denied", NULL), ==, 1);
    }
  g_assert_cmpint (list_total (fixture, "supervisor", ""), ==, 0);
}

/* Notified, responded by the department, accepted. */
static void
test_respond_and_accept (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 id = open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-03-10");
  g_autofree char *object_id = id_string (id);
  g_autoptr(SdTestResponse) wrong_department = NULL;
  g_autoptr(SdTestResponse) by_supervisor = NULL;
  g_autoptr(SdTestResponse) no_evidence = NULL;
  g_autoptr(SdTestResponse) early_accept = NULL;
  g_autoptr(SdTestResponse) responded = NULL;
  g_autoptr(SdTestResponse) accept_by_department = NULL;
  g_autoptr(SdTestResponse) accepted = NULL;
  g_autoptr(SdTestResponse) read = NULL;
  JsonObject *rectification;

  read = get_case (fixture, "provider-a", id);
  g_assert_cmpuint (read->status, ==, 200);
  rectification = body_object (read);
  g_assert_cmpstr (json_object_get_string_member (rectification, "current_role"), ==, "provider");
  g_assert_cmpstr (json_object_get_string_member (rectification, "violation_kind"), ==, violation_kind (fixture));
  /* From Thursday 02-12 to 03-10: 02-13, 02-14 (调休), 02-24..27, 02-28 (调休),
   * 03-02..06, 03-09, 03-10 = 14 working days. */
  g_assert_cmpint (json_object_get_int_member (rectification, "working_days_left"), ==, 14);
  g_assert_false (json_object_get_boolean_member (rectification, "overdue"));

  wrong_department = act (fixture, "provider-b", id,
                          "{\"action\": \"respond\", \"plan\": \"p\", \"evidence\": \"e\"}");
  sd_test_assert_problem (wrong_department, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", object_id), ==, 1);
  by_supervisor = act (fixture, "supervisor", id,
                       "{\"action\": \"respond\", \"plan\": \"p\", \"evidence\": \"e\"}");
  sd_test_assert_problem (by_supervisor, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "supervisor", "authz.denied", object_id), ==, 1);
  no_evidence = act (fixture, "provider-a", id, "{\"action\": \"respond\", \"plan\": \"p\"}");
  assert_problem_field (no_evidence, 422, "urn:sharedesk:problem:validation", "evidence");
  early_accept = act (fixture, "supervisor", id, "{\"action\": \"accept\"}");
  sd_test_assert_problem (early_accept, 409, "urn:sharedesk:problem:conflict");

  /* The consumer role of the notified department may answer too. */
  responded = act (fixture, "consumer-a", id,
                   "{\"action\": \"respond\", \"plan\": \"3 月底前补齐数据\", \"evidence\": \"补报清单\"}");
  g_assert_cmpuint (responded->status, ==, 200);
  rectification = body_object (responded);
  g_assert_cmpstr (json_object_get_string_member (rectification, "state"), ==, "under-review");
  g_assert_cmpstr (json_object_get_string_member (rectification, "current_role"), ==, "supervisor");
  g_assert_cmpuint (count_audit (fixture, "consumer-a", "rectification.respond", object_id), ==, 1);

  accept_by_department = act (fixture, "provider-a", id, "{\"action\": \"accept\"}");
  sd_test_assert_problem (accept_by_department, 403, "urn:sharedesk:problem:forbidden");
  accepted = act (fixture, "supervisor", id, "{\"action\": \"accept\"}");
  g_assert_cmpuint (accepted->status, ==, 200);
  rectification = body_object (accepted);
  g_assert_cmpstr (json_object_get_string_member (rectification, "state"), ==, "rectified");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rectification, "current_role")));
  g_assert_cmpuint (count_audit (fixture, "supervisor", "rectification.open", object_id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "supervisor", "rectification.accept", object_id), ==, 1);
}

/* Returned with a new time limit, then escalated (S3). */
static void
test_return_and_escalate (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 id = open_case (fixture, SD_TEST_USCC_CONSUMER, "2026-02-27");
  g_autofree char *object_id = id_string (id);
  g_autofree char *escalate = NULL;
  g_autoptr(SdTestResponse) responded = NULL;
  g_autoptr(SdTestResponse) no_due = NULL;
  g_autoptr(SdTestResponse) no_reason = NULL;
  g_autoptr(SdTestResponse) returned = NULL;
  g_autoptr(SdTestResponse) unknown_sanction = NULL;
  g_autoptr(SdTestResponse) no_sanction = NULL;
  g_autoptr(SdTestResponse) escalated = NULL;
  g_autoptr(SdTestResponse) again = NULL;
  JsonObject *rectification;

  responded = act (fixture, "provider-b", id, "{\"action\": \"respond\", \"plan\": \"p\", \"evidence\": \"e\"}");
  g_assert_cmpuint (responded->status, ==, 200);

  set_today (fixture, "2026-02-25");
  no_reason = act (fixture, "supervisor", id, "{\"action\": \"return\", \"due_date\": \"2026-03-13\"}");
  assert_problem_field (no_reason, 422, "urn:sharedesk:problem:validation", "reason");
  no_due = act (fixture, "supervisor", id, "{\"action\": \"return\", \"reason\": \"证据不足\"}");
  assert_problem_field (no_due, 422, "urn:sharedesk:problem:validation", "due_date");
  returned = act (fixture, "supervisor", id,
                  "{\"action\": \"return\", \"reason\": \"证据不足\", \"due_date\": \"2026-03-13\"}");
  g_assert_cmpuint (returned->status, ==, 200);
  rectification = body_object (returned);
  g_assert_cmpstr (json_object_get_string_member (rectification, "state"), ==, "awaiting-response");
  assert_string_or_null (rectification, "due_date", "2026-03-13");
  g_assert_cmpuint (count_audit (fixture, "supervisor", "rectification.return", object_id), ==, 1);

  unknown_sanction = act (fixture, "supervisor", id,
                          "{\"action\": \"escalate\", \"sanction\": \"fine\", \"reason\": \"逾期未整改\"}");
  assert_problem_field (unknown_sanction, 422, "urn:sharedesk:problem:validation", "sanction");
  no_sanction = act (fixture, "supervisor", id, "{\"action\": \"escalate\", \"reason\": \"逾期未整改\"}");
  assert_problem_field (no_sanction, 422, "urn:sharedesk:problem:validation", "sanction");

  escalate = g_strdup_printf ("{\"action\": \"escalate\", \"sanction\": \"%s\", \"reason\": \"逾期未整改\"}",
                              sanction (fixture));
  escalated = act (fixture, "supervisor", id, escalate);
  g_assert_cmpuint (escalated->status, ==, 200);
  rectification = body_object (escalated);
  g_assert_cmpstr (json_object_get_string_member (rectification, "state"), ==, "escalated");
  g_assert_cmpstr (json_object_get_string_member (rectification, "sanction"), ==, sanction (fixture));
  g_assert_cmpuint (count_audit (fixture, "supervisor", "rectification.escalate", object_id), ==, 1);
  again = act (fixture, "supervisor", id, escalate);
  sd_test_assert_problem (again, 409, "urn:sharedesk:problem:conflict");
}

/* Overdue once today passes the time limit; the overdue filter. */
static void
test_overdue (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 late = open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-02-13");
  g_autoptr(SdTestResponse) read = NULL;
  JsonObject *rectification;

  open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-03-31");
  g_assert_cmpint (list_total (fixture, "supervisor", "?overdue=true"), ==, 0);

  /* The holiday is no working day: 02-13 is passed by one on 02-14 (调休). */
  set_today (fixture, "2026-02-24");
  read = get_case (fixture, "provider-a", late);
  rectification = body_object (read);
  g_assert_true (json_object_get_boolean_member (rectification, "overdue"));
  g_assert_cmpint (json_object_get_int_member (rectification, "working_days_left"), ==, -2);
  g_assert_cmpint (list_total (fixture, "supervisor", "?overdue=true"), ==, 1);
  g_assert_cmpint (list_total (fixture, "supervisor", "?overdue=false"), ==, 1);
  g_assert_cmpint (list_total (fixture, "provider-a", "?overdue=true"), ==, 1);
}

/* Supervisors see all; a department its own; support nothing. */
static void
test_visibility (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 id = open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-03-10");
  g_autofree char *object_id = id_string (id);
  g_autoptr(SdTestResponse) by_other = NULL;
  g_autoptr(SdTestResponse) by_support = NULL;
  g_autoptr(SdTestResponse) list_by_support = NULL;
  g_autoptr(SdTestResponse) other_filter = NULL;
  g_autoptr(SdTestResponse) bad_state = NULL;
  g_autoptr(SdTestResponse) bad_overdue = NULL;
  g_autoptr(SdTestResponse) missing = NULL;

  open_case (fixture, SD_TEST_USCC_CONSUMER, "2026-03-10");
  g_assert_cmpint (list_total (fixture, "supervisor", ""), ==, 2);
  g_assert_cmpint (list_total (fixture, "supervisor", "?department=" SD_TEST_USCC_CONSUMER), ==, 1);
  g_assert_cmpint (list_total (fixture, "supervisor", "?state=awaiting-response"), ==, 2);
  g_assert_cmpint (list_total (fixture, "supervisor", "?state=rectified"), ==, 0);
  g_assert_cmpint (list_total (fixture, "provider-a", ""), ==, 1);
  g_assert_cmpint (list_total (fixture, "consumer-a", "?department=" SD_TEST_USCC_PROVIDER), ==, 1);
  g_assert_cmpint (list_total (fixture, "consumer-b", ""), ==, 1);

  by_other = get_case (fixture, "provider-b", id);
  sd_test_assert_problem (by_other, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied", object_id), ==, 1);
  by_support = get_case (fixture, "support", id);
  sd_test_assert_problem (by_support, 403, "urn:sharedesk:problem:forbidden");
  list_by_support = call (fixture, "support", "GET", "/api/v1/rectifications", NULL);
  sd_test_assert_problem (list_by_support, 403, "urn:sharedesk:problem:forbidden");
  other_filter = call (fixture, "provider-a", "GET",
                       "/api/v1/rectifications?department=" SD_TEST_USCC_CONSUMER, NULL);
  sd_test_assert_problem (other_filter, 403, "urn:sharedesk:problem:forbidden");
  bad_state = call (fixture, "supervisor", "GET", "/api/v1/rectifications?state=open", NULL);
  assert_problem_field (bad_state, 400, "urn:sharedesk:problem:bad-request", "state");
  bad_overdue = call (fixture, "supervisor", "GET", "/api/v1/rectifications?overdue=yes", NULL);
  assert_problem_field (bad_overdue, 400, "urn:sharedesk:problem:bad-request", "overdue");
  missing = get_case (fixture, "supervisor", 4242);
  sd_test_assert_problem (missing, 404, "urn:sharedesk:problem:not-found");
}

static void
test_if_match (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 id = open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-03-10");
  g_autofree char *path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT "/actions", id);
  const char *respond = "{\"action\": \"respond\", \"plan\": \"p\", \"evidence\": \"e\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (respond, strlen (respond));
  const char * const stale[] = { "If-Match", "\"2\"", NULL };
  const char * const current[] = { "If-Match", "\"1\"", NULL };
  g_autoptr(SdTestResponse) stale_response = NULL;
  g_autoptr(SdTestResponse) ok = NULL;

  stale_response = sd_test_platform_request_full (fixture->platform, "POST", path,
                                                  token_of (fixture, "provider-a"),
                                                  "application/json", body, stale);
  sd_test_assert_problem (stale_response, 412, "urn:sharedesk:problem:precondition-failed");
  ok = sd_test_platform_request_full (fixture->platform, "POST", path, token_of (fixture, "provider-a"),
                                      "application/json", body, current);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "ETag"), ==, "\"2\"");
}

static SdTestResponse *
upload (Fixture    *fixture,
        const char *username,
        gint64      id,
        const char *name,
        const char *media_type,
        const char *content)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = name != NULL ? g_uri_escape_string (name, NULL, FALSE) : NULL;
  g_autoptr(GBytes) body = g_bytes_new (content, strlen (content));

  if (escaped != NULL)
    path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT "/attachments?name=%s", id, escaped);
  else
    path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT "/attachments", id);
  return sd_test_platform_request_full (fixture->platform, "POST", path, token_of (fixture, username),
                                        media_type, body, NULL);
}

/* Evidence: uploaded by the department, listed, read back; refusals. */
static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = open_case (fixture, SD_TEST_USCC_PROVIDER, "2026-03-10");
  g_autofree char *object_id = id_string (id);
  g_autofree char *one_path = NULL;
  g_autofree char *list_path = g_strdup_printf ("/api/v1/rectifications/%" G_GINT64_FORMAT "/attachments", id);
  g_autoptr(SdTestResponse) added = upload (fixture, "provider-a", id, "整改报告.pdf", "application/pdf",
                                            "%PDF-1.4 evidence");
  g_autoptr(SdTestResponse) html = upload (fixture, "provider-a", id, "x.html", "text/html", "<p>x</p>");
  g_autoptr(SdTestResponse) no_name = upload (fixture, "provider-a", id, NULL, "text/plain", "x");
  g_autoptr(SdTestResponse) empty = upload (fixture, "provider-a", id, "empty.txt", "text/plain", "");
  g_autoptr(SdTestResponse) by_other = upload (fixture, "provider-b", id, "x.txt", "text/plain", "x");
  g_autoptr(SdTestResponse) list = NULL;
  g_autoptr(SdTestResponse) one = NULL;
  g_autoptr(SdTestResponse) read_by_other = NULL;
  g_autoptr(SdTestResponse) missing = NULL;
  JsonObject *attachment;
  gint64 attachment_id;

  g_assert_cmpuint (added->status, ==, 201);
  attachment = body_object (added);
  attachment_id = json_object_get_int_member (attachment, "id");
  g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, "整改报告.pdf");
  g_assert_cmpstr (json_object_get_string_member (attachment, "media_type"), ==, "application/pdf");
  g_assert_cmpint (json_object_get_int_member (attachment, "size"), ==, strlen ("%PDF-1.4 evidence"));
  g_assert_cmpuint (count_audit (fixture, "provider-a", "rectification.attach", object_id), ==, 1);
  sd_test_assert_problem (html, 415, "urn:sharedesk:problem:unsupported-media-type");
  assert_problem_field (no_name, 422, "urn:sharedesk:problem:validation", "name");
  g_assert_cmpuint (empty->status, ==, 422);
  sd_test_assert_problem (by_other, 403, "urn:sharedesk:problem:forbidden");

  list = call (fixture, "supervisor", "GET", list_path, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body_object (list), "total"), ==, 1);

  one_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, list_path, attachment_id);
  one = call (fixture, "supervisor", "GET", one_path, NULL);
  g_assert_cmpuint (one->status, ==, 200);
  g_assert_cmpstr (one->content_type, ==, "application/pdf");
  g_assert_cmpmem (g_bytes_get_data (one->body, NULL), g_bytes_get_size (one->body),
                   "%PDF-1.4 evidence", strlen ("%PDF-1.4 evidence"));
  g_assert_cmpuint (count_audit (fixture, "supervisor", "rectification.attachment.read", object_id), ==, 1);
  read_by_other = call (fixture, "consumer-b", "GET", one_path, NULL);
  sd_test_assert_problem (read_by_other, 403, "urn:sharedesk:problem:forbidden");
  missing = call (fixture, "supervisor", "GET", "/api/v1/rectifications/1/attachments/999", NULL);
  sd_test_assert_problem (missing, 404, "urn:sharedesk:problem:not-found");
}

/* --- catalogue-update triggers (C8) ----------------------------------------- */

static SdTestResponse *
record_trigger (Fixture    *fixture,
                const char *username,
                const char *department,
                const char *date)
{
  g_autofree char *body = g_strdup_printf ("{\"department\": \"%s\", \"date\": \"%s\","
                                           " \"description\": \"机构改革，部门职能调整\"}",
                                           department, date);

  return call (fixture, username, "POST", "/api/v1/catalogue-triggers", body);
}

static JsonArray *
trigger_items (SdTestResponse *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_array_member (body_object (response), "items");
}

/* state-council-2016 art. 8: 15 wd from Thursday 2026-02-12: 02-13,
 * 02-14 (调休), 02-24..27, 02-28 (调休), 03-02..06, 03-09..11. */
static void
test_triggers (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SdTestResponse) revised = record_trigger (fixture, "supervisor", SD_TEST_USCC_PROVIDER, "2026-02-12");
  g_autoptr(SdTestResponse) pending = record_trigger (fixture, "supervisor", SD_TEST_USCC_CONSUMER, "2026-02-12");
  g_autoptr(SdTestResponse) all = NULL;
  g_autoptr(SdTestResponse) own = NULL;
  g_autoptr(SdTestResponse) other = NULL;
  g_autoptr(SdTestResponse) by_support = NULL;
  g_autoptr(SdTestResponse) by_provider = NULL;
  JsonObject *trigger;
  JsonArray *items;

  g_assert_cmpuint (revised->status, ==, 201);
  trigger = body_object (revised);
  g_assert_cmpstr (json_object_get_string_member (trigger, "due_date"), ==, "2026-03-11");
  g_assert_false (json_object_get_boolean_member (trigger, "due_uncovered"));
  g_assert_cmpint (json_object_get_int_member (trigger, "working_days_left"), ==, 15);
  /* The seeded entry was stored after the trigger day began. */
  g_assert_true (json_object_get_boolean_member (trigger, "revised"));
  g_assert_cmpuint (count_audit (fixture, "supervisor", "catalogue-trigger.record", NULL), ==, 2);

  g_assert_cmpuint (pending->status, ==, 201);
  trigger = body_object (pending);
  g_assert_false (json_object_get_boolean_member (trigger, "revised"));
  g_assert_false (json_object_get_boolean_member (trigger, "overdue"));

  set_today (fixture, "2026-03-12");
  all = call (fixture, "supervisor", "GET", "/api/v1/catalogue-triggers", NULL);
  items = trigger_items (all);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* Newest first: the consumer department's, now late. */
  trigger = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (trigger, "department"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_true (json_object_get_boolean_member (trigger, "overdue"));
  g_assert_cmpint (json_object_get_int_member (trigger, "working_days_left"), ==, -1);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (items, 1), "overdue"));

  own = call (fixture, "consumer-a", "GET", "/api/v1/catalogue-triggers", NULL);
  items = trigger_items (own);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "department"),
                   ==, SD_TEST_USCC_PROVIDER);
  other = call (fixture, "provider-a", "GET", "/api/v1/catalogue-triggers?department=" SD_TEST_USCC_CONSUMER, NULL);
  sd_test_assert_problem (other, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authz.denied", SD_TEST_USCC_CONSUMER), ==, 1);
  by_support = call (fixture, "support", "GET", "/api/v1/catalogue-triggers", NULL);
  sd_test_assert_problem (by_support, 403, "urn:sharedesk:problem:forbidden");
  by_provider = record_trigger (fixture, "provider-a", SD_TEST_USCC_PROVIDER, "2026-03-12");
  sd_test_assert_problem (by_provider, 403, "urn:sharedesk:problem:forbidden");
}

static void
test_triggers_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SdTestResponse) malformed = record_trigger (fixture, "supervisor", SD_TEST_USCC_PROVIDER, "12.2.2026");
  g_autoptr(SdTestResponse) future = record_trigger (fixture, "supervisor", SD_TEST_USCC_PROVIDER, "2026-02-13");
  g_autoptr(SdTestResponse) unknown = record_trigger (fixture, "supervisor", SD_TEST_USCC_OTHER, "2026-02-12");
  g_autoptr(SdTestResponse) no_description =
      call (fixture, "supervisor", "POST", "/api/v1/catalogue-triggers",
            "{\"department\": \"" SD_TEST_USCC_PROVIDER "\", \"date\": \"2026-02-12\"}");
  g_autoptr(SdTestResponse) list = NULL;

  assert_problem_field (malformed, 422, "urn:sharedesk:problem:validation", "date");
  assert_problem_field (future, 422, "urn:sharedesk:problem:validation", "date");
  assert_problem_field (unknown, 422, "urn:sharedesk:problem:validation", "department");
  assert_problem_field (no_description, 422, "urn:sharedesk:problem:validation", "description");
  list = call (fixture, "supervisor", "GET", "/api/v1/catalogue-triggers", NULL);
  g_assert_cmpuint (json_array_get_length (trigger_items (list)), ==, 0);
}

/* A due date in 2027, which the built-in calendar does not cover. */
static void
test_triggers_uncovered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SdTestResponse) late_in_year = NULL;
  JsonObject *trigger;

  set_today (fixture, "2026-12-28");
  late_in_year = record_trigger (fixture, "supervisor", SD_TEST_USCC_CONSUMER, "2026-12-28");
  g_assert_cmpuint (late_in_year->status, ==, 201);
  trigger = body_object (late_in_year);
  g_assert_true (json_object_get_boolean_member (trigger, "due_uncovered"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (trigger, "due_date")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (trigger, "working_days_left")));
  g_assert_false (json_object_get_boolean_member (trigger, "overdue"));
}

/* mot-2021 and panjin-2016 have no such rule. */
static void
test_triggers_not_applicable (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SdTestResponse) recorded = record_trigger (fixture, "supervisor", SD_TEST_USCC_PROVIDER, "2026-02-12");
  g_autoptr(SdTestResponse) listed = call (fixture, "supervisor", "GET", "/api/v1/catalogue-triggers", NULL);

  sd_test_assert_problem (recorded, 422, "urn:sharedesk:problem:validation");
  sd_test_assert_problem (listed, 422, "urn:sharedesk:problem:validation");
}

static const char * const profiles[] = { "mot-2021", "state-council-2016", "panjin-2016" };

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/rectifications/%s/%s", profiles[i], name);

      g_test_add (path, Fixture, profiles[i], fixture_set_up, func, fixture_tear_down);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("open-refused", test_open_refused);
  add_test ("respond-and-accept", test_respond_and_accept);
  add_test ("return-and-escalate", test_return_and_escalate);
  add_test ("overdue", test_overdue);
  add_test ("visibility", test_visibility);
  add_test ("if-match", test_if_match);
  add_test ("attachments", test_attachments);
  g_test_add ("/platform/catalogue-triggers/state-council-2016/record-and-list", Fixture,
              "state-council-2016", fixture_set_up, test_triggers, fixture_tear_down);
  g_test_add ("/platform/catalogue-triggers/state-council-2016/refused", Fixture,
              "state-council-2016", fixture_set_up, test_triggers_refused, fixture_tear_down);
  g_test_add ("/platform/catalogue-triggers/state-council-2016/uncovered", Fixture,
              "state-council-2016", fixture_set_up, test_triggers_uncovered, fixture_tear_down);
  g_test_add ("/platform/catalogue-triggers/mot-2021/not-applicable", Fixture,
              "mot-2021", fixture_set_up, test_triggers_not_applicable, fixture_tear_down);
  g_test_add ("/platform/catalogue-triggers/panjin-2016/not-applicable", Fixture,
              "panjin-2016", fixture_set_up, test_triggers_not_applicable, fixture_tear_down);
  return g_test_run ();
}
