/* sd-workflow.h — what the workflow state machines share: the request that
 * asks for a transition, the event each transition records, and errors.
 *
 * The machines (SdApplication, SdObjection, SdRectificationCase,
 * SdChangeRegistration) check, for every transition, the actor's role and
 * department, the current state, and the fields the transition requires;
 * they compute due dates with the working-day calendar. A request's params
 * are the fields of the API request body ("purpose", "basis", ...).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-calendar.h"
#include "sd-enums.h"
#include "sd-policy.h"

G_BEGIN_DECLS

#define SD_WORKFLOW_ERROR (sd_workflow_error_quark ())

typedef enum {
  SD_WORKFLOW_ERROR_ROLE,            /* not this role's turn (HTTP 403) */
  SD_WORKFLOW_ERROR_DEPARTMENT,      /* right role, wrong department (403) */
  SD_WORKFLOW_ERROR_STATE,           /* action not possible in this state (409) */
  SD_WORKFLOW_ERROR_MISSING_FIELD,   /* a required param is empty (422) */
  SD_WORKFLOW_ERROR_INVALID_VALUE,   /* a param has a value the profile does not allow (422) */
  SD_WORKFLOW_ERROR_TOO_SOON,        /* a date breaks a notice period (422) */
  SD_WORKFLOW_ERROR_NOT_RECIPIENT,   /* special data asked for by a department not listed (403) */
  SD_WORKFLOW_ERROR_NOT_APPLICABLE,  /* the profile has no such provision (422) */
} SdWorkflowError;

GQuark sd_workflow_error_quark (void);

#define SD_TYPE_WORKFLOW_REQUEST (sd_workflow_request_get_type ())

/* Who asks for which transition, when, with which fields. */
typedef struct {
  char       *action;       /* "approve", "refuse", ... */
  SdRole      role;
  char       *department;   /* the actor's department: its USCC */
  GDate       date;         /* the day the action is taken */
  GHashTable *params;       /* char* → char*, owned */
} SdWorkflowRequest;

GType               sd_workflow_request_get_type (void) G_GNUC_CONST;
SdWorkflowRequest  *sd_workflow_request_new      (const char *action,
                                                  SdRole      role,
                                                  const char *department,
                                                  const GDate *date);
SdWorkflowRequest  *sd_workflow_request_copy     (const SdWorkflowRequest *self);
void                sd_workflow_request_free     (SdWorkflowRequest *self);
void                sd_workflow_request_set      (SdWorkflowRequest *self,
                                                  const char *name,
                                                  const char *value);
/* The param, or NULL when absent or only white space. */
const char         *sd_workflow_request_get      (const SdWorkflowRequest *self,
                                                  const char *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdWorkflowRequest, sd_workflow_request_free)

#define SD_TYPE_WORKFLOW_EVENT (sd_workflow_event_get_type ())

/* One step of a case's timeline. */
typedef struct {
  char       *action;
  SdRole      role;
  char       *department;
  GDate       date;
  char       *from_state;
  char       *to_state;
  char       *stage;        /* the stage entered, or NULL */
  GDate       due_date;     /* invalid (g_date_valid() false) when none */
  gboolean    delegated;    /* decided by a role the stage was delegated to */
  GHashTable *params;       /* char* → char*, owned */
} SdWorkflowEvent;

GType             sd_workflow_event_get_type (void) G_GNUC_CONST;
SdWorkflowEvent  *sd_workflow_event_copy     (const SdWorkflowEvent *self);
void              sd_workflow_event_free     (SdWorkflowEvent *self);
JsonNode         *sd_workflow_event_to_json  (const SdWorkflowEvent *self);
SdWorkflowEvent  *sd_workflow_event_new_from_json (JsonNode *node, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdWorkflowEvent, sd_workflow_event_free)

/* The due date for a stage started on @start with a deadline of
 * @deadline_wd working days. FALSE with SD_CALENDAR_ERROR_UNCOVERED when
 * the calendar cannot tell; @due is then cleared. @deadline_wd == 0 gives
 * TRUE and a cleared (invalid) @due: no deadline. */
gboolean  sd_workflow_compute_due          (SdCalendar  *calendar,
                                            const GDate *start,
                                            guint        deadline_wd,
                                            GDate       *due,
                                            GError     **error);
/* Working days left until @due seen from @today (negative when overdue). */
gboolean  sd_workflow_working_days_left    (SdCalendar  *calendar,
                                            const GDate *due,
                                            const GDate *today,
                                            int         *days_left,
                                            GError     **error);
/* C8 (state-council-2016 art. 8): the day by which a department must have
 * revised its catalogue after a law or its functions changed on @trigger.
 * SD_WORKFLOW_ERROR_NOT_APPLICABLE when the profile has no such rule. */
gboolean  sd_workflow_catalogue_update_due (SdPolicy    *policy,
                                            SdCalendar  *calendar,
                                            const GDate *trigger,
                                            GDate       *due,
                                            GError     **error);

G_END_DECLS
