/* sd-storage-cases.c — workflow cases, attachments, authorisations (see
 * sd-storage-cases.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-storage-cases.h"
#include "sd-storage-private.h"

const char _sd_storage_schema_cases[] =
  "CREATE TABLE cases ("
  "  id                    INTEGER PRIMARY KEY,"
  "  kind                  INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
  "  entry_row             INTEGER REFERENCES catalogue_entries (id),"
  "  consumer_id           INTEGER REFERENCES departments (id),"
  "  provider_id           INTEGER REFERENCES departments (id),"
  "  state                 TEXT NOT NULL,"
  "  current_role          INTEGER,"
  "  current_department_id INTEGER REFERENCES departments (id),"
  "  due_date              TEXT,"
  "  version               INTEGER NOT NULL CHECK (version >= 1),"
  "  json                  TEXT NOT NULL,"
  "  created_at            INTEGER NOT NULL,"
  "  updated_at            INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX cases_by_consumer ON cases (kind, consumer_id);"
  "CREATE INDEX cases_by_provider ON cases (kind, provider_id);"
  "CREATE INDEX cases_by_turn ON cases (kind, current_role, current_department_id);"
  "CREATE INDEX cases_by_entry ON cases (entry_row, kind);"
  "CREATE TABLE attachments ("
  "  id          INTEGER PRIMARY KEY,"
  "  case_id     INTEGER NOT NULL REFERENCES cases (id),"
  "  name        TEXT NOT NULL,"
  "  media_type  TEXT NOT NULL,"
  "  size        INTEGER NOT NULL,"
  "  sha256      TEXT NOT NULL,"
  "  content     BLOB NOT NULL,"
  "  uploaded_by TEXT NOT NULL,"
  "  at          INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX attachments_by_case ON attachments (case_id);"
  "CREATE TABLE authorisations ("
  "  id             INTEGER PRIMARY KEY,"
  "  application_id INTEGER NOT NULL UNIQUE REFERENCES cases (id),"
  "  entry_row      INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  consumer_id    INTEGER NOT NULL REFERENCES departments (id),"
  "  provider_id    INTEGER NOT NULL REFERENCES departments (id),"
  "  granted_at     INTEGER NOT NULL,"
  "  last_used_at   INTEGER,"
  "  revoked_at     INTEGER,"
  "  revoked_by     TEXT,"
  "  revoke_reason  TEXT"
  ") STRICT;"
  "CREATE INDEX authorisations_by_consumer ON authorisations (consumer_id, entry_row);"
  "CREATE INDEX authorisations_by_provider ON authorisations (provider_id);";

static const char * const case_kinds[] = {
  "application", "objection", "rectification", "change-registration",
};

const char *
sd_case_kind_to_string (SdCaseKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (case_kinds), NULL);
  return case_kinds[kind];
}

/* For messages: the kind in the reader's language. */
static const char *
case_kind_label (SdCaseKind kind)
{
  switch (kind)
    {
    case SD_CASE_APPLICATION:
      return _("application");
    case SD_CASE_OBJECTION:
      return _("objection");
    case SD_CASE_RECTIFICATION:
      return _("rectification case");
    case SD_CASE_CHANGE_REGISTRATION:
      return _("change registration");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
sd_case_record_free (SdCaseRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->entry_id);
  g_free (record->consumer_uscc);
  g_free (record->provider_uscc);
  g_free (record->state);
  g_free (record->current_department);
  g_free (record->due_date);
  g_free (record->json);
  g_clear_pointer (&record->created_at, g_date_time_unref);
  g_clear_pointer (&record->updated_at, g_date_time_unref);
  g_free (record);
}

void
sd_attachment_free (SdAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->media_type);
  g_free (attachment->sha256);
  g_free (attachment->uploaded_by);
  g_clear_pointer (&attachment->at, g_date_time_unref);
  g_clear_pointer (&attachment->content, g_bytes_unref);
  g_free (attachment);
}

void
sd_authorisation_free (SdAuthorisation *authorisation)
{
  if (authorisation == NULL)
    return;
  g_free (authorisation->entry_id);
  g_free (authorisation->consumer_uscc);
  g_free (authorisation->provider_uscc);
  g_clear_pointer (&authorisation->granted_at, g_date_time_unref);
  g_clear_pointer (&authorisation->last_used_at, g_date_time_unref);
  g_clear_pointer (&authorisation->revoked_at, g_date_time_unref);
  g_free (authorisation->revoked_by);
  g_free (authorisation->revoke_reason);
  g_free (authorisation);
}

