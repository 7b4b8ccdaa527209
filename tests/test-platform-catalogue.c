/* test-platform-catalogue.c — the catalogue routes over HTTPS: visibility
 * per role and department, lists with filters and Chinese search, ETag and
 * If-Match, refusals (403 audited, 404, 409, 412, 422 with the field),
 * compliance before submit and publish, versions and diffs, change
 * registrations under the 3-month rule, resource codes and deletion. */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"
#include "sd-storage-changes.h"

typedef struct {
  SdTestPlatform *platform;
  GHashTable     *tokens;    /* username → token: log-ins are slow (argon2id) */
} Fixture;

/* A valid entry (it passes mot-2021 and state-council-2016) with its
 * name, resource code and share conditions. */
static char *
entry_json (const char *name,
            const char *code,
            const char *conditions)
{
  const char *classification_end = strchr (code, '/');
  g_autofree char *classification = g_strndup (code, classification_end - code);

  return g_strdup_printf (
    "{\"classification_code\": \"%s\", \"resource_code\": \"%s\", \"name\": \"%s\","
    " \"abstract\": \"道路运输经营许可证的发证、变更和注销信息\","
    " \"provider\": {\"name\": \"\", \"uscc\": \"\"},"
    " \"format\": {\"kind\": \"database\", \"type\": \"oracle\"},"
    " \"information_items\": ["
    "  {\"name\": \"许可证号\", \"type_code\": \"C\", \"length\": 20, \"description\": \"\", \"identifier_kind\": \"\"},"
    "  {\"name\": \"经营者统一社会信用代码\", \"type_code\": \"C\", \"length\": 18, \"description\": \"\", \"identifier_kind\": \"uscc\"}],"
    " \"share\": {\"type\": \"conditional\", \"conditions\": \"%s\", \"legal_basis\": \"\","
    "  \"scope\": \"交通运输系统\", \"methods\": [\"api\", \"online-query\"], \"recipients\": []},"
    " \"open\": {\"to_public\": false, \"conditions\": \"\"},"
    " \"update_cycle\": \"daily\", \"source_system\": \"道路运输管理系统\","
    " \"security_level\": \"general\", \"release_date\": \"\", \"related_codes\": [],"
    " \"sensitivity\": {\"personal_info\": false, \"commercial_secret\": false},"
    " \"external\": false}",
    classification, code, name, conditions);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start (data != NULL ? data : "mot-2021", NULL);
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
token_of (Fixture    *fixture,
          const char *user)
{
  const char *token = g_hash_table_lookup (fixture->tokens, user);

  if (token == NULL)
    {
      token = sd_test_platform_login (fixture->platform, user);
      g_hash_table_insert (fixture->tokens, g_strdup (user), (char *) token);
    }
  return token;
}

static SdTestResponse *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *user,
      const char *body)
{
  const char *token = token_of (fixture, user);

  g_test_message ("%s %s %s", user, method, path);
  return sd_test_platform_request (fixture->platform, method, path, token, body);
}

static SdTestResponse *
call_if_match (Fixture    *fixture,
               const char *method,
               const char *path,
               const char *user,
               const char *body,
               const char *if_match)
{
  const char *token = token_of (fixture, user);
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  const char * const headers[] = { "If-Match", if_match, NULL };

  g_test_message ("%s %s %s If-Match %s", user, method, path, if_match ? if_match : "-");
  return sd_test_platform_request_full (fixture->platform, method, path, token,
                                        body != NULL ? "application/json" : NULL, bytes,
                                        if_match != NULL ? headers : NULL);
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

/* Creates an entry as provider-a (or @user) and returns its id. */
static char *
create_entry (Fixture    *fixture,
              const char *user,
              const char *name,
              const char *code,
              const char *conditions)
{
  g_autofree char *body = entry_json (name, code, conditions);
  g_autoptr(SdTestResponse) response = call (fixture, "POST", "/api/v1/catalogue", user, body);

  g_assert_cmpuint (response->status, ==, 201);
  return g_strdup (json_object_get_string_member (object_of (response), "id"));
}

static char *
entry_path (const char *id,
            const char *suffix)
{
  return g_strconcat ("/api/v1/catalogue/", id, suffix, NULL);
}

static SdTestResponse *
call_on (Fixture    *fixture,
         const char *method,
         const char *id,
         const char *suffix,
         const char *user,
         const char *body)
{
  g_autofree char *path = entry_path (id, suffix);

  return call (fixture, method, path, user, body);
}

static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action)
{
  g_autoptr(SdTestResponse) response = call (fixture, "GET", "/api/v1/audit?limit=1000", "supervisor", NULL);
  JsonArray *records;
  guint count = 0;

  g_assert_cmpuint (response->status, ==, 200);
  records = json_object_get_array_member (object_of (response), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (record, "actor", NULL), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (record, "action", NULL), action) == 0)
        count++;
    }
  return count;
}

