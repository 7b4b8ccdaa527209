/* sd-storage.c — the platform's storage on SQLite.
 *
 * One connection, which is the platform's only writer: WAL so that readers
 * (`sharedesk-platform audit verify` while the server runs) never block it,
 * foreign keys on, a busy timeout for the moments another process writes.
 * Every SQL text is a constant, prepared once and cached; values only ever
 * reach SQLite through sqlite3_bind_*. A recursive mutex lets the server's
 * thread and a test's thread share one SdStorage safely; transactions nest
 * with savepoints.
 *
 * The schema is built by an ordered list of migration steps (as in
 * evolution-data-server's ECache): step N takes the database from version
 * N to N + 1 in one transaction, and the version lives in the `meta` key
 * table. The file header's application_id marks the file as ours, so that
 * pointing the platform at some other SQLite file is refused rather than
 * "migrated".
 *
 * Instants that are compared (token expiry, failed log-ins) are stored as
 * microseconds since the Unix epoch; the audit stores the ISO-8601 text it
 * hashes, so verification hashes exactly what is stored.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "sd-storage-private.h"

/* "SDPF" in the SQLite header: this file is a ShareDesk platform database. */
#define PLATFORM_FILE_ID 1396985926
#define BUSY_TIMEOUT_MS 5000

#define META_SCHEMA_VERSION  "schema_version"
#define META_PROFILE_ID      "profile_id"
/* The last audit row appended, kept apart from the audit table so that
 * rows deleted from (or inserted at) the end of the log are noticed too. */
#define META_AUDIT_LAST_ID   "audit_last_id"
#define META_AUDIT_LAST_HASH "audit_last_hash"

#define AUDIT_HASH_SCHEME "sharedesk-audit-1"
#define AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_TIME_FORMAT "%Y-%m-%dT%H:%M:%S.%fZ"

/* Migration steps: migrations[N] takes the schema from version N to N + 1.
 * Append new steps (catalogue, applications, …); never edit a released one.
 * Foreign keys are on while a step runs, so a step that rebuilds a
 * referenced table must copy it in an order that keeps them satisfied. */
static const char * const migrations[] = {
  /* 0 → 1: accounts, sessions, calendars and the audit log. */
  "PRAGMA application_id = " G_STRINGIFY (PLATFORM_FILE_ID) ";"
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value ANY NOT NULL"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE departments ("
  "  id                 INTEGER PRIMARY KEY,"
  "  uscc               TEXT NOT NULL UNIQUE,"
  "  name               TEXT NOT NULL,"
  "  responsible_person TEXT,"
  "  contact            TEXT"
  ") STRICT;"
  "CREATE INDEX departments_by_name ON departments (name);"
  "CREATE TABLE users ("
  "  id            INTEGER PRIMARY KEY,"
  "  username      TEXT NOT NULL UNIQUE,"
  "  display_name  TEXT,"
  "  department_id INTEGER REFERENCES departments (id),"
  "  roles         INTEGER NOT NULL DEFAULT 0 CHECK (roles >= 0),"
  "  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
  "  password_hash TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX users_by_department ON users (department_id);"
  "CREATE TABLE tokens ("
  "  hash       TEXT PRIMARY KEY NOT NULL,"
  "  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX tokens_by_user ON tokens (user_id);"
  "CREATE TABLE login_failures ("
  "  username TEXT NOT NULL,"
  "  at       INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX login_failures_by_username ON login_failures (username, at);"
  "CREATE TABLE calendar_years ("
  "  year INTEGER PRIMARY KEY,"
  "  json TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE audit ("
  "  id          INTEGER PRIMARY KEY,"
  "  at          TEXT NOT NULL,"
  "  actor       TEXT NOT NULL,"
  "  action      TEXT NOT NULL,"
  "  object_type TEXT,"
  "  object_id   TEXT,"
  "  detail      TEXT,"
  "  prev_hash   TEXT NOT NULL,"
  "  hash        TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit log is append-only'); END;",
  /* 1 → 2 … 5 → 6: the domains, each step in its own file. */
  _sd_storage_schema_changes,
  _sd_storage_schema_catalogue,
  _sd_storage_schema_cases,
  _sd_storage_schema_data,
  _sd_storage_schema_projects,
  _sd_storage_schema_supervision,
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

#define DEPARTMENT_COLUMNS "id, uscc, name, responsible_person, contact"
#define USER_COLUMNS \
  "u.id, u.username, u.display_name, d.uscc, u.roles, u.disabled, u.password_hash"
#define USER_DEPARTMENT_JOIN "LEFT JOIN departments AS d ON d.id = u.department_id"
#define AUDIT_COLUMNS \
  "id, at, actor, action, object_type, object_id, detail, prev_hash, hash"


G_DEFINE_FINAL_TYPE (SdStorage, sd_storage, G_TYPE_OBJECT)

G_DEFINE_QUARK (sd-storage-error-quark, sd_storage_error)


static void
statement_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Records */

void
sd_department_free (SdDepartment *department)
{
  if (department == NULL)
    return;
  g_free (department->uscc);
  g_free (department->name);
  g_free (department->responsible_person);
  g_free (department->contact);
  g_free (department);
}

void
sd_user_free (SdUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->department_uscc);
  g_free (user->password_hash);
  g_free (user);
}

