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

G_END_DECLS
