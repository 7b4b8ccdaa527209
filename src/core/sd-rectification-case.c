/* sd-rectification-case.c — a rectification notice (整改通知) and its case.
 *
 * The supervisor notifies a department of a violation the profile lists
 * (mot-2021 art. 23, state-council-2016 art. 24, panjin-2016 art. 36) and
 * sets the time limit; the department answers with a plan and evidence;
 * the supervisor accepts it, returns it with a new time limit, or escalates
 * to a sanction of the profile (mot-2021 art. 24, state-council-2016
 * art. 21 and 24, panjin-2016 art. 35-36). Every transition checks state,
 * then role and department, then params and their values, and changes
 * nothing unless all pass.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "sd-identifiers.h"
#include "sd-rectification-case.h"
#include "sd-workflow-private.h"

#define STATE_AWAITING_RESPONSE "awaiting-response"
#define STATE_UNDER_REVIEW      "under-review"
#define STATE_RECTIFIED         "rectified"
#define STATE_ESCALATED         "escalated"

static const char * const states[] = {
  STATE_AWAITING_RESPONSE, STATE_UNDER_REVIEW, STATE_RECTIFIED, STATE_ESCALATED, NULL
};

struct _SdRectificationCase
{
  GObject     parent_instance;

  SdPolicy   *policy;
  SdCalendar *calendar;

  char       *department;      /* USCC of the department notified */
  char       *violation_kind;
  char       *description;
  char       *sanction;        /* NULL until escalated */

  const char *state;           /* one of states[] */
  SdWorkflowDue due;           /* the time limit, while awaiting the response */

  GPtrArray  *history;         /* of SdWorkflowEvent */
};

G_DEFINE_FINAL_TYPE (SdRectificationCase, sd_rectification_case, G_TYPE_OBJECT)

static void
sd_rectification_case_finalize (GObject *object)
{
  SdRectificationCase *self = SD_RECTIFICATION_CASE (object);

  g_clear_object (&self->policy);
  g_clear_object (&self->calendar);
  g_free (self->department);
  g_free (self->violation_kind);
  g_free (self->description);
  g_free (self->sanction);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_rectification_case_parent_class)->finalize (object);
}

static void
sd_rectification_case_class_init (SdRectificationCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_rectification_case_finalize;
}

static void
sd_rectification_case_init (SdRectificationCase *self)
{
  self->state = STATE_AWAITING_RESPONSE;
  _sd_workflow_due_clear (&self->due);
  self->history = _sd_workflow_history_new ();
}

static void
record (SdRectificationCase     *self,
        const SdWorkflowRequest *request,
        const char              *from_state)
{
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (self->policy);
  gboolean awaiting = g_str_equal (self->state, STATE_AWAITING_RESPONSE);

  g_ptr_array_add (self->history,
                   _sd_workflow_event_new (request, from_state, self->state,
                                           awaiting ? stage->id : NULL,
                                           &self->due.date, FALSE));
}

/* --- checks -------------------------------------------------------------- */

/* "catalogue-not-maintained (mot-2021 art. 23(1)), data-not-provided (…)" */
static char *
format_items (GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const SdPolicyItem *item = g_ptr_array_index (items, i);

      if (i > 0)
        g_string_append (text, C_("list separator", ", "));
      if (item->article != NULL)
        {
          g_autofree char *article = sd_article_format (item->article);
          /* Translators: a value the API accepts and the article it comes
           * from: "data-misused (mot-2021 art. 23(5))" */
          g_string_append_printf (text, C_("list item", "%s (%s)"), item->id, article);
        }
      else
        g_string_append (text, item->id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
check_violation_kind (SdPolicy    *policy,
                      const char  *kind,
                      GError     **error)
{
  GPtrArray *kinds = sd_policy_get_violation_kinds (policy);
  g_autofree char *allowed = NULL;

  if (sd_policy_item_find (kinds, kind) != NULL)
    return TRUE;

  allowed = format_items (kinds);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: "“late” is not a violation kind of Ministry of
                * Transport, 2021; use one of: catalogue-not-maintained
                * (mot-2021 art. 23(1)), …". The ids are what the API accepts. */
               _("“%s” is not a violation kind of %s; use one of: %s."),
               kind, sd_policy_get_label (policy), allowed);
  return FALSE;
}

static gboolean
check_sanction (SdPolicy    *policy,
                const char  *sanction,
                GError     **error)
{
  GPtrArray *sanctions = sd_policy_get_sanctions (policy);
  g_autofree char *allowed = NULL;

  if (sd_policy_item_find (sanctions, sanction) != NULL)
    return TRUE;

  allowed = format_items (sanctions);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: "“fine” is not a sanction of Ministry of
                * Transport, 2021; use one of: no-om-funding (mot-2021
                * art. 24), …". The ids are what the API accepts. */
               _("“%s” is not a sanction of %s; use one of: %s."),
               sanction, sd_policy_get_label (policy), allowed);
  return FALSE;
}