void
sd_audit_record_free (SdAuditRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->at, g_date_time_unref);
  g_free (record->actor);
  g_free (record->action);
  g_free (record->object_type);
  g_free (record->object_id);
  g_free (record->detail);
  g_free (record->prev_hash);
  g_free (record->hash);
  g_free (record);
}

/* Errors */

gboolean
_sd_storage_fail (SdStorage  *self,
                  GError    **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED,
               /* Translators: %s is SQLite's own message, in English */
               _("The platform database failed: %s."),
               sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_sd_storage_is_unique_violation (SdStorage *self)
{
  int code = sqlite3_extended_errcode (self->db);

  return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static gboolean
not_ours (SdStorage  *self,
          GError    **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_SCHEMA,
               /* Translators: %s is a file name */
               _("“%s” is not a ShareDesk platform database."),
               self->path);
  return FALSE;
}

gboolean
_sd_storage_department_not_found (const char  *uscc,
                                  GError     **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %s is a 统一社会信用代码 */
               _("No department has the unified social credit code %s."),
               uscc);
  return FALSE;
}

static gboolean
user_id_not_found (gint64   user_id,
                   GError **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %lld is a user's numeric id */
               _("No user has the id %lld."),
               (long long) user_id);
  return FALSE;
}

/* Statements */

Statement *
_sd_storage_statement (SdStorage   *self,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
_sd_storage_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  /* A NULL text binds SQL NULL. */
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

gboolean
_sd_storage_step_done (SdStorage     *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  return TRUE;
}

/* Runs a constant script of one or more statements (migrations, pragmas),
 * preparing each in turn: no sqlite3_exec, no formatted SQL. */
static gboolean
run_script (SdStorage   *self,
            const char  *script,
            GError     **error)
{
  const char *sql = script;

  while (sql != NULL && *sql != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc;

      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, &tail) != SQLITE_OK)
        return _sd_storage_fail (self, error);
      sql = tail;
      if (stmt == NULL)   /* only white space or a comment was left */
        continue;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return _sd_storage_fail (self, error);
    }

  return TRUE;
}

gint64
_sd_storage_usec (GDateTime *when)
{
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

gint64
_sd_storage_usec_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _sd_storage_usec (now);
}

GDateTime *
_sd_storage_date_time (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

char *
_sd_storage_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Meta keys */

static const char meta_select_sql[] = "SELECT value FROM meta WHERE key = ?";

/* *value is NULL when @key is not set. */
static gboolean
meta_get_text (SdStorage  *self,
               const char *key,
               char      **value,
               GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, meta_select_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);

  *value = rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
  return TRUE;
}

static gboolean
meta_get_int (SdStorage  *self,
              const char *key,
              gint64     *value,
              gboolean   *found,
              GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, meta_select_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);

  *found = rc == SQLITE_ROW;
  *value = *found ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static const char meta_upsert_sql[] =
  "INSERT INTO meta (key, value) VALUES (?, ?)"
  " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

static gboolean
meta_set_text (SdStorage  *self,
               const char *key,
               const char *value,
               GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, meta_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, key);
  _sd_storage_bind_text (stmt, 2, value);
  return _sd_storage_step_done (self, stmt, error);
}

static gboolean
meta_set_int (SdStorage  *self,
              const char *key,
              gint64      value,
              GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, meta_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return _sd_storage_step_done (self, stmt, error);
}

/* Transactions */

static gboolean
run_cached (SdStorage  *self,
            const char *sql,
            GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, sql, error);

  return stmt != NULL && _sd_storage_step_done (self, stmt, error);
}

/* Write transactions BEGIN IMMEDIATE: they take the write lock at once, so
 * that a read-then-write (the audit's last hash) cannot be overtaken.
 * Reads that need one snapshot BEGIN DEFERRED and never block a writer.
 * Inside a transaction, either is a savepoint. */
#define BEGIN_WRITE "BEGIN IMMEDIATE"
#define BEGIN_READ  "BEGIN DEFERRED"

