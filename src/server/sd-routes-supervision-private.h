/* sd-routes-supervision-private.h — what the objection and rectification
 * routes share: the JSON of a stored case with its deadline seen from
 * today, the case id of the path, If-Match and ETag, and the field a
 * workflow refusal is about.
 */
#pragma once

#include "sd-platform-server.h"
#include "sd-storage-cases.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

/* Deadline of a case as the machine computed it. */
typedef struct {
  SdRole       current_role;      /* SD_ROLE_INVALID when nobody's turn */
  const GDate *due_date;          /* may be invalid: no deadline */
  gboolean     due_uncovered;
  gboolean     overdue;
} SdCaseDeadline;

/* @machine_json (taken) with "id", "version", "current_role", "overdue",
 * "working_days_left" (null without a due date) and the timestamps. */
JsonNode   *_sd_case_to_json           (SdPlatformServer     *server,
                                        SdPlatformRequest    *request,
                                        JsonNode             *machine_json,
                                        const SdCaseRecord   *record,
                                        const SdCaseDeadline *deadline);
/* The {id} of the path, or 0 after responding 404. */
gint64      _sd_case_path_id           (SdPlatformRequest    *request,
                                        const char           *not_found);
/* TRUE when there is no If-Match or it names @version; else responds
 * 412 (or 400 for a malformed header) and returns FALSE. */
gboolean    _sd_case_check_if_match    (SdPlatformRequest    *request,
                                        guint                 version);
void        _sd_case_set_etag          (SdPlatformRequest    *request,
                                        guint                 version);
/* The role the user acts in: @wanted when they have it, else their
 * first role (the machine then refuses it). */
SdRole      _sd_case_acting_role       (SdPlatformRequest    *request,
                                        SdRole                wanted);
/* The department whose turn it is for @role: @provider or @consumer for
 * the department roles, NULL for platform roles. */
const char *_sd_case_turn_department   (SdRole                role,
                                        const char           *provider,
                                        const char           *consumer);
/* The member a refusal of a validation kind is about: the first of
 * @required (NULL-terminated) that @workflow lacks, else @invalid. NULL
 * for errors that are no validation errors. */
const char *_sd_case_error_field       (const GError            *error,
                                        const SdWorkflowRequest *workflow,
                                        const char * const      *required,
                                        const char              *invalid);
/* Responds 201 with @body (taken), Location @path/@id and the ETag. */
void        _sd_case_respond_created   (SdPlatformRequest    *request,
                                        const char           *path,
                                        const SdCaseRecord   *record,
                                        JsonNode             *body);
/* A page of a filtered in-memory list: takes @items (of JsonNode). */
JsonNode   *_sd_case_page              (GPtrArray            *items,
                                        guint                 offset,
                                        guint                 limit);

G_END_DECLS
