/* sd-change-registration.h — registering a change to a published entry.
 *
 * C4, mot-2021 art. 9: once published, an entry is not changed at will; when
 * its data is in use (active authorisations) the change must be registered
 * at least 3 months (the profile's "catalogue.change-notice") before it takes
 * effect. Profiles without that provision accept any effective date not in
 * the past.
 *
 * States: "registered", "effective", "withdrawn".
 * Creation: action "register", role provider of the entry's department,
 * params "description" and "effective_date" (YYYY-MM-DD). The entry must be
 * published. Fails with SD_WORKFLOW_ERROR_TOO_SOON naming the earliest
 * allowed date and the article.
 * Actions: take-effect (provider or support, on or after the effective
 * date), withdraw (provider, while registered).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-catalogue-entry.h"
#include "sd-policy.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

#define SD_TYPE_CHANGE_REGISTRATION (sd_change_registration_get_type ())
G_DECLARE_FINAL_TYPE (SdChangeRegistration, sd_change_registration, SD, CHANGE_REGISTRATION, GObject)

SdChangeRegistration *sd_change_registration_new  (SdPolicy                *policy,
                                                    SdCatalogueEntry        *entry,
                                                    guint                    active_authorisations,
                                                    const SdWorkflowRequest *registration,
                                                    GError                 **error);
gboolean     sd_change_registration_apply          (SdChangeRegistration    *self,
                                                    const SdWorkflowRequest *request,
                                                    GError                 **error);
/* The earliest effective date allowed for a change registered on @today. */
void         sd_change_registration_earliest_date  (SdPolicy    *policy,
                                                    guint        active_authorisations,
                                                    const GDate *today,
                                                    GDate       *earliest);
const char  *sd_change_registration_get_state      (SdChangeRegistration *self);
const GDate *sd_change_registration_get_effective_date (SdChangeRegistration *self);
/* TRUE when consumers holding authorisations must be notified. */
gboolean     sd_change_registration_get_notify_consumers (SdChangeRegistration *self);
GPtrArray   *sd_change_registration_get_history    (SdChangeRegistration *self);
JsonNode    *sd_change_registration_to_json        (SdChangeRegistration *self);
SdChangeRegistration *sd_change_registration_new_from_json (SdPolicy *policy,
                                                            JsonNode *node,
                                                            GError  **error);

G_END_DECLS