static gboolean
transaction_begin (SdStorage   *self,
                   const char  *begin_sql,
                   GError     **error)
{
  if (!run_cached (self, self->depth == 0 ? begin_sql : "SAVEPOINT nested", error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static void
transaction_rollback (SdStorage *self)
{
  g_autoptr(GError) error = NULL;

  self->depth--;
  /* SQLite rolls the whole transaction back by itself after some errors
   * (a full disk, say): then there is nothing left to undo. */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (self->depth == 0)
    run_cached (self, "ROLLBACK", &error);
  else if (run_cached (self, "ROLLBACK TO nested", &error))
    run_cached (self, "RELEASE nested", &error);

  if (error != NULL)
    g_debug ("Rolling back: %s", error->message);
}

static gboolean
transaction_commit (SdStorage  *self,
                    GError    **error)
{
  if (!run_cached (self, self->depth == 1 ? "COMMIT" : "RELEASE nested", error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  self->depth--;
  return TRUE;
}

static gboolean
run_transaction (SdStorage               *self,
                 const char              *begin_sql,
                 SdStorageTransactionFunc func,
                 gpointer                 data,
                 GError                 **error)
{
  if (!transaction_begin (self, begin_sql, error))
    return FALSE;

  if (!func (self, data, error))
    {
      transaction_rollback (self);
      return FALSE;
    }

  return transaction_commit (self, error);
}

gboolean
_sd_storage_write (SdStorage               *self,
                    SdStorageTransactionFunc func,
                    gpointer                 data,
                    GError                 **error)
{
  return run_transaction (self, BEGIN_WRITE, func, data, error);
}

gboolean
sd_storage_transaction (SdStorage                *self,
                        SdStorageTransactionFunc  func,
                        gpointer                  data,
                        GError                  **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, func, data, error);
}

/* Opening and migrating */

static gboolean
read_application_id (SdStorage  *self,
                     gint64     *application_id,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  /* Not cached: it runs once, possibly on a file that is not a database. */
  if (sqlite3_prepare_v2 (self->db, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *application_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }

  if (rc == SQLITE_ROW)
    return TRUE;
  if (sqlite3_errcode (self->db) == SQLITE_NOTADB)
    return not_ours (self, error);
  return _sd_storage_fail (self, error);
}

/* The stored schema version: 0 for an empty file, which we may claim. */
static gboolean
read_schema_version (SdStorage  *self,
                     int        *version,
                     GError    **error)
{
  g_autoptr(Statement) schema = NULL;
  gint64 application_id = 0;
  gint64 stored = 0;
  gboolean found = FALSE;

  if (!read_application_id (self, &application_id, error))
    return FALSE;

  schema = _sd_storage_statement (self,
                                  "SELECT count(*), count(*) FILTER (WHERE type = 'table' AND name = 'meta')"
                                  " FROM sqlite_schema",
                                  error);
  if (schema == NULL)
    return FALSE;
  if (sqlite3_step (schema) != SQLITE_ROW)
    return _sd_storage_fail (self, error);

  if (sqlite3_column_int64 (schema, 0) == 0)
    {
      *version = 0;
      return TRUE;
    }
  if (application_id != PLATFORM_FILE_ID || sqlite3_column_int64 (schema, 1) == 0)
    return not_ours (self, error);

  if (!meta_get_int (self, META_SCHEMA_VERSION, &stored, &found, error))
    return FALSE;
  if (!found || stored < 1 || stored > G_MAXINT)
    return not_ours (self, error);

  *version = (int) stored;
  return TRUE;
}

static gboolean
apply_migration_cb (SdStorage  *self,
                    gpointer    data,
                    GError    **error)
{
  int step = GPOINTER_TO_INT (data);
  int version;

  /* Read again under the write lock: another process opening the same
   * file may have applied this step while we waited for the lock. */
  if (!read_schema_version (self, &version, error))
    return FALSE;
  if (version > step)
    return TRUE;

  if (!run_script (self, migrations[step], error))
    {
      g_prefix_error (error,
                      /* Translators: %d is a schema version number */
                      _("Upgrading the database to schema version %d: "),
                      step + 1);
      return FALSE;
    }

  return meta_set_int (self, META_SCHEMA_VERSION, step + 1, error);
}

static gboolean
migrate (SdStorage  *self,
         int         from_version,
         GError    **error)
{
  for (int step = from_version; step < SCHEMA_VERSION; step++)
    {
      if (!_sd_storage_write (self, apply_migration_cb, GINT_TO_POINTER (step), error))
        return FALSE;
    }

  self->schema_version = SCHEMA_VERSION;
  return TRUE;
}

static gboolean
open_connection (SdStorage  *self,
                 GError    **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED,
                   /* Translators: the first %s is a file name, the second
                    * SQLite's own message, in English */
                   _("Could not open the platform database “%s”: %s."),
                   self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static gboolean
check_version (SdStorage  *self,
               int        *version,
               GError    **error)
{
  if (!read_schema_version (self, version, error))
    return FALSE;

  if (*version > SCHEMA_VERSION)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_SCHEMA,
                   /* Translators: %s is a file name, the first %d the
                    * file's schema version, the second the newest this
                    * program knows */
                   _("The database “%s” has schema version %d, but this sharedesk-platform knows versions up to %d only: use a newer sharedesk-platform."),
                   self->path, *version, SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

SdStorage *
sd_storage_open (const char  *path,
                 GError     **error)
{
  g_autoptr(SdStorage) self = NULL;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SD_TYPE_STORAGE, NULL);
  self->path = g_strdup (path);

  /* Ownership is checked before anything is written: switching some other
   * application's file to WAL would already have changed it. */
  if (!open_connection (self, error) ||
      !check_version (self, &version, error) ||
      !run_script (self,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;",
                   error) ||
      !migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

int
sd_storage_get_schema_version (SdStorage *self)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), 0);

  return self->schema_version;
}

/* Profile */

static gboolean
init_profile_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  const char *profile_id = data;
  g_autofree char *current = NULL;

  if (!meta_get_text (self, META_PROFILE_ID, &current, error))
    return FALSE;

  if (current == NULL)
    return meta_set_text (self, META_PROFILE_ID, profile_id, error);

  if (g_strcmp0 (current, profile_id) != 0)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: both %s are policy profile ids
                    * ("mot-2021"); a platform runs one profile for life */
                   _("This platform already runs the policy profile “%s” and cannot switch to “%s”: a different profile needs a new database."),
                   current, profile_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
sd_storage_init_profile (SdStorage   *self,
                         const char  *profile_id,
                         GError     **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (profile_id != NULL && *profile_id != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, init_profile_cb, (gpointer) profile_id, error);
}

char *
sd_storage_get_profile_id (SdStorage  *self,
                           GError    **error)
{
  g_autofree char *profile_id = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!meta_get_text (self, META_PROFILE_ID, &profile_id, error))
    return NULL;

  if (profile_id == NULL)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_INITIALISED,
                   _("This platform has no policy profile yet: run “sharedesk-platform init” first."));
      return NULL;
    }

  return g_steal_pointer (&profile_id);
}

/* Departments */

static SdDepartment *
department_from_row (sqlite3_stmt *row)
{
  SdDepartment *department = g_new0 (SdDepartment, 1);

  department->id = sqlite3_column_int64 (row, 0);
  department->uscc = g_strdup ((const char *) sqlite3_column_text (row, 1));
  department->name = g_strdup ((const char *) sqlite3_column_text (row, 2));
  department->responsible_person = g_strdup ((const char *) sqlite3_column_text (row, 3));
  department->contact = g_strdup ((const char *) sqlite3_column_text (row, 4));
  return department;
}

gboolean
sd_storage_add_department (SdStorage     *self,
                           SdDepartment  *department,
                           GError       **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (department != NULL, FALSE);
  g_return_val_if_fail (department->uscc != NULL && department->name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "INSERT INTO departments (uscc, name, responsible_person, contact)"
                                " VALUES (?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;

  _sd_storage_bind_text (stmt, 1, department->uscc);
  _sd_storage_bind_text (stmt, 2, department->name);
  _sd_storage_bind_text (stmt, 3, department->responsible_person);
  _sd_storage_bind_text (stmt, 4, department->contact);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (!_sd_storage_is_unique_violation (self))
        return _sd_storage_fail (self, error);
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is a 统一社会信用代码 */
                   _("A department with the unified social credit code %s already exists."),
                   department->uscc);
      return FALSE;
    }

  department->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

SdDepartment *
sd_storage_get_department (SdStorage   *self,
                           const char  *uscc,
                           GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (uscc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "SELECT " DEPARTMENT_COLUMNS " FROM departments WHERE uscc = ?", error);
  if (stmt == NULL)
    return NULL;

  _sd_storage_bind_text (stmt, 1, uscc);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return department_from_row (stmt);
  if (rc == SQLITE_DONE)
    _sd_storage_department_not_found (uscc, error);
  else
    _sd_storage_fail (self, error);
  return NULL;
}

GPtrArray *
sd_storage_list_departments (SdStorage  *self,
                             GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "SELECT " DEPARTMENT_COLUMNS " FROM departments ORDER BY name, uscc", error);
  if (stmt == NULL)
    return NULL;

  departments = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_department_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (departments, department_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&departments);
}

/* Users */

static SdUser *
user_from_row (sqlite3_stmt *row)
{
  SdUser *user = g_new0 (SdUser, 1);

  user->id = sqlite3_column_int64 (row, 0);
  user->username = g_strdup ((const char *) sqlite3_column_text (row, 1));
  user->display_name = g_strdup ((const char *) sqlite3_column_text (row, 2));
  user->department_uscc = g_strdup ((const char *) sqlite3_column_text (row, 3));
  user->roles = (guint) sqlite3_column_int64 (row, 4);
  user->disabled = sqlite3_column_int (row, 5) != 0;
  user->password_hash = g_strdup ((const char *) sqlite3_column_text (row, 6));
  return user;
}

/* Steps a one-row user query: *user is NULL when there is no row. */
static gboolean
query_user (SdStorage     *self,
            sqlite3_stmt  *stmt,
            SdUser       **user,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);

  *user = rc == SQLITE_ROW ? user_from_row (stmt) : NULL;
  return TRUE;
}

