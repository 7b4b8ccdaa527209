/* sd-workflow-private.h — internals the workflow machines share
 * (SdApplication, SdObjection, SdRectificationCase, SdChangeRegistration).
 *
 * The checks every transition makes (role, department, state, required
 * params), the dispatch of a request over a machine's transitions table,
 * the running deadline and the reading and writing of stored cases live
 * here so that their logic and their messages are written, and
 * translated, once.
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

/* Sets SD_WORKFLOW_ERROR_STATE: @stage does not allow the request's
 * action. The message names the stage's article ("—" when it has none). */
void        _sd_workflow_set_stage_error  (GError                 **error,
                                           const SdWorkflowRequest *request,
                                           const SdPolicyStage     *stage);

/* The department that acts in @role in a case between @provider and
 * @consumer (USCCs); NULL, any department, for the platform's roles. */
const char *_sd_workflow_role_department  (SdRole                   role,
                                           const char              *provider,
                                           const char              *consumer);

/* Fails with SD_WORKFLOW_ERROR_STATE unless the case's @state is @expected
 * or @also_expected (may be NULL). */
gboolean    _sd_workflow_require_state    (const SdWorkflowRequest *request,
                                           const char              *state,
                                           const char              *expected,
                                           const char              *also_expected,
                                           GError                 **error);

/* Fails with SD_WORKFLOW_ERROR_INVALID_VALUE unless the request's action is
 * @action, the one that creates a case. @message is the machine's msgid
 * (marked with N_ (), translated here) with one %s, the action given. */
gboolean    _sd_workflow_require_action   (const SdWorkflowRequest *request,
                                           const char              *action,
                                           const char              *message,
                                           GError                 **error) G_GNUC_PRINTF (3, 0);

/* A transition of a machine: checks @request against the case @self and,
 * only when every check passes, changes the case. */
typedef gboolean (*SdWorkflowTransitionFunc) (gpointer                 self,
                                              const SdWorkflowRequest *request,
                                              GError                 **error);

/* A row of a machine's transitions table. The machines' functions take
 * their own type as self, hence the cast. */
typedef struct {
  const char               *action;
  SdWorkflowTransitionFunc  run;
} SdWorkflowTransition;

#define SD_WORKFLOW_TRANSITION(action, func) { (action), (SdWorkflowTransitionFunc) (func) }

/* Runs the transition of @table (@n rows) for the request's action on the
 * case @self. The action that creates a case, @create_action, fails with
 * SD_WORKFLOW_ERROR_STATE (the case exists and is in @state); any other
 * action not in @table with SD_WORKFLOW_ERROR_INVALID_VALUE and
 * @unknown_action_message, the machine's msgid (marked with N_ (),
 * translated here) with one %s, the action given. */
gboolean    _sd_workflow_dispatch         (gpointer                    self,
                                           const SdWorkflowTransition *table,
                                           guint                       n,
                                           const char                 *create_action,
                                           const char                 *state,
                                           const char                 *unknown_action_message,
                                           const SdWorkflowRequest    *request,
                                           GError                    **error) G_GNUC_PRINTF (6, 0);

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

/* The deadline of a case's running stage. */
typedef struct {
  GDate    date;        /* invalid when no deadline runs */
  gboolean uncovered;   /* it falls in a year the calendar does not cover */
} SdWorkflowDue;

/* No deadline runs. */
void        _sd_workflow_due_clear        (SdWorkflowDue           *due);
/* The deadline of a stage of @deadline_wd working days started on @start,
 * as _sd_workflow_stage_due() computes it. */
gboolean    _sd_workflow_due_start        (SdWorkflowDue           *due,
                                           SdCalendar              *calendar,
                                           const GDate             *start,
                                           guint                    deadline_wd,
                                           GError                 **error);
/* Defines the getters every machine has of its running deadline, the
 * SdWorkflowDue field "due" of its struct: prefix_get_due_date () and
 * prefix_get_due_uncovered (). */