static guint
list_total (Fixture    *fixture,
            const char *query,
            const char *user)
{
  g_autofree char *path = g_strconcat ("/api/v1/catalogue", query, NULL);
  g_autoptr(SdTestResponse) response = call (fixture, "GET", path, user, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return (guint) json_object_get_int_member (object_of (response), "total");
}

/* --- creation and visibility --------------------------------------------- */

static void
test_create_and_visibility (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = create_entry (fixture, "provider-a", "道路运输经营许可信息", "30702/000001", "用于执法");
  g_autofree char *path = entry_path (id, "");
  g_autofree char *other = entry_json ("别人的目录", "30702/000002", "x");
  g_autoptr(SdTestResponse) created = NULL;
  g_autoptr(SdTestResponse) refused = NULL;
  g_autoptr(SdTestResponse) bad = NULL;
  g_autoptr(SdTestResponse) consumer = NULL;
  g_autoptr(SdTestResponse) mine = NULL;
  const char * const may_see[] = { "provider-a", "consumer-a", "support", "supervisor", "admin" };
  const char * const may_not_see[] = { "provider-b", "consumer-b" };
  guint denied_before = count_audit (fixture, "provider-a", "authz.denied");

  for (gsize i = 0; i < G_N_ELEMENTS (may_see); i++)
    {
      g_autoptr(SdTestResponse) seen = call (fixture, "GET", path, may_see[i], NULL);

      g_assert_cmpuint (seen->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (seen->headers, "ETag"), ==, "\"1\"");
      g_assert_cmpstr (json_object_get_string_member (object_of (seen), "state"), ==, "draft");
      g_assert_cmpuint (list_total (fixture, "", may_see[i]), ==, 1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (may_not_see); i++)
    {
      g_autoptr(SdTestResponse) hidden = call (fixture, "GET", path, may_not_see[i], NULL);

      sd_test_assert_problem (hidden, 404, "urn:sharedesk:problem:not-found");
      g_assert_cmpuint (list_total (fixture, "", may_not_see[i]), ==, 0);
    }

  /* The provider comes from the caller's department. */
  mine = call (fixture, "GET", path, "provider-a", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (mine), "provider"), "uscc"),
                   ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (mine), "provider"), "name"),
                   ==, "测试提供部门");

  /* Cataloguing for another department. */
  {
    g_auto(GStrv) parts = g_strsplit (other, "\"uscc\": \"\"", 2);
    g_autofree char *body = g_strjoinv ("\"uscc\": \"" SD_TEST_USCC_CONSUMER "\"", parts);

    refused = call (fixture, "POST", "/api/v1/catalogue", "provider-a", body);
  }
  sd_test_assert_problem (refused, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authz.denied"), ==, denied_before + 1);

  /* A member of the wrong type names its path. */
  bad = call (fixture, "POST", "/api/v1/catalogue", "provider-a",
              "{\"name\": \"x\", \"share\": {\"conditions\": 5}}");
  assert_problem_field (bad, 422, "urn:sharedesk:problem:validation", "share.conditions");

  /* Consumers do not catalogue. */
  consumer = call (fixture, "POST", "/api/v1/catalogue", "consumer-a", other);
  sd_test_assert_problem (consumer, 403, "urn:sharedesk:problem:forbidden");

  created = call (fixture, "POST", "/api/v1/catalogue", "provider-b", other);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_nonnull (soup_message_headers_get_one (created->headers, "Location"));
  g_assert_cmpuint (list_total (fixture, "", "provider-a"), ==, 1);
  g_assert_cmpuint (list_total (fixture, "", "support"), ==, 2);
}

