/* test-platform-data.c — dataset upload, online query, download and
 * subscriptions over HTTPS: valid uploads and every kind of bad one
 * (cells, header, encoding, media type, size), who may read the data and
 * who is refused (403 and an "authz.denied" row), the authorisation stamp
 * on consumer reads (last use, data_access row, audit with purpose), and
 * the subscription flow. */
#include "config.h"

#include <string.h>

#include "sd-data-test-seed.h"

typedef struct {
  SdTestPlatform *platform;
  DataSeed        seed;
  GHashTable     *tokens;     /* username → token */
} Fixture;

#define ITEMS "统一社会信用代码,法定代表人身份证号码,成立日期,注册资本,名称"
#define VALID_CSV \
  ITEMS "\r\n" \
  "91350100M000100Y43,11010519491231002X,2020-01-02,1000000,\"甲公司，福州\"\r\n" \
  "914403001922038216,110105194912310070,2021-03-04,2500.50,\"乙\"\"公司\"\"\"\r\n" \
  "121000004000007155,,2019-05-06,,\"多行\n名称\"\r\n"

static void
start (Fixture                *fixture,
       const SdPlatformLimits *limits)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", limits, seed_data_setup,
                                                         &fixture->seed);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  start (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->tokens);
  sd_test_platform_stop (fixture->platform);
}

/* Log-ins are slow (argon2id): one per user and test. */
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
get (Fixture    *fixture,
     const char *user,
     const char *path)
{
  g_test_message ("GET %s as %s", path, user);
  return sd_test_platform_request (fixture->platform, "GET", path, token (fixture, user), NULL);
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

static SdTestResponse *
upload_as (Fixture    *fixture,
           const char *user,
           const char *entry_id,
           const char *content_type,
           const char *csv,
           gsize       length)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/catalogue/%s/datasets", entry_id);
  g_autoptr(GBytes) body = g_bytes_new (csv, length);

  g_test_message ("upload to %s as %s (%s)", entry_id, user, content_type);
  return sd_test_platform_request_full (fixture->platform, "POST", path, token (fixture, user),
                                        content_type, body, NULL);
}

static SdTestResponse *
upload (Fixture    *fixture,
        const char *csv)
{
  return upload_as (fixture, "provider-a", "entry-data", "text/csv; charset=utf-8", csv, strlen (csv));
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

static void
assert_forbidden (SdTestResponse *response)
{
  sd_test_assert_problem (response, 403, SD_PROBLEM_FORBIDDEN);
}

/* The audit records with @action (and @actor, @object_id when not NULL). */
static GPtrArray *
audit_records (Fixture    *fixture,
               const char *actor,
               const char *action,
               const char *object_id)
{
  g_autoptr(SdTestResponse) page = get (fixture, "supervisor", "/api/v1/audit?limit=1000");
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *records;

  assert_status (page, 200);
  records = json_object_get_array_member (object (page), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if ((actor == NULL || g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0) &&
          g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0 &&
          (object_id == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL), object_id) == 0))
        g_ptr_array_add (found, json_object_ref (record));
    }
  return found;
}

static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action,
             const char *object_id)
{
  g_autoptr(GPtrArray) found = audit_records (fixture, actor, action, object_id);

  return found->len;
}

static guint
count_denials (Fixture    *fixture,
               const char *actor)
{
  g_autoptr(GPtrArray) denied = audit_records (fixture, actor, "authz.denied", NULL);

  return denied->len;
}

static guint
dataset_count (Fixture *fixture)
{
  g_autoptr(SdTestResponse) list = get (fixture, "provider-a", "/api/v1/catalogue/entry-data/datasets");

  assert_status (list, 200);
  return (guint) json_object_get_int_member (object (list), "total");
}

/* --- upload --------------------------------------------------------------- */

