/* sd-workflow.c — requests, events, due dates and the checks the workflow
 * machines share. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "sd-workflow.h"
#include "sd-workflow-private.h"

G_DEFINE_QUARK (sd-workflow-error-quark, sd_workflow_error)

static GHashTable *
params_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
params_copy (GHashTable *params)
{
  GHashTable *copy = params_new ();
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
  return copy;
}

static void
copy_date (GDate *dest, const GDate *src)
{
  g_date_clear (dest, 1);
  if (src != NULL && g_date_valid (src))
    *dest = *src;
}

/* --- SdWorkflowRequest --------------------------------------------------- */

G_DEFINE_BOXED_TYPE (SdWorkflowRequest, sd_workflow_request,
                     sd_workflow_request_copy, sd_workflow_request_free)

SdWorkflowRequest *
sd_workflow_request_new (const char  *action,
                         SdRole       role,
                         const char  *department,
                         const GDate *date)
{
  SdWorkflowRequest *self;

  g_return_val_if_fail (action != NULL, NULL);

  self = g_new0 (SdWorkflowRequest, 1);
  self->action = g_strdup (action);
  self->role = role;
  self->department = g_strdup (department);
  copy_date (&self->date, date);
  self->params = params_new ();
  return self;
}

SdWorkflowRequest *
sd_workflow_request_copy (const SdWorkflowRequest *self)
{
  SdWorkflowRequest *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sd_workflow_request_new (self->action, self->role, self->department,
                                  &self->date);
  g_hash_table_unref (copy->params);
  copy->params = params_copy (self->params);
  return copy;
}

void
sd_workflow_request_free (SdWorkflowRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->action);
  g_free (self->department);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_free (self);
}

void
sd_workflow_request_set (SdWorkflowRequest *self,
                         const char        *name,
                         const char        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->params, name);
  else
    g_hash_table_insert (self->params, g_strdup (name), g_strdup (value));
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

const char *
sd_workflow_request_get (const SdWorkflowRequest *self,
                         const char              *name)
{
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = g_hash_table_lookup (self->params, name);
  if (value == NULL || is_blank (value))
    return NULL;
  return value;
}

/* --- SdWorkflowEvent ----------------------------------------------------- */

G_DEFINE_BOXED_TYPE (SdWorkflowEvent, sd_workflow_event,
                     sd_workflow_event_copy, sd_workflow_event_free)

static SdWorkflowEvent *
event_new (const char  *action,
           SdRole       role,
           const char  *department,
           const GDate *date,
           const char  *from_state,
           const char  *to_state,
           const char  *stage,
           const GDate *due,
           gboolean     delegated,
           GHashTable  *params)
{
  SdWorkflowEvent *self = g_new0 (SdWorkflowEvent, 1);

  self->action = g_strdup (action);
  self->role = role;
  self->department = g_strdup (department);
  copy_date (&self->date, date);
  self->from_state = g_strdup (from_state);
  self->to_state = g_strdup (to_state);
  self->stage = g_strdup (stage);
  copy_date (&self->due_date, due);
  self->delegated = delegated;
  self->params = params != NULL ? params_copy (params) : params_new ();
  return self;
}

SdWorkflowEvent *
_sd_workflow_event_new (const SdWorkflowRequest *request,
                        const char              *from_state,
                        const char              *to_state,
                        const char              *stage,
                        const GDate             *due,
                        gboolean                 delegated)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (to_state != NULL, NULL);

  return event_new (request->action, request->role, request->department,
                    &request->date, from_state, to_state, stage, due,
                    delegated, request->params);
}

SdWorkflowEvent *
sd_workflow_event_copy (const SdWorkflowEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return event_new (self->action, self->role, self->department, &self->date,
                    self->from_state, self->to_state, self->stage,
                    &self->due_date, self->delegated, self->params);
}

void
sd_workflow_event_free (SdWorkflowEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->action);
  g_free (self->department);
  g_free (self->from_state);
  g_free (self->to_state);
  g_free (self->stage);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_free (self);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

