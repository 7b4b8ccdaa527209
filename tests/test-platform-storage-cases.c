/* test-platform-storage-cases.c — sd-storage-cases.c on a real SQLite
 * file: cases (add, get, update with the version read, STALE for the
 * second writer, NOT_FOUND), every list filter with paging and totals,
 * attachments (hash, size, content only by id, NOT_FOUND across cases),
 * authorisations (add, the one per application CONFLICT, find in force,
 * the unused list, touch, revoke and a second revoke CONFLICT), and the
 * change feed rows the writes leave.
 */
#include "config.h"

#include <string.h>

#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"
#include "sd-test-utils.h"

typedef struct {
  char      *path;
  SdStorage *storage;
} Fixture;

static void
add_department (SdStorage  *storage,
                const char *uscc,
                const char *name)
{
  SdDepartment department = {
    .uscc = (char *) uscc,
    .name = (char *) name,
    .responsible_person = (char *) "张三",
    .contact = (char *) "010-12345678",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_department (storage, &department, &error));
  g_assert_no_error (error);
}

static void
add_entry (SdStorage  *storage,
           const char *id,
           const char *resource_code)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (id, resource_code, "道路运输车辆基础信息",
                                                     SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_classification_code (entry, "1020101");
  sd_catalogue_entry_set_share_type (entry, "conditional");
  g_assert_true (sd_storage_add_entry (storage, entry, "system", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fixture->path = g_build_filename (dir, "cases.db", NULL);
  fixture->storage = sd_storage_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_storage_init_profile (fixture->storage, "mot-2021", &error));
  g_assert_no_error (error);
  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "交通运输部运输服务司");
  add_department (fixture->storage, SD_TEST_USCC_CONSUMER, "交通运输部科技司");
  add_department (fixture->storage, SD_TEST_USCC_OTHER, "市交通运输局");
  add_entry (fixture->storage, "entry-1", "1020101/000001");
  add_entry (fixture->storage, "entry-2", "1020101/000002");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->storage);
  g_free (fixture->path);
}

static SdCaseRecord *
case_new (const char *entry_id,
          const char *consumer,
          const char *state,
          SdRole      role,
          const char *department)
{
  SdCaseRecord *record = g_new0 (SdCaseRecord, 1);

  record->kind = SD_CASE_APPLICATION;
  record->entry_id = g_strdup (entry_id);
  record->consumer_uscc = g_strdup (consumer);
  record->provider_uscc = g_strdup (SD_TEST_USCC_PROVIDER);
  record->state = g_strdup (state);
  record->current_role = role;
  record->current_department = g_strdup (department);
  record->due_date = g_strdup ("2026-03-04");
  record->json = g_strdup ("{\"state\": \"in-review\"}");
  return record;
}

static gint64
add_case (Fixture      *fixture,
          SdCaseRecord *record)
{
  g_autoptr(SdCaseRecord) owned = record;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_case (fixture->storage, owned, &error));
  g_assert_no_error (error);
  g_assert_cmpint (owned->id, >, 0);
  g_assert_cmpuint (owned->version, ==, 1);
  g_assert_nonnull (owned->created_at);
  return owned->id;
}

