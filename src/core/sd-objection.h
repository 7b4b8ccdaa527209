/* sd-objection.h — a data-quality objection (疑义/异议) on a catalogue entry.
 *
 * Stages come from the profile (sd_policy_get_objection_stages()):
 * mot-2021 art. 15 and state-council-2016 art. 15 — the provider verifies;
 * panjin-2016 art. 20 — the big-data center re-checks within 5 wd and, for
 * non-technical differences, forwards to the provider, who verifies within
 * 3 wd and answers in writing.
 *
 * States: "open" (a stage is running), "answered", "closed".
 * Creation: action "raise", role consumer, params "description" (required),
 * "evidence" (optional).
 * Actions: answer (role of the stage; "reply" required, "result" one of
 * "confirmed", "corrected", "rejected"), forward (where the stage has
 * forward_to), close (consumer who raised it, once answered),
 * reopen (that consumer, once answered; "reason" required; restarts the
 * first stage).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-calendar.h"
#include "sd-catalogue-entry.h"
#include "sd-policy.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

#define SD_TYPE_OBJECTION (sd_objection_get_type ())
G_DECLARE_FINAL_TYPE (SdObjection, sd_objection, SD, OBJECTION, GObject)

SdObjection   *sd_objection_new               (SdPolicy                *policy,
                                               SdCalendar              *calendar,
                                               SdCatalogueEntry        *entry,
                                               const SdWorkflowRequest *raise,
                                               GError                 **error);
gboolean       sd_objection_apply             (SdObjection             *self,
                                               const SdWorkflowRequest *request,
                                               GError                 **error);

const char    *sd_objection_get_state         (SdObjection *self);
const char    *sd_objection_get_stage         (SdObjection *self);
SdRole         sd_objection_get_current_role  (SdObjection *self);
const GDate   *sd_objection_get_due_date      (SdObjection *self);
gboolean       sd_objection_get_due_uncovered (SdObjection *self);
gboolean       sd_objection_is_overdue        (SdObjection *self,
                                               const GDate *today);
const char    *sd_objection_get_result        (SdObjection *self);
const char    *sd_objection_get_consumer      (SdObjection *self);
const char    *sd_objection_get_provider      (SdObjection *self);
GPtrArray     *sd_objection_get_history       (SdObjection *self);
JsonNode      *sd_objection_to_json           (SdObjection *self);
SdObjection   *sd_objection_new_from_json     (SdPolicy    *policy,
                                               SdCalendar  *calendar,
                                               JsonNode    *node,
                                               GError     **error);

G_END_DECLS
