/* sd-storage-catalogue.h — catalogue entries (政务信息资源目录), their
 * versions and the full-text index.
 *
 * An entry is stored whole, as the JSON of SdCatalogueEntry, with the
 * columns the platform filters and sorts on beside it. Every stored change
 * makes a new version (1, 2, …), kept for the version list and the
 * field-level diff; the version is also the entry's ETag, so an update
 * names the version it started from and a stale one is refused
 * (SD_STORAGE_ERROR_STALE, 412).
 *
 * Drafts and submitted entries are seen by their provider department and
 * platform staff; published and retired entries by everyone.
 */
#pragma once

#include "sd-catalogue-entry.h"
#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  guint      version;
  char      *actor;           /* username */
  GDateTime *at;
  char      *state;           /* the entry's state in that version */
} SdEntryVersion;

void sd_entry_version_free (SdEntryVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdEntryVersion, sd_entry_version_free)

/* Stores a new entry as version 1. Its provider USCC must name a
 * department (NOT_FOUND otherwise). When the entry has no id, the storage
 * gives it one ("entry-000123") and sets it on @entry; an id already taken
 * is CONFLICT, as is a resource code already used by another entry. */
gboolean          sd_storage_add_entry           (SdStorage         *self,
                                                  SdCatalogueEntry  *entry,
                                                  const char        *actor,
                                                  GError           **error);
/* NOT_FOUND naming the id when there is none. */
SdCatalogueEntry *sd_storage_get_entry           (SdStorage         *self,
                                                  const char        *entry_id,
                                                  GError           **error);
/* Stores @entry (same id) as the next version, when the stored version is
 * still @expected_version (else STALE naming both). Sets @entry's version.
 * The provider department cannot change (CONFLICT). */
gboolean          sd_storage_update_entry        (SdStorage         *self,
                                                  SdCatalogueEntry  *entry,
                                                  guint              expected_version,
                                                  const char        *actor,
                                                  GError           **error);
/* One stored version, NOT_FOUND when the entry or version does not exist. */
SdCatalogueEntry *sd_storage_get_entry_version   (SdStorage         *self,
                                                  const char        *entry_id,
                                                  guint              version,
                                                  GError           **error);
/* Of SdEntryVersion, oldest first; NOT_FOUND for an unknown entry. */
GPtrArray        *sd_storage_list_entry_versions (SdStorage         *self,
                                                  const char        *entry_id,
                                                  GError           **error);

/* A list row: what GET /api/v1/catalogue shows of an entry. */
typedef struct {
  char      *entry_id;
  char      *name;
  char      *provider_name;        /* the department's name */
  char      *provider_uscc;
  char      *classification_code;  /* NULL when empty */
  char      *resource_code;
  char      *share_type;
  char      *state;
  char      *security_level;
  guint      version;
  GDateTime *updated_at;
} SdEntrySummary;

void sd_entry_summary_free (SdEntrySummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdEntrySummary, sd_entry_summary_free)

/* Filters of sd_storage_list_entries(); NULL (or "") for "any". */
typedef struct {
  const char *category;         /* first digit of the classification code: "1", "2", "3" */
  const char *provider;         /* USCC */
  const char *share_type;
  const char *state;
  const char *security_level;
  const char *text;             /* full-text search over name, abstract, item names, provider */
  /* Who looks: drafts and submitted entries are listed only for their
   * provider @department, or every department's when @all_departments. */
  const char *department;
  gboolean    all_departments;
  guint       offset;
  guint       limit;            /* 0: no limit */
} SdEntryQuery;

/* Of SdEntrySummary: ranked by relevance (bm25) when @query has a text of
 * three characters or more, else newest change first. *@total (may be
 * NULL) counts every match, ignoring offset and limit. The text is only
 * ever a phrase to find, never FTS5 syntax; a text of one or two
 * characters, which the trigram index cannot match, is found by LIKE. */
GPtrArray        *sd_storage_list_entries        (SdStorage          *self,
                                                  const SdEntryQuery *query,
                                                  guint              *total,
                                                  GError            **error);
/* Deletes an entry that has never been published (CONFLICT otherwise)
 * with its versions, and leaves a tombstone in the change feed. */
gboolean          sd_storage_delete_entry        (SdStorage         *self,
                                                  const char        *entry_id,
                                                  GError           **error);
/* The next resource code of @classification_code ("1050201/000013"): a
 * per-classification counter, in one transaction, never reusing a number
 * and skipping codes an entry already has. CONFLICT when the six-digit
 * sequence is exhausted. The caller validates the classification code. */
char             *sd_storage_allocate_resource_code (SdStorage      *self,
                                                     const char     *classification_code,
                                                     GError        **error);
/* A change registration (case @case_id) whose change has been stored as
 * @version of @entry_id: each effective registration allows one edit of
 * the published entry. CONFLICT when marked already. */
gboolean          sd_storage_mark_change_applied (SdStorage         *self,
                                                  gint64             case_id,
                                                  const char        *entry_id,
                                                  guint              version,
                                                  GError           **error);
/* The entry version the change registration @case_id was applied as, or
 * 0 when it has not been applied (or on error). */
guint             sd_storage_get_change_applied  (SdStorage         *self,
                                                  gint64             case_id,
                                                  GError           **error);

G_END_DECLS
