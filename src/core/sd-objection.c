/* sd-objection.c — a data-quality objection on a catalogue entry.
 *
 * The stages come from the profile: one provider verification (mot-2021
 * art. 15, state-council-2016 art. 15) or the big-data center's re-check
 * followed, for non-technical differences, by the provider's verification
 * (panjin-2016 art. 20). Every transition is checked in the same order:
 * state, then role and department, then the params, then their values;
 * nothing changes until every check has passed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "sd-objection.h"
#include "sd-workflow-private.h"

#define STATE_OPEN     "open"
#define STATE_ANSWERED "answered"
#define STATE_CLOSED   "closed"

static const char * const states[] = { STATE_OPEN, STATE_ANSWERED, STATE_CLOSED, NULL };
static const char * const results[] = { "confirmed", "corrected", "rejected", NULL };

struct _SdObjection
{
  GObject     parent_instance;

  SdPolicy   *policy;
  SdCalendar *calendar;

  char       *entry_id;
  char       *resource_code;
  char       *provider;       /* USCC of the entry's provider department */
  char       *consumer;       /* USCC of the department that raised it */
  char       *description;
  char       *evidence;

  const char *state;          /* one of states[] */
  char       *stage;          /* id of the running stage; NULL unless open */
  SdWorkflowDue due;          /* no date when the stage sets no deadline */
  char       *result;         /* NULL until answered */
  char       *reply;

  GPtrArray  *history;        /* of SdWorkflowEvent */
};

G_DEFINE_FINAL_TYPE (SdObjection, sd_objection, G_TYPE_OBJECT)

static void
sd_objection_finalize (GObject *object)
{
  SdObjection *self = SD_OBJECTION (object);

  g_clear_object (&self->policy);
  g_clear_object (&self->calendar);
  g_free (self->entry_id);
  g_free (self->resource_code);
  g_free (self->provider);
  g_free (self->consumer);
  g_free (self->description);
  g_free (self->evidence);
  g_free (self->stage);
  g_free (self->result);
  g_free (self->reply);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_objection_parent_class)->finalize (object);
}

static void
sd_objection_class_init (SdObjectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_objection_finalize;
}

static void
sd_objection_init (SdObjection *self)
{
  self->state = STATE_OPEN;
  _sd_workflow_due_clear (&self->due);
  self->history = _sd_workflow_history_new ();
}

/* --- stages -------------------------------------------------------------- */

static const SdPolicyStage *
find_stage (SdPolicy   *policy,
            const char *stage_id)
{
  return _sd_policy_find_stage (sd_policy_get_objection_stages (policy), stage_id);
}

static const SdPolicyStage *
first_stage (SdPolicy  *policy,
             GError   **error)
{
  GPtrArray *stages = sd_policy_get_objection_stages (policy);

  if (stages == NULL || stages->len == 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE,
                   /* Translators: %s is the policy profile, e.g. "Ministry of Transport, 2021" */
                   _("%s sets no procedure for objections to shared data."),
                   sd_policy_get_label (policy));
      return NULL;
    }
  return g_ptr_array_index (stages, 0);
}

static const SdPolicyStage *
current_stage (SdObjection *self)
{
  return self->stage != NULL ? find_stage (self->policy, self->stage) : NULL;
}

/* The department that must act in @stage: the entry's provider for a
 * provider stage; NULL (any) for the platform's roles. */
static const char *
stage_department (SdObjection         *self,
                  const SdPolicyStage *stage)
{
  return _sd_workflow_role_department (stage->role, self->provider, self->consumer);
}

/* The state and due date the objection has once @stage starts on @start.
 * Only computes: the caller commits with enter_stage(). */
typedef struct {
  const SdPolicyStage *stage;
  SdWorkflowDue        due;
} StageStart;

static gboolean
plan_stage (SdObjection         *self,
            const SdPolicyStage *stage,
            const GDate         *start,
            StageStart          *plan,
            GError             **error)
{
  plan->stage = stage;
  return _sd_workflow_due_start (&plan->due, self->calendar, start, stage->deadline_wd,
                                 error);
}

static void
enter_stage (SdObjection      *self,
             const StageStart *plan)
{
  self->state = STATE_OPEN;
  g_free (self->stage);
  self->stage = g_strdup (plan->stage->id);
  self->due = plan->due;
}

