/* sd-enums.h — small enumerations shared by every layer, with their wire names.
 *
 * The wire names (kebab-case ASCII) are what JSON, the API and the policy
 * profiles use; the labels are translated for display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SD_ROLE_PROVIDER,
  SD_ROLE_CONSUMER,
  SD_ROLE_SUPPORT,
  SD_ROLE_SUPERVISOR,
  SD_ROLE_ADMIN,
  SD_ROLE_INVALID = -1
} SdRole;

typedef enum {
  SD_ENTRY_STATE_DRAFT,
  SD_ENTRY_STATE_SUBMITTED,
  SD_ENTRY_STATE_PUBLISHED,
  SD_ENTRY_STATE_RETIRED,
  SD_ENTRY_STATE_INVALID = -1
} SdEntryState;

typedef enum {
  SD_SEVERITY_ERROR,
  SD_SEVERITY_WARNING,
  SD_SEVERITY_INVALID = -1
} SdSeverity;

/* "provider", "consumer", "support", "supervisor", "admin" */
const char   *sd_role_to_string          (SdRole       role);
SdRole        sd_role_from_string        (const char  *name);
const char   *sd_role_get_label          (SdRole       role);

/* "draft", "submitted", "published", "retired" */
const char   *sd_entry_state_to_string   (SdEntryState state);
SdEntryState  sd_entry_state_from_string (const char  *name);
const char   *sd_entry_state_get_label   (SdEntryState state);

/* "error", "warning" */
const char   *sd_severity_to_string      (SdSeverity   severity);
SdSeverity    sd_severity_from_string    (const char  *name);
const char   *sd_severity_get_label      (SdSeverity   severity);

G_END_DECLS