/* --- ETag and If-Match ------------------------------------------------- */

static void
test_if_match (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *id = create_entry (fixture, "provider-a", "道路运输经营许可信息", "30702/000001", "用于执法");
  g_autofree char *path = entry_path (id, "");
  g_autofree char *body = entry_json ("道路运输经营许可信息（新）", "30702/000001", "用于执法");
  g_autoptr(SdTestResponse) missing = call_if_match (fixture, "PUT", path, "provider-a", body, NULL);
  g_autoptr(SdTestResponse) stale = call_if_match (fixture, "PUT", path, "provider-a", body, "\"7\"");
  g_autoptr(SdTestResponse) malformed = call_if_match (fixture, "PUT", path, "provider-a", body, "7");
  g_autoptr(SdTestResponse) hidden = call_if_match (fixture, "PUT", path, "provider-b", body, "\"1\"");
  g_autoptr(SdTestResponse) ok = call_if_match (fixture, "PUT", path, "provider-a", body, "\"1\"");
  g_autoptr(SdTestResponse) again = call_if_match (fixture, "PUT", path, "provider-a", body, "\"1\"");

  sd_test_assert_problem (missing, 428, "urn:sharedesk:problem:precondition-required");
  sd_test_assert_problem (stale, 412, "urn:sharedesk:problem:precondition-failed");
  sd_test_assert_problem (malformed, 400, "urn:sharedesk:problem:bad-request");
  sd_test_assert_problem (hidden, 404, "urn:sharedesk:problem:not-found");
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "ETag"), ==, "\"2\"");
  g_assert_cmpint (json_object_get_int_member (object_of (ok), "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object_of (ok), "name"), ==, "道路运输经营许可信息（新）");
  sd_test_assert_problem (again, 412, "urn:sharedesk:problem:precondition-failed");
}

/* --- lists, filters, search -------------------------------------------- */

static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *a = create_entry (fixture, "provider-a", "道路运输经营许可信息", "30702/000001", "用于执法");
  g_autofree char *b = create_entry (fixture, "provider-a", "船舶登记信息", "10502/000001", "用于执法");
  g_autofree char *c = create_entry (fixture, "provider-a", "公路桥梁养护记录", "20101/000001", "用于执法");
  g_autoptr(SdTestResponse) page = call (fixture, "GET", "/api/v1/catalogue?limit=1&offset=1", "provider-a", NULL);
  g_autoptr(SdTestResponse) bad_category = call (fixture, "GET", "/api/v1/catalogue?category=misc", "provider-a", NULL);
  g_autoptr(SdTestResponse) bad_limit = call (fixture, "GET", "/api/v1/catalogue?limit=x", "provider-a", NULL);
  g_autoptr(SdTestResponse) search = NULL;
  JsonObject *item;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (page), "items")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object_of (page), "total"), ==, 3);
  item = json_array_get_object_element (json_object_get_array_member (object_of (page), "items"), 0);
  /* Newest change first: the second of three is b. */
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, b);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "provider"), "uscc"),
                   ==, SD_TEST_USCC_PROVIDER);
  g_assert_true (json_object_has_member (item, "updated_at"));
  sd_test_assert_problem (bad_category, 400, "urn:sharedesk:problem:bad-request");
  sd_test_assert_problem (bad_limit, 400, "urn:sharedesk:problem:bad-request");

  g_assert_cmpuint (list_total (fixture, "?category=basic", "provider-a"), ==, 1);
  g_assert_cmpuint (list_total (fixture, "?category=theme", "provider-a"), ==, 1);
  g_assert_cmpuint (list_total (fixture, "?category=department", "provider-a"), ==, 1);
  g_assert_cmpuint (list_total (fixture, "?state=draft", "provider-a"), ==, 3);
  g_assert_cmpuint (list_total (fixture, "?state=published", "provider-a"), ==, 0);
  g_assert_cmpuint (list_total (fixture, "?share_type=conditional", "provider-a"), ==, 3);
  g_assert_cmpuint (list_total (fixture, "?security_level=general", "provider-a"), ==, 3);
  g_assert_cmpuint (list_total (fixture, "?provider=" SD_TEST_USCC_CONSUMER, "provider-a"), ==, 0);
  g_assert_cmpuint (list_total (fixture, "?provider=" SD_TEST_USCC_PROVIDER, "support"), ==, 3);

  /* Three characters and more: the trigram index, ranked. */
  search = call (fixture, "GET", "/api/v1/catalogue?q=%E8%88%B9%E8%88%B6%E7%99%BB", "provider-a", NULL); /* 船舶登 */
  g_assert_cmpint (json_object_get_int_member (object_of (search), "total"), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (object_of (search), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, b);
  /* Information item names and the provider's name are searched too. */
  g_assert_cmpuint (list_total (fixture, "?q=%E8%AE%B8%E5%8F%AF%E8%AF%81%E5%8F%B7", "provider-a"), ==, 3); /* 许可证号 */
  g_assert_cmpuint (list_total (fixture, "?q=%E6%B5%8B%E8%AF%95%E6%8F%90%E4%BE%9B", "provider-a"), ==, 3); /* 测试提供 */
  /* Two characters and one: LIKE. */
  g_assert_cmpuint (list_total (fixture, "?q=%E6%A1%A5%E6%A2%81", "provider-a"), ==, 1); /* 桥梁 */
  g_assert_cmpuint (list_total (fixture, "?q=%E8%88%B9", "provider-a"), ==, 1);           /* 船 */
  /* Combined with a filter. */
  g_assert_cmpuint (list_total (fixture, "?q=%E8%88%B9&category=theme", "provider-a"), ==, 0);
  /* FTS syntax in q is only text. */
  g_assert_cmpuint (list_total (fixture, "?q=%22%20OR%20*", "provider-a"), ==, 0);     /* " OR * */
  g_assert_cmpuint (list_total (fixture, "?q=NEAR(a%20b)", "provider-a"), ==, 0);
  g_assert_cmpuint (list_total (fixture, "?q=%25", "provider-a"), ==, 0);               /* % */
  g_assert_cmpuint (list_total (fixture, "?q=_", "provider-a"), ==, 0);
  /* Others' drafts are not found by searching either. */
  g_assert_cmpuint (list_total (fixture, "?q=%E8%88%B9", "provider-b"), ==, 0);
  (void) a;
  (void) c;
}