JsonNode *
sd_workflow_event_to_json (const SdWorkflowEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree const char **names = NULL;
  guint n_names;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  _sd_json_builder_add_string (builder, "action", self->action);
  _sd_json_builder_add_string (builder, "role", sd_role_to_string (self->role));
  _sd_json_builder_add_string (builder, "department", self->department);
  _sd_json_builder_add_date (builder, "date", &self->date);
  _sd_json_builder_add_string (builder, "from_state", self->from_state);
  _sd_json_builder_add_string (builder, "to_state", self->to_state);
  _sd_json_builder_add_string (builder, "stage", self->stage);
  _sd_json_builder_add_date (builder, "due_date", &self->due_date);
  json_builder_set_member_name (builder, "delegated");
  json_builder_add_boolean_value (builder, self->delegated);

  /* Sorted, so that the same event always gives the same text. */
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  names = (const char **) g_hash_table_get_keys_as_array (self->params, &n_names);
  qsort (names, n_names, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_names; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder,
                                     g_hash_table_lookup (self->params, names[i]));
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char * const event_members[] = {
  "action", "role", "department", "date", "from_state", "to_state", "stage",
  "due_date", "delegated", "params", NULL
};

static GHashTable *
params_from_json (JsonObject *object, GError **error)
{
  g_autoptr(GHashTable) params = params_new ();
  JsonNode *node = json_object_get_member (object, "params");
  JsonObject *params_object;
  g_autoptr(GList) members = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&params);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "workflow event: “params” is not an object");
      return NULL;
    }

  params_object = json_node_get_object (node);
  members = json_object_get_members (params_object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (params_object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "workflow event: param “%s” is not a string",
                       (const char *) l->data);
          return NULL;
        }
      g_hash_table_insert (params, g_strdup (l->data),
                           g_strdup (json_node_get_string (value)));
    }
  return g_steal_pointer (&params);
}

SdWorkflowEvent *
sd_workflow_event_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  JsonObject *object;
  const char *action, *department, *from_state, *to_state, *stage;
  SdRole role;
  GDate date, due;
  gboolean delegated = FALSE;
  g_autoptr(GHashTable) params = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "workflow event: not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!_sd_json_check_members (object, event_members, "workflow event", error) ||
      !_sd_json_get_string (object, "action", TRUE, &action, error) ||
      !_sd_json_get_role (object, "role", &role, error) ||
      !_sd_json_get_string (object, "department", FALSE, &department, error) ||
      !_sd_json_get_date (object, "date", TRUE, &date, error) ||
      !_sd_json_get_string (object, "from_state", FALSE, &from_state, error) ||
      !_sd_json_get_string (object, "to_state", TRUE, &to_state, error) ||
      !_sd_json_get_string (object, "stage", FALSE, &stage, error) ||
      !_sd_json_get_date (object, "due_date", FALSE, &due, error) ||
      !_sd_json_get_boolean (object, "delegated", &delegated, error))
    return NULL;

  params = params_from_json (object, error);
  if (params == NULL)
    return NULL;

  return event_new (action, role, department, &date, from_state, to_state,
                    stage, &due, delegated, params);
}

/* --- due dates ----------------------------------------------------------- */

