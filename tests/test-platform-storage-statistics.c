/* test-platform-storage-statistics.c — the aggregate figures per
 * department (sd-storage-statistics.h) on a fresh SQLite file: one row
 * per department with zeros where nothing happened, the catalogue as a
 * snapshot at the end of the period, authorisations in force at that
 * instant (revoked and not yet granted ones left out), the department
 * filter and an unknown department.
 *
 * Datasets, data access and feedback have no storage functions yet on
 * this branch: their figures are asserted to be zero. */
#include "sd-test-utils.h"

#include <string.h>

#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"
#include "sd-storage-statistics.h"

typedef struct {
  SdStorage *storage;
} Fixture;

static void
add_department (SdStorage  *storage,
                const char *uscc,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  SdDepartment department = {
    .uscc = (char *) uscc,
    .name = (char *) name,
    .responsible_person = (char *) "王主任",
    .contact = (char *) "010-12345678",
  };

  g_assert_true (sd_storage_add_department (storage, &department, &error));
  g_assert_no_error (error);
}

static void
add_entry (SdStorage    *storage,
           const char   *id,
           const char   *resource_code,
           SdEntryState  state,
           const char   *update_cycle)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (id, resource_code, "道路运输车辆基础信息", state);
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_update_cycle (entry, update_cycle);
  g_assert_true (sd_storage_add_entry (storage, entry, "provider-a", &error));
  g_assert_no_error (error);
}

static void
set_entry_state (SdStorage    *storage,
                 const char   *id,
                 SdEntryState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCatalogueEntry) entry = sd_storage_get_entry (storage, id, &error);

  g_assert_no_error (error);
  sd_catalogue_entry_set_state (entry, state);
  g_assert_true (sd_storage_update_entry (storage, entry, sd_catalogue_entry_get_version (entry),
                                          "provider-a", &error));
  g_assert_no_error (error);
}