static void
test_upload_valid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SdTestResponse) first = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) second = NULL;
  g_autoptr(SdTestResponse) list = NULL;
  g_autoptr(GPtrArray) audited = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, VALID_CSV, -1);
  JsonArray *items;

  assert_status (first, 201);
  g_assert_cmpstr (json_object_get_string_member (object (first), "entry_id"), ==, "entry-data");
  g_assert_cmpint (json_object_get_int_member (object (first), "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object (first), "rows"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object (first), "sha256"), ==, sha256);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object (first), "uploaded_at"), "Z"));
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Location"), ==,
                   "/api/v1/catalogue/entry-data/dataset?version=1");

  second = upload (fixture, ITEMS "\n914403001922038216,,,,\n");
  assert_status (second, 201);
  g_assert_cmpint (json_object_get_int_member (object (second), "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object (second), "rows"), ==, 1);

  list = get (fixture, "provider-a", "/api/v1/catalogue/entry-data/datasets");
  assert_status (list, 200);
  items = json_object_get_array_member (object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "uploaded_by"),
                   ==, "provider-a");

  audited = audit_records (fixture, "provider-a", "data.upload", "entry-data");
  g_assert_cmpuint (audited->len, ==, 2);
}

/* Column order is free, a BOM and LF line ends are fine, no charset is
 * UTF-8. */
static void
test_upload_forms (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char bom_csv[] = "\xEF\xBB\xBF" "名称,注册资本,成立日期,法定代表人身份证号码,统一社会信用代码\n"
                                "丙公司,1,2020-01-01,,121000004000007155\n";
  g_autoptr(SdTestResponse) with_bom = upload (fixture, bom_csv);
  g_autoptr(SdTestResponse) no_charset = NULL;
  g_autoptr(SdTestResponse) query = NULL;
  JsonObject *row;

  assert_status (with_bom, 201);
  no_charset = upload_as (fixture, "provider-a", "entry-data", "text/csv", VALID_CSV, strlen (VALID_CSV));
  assert_status (no_charset, 201);

  /* Quoted commas, doubled quotes and line breaks come back as stored. */
  query = get (fixture, "provider-a",
               "/api/v1/catalogue/entry-data/records?item=%E7%BB%9F%E4%B8%80%E7%A4%BE%E4%BC%9A%E4%BF%A1%E7%94%A8%E4%BB%A3%E7%A0%81"
               "&value=121000004000007155");
  assert_status (query, 200);
  g_assert_cmpint (json_object_get_int_member (object (query), "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object (query), "version"), ==, 2);
  row = json_array_get_object_element (json_object_get_array_member (object (query), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "名称"), ==, "多行\n名称");
  g_assert_true (json_object_get_null_member (row, "注册资本"));
}

typedef struct {
  const char *name;
  const char *csv;
  guint       row;
  const char *column;      /* NULL: the row as a whole */
  const char *mention;
} BadUpload;

static const BadUpload bad_uploads[] = {
  { "uscc-check", ITEMS "\n" "91350100M000100Y4X,,,,\n", 2, "统一社会信用代码", "should be “3”" },
  { "ric-check", ITEMS "\n" "91350100M000100Y43,110105194912310023,,,\n", 2, "法定代表人身份证号码",
    "should be “X”" },
  { "too-long", ITEMS "\n" "91350100M000100Y43,,,,一二三四五六七八九十一\n", 2, "名称", "11 characters" },
  { "bad-date", ITEMS "\n" "91350100M000100Y43,,,,\n" "91350100M000100Y43,,2026-02-30,,\n", 3, "成立日期",
    "2026-02-30" },
  { "bad-number", ITEMS "\n" "91350100M000100Y43,,,12万,\n", 2, "注册资本", "12万" },
  { "field-count", ITEMS "\n" "91350100M000100Y43,,\n", 2, NULL, "3 fields" },
  { "unknown-column", ITEMS ",备注\n" "91350100M000100Y43,,,,,x\n", 1, "备注", "not an information item" },
  { "missing-column", "统一社会信用代码,法定代表人身份证号码,成立日期,注册资本\n", 1, "名称", "missing" },
  { "duplicate-column", ITEMS ",名称\n", 1, "名称", "more than once" },
  { "invalid-utf8", ITEMS "\n" "91350100M000100Y43,,,,\xC3\x28\n", 0, NULL, "UTF-8" },
  { "unterminated-quote", ITEMS "\n" "91350100M000100Y43,,,,\"open\n", 0, NULL, "closing quote" },
  { "empty", "", 0, NULL, "empty" },
};

static void
test_upload_bad (Fixture       *fixture,
                 gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_uploads); i++)
    {
      const BadUpload *bad = &bad_uploads[i];
      g_autoptr(SdTestResponse) response = NULL;
      JsonObject *error;

      g_test_message ("bad upload: %s", bad->name);
      response = upload (fixture, bad->csv);
      sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (response), "errors")),
                        >=, 1);
      error = json_array_get_object_element (json_object_get_array_member (object (response), "errors"), 0);
      g_assert_cmpint (json_object_get_int_member (error, "row"), ==, bad->row);
      g_assert_cmpstr (json_object_get_string_member_with_default (error, "column", NULL), ==, bad->column);
      if (strstr (json_object_get_string_member (error, "message"), bad->mention) == NULL)
        g_error ("%s: “%s” does not mention “%s”", bad->name,
                 json_object_get_string_member (error, "message"), bad->mention);
      g_assert_true (json_object_has_member (object (response), "rows_checked"));
    }
  /* Nothing of any of them was stored. */
  g_assert_cmpuint (dataset_count (fixture), ==, 0);
}

