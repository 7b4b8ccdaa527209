/* sd-storage-data.c — datasets, data access, subscriptions and feedback
 * (see sd-storage-data.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-storage-data.h"
#include "sd-storage-private.h"

/* A provider uploads a dataset (CSV) for a published entry; each upload
 * is a new version of the entry's data, its rows kept as JSON objects
 * keyed by information item name for the online query. Every query or
 * download by a consumer is a data_access row (usage statistics) besides
 * its audit row. */
const char _sd_storage_schema_data[] =
  "CREATE TABLE datasets ("
  "  id          INTEGER PRIMARY KEY,"
  "  entry_row   INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  version     INTEGER NOT NULL CHECK (version >= 1),"
  "  uploaded_by TEXT NOT NULL,"
  "  uploaded_at INTEGER NOT NULL,"
  "  row_count   INTEGER NOT NULL,"
  "  sha256      TEXT NOT NULL,"
  "  csv         BLOB NOT NULL,"
  "  UNIQUE (entry_row, version)"
  ") STRICT;"
  "CREATE TABLE dataset_rows ("
  "  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,"
  "  row_no     INTEGER NOT NULL,"
  "  json       TEXT NOT NULL,"
  "  PRIMARY KEY (dataset_id, row_no)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE data_access ("
  "  id          INTEGER PRIMARY KEY,"
  "  entry_row   INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  consumer_id INTEGER NOT NULL REFERENCES departments (id),"
  "  kind        TEXT NOT NULL CHECK (kind IN ('query', 'download')),"
  "  actor       TEXT NOT NULL,"
  "  at          INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX data_access_by_entry ON data_access (entry_row, at);"
  "CREATE INDEX data_access_by_consumer ON data_access (consumer_id, at);"
  "CREATE TABLE subscriptions ("
  "  id                    INTEGER PRIMARY KEY,"
  "  entry_row             INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  consumer_id           INTEGER NOT NULL REFERENCES departments (id),"
  "  created_by            TEXT NOT NULL,"
  "  created_at            INTEGER NOT NULL,"
  "  last_notified_version INTEGER,"
  "  UNIQUE (entry_row, consumer_id)"
  ") STRICT;"
  "CREATE TABLE feedback ("
  "  id            INTEGER PRIMARY KEY,"
  "  entry_row     INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  department_id INTEGER NOT NULL REFERENCES departments (id),"
  "  kind          TEXT NOT NULL CHECK (kind IN ('needs-met', 'data-quality', 'effect')),"
  "  rating        INTEGER CHECK (rating BETWEEN 1 AND 5),"
  "  comment       TEXT,"
  "  author        TEXT NOT NULL,"
  "  at            INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX feedback_by_entry ON feedback (entry_row);"
  "CREATE INDEX feedback_by_department ON feedback (department_id);";

#define DATASET_OBJECT_TYPE "dataset"
#define SUBSCRIPTION_OBJECT_TYPE "subscription"
#define FEEDBACK_OBJECT_TYPE "feedback"

void
sd_dataset_free (SdDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->entry_id);
  g_free (dataset->uploaded_by);
  g_clear_pointer (&dataset->uploaded_at, g_date_time_unref);
  g_free (dataset->sha256);
  g_clear_pointer (&dataset->csv, g_bytes_unref);
  g_free (dataset);
}

void
sd_subscription_free (SdSubscription *subscription)
{
  if (subscription == NULL)
    return;
  g_free (subscription->entry_id);
  g_free (subscription->consumer_uscc);
  g_free (subscription->created_by);
  g_clear_pointer (&subscription->created_at, g_date_time_unref);
  g_free (subscription);
}

void
sd_feedback_free (SdFeedback *feedback)
{
  if (feedback == NULL)
    return;
  g_free (feedback->entry_id);
  g_free (feedback->department_uscc);
  g_free (feedback->kind);
  g_free (feedback->comment);
  g_free (feedback->author);
  g_clear_pointer (&feedback->at, g_date_time_unref);
  g_free (feedback);
}

static char *
row_id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static gboolean
entry_not_found (const char  *entry_id,
                 GError     **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
               /* Translators: %s is a catalogue entry id */
               _("There is no catalogue entry “%s”."), entry_id);
  return FALSE;
}

