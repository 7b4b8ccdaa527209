/* test-platform-storage.c — the platform's SQLite storage.
 *
 * Every test runs on a fresh database file in its own temporary dir. What
 * SdStorage wrote is checked through SdStorage and, where it matters (the
 * file's schema, the audit chain, the triggers), through a second, raw
 * sqlite3 connection, which is also how the tampering tests play an
 * attacker with the sqlite3 command-line tool.
 */
#include "sd-test-utils.h"

#include <sqlite3.h>
#include <string.h>

#include "sd-storage.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_ROWS 5

typedef struct {
  char      *path;
  SdStorage *storage;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fixture->path = g_build_filename (dir, "platform.db", NULL);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  fixture->storage = sd_storage_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->storage);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->storage != NULL)
    g_assert_finalize_object (fixture->storage);
  g_free (fixture->path);
}

static void
fixture_close (Fixture *fixture)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->storage));
}

static void
fixture_reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->storage != NULL)
    fixture_close (fixture);
  fixture->storage = sd_storage_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->storage);
}

/* ---- A raw connection, as the sqlite3 CLI would have ------------------ */

static sqlite3 *
raw_open (const char *path,
          int         flags)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    g_error ("sqlite3_open_v2 (%s): %s", path, sqlite3_errstr (rc));
  sqlite3_extended_result_codes (db, 1);
  return db;
}

static void
raw_close (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The first column of the first row as text (NULL when no row). */
static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
  if (rc == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  g_autofree char *text = raw_text (db, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
assert_error_mentions (const GError *error,
                       const char   *text)
{
  g_assert_nonnull (error);
  if (strstr (error->message, text) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, text);
}

static GDateTime *
utc (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

/* ---- Fixtures: departments, users ------------------------------------- */

static gint64
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
  g_assert_cmpint (department.id, >, 0);
  return department.id;
}

static gint64
add_user (SdStorage  *storage,
          const char *username,
          const char *uscc,
          guint       roles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_strdup_printf ("$argon2id$v=19$m=65536,t=2,p=1$%s", username);
  SdUser user = {
    .username = (char *) username,
    .display_name = (char *) "测试用户",
    .department_uscc = (char *) uscc,
    .roles = roles,
    .password_hash = hash,
  };

  g_assert_true (sd_storage_add_user (storage, &user, &error));
  g_assert_no_error (error);
  g_assert_cmpint (user.id, >, 0);
  return user.id;
}

/* ---- Opening ------------------------------------------------------------ */

static void
test_open_creates (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const objects[] = {
    "meta", "departments", "users", "tokens", "login_failures",
    "calendar_years", "audit", "audit_no_update", "audit_no_delete",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *journal = NULL;
  sqlite3 *db;

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (sd_storage_get_schema_version (fixture->storage), >=, 1);

  profile = sd_storage_get_profile_id (fixture->storage, &error);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_INITIALISED);
  g_assert_null (profile);

  db = raw_open (fixture->path, SQLITE_OPEN_READONLY);
  journal = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), !=, 0);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema WHERE name = ?",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, objects[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("the schema has no “%s”", objects[i]);
      sqlite3_finalize (stmt);
    }
  raw_close (db);
}

static void
test_open_reopen_keeps_data (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(SdUser) user = NULL;
  g_autoptr(GHashTable) years = NULL;
  g_autofree char *profile = NULL;
  gint64 bad_id = -1;
  guint64 rows = 0;
  int version = sd_storage_get_schema_version (fixture->storage);

  g_assert_true (sd_storage_init_profile (fixture->storage, "mot-2021", &error));
  g_assert_no_error (error);
  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "交通运输部信息中心");
  add_user (fixture->storage, "provider-a", SD_TEST_USCC_PROVIDER, SD_ROLE_MASK (SD_ROLE_PROVIDER));
  g_assert_true (sd_storage_put_calendar_year (fixture->storage, 2027, "{\"year\": 2027}", &error));
  g_assert_true (sd_storage_audit_append (fixture->storage, "system", "platform.init",
                                          "profile", "mot-2021", NULL, &error));
  g_assert_no_error (error);

  fixture_reopen (fixture);

  g_assert_cmpint (sd_storage_get_schema_version (fixture->storage), ==, version);
  profile = sd_storage_get_profile_id (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile, ==, "mot-2021");
  department = sd_storage_get_department (fixture->storage, SD_TEST_USCC_PROVIDER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (department->name, ==, "交通运输部信息中心");
  user = sd_storage_get_user (fixture->storage, "provider-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->department_uscc, ==, SD_TEST_USCC_PROVIDER);
  years = sd_storage_list_calendar_years (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (years, GINT_TO_POINTER (2027)), ==, "{\"year\": 2027}");
  g_assert_true (sd_storage_audit_verify (fixture->storage, &bad_id, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad_id, ==, 0);
  g_assert_cmpuint (rows, ==, 1);
}

static void
test_open_schema_version (Fixture       *fixture,
                          gconstpointer  data)
{
  int version = sd_storage_get_schema_version (fixture->storage);
  sqlite3 *db;

  fixture_close (fixture);
  db = raw_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (raw_int (db, "SELECT value FROM meta WHERE key = 'schema_version'"), ==, version);
  raw_close (db);

  /* Reopening a current database migrates nothing and keeps the version. */
  fixture_reopen (fixture);
  g_assert_cmpint (sd_storage_get_schema_version (fixture->storage), ==, version);
}

static void
test_open_refuses_newer_schema (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *newer_text = NULL;
  g_autofree char *current_text = NULL;
  int current = sd_storage_get_schema_version (fixture->storage);
  SdStorage *storage;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  fixture_close (fixture);
  db = raw_open (fixture->path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, current + 1);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  raw_close (db);

  storage = sd_storage_open (fixture->path, &error);
  g_assert_null (storage);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_SCHEMA);
  newer_text = g_strdup_printf ("version %d", current + 1);
  current_text = g_strdup_printf ("up to %d", current);
  assert_error_mentions (error, newer_text);
  assert_error_mentions (error, current_text);

  /* Refusing must not have "downgraded" the file. */
  db = raw_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (raw_int (db, "SELECT value FROM meta WHERE key = 'schema_version'"), ==, current + 1);
  raw_close (db);
}

static void
assert_not_ours (const char *path)
{
  g_autoptr(GError) error = NULL;
  SdStorage *storage = sd_storage_open (path, &error);

  g_assert_null (storage);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_SCHEMA);
  assert_error_mentions (error, path);
  assert_error_mentions (error, "not a ShareDesk platform database");
}