gboolean
sd_workflow_compute_due (SdCalendar   *calendar,
                         const GDate  *start,
                         guint         deadline_wd,
                         GDate        *due,
                         GError      **error)
{
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  g_date_clear (due, 1);
  if (deadline_wd == 0)
    return TRUE;

  if (!sd_calendar_add_working_days (calendar, start, deadline_wd, due, error))
    {
      g_date_clear (due, 1);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_workflow_working_days_left (SdCalendar   *calendar,
                               const GDate  *due,
                               const GDate  *today,
                               int          *days_left,
                               GError      **error)
{
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (due != NULL && g_date_valid (due), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (days_left != NULL, FALSE);

  return sd_calendar_working_days_between (calendar, today, due, days_left, error);
}

gboolean
sd_workflow_catalogue_update_due (SdPolicy     *policy,
                                  SdCalendar   *calendar,
                                  const GDate  *trigger,
                                  GDate        *due,
                                  GError      **error)
{
  const SdProvision *provision;

  g_return_val_if_fail (SD_IS_POLICY (policy), FALSE);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (trigger != NULL && g_date_valid (trigger), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  g_date_clear (due, 1);
  provision = sd_policy_get_provision (policy, "catalogue.update-deadline");
  if (provision == NULL || provision->value <= 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE,
                   /* Translators: %s is the policy profile, e.g. "Ministry of Transport, 2021" */
                   _("%s sets no deadline for revising the catalogue after a change of law or functions."),
                   sd_policy_get_label (policy));
      return FALSE;
    }

  if (g_strcmp0 (provision->unit, "months") == 0)
    {
      *due = *trigger;
      g_date_add_months (due, provision->value);
      return TRUE;
    }

  return sd_workflow_compute_due (calendar, trigger, provision->value, due, error);
}

/* --- shared checks ------------------------------------------------------- */

const char *
_sd_workflow_action_get_label (const char *action)
{
  static const struct {
    const char *action;
    const char *label;
  } labels[] = {
    { "submit", NC_("workflow action", "submit an application") },
    { "approve", NC_("workflow action", "approve") },
    { "refuse", NC_("workflow action", "refuse") },
    { "request-materials", NC_("workflow action", "request materials") },
    { "supply-materials", NC_("workflow action", "supply materials") },
    { "forward", NC_("workflow action", "forward") },
    { "delegate", NC_("workflow action", "delegate the review") },
    { "escalate", NC_("workflow action", "escalate") },
    { "acknowledge-agreement", NC_("workflow action", "acknowledge the agreement") },
    { "withdraw", NC_("workflow action", "withdraw") },
    { "raise", NC_("workflow action", "raise an objection") },
    { "answer", NC_("workflow action", "answer") },
    { "close", NC_("workflow action", "close") },
    { "reopen", NC_("workflow action", "reopen") },
    { "open", NC_("workflow action", "open a rectification case") },
    { "respond", NC_("workflow action", "respond") },
    { "accept", NC_("workflow action", "accept") },
    { "return", NC_("workflow action", "return") },
    { "register", NC_("workflow action", "register a change") },
    { "take-effect", NC_("workflow action", "put the change into effect") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].action, action) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "workflow action", labels[i].label);
  return action;
}

const char *
_sd_workflow_state_get_label (const char *state)
{
  static const struct {
    const char *state;
    const char *label;
  } labels[] = {
    /* applications */
    { "in-review", NC_("workflow state", "in review") },
    { "materials-requested", NC_("workflow state", "waiting for materials") },
    { "negotiating", NC_("workflow state", "in negotiation") },
    { "agreement-pending", NC_("workflow state", "waiting for the agreement") },
    { "authorised", NC_("workflow state", "authorised") },
    { "refused", NC_("workflow state", "refused") },
    { "withdrawn", NC_("workflow state", "withdrawn") },
    /* objections */
    { "open", NC_("workflow state", "open") },
    { "answered", NC_("workflow state", "answered") },
    { "closed", NC_("workflow state", "closed") },
    /* rectification cases */
    { "awaiting-response", NC_("workflow state", "waiting for the response") },
    { "under-review", NC_("workflow state", "under review") },
    { "rectified", NC_("workflow state", "rectified") },
    { "escalated", NC_("workflow state", "escalated") },
    /* change registrations */
    { "registered", NC_("workflow state", "registered") },
    { "effective", NC_("workflow state", "in effect") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].state, state) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "workflow state", labels[i].label);
  return state;
}

char *
_sd_workflow_provision_article (SdPolicy   *policy,
                                const char *provision_id)
{
  const SdProvision *provision = sd_policy_get_provision (policy, provision_id);

  if (provision == NULL || provision->article == NULL)
    return NULL;
  return sd_article_format (provision->article);
}

gboolean
_sd_workflow_require_param (const SdWorkflowRequest *request,
                            const char              *name,
                            const char              *label,
                            const SdArticle         *article,
                            GError                 **error)
{
  g_autofree char *article_text = NULL;
  const char *action;

  if (sd_workflow_request_get (request, name) != NULL)
    return TRUE;

  action = _sd_workflow_action_get_label (request->action);
  if (article == NULL)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                   /* Translators: "A legal basis is required to refuse." The
                    * first %s names what is missing, the second is the action. */
                   _("%s is required to %s."), label, action);
      return FALSE;
    }

  article_text = sd_article_format (article);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
               /* Translators: "A legal basis is required to refuse (mot-2021
                * art. 12)." The first %s names what is missing, the second is
                * the action, the third the article that requires it. */
               _("%s is required to %s (%s)."), label, action, article_text);
  return FALSE;
}

static const char *
role_label (SdRole role)
{
  const char *label = sd_role_get_label (role);

  return label != NULL ? label : "—";
}

gboolean
_sd_workflow_check_role (const SdWorkflowRequest *request,
                         SdRole                   role,
                         const char              *department,
                         GError                 **error)
{
  if (request->role != role)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_ROLE,
                   /* Translators: "Only the role “Provider department” can
                    * approve at this point, not “Consumer department”." The first
                    * and last %s are roles, the second an action. */
                   _("Only the role “%s” can %s at this point, not “%s”."),
                   role_label (role),
                   _sd_workflow_action_get_label (request->action),
                   role_label (request->role));
      return FALSE;
    }

  if (department != NULL && g_strcmp0 (request->department, department) != 0)
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT,
                   /* Translators: "Only department 111… can approve here; the
                    * request comes from department 911…". The departments are
                    * unified social credit codes. */
                   _("Only department %s can %s here; the request comes from department %s."),
                   department,
                   _sd_workflow_action_get_label (request->action),
                   request->department != NULL ? request->department : "—");
      return FALSE;
    }
  return TRUE;
}

