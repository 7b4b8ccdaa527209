/* sd-storage-catalogue.c — catalogue entries, versions, full-text index
 * (see sd-storage-catalogue.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-storage-catalogue.h"
#include "sd-storage-private.h"

/* catalogue_search is an FTS5 table with the trigram tokenizer (SQLite
 * 3.34+): Chinese has no spaces between words, so a word tokenizer would
 * index whole phrases; trigrams match any substring of three characters
 * or more. Its rowid is the entry's row id. */
const char _sd_storage_schema_catalogue[] =
  "CREATE TABLE catalogue_entries ("
  "  id                  INTEGER PRIMARY KEY,"
  "  entry_id            TEXT NOT NULL UNIQUE,"
  "  provider_id         INTEGER NOT NULL REFERENCES departments (id),"
  "  classification_code TEXT,"
  "  resource_code       TEXT UNIQUE,"
  "  name                TEXT NOT NULL,"
  "  share_type          TEXT,"
  "  state               TEXT NOT NULL,"
  "  security_level      TEXT,"
  "  version             INTEGER NOT NULL CHECK (version >= 1),"
  "  json                TEXT NOT NULL,"
  "  created_at          INTEGER NOT NULL,"
  "  updated_at          INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX catalogue_by_provider ON catalogue_entries (provider_id, state);"
  "CREATE INDEX catalogue_by_state ON catalogue_entries (state, share_type);"
  "CREATE INDEX catalogue_by_classification ON catalogue_entries (classification_code);"
  "CREATE TABLE catalogue_versions ("
  "  entry_row INTEGER NOT NULL REFERENCES catalogue_entries (id) ON DELETE CASCADE,"
  "  version   INTEGER NOT NULL,"
  "  state     TEXT NOT NULL,"
  "  json      TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  at        INTEGER NOT NULL,"
  "  PRIMARY KEY (entry_row, version)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE catalogue_search USING fts5 ("
  "  name, abstract, items, provider, tokenize = 'trigram');";

#define ENTRY_OBJECT_TYPE "catalogue-entry"

void
sd_entry_version_free (SdEntryVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->actor);
  g_clear_pointer (&version->at, g_date_time_unref);
  g_free (version->state);
  g_free (version);
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

static gboolean
entry_is_public (SdCatalogueEntry *entry)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);

  return state == SD_ENTRY_STATE_PUBLISHED || state == SD_ENTRY_STATE_RETIRED;
}

static char *
items_text (SdCatalogueEntry *entry)
{
  GListModel *items = G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SdInformationItem) item = g_list_model_get_item (items, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                              sd_information_item_get_name (item));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
index_entry (SdStorage         *self,
             gint64             row,
             SdCatalogueEntry  *entry,
             GError           **error)
{
  g_autoptr(Statement) remove = NULL;
  g_autoptr(Statement) insert = NULL;
  g_autofree char *items = items_text (entry);

  remove = _sd_storage_statement (self, "DELETE FROM catalogue_search WHERE rowid = ?", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, row);
  if (!_sd_storage_step_done (self, remove, error))
    return FALSE;

  insert = _sd_storage_statement (self,
                                  "INSERT INTO catalogue_search (rowid, name, abstract, items, provider)"
                                  " VALUES (?, ?, ?, ?, ?)",
                                  error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, row);
  _sd_storage_bind_text (insert, 2, sd_catalogue_entry_get_name (entry));
  _sd_storage_bind_text (insert, 3, sd_catalogue_entry_get_abstract (entry));
  _sd_storage_bind_text (insert, 4, items);
  _sd_storage_bind_text (insert, 5, sd_catalogue_entry_get_provider_name (entry));
  return _sd_storage_step_done (self, insert, error);
}

static gboolean
add_version (SdStorage         *self,
             gint64             row,
             SdCatalogueEntry  *entry,
             const char        *json,
             const char        *actor,
             GError           **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "INSERT INTO catalogue_versions (entry_row, version, state, json, actor, at)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, sd_catalogue_entry_get_version (entry));
  _sd_storage_bind_text (stmt, 3, sd_entry_state_to_string (sd_catalogue_entry_get_state (entry)));
  _sd_storage_bind_text (stmt, 4, json);
  _sd_storage_bind_text (stmt, 5, actor);
  sqlite3_bind_int64 (stmt, 6, _sd_storage_usec_now ());
  return _sd_storage_step_done (self, stmt, error);
}

/* The version row, search index and change feed of a stored entry. */
static gboolean
entry_written (SdStorage         *self,
               gint64             row,
               SdCatalogueEntry  *entry,
               const char        *json,
               const char        *actor,
               GError           **error)
{
  return add_version (self, row, entry, json, actor, error) &&
         index_entry (self, row, entry, error) &&
         _sd_storage_record_change (self, ENTRY_OBJECT_TYPE, sd_catalogue_entry_get_id (entry),
                                    entry_is_public (entry),
                                    sd_catalogue_entry_get_provider_uscc (entry), NULL,
                                    FALSE, error);
}