static gboolean
check_department (const char  *department,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (sd_identifier_validate_uscc (department, &local_error))
    return TRUE;

  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: the first %s is the value given, the second
                * says what is wrong with it */
               _("The department “%s” is not a valid unified social credit code: %s"),
               department, local_error->message);
  return FALSE;
}

/* The time limit the supervisor sets in the notice ("due_date"). Without
 * one the profile's rectification stage deadline applies; every built-in
 * profile leaves the limit to the notice (deadline 0), so there it is
 * required. */
static gboolean
read_due_date (SdRectificationCase     *self,
               const SdWorkflowRequest *request,
               gboolean                 required,
               SdWorkflowDue           *due,
               GError                 **error)
{
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (self->policy);
  const char *text = sd_workflow_request_get (request, "due_date");
  g_autofree char *due_text = NULL;
  g_autofree char *today_text = NULL;

  _sd_workflow_due_clear (due);
  if (text == NULL)
    {
      if (!required && stage->deadline_wd > 0)
        return _sd_workflow_due_start (due, self->calendar, &request->date,
                                       stage->deadline_wd, error);
      return _sd_workflow_require_param (request, "due_date",
                                         _("A due date (the time limit of the notice)"),
                                         stage->article, error);
    }

  if (!sd_date_parse_iso (text, &due->date))
    {
      g_date_clear (&due->date, 1);
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: %s is the value given */
                   _("The due date “%s” is not a date of the form YYYY-MM-DD."),
                   text);
      return FALSE;
    }
  if (g_date_compare (&due->date, &request->date) < 0)
    {
      due_text = sd_date_to_iso (&due->date);
      today_text = sd_date_to_iso (&request->date);
      g_date_clear (&due->date, 1);
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: "The due date 2026-03-01 is before 2026-03-10,
                    * the day of the notice." */
                   _("The due date %s is before %s, the day of the notice."),
                   due_text, today_text);
      return FALSE;
    }
  return TRUE;
}

static void
await_response (SdRectificationCase *self,
                const SdWorkflowDue *due)
{
  self->state = STATE_AWAITING_RESPONSE;
  self->due = *due;
}

static void
leave_awaiting (SdRectificationCase *self,
                const char          *state)
{
  self->state = state;
  _sd_workflow_due_clear (&self->due);
}

/* --- transitions --------------------------------------------------------- */

/* The department notified answers, whichever of its roles it acts in. */
static gboolean
respond (SdRectificationCase     *self,
         const SdWorkflowRequest *request,
         GError                 **error)
{
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (self->policy);
  const char *from_state = self->state;
  SdRole role = request->role == SD_ROLE_CONSUMER ? SD_ROLE_CONSUMER : stage->role;

  if (!_sd_workflow_require_state (request, self->state, STATE_AWAITING_RESPONSE, STATE_ESCALATED, error) ||
      !_sd_workflow_check_role (request, role, self->department, error) ||
      !_sd_workflow_require_param (request, "plan", _("A rectification plan"),
                                   stage->article, error) ||
      !_sd_workflow_require_param (request, "evidence", _("Evidence of the rectification"),
                                   stage->article, error))
    return FALSE;

  leave_awaiting (self, STATE_UNDER_REVIEW);
  record (self, request, from_state);
  return TRUE;
}

static gboolean
accept (SdRectificationCase     *self,
        const SdWorkflowRequest *request,
        GError                 **error)
{
  if (!_sd_workflow_require_state (request, self->state, STATE_UNDER_REVIEW, NULL, error) ||
      !_sd_workflow_check_role (request, SD_ROLE_SUPERVISOR, NULL, error))
    return FALSE;

  leave_awaiting (self, STATE_RECTIFIED);
  record (self, request, STATE_UNDER_REVIEW);
  return TRUE;
}

