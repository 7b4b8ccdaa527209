/* sd-storage-changes.c — the change feed (see sd-storage-changes.h). */
#include "config.h"

#include "sd-storage-changes.h"
#include "sd-storage-private.h"

/* Who may see a change is kept with it, so that a tombstone still reaches
 * exactly the departments that could see the object. */
const char _sd_storage_schema_changes[] =
  "CREATE TABLE changes ("
  "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  object_type  TEXT NOT NULL,"
  "  object_id    TEXT NOT NULL,"
  "  everyone     INTEGER NOT NULL CHECK (everyone IN (0, 1)),"
  "  department_a TEXT,"
  "  department_b TEXT,"
  "  deleted      INTEGER NOT NULL CHECK (deleted IN (0, 1)),"
  "  at           INTEGER NOT NULL"
  ") STRICT;"
  "CREATE UNIQUE INDEX changes_by_object ON changes (object_type, object_id);";

void
sd_change_free (SdChange *change)
{
  if (change == NULL)
    return;
  g_free (change->object_type);
  g_free (change->object_id);
  g_clear_pointer (&change->at, g_date_time_unref);
  g_free (change);
}

gboolean
_sd_storage_record_change (SdStorage   *self,
                           const char  *object_type,
                           const char  *object_id,
                           gboolean     everyone,
                           const char  *department_a,
                           const char  *department_b,
                           gboolean     deleted,
                           GError     **error)
{
  /* REPLACE deletes the object's earlier row: the new one gets a new seq. */
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "INSERT OR REPLACE INTO changes (object_type, object_id, everyone,"
                           " department_a, department_b, deleted, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, object_type);
  _sd_storage_bind_text (stmt, 2, object_id);
  sqlite3_bind_int (stmt, 3, everyone ? 1 : 0);
  _sd_storage_bind_text (stmt, 4, department_a);
  _sd_storage_bind_text (stmt, 5, department_b);
  sqlite3_bind_int (stmt, 6, deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, _sd_storage_usec_now ());
  return _sd_storage_step_done (self, stmt, error);
}

static gboolean
latest_seq (SdStorage  *self,
            gint64     *latest,
            GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "SELECT coalesce (max (seq), 0) FROM changes", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *latest = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static SdChange *
change_from_row (sqlite3_stmt *row)
{
  SdChange *change = g_new0 (SdChange, 1);

  change->seq = sqlite3_column_int64 (row, 0);
  change->object_type = _sd_storage_column_dup (row, 1);
  change->object_id = _sd_storage_column_dup (row, 2);
  change->deleted = sqlite3_column_int (row, 3) != 0;
  change->at = _sd_storage_date_time (sqlite3_column_int64 (row, 4));
  return change;
}

GPtrArray *
sd_storage_list_changes (SdStorage   *self,
                         gint64       since,
                         const char  *department_uscc,
                         gboolean     everything,
                         guint        limit,
                         gint64      *latest,
                         GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (latest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!latest_seq (self, latest, error))
    return NULL;

  stmt = _sd_storage_statement (self,
                                "SELECT seq, object_type, object_id, deleted, at FROM changes"
                                " WHERE seq > ?1 AND (?2 OR everyone"
                                "   OR department_a = ?3 OR department_b = ?3)"
                                " ORDER BY seq LIMIT ?4",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int (stmt, 2, everything ? 1 : 0);
  _sd_storage_bind_text (stmt, 3, department_uscc);
  sqlite3_bind_int64 (stmt, 4, limit);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_change_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (changes, change_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&changes);
}
