/* sd-application.c — a data-use application (数据共享申请) and its flow.
 *
 * The flow is data: the review stages of the entry's share type in the
 * policy profile, then, where the share type allows it, the profile's
 * negotiation ladder. Two provisions replace the stages with a single one
 * that no share type lists: mot-2021 art. 13 (out-of-industry data is
 * authorised by the supervisor) and panjin-2016 art. 24 (development use
 * needs the big-data center's approval).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdarg.h>

#include "sd-application.h"
#include "sd-workflow-private.h"

#define STATE_IN_REVIEW           "in-review"
#define STATE_MATERIALS_REQUESTED "materials-requested"
#define STATE_NEGOTIATING         "negotiating"
#define STATE_AGREEMENT_PENDING   "agreement-pending"
#define STATE_AUTHORISED          "authorised"
#define STATE_REFUSED             "refused"
#define STATE_WITHDRAWN           "withdrawn"

static const char * const states[] = {
  STATE_IN_REVIEW, STATE_MATERIALS_REQUESTED, STATE_NEGOTIATING,
  STATE_AGREEMENT_PENDING, STATE_AUTHORISED, STATE_REFUSED, STATE_WITHDRAWN,
  NULL
};

/* Which stages an application goes through. */
#define ROUTE_REVIEW      "review"       /* the share type's stages */
#define ROUTE_EXTERNAL    "external"     /* mot-2021 art. 13 */
#define ROUTE_DEVELOPMENT "development"  /* panjin-2016 art. 24 */

static const char * const routes[] = {
  ROUTE_REVIEW, ROUTE_EXTERNAL, ROUTE_DEVELOPMENT, NULL
};

#define PURPOSE_DUTY        "duty"
#define PURPOSE_DEVELOPMENT "development"

struct _SdApplication
{
  GObject        parent_instance;

  /* owned */
  SdPolicy      *policy;
  SdCalendar    *calendar;
  char          *entry_id;
  char          *share_type_id;
  char          *provider;
  char          *consumer;
  char          *purpose;
  char          *purpose_kind;
  char          *route;
  char          *state;
  GPtrArray     *history;        /* of SdWorkflowEvent */
  SdPolicyStage *route_stage;    /* the single stage of a non-review route */

  /* borrowed from the policy (or route_stage) */
  const SdShareType *share_type;
  GPtrArray     *stages;         /* of const SdPolicyStage*, container only */

  int            stage_index;    /* into stages, -1 when no stage is open */
  int            level_index;    /* negotiation level reached, -1 = none yet */
  SdWorkflowDue  due;
  gboolean       delegated;
};

G_DEFINE_FINAL_TYPE (SdApplication, sd_application, G_TYPE_OBJECT)

static void
sd_application_finalize (GObject *object)
{
  SdApplication *self = SD_APPLICATION (object);

  g_clear_object (&self->policy);
  g_clear_object (&self->calendar);
  g_free (self->entry_id);
  g_free (self->share_type_id);
  g_free (self->provider);
  g_free (self->consumer);
  g_free (self->purpose);
  g_free (self->purpose_kind);
  g_free (self->route);
  g_free (self->state);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->route_stage, _sd_policy_stage_free);

  G_OBJECT_CLASS (sd_application_parent_class)->finalize (object);
}

static void
sd_application_class_init (SdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_application_finalize;
}

static void
sd_application_init (SdApplication *self)
{
  self->history = _sd_workflow_history_new ();
  self->stages = g_ptr_array_new ();
  self->stage_index = -1;
  self->level_index = -1;
  _sd_workflow_due_clear (&self->due);
}

/* --- the flow ------------------------------------------------------------ */

static SdPolicyStage *
route_stage_new (SdPolicy   *policy,
                 const char *id,
                 const char *label,
                 SdRole      role,
                 const char *provision_id)
{
  const SdProvision *provision = sd_policy_get_provision (policy, provision_id);
  SdPolicyStage *stage = g_new0 (SdPolicyStage, 1);
  const char * const actions[] = { "approve", "refuse", NULL };

  stage->id = g_strdup (id);
  stage->label = g_strdup (label);
  stage->role = role;
  stage->deadline_wd = 0;   /* neither article sets a time limit */
  stage->article = provision != NULL && provision->article != NULL
                   ? sd_article_copy (provision->article) : NULL;
  stage->actions = g_strdupv ((char **) actions);
  stage->delegate_role = SD_ROLE_INVALID;
  return stage;
}

/* Chooses the route of a new application (not of a restored one, whose
 * route is stored: the entry may have changed since). */