static gboolean
unique_conflict (SdCatalogueEntry  *entry,
                 GError           **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
               /* Translators: the first %s is an entry id, the second a resource code */
               _("Another catalogue entry already has the id “%s” or the resource code “%s”."),
               sd_catalogue_entry_get_id (entry),
               sd_catalogue_entry_get_resource_code (entry));
  return FALSE;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static void
bind_entry_columns (sqlite3_stmt     *stmt,
                    SdCatalogueEntry *entry,
                    const char       *json)
{
  _sd_storage_bind_text (stmt, 1, nonempty (sd_catalogue_entry_get_classification_code (entry)));
  _sd_storage_bind_text (stmt, 2, nonempty (sd_catalogue_entry_get_resource_code (entry)));
  _sd_storage_bind_text (stmt, 3, sd_catalogue_entry_get_name (entry) != NULL ?
                                  sd_catalogue_entry_get_name (entry) : "");
  _sd_storage_bind_text (stmt, 4, nonempty (sd_catalogue_entry_get_share_type (entry)));
  _sd_storage_bind_text (stmt, 5, sd_entry_state_to_string (sd_catalogue_entry_get_state (entry)));
  _sd_storage_bind_text (stmt, 6, nonempty (sd_catalogue_entry_get_security_level (entry)));
  sqlite3_bind_int64 (stmt, 7, sd_catalogue_entry_get_version (entry));
  _sd_storage_bind_text (stmt, 8, json);
  sqlite3_bind_int64 (stmt, 9, _sd_storage_usec_now ());
}

typedef struct {
  SdCatalogueEntry *entry;
  const char       *actor;
  guint             expected_version;
} EntryWrite;

/* Gives @entry the id made of its row id, and stores the JSON with it. */
static gboolean
assign_entry_id (SdStorage         *self,
                 gint64             row,
                 SdCatalogueEntry  *entry,
                 char             **json,
                 GError           **error)
{
  g_autofree char *entry_id = g_strdup_printf ("entry-%06" G_GINT64_FORMAT, row);
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "UPDATE catalogue_entries SET entry_id = ?, json = ? WHERE id = ?",
                           error);

  if (stmt == NULL)
    return FALSE;
  sd_catalogue_entry_set_id (entry, entry_id);
  g_free (*json);
  *json = sd_catalogue_entry_to_data (entry, FALSE);
  _sd_storage_bind_text (stmt, 1, entry_id);
  _sd_storage_bind_text (stmt, 2, *json);
  sqlite3_bind_int64 (stmt, 3, row);
  return _sd_storage_step_done (self, stmt, error);
}

static gboolean
add_entry_cb (SdStorage  *self,
              gpointer    data,
              GError    **error)
{
  EntryWrite *write = data;
  SdCatalogueEntry *entry = write->entry;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *json = NULL;
  g_autofree char *placeholder_id = g_uuid_string_random ();
  const char *entry_id = nonempty (sd_catalogue_entry_get_id (entry));
  gint64 provider = 0;
  gint64 row;

  if (!_sd_storage_department_id (self, sd_catalogue_entry_get_provider_uscc (entry),
                                  &provider, error))
    return FALSE;

  sd_catalogue_entry_set_version (entry, 1);
  stmt = _sd_storage_statement (self,
                                "INSERT INTO catalogue_entries (classification_code, resource_code,"
                                " name, share_type, state, security_level, version, json, updated_at,"
                                " entry_id, provider_id, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?9)",
                                error);
  if (stmt == NULL)
    return FALSE;
  json = sd_catalogue_entry_to_data (entry, FALSE);
  bind_entry_columns (stmt, entry, json);
  /* Without an id of its own, the entry gets one from its row id. */
  _sd_storage_bind_text (stmt, 10, entry_id != NULL ? entry_id : placeholder_id);
  sqlite3_bind_int64 (stmt, 11, provider);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _sd_storage_is_unique_violation (self) ? unique_conflict (entry, error)
                                                  : _sd_storage_fail (self, error);
  row = sqlite3_last_insert_rowid (self->db);

  if (entry_id == NULL && !assign_entry_id (self, row, entry, &json, error))
    return FALSE;
  return entry_written (self, row, entry, json, write->actor, error);
}

gboolean
sd_storage_add_entry (SdStorage         *self,
                      SdCatalogueEntry  *entry,
                      const char        *actor,
                      GError           **error)
{
  EntryWrite write = { entry, actor, 0 };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), FALSE);
  g_return_val_if_fail (sd_catalogue_entry_get_provider_uscc (entry) != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, add_entry_cb, &write, error);
}

/* The row id, version and provider of a stored entry. */
static gboolean
entry_row (SdStorage   *self,
           const char  *entry_id,
           gint64      *row,
           guint       *version,
           char       **provider_uscc,
           GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT e.id, e.version, d.uscc FROM catalogue_entries AS e"
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
  *version = (guint) sqlite3_column_int64 (stmt, 1);
  *provider_uscc = _sd_storage_column_dup (stmt, 2);
  return TRUE;
}