static void
leave_stages (SdObjection *self,
              const char  *state)
{
  self->state = state;
  g_clear_pointer (&self->stage, g_free);
  _sd_workflow_due_clear (&self->due);
}

static void
record (SdObjection             *self,
        const SdWorkflowRequest *request,
        const char              *from_state)
{
  g_ptr_array_add (self->history,
                   _sd_workflow_event_new (request, from_state, self->state,
                                           self->stage, &self->due.date, FALSE));
}

/* --- checks -------------------------------------------------------------- */

/* Forwarding also needs a stage to forward to. */
static gboolean
require_stage_action (const SdPolicyStage     *stage,
                      const SdWorkflowRequest *request,
                      GError                 **error)
{
  if (sd_policy_stage_allows (stage, request->action) &&
      (g_strcmp0 (request->action, "forward") != 0 || stage->forward_to != NULL))
    return TRUE;

  _sd_workflow_set_stage_error (error, request, stage);
  return FALSE;
}

/* Only the consumer department that raised the objection closes or
 * reopens it, once it has been answered. */
static gboolean
check_raising_consumer (SdObjection             *self,
                        const SdWorkflowRequest *request,
                        GError                 **error)
{
  return _sd_workflow_require_state (request, self->state, STATE_ANSWERED, NULL, error) &&
         _sd_workflow_check_role (request, SD_ROLE_CONSUMER, self->consumer, error);
}

static gboolean
check_result (const char  *result,
              GError     **error)
{
  if (g_strv_contains (results, result))
    return TRUE;

  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: %s is the value given; keep “confirmed”,
                * “corrected” and “rejected” as they are: they are the
                * values the API accepts. */
               _("“%s” is not a result of an objection; use “confirmed”, “corrected” or “rejected”."),
               result);
  return FALSE;
}

/* --- transitions --------------------------------------------------------- */

static gboolean
answer (SdObjection             *self,
        const SdWorkflowRequest *request,
        GError                 **error)
{
  const SdPolicyStage *stage;
  const char *from_state = self->state;

  if (!_sd_workflow_require_state (request, self->state, STATE_OPEN, NULL, error))
    return FALSE;
  stage = current_stage (self);
  if (!require_stage_action (stage, request, error) ||
      !_sd_workflow_check_role (request, stage->role, stage_department (self, stage), error) ||
      !_sd_workflow_require_param (request, "reply", _("A reply"), stage->article, error) ||
      !_sd_workflow_require_param (request, "result", _("A result"), NULL, error) ||
      !check_result (sd_workflow_request_get (request, "result"), error))
    return FALSE;

  leave_stages (self, STATE_ANSWERED);
  g_free (self->result);
  self->result = g_strdup (sd_workflow_request_get (request, "result"));
  g_free (self->reply);
  self->reply = g_strdup (sd_workflow_request_get (request, "reply"));
  record (self, request, from_state);
  return TRUE;
}

static gboolean
forward (SdObjection             *self,
         const SdWorkflowRequest *request,
         GError                 **error)
{
  const SdPolicyStage *stage;
  const SdPolicyStage *next;
  StageStart plan;

  if (!_sd_workflow_require_state (request, self->state, STATE_OPEN, NULL, error))
    return FALSE;
  stage = current_stage (self);
  if (!require_stage_action (stage, request, error) ||
      !_sd_workflow_check_role (request, stage->role, stage_department (self, stage), error))
    return FALSE;

  next = find_stage (self->policy, stage->forward_to);
  if (next == NULL)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE,
                   /* Translators: %s is a stage id of the profile */
                   _("The profile has no objection stage “%s” to forward to."),
                   stage->forward_to);
      return FALSE;
    }
  if (!plan_stage (self, next, &request->date, &plan, error))
    return FALSE;

  enter_stage (self, &plan);
  record (self, request, STATE_OPEN);
  return TRUE;
}

static gboolean
close_objection (SdObjection             *self,
                 const SdWorkflowRequest *request,
                 GError                 **error)
{
  if (!check_raising_consumer (self, request, error))
    return FALSE;

  leave_stages (self, STATE_CLOSED);
  record (self, request, STATE_ANSWERED);
  return TRUE;
}

