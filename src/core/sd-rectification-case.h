/* sd-rectification-case.h — a rectification notice (整改通知) and its case.
 *
 * mot-2021 art. 23-24, state-council-2016 art. 24 (and art. 21 sanctions),
 * panjin-2016 art. 35-36.
 *
 * States: "awaiting-response", "under-review", "rectified", "escalated".
 * Creation: action "open", role supervisor, params "department" (the USCC
 * of the department concerned), "violation_kind" (one of the profile's),
 * "description"; optional "due_date" (YYYY-MM-DD, not before the opening
 * day), else the profile's rectification stage deadline.
 * Actions:
 *   respond   plan, evidence  (provider or consumer of that department;
 *                             from awaiting-response or escalated)
 *   accept                    (supervisor, under-review) → rectified
 *   return    reason          (supervisor, under-review) → awaiting-response, new due date
 *   escalate  sanction, reason (supervisor, awaiting-response or under-review)
 *                             sanction one of the profile's → escalated
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-calendar.h"
#include "sd-policy.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

#define SD_TYPE_RECTIFICATION_CASE (sd_rectification_case_get_type ())
G_DECLARE_FINAL_TYPE (SdRectificationCase, sd_rectification_case, SD, RECTIFICATION_CASE, GObject)

SdRectificationCase *sd_rectification_case_new        (SdPolicy                *policy,
                                                       SdCalendar              *calendar,
                                                       const SdWorkflowRequest *open,
                                                       GError                 **error);
gboolean     sd_rectification_case_apply              (SdRectificationCase     *self,
                                                       const SdWorkflowRequest *request,
                                                       GError                 **error);
const char  *sd_rectification_case_get_state          (SdRectificationCase *self);
const char  *sd_rectification_case_get_department     (SdRectificationCase *self);
const char  *sd_rectification_case_get_violation_kind (SdRectificationCase *self);
const char  *sd_rectification_case_get_sanction       (SdRectificationCase *self);  /* NULL until escalated */
SdRole       sd_rectification_case_get_current_role   (SdRectificationCase *self);
const GDate *sd_rectification_case_get_due_date       (SdRectificationCase *self);
gboolean     sd_rectification_case_get_due_uncovered  (SdRectificationCase *self);
gboolean     sd_rectification_case_is_overdue         (SdRectificationCase *self,
                                                       const GDate         *today);
GPtrArray   *sd_rectification_case_get_history        (SdRectificationCase *self);
JsonNode    *sd_rectification_case_to_json            (SdRectificationCase *self);
SdRectificationCase *sd_rectification_case_new_from_json (SdPolicy   *policy,
                                                          SdCalendar *calendar,
                                                          JsonNode   *node,
                                                          GError    **error);

G_END_DECLS