/* --- submit, publish, versions, diff ----------------------------------- */

static void
test_publish_state_council (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = create_entry (fixture, "provider-a", "道路运输经营许可信息", "30702/000001", "");
  g_autofree char *path = entry_path (id, "");
  g_autofree char *publish = entry_path (id, "/publish");
  g_autofree char *fixed = entry_json ("道路运输经营许可信息", "30702/000001", "用于执法");
  g_autoptr(SdTestResponse) check = call_on (fixture, "POST", id, "/check", "provider-a", "{}");
  g_autoptr(SdTestResponse) refused = call (fixture, "POST", publish, "provider-a", "{}");
  g_autoptr(SdTestResponse) submit_refused = call_on (fixture, "POST", id, "/submit", "provider-a", "{}");
  g_autoptr(SdTestResponse) other = call (fixture, "POST", publish, "provider-b", "{}");
  g_autoptr(SdTestResponse) put = call_if_match (fixture, "PUT", path, "provider-a", fixed, "\"1\"");
  g_autoptr(SdTestResponse) published = call (fixture, "POST", publish, "provider-a", "{}");
  g_autoptr(SdTestResponse) seen = call (fixture, "GET", path, "consumer-b", NULL);
  g_autoptr(SdTestResponse) versions = call_on (fixture, "GET", id, "/versions", "consumer-b", NULL);
  g_autoptr(SdTestResponse) first = call_on (fixture, "GET", id, "/versions/1", "consumer-b", NULL);
  g_autoptr(SdTestResponse) none = call_on (fixture, "GET", id, "/versions/9", "consumer-b", NULL);
  g_autoptr(SdTestResponse) diff = call_on (fixture, "GET", id, "/diff?from=1&to=2", "consumer-b", NULL);
  g_autoptr(SdTestResponse) bad_diff = call_on (fixture, "GET", id, "/diff?from=1", "consumer-b", NULL);
  g_autoptr(SdTestResponse) edit = call_if_match (fixture, "PUT", path, "provider-a", fixed, "\"3\"");
  g_autoptr(SdTestResponse) delete = call (fixture, "DELETE", path, "provider-a", NULL);
  g_autoptr(SdTestResponse) again = call (fixture, "POST", publish, "provider-a", "{}");
  JsonArray *changes;
  gboolean conditions_changed = FALSE;

  g_assert_cmpuint (check->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (check), "errors"), >, 0);
  assert_problem_field (refused, 422, "urn:sharedesk:problem:validation", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (refused), "errors"), >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (refused), "findings")), >, 0);
  sd_test_assert_problem (submit_refused, 422, "urn:sharedesk:problem:validation");
  sd_test_assert_problem (other, 404, "urn:sharedesk:problem:not-found");

  g_assert_cmpuint (put->status, ==, 200);
  g_assert_cmpuint (published->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (published), "state"), ==, "published");
  g_assert_cmpstr (json_object_get_string_member (object_of (published), "release_date"), !=, "");
  g_assert_cmpuint (seen->status, ==, 200);

  g_assert_cmpint (json_object_get_int_member (object_of (versions), "total"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object_of (first), "state"), ==, "draft");
  sd_test_assert_problem (none, 404, "urn:sharedesk:problem:not-found");
  g_assert_cmpuint (diff->status, ==, 200);
  changes = json_object_get_array_member (object_of (diff), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "path"), "share.conditions"))
        {
          conditions_changed = TRUE;
          g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, "");
          g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "用于执法");
          g_assert_cmpstr (json_object_get_string_member (change, "label"), !=, "share.conditions");
        }
    }
  g_assert_true (conditions_changed);
  assert_problem_field (bad_diff, 400, "urn:sharedesk:problem:bad-request", "to");

  /* Published: no edit without a change registration, no deletion. */
  sd_test_assert_problem (edit, 409, "urn:sharedesk:problem:conflict");
  sd_test_assert_problem (delete, 409, "urn:sharedesk:problem:conflict");
  sd_test_assert_problem (again, 409, "urn:sharedesk:problem:conflict");
}