/* Every bad row is reported, the valid ones counted as checked. */
static void
test_upload_report (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new (ITEMS "\n");
  g_autoptr(SdTestResponse) response = NULL;

  for (guint i = 0; i < 1005; i++)
    g_string_append (csv, i % 2 == 0 ? "91350100M000100Y4X,,,,\n" : "91350100M000100Y43,,,x,\n");
  g_string_append (csv, "91350100M000100Y43,,,,\n");
  response = upload (fixture, csv->str);
  sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
  g_assert_cmpint (json_object_get_int_member (object (response), "rows_checked"), ==, 1006);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (response), "errors")), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (object (response), "more_errors"), ==, 5);
  g_assert_cmpuint (dataset_count (fixture), ==, 0);
}

static void
test_upload_media_type (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const refused[] = {
    "application/json", "text/plain", "text/csv; charset=gbk", "application/octet-stream",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SdTestResponse) response = upload_as (fixture, "provider-a", "entry-data", refused[i],
                                                      VALID_CSV, strlen (VALID_CSV));

      sd_test_assert_problem (response, 415, SD_PROBLEM_MEDIA_TYPE);
    }
  g_assert_cmpuint (dataset_count (fixture), ==, 0);
}

static void
test_upload_too_large (void)
{
  SdPlatformLimits limits = *sd_platform_limits_default ();
  Fixture fixture = { 0, };
  g_autoptr(GString) csv = g_string_new (ITEMS "\n");
  g_autoptr(SdTestResponse) response = NULL;

  limits.max_upload_bytes = 512;
  start (&fixture, &limits);
  while (csv->len <= limits.max_upload_bytes)
    g_string_append (csv, "91350100M000100Y43,,,,\n");
  response = upload (&fixture, csv->str);
  sd_test_assert_problem (response, 413, SD_PROBLEM_TOO_LARGE);
  g_assert_cmpuint (dataset_count (&fixture), ==, 0);
  fixture_tear_down (&fixture, NULL);
}

static void
test_upload_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const others[] = { "provider-b", "consumer-a", "consumer-b", "support",
                                         "supervisor", "admin" };
  g_autoptr(SdTestResponse) draft = NULL;
  g_autoptr(SdTestResponse) unknown = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(SdTestResponse) response = upload_as (fixture, others[i], "entry-data", "text/csv",
                                                      VALID_CSV, strlen (VALID_CSV));

      assert_forbidden (response);
      g_assert_cmpuint (count_denials (fixture, others[i]), ==, 1);
    }
  draft = upload_as (fixture, "provider-a", "entry-draft", "text/csv", VALID_CSV, strlen (VALID_CSV));
  sd_test_assert_problem (draft, 409, SD_PROBLEM_CONFLICT);
  unknown = upload_as (fixture, "provider-a", "entry-none", "text/csv", VALID_CSV, strlen (VALID_CSV));
  sd_test_assert_problem (unknown, 404, SD_PROBLEM_NOT_FOUND);
  g_assert_cmpuint (dataset_count (fixture), ==, 0);
}

/* --- query and download --------------------------------------------------- */

#define QUERY_USCC "/api/v1/catalogue/%s/records?item=%%E7%%BB%%9F%%E4%%B8%%80%%E7%%A4%%BE%%E4%%BC%%9A" \
                   "%%E4%%BF%%A1%%E7%%94%%A8%%E4%%BB%%A3%%E7%%A0%%81&value=%s"