static gboolean
reopen (SdObjection             *self,
        const SdWorkflowRequest *request,
        GError                 **error)
{
  const SdPolicyStage *stage;
  StageStart plan;

  if (!check_raising_consumer (self, request, error) ||
      !_sd_workflow_require_param (request, "reason", _("A reason"), NULL, error))
    return FALSE;
  /* The answer did not settle it: the whole procedure starts again. */
  stage = first_stage (self->policy, error);
  if (stage == NULL || !plan_stage (self, stage, &request->date, &plan, error))
    return FALSE;

  enter_stage (self, &plan);
  g_clear_pointer (&self->result, g_free);
  g_clear_pointer (&self->reply, g_free);
  record (self, request, STATE_ANSWERED);
  return TRUE;
}

static const SdWorkflowTransition transitions[] = {
  SD_WORKFLOW_TRANSITION ("answer", answer),
  SD_WORKFLOW_TRANSITION ("forward", forward),
  SD_WORKFLOW_TRANSITION ("close", close_objection),
  SD_WORKFLOW_TRANSITION ("reopen", reopen),
};

/* --- public API ---------------------------------------------------------- */

static gboolean
check_raise (SdPolicy                *policy,
             SdCatalogueEntry        *entry,
             const SdWorkflowRequest *raise,
             GError                 **error)
{
  const char *provider = sd_catalogue_entry_get_provider_uscc (entry);

  if (!_sd_workflow_require_action (raise, "raise",
                                    /* Translators: %s is the action given; keep “raise” as it is */
                                    N_("An objection starts with the action “raise”, not “%s”."),
                                    error) ||
      !_sd_workflow_check_role (raise, SD_ROLE_CONSUMER, NULL, error))
    return FALSE;
  if (raise->department == NULL || *raise->department == '\0')
    {
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT,
                           _("An objection must name the consumer department that raises it by its unified social credit code."));
      return FALSE;
    }
  if (provider != NULL && g_strcmp0 (raise->department, provider) == 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT,
                   /* Translators: %s is a unified social credit code */
                   _("Department %s provides this entry and cannot raise an objection to its own data."),
                   provider);
      return FALSE;
    }
  return _sd_workflow_require_param (raise, "description", _("A description of the problem"),
                                     NULL, error);
}

SdObjection *
sd_objection_new (SdPolicy                *policy,
                  SdCalendar              *calendar,
                  SdCatalogueEntry        *entry,
                  const SdWorkflowRequest *raise,
                  GError                 **error)
{
  g_autoptr(SdObjection) self = NULL;
  const SdPolicyStage *stage;
  StageStart plan;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), NULL);
  g_return_val_if_fail (raise != NULL && g_date_valid (&raise->date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_raise (policy, entry, raise, error))
    return NULL;
  stage = first_stage (policy, error);
  if (stage == NULL)
    return NULL;

  self = g_object_new (SD_TYPE_OBJECTION, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);
  self->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  self->resource_code = g_strdup (sd_catalogue_entry_get_resource_code (entry));
  self->provider = g_strdup (sd_catalogue_entry_get_provider_uscc (entry));
  self->consumer = g_strdup (raise->department);
  self->description = g_strdup (sd_workflow_request_get (raise, "description"));
  self->evidence = g_strdup (sd_workflow_request_get (raise, "evidence"));

  if (!plan_stage (self, stage, &raise->date, &plan, error))
    return NULL;
  enter_stage (self, &plan);
  record (self, raise, NULL);
  return g_steal_pointer (&self);
}

gboolean
sd_objection_apply (SdObjection             *self,
                    const SdWorkflowRequest *request,
                    GError                 **error)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), FALSE);
  g_return_val_if_fail (request != NULL && g_date_valid (&request->date), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sd_workflow_dispatch (self, transitions, G_N_ELEMENTS (transitions), "raise",
                                self->state,
                                /* Translators: %s is the action given; keep the action names
                                 * in quotes as they are: they are what the API accepts. */
                                N_("“%s” is not an action on an objection; use “answer”, “forward”, “close” or “reopen”."),
                                request, error);
}

const char *
sd_objection_get_state (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->state;
}

const char *
sd_objection_get_stage (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->stage;
}

/* The stage's role while open; the raising consumer's turn (close or
 * reopen) once answered; nobody's once closed. */