void
_sd_workflow_set_state_error (GError                 **error,
                              const SdWorkflowRequest *request,
                              const char              *state)
{
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
               /* Translators: "Cannot approve while the case is withdrawn." The
                * first %s is an action, the second a state. */
               _("Cannot %s while the case is %s."),
               _sd_workflow_action_get_label (request->action),
               _sd_workflow_state_get_label (state));
}

void
_sd_workflow_set_stage_error (GError                 **error,
                              const SdWorkflowRequest *request,
                              const SdPolicyStage     *stage)
{
  g_autofree char *article = NULL;

  article = stage->article != NULL ? sd_article_format (stage->article) : g_strdup ("—");
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
               /* Translators: "Cannot refuse at the stage “Center review”
                * (panjin-2016 art. 18)." The first %s is an action, the
                * second a stage, the third an article. */
               _("Cannot %s at the stage “%s” (%s)."),
               _sd_workflow_action_get_label (request->action),
               sd_policy_stage_get_label (stage), article);
}

const char *
_sd_workflow_role_department (SdRole      role,
                              const char *provider,
                              const char *consumer)
{
  switch (role)
    {
    case SD_ROLE_PROVIDER:
      return provider;
    case SD_ROLE_CONSUMER:
      return consumer;
    case SD_ROLE_SUPPORT:
    case SD_ROLE_SUPERVISOR:
    case SD_ROLE_ADMIN:
    case SD_ROLE_INVALID:
    default:
      return NULL;
    }
}

gboolean
_sd_workflow_require_state (const SdWorkflowRequest *request,
                            const char              *state,
                            const char              *expected,
                            const char              *also_expected,
                            GError                 **error)
{
  if (g_strcmp0 (state, expected) == 0 ||
      (also_expected != NULL && g_strcmp0 (state, also_expected) == 0))
    return TRUE;
  _sd_workflow_set_state_error (error, request, state);
  return FALSE;
}

/* The machines' messages are msgids: the compiler checks their format
 * where the machines write them (G_GNUC_PRINTF on the declarations), here
 * they are only passed on. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

gboolean
_sd_workflow_require_action (const SdWorkflowRequest *request,
                             const char              *action,
                             const char              *message,
                             GError                 **error)
{
  if (g_strcmp0 (request->action, action) == 0)
    return TRUE;

  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               g_dgettext (GETTEXT_PACKAGE, message), request->action);
  return FALSE;
}

gboolean
_sd_workflow_dispatch (gpointer                    self,
                       const SdWorkflowTransition *table,
                       guint                       n,
                       const char                 *create_action,
                       const char                 *state,
                       const char                 *unknown_action_message,
                       const SdWorkflowRequest    *request,
                       GError                    **error)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (table[i].action, request->action) == 0)
      return table[i].run (self, request, error);

  /* An action of the machine, but only to create a case. */
  if (g_strcmp0 (request->action, create_action) == 0)
    {
      _sd_workflow_set_state_error (error, request, state);
      return FALSE;
    }

  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               g_dgettext (GETTEXT_PACKAGE, unknown_action_message), request->action);
  return FALSE;
}

#pragma GCC diagnostic pop

gboolean
_sd_workflow_stage_due (SdCalendar   *calendar,
                        const GDate  *start,
                        guint         deadline_wd,
                        GDate        *due,
                        gboolean     *uncovered,
                        GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  *uncovered = FALSE;
  if (sd_workflow_compute_due (calendar, start, deadline_wd, due, &local_error))
    return TRUE;

  if (g_error_matches (local_error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED))
    {
      *uncovered = TRUE;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
_sd_workflow_is_overdue (const GDate *due,
                         const GDate *today)
{
  return due != NULL && g_date_valid (due) && today != NULL &&
         g_date_valid (today) && g_date_compare (today, due) > 0;
}

void
_sd_workflow_due_clear (SdWorkflowDue *due)
{
  g_date_clear (&due->date, 1);
  due->uncovered = FALSE;
}

gboolean
_sd_workflow_due_start (SdWorkflowDue *due,
                        SdCalendar    *calendar,
                        const GDate   *start,
                        guint          deadline_wd,
                        GError       **error)
{
  return _sd_workflow_stage_due (calendar, start, deadline_wd, &due->date,
                                 &due->uncovered, error);
}

void
_sd_workflow_due_to_json (const SdWorkflowDue *due,
                          JsonBuilder         *builder)
{
  _sd_json_builder_add_date (builder, "due_date", &due->date);
  json_builder_set_member_name (builder, "due_uncovered");
  json_builder_add_boolean_value (builder, due->uncovered);
}

gboolean
_sd_workflow_due_from_json (SdWorkflowDue *due,
                            JsonObject    *object,
                            GError       **error)
{
  return _sd_json_get_date (object, "due_date", FALSE, &due->date, error) &&
         _sd_json_get_boolean (object, "due_uncovered", &due->uncovered, error);
}

GPtrArray *
_sd_workflow_history_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sd_workflow_event_free);
}