static SdTestResponse *
query_uscc (Fixture    *fixture,
            const char *user,
            const char *entry_id,
            const char *value)
{
  g_autofree char *path = g_strdup_printf (QUERY_USCC, entry_id, value);

  return get (fixture, user, path);
}

static SdAuthorisation *
stored_authorisation (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  SdAuthorisation *authorisation = sd_storage_get_authorisation (fixture->seed.storage,
                                                                 fixture->seed.authorisation_id, &error);

  g_assert_no_error (error);
  return authorisation;
}

static guint
access_count (Fixture    *fixture,
              const char *kind)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (sd_storage_count_data_access (fixture->seed.storage, "entry-data", kind, &count, &error));
  g_assert_no_error (error);
  return count;
}

static void
test_query_allowed (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const readers[] = { "provider-a", "consumer-a", "supervisor" };
  g_autoptr(SdTestResponse) uploaded = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) consumer = NULL;
  g_autoptr(SdTestResponse) none = NULL;
  g_autoptr(SdAuthorisation) before = stored_authorisation (fixture);
  g_autoptr(SdAuthorisation) after = NULL;
  g_autoptr(GPtrArray) audited = NULL;
  JsonObject *detail;
  JsonObject *row;

  assert_status (uploaded, 201);
  g_assert_null (before->last_used_at);

  /* The provider's department and supervisors: no stamp, no access row. */
  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_autoptr(SdTestResponse) response = query_uscc (fixture, readers[i], "entry-data", "914403001922038216");

      assert_status (response, 200);
      g_assert_cmpint (json_object_get_int_member (object (response), "total"), ==, 1);
    }
  g_assert_cmpuint (access_count (fixture, NULL), ==, 0);

  consumer = query_uscc (fixture, "consumer-b", "entry-data", "914403001922038216");
  assert_status (consumer, 200);
  g_assert_cmpint (json_object_get_int_member (object (consumer), "total"), ==, 1);
  row = json_array_get_object_element (json_object_get_array_member (object (consumer), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "名称"), ==, "乙\"公司\"");
  g_assert_cmpstr (json_object_get_string_member (row, "注册资本"), ==, "2500.50");

  none = query_uscc (fixture, "consumer-b", "entry-data", "121000004000007156");
  assert_status (none, 200);
  g_assert_cmpint (json_object_get_int_member (object (none), "total"), ==, 0);

  after = stored_authorisation (fixture);
  g_assert_nonnull (after->last_used_at);
  g_assert_cmpuint (access_count (fixture, "query"), ==, 2);
  g_assert_cmpuint (access_count (fixture, "download"), ==, 0);

  audited = audit_records (fixture, "consumer-b", "data.query", "entry-data");
  g_assert_cmpuint (audited->len, ==, 2);
  detail = json_object_get_object_member (audited->pdata[0], "detail");
  g_assert_cmpint (json_object_get_int_member (detail, "authorisation_id"), ==, fixture->seed.authorisation_id);
  g_assert_cmpstr (json_object_get_string_member (detail, "purpose"), ==, SEED_PURPOSE);
  g_assert_cmpstr (json_object_get_string_member (detail, "value"), ==, "914403001922038216");
  g_assert_cmpint (json_object_get_int_member (detail, "matches"), ==, 1);
  /* The provider's reads are on the record too. */
  g_clear_pointer (&audited, g_ptr_array_unref);
  audited = audit_records (fixture, "provider-a", "data.query", "entry-data");
  g_assert_cmpuint (audited->len, ==, 1);
}