/* Lookups of the rows a case refers to */

static gboolean
optional_department_id (SdStorage   *self,
                        const char  *uscc,
                        gint64      *id,
                        GError     **error)
{
  *id = 0;
  return uscc == NULL || _sd_storage_department_id (self, uscc, id, error);
}

static gboolean
entry_row_id (SdStorage   *self,
              const char  *entry_id,
              gint64      *row,
              GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  *row = 0;
  if (entry_id == NULL)
    return TRUE;
  stmt = _sd_storage_statement (self, "SELECT id FROM catalogue_entries WHERE entry_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *row = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %s is a catalogue entry id */
               _("There is no catalogue entry “%s”."), entry_id);
  return FALSE;
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Cases */

#define CASE_COLUMNS \
  "c.id, c.kind, e.entry_id, dc.uscc, dp.uscc, c.state, c.current_role, dt.uscc," \
  " c.due_date, c.version, c.json, c.created_at, c.updated_at"
#define CASE_JOINS \
  " LEFT JOIN catalogue_entries AS e ON e.id = c.entry_row" \
  " LEFT JOIN departments AS dc ON dc.id = c.consumer_id" \
  " LEFT JOIN departments AS dp ON dp.id = c.provider_id" \
  " LEFT JOIN departments AS dt ON dt.id = c.current_department_id"

static SdCaseRecord *
case_from_row (sqlite3_stmt *row)
{
  SdCaseRecord *record = g_new0 (SdCaseRecord, 1);

  record->id = sqlite3_column_int64 (row, 0);
  record->kind = (SdCaseKind) sqlite3_column_int (row, 1);
  record->entry_id = _sd_storage_column_dup (row, 2);
  record->consumer_uscc = _sd_storage_column_dup (row, 3);
  record->provider_uscc = _sd_storage_column_dup (row, 4);
  record->state = _sd_storage_column_dup (row, 5);
  record->current_role = sqlite3_column_type (row, 6) == SQLITE_NULL ?
                         SD_ROLE_INVALID : (SdRole) sqlite3_column_int (row, 6);
  record->current_department = _sd_storage_column_dup (row, 7);
  record->due_date = _sd_storage_column_dup (row, 8);
  record->version = (guint) sqlite3_column_int64 (row, 9);
  record->json = _sd_storage_column_dup (row, 10);
  record->created_at = _sd_storage_date_time (sqlite3_column_int64 (row, 11));
  record->updated_at = _sd_storage_date_time (sqlite3_column_int64 (row, 12));
  return record;
}

static void
bind_role (sqlite3_stmt *stmt,
           int           index,
           SdRole        role)
{
  if (role == SD_ROLE_INVALID)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, role);
}

static gboolean
record_case_change (SdStorage     *self,
                    SdCaseRecord  *record,
                    GError       **error)
{
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);

  return _sd_storage_record_change (self, sd_case_kind_to_string (record->kind), object_id,
                                    FALSE, record->consumer_uscc, record->provider_uscc,
                                    FALSE, error);
}

static gboolean
add_case_cb (SdStorage  *self,
             gpointer    data,
             GError    **error)
{
  SdCaseRecord *record = data;
  g_autoptr(Statement) stmt = NULL;
  gint64 entry = 0, consumer = 0, provider = 0, current = 0;
  gint64 now = _sd_storage_usec_now ();

  if (!entry_row_id (self, record->entry_id, &entry, error) ||
      !optional_department_id (self, record->consumer_uscc, &consumer, error) ||
      !optional_department_id (self, record->provider_uscc, &provider, error) ||
      !optional_department_id (self, record->current_department, &current, error))
    return FALSE;

  stmt = _sd_storage_statement (self,
                                "INSERT INTO cases (kind, entry_row, consumer_id, provider_id, state,"
                                " current_role, current_department_id, due_date, version, json,"
                                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, record->kind);
  bind_id_or_null (stmt, 2, entry);
  bind_id_or_null (stmt, 3, consumer);
  bind_id_or_null (stmt, 4, provider);
  _sd_storage_bind_text (stmt, 5, record->state);
  bind_role (stmt, 6, record->current_role);
  bind_id_or_null (stmt, 7, current);
  _sd_storage_bind_text (stmt, 8, record->due_date);
  _sd_storage_bind_text (stmt, 9, record->json);
  sqlite3_bind_int64 (stmt, 10, now);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;

  record->id = sqlite3_last_insert_rowid (self->db);
  record->version = 1;
  g_clear_pointer (&record->created_at, g_date_time_unref);
  g_clear_pointer (&record->updated_at, g_date_time_unref);
  record->created_at = _sd_storage_date_time (now);
  record->updated_at = _sd_storage_date_time (now);
  return record_case_change (self, record, error);
}