static void
test_publish_by_support (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *id = create_entry (fixture, "provider-a", "道路运输经营许可信息", "30702/000001", "用于执法");
  g_autofree char *publish = entry_path (id, "/publish");
  g_autoptr(SdTestResponse) early = call (fixture, "POST", publish, "support", "{}");
  g_autoptr(SdTestResponse) other_submit = call_on (fixture, "POST", id, "/submit", "provider-b", "{}");
  g_autoptr(SdTestResponse) submit = call_on (fixture, "POST", id, "/submit", "provider-a", "{}");
  guint denied = count_audit (fixture, "provider-a", "authz.denied");
  g_autoptr(SdTestResponse) by_provider = call (fixture, "POST", publish, "provider-a", "{}");
  g_autoptr(SdTestResponse) by_consumer = call (fixture, "POST", publish, "consumer-a", "{}");
  g_autoptr(SdTestResponse) published = call (fixture, "POST", publish, "support", "{}");
  g_autoptr(SdTestResponse) retire_other = call_on (fixture, "POST", id, "/retire", "provider-b", "{}");
  g_autoptr(SdTestResponse) retired = call_on (fixture, "POST", id, "/retire", "provider-a", "{}");
  g_autoptr(SdTestResponse) retire_again = call_on (fixture, "POST", id, "/retire", "support", "{}");

  sd_test_assert_problem (early, 409, "urn:sharedesk:problem:conflict");
  sd_test_assert_problem (other_submit, 404, "urn:sharedesk:problem:not-found");
  g_assert_cmpuint (submit->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (submit), "state"), ==, "submitted");
  sd_test_assert_problem (by_provider, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-a", "authz.denied"), ==, denied + 1);
  sd_test_assert_problem (by_consumer, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (published->status, ==, 200);
  /* Published: the other department sees it, may not retire it. */
  sd_test_assert_problem (retire_other, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied"), ==, 1);
  g_assert_cmpuint (retired->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (retired), "state"), ==, "retired");
  sd_test_assert_problem (retire_again, 409, "urn:sharedesk:problem:conflict");
  g_assert_cmpuint (count_audit (fixture, "provider-a", "catalogue.submit"), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "support", "catalogue.publish"), ==, 1);
}

/* --- change registrations ---------------------------------------------- */

#define SEEDED_ENTRY "entry-seeded"

