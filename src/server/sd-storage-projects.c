/* sd-storage-projects.c — projects, milestones and catalogue receipts
 * (see sd-storage-projects.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-storage-private.h"
#include "sd-storage-projects.h"

/* A project's entries are catalogue entry ids, not row ids: an entry
 * named in a project may be added to the catalogue later, and the
 * handler checks that each one exists when the project is written.
 * Receipts keep the hash of their code only (see the header). */
const char _sd_storage_schema_projects[] =
  "CREATE TABLE projects ("
  "  id             INTEGER PRIMARY KEY,"
  "  department_id  INTEGER NOT NULL REFERENCES departments (id),"
  "  name           TEXT NOT NULL,"
  "  approval_date  TEXT,"
  "  trial_run_date TEXT,"
  "  version        INTEGER NOT NULL CHECK (version >= 1),"
  "  created_by     TEXT NOT NULL,"
  "  created_at     INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX projects_by_department ON projects (department_id);"
  "CREATE TABLE project_entries ("
  "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  entry_id   TEXT NOT NULL,"
  "  PRIMARY KEY (project_id, position)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE receipts ("
  "  id          INTEGER PRIMARY KEY,"
  "  project_id  INTEGER NOT NULL REFERENCES projects (id),"
  "  kind        TEXT NOT NULL CHECK (kind IN ('pre-catalogue', 'formal')),"
  "  code_sha256 TEXT NOT NULL UNIQUE,"
  "  issued_by   TEXT NOT NULL,"
  "  issued_at   INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX receipts_by_project ON receipts (project_id);"
  "CREATE TABLE receipt_entries ("
  "  receipt_id INTEGER NOT NULL REFERENCES receipts (id),"
  "  position   INTEGER NOT NULL,"
  "  entry_id   TEXT NOT NULL,"
  "  version    INTEGER NOT NULL CHECK (version >= 1),"
  "  PRIMARY KEY (receipt_id, position)"
  ") STRICT, WITHOUT ROWID;";

#define PROJECT_OBJECT_TYPE "project"
#define RECEIPT_OBJECT_TYPE "receipt"

SdProject *
sd_project_new (void)
{
  SdProject *project = g_new0 (SdProject, 1);

  project->entry_ids = g_new0 (char *, 1);
  return project;
}

void
sd_project_free (SdProject *project)
{
  if (project == NULL)
    return;
  g_free (project->department_uscc);
  g_free (project->name);
  g_free (project->approval_date);
  g_free (project->trial_run_date);
  g_strfreev (project->entry_ids);
  g_free (project->created_by);
  g_clear_pointer (&project->created_at, g_date_time_unref);
  g_clear_pointer (&project->updated_at, g_date_time_unref);
  g_free (project);
}

static void
receipt_entry_free (SdReceiptEntry *entry)
{
  g_free (entry->entry_id);
  g_free (entry);
}

SdReceipt *
sd_receipt_new (void)
{
  SdReceipt *receipt = g_new0 (SdReceipt, 1);

  receipt->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) receipt_entry_free);
  return receipt;
}

void
sd_receipt_free (SdReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->kind);
  g_clear_pointer (&receipt->entries, g_ptr_array_unref);
  g_free (receipt->issued_by);
  g_clear_pointer (&receipt->issued_at, g_date_time_unref);
  g_free (receipt->project_name);
  g_free (receipt->department_uscc);
  g_free (receipt);
}

void
sd_receipt_add_entry (SdReceipt  *receipt,
                      const char *entry_id,
                      guint       version)
{
  SdReceiptEntry *entry = g_new0 (SdReceiptEntry, 1);

  entry->entry_id = g_strdup (entry_id);
  entry->version = version;
  g_ptr_array_add (receipt->entries, entry);
}

static gboolean
project_not_found (gint64   project_id,
                   GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);

  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %s is a project id (a number) */
               _("There is no project %s."), id);
  return FALSE;
}

static gboolean
record_project_change (SdStorage   *self,
                       gint64       project_id,
                       const char  *department_uscc,
                       gboolean     deleted,
                       GError     **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);

  return _sd_storage_record_change (self, PROJECT_OBJECT_TYPE, id, FALSE, department_uscc, NULL,
                                    deleted, error);
}

