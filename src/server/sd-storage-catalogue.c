/* sd-storage-catalogue.c — catalogue entries, versions, full-text index
 * (see sd-storage-catalogue.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-identifiers.h"
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
  /* Pages in the list's order without sorting the catalogue, and with
   * every filter column in the index: the rows a page skips are never
   * read from the table (docs/performance.md). */
  "CREATE INDEX catalogue_by_updated ON catalogue_entries (updated_at, id, state, provider_id,"
  "  share_type, security_level, classification_code);"
  /* How many entries there are per combination of the list's filters,
   * kept by triggers: a list's total is a sum over a few hundred rows
   * instead of a count over the whole catalogue. NULL is stored as '' so
   * that the unique key works (NULLs are distinct in a UNIQUE index). */
  "CREATE TABLE catalogue_counts ("
  "  category       TEXT NOT NULL,"
  "  provider_id    INTEGER NOT NULL,"
  "  share_type     TEXT NOT NULL,"
  "  state          TEXT NOT NULL,"
  "  security_level TEXT NOT NULL,"
  "  n              INTEGER NOT NULL CHECK (n >= 0),"
  "  PRIMARY KEY (category, provider_id, share_type, state, security_level)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TRIGGER catalogue_counts_insert AFTER INSERT ON catalogue_entries BEGIN"
  "  INSERT INTO catalogue_counts VALUES (coalesce (substr (new.classification_code, 1, 1), ''),"
  "    new.provider_id, coalesce (new.share_type, ''), new.state,"
  "    coalesce (new.security_level, ''), 1)"
  "  ON CONFLICT DO UPDATE SET n = n + 1;"
  "END;"
  "CREATE TRIGGER catalogue_counts_delete AFTER DELETE ON catalogue_entries BEGIN"
  "  UPDATE catalogue_counts SET n = n - 1"
  "  WHERE category = coalesce (substr (old.classification_code, 1, 1), '')"
  "    AND provider_id = old.provider_id AND share_type = coalesce (old.share_type, '')"
  "    AND state = old.state AND security_level = coalesce (old.security_level, '');"
  "END;"
  "CREATE TRIGGER catalogue_counts_update AFTER UPDATE OF classification_code, provider_id,"
  "  share_type, state, security_level ON catalogue_entries BEGIN"
  "  UPDATE catalogue_counts SET n = n - 1"
  "  WHERE category = coalesce (substr (old.classification_code, 1, 1), '')"
  "    AND provider_id = old.provider_id AND share_type = coalesce (old.share_type, '')"
  "    AND state = old.state AND security_level = coalesce (old.security_level, '');"
  "  INSERT INTO catalogue_counts VALUES (coalesce (substr (new.classification_code, 1, 1), ''),"
  "    new.provider_id, coalesce (new.share_type, ''), new.state,"
  "    coalesce (new.security_level, ''), 1)"
  "  ON CONFLICT DO UPDATE SET n = n + 1;"
  "END;"
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
  "  name, abstract, items, provider, tokenize = 'trigram');"
  /* The last resource code sequence number given out per classification
   * code: numbers are never reused, even when an entry is deleted. */
  "CREATE TABLE resource_code_counters ("
  "  classification_code TEXT PRIMARY KEY,"
  "  last                INTEGER NOT NULL CHECK (last >= 1)"
  ") STRICT, WITHOUT ROWID;"
  /* Change registrations (cases) whose new version of the entry has been
   * stored: each effective registration allows one edit of a published
   * entry. No REFERENCES: the cases table comes in a later step. */
  "CREATE TABLE catalogue_applied_changes ("
  "  case_id   INTEGER PRIMARY KEY,"
  "  entry_row INTEGER NOT NULL REFERENCES catalogue_entries (id),"
  "  version   INTEGER NOT NULL,"
  "  at        INTEGER NOT NULL"
  ") STRICT;";

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

/* Lists */

void
sd_entry_summary_free (SdEntrySummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->entry_id);
  g_free (summary->name);
  g_free (summary->provider_name);
  g_free (summary->provider_uscc);
  g_free (summary->classification_code);
  g_free (summary->resource_code);
  g_free (summary->share_type);
  g_free (summary->state);
  g_free (summary->security_level);
  g_clear_pointer (&summary->updated_at, g_date_time_unref);
  g_free (summary);
}

/* The columns of a summary, the filters (?1–?7) and the order each list
 * shape shares. Drafts and submitted entries are seen by their provider
 * department (?7) and platform staff (?6). */
#define SUMMARY_COLUMNS \
  "SELECT e.entry_id, e.name, d.name, d.uscc, e.classification_code, e.resource_code," \
  " e.share_type, e.state, e.security_level, e.version, e.updated_at"
