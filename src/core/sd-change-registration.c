/* sd-change-registration.c — registering a change to a published entry.
 *
 * C4, mot-2021 art. 9: a published entry is not changed at will; while its
 * data is in use the provider registers the change at least three months
 * (the profile's "catalogue.change-notice") before it takes effect. The
 * other profiles have no notice period, but no profile lets a change take
 * effect in the past. Every transition checks state, then role and
 * department, then params and their values, and changes nothing unless
 * all pass.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "sd-change-registration.h"
#include "sd-workflow-private.h"

#define STATE_REGISTERED "registered"
#define STATE_EFFECTIVE  "effective"
#define STATE_WITHDRAWN  "withdrawn"

#define CHANGE_NOTICE "catalogue.change-notice"

static const char * const states[] = {
  STATE_REGISTERED, STATE_EFFECTIVE, STATE_WITHDRAWN, NULL
};

struct _SdChangeRegistration
{
  GObject     parent_instance;

  SdPolicy   *policy;

  char       *entry_id;
  char       *resource_code;
  guint       entry_version;          /* the published version being changed */
  char       *provider;               /* USCC of the entry's provider department */
  char       *description;
  GDate       registered_on;
  GDate       effective_date;
  guint       active_authorisations;  /* at registration */

  const char *state;                  /* one of states[] */
  GPtrArray  *history;                /* of SdWorkflowEvent */
};

G_DEFINE_FINAL_TYPE (SdChangeRegistration, sd_change_registration, G_TYPE_OBJECT)

static void
sd_change_registration_finalize (GObject *object)
{
  SdChangeRegistration *self = SD_CHANGE_REGISTRATION (object);

  g_clear_object (&self->policy);
  g_free (self->entry_id);
  g_free (self->resource_code);
  g_free (self->provider);
  g_free (self->description);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_change_registration_parent_class)->finalize (object);
}

static void
sd_change_registration_class_init (SdChangeRegistrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_change_registration_finalize;
}

static void
sd_change_registration_init (SdChangeRegistration *self)
{
  self->state = STATE_REGISTERED;
  g_date_clear (&self->registered_on, 1);
  g_date_clear (&self->effective_date, 1);
  self->history = _sd_workflow_history_new ();
}

/* The notice period in months, or 0 when the profile has none. */
static guint
notice_months (SdPolicy *policy)
{
  const SdProvision *provision = sd_policy_get_provision (policy, CHANGE_NOTICE);

  /* Only a period counted in months is defined by the format for this
   * provision; anything else is not a notice period we can apply. */
  if (provision == NULL || provision->value <= 0 ||
      (provision->unit != NULL && !g_str_equal (provision->unit, "months")))
    return 0;
  return (guint) provision->value;
}

void
sd_change_registration_earliest_date (SdPolicy    *policy,
                                      guint        active_authorisations,
                                      const GDate *today,
                                      GDate       *earliest)
{
  guint months;

  g_return_if_fail (SD_IS_POLICY (policy));
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (earliest != NULL);

  *earliest = *today;
  /* The period protects the consumers using the data: with nobody using
   * it there is nobody to warn. */
  months = notice_months (policy);
  if (active_authorisations > 0 && months > 0)
    g_date_add_months (earliest, months);   /* 30 Nov + 3 months = 28/29 Feb */
}

static void
record (SdChangeRegistration    *self,
        const SdWorkflowRequest *request,
        const char              *from_state)
{
  g_ptr_array_add (self->history,
                   _sd_workflow_event_new (request, from_state, self->state, NULL,
                                           NULL, FALSE));
}

/* --- checks -------------------------------------------------------------- */

static gboolean
check_published (SdCatalogueEntry  *entry,
                 GError           **error)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);

  if (state == SD_ENTRY_STATE_PUBLISHED)
    return TRUE;

  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
               /* Translators: %s is the entry's state, e.g. "Draft" */
               _("Only a published entry needs a registered change; this entry is in state “%s”."),
               sd_entry_state_get_label (state));
  return FALSE;
}

static gboolean
parse_effective_date (const SdWorkflowRequest *request,
                      GDate                   *date,
                      GError                 **error)
{
  const char *text = sd_workflow_request_get (request, "effective_date");

  g_date_clear (date, 1);
  if (sd_date_parse_iso (text, date))
    return TRUE;

  g_date_clear (date, 1);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: %s is the value given */
               _("The effective date “%s” is not a date of the form YYYY-MM-DD."),
               text);
  return FALSE;
}

static gboolean
check_not_past (const GDate  *effective,
                const GDate  *today,
                GError      **error)
{
  g_autofree char *effective_text = NULL;
  g_autofree char *today_text = NULL;

  if (g_date_compare (effective, today) >= 0)
    return TRUE;

  effective_text = sd_date_to_iso (effective);
  today_text = sd_date_to_iso (today);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
               /* Translators: "The effective date 2026-03-01 is in the past
                * (the change is registered on 2026-03-10)." */
               _("The effective date %s is in the past (the change is registered on %s)."),
               effective_text, today_text);
  return FALSE;
}