/* The entry list of a project, in its order. */
static gboolean
write_project_entries (SdStorage   *self,
                       gint64       project_id,
                       GStrv        entry_ids,
                       GError     **error)
{
  g_autoptr(Statement) remove = NULL;

  remove = _sd_storage_statement (self, "DELETE FROM project_entries WHERE project_id = ?", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, project_id);
  if (!_sd_storage_step_done (self, remove, error))
    return FALSE;

  for (guint i = 0; entry_ids != NULL && entry_ids[i] != NULL; i++)
    {
      g_autoptr(Statement) insert =
        _sd_storage_statement (self,
                               "INSERT INTO project_entries (project_id, position, entry_id)"
                               " VALUES (?, ?, ?)",
                               error);

      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, project_id);
      sqlite3_bind_int (insert, 2, (int) i);
      _sd_storage_bind_text (insert, 3, entry_ids[i]);
      if (!_sd_storage_step_done (self, insert, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  SdProject  *project;
  const char *actor;
  guint       expected_version;
} ProjectWrite;

static gboolean
add_project_cb (SdStorage  *self,
                gpointer    data,
                GError    **error)
{
  ProjectWrite *write = data;
  SdProject *project = write->project;
  g_autoptr(Statement) stmt = NULL;
  gint64 department = 0;
  gint64 now = _sd_storage_usec_now ();

  if (!_sd_storage_department_id (self, project->department_uscc, &department, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "INSERT INTO projects (department_id, name, approval_date,"
                                " trial_run_date, version, created_by, created_at, updated_at)"
                                " VALUES (?, ?, ?, ?, 1, ?, ?, ?6)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, department);
  _sd_storage_bind_text (stmt, 2, project->name);
  _sd_storage_bind_text (stmt, 3, project->approval_date);
  _sd_storage_bind_text (stmt, 4, project->trial_run_date);
  _sd_storage_bind_text (stmt, 5, write->actor);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;

  project->id = sqlite3_last_insert_rowid (self->db);
  project->version = 1;
  g_free (project->created_by);
  project->created_by = g_strdup (write->actor);
  g_clear_pointer (&project->created_at, g_date_time_unref);
  g_clear_pointer (&project->updated_at, g_date_time_unref);
  project->created_at = _sd_storage_date_time (now);
  project->updated_at = _sd_storage_date_time (now);
  return write_project_entries (self, project->id, project->entry_ids, error) &&
         record_project_change (self, project->id, project->department_uscc, FALSE, error);
}

gboolean
sd_storage_add_project (SdStorage   *self,
                        SdProject   *project,
                        const char  *actor,
                        GError     **error)
{
  ProjectWrite write = { project, actor, 0 };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (project != NULL && project->name != NULL, FALSE);
  g_return_val_if_fail (project->department_uscc != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_project_cb, &write, error);
}

static gboolean
read_project_entries (SdStorage  *self,
                      SdProject  *project,
                      GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT entry_id FROM project_entries WHERE project_id = ?"
                           " ORDER BY position",
                           error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  g_strfreev (project->entry_ids);
  project->entry_ids = g_strv_builder_end (ids);
  return TRUE;
}

#define PROJECT_COLUMNS \
  "SELECT p.id, d.uscc, p.name, p.approval_date, p.trial_run_date, p.version," \
  " p.created_by, p.created_at, p.updated_at FROM projects AS p" \
  " JOIN departments AS d ON d.id = p.department_id"

static SdProject *
project_from_row (sqlite3_stmt *row)
{
  SdProject *project = sd_project_new ();

  project->id = sqlite3_column_int64 (row, 0);
  project->department_uscc = _sd_storage_column_dup (row, 1);
  project->name = _sd_storage_column_dup (row, 2);
  project->approval_date = _sd_storage_column_dup (row, 3);
  project->trial_run_date = _sd_storage_column_dup (row, 4);
  project->version = (guint) sqlite3_column_int64 (row, 5);
  project->created_by = _sd_storage_column_dup (row, 6);
  project->created_at = _sd_storage_date_time (sqlite3_column_int64 (row, 7));
  project->updated_at = _sd_storage_date_time (sqlite3_column_int64 (row, 8));
  return project;
}

static SdProject *
get_project (SdStorage  *self,
             gint64      project_id,
             GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, PROJECT_COLUMNS " WHERE p.id = ?", error);
  g_autoptr(SdProject) project = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      project_not_found (project_id, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  project = project_from_row (stmt);
  if (!read_project_entries (self, project, error))
    return NULL;
  return g_steal_pointer (&project);
}

SdProject *
sd_storage_get_project (SdStorage  *self,
                        gint64      project_id,
                        GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  return get_project (self, project_id, error);
}

static gboolean
count_projects (SdStorage   *self,
                const char  *department_uscc,
                guint       *total,
                GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT count (*) FROM projects AS p"
                           " JOIN departments AS d ON d.id = p.department_id"
                           " WHERE ?1 IS NULL OR d.uscc = ?1",
                           error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, department_uscc);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *total = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
sd_storage_list_projects (SdStorage   *self,
                          const char  *department_uscc,
                          guint        offset,
                          guint        limit,
                          guint       *total,
                          GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!count_projects (self, department_uscc, total, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                PROJECT_COLUMNS " WHERE ?1 IS NULL OR d.uscc = ?1"
                                " ORDER BY p.id DESC LIMIT ?2 OFFSET ?3",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, department_uscc);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  projects = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_project_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (projects, project_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  /* The rows are read: the entry lists reuse no statement of the loop. */
  g_clear_pointer (&stmt, _sd_storage_statement_release);
  for (guint i = 0; i < projects->len; i++)
    if (!read_project_entries (self, projects->pdata[i], error))
      return NULL;
  return g_steal_pointer (&projects);
}

static gboolean
stale_project (gint64    project_id,
               guint     stored,
               guint     expected,
               GError  **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);

  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_STALE,
               /* Translators: %s is a project id, the %u are version numbers */
               _("The project %s has changed: it is at version %u, not %u. Reload it and apply your changes again."),
               id, stored, expected);
  return FALSE;
}

static gboolean
update_project_cb (SdStorage  *self,
                   gpointer    data,
                   GError    **error)
{
  ProjectWrite *write = data;
  SdProject *project = write->project;
  g_autoptr(SdProject) stored = get_project (self, project->id, error);
  g_autoptr(Statement) stmt = NULL;
  gint64 now = _sd_storage_usec_now ();

  if (stored == NULL)
    return FALSE;
  if (stored->version != write->expected_version)
    return stale_project (project->id, stored->version, write->expected_version, error);
  stmt = _sd_storage_statement (self,
                                "UPDATE projects SET name = ?, approval_date = ?, trial_run_date = ?,"
                                " version = ?, updated_at = ? WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, project->name);
  _sd_storage_bind_text (stmt, 2, project->approval_date);
  _sd_storage_bind_text (stmt, 3, project->trial_run_date);
  sqlite3_bind_int64 (stmt, 4, stored->version + 1);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, project->id);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  project->version = stored->version + 1;
  g_clear_pointer (&project->updated_at, g_date_time_unref);
  project->updated_at = _sd_storage_date_time (now);
  return write_project_entries (self, project->id, project->entry_ids, error) &&
         record_project_change (self, project->id, stored->department_uscc, FALSE, error);
}

gboolean
sd_storage_update_project (SdStorage  *self,
                           SdProject  *project,
                           guint       expected_version,
                           GError    **error)
{
  ProjectWrite write = { project, NULL, expected_version };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (project != NULL && project->name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, update_project_cb, &write, error);
}

static gboolean
count_receipts (SdStorage  *self,
                gint64      project_id,
                guint      *count,
                GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "SELECT count (*) FROM receipts WHERE project_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
delete_project_cb (SdStorage  *self,
                   gpointer    data,
                   GError    **error)
{
  gint64 project_id = *(gint64 *) data;
  g_autoptr(SdProject) stored = get_project (self, project_id, error);
  g_autoptr(Statement) stmt = NULL;
  guint receipts = 0;

  if (stored == NULL || !count_receipts (self, project_id, &receipts, error))
    return FALSE;
  if (receipts > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);

      /* A receipt in someone's hands must keep verifying. */
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is a project id */
                   _("The project %s cannot be deleted: a catalogue receipt was issued for it."),
                   id);
      return FALSE;
    }
  stmt = _sd_storage_statement (self, "DELETE FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return _sd_storage_step_done (self, stmt, error) &&
         record_project_change (self, project_id, stored->department_uscc, TRUE, error);
}

gboolean
sd_storage_delete_project (SdStorage  *self,
                           gint64      project_id,
                           GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, delete_project_cb, &project_id, error);
}

gboolean
sd_storage_count_project_entries_without_data (SdStorage  *self,
                                               gint64      project_id,
                                               guint      *missing,
                                               GError    **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (missing != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  /* An entry not (or no longer) in the catalogue has no data either. */
  stmt = _sd_storage_statement (self,
                                "SELECT count (*) FROM project_entries AS pe"
                                " WHERE pe.project_id = ? AND NOT EXISTS ("
                                "   SELECT 1 FROM catalogue_entries AS e"
                                "   JOIN datasets AS ds ON ds.entry_row = e.id"
                                "   WHERE e.entry_id = pe.entry_id)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *missing = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Receipts */

typedef struct {
  SdReceipt  *receipt;
  const char *code_sha256;
} ReceiptWrite;

static gboolean
write_receipt_entries (SdStorage  *self,
                       SdReceipt  *receipt,
                       GError    **error)
{
  for (guint i = 0; i < receipt->entries->len; i++)
    {
      SdReceiptEntry *entry = receipt->entries->pdata[i];
      g_autoptr(Statement) stmt =
        _sd_storage_statement (self,
                               "INSERT INTO receipt_entries (receipt_id, position, entry_id, version)"
                               " VALUES (?, ?, ?, ?)",
                               error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, receipt->id);
      sqlite3_bind_int (stmt, 2, (int) i);
      _sd_storage_bind_text (stmt, 3, entry->entry_id);
      sqlite3_bind_int64 (stmt, 4, entry->version);
      if (!_sd_storage_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_receipt_cb (SdStorage  *self,
                gpointer    data,
                GError    **error)
{
  ReceiptWrite *write = data;
  SdReceipt *receipt = write->receipt;
  g_autoptr(SdProject) project = get_project (self, receipt->project_id, error);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *id = NULL;
  gint64 now = _sd_storage_usec_now ();

  if (project == NULL)
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "INSERT INTO receipts (project_id, kind, code_sha256, issued_by,"
                                " issued_at) VALUES (?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, receipt->project_id);
  _sd_storage_bind_text (stmt, 2, receipt->kind);
  _sd_storage_bind_text (stmt, 3, write->code_sha256);
  _sd_storage_bind_text (stmt, 4, receipt->issued_by);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  receipt->id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&receipt->issued_at, g_date_time_unref);
  receipt->issued_at = _sd_storage_date_time (now);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, receipt->id);
  return write_receipt_entries (self, receipt, error) &&
         _sd_storage_record_change (self, RECEIPT_OBJECT_TYPE, id, FALSE,
                                    project->department_uscc, NULL, FALSE, error);
}

gboolean
sd_storage_add_receipt (SdStorage   *self,
                        SdReceipt   *receipt,
                        const char  *code_sha256,
                        GError     **error)
{
  ReceiptWrite write = { receipt, code_sha256 };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (receipt != NULL && receipt->kind != NULL, FALSE);
  g_return_val_if_fail (receipt->issued_by != NULL, FALSE);
  g_return_val_if_fail (code_sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_receipt_cb, &write, error);
}

static gboolean
read_receipt_entries (SdStorage  *self,
                      SdReceipt  *receipt,
                      GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT entry_id, version FROM receipt_entries WHERE receipt_id = ?"
                           " ORDER BY position",
                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, receipt->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    sd_receipt_add_entry (receipt, (const char *) sqlite3_column_text (stmt, 0),
                          (guint) sqlite3_column_int64 (stmt, 1));
  if (rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  return TRUE;
}

#define RECEIPT_COLUMNS \
  "SELECT r.id, r.project_id, r.kind, r.issued_by, r.issued_at, p.name, d.uscc" \
  " FROM receipts AS r JOIN projects AS p ON p.id = r.project_id" \
  " JOIN departments AS d ON d.id = p.department_id"

static SdReceipt *
receipt_from_row (sqlite3_stmt *row)
{
  SdReceipt *receipt = sd_receipt_new ();

  receipt->id = sqlite3_column_int64 (row, 0);
  receipt->project_id = sqlite3_column_int64 (row, 1);
  receipt->kind = _sd_storage_column_dup (row, 2);
  receipt->issued_by = _sd_storage_column_dup (row, 3);
  receipt->issued_at = _sd_storage_date_time (sqlite3_column_int64 (row, 4));
  receipt->project_name = _sd_storage_column_dup (row, 5);
  receipt->department_uscc = _sd_storage_column_dup (row, 6);
  return receipt;
}

static gboolean
read_all_receipt_entries (SdStorage  *self,
                          GPtrArray  *receipts,
                          GError    **error)
{
  for (guint i = 0; i < receipts->len; i++)
    if (!read_receipt_entries (self, receipts->pdata[i], error))
      return FALSE;
  return TRUE;
}

GPtrArray *
sd_storage_list_receipts (SdStorage  *self,
                          gint64      project_id,
                          GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) receipts = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, RECEIPT_COLUMNS " WHERE r.project_id = ? ORDER BY r.id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  receipts = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_receipt_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (receipts, receipt_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _sd_storage_statement_release);
  if (!read_all_receipt_entries (self, receipts, error))
    return NULL;
  return g_steal_pointer (&receipts);
}

SdReceipt *
sd_storage_find_receipt_by_code (SdStorage   *self,
                                 const char  *code_sha256,
                                 GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(SdReceipt) receipt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (code_sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, RECEIPT_COLUMNS " WHERE r.code_sha256 = ?", error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, code_sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                           _("No catalogue receipt has this verification code."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  receipt = receipt_from_row (stmt);
  g_clear_pointer (&stmt, _sd_storage_statement_release);
  if (!read_receipt_entries (self, receipt, error))
    return NULL;
  return g_steal_pointer (&receipt);
}