gboolean
_sd_storage_department_id (SdStorage   *self,
                           const char  *uscc,
                           gint64      *id,
                           GError     **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, "SELECT id FROM departments WHERE uscc = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, uscc);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return _sd_storage_department_not_found (uscc, error);
  if (rc != SQLITE_ROW)
    return _sd_storage_fail (self, error);

  *id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
add_user_cb (SdStorage  *self,
             gpointer    data,
             GError    **error)
{
  SdUser *user = data;
  g_autoptr(Statement) stmt = NULL;
  gint64 department = 0;

  if (user->department_uscc != NULL &&
      !_sd_storage_department_id (self, user->department_uscc, &department, error))
    return FALSE;

  stmt = _sd_storage_statement (self,
                                "INSERT INTO users (username, display_name, department_id, roles,"
                                " disabled, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;

  _sd_storage_bind_text (stmt, 1, user->username);
  _sd_storage_bind_text (stmt, 2, user->display_name);
  if (user->department_uscc != NULL)
    sqlite3_bind_int64 (stmt, 3, department);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, user->roles);
  sqlite3_bind_int (stmt, 5, user->disabled ? 1 : 0);
  _sd_storage_bind_text (stmt, 6, user->password_hash);
  sqlite3_bind_int64 (stmt, 7, _sd_storage_usec_now ());

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (!_sd_storage_is_unique_violation (self))
        return _sd_storage_fail (self, error);
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is a username */
                   _("The username “%s” is already taken."),
                   user->username);
      return FALSE;
    }

  user->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