#define SD_WORKFLOW_DEFINE_DUE_GETTERS(Type, prefix, IS_TYPE)              \
  const GDate *                                                            \
  prefix##_get_due_date (Type *self)                                       \
  {                                                                        \
    g_return_val_if_fail (IS_TYPE (self), NULL);                           \
    return &self->due.date;                                                \
  }                                                                        \
                                                                           \
  gboolean                                                                 \
  prefix##_get_due_uncovered (Type *self)                                  \
  {                                                                        \
    g_return_val_if_fail (IS_TYPE (self), FALSE);                          \
    return self->due.uncovered;                                            \
  }

/* The members "due_date" and "due_uncovered" of a stored case. */
void        _sd_workflow_due_to_json      (const SdWorkflowDue     *due,
                                           JsonBuilder             *builder);
gboolean    _sd_workflow_due_from_json    (SdWorkflowDue           *due,
                                           JsonObject              *object,
                                           GError                 **error);

/* Histories (GPtrArray of SdWorkflowEvent) as a JSON array and back. */
JsonNode   *_sd_workflow_history_to_json  (GPtrArray               *history);
GPtrArray  *_sd_workflow_history_from_json (JsonNode               *node,
                                            GError                **error);
GPtrArray  *_sd_workflow_history_new      (void);

/* Reads the members of a stored case into @self; see _sd_workflow_restore(). */
typedef gboolean (*SdWorkflowReadFunc) (gpointer    self,
                                        JsonObject *object,
                                        GError    **error);

/* Restores a stored case: @node must be a JSON object, @read_members reads
 * its members into @self, then its "history" replaces *@history. Errors
 * are G_IO_ERROR_INVALID_DATA, their messages prefixed with "@what: ". */
gboolean    _sd_workflow_restore          (gpointer                 self,
                                           JsonNode                *node,
                                           SdWorkflowReadFunc       read_members,
                                           GPtrArray              **history,
                                           const char              *what,
                                           GError                 **error);

/* A stored case must come from @policy: a case decided under one
 * regulation is not resumed under another. @profile is the id it was
 * stored under. */
gboolean    _sd_workflow_check_profile    (SdPolicy                *policy,
                                           const char              *profile,
                                           GError                 **error);

/* Sets *@state to the element of @states (NULL-terminated) equal to
 * @name, so that a restored case holds the same static strings as a new
 * one. Fails with G_IO_ERROR_INVALID_DATA when there is none. */
gboolean    _sd_workflow_find_state       (const char * const      *states,
                                           const char              *name,
                                           const char             **state,
                                           GError                 **error);

/* Profile internals the machines share with SdPolicy (in sd-policy.c). */

/* Frees a stage the way a profile frees its own, for the stages a machine
 * builds. NULL is ignored. */
void        _sd_policy_stage_free         (SdPolicyStage           *stage);
/* The stage with the id @id in @stages (of SdPolicyStage), or NULL; NULL
 * for a NULL @stages or @id. */
const SdPolicyStage *_sd_policy_find_stage (GPtrArray              *stages,
                                            const char             *id);

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
/* Like _sd_json_get_string(), but *@value, a string of the case's own, is
 * replaced by a copy (NULL for a null or absent optional member); left as
 * it is on error. */
gboolean    _sd_json_read_string          (JsonObject  *object,
                                           const char  *member,
                                           gboolean     required,
                                           char       **value,
                                           GError     **error);
/* Fails with G_IO_ERROR_INVALID_DATA ("@what: unknown member “x”") when
 * @object has a member not in @known (NULL-terminated). */
gboolean    _sd_json_check_members        (JsonObject         *object,
                                           const char * const *known,
                                           const char         *what,
                                           GError            **error);
/* Writes "YYYY-MM-DD", or null when @date is NULL or invalid. */
void        _sd_json_builder_add_date     (JsonBuilder *builder,
                                           const char  *member,
                                           const GDate *date);
/* Writes @value, or null when NULL. */
void        _sd_json_builder_add_string   (JsonBuilder *builder,
                                           const char  *member,
                                           const char  *value);
/* Writes @history (of SdWorkflowEvent) as a JSON array. */
void        _sd_json_builder_add_history  (JsonBuilder *builder,
                                           const char  *member,
                                           GPtrArray   *history);

G_END_DECLS