static void
test_query_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const refused[] = { "provider-b", "support", "admin" };
  g_autoptr(SdTestResponse) uploaded = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) other_entry = NULL;
  g_autoptr(SdTestResponse) draft = NULL;
  g_autoptr(SdTestResponse) revoked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  assert_status (uploaded, 201);
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SdTestResponse) response = query_uscc (fixture, refused[i], "entry-data", "914403001922038216");

      assert_forbidden (response);
      g_assert_cmpuint (count_denials (fixture, refused[i]), ==, 1);
    }
  /* Authorised on one entry is not authorised on another. */
  other_entry = query_uscc (fixture, "consumer-b", "entry-other", "914403001922038216");
  assert_forbidden (other_entry);
  /* A draft is not even there for a consumer. */
  draft = query_uscc (fixture, "consumer-b", "entry-draft", "914403001922038216");
  sd_test_assert_problem (draft, 404, SD_PROBLEM_NOT_FOUND);

  g_assert_true (sd_storage_revoke_authorisation (fixture->seed.storage, fixture->seed.authorisation_id,
                                                  "supervisor", "不再需要", now, &error));
  g_assert_no_error (error);
  revoked = query_uscc (fixture, "consumer-b", "entry-data", "914403001922038216");
  assert_forbidden (revoked);
  g_assert_cmpuint (count_denials (fixture, "consumer-b"), ==, 2);
  g_assert_cmpuint (access_count (fixture, NULL), ==, 0);
}

static void
test_query_bad (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SdTestResponse) no_data = query_uscc (fixture, "consumer-b", "entry-data", "914403001922038216");
  g_autoptr(SdTestResponse) uploaded = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) no_item = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/records?value=1");
  g_autoptr(SdTestResponse) no_value = NULL;
  g_autoptr(SdTestResponse) unknown_item = NULL;
  g_autoptr(SdTestResponse) bad_limit = NULL;
  g_autoptr(SdTestResponse) unknown_entry = NULL;

  sd_test_assert_problem (no_data, 404, SD_PROBLEM_NOT_FOUND);
  assert_status (uploaded, 201);
  sd_test_assert_problem (no_item, 400, SD_PROBLEM_BAD_REQUEST);
  g_assert_cmpstr (json_object_get_string_member (object (no_item), "field"), ==, "item");
  no_value = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/records?item=x");
  sd_test_assert_problem (no_value, 400, SD_PROBLEM_BAD_REQUEST);
  g_assert_cmpstr (json_object_get_string_member (object (no_value), "field"), ==, "value");
  unknown_item = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/records?item=x&value=1");
  sd_test_assert_problem (unknown_item, 422, SD_PROBLEM_VALIDATION);
  g_assert_cmpstr (json_object_get_string_member (object (unknown_item), "field"), ==, "item");
  bad_limit = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/records?item=x&value=1&limit=-1");
  sd_test_assert_problem (bad_limit, 400, SD_PROBLEM_BAD_REQUEST);
  unknown_entry = query_uscc (fixture, "consumer-b", "entry-none", "1");
  sd_test_assert_problem (unknown_entry, 404, SD_PROBLEM_NOT_FOUND);
}

static void
test_query_paging (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new (ITEMS "\n");
  g_autoptr(SdTestResponse) uploaded = NULL;
  g_autoptr(SdTestResponse) page = NULL;
  JsonArray *items;

  for (guint i = 0; i < 7; i++)
    g_string_append_printf (csv, "91350100M000100Y43,,,%u,\n", i);
  g_string_append (csv, "914403001922038216,,,99,\n");
  uploaded = upload (fixture, csv->str);
  assert_status (uploaded, 201);
  page = get (fixture, "consumer-b",
              "/api/v1/catalogue/entry-data/records?item=%E7%BB%9F%E4%B8%80%E7%A4%BE%E4%BC%9A%E4%BF%A1%E7%94%A8%E4%BB%A3%E7%A0%81"
              "&value=91350100M000100Y43&offset=2&limit=3");
  assert_status (page, 200);
  g_assert_cmpint (json_object_get_int_member (object (page), "total"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object (page), "offset"), ==, 2);
  items = json_object_get_array_member (object (page), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "注册资本"), ==, "2");
}

