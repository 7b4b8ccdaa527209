/* sd-routes-catalogue-changes.c — change registrations (C4) and resource
 * codes.
 *
 *   POST /api/v1/catalogue/{id}/change-registrations  provider  → 201 case
 *   GET  /api/v1/catalogue/{id}/change-registrations  any user who sees the entry → page
 *   GET  /api/v1/change-registrations/{n}             any user who sees the entry → case
 *   POST /api/v1/change-registrations/{n}/actions     provider, support → case
 *   POST /api/v1/resource-codes                       provider  → 201 code
 *
 * A published entry is changed only under a change registration: once it
 * is "effective", the provider's next PUT of the entry stores the new
 * version and uses the registration up ("applied_version" in its JSON).
 * Registrations of a published entry are a notice to the consumers using
 * it, so whoever sees the entry sees them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-change-registration.h"
#include "sd-identifiers.h"
#include "sd-routes-catalogue-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"

#define CASE_OBJECT "change-registration"
#define CASES_PATH "/api/v1/change-registrations"

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

gint64
_sd_catalogue_applicable_change (SdPlatformServer  *server,
                                 const char        *entry_id,
                                 GError           **error)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_CHANGE_REGISTRATION);
  g_autoptr(GPtrArray) cases = NULL;

  query.entry_id = entry_id;
  query.state = "effective";
  cases = sd_storage_list_cases (storage, &query, NULL, error);
  if (cases == NULL)
    return 0;
  for (guint i = 0; i < cases->len; i++)
    {
      SdCaseRecord *record = cases->pdata[i];
      guint applied = sd_storage_get_change_applied (storage, record->id, error);

      if (applied == 0 && error != NULL && *error != NULL)
        return 0;
      if (applied == 0)
        return record->id;
    }
  return 0;
}

static char *
case_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_instant_member (JsonBuilder *builder,
                    const char  *name,
                    GDateTime   *at)
{
  g_autofree char *text = at != NULL ? g_date_time_format_iso8601 (at) : NULL;

  add_string_member (builder, name, text);
}

static JsonNode *
case_to_json (SdStorage            *storage,
              const SdCaseRecord   *record,
              SdChangeRegistration *registration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) machine = sd_change_registration_to_json (registration);
  JsonObject *machine_object = json_node_get_object (machine);
  g_autofree char *effective_date =
    _sd_date_to_string (sd_change_registration_get_effective_date (registration));
  guint applied = sd_storage_get_change_applied (storage, record->id, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  add_string_member (builder, "kind", sd_case_kind_to_string (record->kind));
  add_string_member (builder, "entry_id", record->entry_id);
  add_string_member (builder, "state", sd_change_registration_get_state (registration));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, record->version);
  add_string_member (builder, "description",
                     json_object_get_string_member_with_default (machine_object, "description",
                                                                 NULL));
  add_string_member (builder, "effective_date", effective_date);
  json_builder_set_member_name (builder, "notify_consumers");
  json_builder_add_boolean_value (builder, sd_change_registration_get_notify_consumers (registration));
  json_builder_set_member_name (builder, "applied_version");
  if (applied > 0)
    json_builder_add_int_value (builder, applied);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "history");
  if (json_object_has_member (machine_object, "history"))
    json_builder_add_value (builder, json_node_copy (json_object_get_member (machine_object, "history")));
  else
    json_builder_add_null_value (builder);
  add_instant_member (builder, "created_at", record->created_at);
  add_instant_member (builder, "updated_at", record->updated_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static SdChangeRegistration *
restore_registration (SdPlatformServer   *server,
                      const SdCaseRecord *record,
                      GError            **error)
{
  g_autoptr(JsonNode) node = json_from_string (record->json, error);

  if (node == NULL)
    return NULL;
  return sd_change_registration_new_from_json (sd_platform_server_get_policy (server), node, error);
}

static void
respond_case (SdPlatformServer     *server,
              SdPlatformRequest    *request,
              guint                 status,
              const SdCaseRecord   *record,
              SdChangeRegistration *registration)
{
  _sd_catalogue_set_etag (request, record->version);
  _sd_respond_json (request, status,
                    case_to_json (sd_platform_server_get_storage (server), record, registration));
}

/* Whose turn it is after the machine's last step. */
static void
record_turn (SdCaseRecord         *record,
             SdChangeRegistration *registration)
{
  gboolean registered = g_str_equal (sd_change_registration_get_state (registration), "registered");
  g_autoptr(JsonNode) machine = sd_change_registration_to_json (registration);

  g_free (record->state);
  record->state = g_strdup (sd_change_registration_get_state (registration));
  g_clear_pointer (&record->current_department, g_free);
  record->current_role = registered ? SD_ROLE_PROVIDER : SD_ROLE_INVALID;
  if (registered)
    record->current_department = g_strdup (record->provider_uscc);
  g_free (record->json);
  record->json = json_to_string (machine, FALSE);
}