#define SUMMARY_FILTERS \
  " (?1 IS NULL OR substr (e.classification_code, 1, 1) = ?1)" \
  " AND (?2 IS NULL OR d.uscc = ?2)" \
  " AND (?3 IS NULL OR e.share_type = ?3)" \
  " AND (?4 IS NULL OR e.state = ?4)" \
  " AND (?5 IS NULL OR e.security_level = ?5)" \
  " AND (e.state IN ('published', 'retired') OR ?6 = 1 OR d.uscc = ?7)"
#define FROM_ENTRIES \
  " FROM catalogue_entries AS e JOIN departments AS d ON d.id = e.provider_id"
#define FROM_SEARCH \
  " FROM catalogue_search JOIN catalogue_entries AS e ON e.id = catalogue_search.rowid" \
  " JOIN departments AS d ON d.id = e.provider_id"
#define LIKE_TEXT \
  " (catalogue_search.name LIKE ?8 ESCAPE '\\' OR catalogue_search.abstract LIKE ?8 ESCAPE '\\'" \
  " OR catalogue_search.items LIKE ?8 ESCAPE '\\' OR catalogue_search.provider LIKE ?8 ESCAPE '\\')"

/* One constant statement per shape: without a text, with a text long
 * enough for the trigram index (ranked by bm25), and with a text of one
 * or two characters, which trigrams cannot match: LIKE over the same
 * columns finds it by a scan. */
static const char list_all_sql[] =
  SUMMARY_COLUMNS FROM_ENTRIES " WHERE" SUMMARY_FILTERS
  " ORDER BY e.updated_at DESC, e.id DESC LIMIT ?9 OFFSET ?10";
/* The same filters over catalogue_counts ('' stands for NULL there). */
static const char count_all_sql[] =
  "SELECT coalesce (sum (c.n), 0) FROM catalogue_counts AS c"
  " JOIN departments AS d ON d.id = c.provider_id WHERE"
  " (?1 IS NULL OR c.category = ?1)"
  " AND (?2 IS NULL OR d.uscc = ?2)"
  " AND (?3 IS NULL OR c.share_type = ?3)"
  " AND (?4 IS NULL OR c.state = ?4)"
  " AND (?5 IS NULL OR c.security_level = ?5)"
  " AND (c.state IN ('published', 'retired') OR ?6 = 1 OR d.uscc = ?7)";
static const char list_match_sql[] =
  SUMMARY_COLUMNS FROM_SEARCH " WHERE catalogue_search MATCH ?8 AND" SUMMARY_FILTERS
  " ORDER BY bm25 (catalogue_search), e.id LIMIT ?9 OFFSET ?10";
static const char count_match_sql[] =
  "SELECT count(*)" FROM_SEARCH " WHERE catalogue_search MATCH ?8 AND" SUMMARY_FILTERS;
static const char list_like_sql[] =
  SUMMARY_COLUMNS FROM_SEARCH " WHERE" LIKE_TEXT " AND" SUMMARY_FILTERS
  " ORDER BY e.updated_at DESC, e.id DESC LIMIT ?9 OFFSET ?10";
static const char count_like_sql[] =
  "SELECT count(*)" FROM_SEARCH " WHERE" LIKE_TEXT " AND" SUMMARY_FILTERS;

/* The text as one FTS5 phrase: whatever the user typed (quotes, AND,
 * NEAR, *, ^) is only ever characters to find. */