static void
test_download (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SdTestResponse) first = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) second = upload (fixture, ITEMS "\n914403001922038216,,,,\n");
  g_autoptr(SdTestResponse) latest = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/dataset");
  g_autoptr(SdTestResponse) old = NULL;
  g_autoptr(SdTestResponse) provider = NULL;
  g_autoptr(SdTestResponse) missing = NULL;
  g_autoptr(SdTestResponse) bad = NULL;
  g_autoptr(SdTestResponse) refused = NULL;
  g_autoptr(GPtrArray) audited = NULL;
  g_autofree char *authorisation = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->seed.authorisation_id);
  const char *disposition;
  JsonObject *detail;

  assert_status (first, 201);
  assert_status (second, 201);
  assert_status (latest, 200);
  g_assert_cmpstr (latest->content_type, ==, "text/csv");
  g_assert_cmpmem (g_bytes_get_data (latest->body, NULL), g_bytes_get_size (latest->body),
                   ITEMS "\n914403001922038216,,,,\n", strlen (ITEMS "\n914403001922038216,,,,\n"));
  g_assert_cmpstr (soup_message_headers_get_one (latest->headers, "X-ShareDesk-Authorisation"), ==, authorisation);
  disposition = soup_message_headers_get_one (latest->headers, "Content-Disposition");
  g_assert_nonnull (disposition);
  g_assert_nonnull (strstr (disposition, "filename=\"entry-data-v2.csv\""));
  g_assert_nonnull (strstr (disposition, "filename*=UTF-8''%E4%BC%81%E4%B8%9A"));

  old = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/dataset?version=1");
  assert_status (old, 200);
  g_assert_cmpmem (g_bytes_get_data (old->body, NULL), g_bytes_get_size (old->body), VALID_CSV, strlen (VALID_CSV));

  /* The provider's own copy carries no authorisation. */
  provider = get (fixture, "provider-a", "/api/v1/catalogue/entry-data/dataset");
  assert_status (provider, 200);
  g_assert_null (soup_message_headers_get_one (provider->headers, "X-ShareDesk-Authorisation"));

  missing = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/dataset?version=9");
  sd_test_assert_problem (missing, 404, SD_PROBLEM_NOT_FOUND);
  bad = get (fixture, "consumer-b", "/api/v1/catalogue/entry-data/dataset?version=abc");
  sd_test_assert_problem (bad, 400, SD_PROBLEM_BAD_REQUEST);
  refused = get (fixture, "support", "/api/v1/catalogue/entry-data/dataset");
  assert_forbidden (refused);
  g_assert_cmpuint (count_denials (fixture, "support"), ==, 1);

  g_assert_cmpuint (access_count (fixture, "download"), ==, 2);
  audited = audit_records (fixture, "consumer-b", "data.download", "entry-data");
  g_assert_cmpuint (audited->len, ==, 2);
  detail = json_object_get_object_member (audited->pdata[1], "detail");
  g_assert_cmpint (json_object_get_int_member (detail, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (detail, "authorisation_id"), ==, fixture->seed.authorisation_id);
  g_assert_cmpstr (json_object_get_string_member (detail, "purpose"), ==, SEED_PURPOSE);
}

static void
test_list_datasets_access (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const allowed[] = { "provider-a", "consumer-b", "support", "supervisor", "admin" };
  g_autoptr(SdTestResponse) uploaded = upload (fixture, VALID_CSV);
  g_autoptr(SdTestResponse) refused = NULL;
  g_autoptr(SdTestResponse) other = NULL;

  assert_status (uploaded, 201);
  for (gsize i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(SdTestResponse) response = get (fixture, allowed[i], "/api/v1/catalogue/entry-data/datasets");

      assert_status (response, 200);
      g_assert_cmpint (json_object_get_int_member (object (response), "total"), ==, 1);
    }
  refused = get (fixture, "provider-b", "/api/v1/catalogue/entry-data/datasets");
  assert_forbidden (refused);
  other = get (fixture, "consumer-b", "/api/v1/catalogue/entry-other/datasets");
  assert_forbidden (other);
  g_assert_cmpuint (count_denials (fixture, "provider-b"), ==, 1);
  g_assert_cmpuint (count_denials (fixture, "consumer-b"), ==, 1);
}

/* --- subscriptions -------------------------------------------------------- */

static JsonObject *
only_subscription (Fixture    *fixture,
                   const char *user)
{
  g_autoptr(SdTestResponse) list = get (fixture, user, "/api/v1/subscriptions");
  JsonArray *items;

  assert_status (list, 200);
  items = json_object_get_array_member (object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static gboolean
subscription_changed (Fixture    *fixture,
                      gint64      since,
                      const char *id)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 latest = 0;

  changes = sd_storage_list_changes (fixture->seed.storage, since, SD_TEST_USCC_CONSUMER, FALSE, 1000,
                                     &latest, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      SdChange *change = changes->pdata[i];

      if (g_str_equal (change->object_type, "subscription") && g_str_equal (change->object_id, id))
        return TRUE;
    }
  return FALSE;
}

static gint64
latest_change (Fixture *fixture)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 latest = 0;

  changes = sd_storage_list_changes (fixture->seed.storage, 0, NULL, TRUE, 1, &latest, &error);
  g_assert_no_error (error);
  return latest;
}