static const char *
choose_route (SdPolicy          *policy,
              const SdShareType *share_type,
              SdCatalogueEntry  *entry,
              const char        *purpose_kind)
{
  gboolean negotiated_only = share_type->stages->len == 0 && share_type->negotiation;

  if (sd_policy_get_provision (policy, "application.external-approval") != NULL &&
      sd_catalogue_entry_get_external (entry) && !negotiated_only)
    return ROUTE_EXTERNAL;

  /* Conditional and special data already start at the center (art. 18,
   * 19); only data granted at once needs a center stage for development. */
  if (sd_policy_get_provision (policy, "application.development-approval") != NULL &&
      g_strcmp0 (purpose_kind, PURPOSE_DEVELOPMENT) == 0 &&
      share_type->stages->len == 0 && !share_type->negotiation)
    return ROUTE_DEVELOPMENT;

  return ROUTE_REVIEW;
}

static void
set_route (SdApplication *self,
           const char    *route)
{
  g_free (self->route);
  self->route = g_strdup (route);
  g_ptr_array_set_size (self->stages, 0);
  g_clear_pointer (&self->route_stage, _sd_policy_stage_free);

  if (g_str_equal (route, ROUTE_EXTERNAL))
    self->route_stage = route_stage_new (self->policy, "supervisor-approval",
                                         N_("Supervisor approval of out-of-industry data"),
                                         SD_ROLE_SUPERVISOR,
                                         "application.external-approval");
  else if (g_str_equal (route, ROUTE_DEVELOPMENT))
    self->route_stage = route_stage_new (self->policy, "center-development-approval",
                                         N_("Big-data center approval of development use"),
                                         SD_ROLE_SUPPORT,
                                         "application.development-approval");

  if (self->route_stage != NULL)
    g_ptr_array_add (self->stages, self->route_stage);
  else
    for (guint i = 0; i < self->share_type->stages->len; i++)
      g_ptr_array_add (self->stages, g_ptr_array_index (self->share_type->stages, i));
}

static const SdPolicyStage *
current_stage (SdApplication *self)
{
  if (self->stage_index < 0 || (guint) self->stage_index >= self->stages->len)
    return NULL;
  return g_ptr_array_index (self->stages, self->stage_index);
}

static int
find_stage (SdApplication *self,
            const char    *id)
{
  for (guint i = 0; i < self->stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (self->stages, i);

      if (g_strcmp0 (stage->id, id) == 0)
        return i;
    }
  return -1;
}