static char *
fts_phrase (const char *text)
{
  g_autoptr(GString) phrase = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

/* "%text%" with LIKE's wildcards and the escape character escaped. */
static char *
like_pattern (const char *text)
{
  g_autoptr(GString) pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

typedef enum {
  SHAPE_ALL,
  SHAPE_MATCH,
  SHAPE_LIKE,
} ListShape;

static ListShape
list_shape (const SdEntryQuery *query)
{
  if (query->text == NULL || *query->text == '\0')
    return SHAPE_ALL;
  /* The trigram tokenizer matches nothing shorter than three characters. */
  return g_utf8_strlen (query->text, -1) >= 3 ? SHAPE_MATCH : SHAPE_LIKE;
}

static void
bind_query (sqlite3_stmt       *stmt,
            const SdEntryQuery *query,
            ListShape           shape,
            const char         *text)
{
  _sd_storage_bind_text (stmt, 1, nonempty (query->category));
  _sd_storage_bind_text (stmt, 2, nonempty (query->provider));
  _sd_storage_bind_text (stmt, 3, nonempty (query->share_type));
  _sd_storage_bind_text (stmt, 4, nonempty (query->state));
  _sd_storage_bind_text (stmt, 5, nonempty (query->security_level));
  sqlite3_bind_int (stmt, 6, query->all_departments ? 1 : 0);
  _sd_storage_bind_text (stmt, 7, query->department);
  if (shape != SHAPE_ALL)
    _sd_storage_bind_text (stmt, 8, text);
}

static SdEntrySummary *
summary_from_row (sqlite3_stmt *row)
{
  SdEntrySummary *summary = g_new0 (SdEntrySummary, 1);

  summary->entry_id = _sd_storage_column_dup (row, 0);
  summary->name = _sd_storage_column_dup (row, 1);
  summary->provider_name = _sd_storage_column_dup (row, 2);
  summary->provider_uscc = _sd_storage_column_dup (row, 3);
  summary->classification_code = _sd_storage_column_dup (row, 4);
  summary->resource_code = _sd_storage_column_dup (row, 5);
  summary->share_type = _sd_storage_column_dup (row, 6);
  summary->state = _sd_storage_column_dup (row, 7);
  summary->security_level = _sd_storage_column_dup (row, 8);
  summary->version = (guint) sqlite3_column_int64 (row, 9);
  summary->updated_at = _sd_storage_date_time (sqlite3_column_int64 (row, 10));
  return summary;
}

static gboolean
count_entries (SdStorage           *self,
               const SdEntryQuery  *query,
               ListShape            shape,
               const char          *text,
               guint               *total,
               GError             **error)
{
  static const char * const sql[] = { count_all_sql, count_match_sql, count_like_sql };
  g_autoptr(Statement) stmt = _sd_storage_statement (self, sql[shape], error);

  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, query, shape, text);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *total = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static char *
query_text (const SdEntryQuery *query,
            ListShape           shape)
{
  switch (shape)
    {
    case SHAPE_MATCH:
      return fts_phrase (query->text);
    case SHAPE_LIKE:
      return like_pattern (query->text);
    case SHAPE_ALL:
    default:
      return NULL;
    }
}

GPtrArray *
sd_storage_list_entries (SdStorage           *self,
                         const SdEntryQuery  *query,
                         guint               *total,
                         GError             **error)
{
  static const char * const sql[] = { list_all_sql, list_match_sql, list_like_sql };
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autofree char *text = NULL;
  ListShape shape;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  shape = list_shape (query);
  text = query_text (query, shape);
  stmt = _sd_storage_statement (self, sql[shape], error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, shape, text);
  sqlite3_bind_int64 (stmt, 9, query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, 10, query->offset);
  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_entry_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (summaries, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sd_storage_fail (self, error);
      return NULL;
    }
  if (total != NULL && !count_entries (self, query, shape, text, total, error))
    return NULL;
  return g_steal_pointer (&summaries);
}

/* Deletion of drafts */

static gboolean
was_published (SdStorage  *self,
               gint64      row,
               gboolean   *published,
               GError    **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "SELECT count(*) FROM catalogue_versions"
                           " WHERE entry_row = ? AND state IN ('published', 'retired')",
                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *published = sqlite3_column_int64 (stmt, 0) > 0;
  return TRUE;
}

static gboolean
delete_rows (SdStorage  *self,
             gint64      row,
             GError    **error)
{
  g_autoptr(Statement) search = NULL;
  g_autoptr(Statement) entry = NULL;

  search = _sd_storage_statement (self, "DELETE FROM catalogue_search WHERE rowid = ?", error);
  if (search == NULL)
    return FALSE;
  sqlite3_bind_int64 (search, 1, row);
  if (!_sd_storage_step_done (self, search, error))
    return FALSE;
  /* The versions go with it (ON DELETE CASCADE). */
  entry = _sd_storage_statement (self, "DELETE FROM catalogue_entries WHERE id = ?", error);
  if (entry == NULL)
    return FALSE;
  sqlite3_bind_int64 (entry, 1, row);
  return _sd_storage_step_done (self, entry, error);
}

static gboolean
delete_entry_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  const char *entry_id = data;
  g_autofree char *provider = NULL;
  gboolean published = FALSE;
  gint64 row = 0;
  guint version = 0;

  if (!entry_row (self, entry_id, &row, &version, &provider, error) ||
      !was_published (self, row, &published, error))
    return FALSE;
  if (published)
    {
      g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                   /* Translators: %s is an entry id */
                   _("The catalogue entry “%s” has been published: it can be retired, not deleted."),
                   entry_id);
      return FALSE;
    }
  return delete_rows (self, row, error) &&
         _sd_storage_record_change (self, ENTRY_OBJECT_TYPE, entry_id, FALSE, provider, NULL,
                                    TRUE, error);
}

