/* sd-storage-changes.h — the change feed behind GET /api/v1/changes.
 *
 * Every write of an object the desktop client caches records the object's
 * type and id with a new, increasing sequence number; an object appears
 * once, at its latest change. Deletions stay as tombstones. A client asks
 * for everything after the last sequence number it saw (its cursor).
 */
#pragma once

#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  gint64     seq;
  char      *object_type;     /* "catalogue-entry", "application", … */
  char      *object_id;
  gboolean   deleted;         /* a tombstone */
  GDateTime *at;
} SdChange;

void sd_change_free (SdChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdChange, sd_change_free)

/* Changes with seq > @since that @department_uscc may see (all changes
 * when @everything: platform staff), oldest first, at most @limit.
 * *@latest is the newest seq in the whole feed (the cursor to keep when
 * the list is empty). */
GPtrArray *sd_storage_list_changes (SdStorage   *self,
                                    gint64       since,
                                    const char  *department_uscc,
                                    gboolean     everything,
                                    guint        limit,
                                    gint64      *latest,
                                    GError     **error);

G_END_DECLS