static GDateTime *
utc (int year,
     int month,
     int day)
{
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

/* An authorisation granted on @granted by an application case of its own,
 * revoked on @revoked unless NULL. */
static void
add_authorisation (SdStorage  *storage,
                   const char *entry_id,
                   GDateTime  *granted,
                   GDateTime  *revoked)
{
  g_autoptr(GError) error = NULL;
  SdCaseRecord record = {
    .kind = SD_CASE_APPLICATION,
    .entry_id = (char *) entry_id,
    .consumer_uscc = (char *) SD_TEST_USCC_CONSUMER,
    .provider_uscc = (char *) SD_TEST_USCC_PROVIDER,
    .state = (char *) "authorised",
    .current_role = SD_ROLE_INVALID,
    .json = (char *) "{}",
  };
  SdAuthorisation authorisation = {
    .entry_id = (char *) entry_id,
    .consumer_uscc = (char *) SD_TEST_USCC_CONSUMER,
    .provider_uscc = (char *) SD_TEST_USCC_PROVIDER,
    .granted_at = granted,
  };

  g_assert_true (sd_storage_add_case (storage, &record, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record.created_at, g_date_time_unref);
  g_clear_pointer (&record.updated_at, g_date_time_unref);
  authorisation.application_id = record.id;
  g_assert_true (sd_storage_add_authorisation (storage, &authorisation, &error));
  g_assert_no_error (error);
  if (revoked != NULL)
    {
      g_assert_true (sd_storage_revoke_authorisation (storage, authorisation.id, "supervisor",
                                                      "目的已完成", revoked, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) march = utc (2026, 3, 1);
  g_autoptr(GDateTime) june = utc (2026, 6, 1);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  path = g_build_filename (g_get_user_data_dir (), "platform.db", NULL);
  fixture->storage = sd_storage_open (path, &error);
  g_assert_no_error (error);

  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "交通运输部信息中心");
  add_department (fixture->storage, SD_TEST_USCC_CONSUMER, "交通运输局");
  add_department (fixture->storage, SD_TEST_USCC_OTHER, "市大数据中心");

  add_entry (fixture->storage, "entry-0001", "1020101/000001", SD_ENTRY_STATE_PUBLISHED, "monthly");
  add_entry (fixture->storage, "entry-0002", "1020101/000002", SD_ENTRY_STATE_PUBLISHED, "irregular");
  add_entry (fixture->storage, "entry-0003", "1020101/000003", SD_ENTRY_STATE_DRAFT, "daily");
  /* Published once, retired since: not published at the end. */
  add_entry (fixture->storage, "entry-0004", "1020101/000004", SD_ENTRY_STATE_PUBLISHED, "weekly");
  set_entry_state (fixture->storage, "entry-0004", SD_ENTRY_STATE_RETIRED);

  /* In force from March; granted in March and revoked in June. */
  add_authorisation (fixture->storage, "entry-0001", march, NULL);
  add_authorisation (fixture->storage, "entry-0002", march, june);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->storage);
}

static GPtrArray *
statistics (Fixture    *fixture,
            const char *department,
            GDateTime  *from,
            GDateTime  *until)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = sd_storage_department_statistics (fixture->storage, department, from, until, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const SdDepartmentStatistics *
row_at (GPtrArray  *rows,
        guint       index,
        const char *uscc)
{
  const SdDepartmentStatistics *row;

  g_assert_cmpuint (index, <, rows->len);
  row = rows->pdata[index];
  g_assert_cmpstr (row->department_uscc, ==, uscc);
  return row;
}

static void
assert_no_data_figures (const SdDepartmentStatistics *row)
{
  /* No storage functions for datasets, data access and feedback yet. */
  g_assert_cmpuint (row->data_connected, ==, 0);
  g_assert_cmpuint (row->timely, ==, 0);
  g_assert_cmpuint (row->queries, ==, 0);
  g_assert_cmpuint (row->downloads, ==, 0);
  g_assert_cmpuint (row->feedback_needs_met + row->feedback_data_quality + row->feedback_effect, ==, 0);
  g_assert_cmpuint (row->ratings, ==, 0);
  g_assert_cmpint (row->rating_sum, ==, 0);
}

/* Every department, ordered by USCC; the catalogue as it is now. */
static void
test_every_department (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = utc (2026, 1, 1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 1);
  g_autoptr(GPtrArray) rows = statistics (fixture, NULL, from, until);
  const SdDepartmentStatistics *provider, *consumer, *other;

  g_assert_cmpuint (rows->len, ==, 3);
  provider = row_at (rows, 0, SD_TEST_USCC_PROVIDER);
  consumer = row_at (rows, 1, SD_TEST_USCC_CONSUMER);
  other = row_at (rows, 2, SD_TEST_USCC_OTHER);

  g_assert_cmpstr (provider->department_name, ==, "交通运输部信息中心");
  g_assert_cmpuint (provider->entries, ==, 4);
  g_assert_cmpuint (provider->published, ==, 2);
  /* monthly and irregular published: only the monthly one is assessed. */
  g_assert_cmpuint (provider->timeliness_assessed, ==, 1);
  /* The June revocation is in the past: one in force. */
  g_assert_cmpuint (provider->authorisations_granted, ==, 1);
  g_assert_cmpuint (provider->authorisations_held, ==, 0);
  assert_no_data_figures (provider);

  g_assert_cmpuint (consumer->entries, ==, 0);
  g_assert_cmpuint (consumer->authorisations_held, ==, 1);
  g_assert_cmpuint (consumer->authorisations_granted, ==, 0);
  assert_no_data_figures (consumer);

  g_assert_cmpuint (other->entries + other->published + other->authorisations_granted +
                    other->authorisations_held, ==, 0);
  assert_no_data_figures (other);
}

/* Authorisations in force at the end of the period: not yet granted,
 * granted, revoked. */
static void
test_authorisations_in_force (Fixture       *fixture,
                              gconstpointer  data)
{
  static const struct {
    int   month;
    guint in_force;
  } ends[] = {
    { 2, 0 },   /* before March */
    { 4, 2 },   /* both */
    { 7, 1 },   /* after the June revocation */
  };
  g_autoptr(GDateTime) from = utc (2026, 1, 1);

  for (gsize i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autoptr(GDateTime) until = utc (2026, ends[i].month, 1);
      g_autoptr(GPtrArray) rows = statistics (fixture, NULL, from, until);

      g_test_message ("until 2026-%02d-01", ends[i].month);
      g_assert_cmpuint (row_at (rows, 0, SD_TEST_USCC_PROVIDER)->authorisations_granted, ==,
                        ends[i].in_force);
      g_assert_cmpuint (row_at (rows, 1, SD_TEST_USCC_CONSUMER)->authorisations_held, ==,
                        ends[i].in_force);
    }
}

/* A period that ended before the entries were stored sees no catalogue. */
static void
test_catalogue_snapshot (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) from = utc (2000, 1, 1);
  g_autoptr(GDateTime) until = utc (2001, 1, 1);
  g_autoptr(GPtrArray) rows = statistics (fixture, SD_TEST_USCC_PROVIDER, from, until);
  const SdDepartmentStatistics *provider;

  g_assert_cmpuint (rows->len, ==, 1);
  provider = row_at (rows, 0, SD_TEST_USCC_PROVIDER);
  g_assert_cmpuint (provider->entries, ==, 0);
  g_assert_cmpuint (provider->published, ==, 0);
  g_assert_cmpuint (provider->timeliness_assessed, ==, 0);
  g_assert_cmpuint (provider->authorisations_granted, ==, 0);
}

static void
test_one_department (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = utc (2026, 1, 1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 1);
  g_autoptr(GPtrArray) rows = statistics (fixture, SD_TEST_USCC_CONSUMER, from, until);

  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (row_at (rows, 0, SD_TEST_USCC_CONSUMER)->authorisations_held, ==, 1);
  g_assert_cmpuint (row_at (rows, 0, SD_TEST_USCC_CONSUMER)->entries, ==, 0);
}

static void
test_unknown_department (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) from = utc (2026, 1, 1);
  g_autoptr(GDateTime) until = utc (2027, 1, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rows = sd_storage_department_statistics (fixture->storage, "91350100M000100Y43", from, until, &error);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_assert_null (rows);
  g_assert_nonnull (strstr (error->message, "91350100M000100Y43"));
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/platform/storage/statistics/every-department", test_every_department);
  add_test ("/platform/storage/statistics/authorisations-in-force", test_authorisations_in_force);
  add_test ("/platform/storage/statistics/catalogue-snapshot", test_catalogue_snapshot);
  add_test ("/platform/storage/statistics/one-department", test_one_department);
  add_test ("/platform/storage/statistics/unknown-department", test_unknown_department);
  return g_test_run ();
}