static void
test_case_versions (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 id = add_case (fixture, case_new ("entry-1", SD_TEST_USCC_CONSUMER, "in-review",
                                           SD_ROLE_SUPPORT, NULL));
  g_autoptr(SdCaseRecord) first = NULL;
  g_autoptr(SdCaseRecord) second = NULL;
  g_autoptr(SdCaseRecord) stored = NULL;
  g_autoptr(SdCaseRecord) missing = NULL;
  g_autoptr(GError) error = NULL;

  first = sd_storage_get_case (fixture->storage, SD_CASE_APPLICATION, id, &error);
  g_assert_no_error (error);
  second = sd_storage_get_case (fixture->storage, SD_CASE_APPLICATION, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->entry_id, ==, "entry-1");
  g_assert_cmpstr (first->consumer_uscc, ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (first->provider_uscc, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpint (first->current_role, ==, SD_ROLE_SUPPORT);
  g_assert_null (first->current_department);
  g_assert_cmpstr (first->due_date, ==, "2026-03-04");

  /* Two reviewers read version 1; the first write wins. */
  g_free (first->state);
  first->state = g_strdup ("authorised");
  first->current_role = SD_ROLE_INVALID;
  g_clear_pointer (&first->due_date, g_free);
  g_assert_true (sd_storage_update_case (fixture->storage, first, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first->version, ==, 2);
  g_free (second->state);
  second->state = g_strdup ("refused");
  g_assert_false (sd_storage_update_case (fixture->storage, second, second->version, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_STALE);
  g_clear_error (&error);

  stored = sd_storage_get_case (fixture->storage, SD_CASE_APPLICATION, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->state, ==, "authorised");
  g_assert_cmpint (stored->current_role, ==, SD_ROLE_INVALID);
  g_assert_null (stored->due_date);
  g_assert_cmpuint (stored->version, ==, 2);

  /* Another kind with the same number is another case. */
  missing = sd_storage_get_case (fixture->storage, SD_CASE_OBJECTION, id, &error);
  g_assert_null (missing);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sd_storage_get_case (fixture->storage, SD_CASE_APPLICATION, id + 100, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (second->state);
  second->state = g_strdup ("refused");
  second->id = id + 100;
  g_assert_false (sd_storage_update_case (fixture->storage, second, 1, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static void
test_case_unknown_references (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SdCaseRecord) unknown_entry = case_new ("entry-none", SD_TEST_USCC_CONSUMER, "in-review",
                                                    SD_ROLE_SUPPORT, NULL);
  g_autoptr(SdCaseRecord) unknown_department = case_new ("entry-1", "91110000000000000X", "in-review",
                                                         SD_ROLE_SUPPORT, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_storage_add_case (fixture->storage, unknown_entry, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_storage_add_case (fixture->storage, unknown_department, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static guint
count_cases (Fixture           *fixture,
             const SdCaseQuery *query,
             guint             *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = sd_storage_list_cases (fixture->storage, query, total, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cases);
  for (guint i = 1; i < cases->len; i++)
    g_assert_cmpint (((SdCaseRecord *) cases->pdata[i - 1])->id, >,
                     ((SdCaseRecord *) cases->pdata[i])->id);
  return cases->len;
}

static void
test_case_filters (Fixture       *fixture,
                   gconstpointer  data)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
  guint total = 0;

  add_case (fixture, case_new ("entry-1", SD_TEST_USCC_CONSUMER, "in-review", SD_ROLE_SUPPORT, NULL));
  add_case (fixture, case_new ("entry-2", SD_TEST_USCC_CONSUMER, "in-review", SD_ROLE_PROVIDER,
                               SD_TEST_USCC_PROVIDER));
  add_case (fixture, case_new ("entry-1", SD_TEST_USCC_OTHER, "negotiating", SD_ROLE_PROVIDER,
                               SD_TEST_USCC_PROVIDER));
  add_case (fixture, case_new ("entry-2", SD_TEST_USCC_OTHER, "authorised", SD_ROLE_INVALID, NULL));

  g_assert_cmpuint (count_cases (fixture, &query, &total), ==, 4);
  g_assert_cmpuint (total, ==, 4);
  query.department = SD_TEST_USCC_PROVIDER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 4);
  query.department = SD_TEST_USCC_OTHER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.department = NULL;
  query.consumer = SD_TEST_USCC_CONSUMER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.consumer = NULL;
  query.provider = SD_TEST_USCC_CONSUMER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 0);
  query.provider = NULL;
  query.entry_id = "entry-1";
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.entry_id = NULL;
  query.state = "in-review";
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.state = NULL;
  query.current_role = SD_ROLE_PROVIDER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.current_department = SD_TEST_USCC_PROVIDER;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 2);
  query.current_role = SD_ROLE_INVALID;
  query.current_department = NULL;
  query.open_only = TRUE;
  g_assert_cmpuint (count_cases (fixture, &query, NULL), ==, 3);
  query.open_only = FALSE;

  /* Paging: the total ignores offset and limit. */
  query.limit = 3;
  query.offset = 2;
  g_assert_cmpuint (count_cases (fixture, &query, &total), ==, 2);
  g_assert_cmpuint (total, ==, 4);
  query.offset = 10;
  g_assert_cmpuint (count_cases (fixture, &query, &total), ==, 0);
  g_assert_cmpuint (total, ==, 4);

  /* Kinds are apart. */
  query = (SdCaseQuery) SD_CASE_QUERY_INIT (SD_CASE_OBJECTION);
  g_assert_cmpuint (count_cases (fixture, &query, &total), ==, 0);
  g_assert_cmpuint (total, ==, 0);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = add_case (fixture, case_new ("entry-1", SD_TEST_USCC_CONSUMER, "in-review", SD_ROLE_SUPPORT, NULL));
  gint64 other = add_case (fixture, case_new ("entry-2", SD_TEST_USCC_CONSUMER, "in-review", SD_ROLE_SUPPORT, NULL));
  g_autoptr(SdAttachment) attachment = g_new0 (SdAttachment, 1);
  g_autoptr(SdAttachment) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  SdAttachment *listed;

  attachment->case_id = id;
  attachment->name = g_strdup ("执法证.txt");
  attachment->media_type = g_strdup ("text/plain");
  attachment->uploaded_by = g_strdup ("consumer-b");
  attachment->content = g_bytes_new_static ("abc", 3);
  g_assert_true (sd_storage_add_attachment (fixture->storage, attachment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (attachment->id, >, 0);
  g_assert_cmpuint (attachment->size, ==, 3);
  g_assert_cmpstr (attachment->sha256, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  list = sd_storage_list_attachments (fixture->storage, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  listed = g_ptr_array_index (list, 0);
  g_assert_null (listed->content);
  g_assert_cmpstr (listed->name, ==, "执法证.txt");
  g_assert_cmpstr (listed->uploaded_by, ==, "consumer-b");
  g_assert_nonnull (listed->at);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sd_storage_list_attachments (fixture->storage, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  stored = sd_storage_get_attachment (fixture->storage, id, attachment->id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (stored->content, NULL), g_bytes_get_size (stored->content), "abc", 3);
  g_assert_cmpstr (stored->media_type, ==, "text/plain");
  g_assert_null (sd_storage_get_attachment (fixture->storage, other, attachment->id, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static SdAuthorisation *
authorisation_new (gint64      application_id,
                   const char *entry_id,
                   const char *consumer,
                   GDateTime  *granted_at)
{
  SdAuthorisation *authorisation = g_new0 (SdAuthorisation, 1);

  authorisation->application_id = application_id;
  authorisation->entry_id = g_strdup (entry_id);
  authorisation->consumer_uscc = g_strdup (consumer);
  authorisation->provider_uscc = g_strdup (SD_TEST_USCC_PROVIDER);
  authorisation->granted_at = granted_at != NULL ? g_date_time_ref (granted_at) : NULL;
  return authorisation;
}

static guint
count_authorisations (Fixture    *fixture,
                      const char *department,
                      const char *entry_id,
                      gboolean    in_force_only,
                      GDateTime  *unused_since)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sd_storage_list_authorisations (fixture->storage, department, entry_id,
                                                              in_force_only, unused_since, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
test_authorisations (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) january = g_date_time_new_utc (2026, 1, 5, 2, 0, 0);
  g_autoptr(GDateTime) june = g_date_time_new_utc (2026, 6, 1, 2, 0, 0);
  g_autoptr(GDateTime) march = g_date_time_new_utc (2026, 3, 1, 0, 0, 0);
  gint64 first_app = add_case (fixture, case_new ("entry-1", SD_TEST_USCC_CONSUMER, "authorised", SD_ROLE_INVALID, NULL));
  gint64 second_app = add_case (fixture, case_new ("entry-2", SD_TEST_USCC_OTHER, "authorised", SD_ROLE_INVALID, NULL));
  g_autoptr(SdAuthorisation) old = authorisation_new (first_app, "entry-1", SD_TEST_USCC_CONSUMER, january);
  g_autoptr(SdAuthorisation) recent = authorisation_new (second_app, "entry-2", SD_TEST_USCC_OTHER, june);
  g_autoptr(SdAuthorisation) duplicate = authorisation_new (first_app, "entry-1", SD_TEST_USCC_CONSUMER, NULL);
  g_autoptr(SdAuthorisation) found = NULL;
  g_autoptr(SdAuthorisation) revoked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_authorisation (fixture->storage, old, &error));
  g_assert_no_error (error);
  g_assert_true (sd_storage_add_authorisation (fixture->storage, recent, &error));
  g_assert_no_error (error);
  g_assert_false (sd_storage_add_authorisation (fixture->storage, duplicate, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  found = sd_storage_find_authorisation (fixture->storage, SD_TEST_USCC_CONSUMER, "entry-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, old->id);
  g_assert_true (g_date_time_equal (found->granted_at, january));
  g_assert_null (found->last_used_at);
  g_clear_pointer (&found, sd_authorisation_free);
  g_assert_null (sd_storage_find_authorisation (fixture->storage, SD_TEST_USCC_CONSUMER, "entry-2", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Filters. */
  g_assert_cmpuint (count_authorisations (fixture, NULL, NULL, FALSE, NULL), ==, 2);
  g_assert_cmpuint (count_authorisations (fixture, SD_TEST_USCC_PROVIDER, NULL, FALSE, NULL), ==, 2);
  g_assert_cmpuint (count_authorisations (fixture, SD_TEST_USCC_OTHER, NULL, FALSE, NULL), ==, 1);
  g_assert_cmpuint (count_authorisations (fixture, NULL, "entry-2", FALSE, NULL), ==, 1);
  /* Unused since 1 March: granted in January, never used. */
  g_assert_cmpuint (count_authorisations (fixture, NULL, NULL, FALSE, march), ==, 1);

  /* A use on 1 June takes it off the unused list. */
  g_assert_true (sd_storage_touch_authorisation (fixture->storage, old->id, june, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_authorisations (fixture, NULL, NULL, FALSE, march), ==, 0);
  found = sd_storage_get_authorisation (fixture->storage, old->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (found->last_used_at, june));
  g_assert_false (sd_storage_touch_authorisation (fixture->storage, 9999, june, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Revocation, once. */
  g_assert_true (sd_storage_revoke_authorisation (fixture->storage, recent->id, "supervisor", "超范围使用",
                                                  june, &error));
  g_assert_no_error (error);
  g_assert_false (sd_storage_revoke_authorisation (fixture->storage, recent->id, "supervisor", "again",
                                                   june, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  revoked = sd_storage_get_authorisation (fixture->storage, recent->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (revoked->revoked_at);
  g_assert_cmpstr (revoked->revoked_by, ==, "supervisor");
  g_assert_cmpstr (revoked->revoke_reason, ==, "超范围使用");
  g_assert_cmpuint (count_authorisations (fixture, NULL, NULL, TRUE, NULL), ==, 1);
  g_assert_cmpuint (count_authorisations (fixture, NULL, NULL, FALSE, NULL), ==, 2);
  g_assert_null (sd_storage_find_authorisation (fixture->storage, SD_TEST_USCC_OTHER, "entry-2", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/platform/storage-cases/versions", Fixture, NULL, fixture_set_up, test_case_versions,
              fixture_tear_down);
  g_test_add ("/platform/storage-cases/unknown-references", Fixture, NULL, fixture_set_up,
              test_case_unknown_references, fixture_tear_down);
  g_test_add ("/platform/storage-cases/filters", Fixture, NULL, fixture_set_up, test_case_filters,
              fixture_tear_down);
  g_test_add ("/platform/storage-cases/attachments", Fixture, NULL, fixture_set_up, test_attachments,
              fixture_tear_down);
  g_test_add ("/platform/storage-cases/authorisations", Fixture, NULL, fixture_set_up,
              test_authorisations, fixture_tear_down);
  return g_test_run ();
}