gboolean
sd_storage_add_user (SdStorage  *self,
                     SdUser     *user,
                     GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (user->username != NULL && user->password_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_user_cb, user, error);
}

SdUser *
sd_storage_get_user (SdStorage   *self,
                     const char  *username,
                     GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  SdUser *user = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " USER_COLUMNS " FROM users AS u " USER_DEPARTMENT_JOIN
                                " WHERE u.username = ?",
                                error);
  if (stmt == NULL)
    return NULL;

  _sd_storage_bind_text (stmt, 1, username);
  if (!query_user (self, stmt, &user, error))
    return NULL;
  if (user == NULL)
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %s is a username */
                 _("No user is named “%s”."),
                 username);
  return user;
}

SdUser *
sd_storage_get_user_by_id (SdStorage  *self,
                           gint64      id,
                           GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  SdUser *user = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " USER_COLUMNS " FROM users AS u " USER_DEPARTMENT_JOIN
                                " WHERE u.id = ?",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!query_user (self, stmt, &user, error))
    return NULL;
  if (user == NULL)
    user_id_not_found (id, error);
  return user;
}

GPtrArray *
sd_storage_list_users (SdStorage  *self,
                       GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) users = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " USER_COLUMNS " FROM users AS u " USER_DEPARTMENT_JOIN
                                " ORDER BY u.username",
                                error);
  if (stmt == NULL)
    return NULL;

  users = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_user_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&users);
}

typedef struct {
  gint64      user_id;
  gboolean    disabled;
  const char *password_hash;
} UserChange;

static gboolean
revoke_user_tokens (SdStorage  *self,
                    gint64      user_id,
                    GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self,
                                                     "UPDATE tokens SET revoked_at = ?"
                                                     " WHERE user_id = ? AND revoked_at IS NULL",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _sd_storage_usec_now ());
  sqlite3_bind_int64 (stmt, 2, user_id);
  return _sd_storage_step_done (self, stmt, error);
}

static gboolean
set_user_disabled_cb (SdStorage  *self,
                      gpointer    data,
                      GError    **error)
{
  UserChange *change = data;
  g_autoptr(Statement) stmt = _sd_storage_statement (self, "UPDATE users SET disabled = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, change->disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return user_id_not_found (change->user_id, error);

  /* A disabled user's sessions end now, not when they expire. */
  return !change->disabled || revoke_user_tokens (self, change->user_id, error);
}

gboolean
sd_storage_set_user_disabled (SdStorage  *self,
                              gint64      user_id,
                              gboolean    disabled,
                              GError    **error)
{
  UserChange change = { .user_id = user_id, .disabled = disabled };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, set_user_disabled_cb, &change, error);
}

gboolean
sd_storage_set_user_password (SdStorage   *self,
                              gint64       user_id,
                              const char  *password_hash,
                              GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "UPDATE users SET password_hash = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, password_hash);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return user_id_not_found (user_id, error);
  return TRUE;
}

static gboolean
update_user_cb (SdStorage  *self,
                gpointer    data,
                GError    **error)
{
  const SdUser *user = data;
  g_autoptr(Statement) stmt = NULL;
  gint64 department = 0;

  if (user->department_uscc != NULL &&
      !_sd_storage_department_id (self, user->department_uscc, &department, error))
    return FALSE;

  stmt = _sd_storage_statement (self,
                                "UPDATE users SET display_name = ?, roles = ?, department_id = ? WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, user->display_name);
  sqlite3_bind_int64 (stmt, 2, user->roles);
  if (user->department_uscc != NULL)
    sqlite3_bind_int64 (stmt, 3, department);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, user->id);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return user_id_not_found (user->id, error);
  return TRUE;
}

gboolean
sd_storage_update_user (SdStorage     *self,
                        const SdUser  *user,
                        GError       **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, update_user_cb, (gpointer) user, error);
}

/* Session tokens */

gboolean
sd_storage_add_token (SdStorage   *self,
                      const char  *token_hash,
                      gint64       user_id,
                      GDateTime   *expires,
                      GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);
  g_return_val_if_fail (expires != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "INSERT INTO tokens (hash, user_id, expires_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, _sd_storage_usec (expires));

  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
    return user_id_not_found (user_id, error);
  if (_sd_storage_is_unique_violation (self))
    {
      /* 256 random bits never collide; a caller storing one token twice does. */
      g_set_error_literal (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                           _("This session token is already stored."));
      return FALSE;
    }
  return _sd_storage_fail (self, error);
}