static void
test_subscriptions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SdTestResponse) created = send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions",
                                                 "{\"entry_id\": \"entry-data\"}");
  g_autoptr(SdTestResponse) again = NULL;
  g_autoptr(SdTestResponse) uploaded = NULL;
  g_autoptr(SdTestResponse) seen = NULL;
  g_autoptr(SdTestResponse) deleted = NULL;
  g_autoptr(SdTestResponse) after_delete = NULL;
  g_autoptr(SdTestResponse) staff = NULL;
  g_autoptr(JsonObject) subscription = NULL;
  g_autofree char *id = NULL;
  g_autofree char *seen_path = NULL;
  g_autofree char *path = NULL;
  gint64 before_upload;

  assert_status (created, 201);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object (created), "id"));
  path = g_strconcat ("/api/v1/subscriptions/", id, NULL);
  seen_path = g_strconcat (path, "/seen", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (object (created), "department"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_true (json_object_get_null_member (object (created), "latest_version"));
  g_assert_false (json_object_get_boolean_member (object (created), "new_version_available"));

  again = send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions", "{\"entry_id\": \"entry-data\"}");
  sd_test_assert_problem (again, 409, SD_PROBLEM_CONFLICT);

  /* A new version: the subscriber's delta sync sees its subscription. */
  before_upload = latest_change (fixture);
  uploaded = upload (fixture, VALID_CSV);
  assert_status (uploaded, 201);
  g_assert_true (subscription_changed (fixture, before_upload, id));
  subscription = only_subscription (fixture, "consumer-b");
  g_assert_cmpint (json_object_get_int_member (subscription, "latest_version"), ==, 1);
  g_assert_true (json_object_get_null_member (subscription, "last_notified_version"));
  g_assert_true (json_object_get_boolean_member (subscription, "new_version_available"));
  g_clear_pointer (&subscription, json_object_unref);

  seen = send_json (fixture, "consumer-b", "POST", seen_path, "{\"version\": 1}");
  assert_status (seen, 200);
  g_assert_false (json_object_get_boolean_member (object (seen), "new_version_available"));
  subscription = only_subscription (fixture, "consumer-b");
  g_assert_cmpint (json_object_get_int_member (subscription, "last_notified_version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (subscription, "new_version_available"));

  staff = get (fixture, "support", "/api/v1/subscriptions");
  assert_status (staff, 200);
  g_assert_cmpint (json_object_get_int_member (object (staff), "total"), ==, 1);

  deleted = send_json (fixture, "consumer-b", "DELETE", path, NULL);
  assert_status (deleted, 204);
  after_delete = send_json (fixture, "consumer-b", "DELETE", path, NULL);
  sd_test_assert_problem (after_delete, 404, SD_PROBLEM_NOT_FOUND);
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "subscription.create", id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "subscription.seen", id), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "consumer-b", "subscription.delete", id), ==, 1);
}

static void
test_subscriptions_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SdTestResponse) created = send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions",
                                                 "{\"entry_id\": \"entry-data\"}");
  g_autofree char *path = NULL;
  g_autofree char *seen_path = NULL;
  g_autoptr(SdTestResponse) response = NULL;
  g_autoptr(SdTestResponse) others = NULL;

  assert_status (created, 201);
  path = g_strdup_printf ("/api/v1/subscriptions/%" G_GINT64_FORMAT, json_object_get_int_member (object (created), "id"));
  seen_path = g_strconcat (path, "/seen", NULL);