gboolean
sd_storage_add_case (SdStorage     *self,
                     SdCaseRecord  *record,
                     GError       **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->state != NULL && record->json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_case_cb, record, error);
}

static gboolean
case_not_found (SdCaseKind   kind,
                gint64       id,
                GError     **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %s is a kind of case (application, objection, …), %lld its number */
               _("There is no %s with the number %lld."),
               case_kind_label (kind), (long long) id);
  return FALSE;
}

static SdCaseRecord *
get_case (SdStorage   *self,
          SdCaseKind   kind,
          gint64       id,
          GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT " CASE_COLUMNS " FROM cases AS c" CASE_JOINS
                           " WHERE c.id = ? AND c.kind = ?",
                           error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return case_from_row (stmt);
  if (rc == SQLITE_DONE)
    case_not_found (kind, id, error);
  else
    _sd_storage_fail (self, error);
  return NULL;
}

SdCaseRecord *
sd_storage_get_case (SdStorage   *self,
                     SdCaseKind   kind,
                     gint64       id,
                     GError     **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  return get_case (self, kind, id, error);
}

typedef struct {
  SdCaseRecord *record;
  guint         expected_version;
} CaseUpdate;

static gboolean
update_case_cb (SdStorage  *self,
                gpointer    data,
                GError    **error)
{
  CaseUpdate *update = data;
  SdCaseRecord *record = update->record;
  g_autoptr(SdCaseRecord) stored = get_case (self, record->kind, record->id, error);
  g_autoptr(Statement) stmt = NULL;
  gint64 current = 0;
  gint64 now = _sd_storage_usec_now ();

  if (stored == NULL)
    return FALSE;
  if (stored->version != update->expected_version)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_STALE,
                   /* Translators: %s is a kind of case, %lld its number, the %u versions */
                   _("The %s %lld has changed meanwhile (it is at version %u, not %u): reload it and decide again."),
                   case_kind_label (record->kind), (long long) record->id,
                   stored->version, update->expected_version);
      return FALSE;
    }
  if (!optional_department_id (self, record->current_department, &current, error))
    return FALSE;

  stmt = _sd_storage_statement (self,
                                "UPDATE cases SET state = ?, current_role = ?, current_department_id = ?,"
                                " due_date = ?, json = ?, version = version + 1, updated_at = ?"
                                " WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, record->state);
  bind_role (stmt, 2, record->current_role);
  bind_id_or_null (stmt, 3, current);
  _sd_storage_bind_text (stmt, 4, record->due_date);
  _sd_storage_bind_text (stmt, 5, record->json);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, record->id);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;

  record->version = stored->version + 1;
  g_clear_pointer (&record->updated_at, g_date_time_unref);
  record->updated_at = _sd_storage_date_time (now);
  return record_case_change (self, record, error);
}

gboolean
sd_storage_update_case (SdStorage     *self,
                        SdCaseRecord  *record,
                        guint          expected_version,
                        GError       **error)
{
  CaseUpdate update = { record, expected_version };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->state != NULL && record->json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, update_case_cb, &update, error);
}

/* One constant statement for every combination of filters: a NULL
 * parameter matches anything. */
#define CASE_FILTER \
  " FROM cases AS c" CASE_JOINS \
  " WHERE c.kind = ?1" \
  "   AND (?2 IS NULL OR dc.uscc = ?2 OR dp.uscc = ?2)" \
  "   AND (?3 IS NULL OR dc.uscc = ?3)" \
  "   AND (?4 IS NULL OR dp.uscc = ?4)" \
  "   AND (?5 IS NULL OR e.entry_id = ?5)" \
  "   AND (?6 IS NULL OR c.state = ?6)" \
  "   AND (?7 IS NULL OR c.current_role = ?7)" \
  "   AND (?8 IS NULL OR dt.uscc = ?8)" \
  "   AND (NOT ?9 OR c.current_role IS NOT NULL)"