static gboolean
is_forward_target (SdApplication *self,
                   const char    *id)
{
  for (guint i = 0; i < self->stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (self->stages, i);

      if (g_strcmp0 (stage->forward_to, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The stage an approval at @index leads to, or -1 when it grants. A stage
 * that is the target of a "forward" is a detour, not a next step: the
 * panjin-2016 center approves directly and consults the provider only when
 * it forwards (art. 18). */
static int
next_stage (SdApplication *self,
            int            index)
{
  for (guint i = index + 1; i < self->stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (self->stages, i);

      if (!is_forward_target (self, stage->id))
        return i;
    }
  return -1;
}

static const SdPolicyItem *
current_level (SdApplication *self)
{
  GPtrArray *levels = sd_policy_get_negotiation_levels (self->policy);

  if (self->level_index < 0 || (guint) self->level_index >= levels->len)
    return NULL;
  return g_ptr_array_index (levels, self->level_index);
}

static const char *
department_of_role (SdApplication *self,
                    SdRole         role)
{
  return _sd_workflow_role_department (role, self->provider, self->consumer);
}

static gboolean
is_open_state (const char *state)
{
  return g_strcmp0 (state, STATE_IN_REVIEW) == 0 ||
         g_strcmp0 (state, STATE_MATERIALS_REQUESTED) == 0 ||
         g_strcmp0 (state, STATE_NEGOTIATING) == 0 ||
         g_strcmp0 (state, STATE_AGREEMENT_PENDING) == 0;
}

/* --- transitions --------------------------------------------------------- */

static void
set_state (SdApplication *self,
           const char    *state)
{
  g_free (self->state);
  self->state = g_strdup (state);
}

static const char *
current_stage_id (SdApplication *self)
{
  const SdPolicyStage *stage;
  const SdPolicyItem *level;

  if (g_strcmp0 (self->state, STATE_NEGOTIATING) == 0)
    return (level = current_level (self)) != NULL ? level->id : NULL;
  if (g_strcmp0 (self->state, STATE_IN_REVIEW) == 0 ||
      g_strcmp0 (self->state, STATE_MATERIALS_REQUESTED) == 0)
    return (stage = current_stage (self)) != NULL ? stage->id : NULL;
  return NULL;
}

static void
record (SdApplication           *self,
        const SdWorkflowRequest *request,
        const char              *from_state,
        gboolean                 delegated)
{
  g_ptr_array_add (self->history,
                   _sd_workflow_event_new (request, from_state, self->state,
                                           current_stage_id (self),
                                           &self->due.date, delegated));
}

/* Opens stage @index on the request's day with a full deadline. */
static gboolean
enter_stage (SdApplication           *self,
             const SdWorkflowRequest *request,
             int                      index,
             GError                 **error)
{
  const SdPolicyStage *stage = g_ptr_array_index (self->stages, index);

  if (index != self->stage_index)
    self->delegated = FALSE;   /* delegation is per stage */
  self->stage_index = index;
  set_state (self, STATE_IN_REVIEW);
  return _sd_workflow_due_start (&self->due, self->calendar, &request->date,
                                 stage->deadline_wd, error);
}

/* Approval, by the last stage, a negotiation level or at once (A3). */
static void
grant (SdApplication *self)
{
  self->stage_index = -1;
  self->delegated = FALSE;
  _sd_workflow_due_clear (&self->due);
  /* panjin-2016 art. 32: the agreement comes before any data. */
  if (sd_policy_get_provision (self->policy, "application.agreement") != NULL)
    set_state (self, STATE_AGREEMENT_PENDING);
  else
    set_state (self, STATE_AUTHORISED);
}

static void
finish (SdApplication *self,
        const char    *state)
{
  self->stage_index = -1;
  self->delegated = FALSE;
  _sd_workflow_due_clear (&self->due);
  set_state (self, state);
}

static void
enter_negotiation (SdApplication *self,
                   int            level_index)
{
  self->stage_index = -1;
  self->delegated = FALSE;
  self->level_index = level_index;
  /* No regulation sets a time limit for negotiation. */
  _sd_workflow_due_clear (&self->due);
  set_state (self, STATE_NEGOTIATING);
}

/* Opens the flow on submission. */
static gboolean
start (SdApplication           *self,
       const SdWorkflowRequest *request,
       GError                 **error)
{
  if (self->stages->len > 0)
    return enter_stage (self, request, 0, error);

  if (!self->share_type->negotiation)
    {
      grant (self);
      return TRUE;
    }

  if (sd_policy_get_negotiation_levels (self->policy)->len == 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE,
                   /* Translators: %s is the policy profile's name */
                   _("%s has no negotiation between departments for data that is not shared."),
                   sd_policy_get_label (self->policy));
      return FALSE;
    }
  enter_negotiation (self, 0);
  return TRUE;
}

/* --- checks -------------------------------------------------------------- */

static const char *
entry_title (SdCatalogueEntry *entry)
{
  const char *name = sd_catalogue_entry_get_name (entry);

  if (name != NULL && *name != '\0')
    return name;
  name = sd_catalogue_entry_get_resource_code (entry);
  return name != NULL ? name : "";
}

static gboolean
check_entry (SdPolicy          *policy,
             SdCatalogueEntry  *entry,
             const SdShareType **share_type,
             GError           **error)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);
  const char *type_id = sd_catalogue_entry_get_share_type (entry);

  if (state != SD_ENTRY_STATE_PUBLISHED)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                   /* Translators: the first %s is an entry's name, the second
                    * its state ("Draft", "Retired") */
                   _("“%s” cannot be applied for: it is not published (state “%s”)."),
                   entry_title (entry), sd_entry_state_get_label (state));
      return FALSE;
    }

  *share_type = sd_policy_find_share_type (policy, type_id != NULL ? type_id : "");
  if (*share_type == NULL)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: "“Vehicles” has the share type “x”, which
                    * Ministry of Transport, 2021 does not define." */
                   _("“%s” has the share type “%s”, which %s does not define."),
                   entry_title (entry), type_id != NULL ? type_id : "",
                   sd_policy_get_label (policy));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_consumer (SdPolicy                *policy,
                SdCatalogueEntry        *entry,
                const SdShareType       *share_type,
                const SdWorkflowRequest *submit,
                GError                 **error)
{
  const char * const *recipients;

  if (g_strcmp0 (submit->department, sd_catalogue_entry_get_provider_uscc (entry)) == 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT,
                   /* Translators: %s are a department's unified social credit
                    * code and an entry's name */
                   _("Department %s provides “%s” itself and cannot apply for it."),
                   submit->department, entry_title (entry));
      return FALSE;
    }

  if (g_strcmp0 (share_type->id, "special") != 0)
    return TRUE;

  /* panjin-2016 art. 19: special data goes to specific recipients only. */
  recipients = sd_catalogue_entry_get_share_recipients (entry);
  if (recipients == NULL || !g_strv_contains (recipients, submit->department))
    {
      const SdPolicyRule *rule = sd_policy_find_rule (policy, "C5p-recipients");
      const SdArticle *article = rule != NULL ? rule->article : share_type->article;
      g_autofree char *article_text = sd_article_format (article);

      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_RECIPIENT,
                   /* Translators: "Department 911… is not a listed recipient of
                    * the special data “Permits” (panjin-2016 art. 19)." */
                   _("Department %s is not a listed recipient of the special data “%s” (%s)."),
                   submit->department, entry_title (entry), article_text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_submission (SdPolicy                *policy,
                  const SdWorkflowRequest *submit,
                  GError                 **error)
{
  const SdProvision *provision;
  const char *kind;

  if (g_strcmp0 (submit->action, "submit") != 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: %s is an action, e.g. "approve" */
                   _("An application starts when it is submitted; it cannot start with “%s”."),
                   _sd_workflow_action_get_label (submit->action));
      return FALSE;
    }

  if (!_sd_workflow_check_role (submit, SD_ROLE_CONSUMER, NULL, error))
    return FALSE;

  if (submit->department == NULL || *submit->department == '\0')
    {
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                           _("The applying department’s unified social credit code is required."));
      return FALSE;
    }

  provision = sd_policy_get_provision (policy, "application.purpose");
  if (!_sd_workflow_require_param (submit, "purpose", _("A purpose"),
                                   provision != NULL ? provision->article : NULL,
                                   error))
    return FALSE;

  kind = sd_workflow_request_get (submit, "purpose_kind");
  if (kind != NULL && !g_str_equal (kind, PURPOSE_DUTY) &&
      !g_str_equal (kind, PURPOSE_DEVELOPMENT))
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   _("The purpose kind “%s” is unknown: use “duty” or “development”."),
                   kind);
      return FALSE;
    }
  return TRUE;
}