static gboolean
return_response (SdRectificationCase     *self,
                 const SdWorkflowRequest *request,
                 GError                 **error)
{
  SdWorkflowDue due;

  if (!_sd_workflow_require_state (request, self->state, STATE_UNDER_REVIEW, NULL, error) ||
      !_sd_workflow_check_role (request, SD_ROLE_SUPERVISOR, NULL, error) ||
      !_sd_workflow_require_param (request, "reason", _("A reason"), NULL, error) ||
      !read_due_date (self, request, TRUE, &due, error))
    return FALSE;

  await_response (self, &due);
  record (self, request, STATE_UNDER_REVIEW);
  return TRUE;
}

static gboolean
escalate (SdRectificationCase     *self,
          const SdWorkflowRequest *request,
          GError                 **error)
{
  const char *from_state = self->state;

  if (!_sd_workflow_require_state (request, self->state, STATE_AWAITING_RESPONSE, STATE_UNDER_REVIEW, error) ||
      !_sd_workflow_check_role (request, SD_ROLE_SUPERVISOR, NULL, error) ||
      !_sd_workflow_require_param (request, "sanction", _("A sanction"), NULL, error) ||
      !check_sanction (self->policy, sd_workflow_request_get (request, "sanction"), error) ||
      !_sd_workflow_require_param (request, "reason", _("A reason"), NULL, error))
    return FALSE;

  g_free (self->sanction);
  self->sanction = g_strdup (sd_workflow_request_get (request, "sanction"));
  leave_awaiting (self, STATE_ESCALATED);
  record (self, request, from_state);
  return TRUE;
}

static const SdWorkflowTransition transitions[] = {
  SD_WORKFLOW_TRANSITION ("respond", respond),
  SD_WORKFLOW_TRANSITION ("accept", accept),
  SD_WORKFLOW_TRANSITION ("return", return_response),
  SD_WORKFLOW_TRANSITION ("escalate", escalate),
};

/* --- public API ---------------------------------------------------------- */

static gboolean
check_open (SdPolicy                *policy,
            const SdWorkflowRequest *open,
            GError                 **error)
{
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (policy);

  return _sd_workflow_require_action (open, "open",
                                      /* Translators: %s is the action given; keep “open” as it is */
                                      N_("A rectification case starts with the action “open”, not “%s”."),
                                      error) &&
         _sd_workflow_check_role (open, SD_ROLE_SUPERVISOR, NULL, error) &&
         _sd_workflow_require_param (open, "department", _("The department concerned"),
                                     stage->article, error) &&
         check_department (sd_workflow_request_get (open, "department"), error) &&
         _sd_workflow_require_param (open, "violation_kind", _("A violation kind"),
                                     stage->article, error) &&
         check_violation_kind (policy, sd_workflow_request_get (open, "violation_kind"), error) &&
         _sd_workflow_require_param (open, "description", _("A description of the violation"),
                                     NULL, error);
}

SdRectificationCase *
sd_rectification_case_new (SdPolicy                *policy,
                           SdCalendar              *calendar,
                           const SdWorkflowRequest *open,
                           GError                 **error)
{
  g_autoptr(SdRectificationCase) self = NULL;
  SdWorkflowDue due;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (open != NULL && g_date_valid (&open->date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (sd_policy_get_rectification_stage (policy) != NULL, NULL);

  if (!check_open (policy, open, error))
    return NULL;

  self = g_object_new (SD_TYPE_RECTIFICATION_CASE, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);
  if (!read_due_date (self, open, FALSE, &due, error))
    return NULL;

  self->department = g_strdup (sd_workflow_request_get (open, "department"));
  self->violation_kind = g_strdup (sd_workflow_request_get (open, "violation_kind"));
  self->description = g_strdup (sd_workflow_request_get (open, "description"));
  await_response (self, &due);
  record (self, open, NULL);
  return g_steal_pointer (&self);
}

gboolean
sd_rectification_case_apply (SdRectificationCase     *self,
                             const SdWorkflowRequest *request,
                             GError                 **error)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), FALSE);
  g_return_val_if_fail (request != NULL && g_date_valid (&request->date), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sd_workflow_dispatch (self, transitions, G_N_ELEMENTS (transitions), "open",
                                self->state,
                                /* Translators: %s is the action given; keep the action names
                                 * in quotes as they are: they are what the API accepts. */
                                N_("“%s” is not an action on a rectification case; use “respond”, “accept”, “return” or “escalate”."),
                                request, error);
}