static gboolean
check_notice_period (SdPolicy     *policy,
                     guint         active_authorisations,
                     const GDate  *effective,
                     const GDate  *today,
                     GError      **error)
{
  GDate earliest;
  g_autofree char *effective_text = NULL;
  g_autofree char *earliest_text = NULL;
  g_autofree char *article = NULL;
  guint months = notice_months (policy);

  sd_change_registration_earliest_date (policy, active_authorisations, today, &earliest);
  if (g_date_compare (effective, &earliest) >= 0)
    return TRUE;

  effective_text = sd_date_to_iso (effective);
  earliest_text = sd_date_to_iso (&earliest);
  article = _sd_workflow_provision_article (policy, CHANGE_NOTICE);
  g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_TOO_SOON,
               g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: "The change cannot take effect on
                             * 2026-06-09: the entry’s data is in use, so a
                             * change must be registered at least 3 months
                             * before it takes effect; the earliest date is
                             * 2026-06-10 (mot-2021 art. 9)." */
                            "The change cannot take effect on %s: the entry’s data is in use, so a change must be registered at least %u month before it takes effect; the earliest date is %s (%s).",
                            "The change cannot take effect on %s: the entry’s data is in use, so a change must be registered at least %u months before it takes effect; the earliest date is %s (%s).",
                            months),
               effective_text, months, earliest_text, article != NULL ? article : "—");
  return FALSE;
}

static gboolean
check_register (SdPolicy                *policy,
                SdCatalogueEntry        *entry,
                guint                    active_authorisations,
                const SdWorkflowRequest *registration,
                GDate                   *effective,
                GError                 **error)
{
  return _sd_workflow_require_action (registration, "register",
                                      /* Translators: %s is the action given; keep “register” as it is */
                                      N_("A change registration starts with the action “register”, not “%s”."),
                                      error) &&
         _sd_workflow_check_role (registration, SD_ROLE_PROVIDER,
                                  sd_catalogue_entry_get_provider_uscc (entry), error) &&
         check_published (entry, error) &&
         _sd_workflow_require_param (registration, "description", _("A description of the change"),
                                     NULL, error) &&
         _sd_workflow_require_param (registration, "effective_date", _("An effective date"),
                                     NULL, error) &&
         parse_effective_date (registration, effective, error) &&
         check_not_past (effective, &registration->date, error) &&
         check_notice_period (policy, active_authorisations, effective,
                              &registration->date, error);
}

/* --- transitions --------------------------------------------------------- */

static gboolean
take_effect (SdChangeRegistration    *self,
             const SdWorkflowRequest *request,
             GError                 **error)
{
  g_autofree char *effective_text = NULL;
  g_autofree char *today_text = NULL;

  if (!_sd_workflow_require_state (request, self->state, STATE_REGISTERED, NULL, error))
    return FALSE;
  /* The support department runs the platform and may switch the entry to
   * its new version on the day; otherwise it is the provider's change. */
  if (request->role != SD_ROLE_SUPPORT &&
      !_sd_workflow_check_role (request, SD_ROLE_PROVIDER, self->provider, error))
    return FALSE;

  if (g_date_compare (&request->date, &self->effective_date) < 0)
    {
      effective_text = sd_date_to_iso (&self->effective_date);
      today_text = sd_date_to_iso (&request->date);
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_TOO_SOON,
                   /* Translators: "The change takes effect on 2026-06-10 and
                    * cannot be put into effect on 2026-06-01." */
                   _("The change takes effect on %s and cannot be put into effect on %s."),
                   effective_text, today_text);
      return FALSE;
    }

  self->state = STATE_EFFECTIVE;
  record (self, request, STATE_REGISTERED);
  return TRUE;
}

static gboolean
withdraw (SdChangeRegistration    *self,
          const SdWorkflowRequest *request,
          GError                 **error)
{
  if (!_sd_workflow_require_state (request, self->state, STATE_REGISTERED, NULL, error) ||
      !_sd_workflow_check_role (request, SD_ROLE_PROVIDER, self->provider, error))
    return FALSE;

  self->state = STATE_WITHDRAWN;
  record (self, request, STATE_REGISTERED);
  return TRUE;
}

static const SdWorkflowTransition transitions[] = {
  SD_WORKFLOW_TRANSITION ("take-effect", take_effect),
  SD_WORKFLOW_TRANSITION ("withdraw", withdraw),
};

/* --- public API ---------------------------------------------------------- */