SdUser *
sd_storage_lookup_token (SdStorage   *self,
                         const char  *token_hash,
                         GDateTime   *now,
                         GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  SdUser *user = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " USER_COLUMNS " FROM tokens AS t"
                                " JOIN users AS u ON u.id = t.user_id " USER_DEPARTMENT_JOIN
                                " WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?"
                                " AND u.disabled = 0",
                                error);
  if (stmt == NULL)
    return NULL;

  _sd_storage_bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, _sd_storage_usec (now));
  if (!query_user (self, stmt, &user, error))
    return NULL;
  if (user == NULL)
    g_set_error_literal (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                         _("The session token is unknown, expired or revoked, or its user is disabled."));
  return user;
}

gboolean
sd_storage_revoke_token (SdStorage   *self,
                         const char  *token_hash,
                         GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  /* Revoking twice keeps the first revocation time. */
  stmt = _sd_storage_statement (self,
                                "UPDATE tokens SET revoked_at = coalesce (revoked_at, ?) WHERE hash = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _sd_storage_usec_now ());
  _sd_storage_bind_text (stmt, 2, token_hash);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                           _("The session token to revoke is unknown."));
      return FALSE;
    }
  return TRUE;
}

/* Failed log-ins */

gboolean
sd_storage_record_login_failure (SdStorage   *self,
                                 const char  *username,
                                 GDateTime   *at,
                                 GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  /* Unknown usernames are recorded too: throttling must not tell them apart. */
  stmt = _sd_storage_statement (self, "INSERT INTO login_failures (username, at) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, username);
  sqlite3_bind_int64 (stmt, 2, _sd_storage_usec (at));
  return _sd_storage_step_done (self, stmt, error);
}

guint
sd_storage_count_login_failures (SdStorage   *self,
                                 const char  *username,
                                 GDateTime   *since,
                                 GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), 0);
  g_return_val_if_fail (username != NULL, 0);
  g_return_val_if_fail (since != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT count(*) FROM login_failures WHERE username = ? AND at >= ?",
                                error);
  if (stmt == NULL)
    return 0;
  _sd_storage_bind_text (stmt, 1, username);
  sqlite3_bind_int64 (stmt, 2, _sd_storage_usec (since));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return 0;
    }

  return (guint) MIN (sqlite3_column_int64 (stmt, 0), (gint64) G_MAXUINT);
}

gboolean
sd_storage_clear_login_failures (SdStorage   *self,
                                 const char  *username,
                                 GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "DELETE FROM login_failures WHERE username = ?", error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, username);
  return _sd_storage_step_done (self, stmt, error);
}

/* Calendar years */

gboolean
sd_storage_put_calendar_year (SdStorage   *self,
                              int          year,
                              const char  *json,
                              GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "INSERT INTO calendar_years (year, json) VALUES (?, ?)"
                                " ON CONFLICT (year) DO UPDATE SET json = excluded.json",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  _sd_storage_bind_text (stmt, 2, json);
  return _sd_storage_step_done (self, stmt, error);
}

GHashTable *
sd_storage_list_calendar_years (SdStorage  *self,
                                GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GHashTable) years = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "SELECT year, json FROM calendar_years", error);
  if (stmt == NULL)
    return NULL;

  years = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (years,
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&years);
}

/* Audit */

/* One field of the hashed serialisation: "<length in bytes>:<bytes>," and
 * "-," for NULL. Each field says where it ends, so no two different rows
 * serialise to the same bytes, whatever their text contains. */
static void
checksum_field (GChecksum  *checksum,
                const char *value,
                gssize      length)
{
  char prefix[24];

  if (value == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-,", 2);
      return;
    }

  if (length < 0)
    length = strlen (value);
  g_snprintf (prefix, sizeof prefix, "%" G_GSSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) value, length);
  g_checksum_update (checksum, (const guchar *) ",", 1);
}

/* A row's content as SQLite holds it (text with its exact length). */
typedef struct {
  const char *value;
  gssize      length;
} Field;

enum {
  AUDIT_AT,
  AUDIT_ACTOR,
  AUDIT_ACTION,
  AUDIT_OBJECT_TYPE,
  AUDIT_OBJECT_ID,
  AUDIT_DETAIL,
  AUDIT_N_FIELDS
};

/* SHA-256 (hex) over the scheme name, prev_hash, id and the row's fields. */
static char *
audit_hash (const char  *prev_hash,
            gint64       id,
            const Field  fields[AUDIT_N_FIELDS])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char id_text[24];

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);
  checksum_field (checksum, AUDIT_HASH_SCHEME, -1);
  checksum_field (checksum, prev_hash, -1);
  checksum_field (checksum, id_text, -1);
  for (guint i = 0; i < AUDIT_N_FIELDS; i++)
    checksum_field (checksum, fields[i].value, fields[i].length);

  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct {
  const char *actor;
  const char *action;
  const char *object_type;
  const char *object_id;
  JsonNode   *detail;
} AuditEntry;

/* Where the next row goes: after the last row appended (the anchor in
 * meta), whatever the table now ends with, so that a truncated or extended
 * log stays detectable instead of being chained over. */