SdApplication *
sd_application_new (SdPolicy                *policy,
                    SdCalendar              *calendar,
                    SdCatalogueEntry        *entry,
                    const SdWorkflowRequest *submit,
                    GError                 **error)
{
  g_autoptr(SdApplication) self = NULL;
  const SdShareType *share_type = NULL;
  const char *kind;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), NULL);
  g_return_val_if_fail (submit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_submission (policy, submit, error) ||
      !check_entry (policy, entry, &share_type, error) ||
      !check_consumer (policy, entry, share_type, submit, error))
    return NULL;

  kind = sd_workflow_request_get (submit, "purpose_kind");

  self = g_object_new (SD_TYPE_APPLICATION, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);
  self->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  self->share_type = share_type;
  self->share_type_id = g_strdup (share_type->id);
  self->provider = g_strdup (sd_catalogue_entry_get_provider_uscc (entry));
  self->consumer = g_strdup (submit->department);
  self->purpose = g_strstrip (g_strdup (sd_workflow_request_get (submit, "purpose")));
  self->purpose_kind = g_strdup (kind != NULL ? kind : PURPOSE_DUTY);
  set_route (self, choose_route (policy, share_type, entry, self->purpose_kind));

  if (!start (self, submit, error))
    return NULL;
  record (self, submit, NULL, FALSE);
  return g_steal_pointer (&self);
}

/* --- actions ------------------------------------------------------------- */

static gboolean
check_stage_allows (SdApplication           *self,
                    const SdPolicyStage     *stage,
                    const SdWorkflowRequest *request,
                    GError                 **error)
{
  if (sd_policy_stage_allows (stage, request->action))
    return TRUE;

  _sd_workflow_set_stage_error (error, request, stage);
  return FALSE;
}

static gboolean
require_basis (SdApplication           *self,
               const SdWorkflowRequest *request,
               GError                 **error)
{
  const SdProvision *provision = sd_policy_get_provision (self->policy,
                                                          "application.refusal-basis");

  return _sd_workflow_require_param (request, "basis", _("A legal basis"),
                                     provision != NULL ? provision->article : NULL,
                                     error);
}

/* The article that allows (or, absent, does not allow) delegating. */
static char *
delegation_article (SdApplication       *self,
                    const SdPolicyStage *stage)
{
  const SdProvision *provision = sd_policy_get_provision (self->policy,
                                                          "application.delegation");

  if (stage->delegation_article != NULL)
    return sd_article_format (stage->delegation_article);
  if (provision != NULL && provision->article != NULL)
    return sd_article_format (provision->article);
  if (stage->article != NULL)
    return sd_article_format (stage->article);
  return g_strdup ("—");
}