SdRole
sd_objection_get_current_role (SdObjection *self)
{
  const SdPolicyStage *stage;

  g_return_val_if_fail (SD_IS_OBJECTION (self), SD_ROLE_INVALID);

  if (g_str_equal (self->state, STATE_ANSWERED))
    return SD_ROLE_CONSUMER;
  stage = current_stage (self);
  return stage != NULL ? stage->role : SD_ROLE_INVALID;
}

SD_WORKFLOW_DEFINE_DUE_GETTERS (SdObjection, sd_objection, SD_IS_OBJECTION)

gboolean
sd_objection_is_overdue (SdObjection *self,
                         const GDate *today)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), FALSE);
  return g_str_equal (self->state, STATE_OPEN) &&
         _sd_workflow_is_overdue (&self->due.date, today);
}

const char *
sd_objection_get_result (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->result;
}

const char *
sd_objection_get_consumer (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->consumer;
}

const char *
sd_objection_get_provider (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->provider;
}

GPtrArray *
sd_objection_get_history (SdObjection *self)
{
  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);
  return self->history;
}

/* --- JSON ---------------------------------------------------------------- */

JsonNode *
sd_objection_to_json (SdObjection *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SD_IS_OBJECTION (self), NULL);

  json_builder_begin_object (builder);
  _sd_json_builder_add_string (builder, "profile", sd_policy_get_id (self->policy));
  _sd_json_builder_add_string (builder, "entry_id", self->entry_id);
  _sd_json_builder_add_string (builder, "resource_code", self->resource_code);
  _sd_json_builder_add_string (builder, "provider", self->provider);
  _sd_json_builder_add_string (builder, "consumer", self->consumer);
  _sd_json_builder_add_string (builder, "description", self->description);
  _sd_json_builder_add_string (builder, "evidence", self->evidence);
  _sd_json_builder_add_string (builder, "state", self->state);
  _sd_json_builder_add_string (builder, "stage", self->stage);
  _sd_workflow_due_to_json (&self->due, builder);
  _sd_json_builder_add_string (builder, "result", self->result);
  _sd_json_builder_add_string (builder, "reply", self->reply);
  _sd_json_builder_add_history (builder, "history", self->history);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The state and stage must agree with each other and with the profile:
 * a stored objection from another profile cannot be resumed here. */
static gboolean
read_progress (SdObjection  *self,
               JsonObject   *object,
               GError      **error)
{
  const char *state;
  const char *profile;
  gboolean open;

  if (!_sd_json_get_string (object, "profile", TRUE, &profile, error) ||
      !_sd_json_get_string (object, "state", TRUE, &state, error) ||
      !_sd_json_read_string (object, "stage", FALSE, &self->stage, error) ||
      !_sd_workflow_due_from_json (&self->due, object, error) ||
      !_sd_workflow_check_profile (self->policy, profile, error) ||
      !_sd_workflow_find_state (states, state, &self->state, error))
    return FALSE;

  open = g_str_equal (self->state, STATE_OPEN);
  if (open != (self->stage != NULL) || (open && current_stage (self) == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "stage “%s” does not fit state “%s”",
                   self->stage != NULL ? self->stage : "null", state);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_objection (SdObjection  *self,
                JsonObject   *object,
                GError      **error)
{
  return _sd_json_read_string (object, "entry_id", FALSE, &self->entry_id, error) &&
         _sd_json_read_string (object, "resource_code", FALSE, &self->resource_code, error) &&
         _sd_json_read_string (object, "provider", TRUE, &self->provider, error) &&
         _sd_json_read_string (object, "consumer", TRUE, &self->consumer, error) &&
         _sd_json_read_string (object, "description", TRUE, &self->description, error) &&
         _sd_json_read_string (object, "evidence", FALSE, &self->evidence, error) &&
         _sd_json_read_string (object, "result", FALSE, &self->result, error) &&
         _sd_json_read_string (object, "reply", FALSE, &self->reply, error) &&
         read_progress (self, object, error);
}

SdObjection *
sd_objection_new_from_json (SdPolicy    *policy,
                            SdCalendar  *calendar,
                            JsonNode    *node,
                            GError     **error)
{
  g_autoptr(SdObjection) self = NULL;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SD_TYPE_OBJECTION, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);
  if (!_sd_workflow_restore (self, node, (SdWorkflowReadFunc) read_objection, &self->history,
                             "objection", error))
    return NULL;
  return g_steal_pointer (&self);
}