static gboolean
audit_next_link (SdStorage  *self,
                 gint64     *next_id,
                 char      **prev_hash,
                 GError    **error)
{
  g_autoptr(Statement) last = NULL;
  g_autofree char *anchor_hash = NULL;
  gint64 anchor_id = 0;
  gint64 last_id = 0;
  gboolean anchored = FALSE;
  int rc;

  if (!meta_get_int (self, META_AUDIT_LAST_ID, &anchor_id, &anchored, error) ||
      !meta_get_text (self, META_AUDIT_LAST_HASH, &anchor_hash, error))
    return FALSE;

  last = _sd_storage_statement (self, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", error);
  if (last == NULL)
    return FALSE;
  rc = sqlite3_step (last);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  if (rc == SQLITE_ROW)
    last_id = sqlite3_column_int64 (last, 0);

  *next_id = MAX (anchor_id, last_id) + 1;
  if (anchored && anchor_hash != NULL)
    *prev_hash = g_steal_pointer (&anchor_hash);
  else if (rc == SQLITE_ROW)
    *prev_hash = g_strdup ((const char *) sqlite3_column_text (last, 1));
  else
    *prev_hash = g_strdup (AUDIT_GENESIS_HASH);
  return TRUE;
}

static gboolean
audit_append_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  AuditEntry *entry = data;
  g_autoptr(Statement) insert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, AUDIT_TIME_FORMAT);
  g_autofree char *detail = entry->detail != NULL ? json_to_string (entry->detail, FALSE) : NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 id = 0;
  Field fields[AUDIT_N_FIELDS] = {
    [AUDIT_AT] = { at, -1 },
    [AUDIT_ACTOR] = { entry->actor, -1 },
    [AUDIT_ACTION] = { entry->action, -1 },
    [AUDIT_OBJECT_TYPE] = { entry->object_type, -1 },
    [AUDIT_OBJECT_ID] = { entry->object_id, -1 },
    [AUDIT_DETAIL] = { detail, -1 },
  };

  if (!audit_next_link (self, &id, &prev_hash, error))
    return FALSE;
  hash = audit_hash (prev_hash, id, fields);

  insert = _sd_storage_statement (self, "INSERT INTO audit (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, id);
  for (guint i = 0; i < AUDIT_N_FIELDS; i++)
    _sd_storage_bind_text (insert, 2 + i, fields[i].value);
  _sd_storage_bind_text (insert, 8, prev_hash);
  _sd_storage_bind_text (insert, 9, hash);

  return _sd_storage_step_done (self, insert, error) &&
         meta_set_int (self, META_AUDIT_LAST_ID, id, error) &&
         meta_set_text (self, META_AUDIT_LAST_HASH, hash, error);
}

gboolean
sd_storage_audit_append (SdStorage   *self,
                         const char  *actor,
                         const char  *action,
                         const char  *object_type,
                         const char  *object_id,
                         JsonNode    *detail,
                         GError     **error)
{
  AuditEntry entry = { actor, action, object_type, object_id, detail };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  if (self->fail_audit)
    {
      g_set_error_literal (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED,
                           "injected fault: the audit log cannot be written");
      return FALSE;
    }
  return _sd_storage_write (self, audit_append_cb, &entry, error);
}

void
_sd_storage_set_fail_audit (SdStorage *self,
                            gboolean   fail)
{
  g_return_if_fail (SD_IS_STORAGE (self));

  SD_STORAGE_LOCK (self);
  self->fail_audit = fail;
}

static SdAuditRecord *
audit_record_from_row (sqlite3_stmt *row)
{
  SdAuditRecord *record = g_new0 (SdAuditRecord, 1);
  const char *at = (const char *) sqlite3_column_text (row, 1);

  record->id = sqlite3_column_int64 (row, 0);
  record->at = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  /* Only a tampered row has no valid time; verify says so, listing goes on. */
  if (record->at == NULL)
    record->at = g_date_time_new_from_unix_utc (0);
  record->actor = g_strdup ((const char *) sqlite3_column_text (row, 2));
  record->action = g_strdup ((const char *) sqlite3_column_text (row, 3));
  record->object_type = g_strdup ((const char *) sqlite3_column_text (row, 4));
  record->object_id = g_strdup ((const char *) sqlite3_column_text (row, 5));
  record->detail = g_strdup ((const char *) sqlite3_column_text (row, 6));
  record->prev_hash = g_strdup ((const char *) sqlite3_column_text (row, 7));
  record->hash = g_strdup ((const char *) sqlite3_column_text (row, 8));
  return record;
}