gboolean
sd_storage_delete_entry (SdStorage   *self,
                         const char  *entry_id,
                         GError     **error)
{
  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (entry_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, delete_entry_cb, (gpointer) entry_id, error);
}

/* Resource codes */

typedef struct {
  const char *classification;
  char       *code;
} CodeAllocation;

static gboolean
next_sequence (SdStorage   *self,
               const char  *classification,
               gint64      *sequence,
               GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self,
                           "INSERT INTO resource_code_counters (classification_code, last)"
                           " VALUES (?1, 1) ON CONFLICT (classification_code)"
                           " DO UPDATE SET last = last + 1 RETURNING last",
                           error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, classification);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *sequence = sqlite3_column_int64 (stmt, 0);
  /* RETURNING reports the row before the statement is done: finish it. */
  return _sd_storage_step_done (self, stmt, error);
}

static gboolean
resource_code_used (SdStorage   *self,
                    const char  *code,
                    gboolean    *used,
                    GError     **error)
{
  g_autoptr(Statement) stmt =
    _sd_storage_statement (self, "SELECT count(*) FROM catalogue_entries WHERE resource_code = ?",
                           error);

  if (stmt == NULL)
    return FALSE;
  _sd_storage_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _sd_storage_fail (self, error);
  *used = sqlite3_column_int64 (stmt, 0) > 0;
  return TRUE;
}

static gboolean
allocate_code_cb (SdStorage  *self,
                  gpointer    data,
                  GError    **error)
{
  CodeAllocation *allocation = data;
  gboolean used = TRUE;

  /* A code a provider typed in by hand may already be taken: skip it. */
  while (used)
    {
      gint64 sequence = 0;

      if (!next_sequence (self, allocation->classification, &sequence, error))
        return FALSE;
      g_clear_pointer (&allocation->code, g_free);
      allocation->code = sequence <= 999999 ?
        sd_identifier_resource_code_build (allocation->classification, (guint) sequence) : NULL;
      if (allocation->code == NULL)
        {
          g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
                       /* Translators: %s is a classification code */
                       _("Every resource code of the classification “%s” has been given out."),
                       allocation->classification);
          return FALSE;
        }
      if (!resource_code_used (self, allocation->code, &used, error))
        return FALSE;
    }
  return TRUE;
}

char *
sd_storage_allocate_resource_code (SdStorage   *self,
                                   const char  *classification_code,
                                   GError     **error)
{
  CodeAllocation allocation = { classification_code, NULL };

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (classification_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (!_sd_storage_write (self, allocate_code_cb, &allocation, error))
    {
      g_free (allocation.code);
      return NULL;
    }
  return allocation.code;
}

/* Applied change registrations */

typedef struct {
  gint64      case_id;
  const char *entry_id;
  guint       version;
} AppliedChange;

static gboolean
mark_applied_cb (SdStorage  *self,
                 gpointer    data,
                 GError    **error)
{
  AppliedChange *applied = data;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *provider = NULL;
  gint64 row = 0;
  guint latest = 0;

  if (!entry_row (self, applied->entry_id, &row, &latest, &provider, error))
    return FALSE;
  stmt = _sd_storage_statement (self,
                                "INSERT INTO catalogue_applied_changes (case_id, entry_row, version, at)"
                                " VALUES (?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, applied->case_id);
  sqlite3_bind_int64 (stmt, 2, row);
  sqlite3_bind_int64 (stmt, 3, applied->version);
  sqlite3_bind_int64 (stmt, 4, _sd_storage_usec_now ());
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  if (!_sd_storage_is_unique_violation (self))
    return _sd_storage_fail (self, error);
  case_number = g_strdup_printf ("%" G_GINT64_FORMAT, applied->case_id);
  g_set_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT,
               /* Translators: %s is a case number */
               _("The change registration %s has been applied already."), case_number);
  return FALSE;
}

gboolean
sd_storage_mark_change_applied (SdStorage   *self,
                                gint64       case_id,
                                const char  *entry_id,
                                guint        version,
                                GError     **error)
{
  AppliedChange applied = { case_id, entry_id, version };

  g_return_val_if_fail (SD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (entry_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SD_STORAGE_LOCK (self);
  return _sd_storage_write (self, mark_applied_cb, &applied, error);
}

guint
sd_storage_get_change_applied (SdStorage   *self,
                               gint64       case_id,
                               GError     **error)
{
  g_autoptr(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (SD_IS_STORAGE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  SD_STORAGE_LOCK (self);
  stmt = _sd_storage_statement (self,
                                "SELECT version FROM catalogue_applied_changes WHERE case_id = ?",
                                error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return (guint) sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    _sd_storage_fail (self, error);
  return 0;
}