/* A published entry of provider-a's department in use by consumer-b. */
static void
seed_authorisation (SdPlatformServer *server,
                    gpointer          user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autofree char *json = entry_json ("道路运输经营许可信息", "30702/000001", "用于执法");
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new_from_data (json, -1, NULL);
  g_autoptr(SdCaseRecord) application = g_new0 (SdCaseRecord, 1);
  SdAuthorisation authorisation = { 0, };
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_id (entry, SEEDED_ENTRY);
  sd_catalogue_entry_set_provider_uscc (entry, SD_TEST_USCC_PROVIDER);
  sd_catalogue_entry_set_provider_name (entry, "测试提供部门");
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
  g_assert_true (sd_storage_add_entry (storage, entry, "seed", &error));
  g_assert_no_error (error);

  application->kind = SD_CASE_APPLICATION;
  application->entry_id = g_strdup (SEEDED_ENTRY);
  application->consumer_uscc = g_strdup (SD_TEST_USCC_CONSUMER);
  application->provider_uscc = g_strdup (SD_TEST_USCC_PROVIDER);
  application->state = g_strdup ("granted");
  application->current_role = SD_ROLE_INVALID;
  application->json = g_strdup ("{}");
  g_assert_true (sd_storage_add_case (storage, application, &error));
  g_assert_no_error (error);

  authorisation.application_id = application->id;
  authorisation.entry_id = (char *) SEEDED_ENTRY;
  authorisation.consumer_uscc = (char *) SD_TEST_USCC_CONSUMER;
  authorisation.provider_uscc = (char *) SD_TEST_USCC_PROVIDER;
  g_assert_true (sd_storage_add_authorisation (storage, &authorisation, &error));
  g_assert_no_error (error);
  /* The storage set granted_at: ours to free. */
  g_clear_pointer (&authorisation.granted_at, g_date_time_unref);
}

static void
seeded_set_up (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", NULL, seed_authorisation, NULL);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sd_test_platform_set_today (fixture->platform, "2026-03-02");
}