JsonNode *
_sd_workflow_history_to_json (GPtrArray *history)
{
  JsonArray *array = json_array_sized_new (history->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < history->len; i++)
    json_array_add_element (array, sd_workflow_event_to_json (g_ptr_array_index (history, i)));
  json_node_take_array (node, array);
  return node;
}

GPtrArray *
_sd_workflow_history_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(GPtrArray) history = _sd_workflow_history_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "history: not an array");
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SdWorkflowEvent *event;

      event = sd_workflow_event_new_from_json (json_array_get_element (array, i), error);
      if (event == NULL)
        {
          g_prefix_error (error, "history[%u]: ", i);
          return NULL;
        }
      g_ptr_array_add (history, event);
    }
  return g_steal_pointer (&history);
}

gboolean
_sd_workflow_restore (gpointer             self,
                      JsonNode            *node,
                      SdWorkflowReadFunc   read_members,
                      GPtrArray          **history,
                      const char          *what,
                      GError             **error)
{
  g_autoptr(GPtrArray) restored = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a JSON object", what);
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!read_members (self, object, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  restored = _sd_workflow_history_from_json (json_object_get_member (object, "history"), error);
  if (restored == NULL)
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  g_clear_pointer (history, g_ptr_array_unref);
  *history = g_steal_pointer (&restored);
  return TRUE;
}

gboolean
_sd_workflow_check_profile (SdPolicy    *policy,
                            const char  *profile,
                            GError     **error)
{
  if (g_strcmp0 (profile, sd_policy_get_id (policy)) == 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "stored under profile “%s”, not “%s”",
               profile, sd_policy_get_id (policy));
  return FALSE;
}

gboolean
_sd_workflow_find_state (const char * const  *states,
                         const char          *name,
                         const char         **state,
                         GError             **error)
{
  for (guint i = 0; states[i] != NULL; i++)
    if (g_str_equal (states[i], name))
      {
        *state = states[i];
        return TRUE;
      }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "unknown state “%s”", name);
  return FALSE;
}

/* --- JSON helpers -------------------------------------------------------- */

gboolean
_sd_json_check_members (JsonObject         *object,
                        const char * const *known,
                        const char         *what,
                        GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s: unknown member “%s”", what, (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

gboolean
_sd_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char **value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s” is missing", member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s” is not a string", member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
_sd_json_read_string (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      char       **value,
                      GError     **error)
{
  const char *text;

  if (!_sd_json_get_string (object, member, required, &text, error))
    return FALSE;
  g_free (*value);
  *value = g_strdup (text);
  return TRUE;
}

gboolean
_sd_json_get_date (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   GDate       *date,
                   GError     **error)
{
  const char *text;

  g_date_clear (date, 1);
  if (!_sd_json_get_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!sd_date_parse_iso (text, date))
    {
      g_date_clear (date, 1);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s” is not a YYYY-MM-DD date: “%s”", member, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_json_get_boolean (JsonObject  *object,
                      const char  *member,
                      gboolean    *value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s” is missing or not a boolean", member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_sd_json_get_role (JsonObject  *object,
                   const char  *member,
                   SdRole      *role,
                   GError     **error)
{
  const char *text;

  if (!_sd_json_get_string (object, member, TRUE, &text, error))
    return FALSE;
  *role = sd_role_from_string (text);
  if (*role == SD_ROLE_INVALID)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s”: unknown role “%s”", member, text);
      return FALSE;
    }
  return TRUE;
}

void
_sd_json_builder_add_date (JsonBuilder *builder,
                           const char  *member,
                           const GDate *date)
{
  json_builder_set_member_name (builder, member);
  if (date != NULL && g_date_valid (date))
    {
      g_autofree char *text = sd_date_to_iso (date);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

void
_sd_json_builder_add_string (JsonBuilder *builder,
                             const char  *member,
                             const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
_sd_json_builder_add_history (JsonBuilder *builder,
                              const char  *member,
                              GPtrArray   *history)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, _sd_workflow_history_to_json (history));
}