/* Registering */

static const SdMemberSpec register_members[] = {
  { "description", SD_MEMBER_STRING, TRUE },
  { "effective_date", SD_MEMBER_STRING, TRUE },
};

static guint
count_active_authorisations (SdPlatformServer  *server,
                             const char        *entry_id,
                             GError           **error)
{
  g_autoptr(GPtrArray) authorisations =
    sd_storage_list_authorisations (sd_platform_server_get_storage (server), NULL, entry_id,
                                    TRUE, NULL, error);

  return authorisations != NULL ? authorisations->len : 0;
}

static const char *
registration_error_field (const GError *error)
{
  if (g_error_matches (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_TOO_SOON) ||
      g_error_matches (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE))
    return "effective_date";
  return NULL;
}

static gboolean
store_new_case (SdPlatformServer     *server,
                SdPlatformRequest    *request,
                SdCatalogueEntry     *entry,
                SdChangeRegistration *registration,
                SdCaseRecord         *record)
{
  g_autoptr(GError) error = NULL;

  record->kind = SD_CASE_CHANGE_REGISTRATION;
  record->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  record->provider_uscc = g_strdup (sd_catalogue_entry_get_provider_uscc (entry));
  record->due_date = _sd_date_to_string (sd_change_registration_get_effective_date (registration));
  record_turn (record, registration);
  if (sd_storage_add_case (sd_platform_server_get_storage (server), record, &error))
    return TRUE;
  sd_platform_request_respond_error (request, error, NULL);
  return FALSE;
}

static void
register_change_cb (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(SdChangeRegistration) registration = NULL;
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *location = NULL;
  JsonObject *body;
  guint active;

  if (entry == NULL || !_sd_catalogue_require_department (request, entry))
    return;
  body = _sd_request_body_object (request, register_members, G_N_ELEMENTS (register_members));
  if (body == NULL)
    return;
  active = count_active_authorisations (server, entry_id, &error);
  if (error != NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  workflow = _sd_workflow_request_new (request, "register", SD_ROLE_PROVIDER, body);
  registration = sd_change_registration_new (sd_platform_server_get_policy (server), entry, active,
                                             workflow, &error);
  if (registration == NULL)
    {
      _sd_respond_error_audited (request, error, registration_error_field (error), "catalogue-entry",
                                 entry_id);
      return;
    }
  if (!store_new_case (server, request, entry, registration, record))
    return;
  case_id = case_id_string (record->id);
  sd_platform_request_audit (request, "change-registration.register", CASE_OBJECT, case_id, NULL);
  location = g_strconcat (CASES_PATH "/", case_id, NULL);
  _sd_response_set_header (request, "Location", location);
  respond_case (server, request, SOUP_STATUS_CREATED, record, registration);
}

/* Reading */

static void
list_changes_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_CHANGE_REGISTRATION);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint total = 0;

  if (entry == NULL || !_sd_request_paging (request, &query.offset, &query.limit))
    return;
  query.entry_id = entry_id;
  cases = sd_storage_list_cases (sd_platform_server_get_storage (server), &query, &total, &error);
  if (cases == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(SdChangeRegistration) registration = restore_registration (server, cases->pdata[i],
                                                                           &error);

      if (registration == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
      json_builder_add_value (builder, case_to_json (sd_platform_server_get_storage (server),
                                                     cases->pdata[i], registration));
    }
  json_builder_end_array (builder);
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_builder_get_root (builder), total, query.offset,
                                      query.limit));
}

static void
respond_case_not_found (SdPlatformRequest *request,
                        const char        *text)
{
  respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                            /* Translators: %s is a case number */
                                            _("There is no change registration %s."), text));
}

/* The case {n} with its machine, when the caller may see its entry; NULL
 * after responding. */