static void
bind_case_query (sqlite3_stmt      *stmt,
                 const SdCaseQuery *query)
{
  sqlite3_bind_int (stmt, 1, query->kind);
  _sd_storage_bind_text (stmt, 2, query->department);
  _sd_storage_bind_text (stmt, 3, query->consumer);
  _sd_storage_bind_text (stmt, 4, query->provider);
  _sd_storage_bind_text (stmt, 5, query->entry_id);
  _sd_storage_bind_text (stmt, 6, query->state);
  bind_role (stmt, 7, query->current_role);
  _sd_storage_bind_text (stmt, 8, query->current_department);
  sqlite3_bind_int (stmt, 9, query->open_only ? 1 : 0);
}

static gboolean
count_cases (SdStorage          *self,
             const SdCaseQuery  *query,
             guint              *total,
             GError            **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, "SELECT count(*)" CASE_FILTER, error);

  if (stmt == NULL)
    return FALSE;
  bind_case_query (stmt, query);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *total = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
sd_storage_list_cases (SdStorage          *self,
                       const SdCaseQuery  *query,
                       guint              *total,
                       GError            **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (total != NULL && !count_cases (self, query, total, error))
    return NULL;

  stmt = _sd_storage_statement (self,
                                "SELECT " CASE_COLUMNS CASE_FILTER
                                " ORDER BY c.id DESC LIMIT ?10 OFFSET ?11",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_case_query (stmt, query);
  sqlite3_bind_int64 (stmt, 10, query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, 11, query->offset);

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_case_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (cases, case_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&cases);
}

/* Attachments */

gboolean
sd_storage_add_attachment (SdStorage     *self,
                           SdAttachment  *attachment,
                           GError       **error)
{
  g_autoptr(Statement) stmt = NULL;
  gsize size;
  gconstpointer data;
  gint64 now = _sd_storage_usec_now ();

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (attachment != NULL && attachment->content != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "INSERT INTO attachments (case_id, name, media_type, size, sha256,"
                                " content, uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  data = g_bytes_get_data (attachment->content, &size);
  g_free (attachment->sha256);
  attachment->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, attachment->content);
  attachment->size = size;
  sqlite3_bind_int64 (stmt, 1, attachment->case_id);
  _sd_storage_bind_text (stmt, 2, attachment->name);
  _sd_storage_bind_text (stmt, 3, attachment->media_type);
  sqlite3_bind_int64 (stmt, 4, (gint64) size);
  _sd_storage_bind_text (stmt, 5, attachment->sha256);
  sqlite3_bind_blob64 (stmt, 6, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  _sd_storage_bind_text (stmt, 7, attachment->uploaded_by);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;

  attachment->id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&attachment->at, g_date_time_unref);
  attachment->at = _sd_storage_date_time (now);
  return TRUE;
}

static SdAttachment *
attachment_from_row (sqlite3_stmt *row,
                     gboolean      with_content)
{
  SdAttachment *attachment = g_new0 (SdAttachment, 1);

  attachment->id = sqlite3_column_int64 (row, 0);
  attachment->case_id = sqlite3_column_int64 (row, 1);
  attachment->name = _sd_storage_column_dup (row, 2);
  attachment->media_type = _sd_storage_column_dup (row, 3);
  attachment->size = (gsize) sqlite3_column_int64 (row, 4);
  attachment->sha256 = _sd_storage_column_dup (row, 5);
  attachment->uploaded_by = _sd_storage_column_dup (row, 6);
  attachment->at = _sd_storage_date_time (sqlite3_column_int64 (row, 7));
  if (with_content)
    attachment->content = g_bytes_new (sqlite3_column_blob (row, 8),
                                       (gsize) sqlite3_column_bytes (row, 8));
  return attachment;
}

GPtrArray *
sd_storage_list_attachments (SdStorage  *self,
                             gint64      case_id,
                             GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT id, case_id, name, media_type, size, sha256, uploaded_by, at"
                                " FROM attachments WHERE case_id = ? ORDER BY id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_attachment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (attachments, attachment_from_row (stmt, FALSE));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&attachments);
}

SdAttachment *
sd_storage_get_attachment (SdStorage  *self,
                           gint64      case_id,
                           gint64      attachment_id,
                           GError    **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT id, case_id, name, media_type, size, sha256, uploaded_by, at,"
                                " content FROM attachments WHERE case_id = ? AND id = ?",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, attachment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return attachment_from_row (stmt, TRUE);
  if (rc != SQLITE_DONE)
    _sd_storage_fail (self, error);
  else
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %lld is an attachment's number */
                 _("There is no attachment %lld here."), (long long) attachment_id);
  return NULL;
}