static void
test_open_refuses_text_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "notes.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gsize length;

  for (guint i = 0; i < 64; i++)
    g_string_append (text, "政务数据共享 — this is a text file, not a database.\n");
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));

  assert_not_ours (path);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpmem (contents, length, text->str, text->len);
}

static void
test_open_refuses_other_database (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "other.db", NULL);
  g_autofree char *journal = NULL;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  db = raw_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  raw_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                "INSERT INTO notes (body) VALUES ('someone else''s data');");
  raw_close (db);

  assert_not_ours (path);

  /* Untouched: still in its own journal mode, no table of ours added. */
  db = raw_open (path, SQLITE_OPEN_READONLY);
  journal = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "delete");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 0);
  raw_close (db);
}

static void
test_open_missing_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "no", "such", "dir",
                                            "platform.db", NULL);
  SdStorage *storage = sd_storage_open (path, &error);

  g_assert_null (storage);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED);
  assert_error_mentions (error, path);
}

/* ---- Profile ------------------------------------------------------------ */

static void
test_profile_init_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *after = NULL;

  g_assert_true (sd_storage_init_profile (fixture->storage, "state-council-2016", &error));
  g_assert_no_error (error);
  /* The same profile again is not a change. */
  g_assert_true (sd_storage_init_profile (fixture->storage, "state-council-2016", &error));
  g_assert_no_error (error);

  g_assert_false (sd_storage_init_profile (fixture->storage, "panjin-2016", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  assert_error_mentions (error, "state-council-2016");
  assert_error_mentions (error, "panjin-2016");

  fixture_reopen (fixture);
  profile = sd_storage_get_profile_id (fixture->storage, NULL);
  g_assert_cmpstr (profile, ==, "state-council-2016");
  g_clear_error (&error);
  g_assert_false (sd_storage_init_profile (fixture->storage, "mot-2021", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  after = sd_storage_get_profile_id (fixture->storage, NULL);
  g_assert_cmpstr (after, ==, "state-council-2016");
}

/* ---- Departments -------------------------------------------------------- */

static void
test_departments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) found = NULL;
  g_autoptr(SdDepartment) missing = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 finance, transport;
  SdDepartment minimal = {
    .uscc = (char *) SD_TEST_USCC_OTHER,
    .name = (char *) "市大数据中心",
  };
  SdDepartment duplicate = {
    .uscc = (char *) SD_TEST_USCC_PROVIDER,
    .name = (char *) "另一个部门",
  };

  /* 财 (U+8D22) sorts after 交 (U+4EA4) and 市 (U+5E02). */
  finance = add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "财政局");
  transport = add_department (fixture->storage, SD_TEST_USCC_CONSUMER, "交通运输局");
  g_assert_cmpint (finance, !=, transport);
  g_assert_true (sd_storage_add_department (fixture->storage, &minimal, &error));
  g_assert_no_error (error);

  found = sd_storage_get_department (fixture->storage, SD_TEST_USCC_PROVIDER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, finance);
  g_assert_cmpstr (found->uscc, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (found->name, ==, "财政局");
  g_assert_cmpstr (found->responsible_person, ==, "王主任");
  g_assert_cmpstr (found->contact, ==, "010-12345678");

  g_assert_false (sd_storage_add_department (fixture->storage, &duplicate, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  assert_error_mentions (error, SD_TEST_USCC_PROVIDER);
  g_clear_error (&error);

  list = sd_storage_list_departments (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((SdDepartment *) list->pdata[0])->name, ==, "交通运输局");
  g_assert_cmpstr (((SdDepartment *) list->pdata[1])->name, ==, "市大数据中心");
  g_assert_null (((SdDepartment *) list->pdata[1])->responsible_person);
  g_assert_cmpstr (((SdDepartment *) list->pdata[2])->name, ==, "财政局");

  missing = sd_storage_get_department (fixture->storage, "91110000MA01234567", &error);
  g_assert_null (missing);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "91110000MA01234567");
}

/* ---- Users -------------------------------------------------------------- */

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) alice = NULL;
  g_autoptr(SdUser) admin = NULL;
  g_autoptr(SdUser) changed = NULL;
  g_autoptr(SdUser) nobody = NULL;
  g_autoptr(SdUser) no_id = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 alice_id, admin_id;
  guint alice_roles = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER);
  SdUser orphan = {
    .username = (char *) "carol",
    .department_uscc = (char *) SD_TEST_USCC_OTHER,
    .password_hash = (char *) "$argon2id$carol",
  };
  SdUser duplicate = {
    .username = (char *) "alice",
    .password_hash = (char *) "$argon2id$other",
  };

  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "财政局");
  alice_id = add_user (fixture->storage, "alice", SD_TEST_USCC_PROVIDER, alice_roles);
  admin_id = add_user (fixture->storage, "admin", NULL, SD_ROLE_MASK (SD_ROLE_ADMIN));
  g_assert_cmpint (alice_id, !=, admin_id);

  alice = sd_storage_get_user (fixture->storage, "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpint (alice->id, ==, alice_id);
  g_assert_cmpstr (alice->display_name, ==, "测试用户");
  g_assert_cmpstr (alice->department_uscc, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpuint (alice->roles, ==, alice_roles);
  g_assert_false (alice->disabled);
  g_assert_cmpstr (alice->password_hash, ==, "$argon2id$v=19$m=65536,t=2,p=1$alice");

  admin = sd_storage_get_user_by_id (fixture->storage, admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (admin->username, ==, "admin");
  g_assert_null (admin->department_uscc);
  g_assert_cmpuint (admin->roles, ==, SD_ROLE_MASK (SD_ROLE_ADMIN));

  list = sd_storage_list_users (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SdUser *) list->pdata[0])->username, ==, "admin");
  g_assert_cmpstr (((SdUser *) list->pdata[1])->username, ==, "alice");

  g_assert_false (sd_storage_add_user (fixture->storage, &duplicate, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  assert_error_mentions (error, "alice");
  g_clear_error (&error);

  g_assert_false (sd_storage_add_user (fixture->storage, &orphan, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, SD_TEST_USCC_OTHER);
  g_clear_error (&error);
  nobody = sd_storage_get_user (fixture->storage, "carol", &error);
  g_assert_null (nobody);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "carol");
  g_clear_error (&error);

  no_id = sd_storage_get_user_by_id (fixture->storage, 4242, &error);
  g_assert_null (no_id);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "4242");
  g_clear_error (&error);

  g_assert_true (sd_storage_set_user_password (fixture->storage, alice_id, "$argon2id$new", &error));
  g_assert_no_error (error);
  g_assert_true (sd_storage_set_user_disabled (fixture->storage, alice_id, TRUE, &error));
  g_assert_no_error (error);
  changed = sd_storage_get_user_by_id (fixture->storage, alice_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed->password_hash, ==, "$argon2id$new");
  g_assert_true (changed->disabled);

  g_assert_false (sd_storage_set_user_password (fixture->storage, 4242, "$argon2id$x", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "4242");
  g_clear_error (&error);
  g_assert_false (sd_storage_set_user_disabled (fixture->storage, 4242, TRUE, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "4242");
}

static void
test_user_update (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) moved = NULL;
  g_autoptr(SdUser) unchanged = NULL;
  g_autoptr(SdUser) detached = NULL;
  guint roles = SD_ROLE_MASK (SD_ROLE_CONSUMER) | SD_ROLE_MASK (SD_ROLE_SUPERVISOR);
  gint64 id;
  SdUser change = {
    .display_name = (char *) "李四",
    .department_uscc = (char *) SD_TEST_USCC_CONSUMER,
    .roles = roles,
    /* Not changed by an update: they have calls of their own. */
    .username = (char *) "renamed",
    .password_hash = (char *) "$argon2id$ignored",
    .disabled = TRUE,
  };

  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "财政局");
  add_department (fixture->storage, SD_TEST_USCC_CONSUMER, "交通运输局");
  id = add_user (fixture->storage, "frank", SD_TEST_USCC_PROVIDER, SD_ROLE_MASK (SD_ROLE_PROVIDER));
  change.id = id;

  g_assert_true (sd_storage_update_user (fixture->storage, &change, &error));
  g_assert_no_error (error);
  moved = sd_storage_get_user_by_id (fixture->storage, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved->username, ==, "frank");
  g_assert_cmpstr (moved->display_name, ==, "李四");
  g_assert_cmpstr (moved->department_uscc, ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpuint (moved->roles, ==, roles);
  g_assert_false (moved->disabled);
  g_assert_cmpstr (moved->password_hash, ==, "$argon2id$v=19$m=65536,t=2,p=1$frank");

  /* An unknown department changes nothing. */
  change.department_uscc = (char *) SD_TEST_USCC_OTHER;
  change.display_name = (char *) "王五";
  g_assert_false (sd_storage_update_user (fixture->storage, &change, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, SD_TEST_USCC_OTHER);
  g_clear_error (&error);
  unchanged = sd_storage_get_user_by_id (fixture->storage, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unchanged->display_name, ==, "李四");
  g_assert_cmpstr (unchanged->department_uscc, ==, SD_TEST_USCC_CONSUMER);

  change.department_uscc = NULL;
  g_assert_true (sd_storage_update_user (fixture->storage, &change, &error));
  g_assert_no_error (error);
  detached = sd_storage_get_user_by_id (fixture->storage, id, &error);
  g_assert_no_error (error);
  g_assert_null (detached->department_uscc);
  g_assert_cmpstr (detached->display_name, ==, "王五");

  change.id = 4242;
  g_assert_false (sd_storage_update_user (fixture->storage, &change, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "4242");
}

/* ---- Session tokens ----------------------------------------------------- */

static void
assert_token_dead (SdStorage  *storage,
                   const char *hash,
                   GDateTime  *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) user = sd_storage_lookup_token (storage, hash, now, &error);

  g_assert_null (user);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static void
assert_token_of (SdStorage  *storage,
                 const char *hash,
                 GDateTime  *now,
                 const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) user = sd_storage_lookup_token (storage, hash, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->username, ==, username);
}

static void
add_token (SdStorage  *storage,
           const char *hash,
           gint64      user_id,
           GDateTime  *expires)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_add_token (storage, hash, user_id, expires, &error));
  g_assert_no_error (error);
}

static void
test_tokens (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = utc ("2024-05-01T08:00:00Z");
  g_autoptr(GDateTime) in_an_hour = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) a_second_ago = g_date_time_add_seconds (now, -1);
  gint64 alice = add_user (fixture->storage, "alice", NULL, SD_ROLE_MASK (SD_ROLE_CONSUMER));
  gint64 bob = add_user (fixture->storage, "bob", NULL, SD_ROLE_MASK (SD_ROLE_SUPPORT));
  sqlite3 *db;

  add_token (fixture->storage, "live", alice, in_an_hour);
  add_token (fixture->storage, "expired", alice, a_second_ago);
  add_token (fixture->storage, "revoked", alice, in_an_hour);
  add_token (fixture->storage, "bob-1", bob, in_an_hour);
  add_token (fixture->storage, "bob-2", bob, in_an_hour);

  assert_token_of (fixture->storage, "live", now, "alice");
  assert_token_dead (fixture->storage, "expired", now);
  /* A token is dead at the very microsecond it expires. */
  assert_token_dead (fixture->storage, "live", in_an_hour);
  assert_token_dead (fixture->storage, "never-issued", now);

  g_assert_true (sd_storage_revoke_token (fixture->storage, "revoked", &error));
  g_assert_no_error (error);
  assert_token_dead (fixture->storage, "revoked", now);
  g_assert_true (sd_storage_revoke_token (fixture->storage, "revoked", &error));
  g_assert_no_error (error);
  g_assert_false (sd_storage_revoke_token (fixture->storage, "never-issued", &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Foreign keys are on: no token for a user that does not exist. */
  g_assert_false (sd_storage_add_token (fixture->storage, "ghost", 4242, in_an_hour, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
  assert_error_mentions (error, "4242");
  g_clear_error (&error);
  g_assert_false (sd_storage_add_token (fixture->storage, "live", bob, in_an_hour, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_token_of (fixture->storage, "live", now, "alice");

  /* Disabling revokes: enabling again does not bring the sessions back. */
  assert_token_of (fixture->storage, "bob-1", now, "bob");
  g_assert_true (sd_storage_set_user_disabled (fixture->storage, bob, TRUE, &error));
  g_assert_no_error (error);
  assert_token_dead (fixture->storage, "bob-1", now);
  assert_token_dead (fixture->storage, "bob-2", now);
  assert_token_of (fixture->storage, "live", now, "alice");
  g_assert_true (sd_storage_set_user_disabled (fixture->storage, bob, FALSE, &error));
  g_assert_no_error (error);
  assert_token_dead (fixture->storage, "bob-1", now);
  assert_token_dead (fixture->storage, "bob-2", now);
  add_token (fixture->storage, "bob-3", bob, in_an_hour);
  assert_token_of (fixture->storage, "bob-3", now, "bob");

  db = raw_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM tokens WHERE revoked_at IS NOT NULL"), ==, 3);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM tokens WHERE hash IN ('bob-1', 'bob-2')"
                                " AND revoked_at IS NOT NULL"), ==, 2);
  raw_close (db);
}

static void
test_token_of_disabled_user (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = utc ("2024-05-01T08:00:00Z");
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  gint64 dave = add_user (fixture->storage, "dave", NULL, SD_ROLE_MASK (SD_ROLE_SUPERVISOR));
  sqlite3 *db;

  add_token (fixture->storage, "dave-1", dave, tomorrow);
  /* Disabled behind SdStorage's back, without revoking: the lookup still
   * refuses the token because the user is disabled. */
  db = raw_open (fixture->path, SQLITE_OPEN_READWRITE);
  raw_exec (db, "UPDATE users SET disabled = 1 WHERE username = 'dave'");
  raw_close (db);
  assert_token_dead (fixture->storage, "dave-1", now);
}

/* ---- Failed log-ins ----------------------------------------------------- */

static void
record_failure (SdStorage  *storage,
                const char *username,
                GDateTime  *at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_storage_record_login_failure (storage, username, at, &error));
  g_assert_no_error (error);
}

static guint
count_failures (SdStorage  *storage,
                const char *username,
                GDateTime  *since)
{
  g_autoptr(GError) error = NULL;
  guint count = sd_storage_count_login_failures (storage, username, since, &error);

  g_assert_no_error (error);
  return count;
}

static void
test_login_failures (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t0 = utc ("2024-05-01T08:00:00Z");
  g_autoptr(GDateTime) t1 = g_date_time_add_minutes (t0, 1);
  g_autoptr(GDateTime) t5 = g_date_time_add_minutes (t0, 5);
  g_autoptr(GDateTime) t10 = g_date_time_add_minutes (t0, 10);
  g_autoptr(GDateTime) t11 = g_date_time_add_minutes (t0, 11);
  g_autoptr(GDateTime) before = g_date_time_add (t1, -1);
  g_autoptr(GDateTime) after = g_date_time_add (t1, 1);

  record_failure (fixture->storage, "alice", t0);
  record_failure (fixture->storage, "alice", t1);
  record_failure (fixture->storage, "alice", t10);
  record_failure (fixture->storage, "bob", t5);
  /* A username nobody has is counted like any other. */
  record_failure (fixture->storage, "mallory", t5);

  g_assert_cmpuint (count_failures (fixture->storage, "alice", t0), ==, 3);
  g_assert_cmpuint (count_failures (fixture->storage, "alice", before), ==, 2);
  g_assert_cmpuint (count_failures (fixture->storage, "alice", t1), ==, 2);
  g_assert_cmpuint (count_failures (fixture->storage, "alice", after), ==, 1);
  g_assert_cmpuint (count_failures (fixture->storage, "alice", t11), ==, 0);
  g_assert_cmpuint (count_failures (fixture->storage, "bob", t0), ==, 1);
  g_assert_cmpuint (count_failures (fixture->storage, "mallory", t0), ==, 1);
  g_assert_cmpuint (count_failures (fixture->storage, "nobody", t0), ==, 0);

  g_assert_true (sd_storage_clear_login_failures (fixture->storage, "alice", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_failures (fixture->storage, "alice", t0), ==, 0);
  g_assert_cmpuint (count_failures (fixture->storage, "bob", t0), ==, 1);
}

/* ---- Calendar years ----------------------------------------------------- */

static void
test_calendar_years (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) empty = NULL;
  g_autoptr(GHashTable) years = NULL;
  g_autoptr(GHashTable) replaced = NULL;
  g_autofree char *year_2027 = sd_test_read_data ("calendar-2027.json", NULL);
  g_autofree char *amended_2026 = sd_test_read_data ("calendar-2026-amended.json", NULL);

  empty = sd_storage_list_calendar_years (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  g_assert_true (sd_storage_put_calendar_year (fixture->storage, 2027, year_2027, &error));
  g_assert_true (sd_storage_put_calendar_year (fixture->storage, 2026, "{\"year\": 2026}", &error));
  g_assert_no_error (error);
  years = sd_storage_list_calendar_years (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (years), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (years, GINT_TO_POINTER (2027)), ==, year_2027);
  g_assert_cmpstr (g_hash_table_lookup (years, GINT_TO_POINTER (2026)), ==, "{\"year\": 2026}");

  /* Importing a year again replaces it. */
  g_assert_true (sd_storage_put_calendar_year (fixture->storage, 2026, amended_2026, &error));
  g_assert_no_error (error);
  replaced = sd_storage_list_calendar_years (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (replaced), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (replaced, GINT_TO_POINTER (2026)), ==, amended_2026);
}

/* ---- Audit -------------------------------------------------------------- */

/* The serialisation hashed for a row, written out here independently of
 * sd-storage.c: "<bytes>:<text>," per field ("-," for NULL), over the
 * scheme name, prev_hash, id, at, actor, action, object_type, object_id,
 * detail. */
static void
model_field (GString    *serialised,
             const char *value)
{
  if (value == NULL)
    g_string_append (serialised, "-,");
  else
    g_string_append_printf (serialised, "%zu:%s,", strlen (value), value);
}

static char *
model_audit_hash (const char *prev_hash,
                  gint64      id,
                  const char *at,
                  const char *actor,
                  const char *action,
                  const char *object_type,
                  const char *object_id,
                  const char *detail)
{
  g_autoptr(GString) serialised = g_string_new (NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  model_field (serialised, "sharedesk-audit-1");
  model_field (serialised, prev_hash);
  model_field (serialised, id_text);
  model_field (serialised, at);
  model_field (serialised, actor);
  model_field (serialised, action);
  model_field (serialised, object_type);
  model_field (serialised, object_id);
  model_field (serialised, detail);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, serialised->str, serialised->len);
}

static void
append (SdStorage  *storage,
        const char *actor,
        const char *action,
        const char *object_type,
        const char *object_id,
        const char *detail_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = NULL;

  if (detail_json != NULL)
    {
      detail = json_from_string (detail_json, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sd_storage_audit_append (storage, actor, action, object_type, object_id,
                                          detail, &error));
  g_assert_no_error (error);
}

static void
append_rows (SdStorage *storage)
{
  append (storage, "system", "platform.init", "profile", "mot-2021", NULL);
  append (storage, "admin", "department.add", "department", SD_TEST_USCC_PROVIDER,
          "{\"name\":\"财政局\"}");
  append (storage, "admin", "user.add", "user", "alice", "{\"roles\":[\"provider\"]}");
  append (storage, "alice", "session.login", NULL, NULL, NULL);
  append (storage, "alice", "authz.denied", "route", "/api/v1/users",
          "{\"method\":\"GET\",\"status\":403}");
}

static GPtrArray *
list_audit (SdStorage *storage,
            gint64     after_id,
            guint      limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = sd_storage_audit_list (storage, after_id, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static void
assert_intact (SdStorage *storage,
               guint64    expected_rows)
{
  g_autoptr(GError) error = NULL;
  gint64 bad_id = -1;
  guint64 rows = 0;

  g_assert_true (sd_storage_audit_verify (storage, &bad_id, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad_id, ==, 0);
  g_assert_cmpuint (rows, ==, expected_rows);
}

static void
test_audit_append_list_verify (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) past_end = NULL;
  SdAuditRecord *first, *second, *fourth;

  assert_intact (fixture->storage, 0);
  append_rows (fixture->storage);
  after = g_date_time_new_now_utc ();

  all = list_audit (fixture->storage, 0, 100);
  g_assert_cmpuint (all->len, ==, AUDIT_ROWS);
  for (guint i = 0; i < all->len; i++)
    {
      SdAuditRecord *record = all->pdata[i];

      g_assert_cmpint (record->id, ==, i + 1);
      g_assert_cmpstr (record->prev_hash, ==,
                       i == 0 ? GENESIS_HASH : ((SdAuditRecord *) all->pdata[i - 1])->hash);
      g_assert_cmpuint (strlen (record->hash), ==, 64);
      g_assert_cmpstr (record->hash, !=, record->prev_hash);
      g_assert_cmpint (g_date_time_compare (record->at, before), >=, 0);
      g_assert_cmpint (g_date_time_compare (record->at, after), <=, 0);
      g_assert_cmpint (g_date_time_get_utc_offset (record->at), ==, 0);
    }

  first = all->pdata[0];
  g_assert_cmpstr (first->actor, ==, "system");
  g_assert_cmpstr (first->action, ==, "platform.init");
  g_assert_cmpstr (first->object_type, ==, "profile");
  g_assert_cmpstr (first->object_id, ==, "mot-2021");
  g_assert_null (first->detail);
  second = all->pdata[1];
  g_assert_cmpstr (second->detail, ==, "{\"name\":\"财政局\"}");
  fourth = all->pdata[3];
  g_assert_null (fourth->object_type);
  g_assert_null (fourth->object_id);

  page = list_audit (fixture->storage, 2, 2);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((SdAuditRecord *) page->pdata[0])->id, ==, 3);
  g_assert_cmpint (((SdAuditRecord *) page->pdata[1])->id, ==, 4);
  none = list_audit (fixture->storage, 0, 0);
  g_assert_cmpuint (none->len, ==, 0);
  past_end = list_audit (fixture->storage, AUDIT_ROWS, 10);
  g_assert_cmpuint (past_end->len, ==, 0);

  assert_intact (fixture->storage, AUDIT_ROWS);
}

/* Pins the hashed serialisation: a row's hash is reproduced from the
 * stored text by the model above. */
static void
test_audit_hash_serialisation (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  sqlite3 *db;

  append_rows (fixture->storage);
  all = list_audit (fixture->storage, 0, 100);

  db = raw_open (fixture->path, SQLITE_OPEN_READONLY);
  for (guint i = 0; i < all->len; i++)
    {
      SdAuditRecord *record = all->pdata[i];
      g_autofree char *stored_at = NULL;
      g_autofree char *formatted = g_date_time_format (record->at, "%Y-%m-%dT%H:%M:%S.%fZ");
      g_autofree char *expected = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT at FROM audit WHERE id = ?", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, record->id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      stored_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);

      /* ISO-8601, UTC, with microseconds. */
      g_assert_cmpuint (strlen (stored_at), ==, strlen ("2024-05-01T08:00:00.000000Z"));
      g_assert_cmpstr (stored_at, ==, formatted);
      expected = model_audit_hash (record->prev_hash, record->id, stored_at, record->actor,
                                   record->action, record->object_type, record->object_id,
                                   record->detail);
      g_assert_cmpstr (record->hash, ==, expected);
    }
  raw_close (db);
}

typedef struct {
  const char *name;
  const char *sql;         /* run with the sqlite3 library, as the CLI would */
  gint64      first_bad_id;
  const char *mentions;
  /* After one more append, when that moves the first bad row. */
  gint64      first_bad_id_after_append;
} Tampering;

static const Tampering tamperings[] = {
  { "update-middle-detail",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET detail = '{\"user\":\"mallory\"}' WHERE id = 3;",
    3, "row 3" },
  { "update-actor",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET actor = 'admin' WHERE id = 4;",
    4, "row 4" },
  { "update-time",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET at = '2020-01-01T00:00:00.000000Z' WHERE id = 2;",
    2, "row 2" },
  { "delete-middle",
    "DROP TRIGGER audit_no_delete;"
    "DELETE FROM audit WHERE id = 3;",
    4, "row 4" },
  { "delete-first",
    "DROP TRIGGER audit_no_delete;"
    "DELETE FROM audit WHERE id = 1;",
    2, "row 2" },
  { "delete-last",
    "DROP TRIGGER audit_no_delete;"
    "DELETE FROM audit WHERE id = 5;",
    5, "row 5", 6 },
  { "change-hash",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET hash = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'"
    " WHERE id = 2;",
    2, "row 2" },
  { "change-prev-hash",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET prev_hash = (SELECT hash FROM audit WHERE id = 1) WHERE id = 3;",
    3, "row 3" },
  { "forged-append-wrong-prev-hash",
    "INSERT INTO audit (id, at, actor, action, object_type, object_id, detail, prev_hash, hash)"
    " VALUES (6, '2024-05-01T08:00:00.000000Z', 'mallory', 'user.add', 'user', 'mallory', NULL,"
    " 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
    " 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');",
    6, "row 6" },
  { "renumber",
    "DROP TRIGGER audit_no_update;"
    "UPDATE audit SET id = 10 WHERE id = 5;",
    10, "row 10" },
};

static void
assert_tampered (SdStorage  *storage,
                 gint64      first_bad_id,
                 const char *mentions)
{
  g_autoptr(GError) error = NULL;
  gint64 bad_id = -1;

  g_assert_false (sd_storage_audit_verify (storage, &bad_id, NULL, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED);
  g_assert_cmpint (bad_id, ==, first_bad_id);
  assert_error_mentions (error, mentions);
}

static void
test_audit_tampering (Fixture       *fixture,
                      gconstpointer  data)
{
  const Tampering *tampering = data;
  sqlite3 *db;

  append_rows (fixture->storage);
  assert_intact (fixture->storage, AUDIT_ROWS);
  fixture_close (fixture);

  db = raw_open (fixture->path, SQLITE_OPEN_READWRITE);
  raw_exec (db, tampering->sql);
  raw_close (db);

  fixture_reopen (fixture);
  assert_tampered (fixture->storage, tampering->first_bad_id, tampering->mentions);

  /* Appending more does not paper over it: the new row follows the last
   * row ShareDesk appended, not whatever the table now ends with. */
  append (fixture->storage, "admin", "user.disable", "user", "mallory", NULL);
  if (tampering->first_bad_id_after_append != 0)
    {
      g_autofree char *mention = g_strdup_printf ("row %" G_GINT64_FORMAT,
                                                  tampering->first_bad_id_after_append);

      assert_tampered (fixture->storage, tampering->first_bad_id_after_append, mention);
    }
  else
    assert_tampered (fixture->storage, tampering->first_bad_id, tampering->mentions);
}

/* A row with a correct chain and hash, inserted by someone who read the
 * code: the recorded end of the log still gives it away. */
static void
test_audit_forged_valid_row (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *hash = NULL;
  const char *at = "2024-05-01T08:00:00.000000Z";
  SdAuditRecord *last;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  append_rows (fixture->storage);
  all = list_audit (fixture->storage, 0, 100);
  last = all->pdata[AUDIT_ROWS - 1];
  hash = model_audit_hash (last->hash, AUDIT_ROWS + 1, at, "mallory", "user.add", "user",
                           "mallory", NULL);
  fixture_close (fixture);

  db = raw_open (fixture->path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO audit (id, at, actor, action, object_type,"
                                       " object_id, detail, prev_hash, hash)"
                                       " VALUES (?, ?, 'mallory', 'user.add', 'user', 'mallory',"
                                       " NULL, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, AUDIT_ROWS + 1);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, last->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  raw_close (db);

  fixture_reopen (fixture);
  assert_tampered (fixture->storage, AUDIT_ROWS + 1, "row 6");
}

static void
assert_refused_by_trigger (sqlite3    *db,
                           const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (sqlite3_extended_errcode (db), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (message, ==, "audit log is append-only");
  sqlite3_free (message);
}

static void
test_audit_triggers (Fixture       *fixture,
                     gconstpointer  data)
{
  sqlite3 *db;

  append_rows (fixture->storage);

  /* With the file open in SdStorage too: the triggers are in the file. */
  db = raw_open (fixture->path, SQLITE_OPEN_READWRITE);
  assert_refused_by_trigger (db, "UPDATE audit SET detail = NULL WHERE id = 2");
  assert_refused_by_trigger (db, "UPDATE audit SET hash = prev_hash");
  assert_refused_by_trigger (db, "DELETE FROM audit WHERE id = 3");
  assert_refused_by_trigger (db, "DELETE FROM audit");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit"), ==, AUDIT_ROWS);
  raw_close (db);

  assert_intact (fixture->storage, AUDIT_ROWS);
}

/* Two connections on one file (the server and `sharedesk-platform` run
 * side by side) append to one chain. */
static void
test_audit_two_connections (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStorage) other = sd_storage_open (fixture->path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      append (fixture->storage, "server", "session.login", "user", "alice", NULL);
      append (other, "cli", "user.add", "user", "bob", NULL);
    }

  assert_intact (fixture->storage, 8);
  assert_intact (other, 8);
}

#define THREADS 4
#define APPENDS_PER_THREAD 25

static gpointer
append_from_thread (gpointer data)
{
  SdStorage *storage = data;

  for (guint i = 0; i < APPENDS_PER_THREAD; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!sd_storage_audit_append (storage, "worker", "data.query", "entry", "1", NULL, &error))
        return g_strdup (error->message);
    }
  return NULL;
}

static void
test_audit_threads (Fixture       *fixture,
                    gconstpointer  data)
{
  GThread *threads[THREADS];

  for (guint i = 0; i < THREADS; i++)
    threads[i] = g_thread_new ("audit", append_from_thread, fixture->storage);
  for (guint i = 0; i < THREADS; i++)
    {
      g_autofree char *failure = g_thread_join (threads[i]);

      g_assert_null (failure);
    }

  assert_intact (fixture->storage, THREADS * APPENDS_PER_THREAD);
}

/* ---- Transactions ------------------------------------------------------- */

typedef struct {
  const char *uscc;
  const char *name;
  gboolean    result;
  gboolean    set_error;
} TransactionStep;

static gboolean
add_then_return_cb (SdStorage  *storage,
                    gpointer    data,
                    GError    **error)
{
  const TransactionStep *step = data;
  SdDepartment department = { .uscc = (char *) step->uscc, .name = (char *) step->name };

  if (!sd_storage_add_department (storage, &department, error) ||
      !sd_storage_audit_append (storage, "admin", "department.add", "department", step->uscc,
                                NULL, error))
    return FALSE;
  if (step->set_error)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
  return step->result;
}

static void
assert_department_absent (SdStorage  *storage,
                          const char *uscc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) department = sd_storage_get_department (storage, uscc, &error);

  g_assert_null (department);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

static void
assert_department_present (SdStorage  *storage,
                           const char *uscc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDepartment) department = sd_storage_get_department (storage, uscc, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (department->uscc, ==, uscc);
}

static void
test_transaction_rollback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  TransactionStep with_error = { SD_TEST_USCC_PROVIDER, "财政局", FALSE, TRUE };
  TransactionStep silent = { SD_TEST_USCC_CONSUMER, "交通运输局", FALSE, FALSE };
  TransactionStep kept = { SD_TEST_USCC_OTHER, "市大数据中心", TRUE, FALSE };

  g_assert_false (sd_storage_transaction (fixture->storage, add_then_return_cb, &with_error, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sd_storage_transaction (fixture->storage, add_then_return_cb, &silent, &error));
  g_assert_no_error (error);

  assert_department_absent (fixture->storage, SD_TEST_USCC_PROVIDER);
  assert_department_absent (fixture->storage, SD_TEST_USCC_CONSUMER);
  audit = list_audit (fixture->storage, 0, 100);
  g_assert_cmpuint (audit->len, ==, 0);
  assert_intact (fixture->storage, 0);

  /* Nothing of the rolled-back appends lingers in the chain either. */
  g_assert_true (sd_storage_transaction (fixture->storage, add_then_return_cb, &kept, &error));
  g_assert_no_error (error);
  assert_department_present (fixture->storage, SD_TEST_USCC_OTHER);
  assert_intact (fixture->storage, 1);
}

static gboolean
conflict_after_add_cb (SdStorage  *storage,
                       gpointer    data,
                       GError    **error)
{
  SdDepartment fresh = { .uscc = (char *) SD_TEST_USCC_CONSUMER, .name = (char *) "交通运输局" };
  SdDepartment taken = { .uscc = (char *) SD_TEST_USCC_PROVIDER, .name = (char *) "重复" };

  return sd_storage_add_department (storage, &fresh, error) &&
         sd_storage_add_department (storage, &taken, error);
}

static void
test_transaction_conflict_rolls_back (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_department (fixture->storage, SD_TEST_USCC_PROVIDER, "财政局");
  g_assert_false (sd_storage_transaction (fixture->storage, conflict_after_add_cb, NULL, &error));
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT);
  assert_department_absent (fixture->storage, SD_TEST_USCC_CONSUMER);
  assert_department_present (fixture->storage, SD_TEST_USCC_PROVIDER);
}

typedef struct {
  TransactionStep outer;
  TransactionStep inner;
  TransactionStep after_inner;
  gboolean        inner_result;
} NestedCase;

static gboolean
nested_cb (SdStorage  *storage,
           gpointer    data,
           GError    **error)
{
  NestedCase *nested = data;
  g_autoptr(GError) inner_error = NULL;
  TransactionStep outer_work = nested->outer;

  /* The outer step's result decides the outer transaction, at the end. */
  outer_work.result = TRUE;
  if (!add_then_return_cb (storage, &outer_work, error))
    return FALSE;
  nested->inner_result = sd_storage_transaction (storage, add_then_return_cb, &nested->inner,
                                                 &inner_error);
  g_assert_no_error (inner_error);
  if (nested->after_inner.uscc != NULL &&
      !add_then_return_cb (storage, &nested->after_inner, error))
    return FALSE;
  return nested->outer.result;
}

static void
test_transaction_nested (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  NestedCase inner_fails = {
    .outer = { SD_TEST_USCC_PROVIDER, "财政局", TRUE, FALSE },
    .inner = { SD_TEST_USCC_CONSUMER, "交通运输局", FALSE, FALSE },
    .after_inner = { SD_TEST_USCC_OTHER, "市大数据中心", TRUE, FALSE },
  };
  NestedCase outer_fails = {
    .outer = { "91110000MA01234567", "审计局", FALSE, FALSE },
    .inner = { "91110000MA01234568", "统计局", TRUE, FALSE },
  };

  /* The inner transaction's work is undone, the outer one's kept. */
  g_assert_true (sd_storage_transaction (fixture->storage, nested_cb, &inner_fails, &error));
  g_assert_no_error (error);
  g_assert_false (inner_fails.inner_result);
  assert_department_present (fixture->storage, SD_TEST_USCC_PROVIDER);
  assert_department_absent (fixture->storage, SD_TEST_USCC_CONSUMER);
  assert_department_present (fixture->storage, SD_TEST_USCC_OTHER);
  assert_intact (fixture->storage, 2);

  /* A committed inner transaction goes when the outer one rolls back. */
  g_assert_false (sd_storage_transaction (fixture->storage, nested_cb, &outer_fails, &error));
  g_assert_no_error (error);
  g_assert_true (outer_fails.inner_result);
  assert_department_absent (fixture->storage, "91110000MA01234567");
  assert_department_absent (fixture->storage, "91110000MA01234568");
  assert_intact (fixture->storage, 2);
}

typedef struct {
  gint64   user_id;
} DisableCase;

static gboolean
disable_then_fail_cb (SdStorage  *storage,
                      gpointer    data,
                      GError    **error)
{
  DisableCase *disable = data;

  g_assert_true (sd_storage_set_user_disabled (storage, disable->user_id, TRUE, error));
  return FALSE;
}

/* The operations that run their own transaction join a caller's. */
static void
test_transaction_joins_operations (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = utc ("2024-05-01T08:00:00Z");
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(SdUser) user = NULL;
  DisableCase disable = {
    .user_id = add_user (fixture->storage, "erin", NULL, SD_ROLE_MASK (SD_ROLE_PROVIDER)),
  };

  add_token (fixture->storage, "erin-1", disable.user_id, tomorrow);
  g_assert_false (sd_storage_transaction (fixture->storage, disable_then_fail_cb, &disable, &error));
  g_assert_no_error (error);

  user = sd_storage_get_user_by_id (fixture->storage, disable.user_id, &error);
  g_assert_no_error (error);
  g_assert_false (user->disabled);
  assert_token_of (fixture->storage, "erin-1", now, "erin");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/platform/storage/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open/creates", test_open_creates);
  ADD ("open/reopen-keeps-data", test_open_reopen_keeps_data);
  ADD ("open/schema-version", test_open_schema_version);
  ADD ("open/refuses-newer-schema", test_open_refuses_newer_schema);
  g_test_add_func ("/platform/storage/open/refuses-text-file", test_open_refuses_text_file);
  g_test_add_func ("/platform/storage/open/refuses-other-database", test_open_refuses_other_database);
  g_test_add_func ("/platform/storage/open/missing-directory", test_open_missing_directory);
  ADD ("profile/init-once", test_profile_init_once);
  ADD ("departments", test_departments);
  ADD ("users", test_users);
  ADD ("users/update", test_user_update);
  ADD ("tokens/live-expired-revoked-disabled", test_tokens);
  ADD ("tokens/disabled-user", test_token_of_disabled_user);
  ADD ("login-failures", test_login_failures);
  ADD ("calendar-years", test_calendar_years);
  ADD ("audit/append-list-verify", test_audit_append_list_verify);
  ADD ("audit/hash-serialisation", test_audit_hash_serialisation);
  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/storage/audit/tampering/%s",
                                               tamperings[i].name);

      g_test_add (path, Fixture, &tamperings[i], fixture_set_up, test_audit_tampering,
                  fixture_tear_down);
    }
  ADD ("audit/tampering/forged-valid-row", test_audit_forged_valid_row);
  ADD ("audit/triggers", test_audit_triggers);
  ADD ("audit/two-connections", test_audit_two_connections);
  ADD ("audit/threads", test_audit_threads);
  ADD ("transaction/rollback", test_transaction_rollback);
  ADD ("transaction/conflict-rolls-back", test_transaction_conflict_rolls_back);
  ADD ("transaction/nested", test_transaction_nested);
  ADD ("transaction/joins-operations", test_transaction_joins_operations);

#undef ADD

  return g_test_run ();
}