static SdCaseRecord *
load_case (SdPlatformServer      *server,
           SdPlatformRequest     *request,
           SdChangeRegistration **registration)
{
  const char *text = sd_platform_request_get_param (request, "n");
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      respond_case_not_found (request, text);
      return NULL;
    }
  record = sd_storage_get_case (sd_platform_server_get_storage (server),
                                SD_CASE_CHANGE_REGISTRATION, (gint64) id, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
        respond_case_not_found (request, text);
      else
        sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  entry = _sd_catalogue_load_visible (server, request, record->entry_id);
  if (entry == NULL)
    return NULL;
  *registration = restore_registration (server, record, &error);
  if (*registration == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static void
get_change_cb (SdPlatformServer  *server,
               SdPlatformRequest *request,
               gpointer           user_data)
{
  g_autoptr(SdChangeRegistration) registration = NULL;
  g_autoptr(SdCaseRecord) record = load_case (server, request, &registration);

  if (record != NULL)
    respond_case (server, request, SOUP_STATUS_OK, record, registration);
}

/* Actions */

static const SdMemberSpec action_members[] = {
  { "action", SD_MEMBER_STRING, TRUE },
  { "comment", SD_MEMBER_STRING_OR_NULL, FALSE },
};

/* The role the caller acts in: the provider of the entry's department,
 * else support (take-effect only; the machine says so). */
static SdRole
acting_role (SdPlatformRequest  *request,
             const SdCaseRecord *record)
{
  if (_sd_user_has_role (request, SD_ROLE_PROVIDER) &&
      _sd_catalogue_is_own_department (request, record->provider_uscc))
    return SD_ROLE_PROVIDER;
  if (_sd_user_has_role (request, SD_ROLE_SUPPORT))
    return SD_ROLE_SUPPORT;
  return SD_ROLE_PROVIDER;
}

/* FALSE after responding 412 when If-Match names another version. */
static gboolean
check_case_version (SdPlatformRequest  *request,
                    const SdCaseRecord *record)
{
  gboolean present = FALSE;
  guint version = 0;

  if (!_sd_catalogue_if_match (request, &present, &version))
    return FALSE;
  if (!present || version == record->version)
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_PRECONDITION_FAILED, SD_PROBLEM_PRECONDITION,
                                            NULL,
                                            /* Translators: the %u are version numbers */
                                            _("The change registration has changed: it is at version %u, not %u. Reload it."),
                                            record->version, version));
  return FALSE;
}

static void
change_action_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdChangeRegistration) registration = NULL;
  g_autoptr(SdCaseRecord) record = load_case (server, request, &registration);
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *audit_action = NULL;
  JsonObject *body;
  const char *action;
  guint expected;

  if (record == NULL || !check_case_version (request, record))
    return;
  body = _sd_request_body_object (request, action_members, G_N_ELEMENTS (action_members));
  if (body == NULL)
    return;
  case_id = case_id_string (record->id);
  action = _sd_member_get_string (body, "action");
  workflow = _sd_workflow_request_new (request, action, acting_role (request, record), body);
  if (!sd_change_registration_apply (registration, workflow, &error))
    {
      _sd_respond_error_audited (request, error,
                                 g_error_matches (error, SD_WORKFLOW_ERROR,
                                                  SD_WORKFLOW_ERROR_INVALID_VALUE) ? "action" : NULL,
                                 CASE_OBJECT, case_id);
      return;
    }
  expected = record->version;
  record_turn (record, registration);
  if (!sd_storage_update_case (sd_platform_server_get_storage (server), record, expected, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_action = g_strconcat ("change-registration.", action, NULL);
  sd_platform_request_audit (request, audit_action, CASE_OBJECT, case_id, NULL);
  respond_case (server, request, SOUP_STATUS_OK, record, registration);
}

/* Resource codes */

static const SdMemberSpec code_members[] = {
  { "classification_code", SD_MEMBER_STRING, TRUE },
};

static JsonNode *
code_to_json (const char *classification,
              const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "classification_code");
  json_builder_add_string_value (builder, classification);
  json_builder_set_member_name (builder, "resource_code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
allocate_code_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) detail = NULL;
  const char *classification;
  JsonObject *body;

  body = _sd_request_body_object (request, code_members, G_N_ELEMENTS (code_members));
  if (body == NULL)
    return;
  classification = _sd_member_get_string (body, "classification_code");
  if (!sd_identifier_validate_classification (classification, &error))
    {
      sd_platform_request_respond_error (request, error, "classification_code");
      return;
    }
  code = sd_storage_allocate_resource_code (sd_platform_server_get_storage (server),
                                            classification, &error);
  if (code == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  detail = code_to_json (classification, code);
  sd_platform_request_audit (request, "resource-code.allocate", "resource-code", code, detail);
  _sd_respond_json (request, SOUP_STATUS_CREATED, g_steal_pointer (&detail));
}

void
_sd_platform_routes_change_registrations (SdPlatformServer *server)
{
  const guint provider = SD_ROLE_MASK (SD_ROLE_PROVIDER);
  const guint provider_or_support = provider | SD_ROLE_MASK (SD_ROLE_SUPPORT);

  sd_platform_server_add_route (server, "POST", "/api/v1/catalogue/{id}/change-registrations", 0,
                                provider, register_change_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/catalogue/{id}/change-registrations", 0, 0,
                                list_changes_cb, NULL);
  sd_platform_server_add_route (server, "GET", CASES_PATH "/{n}", 0, 0, get_change_cb, NULL);
  sd_platform_server_add_route (server, "POST", CASES_PATH "/{n}/actions", 0, provider_or_support,
                                change_action_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/resource-codes", 0, provider,
                                allocate_code_cb, NULL);
}
