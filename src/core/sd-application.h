/* sd-application.h — a data-use application (数据共享申请) and its flow.
 *
 * States: "in-review" (a stage of the share type's review flow is open),
 * "materials-requested", "negotiating" (a level of the profile's
 * negotiation ladder), "agreement-pending" (approved; the data-use
 * agreement must be acknowledged first, panjin-2016 art. 32), "authorised",
 * "refused", "withdrawn".
 *
 * Actions and the params they require:
 *   approve             (role of the stage)          stage passed; next stage or granted
 *   refuse    basis     (role of the stage)          the legal basis / written reasons
 *   request-materials materials (role of the stage)  clock stops until supplied
 *   supply-materials note (consumer)                 back to the same stage, new due date
 *   forward             (support, where the stage has forward_to) consult the provider
 *   delegate            (provider, where the stage is delegable)  support decides instead
 *   escalate  reason    (consumer, when refused and a negotiation level is left)
 *   acknowledge-agreement (consumer, agreement-pending)
 *   withdraw            (consumer, any open state)
 * In "negotiating", the role of the current level approves or refuses.
 *
 * Creation (action "submit", role consumer) requires "purpose"; optional
 * "purpose_kind" is "duty" (default) or "development" (panjin-2016 art. 24
 * routes development use to the big-data center). Unconditional data is
 * granted at once (A3); out-of-industry entries go to the supervisor where
 * the profile says so (mot-2021 art. 13); special data only for listed
 * recipients (panjin-2016 art. 19).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-calendar.h"
#include "sd-catalogue-entry.h"
#include "sd-policy.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

#define SD_TYPE_APPLICATION (sd_application_get_type ())
G_DECLARE_FINAL_TYPE (SdApplication, sd_application, SD, APPLICATION, GObject)

/* Creates the application and runs its first transition. Fails when the
 * entry is not published, the purpose is missing, the consumer is the
 * provider itself or not a listed recipient. Due dates that fall in a year
 * the calendar does not cover leave due unset and set due-uncovered
 * (never guessed, never an error: the application is still filed). */
SdApplication *sd_application_new             (SdPolicy                *policy,
                                               SdCalendar              *calendar,
                                               SdCatalogueEntry        *entry,
                                               const SdWorkflowRequest *submit,
                                               GError                 **error);
gboolean       sd_application_apply           (SdApplication           *self,
                                               const SdWorkflowRequest *request,
                                               GError                 **error);

const char    *sd_application_get_state       (SdApplication *self);
/* The open stage (in-review, materials-requested) or negotiation level id. */
const char    *sd_application_get_stage       (SdApplication *self);
/* Whose turn it is now, or SD_ROLE_INVALID in a final state. */
SdRole         sd_application_get_current_role (SdApplication *self);
/* The department whose turn it is (consumer or provider USCC), or NULL when
 * the role is a platform role (support, supervisor). */
const char    *sd_application_get_current_department (SdApplication *self);
/* Invalid GDate when none. */
const GDate   *sd_application_get_due_date    (SdApplication *self);
gboolean       sd_application_get_due_uncovered (SdApplication *self);
gboolean       sd_application_is_overdue      (SdApplication *self,
                                               const GDate   *today);
const char    *sd_application_get_purpose     (SdApplication *self);
const char    *sd_application_get_purpose_kind (SdApplication *self);
const char    *sd_application_get_consumer    (SdApplication *self);
const char    *sd_application_get_provider    (SdApplication *self);
const char    *sd_application_get_entry_id    (SdApplication *self);
const char    *sd_application_get_share_type  (SdApplication *self);
gboolean       sd_application_is_delegated    (SdApplication *self);
/* Of SdWorkflowEvent, oldest first. */
GPtrArray     *sd_application_get_history     (SdApplication *self);

JsonNode      *sd_application_to_json         (SdApplication *self);
/* Restores a stored application; @policy and @calendar as for _new(). */
SdApplication *sd_application_new_from_json   (SdPolicy      *policy,
                                               SdCalendar    *calendar,
                                               JsonNode      *node,
                                               GError       **error);

G_END_DECLS