#define EXPECT(expr, status, type) \
  G_STMT_START { g_clear_pointer (&response, sd_test_response_free); response = (expr); \
                 sd_test_assert_problem (response, status, type); } G_STMT_END

  /* Not authorised on the entry; not a consumer; unknown entry; bad bodies. */
  EXPECT (send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions", "{\"entry_id\": \"entry-other\"}"),
          403, SD_PROBLEM_FORBIDDEN);
  EXPECT (send_json (fixture, "consumer-a", "POST", "/api/v1/subscriptions", "{\"entry_id\": \"entry-data\"}"),
          403, SD_PROBLEM_FORBIDDEN);
  EXPECT (send_json (fixture, "provider-b", "POST", "/api/v1/subscriptions", "{\"entry_id\": \"entry-data\"}"),
          403, SD_PROBLEM_FORBIDDEN);
  EXPECT (send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions", "{\"entry_id\": \"entry-none\"}"),
          404, SD_PROBLEM_NOT_FOUND);
  EXPECT (send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions", "{\"entry_id\": 5}"),
          400, SD_PROBLEM_BAD_REQUEST);
  EXPECT (send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions", "{}"),
          422, SD_PROBLEM_VALIDATION);
  /* Another department's subscription. */
  EXPECT (send_json (fixture, "consumer-a", "POST", seen_path, "{\"version\": 1}"), 403, SD_PROBLEM_FORBIDDEN);
  EXPECT (send_json (fixture, "consumer-a", "DELETE", path, NULL), 403, SD_PROBLEM_FORBIDDEN);
  /* Seen: a version that exists, as an integer. */
  EXPECT (send_json (fixture, "consumer-b", "POST", seen_path, "{\"version\": 1}"), 422, SD_PROBLEM_VALIDATION);
  g_assert_cmpstr (json_object_get_string_member (object (response), "field"), ==, "version");
  EXPECT (send_json (fixture, "consumer-b", "POST", seen_path, "{\"version\": \"1\"}"), 400, SD_PROBLEM_BAD_REQUEST);
  EXPECT (send_json (fixture, "consumer-b", "POST", seen_path, "{\"version\": 0}"), 422, SD_PROBLEM_VALIDATION);
  EXPECT (send_json (fixture, "consumer-b", "POST", seen_path, "{}"), 422, SD_PROBLEM_VALIDATION);
  EXPECT (send_json (fixture, "consumer-b", "POST", seen_path, "{\"version\": 1, \"x\": 1}"), 400,
          SD_PROBLEM_BAD_REQUEST);
  EXPECT (send_json (fixture, "consumer-b", "POST", "/api/v1/subscriptions/abc/seen", "{\"version\": 1}"),
          404, SD_PROBLEM_NOT_FOUND);
  EXPECT (send_json (fixture, "consumer-b", "DELETE", "/api/v1/subscriptions/999", NULL), 404, SD_PROBLEM_NOT_FOUND);
#undef EXPECT

  /* consumer-a: not authorised, then twice another department's
   * subscription; the others once each. */
  g_assert_cmpuint (count_denials (fixture, "consumer-a"), ==, 3);
  g_assert_cmpuint (count_denials (fixture, "consumer-b"), ==, 1);
  g_assert_cmpuint (count_denials (fixture, "provider-b"), ==, 1);
  others = get (fixture, "consumer-a", "/api/v1/subscriptions");
  assert_status (others, 200);
  g_assert_cmpint (json_object_get_int_member (object (others), "total"), ==, 0);
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

  add_test ("/platform/data/upload/valid", test_upload_valid);
  add_test ("/platform/data/upload/forms", test_upload_forms);
  add_test ("/platform/data/upload/bad", test_upload_bad);
  add_test ("/platform/data/upload/report", test_upload_report);
  add_test ("/platform/data/upload/media-type", test_upload_media_type);
  g_test_add_func ("/platform/data/upload/too-large", test_upload_too_large);
  add_test ("/platform/data/upload/refused", test_upload_refused);
  add_test ("/platform/data/query/allowed", test_query_allowed);
  add_test ("/platform/data/query/refused", test_query_refused);
  add_test ("/platform/data/query/bad", test_query_bad);
  add_test ("/platform/data/query/paging", test_query_paging);
  add_test ("/platform/data/download", test_download);
  add_test ("/platform/data/datasets/access", test_list_datasets_access);
  add_test ("/platform/data/subscriptions/flow", test_subscriptions);
  add_test ("/platform/data/subscriptions/refused", test_subscriptions_refused);
  return g_test_run ();
}