GPtrArray *
sd_storage_audit_list (SdStorage  *self,
                       gint64      after_id,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " AUDIT_COLUMNS " FROM audit WHERE id > ? ORDER BY id LIMIT ?",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int64 (stmt, 2, limit);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_audit_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, audit_record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Where a walk of the chain has got to. */
typedef struct {
  gint64    expected_id;   /* the id the next row must have */
  char     *prev_hash;     /* the hash the next row must link to */
  guint64   rows;
  gint64    first_bad_id;
} AuditWalk;

static gboolean
tampered (AuditWalk   *walk,
          gint64       bad_id,
          GError     **error,
          const char  *format,
          ...) G_GNUC_PRINTF (4, 5);

static gboolean
tampered (AuditWalk   *walk,
          gint64       bad_id,
          GError     **error,
          const char  *format,
          ...)
{
  va_list args;

  walk->first_bad_id = bad_id;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
audit_check_row (AuditWalk     *walk,
                 sqlite3_stmt  *row,
                 GError       **error)
{
  gint64 id = sqlite3_column_int64 (row, 0);
  const char *prev_hash = (const char *) sqlite3_column_text (row, 7);
  const char *hash = (const char *) sqlite3_column_text (row, 8);
  Field fields[AUDIT_N_FIELDS];
  g_autofree char *expected = NULL;

  walk->rows++;
  if (id != walk->expected_id)
    return tampered (walk, id, error,
                     /* Translators: %lld are audit row numbers */
                     _("Audit row %lld is out of sequence: row %lld was expected, so rows were deleted or inserted."),
                     (long long) id, (long long) walk->expected_id);

  if (g_strcmp0 (prev_hash, walk->prev_hash) != 0)
    return tampered (walk, id, error,
                     /* Translators: %lld is an audit row number */
                     _("Audit row %lld does not link to the row before it: its previous hash does not match."),
                     (long long) id);

  for (guint i = 0; i < AUDIT_N_FIELDS; i++)
    {
      fields[i].value = (const char *) sqlite3_column_text (row, 1 + i);
      fields[i].length = sqlite3_column_bytes (row, 1 + i);
    }
  expected = audit_hash (prev_hash, id, fields);
  if (g_strcmp0 (hash, expected) != 0)
    return tampered (walk, id, error,
                     /* Translators: %lld is an audit row number */
                     _("Audit row %lld has been altered: its hash does not match its content."),
                     (long long) id);

  g_free (walk->prev_hash);
  walk->prev_hash = g_strdup (hash);
  walk->expected_id = id + 1;
  return TRUE;
}

/* The table must end where the last append left it. */
static gboolean
audit_check_end (SdStorage  *self,
                 AuditWalk  *walk,
                 GError    **error)
{
  g_autofree char *anchor_hash = NULL;
  gint64 anchor_id = 0;
  gint64 last_id = walk->expected_id - 1;
  gboolean anchored = FALSE;

  if (!meta_get_int (self, META_AUDIT_LAST_ID, &anchor_id, &anchored, error) ||
      !meta_get_text (self, META_AUDIT_LAST_HASH, &anchor_hash, error))
    return FALSE;

  if (!anchored || anchor_hash == NULL)
    {
      if (walk->rows == 0)
        return TRUE;
      return tampered (walk, 0, error, "%s",
                       _("The record of the audit log’s last row is missing from the database."));
    }

  if (last_id > anchor_id)
    return tampered (walk, anchor_id + 1, error,
                     /* Translators: %lld are audit row numbers */
                     _("Audit row %lld was not appended by ShareDesk: the log ended at row %lld."),
                     (long long) anchor_id + 1, (long long) anchor_id);
  if (last_id < anchor_id)
    return tampered (walk, last_id + 1, error,
                     /* Translators: %lld are audit row numbers */
                     _("The audit log ends at row %lld, but ShareDesk appended rows up to row %lld: rows were deleted from its end."),
                     (long long) last_id, (long long) anchor_id);
  if (g_strcmp0 (walk->prev_hash, anchor_hash) != 0)
    return tampered (walk, last_id, error,
                     /* Translators: %lld is an audit row number */
                     _("Audit row %lld is not the row ShareDesk appended last: its hash differs."),
                     (long long) last_id);
  return TRUE;
}

static gboolean
audit_verify_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  AuditWalk *walk = data;
  g_autoptr(Statement) rows = _sd_storage_statement (self, "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY id", error);
  int rc;

  if (rows == NULL)
    return FALSE;

  /* One row at a time: the log may be far larger than memory. */
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      if (!audit_check_row (walk, rows, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);

  return audit_check_end (self, walk, error);
}

gboolean
sd_storage_audit_verify (SdStorage  *self,
                         gint64     *first_bad_id,
                         guint64    *rows_checked,
                         GError    **error)
{
  AuditWalk walk = { .expected_id = 1, .prev_hash = g_strdup (AUDIT_GENESIS_HASH) };
  gboolean intact;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  /* A transaction gives the walk and the anchor one snapshot of the file,
   * even while another process appends. */
  intact = run_transaction (self, BEGIN_READ, audit_verify_cb, &walk, error);

  if (first_bad_id != NULL)
    *first_bad_id = walk.first_bad_id;
  if (rows_checked != NULL)
    *rows_checked = walk.rows;
  g_free (walk.prev_hash);
  return intact;
}

/* Object */

static void
sd_storage_finalize (GObject *object)
{
  SdStorage *self = SD_STORAGE (object);

  /* Statements first: SQLite will not close a connection that has some. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_critical ("Could not close the platform database “%s”: %s",
                self->path, sqlite3_errmsg (self->db));
  g_free (self->path);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sd_storage_parent_class)->finalize (object);
}

static void
sd_storage_class_init (SdStorageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_storage_finalize;
}

static void
sd_storage_init (SdStorage *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            statement_finalize);
}