/* A6, mot-2021 art. 14: the provider hands its stage to the support,
 * stays the owner and sees every decision taken for it. */
static gboolean
apply_delegate (SdApplication           *self,
                const SdWorkflowRequest *request,
                GError                 **error)
{
  const SdPolicyStage *stage = current_stage (self);
  g_autofree char *article_text = NULL;

  if (!_sd_workflow_check_role (request, SD_ROLE_PROVIDER, self->provider, error))
    return FALSE;

  if (stage->delegate_role != SD_ROLE_INVALID && !self->delegated)
    {
      self->delegated = TRUE;
      record (self, request, STATE_IN_REVIEW, FALSE);
      return TRUE;
    }

  article_text = delegation_article (self, stage);
  if (self->delegated)
    g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                 /* Translators: a stage name and the article on delegation */
                 _("The stage “%s” is already delegated (%s)."),
                 sd_policy_stage_get_label (stage), article_text);
  else
    g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                 /* Translators: a stage name and the article on delegation */
                 _("The stage “%s” cannot be delegated (%s)."),
                 sd_policy_stage_get_label (stage), article_text);
  return FALSE;
}

static gboolean
approve_stage (SdApplication           *self,
               const SdWorkflowRequest *request,
               GError                 **error)
{
  int next = next_stage (self, self->stage_index);

  if (next >= 0)
    return enter_stage (self, request, next, error);
  grant (self);
  return TRUE;
}

static gboolean
refuse (SdApplication           *self,
        const SdWorkflowRequest *request,
        GError                 **error)
{
  if (!require_basis (self, request, error))
    return FALSE;
  finish (self, STATE_REFUSED);
  return TRUE;
}

static gboolean
request_materials (SdApplication           *self,
                   const SdWorkflowRequest *request,
                   GError                 **error)
{
  const SdProvision *provision = sd_policy_get_provision (self->policy,
                                                          "application.materials");

  if (!_sd_workflow_require_param (request, "materials", _("A list of the materials needed"),
                                   provision != NULL ? provision->article : NULL,
                                   error))
    return FALSE;
  /* The clock stops until the consumer supplies them. */
  set_state (self, STATE_MATERIALS_REQUESTED);
  _sd_workflow_due_clear (&self->due);
  return TRUE;
}

static gboolean
forward (SdApplication           *self,
         const SdWorkflowRequest *request,
         GError                 **error)
{
  const SdPolicyStage *stage = current_stage (self);
  int target = stage->forward_to != NULL ? find_stage (self, stage->forward_to) : -1;

  if (target < 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                   /* Translators: %s is a stage name */
                   _("The stage “%s” has no stage to forward to."),
                   sd_policy_stage_get_label (stage));
      return FALSE;
    }
  return enter_stage (self, request, target, error);
}

/* approve, refuse, request-materials and forward at an open review stage,
 * by the stage's role or the role it was delegated to. */
static gboolean
apply_in_review (SdApplication           *self,
                 const SdWorkflowRequest *request,
                 GError                 **error)
{
  const SdPolicyStage *stage = current_stage (self);
  SdRole role = self->delegated ? stage->delegate_role : stage->role;
  gboolean by_delegate = self->delegated;
  gboolean done;

  if (!_sd_workflow_check_role (request, role, department_of_role (self, role), error) ||
      !check_stage_allows (self, stage, request, error))
    return FALSE;

  if (g_str_equal (request->action, "approve"))
    done = approve_stage (self, request, error);
  else if (g_str_equal (request->action, "refuse"))
    done = refuse (self, request, error);
  else if (g_str_equal (request->action, "request-materials"))
    done = request_materials (self, request, error);
  else
    done = forward (self, request, error);

  if (done)
    record (self, request, STATE_IN_REVIEW, by_delegate);
  return done;
}

static gboolean
apply_supply_materials (SdApplication           *self,
                        const SdWorkflowRequest *request,
                        GError                 **error)
{
  if (!_sd_workflow_check_role (request, SD_ROLE_CONSUMER, self->consumer, error) ||
      !_sd_workflow_require_param (request, "note", _("A note on the materials supplied"),
                                   NULL, error))
    return FALSE;

  /* The same stage again, with a full new deadline from today. */
  if (!_sd_workflow_due_start (&self->due, self->calendar, &request->date,
                               current_stage (self)->deadline_wd, error))
    return FALSE;
  set_state (self, STATE_IN_REVIEW);
  record (self, request, STATE_MATERIALS_REQUESTED, FALSE);
  return TRUE;
}

