/* test-platform-storage-catalogue.c — the catalogue storage on a real
 * SQLite file: adding (ids, CONFLICT, NOT_FOUND), updating (STALE,
 * CONFLICT), versions, lists with filters, visibility and search, deletion
 * with its tombstone, resource code counters and applied change
 * registrations. */
#include "config.h"

#include <glib/gstdio.h>

#include "sd-storage-catalogue.h"
#include "sd-storage-changes.h"
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
    .uscc = (char *) uscc, .name = (char *) name,
    .responsible_person = (char *) "张三", .contact = (char *) "010-1234567",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_department (storage, &department, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fixture->path = g_build_filename (dir, "catalogue.db", NULL);
  fixture->storage = sd_storage_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_storage_init_profile (fixture->storage, "mot-2021", &error));
  g_assert_no_error (error);
  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "测试提供部门");
  add_department (fixture->storage, SD_TEST_USCC_CONSUMER, "测试使用部门");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->storage);
  g_unlink (fixture->path);
  g_free (fixture->path);
}

static SdCatalogueEntry *
add_entry (Fixture      *fixture,
           const char   *code,
           const char   *name,
           SdEntryState  state)
{
  g_autoptr(GError) error = NULL;
  SdCatalogueEntry *entry = sd_test_entry ("", code, name, state);

  sd_catalogue_entry_set_classification_code (entry, "30702");
  sd_catalogue_entry_set_provider_name (entry, "测试提供部门");
  g_assert_true (sd_storage_add_entry (fixture->storage, entry, "tester", &error));
  g_assert_no_error (error);
  return entry;
}