/* The row id and provider of a catalogue entry. */
static gboolean
entry_row (SdStorage   *self,
           const char  *entry_id,
           gint64      *row,
           char       **provider_uscc,
           GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT e.id, d.uscc FROM catalogue_entries AS e"
                           " JOIN departments AS d ON d.id = e.provider_id WHERE e.entry_id = ?",
                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return entry_not_found (entry_id, error);
  if (rc != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *row = sqlite3_column_int64 (stmt, 0);
  if (provider_uscc != NULL)
    *provider_uscc = _sd_storage_column_dup (stmt, 1);
  return TRUE;
}

/* The latest dataset version of an entry row, 0 when none. */
static gboolean
latest_version (SdStorage  *self,
                gint64      row,
                guint      *version,
                GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "SELECT coalesce(max(version), 0) FROM datasets WHERE entry_row = ?",
                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *version = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Datasets */

typedef struct {
  SdDataset *dataset;
  GPtrArray *rows;
} DatasetWrite;

static gboolean
insert_dataset_rows (SdStorage  *self,
                     gint64      dataset_id,
                     GPtrArray  *rows,
                     GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "INSERT INTO dataset_rows (dataset_id, row_no, json) VALUES (?, ?, ?)",
                           error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      sqlite3_bind_int64 (stmt, 2, i + 1);
      _sd_storage_bind_text (stmt, 3, rows->pdata[i]);
      if (!_sd_storage_step_done (self, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* A new version is news for every subscriber of the entry. */
static gboolean
notify_subscribers (SdStorage  *self,
                    gint64      row,
                    GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT s.id, d.uscc FROM subscriptions AS s"
                           " JOIN departments AS d ON d.id = s.consumer_id WHERE s.entry_row = ?",
                           error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, row_id_text (sqlite3_column_int64 (stmt, 0)));
      g_ptr_array_add (departments, _sd_storage_column_dup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    return _sd_storage_fail (self, error);
  /* Not while the SELECT runs on the same connection's cache. */
  g_clear_pointer (&stmt, _sd_storage_statement_release);
  for (guint i = 0; i < ids->len; i++)
    if (!_sd_storage_record_change (self, SUBSCRIPTION_OBJECT_TYPE, ids->pdata[i], FALSE,
                                    departments->pdata[i], NULL, FALSE, error))
      return FALSE;
  return TRUE;
}

static gboolean
add_dataset_cb (SdStorage  *self,
                gpointer    data,
                GError    **error)
{
  DatasetWrite *write = data;
  SdDataset *dataset = write->dataset;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *id_text = NULL;
  gint64 row = 0;
  guint version = 0;
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (dataset->csv, &size);

  if (!entry_row (self, dataset->entry_id, &row, &provider, error) ||
      !latest_version (self, row, &version, error))
    return FALSE;
  dataset->version = version + 1;
  g_free (dataset->sha256);
  dataset->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, dataset->csv);
  stmt = _sd_storage_statement (self,
                                "INSERT INTO datasets (entry_row, version, uploaded_by, uploaded_at,"
                                " row_count, sha256, csv) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, dataset->version);
  _sd_storage_bind_text (stmt, 3, dataset->uploaded_by);
  sqlite3_bind_int64 (stmt, 4, _sd_storage_usec (dataset->uploaded_at));
  sqlite3_bind_int64 (stmt, 5, write->rows->len);
  _sd_storage_bind_text (stmt, 6, dataset->sha256);
  sqlite3_bind_blob64 (stmt, 7, size > 0 ? bytes : "", size, SQLITE_TRANSIENT);
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  dataset->id = sqlite3_last_insert_rowid (self->db);
  dataset->row_count = write->rows->len;
  id_text = row_id_text (dataset->id);
  return insert_dataset_rows (self, dataset->id, write->rows, error) &&
         _sd_storage_record_change (self, DATASET_OBJECT_TYPE, id_text, FALSE, provider, NULL,
                                    FALSE, error) &&
         notify_subscribers (self, row, error);
}

gboolean
sd_storage_add_dataset (SdStorage   *self,
                        SdDataset   *dataset,
                        GPtrArray   *rows,
                        GError     **error)
{
  DatasetWrite write = { dataset, rows };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (dataset != NULL && dataset->entry_id != NULL, FALSE);
  g_return_val_if_fail (dataset->csv != NULL && dataset->uploaded_by != NULL, FALSE);
  g_return_val_if_fail (dataset->uploaded_at != NULL, FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_dataset_cb, &write, error);
}

/* Columns: id, version, uploaded_by, uploaded_at, row_count, sha256. */
static SdDataset *
dataset_from_row (sqlite3_stmt *stmt,
                  const char   *entry_id)
{
  SdDataset *dataset = g_new0 (SdDataset, 1);

  dataset->id = sqlite3_column_int64 (stmt, 0);
  dataset->entry_id = g_strdup (entry_id);
  dataset->version = (guint) sqlite3_column_int64 (stmt, 1);
  dataset->uploaded_by = _sd_storage_column_dup (stmt, 2);
  dataset->uploaded_at = _sd_storage_date_time (sqlite3_column_int64 (stmt, 3));
  dataset->row_count = (guint) sqlite3_column_int64 (stmt, 4);
  dataset->sha256 = _sd_storage_column_dup (stmt, 5);
  return dataset;
}

GPtrArray *
sd_storage_list_datasets (SdStorage   *self,
                          const char  *entry_id,
                          GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_dataset_free);
  gint64 row = 0;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!entry_row (self, entry_id, &row, NULL, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                "SELECT id, version, uploaded_by, uploaded_at, row_count, sha256"
                                " FROM datasets WHERE entry_row = ? ORDER BY version DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (datasets, dataset_from_row (stmt, entry_id));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&datasets);
}

static gboolean
dataset_not_found (const char  *entry_id,
                   guint        version,
                   GError     **error)
{
  if (version == 0)
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %s is a catalogue entry id */
                 _("No data has been uploaded for the catalogue entry “%s”."), entry_id);
  else
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %u is a dataset version, %s a catalogue entry id */
                 _("There is no version %u of the data of the catalogue entry “%s”."),
                 version, entry_id);
  return FALSE;
}

SdDataset *
sd_storage_get_dataset (SdStorage   *self,
                        const char  *entry_id,
                        guint        version,
                        GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(SdDataset) dataset = NULL;
  gint64 row = 0;
  guint wanted = version;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!entry_row (self, entry_id, &row, NULL, error))
    return NULL;
  if (wanted == 0 && !latest_version (self, row, &wanted, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                "SELECT id, version, uploaded_by, uploaded_at, row_count, sha256, csv"
                                " FROM datasets WHERE entry_row = ? AND version = ?",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, wanted);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      dataset_not_found (entry_id, version, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  dataset = dataset_from_row (stmt, entry_id);
  dataset->csv = g_bytes_new (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6));
  return g_steal_pointer (&dataset);
}

/* The id and version of the latest dataset of an entry. */
static gboolean
latest_dataset (SdStorage   *self,
                const char  *entry_id,
                gint64      *dataset_id,
                guint       *version,
                GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  gint64 row = 0;
  int rc;

  if (!entry_row (self, entry_id, &row, NULL, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "SELECT id, version FROM datasets WHERE entry_row = ?"
                                " ORDER BY version DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return dataset_not_found (entry_id, 0, error);
  if (rc != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *dataset_id = sqlite3_column_int64 (stmt, 0);
  *version = (guint) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* json_each() rather than json_extract() with a path: an item name may
 * hold any character, and a bound key needs no quoting in a path. */
#define MATCHING_ROWS \
  " FROM dataset_rows AS r WHERE r.dataset_id = ?1 AND EXISTS" \
  " (SELECT 1 FROM json_each (r.json) AS j WHERE j.key = ?2 AND j.value = ?3)"

static gboolean
count_matches (SdStorage   *self,
               gint64       dataset_id,
               const char  *item,
               const char  *value,
               guint       *total,
               GError     **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, "SELECT count(*)" MATCHING_ROWS, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  _sd_storage_bind_text (stmt, 2, item);
  _sd_storage_bind_text (stmt, 3, value);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *total = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
sd_storage_query_dataset (SdStorage   *self,
                          const char  *entry_id,
                          const char  *item,
                          const char  *value,
                          guint        offset,
                          guint        limit,
                          guint       *total,
                          guint       *version,
                          GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  gint64 dataset_id = 0;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL && item != NULL && value != NULL, NULL);
  g_return_val_if_fail (total != NULL && version != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!latest_dataset (self, entry_id, &dataset_id, version, error) ||
      !count_matches (self, dataset_id, item, value, total, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                "SELECT r.json" MATCHING_ROWS " ORDER BY r.row_no LIMIT ?4 OFFSET ?5",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  _sd_storage_bind_text (stmt, 2, item);
  _sd_storage_bind_text (stmt, 3, value);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 5, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, _sd_storage_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Data access */

gboolean
sd_storage_add_data_access (SdStorage   *self,
                            const char  *entry_id,
                            const char  *consumer_uscc,
                            const char  *kind,
                            const char  *actor,
                            GDateTime   *at,
                            GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  gint64 row = 0;
  gint64 consumer = 0;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (entry_id != NULL && consumer_uscc != NULL, FALSE);
  g_return_val_if_fail (kind != NULL && actor != NULL && at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  if (!entry_row (self, entry_id, &row, NULL, error) ||
      !_sd_storage_department_id (self, consumer_uscc, &consumer, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "INSERT INTO data_access (entry_row, consumer_id, kind, actor, at)"
                                " VALUES (?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, consumer);
  _sd_storage_bind_text (stmt, 3, kind);
  _sd_storage_bind_text (stmt, 4, actor);
  sqlite3_bind_int64 (stmt, 5, _sd_storage_usec (at));
  return _sd_storage_step_done (self, stmt, error);
}

gboolean
sd_storage_count_data_access (SdStorage   *self,
                              const char  *entry_id,
                              const char  *kind,
                              guint       *count,
                              GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  gint64 row = 0;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (entry_id != NULL && count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  if (!entry_row (self, entry_id, &row, NULL, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "SELECT count(*) FROM data_access WHERE entry_row = ?1"
                                " AND (?2 IS NULL OR kind = ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  _sd_storage_bind_text (stmt, 2, kind);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Subscriptions */

#define SUBSCRIPTION_COLUMNS \
  "SELECT s.id, e.entry_id, d.uscc, s.created_by, s.created_at," \
  " coalesce(s.last_notified_version, 0)," \
  " (SELECT coalesce(max(version), 0) FROM datasets WHERE entry_row = s.entry_row)" \
  " FROM subscriptions AS s JOIN catalogue_entries AS e ON e.id = s.entry_row" \
  " JOIN departments AS d ON d.id = s.consumer_id"

static SdSubscription *
subscription_from_row (sqlite3_stmt *stmt)
{
  SdSubscription *subscription = g_new0 (SdSubscription, 1);

  subscription->id = sqlite3_column_int64 (stmt, 0);
  subscription->entry_id = _sd_storage_column_dup (stmt, 1);
  subscription->consumer_uscc = _sd_storage_column_dup (stmt, 2);
  subscription->created_by = _sd_storage_column_dup (stmt, 3);
  subscription->created_at = _sd_storage_date_time (sqlite3_column_int64 (stmt, 4));
  subscription->last_notified_version = (guint) sqlite3_column_int64 (stmt, 5);
  subscription->latest_version = (guint) sqlite3_column_int64 (stmt, 6);
  return subscription;
}

static SdSubscription *
get_subscription (SdStorage  *self,
                  gint64      id,
                  GError    **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, SUBSCRIPTION_COLUMNS " WHERE s.id = ?",
                                                     error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return subscription_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %lld is a subscription's number */
                 _("There is no subscription %lld."), (long long) id);
  else
    _sd_storage_fail (self, error);
  return NULL;
}

static gboolean
record_subscription_change (SdStorage       *self,
                            SdSubscription  *subscription,
                            gboolean         deleted,
                            GError         **error)
{
  g_autofree char *id_text = row_id_text (subscription->id);

  return _sd_storage_record_change (self, SUBSCRIPTION_OBJECT_TYPE, id_text, FALSE,
                                    subscription->consumer_uscc, NULL, deleted, error);
}

static gboolean
add_subscription_cb (SdStorage  *self,
                     gpointer    data,
                     GError    **error)
{
  SdSubscription *subscription = data;
  g_autoptr(Statement) stmt = NULL;
  gint64 row = 0;
  gint64 consumer = 0;

  if (!entry_row (self, subscription->entry_id, &row, NULL, error) ||
      !_sd_storage_department_id (self, subscription->consumer_uscc, &consumer, error) ||
      !latest_version (self, row, &subscription->latest_version, error))
    return FALSE;
  if (subscription->created_at == NULL)
    subscription->created_at = _sd_storage_date_time (_sd_storage_usec_now ());
  stmt = _sd_storage_statement (self,
                                "INSERT INTO subscriptions (entry_row, consumer_id, created_by, created_at)"
                                " VALUES (?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, consumer);
  _sd_storage_bind_text (stmt, 3, subscription->created_by);
  sqlite3_bind_int64 (stmt, 4, _sd_storage_usec (subscription->created_at));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (!_sd_storage_is_unique_violation (self))
        return _sd_storage_fail (self, error);
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is a catalogue entry id */
                   _("Your department has already subscribed to the catalogue entry “%s”."),
                   subscription->entry_id);
      return FALSE;
    }
  subscription->id = sqlite3_last_insert_rowid (self->db);
  return record_subscription_change (self, subscription, FALSE, error);
}

gboolean
sd_storage_add_subscription (SdStorage       *self,
                             SdSubscription  *subscription,
                             GError         **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (subscription != NULL && subscription->entry_id != NULL, FALSE);
  g_return_val_if_fail (subscription->consumer_uscc != NULL && subscription->created_by != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_subscription_cb, subscription, error);
}

SdSubscription *
sd_storage_get_subscription (SdStorage  *self,
                             gint64      id,
                             GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  return get_subscription (self, id, error);
}

GPtrArray *
sd_storage_list_subscriptions (SdStorage   *self,
                               const char  *consumer_uscc,
                               guint        offset,
                               guint        limit,
                               guint       *total,
                               GError     **error)
{
  g_autoptr(Statement) count = NULL;
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) subscriptions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sd_subscription_free);
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (total != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  count = _sd_storage_statement (self,
                                 "SELECT count(*) FROM subscriptions AS s"
                                 " JOIN departments AS d ON d.id = s.consumer_id"
                                 " WHERE ?1 IS NULL OR d.uscc = ?1",
                                 error);
  if (count == NULL)
    return NULL;
  _sd_storage_bind_text (count, 1, consumer_uscc);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  *total = (guint) sqlite3_column_int64 (count, 0);

  stmt = _sd_storage_statement (self,
                                SUBSCRIPTION_COLUMNS " WHERE ?1 IS NULL OR d.uscc = ?1"
                                " ORDER BY s.id LIMIT ?2 OFFSET ?3",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, consumer_uscc);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (subscriptions, subscription_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&subscriptions);
}

typedef struct {
  gint64 id;
  guint  version;
} SeenWrite;

static gboolean
set_seen_cb (SdStorage  *self,
             gpointer    data,
             GError    **error)
{
  SeenWrite *write = data;
  g_autoptr(SdSubscription) subscription = get_subscription (self, write->id, error);
  g_autoptr(Statement) stmt = NULL;

  if (subscription == NULL)
    return FALSE;
  stmt = _sd_storage_statement (self, "UPDATE subscriptions SET last_notified_version = ? WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, write->version);
  sqlite3_bind_int64 (stmt, 2, write->id);
  return _sd_storage_step_done (self, stmt, error) &&
         record_subscription_change (self, subscription, FALSE, error);
}

gboolean
sd_storage_set_subscription_seen (SdStorage  *self,
                                  gint64      id,
                                  guint       version,
                                  GError    **error)
{
  SeenWrite write = { id, version };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, set_seen_cb, &write, error);
}

static gboolean
delete_subscription_cb (SdStorage  *self,
                        gpointer    data,
                        GError    **error)
{
  gint64 *id = data;
  g_autoptr(SdSubscription) subscription = get_subscription (self, *id, error);
  g_autoptr(Statement) stmt = NULL;

  if (subscription == NULL)
    return FALSE;
  stmt = _sd_storage_statement (self, "DELETE FROM subscriptions WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *id);
  return _sd_storage_step_done (self, stmt, error) &&
         record_subscription_change (self, subscription, TRUE, error);
}

gboolean
sd_storage_delete_subscription (SdStorage  *self,
                                gint64      id,
                                GError    **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, delete_subscription_cb, &id, error);
}

/* Feedback */

static gboolean
add_feedback_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  SdFeedback *feedback = data;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *id_text = NULL;
  gint64 row = 0;
  gint64 department = 0;

  if (!entry_row (self, feedback->entry_id, &row, &provider, error) ||
      !_sd_storage_department_id (self, feedback->department_uscc, &department, error))
    return FALSE;
  if (feedback->at == NULL)
    feedback->at = _sd_storage_date_time (_sd_storage_usec_now ());
  stmt = _sd_storage_statement (self,
                                "INSERT INTO feedback (entry_row, department_id, kind, rating, comment,"
                                " author, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, department);
  _sd_storage_bind_text (stmt, 3, feedback->kind);
  sqlite3_bind_int64 (stmt, 4, feedback->rating);
  _sd_storage_bind_text (stmt, 5, feedback->comment);
  _sd_storage_bind_text (stmt, 6, feedback->author);
  sqlite3_bind_int64 (stmt, 7, _sd_storage_usec (feedback->at));
  if (!_sd_storage_step_done (self, stmt, error))
    return FALSE;
  feedback->id = sqlite3_last_insert_rowid (self->db);
  id_text = row_id_text (feedback->id);
  /* The giving department and the entry's provider both see it. */
  return _sd_storage_record_change (self, FEEDBACK_OBJECT_TYPE, id_text, FALSE,
                                    feedback->department_uscc, provider, FALSE, error);
}

gboolean
sd_storage_add_feedback (SdStorage   *self,
                         SdFeedback  *feedback,
                         GError     **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (feedback != NULL && feedback->entry_id != NULL, FALSE);
  g_return_val_if_fail (feedback->department_uscc != NULL && feedback->kind != NULL, FALSE);
  g_return_val_if_fail (feedback->author != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_feedback_cb, feedback, error);
}

/* ?1 entry id or NULL, ?2 everything (1/0), ?3 the caller's department. */
#define FEEDBACK_FROM \
  " FROM feedback AS f JOIN catalogue_entries AS e ON e.id = f.entry_row" \
  " JOIN departments AS d ON d.id = f.department_id" \
  " JOIN departments AS p ON p.id = e.provider_id" \
  " WHERE (?1 IS NULL OR e.entry_id = ?1) AND (?2 = 1 OR d.uscc = ?3 OR p.uscc = ?3)"

static void
bind_feedback_query (sqlite3_stmt          *stmt,
                     const SdFeedbackQuery *query)
{
  _sd_storage_bind_text (stmt, 1, query->entry_id);
  sqlite3_bind_int (stmt, 2, query->everything ? 1 : 0);
  _sd_storage_bind_text (stmt, 3, query->department);
}

static gboolean
aggregate_feedback (SdStorage              *self,
                    const SdFeedbackQuery  *query,
                    SdFeedbackAggregate    *aggregates,
                    GError                **error)
{
  static const char * const kinds[] = { "needs-met", "data-quality", "effect" };
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT f.kind, count(*), coalesce(sum(f.rating), 0)" FEEDBACK_FROM
                           " GROUP BY f.kind",
                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    aggregates[i] = (SdFeedbackAggregate) { kinds[i], 0, 0 };
  bind_feedback_query (stmt, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), kinds[i]) == 0)
        {
          aggregates[i].count = (guint) sqlite3_column_int64 (stmt, 1);
          aggregates[i].rating_sum = (guint) sqlite3_column_int64 (stmt, 2);
        }
  return rc == SQLITE_DONE || _sd_storage_fail (self, error);
}

static SdFeedback *
feedback_from_row (sqlite3_stmt *stmt)
{
  SdFeedback *feedback = g_new0 (SdFeedback, 1);

  feedback->id = sqlite3_column_int64 (stmt, 0);
  feedback->entry_id = _sd_storage_column_dup (stmt, 1);
  feedback->department_uscc = _sd_storage_column_dup (stmt, 2);
  feedback->kind = _sd_storage_column_dup (stmt, 3);
  feedback->rating = (guint) sqlite3_column_int64 (stmt, 4);
  feedback->comment = _sd_storage_column_dup (stmt, 5);
  feedback->author = _sd_storage_column_dup (stmt, 6);
  feedback->at = _sd_storage_date_time (sqlite3_column_int64 (stmt, 7));
  return feedback;
}

GPtrArray *
sd_storage_list_feedback (SdStorage              *self,
                          const SdFeedbackQuery  *query,
                          guint                  *total,
                          SdFeedbackAggregate    *aggregates,
                          GError                **error)
{
  g_autoptr(Statement) count = NULL;
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_feedback_free);
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (query != NULL && total != NULL, NULL);
  g_return_val_if_fail (query->everything || query->department != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  count = _sd_storage_statement (self, "SELECT count(*)" FEEDBACK_FROM, error);
  if (count == NULL)
    return NULL;
  bind_feedback_query (count, query);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  *total = (guint) sqlite3_column_int64 (count, 0);
  if (aggregates != NULL && !aggregate_feedback (self, query, aggregates, error))
    return NULL;

  stmt = _sd_storage_statement (self,
                                "SELECT f.id, e.entry_id, d.uscc, f.kind, f.rating, f.comment,"
                                " f.author, f.at" FEEDBACK_FROM
                                " ORDER BY f.at DESC, f.id DESC LIMIT ?4 OFFSET ?5",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_feedback_query (stmt, query);
  sqlite3_bind_int64 (stmt, 4, query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, 5, query->offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, feedback_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
