/* sd-storage-supervision.c — catalogue-update triggers (see
 * sd-storage-supervision.h). */
#include "config.h"

#include "sd-storage-private.h"
#include "sd-storage-supervision.h"

const char _sd_storage_schema_supervision[] =
  "CREATE TABLE catalogue_triggers ("
  "  id             INTEGER PRIMARY KEY,"
  "  department_id  INTEGER NOT NULL REFERENCES departments (id),"
  "  trigger_date   TEXT NOT NULL,"
  "  trigger_start  INTEGER NOT NULL,"
  "  description    TEXT NOT NULL,"
  "  due_date       TEXT,"
  "  due_uncovered  INTEGER NOT NULL CHECK (due_uncovered IN (0, 1)),"
  "  recorded_by    TEXT NOT NULL,"
  "  recorded_at    INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX catalogue_triggers_by_department ON catalogue_triggers (department_id);";

/* The first catalogue version the department stored since the trigger
 * day began: its revision. */
#define TRIGGER_COLUMNS \
  "t.id, d.uscc, t.trigger_date, t.description, t.due_date, t.due_uncovered," \
  " t.recorded_by, t.recorded_at," \
  " (SELECT MIN (v.at) FROM catalogue_versions AS v" \
  "    JOIN catalogue_entries AS e ON e.id = v.entry_row" \
  "   WHERE e.provider_id = t.department_id AND v.at >= t.trigger_start)"
#define TRIGGER_FROM " FROM catalogue_triggers AS t JOIN departments AS d ON d.id = t.department_id"

void
sd_catalogue_trigger_free (SdCatalogueTrigger *trigger)
{
  if (trigger == NULL)
    return;
  g_free (trigger->department_uscc);
  g_free (trigger->trigger_date);
  g_free (trigger->description);
  g_free (trigger->due_date);
  g_free (trigger->recorded_by);
  g_clear_pointer (&trigger->recorded_at, g_date_time_unref);
  g_clear_pointer (&trigger->revised_at, g_date_time_unref);
  g_free (trigger);
}

/* The first catalogue version of @department_id at or after @since. */
static gboolean
first_version_since (SdStorage   *self,
                     gint64       department_id,
                     gint64       since,
                     GDateTime  **at,
                     GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT MIN (v.at) FROM catalogue_versions AS v"
                           " JOIN catalogue_entries AS e ON e.id = v.entry_row"
                           " WHERE e.provider_id = ? AND v.at >= ?",
                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, department_id);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *at = sqlite3_column_type (stmt, 0) != SQLITE_NULL ?
        _sd_storage_date_time (sqlite3_column_int64 (stmt, 0)) : NULL;
  return TRUE;
}

gboolean
sd_storage_add_catalogue_trigger (SdStorage          *self,
                                  SdCatalogueTrigger *trigger,
                                  GDateTime          *trigger_start,
                                  GError            **error)
{
  g_autoptr(Statement) stmt = NULL;
  gint64 department_id;
  gint64 now = _sd_storage_usec_now ();

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (trigger != NULL && trigger->trigger_date != NULL &&
                        trigger->description != NULL && trigger->recorded_by != NULL, FALSE);
  g_return_val_if_fail (trigger_start != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  if (!_sd_storage_department_id (self, trigger->department_uscc, &department_id, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "INSERT INTO catalogue_triggers (department_id, trigger_date,"
                                " trigger_start, description, due_date, due_uncovered, recorded_by,"
                                " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, department_id);
  _sd_storage_bind_text (stmt, 2, trigger->trigger_date);
  sqlite3_bind_int64 (stmt, 3, _sd_storage_usec (trigger_start));
  _sd_storage_bind_text (stmt, 4, trigger->description);
  _sd_storage_bind_text (stmt, 5, trigger->due_date);
  sqlite3_bind_int (stmt, 6, trigger->due_uncovered ? 1 : 0);
  _sd_storage_bind_text (stmt, 7, trigger->recorded_by);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  trigger->id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&trigger->recorded_at, g_date_time_unref);
  trigger->recorded_at = _sd_storage_date_time (now);
  g_clear_pointer (&trigger->revised_at, g_date_time_unref);
  return first_version_since (self, department_id, _sd_storage_usec (trigger_start),
                              &trigger->revised_at, error);
}

static SdCatalogueTrigger *
trigger_from_row (sqlite3_stmt *row)
{
  SdCatalogueTrigger *trigger = g_new0 (SdCatalogueTrigger, 1);

  trigger->id = sqlite3_column_int64 (row, 0);
  trigger->department_uscc = _sd_storage_column_dup (row, 1);
  trigger->trigger_date = _sd_storage_column_dup (row, 2);
  trigger->description = _sd_storage_column_dup (row, 3);
  trigger->due_date = _sd_storage_column_dup (row, 4);
  trigger->due_uncovered = sqlite3_column_int (row, 5) != 0;
  trigger->recorded_by = _sd_storage_column_dup (row, 6);
  trigger->recorded_at = _sd_storage_date_time (sqlite3_column_int64 (row, 7));
  if (sqlite3_column_type (row, 8) != SQLITE_NULL)
    trigger->revised_at = _sd_storage_date_time (sqlite3_column_int64 (row, 8));
  return trigger;
}

static gboolean
count_triggers (SdStorage   *self,
                const char  *department,
                guint       *total,
                GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT COUNT (*)" TRIGGER_FROM " WHERE ?1 IS NULL OR d.uscc = ?1",
                           error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, department);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *total = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
sd_storage_list_catalogue_triggers (SdStorage   *self,
                                    const char  *department,
                                    guint        offset,
                                    guint        limit,
                                    guint       *total,
                                    GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (total != NULL && !count_triggers (self, department, total, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                "SELECT " TRIGGER_COLUMNS TRIGGER_FROM
                                " WHERE ?1 IS NULL OR d.uscc = ?1"
                                " ORDER BY t.id DESC LIMIT ?2 OFFSET ?3",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, department);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, offset);
  triggers = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_catalogue_trigger_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (triggers, trigger_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&triggers);
}