const char *
sd_rectification_case_get_state (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);
  return self->state;
}

const char *
sd_rectification_case_get_department (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);
  return self->department;
}

const char *
sd_rectification_case_get_violation_kind (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);
  return self->violation_kind;
}

const char *
sd_rectification_case_get_sanction (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);
  return self->sanction;
}

/* The department's turn while awaiting its response (also after an
 * escalation: it may still rectify), the supervisor's while reviewing. */
SdRole
sd_rectification_case_get_current_role (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), SD_ROLE_INVALID);

  if (g_str_equal (self->state, STATE_AWAITING_RESPONSE) ||
      g_str_equal (self->state, STATE_ESCALATED))
    return sd_policy_get_rectification_stage (self->policy)->role;
  if (g_str_equal (self->state, STATE_UNDER_REVIEW))
    return SD_ROLE_SUPERVISOR;
  return SD_ROLE_INVALID;
}

SD_WORKFLOW_DEFINE_DUE_GETTERS (SdRectificationCase, sd_rectification_case, SD_IS_RECTIFICATION_CASE)

gboolean
sd_rectification_case_is_overdue (SdRectificationCase *self,
                                  const GDate         *today)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), FALSE);
  return g_str_equal (self->state, STATE_AWAITING_RESPONSE) &&
         _sd_workflow_is_overdue (&self->due.date, today);
}

GPtrArray *
sd_rectification_case_get_history (SdRectificationCase *self)
{
  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);
  return self->history;
}

/* --- JSON ---------------------------------------------------------------- */

JsonNode *
sd_rectification_case_to_json (SdRectificationCase *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SD_IS_RECTIFICATION_CASE (self), NULL);

  json_builder_begin_object (builder);
  _sd_json_builder_add_string (builder, "profile", sd_policy_get_id (self->policy));
  _sd_json_builder_add_string (builder, "department", self->department);
  _sd_json_builder_add_string (builder, "violation_kind", self->violation_kind);
  _sd_json_builder_add_string (builder, "description", self->description);
  _sd_json_builder_add_string (builder, "sanction", self->sanction);
  _sd_json_builder_add_string (builder, "state", self->state);
  _sd_workflow_due_to_json (&self->due, builder);
  _sd_json_builder_add_history (builder, "history", self->history);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A stored case must belong to this profile and name values it knows. */
static gboolean
read_case (SdRectificationCase  *self,
           JsonObject           *object,
           GError              **error)
{
  const char *profile;
  const char *state;

  if (!_sd_json_get_string (object, "profile", TRUE, &profile, error) ||
      !_sd_json_read_string (object, "department", TRUE, &self->department, error) ||
      !_sd_json_read_string (object, "violation_kind", TRUE, &self->violation_kind, error) ||
      !_sd_json_read_string (object, "description", TRUE, &self->description, error) ||
      !_sd_json_read_string (object, "sanction", FALSE, &self->sanction, error) ||
      !_sd_json_get_string (object, "state", TRUE, &state, error) ||
      !_sd_workflow_due_from_json (&self->due, object, error) ||
      !_sd_workflow_check_profile (self->policy, profile, error) ||
      !_sd_workflow_find_state (states, state, &self->state, error))
    return FALSE;

  if (sd_policy_item_find (sd_policy_get_violation_kinds (self->policy),
                           self->violation_kind) == NULL ||
      (self->sanction != NULL &&
       sd_policy_item_find (sd_policy_get_sanctions (self->policy), self->sanction) == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "violation kind “%s” or sanction “%s” unknown to profile “%s”",
                   self->violation_kind, self->sanction != NULL ? self->sanction : "null",
                   profile);
      return FALSE;
    }
  return TRUE;
}

SdRectificationCase *
sd_rectification_case_new_from_json (SdPolicy    *policy,
                                     SdCalendar  *calendar,
                                     JsonNode    *node,
                                     GError     **error)
{
  g_autoptr(SdRectificationCase) self = NULL;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SD_TYPE_RECTIFICATION_CASE, NULL);
  self->policy = g_object_ref (policy);
  self->calendar = g_object_ref (calendar);
  if (!_sd_workflow_restore (self, node, (SdWorkflowReadFunc) read_case, &self->history,
                             "rectification case", error))
    return NULL;
  return g_steal_pointer (&self);
}