static SdCatalogueEntry *
entry_from_json_column (SdStorage     *self,
                        sqlite3_stmt  *stmt,
                        int            column,
                        GError       **error)
{
  const char *json = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GError) local_error = NULL;
  SdCatalogueEntry *entry = sd_catalogue_entry_new_from_data (json, -1, &local_error);

  /* Only this module writes the column: a parse failure is corruption. */
  if (entry == NULL)
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_FAILED,
                 /* Translators: %s says what is wrong with the stored data */
                 _("A stored catalogue entry is damaged: %s"), local_error->message);
  return entry;
}

SdCatalogueEntry *
sd_storage_get_entry (SdStorage   *self,
                      const char  *entry_id,
                      GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self, "SELECT json FROM catalogue_entries WHERE entry_id = ?", error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return entry_from_json_column (self, stmt, 0, error);
  if (rc == SQLITE_DONE)
    entry_not_found (entry_id, error);
  else
    _sd_storage_fail (self, error);
  return NULL;
}

static gboolean
stale_entry (SdCatalogueEntry  *entry,
             guint              stored,
             guint              expected,
             GError           **error)
{
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_STALE,
               /* Translators: %s is an entry id, the %u are version numbers */
               _("The catalogue entry “%s” has changed: it is at version %u, not %u. Reload it and apply your changes again."),
               sd_catalogue_entry_get_id (entry), stored, expected);
  return FALSE;
}

static gboolean
update_entry_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  EntryWrite *write = data;
  SdCatalogueEntry *entry = write->entry;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *json = NULL;
  gint64 row = 0;
  guint stored = 0;

  if (!entry_row (self, sd_catalogue_entry_get_id (entry), &row, &stored, &provider, error))
    return FALSE;
  if (stored != write->expected_version)
    return stale_entry (entry, stored, write->expected_version, error);
  if (g_strcmp0 (provider, sd_catalogue_entry_get_provider_uscc (entry)) != 0)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is an entry id */
                   _("The provider department of the catalogue entry “%s” cannot be changed."),
                   sd_catalogue_entry_get_id (entry));
      return FALSE;
    }

  sd_catalogue_entry_set_version (entry, stored + 1);
  json = sd_catalogue_entry_to_data (entry, FALSE);
  stmt = _sd_storage_statement (self,
                                "UPDATE catalogue_entries SET classification_code = ?1,"
                                " resource_code = ?2, name = ?3, share_type = ?4, state = ?5,"
                                " security_level = ?6, version = ?7, json = ?8, updated_at = ?9"
                                " WHERE id = ?10",
                                error);
  if (stmt == NULL)
    return FALSE;
  bind_entry_columns (stmt, entry, json);
  sqlite3_bind_int64 (stmt, 10, row);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _sd_storage_is_unique_violation (self) ? unique_conflict (entry, error)
                                                  : _sd_storage_fail (self, error);
  return entry_written (self, row, entry, json, write->actor, error);
}

gboolean
sd_storage_update_entry (SdStorage         *self,
                         SdCatalogueEntry  *entry,
                         guint              expected_version,
                         const char        *actor,
                         GError           **error)
{
  EntryWrite write = { entry, actor, expected_version };
  guint version;
  gboolean ok;

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), FALSE);
  g_return_val_if_fail (sd_catalogue_entry_get_id (entry) != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  version = sd_catalogue_entry_get_version (entry);
  ok = _sd_storage_write (self, update_entry_cb, &write, error);
  /* A refused update leaves the caller's entry as it was. */
  if (!ok)
    sd_catalogue_entry_set_version (entry, version);
  return ok;
}

SdCatalogueEntry *
sd_storage_get_entry_version (SdStorage   *self,
                              const char  *entry_id,
                              guint        version,
                              GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT v.json FROM catalogue_versions AS v"
                                " JOIN catalogue_entries AS e ON e.id = v.entry_row"
                                " WHERE e.entry_id = ? AND v.version = ?",
                                error);
  if (stmt == NULL)
    return NULL;
  _sd_storage_bind_text (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return entry_from_json_column (self, stmt, 0, error);
  if (rc != SQLITE_DONE)
    _sd_storage_fail (self, error);
  else
    g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: %s is an entry id, %u a version number */
                 _("The catalogue entry “%s” has no version %u."), entry_id, version);
  return NULL;
}

static SdEntryVersion *
version_from_row (sqlite3_stmt *row)
{
  SdEntryVersion *version = g_new0 (SdEntryVersion, 1);

  version->version = (guint) sqlite3_column_int64 (row, 0);
  version->state = _sd_storage_column_dup (row, 1);
  version->actor = _sd_storage_column_dup (row, 2);
  version->at = _sd_storage_date_time (sqlite3_column_int64 (row, 3));
  return version;
}

GPtrArray *
sd_storage_list_entry_versions (SdStorage   *self,
                                const char  *entry_id,
                                GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *provider = NULL;
  gint64 row = 0;
  guint latest = 0;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!entry_row (self, entry_id, &row, &latest, &provider, error))
    return NULL;
  stmt = _sd_storage_statement (self,
                                "SELECT version, state, actor, at FROM catalogue_versions"
                                " WHERE entry_row = ? ORDER BY version",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row);
  versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_entry_version_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (versions, version_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&versions);
}