SdChangeRegistration *
sd_change_registration_new (SdPolicy                *policy,
                            SdCatalogueEntry        *entry,
                            guint                    active_authorisations,
                            const SdWorkflowRequest *registration,
                            GError                 **error)
{
  g_autoptr(SdChangeRegistration) self = NULL;
  GDate effective;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), NULL);
  g_return_val_if_fail (registration != NULL && g_date_valid (&registration->date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_register (policy, entry, active_authorisations, registration, &effective, error))
    return NULL;

  self = g_object_new (SD_TYPE_CHANGE_REGISTRATION, NULL);
  self->policy = g_object_ref (policy);
  self->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  self->resource_code = g_strdup (sd_catalogue_entry_get_resource_code (entry));
  self->entry_version = sd_catalogue_entry_get_version (entry);
  self->provider = g_strdup (sd_catalogue_entry_get_provider_uscc (entry));
  self->description = g_strdup (sd_workflow_request_get (registration, "description"));
  self->registered_on = registration->date;
  self->effective_date = effective;
  self->active_authorisations = active_authorisations;
  record (self, registration, NULL);
  return g_steal_pointer (&self);
}

gboolean
sd_change_registration_apply (SdChangeRegistration    *self,
                              const SdWorkflowRequest *request,
                              GError                 **error)
{
  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), FALSE);
  g_return_val_if_fail (request != NULL && g_date_valid (&request->date), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sd_workflow_dispatch (self, transitions, G_N_ELEMENTS (transitions), "register",
                                self->state,
                                /* Translators: %s is the action given; keep the action names
                                 * in quotes as they are: they are what the API accepts. */
                                N_("“%s” is not an action on a change registration; use “take-effect” or “withdraw”."),
                                request, error);
}

const char *
sd_change_registration_get_state (SdChangeRegistration *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), NULL);
  return self->state;
}

const GDate *
sd_change_registration_get_effective_date (SdChangeRegistration *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), NULL);
  return &self->effective_date;
}

gboolean
sd_change_registration_get_notify_consumers (SdChangeRegistration *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), FALSE);
  return self->active_authorisations > 0;
}

GPtrArray *
sd_change_registration_get_history (SdChangeRegistration *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), NULL);
  return self->history;
}

/* --- JSON ---------------------------------------------------------------- */

JsonNode *
sd_change_registration_to_json (SdChangeRegistration *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SD_IS_CHANGE_REGISTRATION (self), NULL);

  json_builder_begin_object (builder);
  _sd_json_builder_add_string (builder, "profile", sd_policy_get_id (self->policy));
  _sd_json_builder_add_string (builder, "entry_id", self->entry_id);
  _sd_json_builder_add_string (builder, "resource_code", self->resource_code);
  json_builder_set_member_name (builder, "entry_version");
  json_builder_add_int_value (builder, self->entry_version);
  _sd_json_builder_add_string (builder, "provider", self->provider);
  _sd_json_builder_add_string (builder, "description", self->description);
  _sd_json_builder_add_date (builder, "registered_on", &self->registered_on);
  _sd_json_builder_add_date (builder, "effective_date", &self->effective_date);
  json_builder_set_member_name (builder, "active_authorisations");
  json_builder_add_int_value (builder, self->active_authorisations);
  _sd_json_builder_add_string (builder, "state", self->state);
  _sd_json_builder_add_history (builder, "history", self->history);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            guint       *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      (number = json_node_get_int (node)) < 0 || number > G_MAXUINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "member “%s” is missing or not a count", member);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

static gboolean
read_registration (SdChangeRegistration  *self,
                   JsonObject            *object,
                   GError               **error)
{
  const char *profile;
  const char *state;

  return _sd_json_get_string (object, "profile", TRUE, &profile, error) &&
         _sd_json_read_string (object, "entry_id", FALSE, &self->entry_id, error) &&
         _sd_json_read_string (object, "resource_code", FALSE, &self->resource_code, error) &&
         read_count (object, "entry_version", &self->entry_version, error) &&
         _sd_json_read_string (object, "provider", TRUE, &self->provider, error) &&
         _sd_json_read_string (object, "description", TRUE, &self->description, error) &&
         _sd_json_get_date (object, "registered_on", TRUE, &self->registered_on, error) &&
         _sd_json_get_date (object, "effective_date", TRUE, &self->effective_date, error) &&
         read_count (object, "active_authorisations", &self->active_authorisations, error) &&
         _sd_json_get_string (object, "state", TRUE, &state, error) &&
         _sd_workflow_check_profile (self->policy, profile, error) &&
         _sd_workflow_find_state (states, state, &self->state, error);
}

SdChangeRegistration *
sd_change_registration_new_from_json (SdPolicy  *policy,
                                      JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(SdChangeRegistration) self = NULL;

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SD_TYPE_CHANGE_REGISTRATION, NULL);
  self->policy = g_object_ref (policy);
  if (!_sd_workflow_restore (self, node, (SdWorkflowReadFunc) read_registration,
                             &self->history, "change registration", error))
    return NULL;
  return g_steal_pointer (&self);
}