/* Authorisations */

#define AUTHORISATION_COLUMNS \
  "a.id, a.application_id, e.entry_id, dc.uscc, dp.uscc, a.granted_at, a.last_used_at," \
  " a.revoked_at, a.revoked_by, a.revoke_reason"
#define AUTHORISATION_JOINS \
  " JOIN catalogue_entries AS e ON e.id = a.entry_row" \
  " JOIN departments AS dc ON dc.id = a.consumer_id" \
  " JOIN departments AS dp ON dp.id = a.provider_id"

static GDateTime *
column_date_time (sqlite3_stmt *row,
                  int           column)
{
  if (sqlite3_column_type (row, column) == SQLITE_NULL)
    return NULL;
  return _sd_storage_date_time (sqlite3_column_int64 (row, column));
}

static SdAuthorisation *
authorisation_from_row (sqlite3_stmt *row)
{
  SdAuthorisation *authorisation = g_new0 (SdAuthorisation, 1);

  authorisation->id = sqlite3_column_int64 (row, 0);
  authorisation->application_id = sqlite3_column_int64 (row, 1);
  authorisation->entry_id = _sd_storage_column_dup (row, 2);
  authorisation->consumer_uscc = _sd_storage_column_dup (row, 3);
  authorisation->provider_uscc = _sd_storage_column_dup (row, 4);
  authorisation->granted_at = column_date_time (row, 5);
  authorisation->last_used_at = column_date_time (row, 6);
  authorisation->revoked_at = column_date_time (row, 7);
  authorisation->revoked_by = _sd_storage_column_dup (row, 8);
  authorisation->revoke_reason = _sd_storage_column_dup (row, 9);
  return authorisation;
}

static gboolean
record_authorisation_change (SdStorage        *self,
                             SdAuthorisation  *authorisation,
                             GError          **error)
{
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, authorisation->id);

  return _sd_storage_record_change (self, "authorisation", object_id, FALSE,
                                    authorisation->consumer_uscc, authorisation->provider_uscc,
                                    FALSE, error);
}

static gboolean
add_authorisation_cb (SdStorage  *self,
                      gpointer    data,
                      GError    **error)
{
  SdAuthorisation *authorisation = data;
  g_autoptr(Statement) stmt = NULL;
  gint64 entry = 0, consumer = 0, provider = 0;

  if (!entry_row_id (self, authorisation->entry_id, &entry, error) ||
      !_sd_storage_department_id (self, authorisation->consumer_uscc, &consumer, error) ||
      !_sd_storage_department_id (self, authorisation->provider_uscc, &provider, error))
    return FALSE;

  if (authorisation->granted_at == NULL)
    authorisation->granted_at = g_date_time_new_now_utc ();
  stmt = _sd_storage_statement (self,
                                "INSERT INTO authorisations (application_id, entry_row, consumer_id,"
                                " provider_id, granted_at) VALUES (?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, authorisation->application_id);
  sqlite3_bind_int64 (stmt, 2, entry);
  sqlite3_bind_int64 (stmt, 3, consumer);
  sqlite3_bind_int64 (stmt, 4, provider);
  sqlite3_bind_int64 (stmt, 5, _sd_storage_usec (authorisation->granted_at));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (!_sd_storage_is_unique_violation (self))
        return _sd_storage_fail (self, error);
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %lld is an application's number */
                   _("The application %lld has already been granted an authorisation."),
                   (long long) authorisation->application_id);
      return FALSE;
    }
  authorisation->id = sqlite3_last_insert_rowid (self->db);
  return record_authorisation_change (self, authorisation, error);
}

gboolean
sd_storage_add_authorisation (SdStorage        *self,
                              SdAuthorisation  *authorisation,
                              GError          **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (authorisation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_authorisation_cb, authorisation, error);
}

static SdAuthorisation *
step_authorisation (SdStorage     *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return authorisation_from_row (stmt);
  if (rc != SQLITE_DONE)
    _sd_storage_fail (self, error);
  else
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND, "%s",
                 _("There is no such authorisation in force."));
  return NULL;
}

static SdAuthorisation *
get_authorisation (SdStorage  *self,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT " AUTHORISATION_COLUMNS " FROM authorisations AS a"
                           AUTHORISATION_JOINS " WHERE a.id = ?",
                           error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_authorisation (self, stmt, error);
}

SdAuthorisation *
sd_storage_get_authorisation (SdStorage  *self,
                              gint64      id,
                              GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  return get_authorisation (self, id, error);
}