static void
test_change_registration (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *registrations = "/api/v1/catalogue/" SEEDED_ENTRY "/change-registrations";
  const char *path = "/api/v1/catalogue/" SEEDED_ENTRY;
  g_autofree char *changed = entry_json ("道路运输经营许可信息（2026版）", "30702/000001", "用于执法");
  g_autoptr(SdTestResponse) too_soon = NULL;
  g_autoptr(SdTestResponse) other = NULL;
  g_autoptr(SdTestResponse) missing = NULL;
  g_autoptr(SdTestResponse) foreign = NULL;
  g_autoptr(SdTestResponse) created = NULL;
  g_autoptr(SdTestResponse) before = NULL;
  g_autoptr(SdTestResponse) early = NULL;
  g_autoptr(SdTestResponse) stale = NULL;
  g_autoptr(SdTestResponse) effective = NULL;
  g_autoptr(SdTestResponse) put = NULL;
  g_autoptr(SdTestResponse) second = NULL;
  g_autoptr(SdTestResponse) shown = NULL;
  g_autoptr(SdTestResponse) list = NULL;
  g_autoptr(SdTestResponse) withdraw = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *actions = NULL;

  too_soon = call (fixture, "POST", registrations, "provider-a",
                   "{\"description\": \"系统升级\", \"effective_date\": \"2026-04-01\"}");
  assert_problem_field (too_soon, 422, "urn:sharedesk:problem:validation", "effective_date");
  g_assert_nonnull (strstr (json_object_get_string_member (object_of (too_soon), "detail"), "2026-06-02"));
  other = call (fixture, "POST", registrations, "provider-b",
                "{\"description\": \"系统升级\", \"effective_date\": \"2026-07-01\"}");
  sd_test_assert_problem (other, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied"), ==, 1);
  foreign = call_if_match (fixture, "PUT", path, "provider-b", changed, "\"1\"");
  sd_test_assert_problem (foreign, 403, "urn:sharedesk:problem:forbidden");
  g_assert_cmpuint (count_audit (fixture, "provider-b", "authz.denied"), ==, 2);
  missing = call (fixture, "POST", registrations, "provider-a", "{\"effective_date\": \"2026-07-01\"}");
  assert_problem_field (missing, 422, "urn:sharedesk:problem:validation", "description");

  created = call (fixture, "POST", registrations, "provider-a",
                  "{\"description\": \"系统升级\", \"effective_date\": \"2026-06-02\"}");
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (object_of (created), "state"), ==, "registered");
  g_assert_cmpstr (json_object_get_string_member (object_of (created), "effective_date"), ==, "2026-06-02");
  g_assert_true (json_object_get_boolean_member (object_of (created), "notify_consumers"));
  g_assert_cmpstr (json_object_get_string_member (object_of (created), "entry_id"), ==, SEEDED_ENTRY);
  case_path = g_strdup (soup_message_headers_get_one (created->headers, "Location"));
  g_assert_nonnull (case_path);
  actions = g_strconcat (case_path, "/actions", NULL);

  /* Registered is not yet effective: the entry stays as it is. */
  before = call_if_match (fixture, "PUT", path, "provider-a", changed, "\"1\"");
  sd_test_assert_problem (before, 409, "urn:sharedesk:problem:conflict");
  early = call (fixture, "POST", actions, "provider-a", "{\"action\": \"take-effect\"}");
  sd_test_assert_problem (early, 422, "urn:sharedesk:problem:validation");

  sd_test_platform_set_today (fixture->platform, "2026-06-02");
  /* Three months on, the sessions have expired. */
  g_hash_table_remove_all (fixture->tokens);
  stale = call_if_match (fixture, "POST", actions, "provider-a", "{\"action\": \"take-effect\"}", "\"5\"");
  sd_test_assert_problem (stale, 412, "urn:sharedesk:problem:precondition-failed");
  effective = call_if_match (fixture, "POST", actions, "support", "{\"action\": \"take-effect\"}", "\"1\"");
  g_assert_cmpuint (effective->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (effective), "state"), ==, "effective");
  withdraw = call (fixture, "POST", actions, "provider-a", "{\"action\": \"withdraw\"}");
  sd_test_assert_problem (withdraw, 409, "urn:sharedesk:problem:conflict");

  /* Now the published entry takes the new version, once. */
  put = call_if_match (fixture, "PUT", path, "provider-a", changed, "\"1\"");
  g_assert_cmpuint (put->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (put), "state"), ==, "published");
  g_assert_cmpint (json_object_get_int_member (object_of (put), "version"), ==, 2);
  second = call_if_match (fixture, "PUT", path, "provider-a", changed, "\"2\"");
  sd_test_assert_problem (second, 409, "urn:sharedesk:problem:conflict");

  shown = call (fixture, "GET", case_path, "consumer-b", NULL);
  g_assert_cmpuint (shown->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (shown), "applied_version"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object_of (shown), "history")));
  list = call (fixture, "GET", registrations, "consumer-a", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "total"), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "change-registration.register"), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "support", "change-registration.take-effect"), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "catalogue.update"), ==, 1);
}

static void
test_change_registration_not_found (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(SdTestResponse) none = call (fixture, "GET", "/api/v1/change-registrations/99", "support", NULL);
  g_autoptr(SdTestResponse) junk = call (fixture, "GET", "/api/v1/change-registrations/abc", "support", NULL);
  g_autoptr(SdTestResponse) consumer = call (fixture, "POST", "/api/v1/change-registrations/1/actions",
                                             "consumer-a", "{\"action\": \"withdraw\"}");

  sd_test_assert_problem (none, 404, "urn:sharedesk:problem:not-found");
  sd_test_assert_problem (junk, 404, "urn:sharedesk:problem:not-found");
  sd_test_assert_problem (consumer, 403, "urn:sharedesk:problem:forbidden");
}

/* --- resource codes ---------------------------------------------------- */

static const char *
allocated (SdTestResponse *response)
{
  g_assert_cmpuint (response->status, ==, 201);
  return json_object_get_string_member (object_of (response), "resource_code");
}