static gboolean
apply_in_negotiation (SdApplication           *self,
                      const SdWorkflowRequest *request,
                      GError                 **error)
{
  const SdPolicyItem *level = current_level (self);

  if (!_sd_workflow_check_role (request, level->role,
                                department_of_role (self, level->role), error))
    return FALSE;

  if (g_str_equal (request->action, "approve"))
    grant (self);
  else if (!refuse (self, request, error))
    return FALSE;
  record (self, request, STATE_NEGOTIATING, FALSE);
  return TRUE;
}

static gboolean
apply_escalate (SdApplication           *self,
                const SdWorkflowRequest *request,
                GError                 **error)
{
  GPtrArray *levels = sd_policy_get_negotiation_levels (self->policy);
  const SdPolicyItem *level;

  if (!_sd_workflow_check_role (request, SD_ROLE_CONSUMER, self->consumer, error))
    return FALSE;

  if (!self->share_type->negotiation || !g_str_equal (self->route, ROUTE_REVIEW) ||
      levels->len == 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                   /* Translators: "Ministry of Transport (2021) provides no
                    * negotiation after a refusal of “Conditional sharing” data." */
                   _("%s provides no negotiation after a refusal of “%s” data."),
                   sd_policy_get_label (self->policy),
                   sd_share_type_get_label (self->share_type));
      return FALSE;
    }

  if ((guint) (self->level_index + 1) >= levels->len)
    {
      g_autofree char *article_text = NULL;

      level = current_level (self);
      article_text = level->article != NULL ? sd_article_format (level->article) : g_strdup ("—");
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                   /* Translators: "The negotiation ladder is exhausted: “Negotiation
                    * between the departments” was its last level (mot-2021 art. 12)." */
                   _("The negotiation ladder is exhausted: “%s” was its last level (%s)."),
                   sd_policy_item_get_label (level), article_text);
      return FALSE;
    }

  level = g_ptr_array_index (levels, self->level_index + 1);
  if (!_sd_workflow_require_param (request, "reason", _("A reason"), level->article, error))
    return FALSE;

  enter_negotiation (self, self->level_index + 1);
  record (self, request, STATE_REFUSED, FALSE);
  return TRUE;
}

static gboolean
apply_acknowledge (SdApplication           *self,
                   const SdWorkflowRequest *request,
                   GError                 **error)
{
  if (!_sd_workflow_check_role (request, SD_ROLE_CONSUMER, self->consumer, error))
    return FALSE;
  set_state (self, STATE_AUTHORISED);
  record (self, request, STATE_AGREEMENT_PENDING, FALSE);
  return TRUE;
}

static gboolean
apply_withdraw (SdApplication           *self,
                const SdWorkflowRequest *request,
                GError                 **error)
{
  g_autofree char *from = NULL;

  if (!_sd_workflow_check_role (request, SD_ROLE_CONSUMER, self->consumer, error))
    return FALSE;
  from = g_strdup (self->state);
  finish (self, STATE_WITHDRAWN);
  record (self, request, from, FALSE);
  return TRUE;
}

static gboolean
is_action (const SdWorkflowRequest *request,
           const char              *action)
{
  return g_strcmp0 (request->action, action) == 0;
}

static gboolean
is_state (SdApplication *self,
          const char    *state)
{
  return g_strcmp0 (self->state, state) == 0;
}

static gboolean
is_known_action (const char *action)
{
  static const char * const actions[] = {
    "approve", "refuse", "request-materials", "supply-materials", "forward",
    "delegate", "escalate", "acknowledge-agreement", "withdraw", NULL
  };

  return action != NULL && g_strv_contains (actions, action);
}

gboolean
sd_application_apply (SdApplication           *self,
                      const SdWorkflowRequest *request,
                      GError                 **error)
{
  gboolean review_action;

  g_return_val_if_fail (SD_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_known_action (request->action))
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   _("An application has no action “%s”."),
                   request->action != NULL ? request->action : "");
      return FALSE;
    }

  review_action = is_action (request, "approve") || is_action (request, "refuse") ||
                  is_action (request, "request-materials") || is_action (request, "forward");

  if (is_action (request, "withdraw") && is_open_state (self->state))
    return apply_withdraw (self, request, error);
  if (is_action (request, "delegate") && is_state (self, STATE_IN_REVIEW))
    return apply_delegate (self, request, error);
  if (review_action && is_state (self, STATE_IN_REVIEW))
    return apply_in_review (self, request, error);
  if ((is_action (request, "approve") || is_action (request, "refuse")) &&
      is_state (self, STATE_NEGOTIATING))
    return apply_in_negotiation (self, request, error);
  if (is_action (request, "supply-materials") && is_state (self, STATE_MATERIALS_REQUESTED))
    return apply_supply_materials (self, request, error);
  if (is_action (request, "escalate") && is_state (self, STATE_REFUSED))
    return apply_escalate (self, request, error);
  if (is_action (request, "acknowledge-agreement") && is_state (self, STATE_AGREEMENT_PENDING))
    return apply_acknowledge (self, request, error);

  _sd_workflow_set_state_error (error, request, self->state);
  return FALSE;
}