SdAuthorisation *
sd_storage_find_authorisation (SdStorage   *self,
                               const char  *consumer_uscc,
                               const char  *entry_id,
                               GError     **error)
{
  g_autoptr(Statement) stmt = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (consumer_uscc != NULL && entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " AUTHORISATION_COLUMNS " FROM authorisations AS a"
                                AUTHORISATION_JOINS
                                " WHERE dc.uscc = ? AND e.entry_id = ? AND a.revoked_at IS NULL"
                                " ORDER BY a.id DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, consumer_uscc);
  _sd_storage_bind_text (stmt, 2, entry_id);
  return step_authorisation (self, stmt, error);
}

GPtrArray *
sd_storage_list_authorisations (SdStorage   *self,
                                const char  *department,
                                const char  *entry_id,
                                gboolean     in_force_only,
                                GDateTime   *unused_since,
                                GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) authorisations = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT " AUTHORISATION_COLUMNS " FROM authorisations AS a"
                                AUTHORISATION_JOINS
                                " WHERE (?1 IS NULL OR dc.uscc = ?1 OR dp.uscc = ?1)"
                                "   AND (?2 IS NULL OR e.entry_id = ?2)"
                                "   AND (NOT ?3 OR a.revoked_at IS NULL)"
                                "   AND (?4 IS NULL OR (a.revoked_at IS NULL"
                                "        AND coalesce (a.last_used_at, a.granted_at) < ?4))"
                                " ORDER BY a.id",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, department);
  _sd_storage_bind_text (stmt, 2, entry_id);
  sqlite3_bind_int (stmt, 3, in_force_only ? 1 : 0);
  if (unused_since != NULL)
    sqlite3_bind_int64 (stmt, 4, _sd_storage_usec (unused_since));
  else
    sqlite3_bind_null (stmt, 4);

  authorisations = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_authorisation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (authorisations, authorisation_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&authorisations);
}

typedef struct {
  gint64      id;
  GDateTime  *at;
  const char *actor;
  const char *reason;
} AuthorisationWrite;

static gboolean
touch_authorisation_cb (SdStorage  *self,
                        gpointer    data,
                        GError    **error)
{
  AuthorisationWrite *write = data;
  g_autoptr(SdAuthorisation) authorisation = get_authorisation (self, write->id, error);
  g_autoptr(Statement) stmt = NULL;

  if (authorisation == NULL)
    return FALSE;
  stmt = _sd_storage_statement (self, "UPDATE authorisations SET last_used_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _sd_storage_usec (write->at));
  sqlite3_bind_int64 (stmt, 2, write->id);
  return _sd_storage_step_done (self, stmt, error) &&
         record_authorisation_change (self, authorisation, error);
}

gboolean
sd_storage_touch_authorisation (SdStorage  *self,
                                gint64      id,
                                GDateTime  *at,
                                GError    **error)
{
  AuthorisationWrite write = { id, at, NULL, NULL };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, touch_authorisation_cb, &write, error);
}

static gboolean
revoke_authorisation_cb (SdStorage  *self,
                         gpointer    data,
                         GError    **error)
{
  AuthorisationWrite *write = data;
  g_autoptr(SdAuthorisation) authorisation = get_authorisation (self, write->id, error);
  g_autoptr(Statement) stmt = NULL;

  if (authorisation == NULL)
    return FALSE;
  if (authorisation->revoked_at != NULL)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %lld is an authorisation's number */
                   _("The authorisation %lld has already been revoked."), (long long) write->id);
      return FALSE;
    }
  stmt = _sd_storage_statement (self,
                                "UPDATE authorisations SET revoked_at = ?, revoked_by = ?,"
                                " revoke_reason = ? WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _sd_storage_usec (write->at));
  _sd_storage_bind_text (stmt, 2, write->actor);
  _sd_storage_bind_text (stmt, 3, write->reason);
  sqlite3_bind_int64 (stmt, 4, write->id);
  return _sd_storage_step_done (self, stmt, error) &&
         record_authorisation_change (self, authorisation, error);
}

gboolean
sd_storage_revoke_authorisation (SdStorage   *self,
                                 gint64       id,
                                 const char  *actor,
                                 const char  *reason,
                                 GDateTime   *at,
                                 GError     **error)
{
  AuthorisationWrite write = { id, at, actor, reason };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (actor != NULL && at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, revoke_authorisation_cb, &write, error);
}