static void
test_add_and_update (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SdCatalogueEntry) entry = add_entry (fixture, "30702/000001", "道路运输许可", SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) duplicate = sd_test_entry ("", "30702/000001", "重复", SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) nowhere = sd_test_entry ("", "30702/000009", "无部门", SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) moved = NULL;
  g_autoptr(SdCatalogueEntry) stored = NULL;
  g_autoptr(SdCatalogueEntry) first = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (sd_catalogue_entry_get_id (entry), "entry-"));
  g_assert_cmpuint (sd_catalogue_entry_get_version (entry), ==, 1);

  g_assert_false (sd_storage_add_entry (fixture->storage, duplicate, "tester", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  sd_catalogue_entry_set_provider_uscc (nowhere, SD_TEST_USCC_OTHER);
  g_assert_false (sd_storage_add_entry (fixture->storage, nowhere, "tester", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sd_catalogue_entry_set_name (entry, "道路运输经营许可");
  g_assert_true (sd_storage_update_entry (fixture->storage, entry, 1, "tester", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_catalogue_entry_get_version (entry), ==, 2);
  /* Stale: someone else stored version 2 meanwhile. */
  g_assert_false (sd_storage_update_entry (fixture->storage, entry, 1, "tester", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_STALE);
  g_clear_error (&error);
  g_assert_cmpuint (sd_catalogue_entry_get_version (entry), ==, 2);
  /* The provider cannot change. */
  moved = sd_catalogue_entry_copy (entry);
  sd_catalogue_entry_set_provider_uscc (moved, SD_TEST_USCC_CONSUMER);
  g_assert_false (sd_storage_update_entry (fixture->storage, moved, 2, "tester", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  stored = sd_storage_get_entry (fixture->storage, sd_catalogue_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_catalogue_entry_get_name (stored), ==, "道路运输经营许可");
  first = sd_storage_get_entry_version (fixture->storage, sd_catalogue_entry_get_id (entry), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_catalogue_entry_get_name (first), ==, "道路运输许可");
  g_assert_null (sd_storage_get_entry_version (fixture->storage, sd_catalogue_entry_get_id (entry), 3, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  versions = sd_storage_list_entry_versions (fixture->storage, sd_catalogue_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpstr (((SdEntryVersion *) versions->pdata[1])->actor, ==, "tester");
  g_assert_null (sd_storage_get_entry (fixture->storage, "entry-999999", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static guint
count (Fixture            *fixture,
       const SdEntryQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  guint total = 0;

  summaries = sd_storage_list_entries (fixture->storage, query, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, <=, total);
  return total;
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SdCatalogueEntry) draft = add_entry (fixture, "30702/000001", "道路运输许可", SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) published = add_entry (fixture, "30702/000002", "船舶登记信息", SD_ENTRY_STATE_PUBLISHED);
  SdEntryQuery outsider = { .department = SD_TEST_USCC_CONSUMER };
  SdEntryQuery owner = { .department = SD_TEST_USCC_PROVIDER };
  SdEntryQuery staff = { .all_departments = TRUE };
  SdEntryQuery search = { .all_departments = TRUE, .text = "船舶登记" };
  SdEntryQuery short_search = { .all_departments = TRUE, .text = "船" };
  SdEntryQuery syntax = { .all_departments = TRUE, .text = "\"船舶\" OR 道路*" };
  SdEntryQuery like_syntax = { .all_departments = TRUE, .text = "%_" };
  SdEntryQuery by_state = { .all_departments = TRUE, .state = "draft" };
  SdEntryQuery by_category = { .all_departments = TRUE, .category = "3" };
  SdEntryQuery other_category = { .all_departments = TRUE, .category = "1" };
  SdEntryQuery paged = { .all_departments = TRUE, .limit = 1, .offset = 1 };
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  g_assert_cmpuint (count (fixture, &outsider), ==, 1);
  g_assert_cmpuint (count (fixture, &owner), ==, 2);
  g_assert_cmpuint (count (fixture, &staff), ==, 2);
  g_assert_cmpuint (count (fixture, &search), ==, 1);
  g_assert_cmpuint (count (fixture, &short_search), ==, 1);
  g_assert_cmpuint (count (fixture, &syntax), ==, 0);
  g_assert_cmpuint (count (fixture, &like_syntax), ==, 0);
  g_assert_cmpuint (count (fixture, &by_state), ==, 1);
  g_assert_cmpuint (count (fixture, &by_category), ==, 2);
  g_assert_cmpuint (count (fixture, &other_category), ==, 0);

  page = sd_storage_list_entries (fixture->storage, &paged, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpuint (page->len, ==, 1);
  /* Newest first: the draft was added first. */
  g_assert_cmpstr (((SdEntrySummary *) page->pdata[0])->entry_id, ==, sd_catalogue_entry_get_id (draft));
  g_assert_cmpstr (((SdEntrySummary *) page->pdata[0])->provider_name, ==, "测试提供部门");
  (void) published;
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SdCatalogueEntry) draft = add_entry (fixture, "30702/000001", "道路运输许可", SD_ENTRY_STATE_DRAFT);
  g_autoptr(SdCatalogueEntry) published = add_entry (fixture, "30702/000002", "船舶登记信息", SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  SdEntryQuery search = { .all_departments = TRUE, .text = "道路运输" };
  SdChange *last;
  gint64 latest = 0;

  g_assert_false (sd_storage_delete_entry (fixture->storage, sd_catalogue_entry_get_id (published), &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (sd_storage_delete_entry (fixture->storage, sd_catalogue_entry_get_id (draft), &error));
  g_assert_no_error (error);
  g_assert_false (sd_storage_delete_entry (fixture->storage, sd_catalogue_entry_get_id (draft), &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count (fixture, &search), ==, 0);

  changes = sd_storage_list_changes (fixture->storage, 0, SD_TEST_USCC_PROVIDER, FALSE, 100, &latest, &error);
  g_assert_no_error (error);
  last = changes->pdata[changes->len - 1];
  g_assert_cmpstr (last->object_id, ==, sd_catalogue_entry_get_id (draft));
  g_assert_true (last->deleted);
  /* The tombstone of a draft is the provider's business only. */
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = sd_storage_list_changes (fixture->storage, 0, SD_TEST_USCC_CONSUMER, FALSE, 100, &latest, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (((SdChange *) changes->pdata[i])->object_id, !=, sd_catalogue_entry_get_id (draft));
}

static void
test_resource_codes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SdCatalogueEntry) taken = add_entry (fixture, "30702/000002", "道路运输许可", SD_ENTRY_STATE_DRAFT);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = sd_storage_allocate_resource_code (fixture->storage, "30702", &error);
  g_autofree char *second = sd_storage_allocate_resource_code (fixture->storage, "30702", &error);
  g_autofree char *other = sd_storage_allocate_resource_code (fixture->storage, "1050201", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "30702/000001");
  g_assert_cmpstr (second, ==, "30702/000003");
  g_assert_cmpstr (other, ==, "1050201/000001");
  (void) taken;
}

static void
test_applied_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SdCatalogueEntry) entry = add_entry (fixture, "30702/000001", "道路运输许可", SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sd_storage_get_change_applied (fixture->storage, 7, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (sd_storage_mark_change_applied (fixture->storage, 7, sd_catalogue_entry_get_id (entry), 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_storage_get_change_applied (fixture->storage, 7, &error), ==, 2);
  g_assert_false (sd_storage_mark_change_applied (fixture->storage, 7, sd_catalogue_entry_get_id (entry), 3, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/platform/storage/catalogue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-and-update", test_add_and_update);
  ADD ("list", test_list);
  ADD ("delete", test_delete);
  ADD ("resource-codes", test_resource_codes);
  ADD ("applied-changes", test_applied_changes);
#undef ADD

  return g_test_run ();
}