/* --- getters ------------------------------------------------------------- */

const char *
sd_application_get_state (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->state;
}

const char *
sd_application_get_stage (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return current_stage_id (self);
}

/* Whether a refused application may still go up the negotiation ladder. */
static gboolean
can_escalate (SdApplication *self)
{
  GPtrArray *levels = sd_policy_get_negotiation_levels (self->policy);

  return self->share_type->negotiation && g_str_equal (self->route, ROUTE_REVIEW) &&
         (guint) (self->level_index + 1) < levels->len;
}

SdRole
sd_application_get_current_role (SdApplication *self)
{
  const SdPolicyStage *stage;

  g_return_val_if_fail (SD_IS_APPLICATION (self), SD_ROLE_INVALID);

  if (is_state (self, STATE_IN_REVIEW))
    {
      stage = current_stage (self);
      return self->delegated ? stage->delegate_role : stage->role;
    }
  if (is_state (self, STATE_NEGOTIATING))
    return current_level (self)->role;
  if (is_state (self, STATE_MATERIALS_REQUESTED) ||
      is_state (self, STATE_AGREEMENT_PENDING) ||
      (is_state (self, STATE_REFUSED) && can_escalate (self)))
    return SD_ROLE_CONSUMER;
  return SD_ROLE_INVALID;
}

const char *
sd_application_get_current_department (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return department_of_role (self, sd_application_get_current_role (self));
}

SD_WORKFLOW_DEFINE_DUE_GETTERS (SdApplication, sd_application, SD_IS_APPLICATION)

gboolean
sd_application_is_overdue (SdApplication *self,
                           const GDate   *today)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), FALSE);
  return _sd_workflow_is_overdue (&self->due.date, today);
}

const char *
sd_application_get_purpose (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->purpose;
}

const char *
sd_application_get_purpose_kind (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->purpose_kind;
}

const char *
sd_application_get_consumer (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->consumer;
}

const char *
sd_application_get_provider (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->provider;
}

const char *
sd_application_get_entry_id (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->entry_id;
}

const char *
sd_application_get_share_type (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->share_type_id;
}

gboolean
sd_application_is_delegated (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), FALSE);
  return self->delegated;
}

GPtrArray *
sd_application_get_history (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->history;
}

/* --- JSON ---------------------------------------------------------------- */

JsonNode *
sd_application_to_json (SdApplication *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const SdPolicyStage *stage;
  const SdPolicyItem *level;

  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);

  stage = current_stage (self);
  level = current_level (self);

  json_builder_begin_object (builder);
  _sd_json_builder_add_string (builder, "policy", sd_policy_get_id (self->policy));
  _sd_json_builder_add_string (builder, "entry_id", self->entry_id);
  _sd_json_builder_add_string (builder, "share_type", self->share_type_id);
  _sd_json_builder_add_string (builder, "provider", self->provider);
  _sd_json_builder_add_string (builder, "consumer", self->consumer);
  _sd_json_builder_add_string (builder, "purpose", self->purpose);
  _sd_json_builder_add_string (builder, "purpose_kind", self->purpose_kind);
  _sd_json_builder_add_string (builder, "route", self->route);
  _sd_json_builder_add_string (builder, "state", self->state);
  _sd_json_builder_add_string (builder, "stage", stage != NULL ? stage->id : NULL);
  _sd_json_builder_add_string (builder, "negotiation_level", level != NULL ? level->id : NULL);
  _sd_workflow_due_to_json (&self->due, builder);
  json_builder_set_member_name (builder, "delegated");
  json_builder_add_boolean_value (builder, self->delegated);
  _sd_json_builder_add_history (builder, "history", self->history);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char * const application_members[] = {
  "policy", "entry_id", "share_type", "provider", "consumer", "purpose",
  "purpose_kind", "route", "state", "stage", "negotiation_level", "due_date",
  "due_uncovered", "delegated", "history", NULL
};

