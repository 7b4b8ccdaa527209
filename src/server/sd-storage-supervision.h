/* sd-storage-supervision.h — catalogue-update triggers (C8).
 *
 * state-council-2016 art. 8: after a law or a department's functions
 * change, the department revises its catalogue within 15 working days. A
 * supervisor records the event (the trigger); the trigger counts as
 * revised once the department has stored any catalogue version (a new
 * entry or a new version of one) at or after the start of the trigger
 * day.
 */
#pragma once

#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  gint64      id;
  char       *department_uscc;
  char       *trigger_date;     /* "YYYY-MM-DD" (China) */
  char       *description;
  char       *due_date;         /* "YYYY-MM-DD" or NULL when uncovered */
  gboolean    due_uncovered;
  char       *recorded_by;      /* username */
  GDateTime  *recorded_at;      /* set by the storage */
  GDateTime  *revised_at;       /* first catalogue version since; NULL: not revised */
} SdCatalogueTrigger;

void sd_catalogue_trigger_free (SdCatalogueTrigger *trigger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCatalogueTrigger, sd_catalogue_trigger_free)

/* Stores @trigger; @trigger_start is the first instant of the trigger day
 * (from it on, catalogue versions count as the revision). Sets id and
 * recorded_at. NOT_FOUND for an unknown department. */
gboolean   sd_storage_add_catalogue_trigger   (SdStorage          *self,
                                               SdCatalogueTrigger *trigger,
                                               GDateTime          *trigger_start,
                                               GError            **error);
/* Of SdCatalogueTrigger with revised_at, newest first; @department NULL
 * for all; *@total counts every match. @limit 0: no limit. */
GPtrArray *sd_storage_list_catalogue_triggers (SdStorage          *self,
                                               const char         *department,
                                               guint               offset,
                                               guint               limit,
                                               guint              *total,
                                               GError            **error);

G_END_DECLS