static void
test_resource_codes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *taken = create_entry (fixture, "provider-a", "船舶登记信息", "1050201/000003", "用于执法");
  const char *body = "{\"classification_code\": \"1050201\"}";
  g_autoptr(SdTestResponse) first = call (fixture, "POST", "/api/v1/resource-codes", "provider-a", body);
  g_autoptr(SdTestResponse) second = call (fixture, "POST", "/api/v1/resource-codes", "provider-b", body);
  g_autoptr(SdTestResponse) third = call (fixture, "POST", "/api/v1/resource-codes", "provider-a", body);
  g_autoptr(SdTestResponse) other = call (fixture, "POST", "/api/v1/resource-codes", "provider-a",
                                          "{\"classification_code\": \"30702\"}");
  g_autoptr(SdTestResponse) bad = call (fixture, "POST", "/api/v1/resource-codes", "provider-a",
                                        "{\"classification_code\": \"9x\"}");
  g_autoptr(SdTestResponse) wrong_type = call (fixture, "POST", "/api/v1/resource-codes", "provider-a",
                                               "{\"classification_code\": 1050201}");
  g_autoptr(SdTestResponse) consumer = call (fixture, "POST", "/api/v1/resource-codes", "consumer-a", body);

  g_assert_cmpstr (allocated (first), ==, "1050201/000001");
  g_assert_cmpstr (allocated (second), ==, "1050201/000002");
  /* 000003 is an entry's already. */
  g_assert_cmpstr (allocated (third), ==, "1050201/000004");
  g_assert_cmpstr (allocated (other), ==, "30702/000001");
  assert_problem_field (bad, 422, "urn:sharedesk:problem:validation", "classification_code");
  assert_problem_field (wrong_type, 400, "urn:sharedesk:problem:bad-request", "classification_code");
  sd_test_assert_problem (consumer, 403, "urn:sharedesk:problem:forbidden");
  (void) taken;
}

/* --- deletion ---------------------------------------------------------- */

static void
test_delete_draft (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = create_entry (fixture, "provider-a", "船舶登记信息", "1050201/000001", "用于执法");
  g_autofree char *path = entry_path (id, "");
  g_autoptr(SdTestResponse) by_consumer = call (fixture, "DELETE", path, "consumer-a", NULL);
  g_autoptr(SdTestResponse) hidden = call (fixture, "DELETE", path, "provider-b", NULL);
  g_autoptr(SdTestResponse) deleted = call (fixture, "DELETE", path, "provider-a", NULL);
  g_autoptr(SdTestResponse) gone = call (fixture, "GET", path, "provider-a", NULL);
  g_autoptr(SdTestResponse) twice = call (fixture, "DELETE", path, "provider-a", NULL);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean tombstone = FALSE;
  gint64 latest = 0;

  sd_test_assert_problem (by_consumer, 403, "urn:sharedesk:problem:forbidden");
  sd_test_assert_problem (hidden, 404, "urn:sharedesk:problem:not-found");
  g_assert_cmpuint (deleted->status, ==, 204);
  sd_test_assert_problem (gone, 404, "urn:sharedesk:problem:not-found");
  sd_test_assert_problem (twice, 404, "urn:sharedesk:problem:not-found");

  storage = sd_storage_open (sd_test_platform_db_path (fixture->platform), &error);
  g_assert_no_error (error);
  changes = sd_storage_list_changes (storage, 0, SD_TEST_USCC_PROVIDER, FALSE, 100, &latest, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      SdChange *change = changes->pdata[i];

      if (g_str_equal (change->object_type, "catalogue-entry") && g_str_equal (change->object_id, id))
        tombstone = change->deleted;
    }
  g_assert_true (tombstone);
  g_assert_cmpuint (count_audit (fixture, "provider-a", "catalogue.delete"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data, setup) \
  g_test_add ("/platform/catalogue/" path, Fixture, data, setup, func, fixture_tear_down)
  ADD ("create-and-visibility", test_create_and_visibility, NULL, fixture_set_up);
  ADD ("if-match", test_if_match, NULL, fixture_set_up);
  ADD ("list-and-search", test_list_and_search, NULL, fixture_set_up);
  ADD ("publish-state-council", test_publish_state_council, "state-council-2016", fixture_set_up);
  ADD ("publish-by-support", test_publish_by_support, NULL, fixture_set_up);
  ADD ("change-registration", test_change_registration, NULL, seeded_set_up);
  ADD ("change-registration-not-found", test_change_registration_not_found, NULL, fixture_set_up);
  ADD ("resource-codes", test_resource_codes, NULL, fixture_set_up);
  ADD ("delete-draft", test_delete_draft, NULL, fixture_set_up);
#undef ADD

  return g_test_run ();
}