static gboolean invalid (GError    **error,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* A stored application that cannot be restored (not a user's mistake, so
 * the message is not translated). */
static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
restore_position (SdApplication *self,
                  const char    *stage_id,
                  const char    *level_id,
                  GError       **error)
{
  GPtrArray *levels = sd_policy_get_negotiation_levels (self->policy);

  if (stage_id != NULL && (self->stage_index = find_stage (self, stage_id)) < 0)
    return invalid (error, "application: unknown stage “%s”", stage_id);

  if (level_id != NULL)
    {
      for (guint i = 0; i < levels->len && self->level_index < 0; i++)
        if (g_str_equal (((SdPolicyItem *) g_ptr_array_index (levels, i))->id, level_id))
          self->level_index = i;
      if (self->level_index < 0)
        return invalid (error, "application: unknown negotiation level “%s”", level_id);
    }

  /* The position must fit the state, or the getters would lie. */
  if ((is_state (self, STATE_IN_REVIEW) || is_state (self, STATE_MATERIALS_REQUESTED)) !=
      (self->stage_index >= 0))
    return invalid (error, "application: state “%s” does not match the stage", self->state);
  if (is_state (self, STATE_NEGOTIATING) && self->level_index < 0)
    return invalid (error, "application: state “%s” without a negotiation level", self->state);
  return TRUE;
}

static gboolean
restore_members (SdApplication *self,
                 JsonObject    *object,
                 GError       **error)
{
  const char *entry_id, *share_type, *provider, *consumer, *purpose, *kind;
  const char *route, *state, *stage, *level;

  if (!_sd_json_get_string (object, "entry_id", FALSE, &entry_id, error) ||
      !_sd_json_get_string (object, "share_type", TRUE, &share_type, error) ||
      !_sd_json_get_string (object, "provider", FALSE, &provider, error) ||
      !_sd_json_get_string (object, "consumer", TRUE, &consumer, error) ||
      !_sd_json_get_string (object, "purpose", TRUE, &purpose, error) ||
      !_sd_json_get_string (object, "purpose_kind", TRUE, &kind, error) ||
      !_sd_json_get_string (object, "route", TRUE, &route, error) ||
      !_sd_json_get_string (object, "state", TRUE, &state, error) ||
      !_sd_json_get_string (object, "stage", FALSE, &stage, error) ||
      !_sd_json_get_string (object, "negotiation_level", FALSE, &level, error) ||
      !_sd_workflow_due_from_json (&self->due, object, error) ||
      !_sd_json_get_boolean (object, "delegated", &self->delegated, error))
    return FALSE;

  self->share_type = sd_policy_find_share_type (self->policy, share_type);
  if (self->share_type == NULL)
    return invalid (error, "application: unknown share type “%s”", share_type);
  if (!g_strv_contains (routes, route))
    return invalid (error, "application: unknown route “%s”", route);
  if (!g_strv_contains (states, state))
    return invalid (error, "application: unknown state “%s”", state);
  if (!g_str_equal (kind, PURPOSE_DUTY) && !g_str_equal (kind, PURPOSE_DEVELOPMENT))
    return invalid (error, "application: unknown purpose kind “%s”", kind);

  self->entry_id = g_strdup (entry_id);
  self->share_type_id = g_strdup (share_type);
  self->provider = g_strdup (provider);
  self->consumer = g_strdup (consumer);
  self->purpose = g_strdup (purpose);
  self->purpose_kind = g_strdup (kind);
  self->state = g_strdup (state);
  set_route (self, route);

  return restore_position (self, stage, level, error);
}

SdApplication *
sd_application_new_from_json (SdPolicy    *policy,
                              SdCalendar  *calendar,
                              JsonNode    *node,
                              GError     **error)
{
  g_autoptr(SdApplication) self = NULL;
  JsonObject *object;
  const char *policy_id;
  g_autoptr(GPtrArray) history = NULL;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "application: %s", "not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!_sd_json_check_members (object, application_members, "application", error) ||
      !_sd_json_get_string (object, "policy", TRUE, &policy_id, error))
    return NULL;
  /* A case decided under one regulation must not be replayed under another. */
  if (!g_str_equal (policy_id, sd_policy_get_id (policy)))
    {
      invalid (error, "application: stored under the profile “%s”", policy_id);
      return NULL;
    }

  self = g_object_new (SD_TYPE_APPLICATION, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);

  if (!restore_members (self, object, error))
    return NULL;

  history = _sd_workflow_history_from_json (json_object_get_member (object, "history"), error);
  if (history == NULL)
    return NULL;
  g_ptr_array_unref (self->history);
  self->history = g_steal_pointer (&history);

  return g_steal_pointer (&self);
}
