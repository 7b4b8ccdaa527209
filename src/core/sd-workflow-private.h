/* sd-workflow-private.h — internals the workflow machines share
 * (SdApplication, SdObjection, SdRectificationCase, SdChangeRegistration).
 *
 * The checks every transition makes (role, department, state, required
 * params) live here so that their messages are written, and translated,
 * once.
 */
#pragma once

#include "sd-article.h"
#include "sd-calendar.h"
#include "sd-policy.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

/* The translated verb of an action for messages: "refuse" → "refuse"
 * (zh_CN "拒绝"), "request-materials" → "request materials". Unknown
 * actions are returned as they are. */
const char *_sd_workflow_action_get_label (const char *action);
/* The translated name of a machine state: "in-review" → "in review".
 * Unknown states are returned as they are. */
const char *_sd_workflow_state_get_label  (const char *state);

/* The translated article of the profile's provision @provision_id
 * ("mot-2021 art. 12"), or NULL when the profile does not have it. */
char       *_sd_workflow_provision_article (SdPolicy   *policy,
                                            const char *provision_id);

/* Fails with SD_WORKFLOW_ERROR_MISSING_FIELD unless @request has a
 * non-blank param @name. @label is the translated name of what is missing
 * as the subject of a sentence ("A legal basis"); @article (may be NULL)
 * the regulation that requires it. The message reads "A legal basis is
 * required to refuse (mot-2021 art. 12)." */
gboolean    _sd_workflow_require_param    (const SdWorkflowRequest *request,
                                           const char              *name,
                                           const char              *label,
                                           const SdArticle         *article,
                                           GError                 **error);

/* Fails with SD_WORKFLOW_ERROR_ROLE unless the request comes from @role,
 * then with SD_WORKFLOW_ERROR_DEPARTMENT unless it comes from @department
 * (a USCC; NULL = any department of that role). */
gboolean    _sd_workflow_check_role       (const SdWorkflowRequest *request,
                                           SdRole                   role,
                                           const char              *department,
                                           GError                 **error);

/* Sets SD_WORKFLOW_ERROR_STATE: the request's action is not possible while
 * the case is in @state. */
void        _sd_workflow_set_state_error  (GError                 **error,
                                           const SdWorkflowRequest *request,
                                           const char              *state);

/* A new event for @request moving from @from_state (NULL on creation) to
 * @to_state; @stage may be NULL, @due may be NULL or invalid (no due date).
 * The request's params are copied. */
SdWorkflowEvent *_sd_workflow_event_new   (const SdWorkflowRequest *request,
                                           const char              *from_state,
                                           const char              *to_state,
                                           const char              *stage,
                                           const GDate             *due,
                                           gboolean                 delegated);

/* The due date of a stage started on @start; an uncovered calendar year is
 * not an error here: @due is cleared and @uncovered set (a deadline is
 * never guessed, but the case goes on). Other errors are returned. */
gboolean    _sd_workflow_stage_due        (SdCalendar              *calendar,
                                           const GDate             *start,
                                           guint                    deadline_wd,
                                           GDate                   *due,
                                           gboolean                *uncovered,
                                           GError                 **error);

/* TRUE when @due is valid and @today is after it. */
gboolean    _sd_workflow_is_overdue       (const GDate             *due,
                                           const GDate             *today);

/* Histories (GPtrArray of SdWorkflowEvent) as a JSON array and back. */
JsonNode   *_sd_workflow_history_to_json  (GPtrArray               *history);
GPtrArray  *_sd_workflow_history_from_json (JsonNode               *node,
                                            GError                **error);
GPtrArray  *_sd_workflow_history_new      (void);

/* Reading stored cases: a member that must be there, with its type.
 * Errors are G_IO_ERROR_INVALID_DATA naming @member. A null or absent
 * optional string gives NULL; a null or absent date an invalid GDate. */
gboolean    _sd_json_get_string           (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           const char **value,
                                           GError     **error);
gboolean    _sd_json_get_date             (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           GDate       *date,
                                           GError     **error);
gboolean    _sd_json_get_boolean          (JsonObject  *object,
                                           const char  *member,
                                           gboolean    *value,
                                           GError     **error);
gboolean    _sd_json_get_role             (JsonObject  *object,
                                           const char  *member,
                                           SdRole      *role,
                                           GError     **error);
/* Writes "YYYY-MM-DD", or null when @date is NULL or invalid. */
void        _sd_json_builder_add_date     (JsonBuilder *builder,
                                           const char  *member,
                                           const GDate *date);
/* Writes @value, or null when NULL. */
void        _sd_json_builder_add_string   (JsonBuilder *builder,
                                           const char  *member,
                                           const char  *value);

G_END_DECLS
