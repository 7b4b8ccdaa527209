/* sd-routes-authorisations.c — authorisations granted applications create
 * (A2, A8, A10, A12).
 *
 *   GET  /api/v1/authorisations?unused=&entry_id=   parties → page of Authorisation
 *   GET  /api/v1/authorisations/{id}                parties → Authorisation
 *   POST /api/v1/authorisations/{id}/revoke         provider, supervisor → Authorisation
 *
 * Providers and consumers see their department's authorisations (as the
 * entry's provider or as the consumer), platform staff all of them; an
 * authorisation of another department is refused with 403, audited.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-application.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"

#define OBJECT_TYPE "authorisation"
#define UNUSED_PROVISION "authorisation.unused-revocation"
/* A10 speaks of three months; profiles without the provision list
 * authorisations unused as long all the same (for the supervisor). */
#define UNUSED_MONTHS_DEFAULT 3

#define PARTY_ROLES (SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER) | \
                     SD_ROLE_MASK (SD_ROLE_SUPPORT) | SD_ROLE_MASK (SD_ROLE_SUPERVISOR))

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

static const char *
user_department (SdPlatformRequest *request)
{
  SdUser *user = sd_platform_request_get_user (request);

  return user != NULL ? user->department_uscc : NULL;
}

static char *
id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static guint
unused_months (SdPlatformServer *server)
{
  const SdProvision *provision = sd_policy_get_provision (sd_platform_server_get_policy (server),
                                                          UNUSED_PROVISION);

  return provision != NULL && provision->value > 0 ? (guint) provision->value : UNUSED_MONTHS_DEFAULT;
}

/* The instant before which an authorisation in force must have last been
 * used to count as unused: now less the period, in calendar months. */
static GDateTime *
unused_since (SdPlatformServer  *server,
              SdPlatformRequest *request)
{
  return g_date_time_add_months (sd_platform_request_get_now (request),
                                 -(int) unused_months (server));
}

static gboolean
is_unused (SdAuthorisation *authorisation,
           GDateTime       *since)
{
  GDateTime *last = authorisation->last_used_at != NULL ? authorisation->last_used_at
                                                        : authorisation->granted_at;

  return authorisation->revoked_at == NULL && g_date_time_compare (last, since) < 0;
}

static gboolean
may_see (SdPlatformRequest     *request,
         const SdAuthorisation *authorisation)
{
  const char *department = user_department (request);

  if (_sd_user_is_staff (request))
    return TRUE;
  return department != NULL &&
         ((_sd_user_has_role (request, SD_ROLE_CONSUMER) &&
           g_strcmp0 (department, authorisation->consumer_uscc) == 0) ||
          (_sd_user_has_role (request, SD_ROLE_PROVIDER) &&
           g_strcmp0 (department, authorisation->provider_uscc) == 0));
}

/* JSON */

/* "2026-11-23T10:00:00Z": whole seconds, UTC. */
static char *
instant_to_string (GDateTime *at)
{
  g_autoptr(GDateTime) utc = NULL;

  if (at == NULL)
    return NULL;
  utc = g_date_time_to_utc (at);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}


static void
add_instant (JsonBuilder *builder,
             const char  *name,
             GDateTime   *at)
{
  g_autofree char *text = instant_to_string (at);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Whether the consumer acknowledged the data-use agreement (panjin-2016
 * art. 32): NULL-valued (-1) where the profile has no agreement step. */
static int
agreement_acknowledged (SdApplication *app)
{
  GPtrArray *history = sd_application_get_history (app);
  gboolean had_step = FALSE;

  for (guint i = 0; i < history->len; i++)
    {
      SdWorkflowEvent *event = g_ptr_array_index (history, i);

      if (g_strcmp0 (event->action, "acknowledge-agreement") == 0)
        return TRUE;
      if (g_strcmp0 (event->to_state, "agreement-pending") == 0)
        had_step = TRUE;
    }
  return had_step ? FALSE : -1;
}

static SdApplication *
load_application (SdPlatformServer *server,
                  gint64            application_id)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(JsonNode) node = NULL;

  record = sd_storage_get_case (sd_platform_server_get_storage (server), SD_CASE_APPLICATION,
                                application_id, NULL);
  if (record != NULL)
    node = json_from_string (record->json, NULL);
  if (node == NULL)
    return NULL;
  return sd_application_new_from_json (sd_platform_server_get_policy (server),
                                       sd_platform_server_get_calendar (server), node, NULL);
}

static JsonNode *
authorisation_to_json (SdPlatformServer *server,
                       SdAuthorisation  *authorisation,
                       GDateTime        *since)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SdApplication) app = load_application (server, authorisation->application_id);
  int acknowledged = app != NULL ? agreement_acknowledged (app) : -1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, authorisation->id);
  json_builder_set_member_name (builder, "application_id");
  json_builder_add_int_value (builder, authorisation->application_id);
  add_string (builder, "entry_id", authorisation->entry_id);
  add_string (builder, "consumer", authorisation->consumer_uscc);
  add_string (builder, "provider", authorisation->provider_uscc);
  add_string (builder, "purpose", app != NULL ? sd_application_get_purpose (app) : NULL);
  add_string (builder, "purpose_kind", app != NULL ? sd_application_get_purpose_kind (app) : NULL);
  add_instant (builder, "granted_at", authorisation->granted_at);
  add_instant (builder, "last_used_at", authorisation->last_used_at);
  json_builder_set_member_name (builder, "in_force");
  json_builder_add_boolean_value (builder, authorisation->revoked_at == NULL);
  json_builder_set_member_name (builder, "revocable");
  json_builder_add_boolean_value (builder, is_unused (authorisation, since));
  json_builder_set_member_name (builder, "agreement_acknowledged");
  if (acknowledged >= 0)
    json_builder_add_boolean_value (builder, acknowledged);
  else
    json_builder_add_null_value (builder);
  add_instant (builder, "revoked_at", authorisation->revoked_at);
  add_string (builder, "revoked_by", authorisation->revoked_by);
  add_string (builder, "revoke_reason", authorisation->revoke_reason);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* GET /authorisations */

static gboolean
parse_unused (SdPlatformRequest *request,
              gboolean          *unused_only)
{
  const char *text = sd_platform_request_get_query (request, "unused");

  *unused_only = g_strcmp0 (text, "true") == 0;
  if (text == NULL || g_str_equal (text, "true") || g_str_equal (text, "false"))
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "unused",
                                            "%s", _("“unused” must be true or false.")));
  return FALSE;
}

static void
list_authorisations_cb (SdPlatformServer  *server,
                        SdPlatformRequest *request,
                        gpointer           user_data)
{
  g_autoptr(GDateTime) since = unused_since (server, request);
  g_autoptr(GPtrArray) authorisations = NULL;
  g_autoptr(GError) error = NULL;
  const char *department = NULL;
  JsonArray *items = json_array_new ();
  JsonNode *items_node = json_node_new (JSON_NODE_ARRAY);
  gboolean unused_only;
  guint offset, limit, total = 0;

  json_node_take_array (items_node, items);
  if (!parse_unused (request, &unused_only) || !_sd_request_paging (request, &offset, &limit))
    {
      json_node_unref (items_node);
      return;
    }
  if (!_sd_user_is_staff (request))
    department = user_department (request);
  if (!_sd_user_is_staff (request) && department == NULL)
    {
      json_node_unref (items_node);
      _sd_respond_forbidden (request, OBJECT_TYPE, NULL,
                             _("Only departments and platform staff have authorisations to list."));
      return;
    }
  authorisations = sd_storage_list_authorisations (sd_platform_server_get_storage (server), department,
                                                   sd_platform_request_get_query (request, "entry_id"),
                                                   FALSE, unused_only ? since : NULL, &error);
  if (authorisations == NULL)
    {
      json_node_unref (items_node);
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  /* The storage matches the department on either side; a consumer sees
   * its department's use, a provider the use of its entries. */
  for (guint i = 0; i < authorisations->len; i++)
    {
      SdAuthorisation *authorisation = g_ptr_array_index (authorisations, i);

      if (!may_see (request, authorisation))
        continue;
      if (total >= offset && total - offset < limit)
        json_array_add_element (items, authorisation_to_json (server, authorisation, since));
      total++;
    }
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_page_to_json (items_node, total, offset, limit));
}

/* GET /authorisations/{id} */

/* The authorisation {id} names when the caller may see it; NULL after
 * responding 404 or 403 (audited). */
static SdAuthorisation *
load_visible (SdPlatformServer  *server,
              SdPlatformRequest *request)
{
  const char *text = sd_platform_request_get_param (request, "id");
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                /* Translators: %s is what was given as an authorisation number */
                                                _("There is no authorisation “%s”."), text));
      return NULL;
    }
  authorisation = sd_storage_get_authorisation (sd_platform_server_get_storage (server), id, &error);
  if (authorisation == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (!may_see (request, authorisation))
    {
      _sd_respond_forbidden (request, OBJECT_TYPE, text,
                             _("This authorisation is neither your department’s nor for one of its entries."));
      return NULL;
    }
  return g_steal_pointer (&authorisation);
}

static void
get_authorisation_cb (SdPlatformServer  *server,
                      SdPlatformRequest *request,
                      gpointer           user_data)
{
  g_autoptr(GDateTime) since = unused_since (server, request);
  g_autoptr(SdAuthorisation) authorisation = load_visible (server, request);

  if (authorisation == NULL)
    return;
  _sd_respond_json (request, SOUP_STATUS_OK, authorisation_to_json (server, authorisation, since));
}

/* POST /authorisations/{id}/revoke
 *
 * Who may revoke, from A10 (mot-2021 art. 17: "authorisations left unused
 * for three months may be revoked"): the provider of the entry, who
 * granted the use, but only an authorisation left unused for the period
 * and only where the profile has the provision — otherwise the consumer's
 * right stands as granted. Supervisors may revoke any authorisation in
 * force at any time: they oversee the sharing (misuse, a purpose that
 * lapsed) under every profile. Consumers end their use by not using it.
 */

static const SdMemberSpec revoke_members[] = {
  { "reason", SD_MEMBER_STRING, TRUE },
};

static gboolean
check_revoker (SdPlatformServer  *server,
               SdPlatformRequest *request,
               SdAuthorisation   *authorisation,
               GDateTime         *since,
               const char        *id)
{
  g_autoptr(GError) error = NULL;
  const SdProvision *provision;

  if (_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    return TRUE;
  if (!_sd_user_has_role (request, SD_ROLE_PROVIDER) ||
      g_strcmp0 (user_department (request), authorisation->provider_uscc) != 0)
    {
      _sd_respond_forbidden (request, OBJECT_TYPE, id,
                             _("Only the entry’s provider or a supervisor may revoke an authorisation."));
      return FALSE;
    }
  if (authorisation->revoked_at != NULL)
    return TRUE;   /* the storage answers 409 */
  provision = sd_policy_get_provision (sd_platform_server_get_policy (server), UNUSED_PROVISION);
  if (provision == NULL)
    error = g_error_new_literal (SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE,
                                 _("This profile lets providers revoke no authorisation: ask a supervisor."));
  else if (!is_unused (authorisation, since))
    error = g_error_new (SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_TOO_SOON,
                         /* Translators: %d is a number of months (3) */
                         _("The authorisation was used or granted within the last %d months: it cannot be revoked yet."),
                         provision->value);
  if (error == NULL)
    return TRUE;
  _sd_respond_error_audited (request, error, NULL, OBJECT_TYPE, id);
  return FALSE;
}

static void
revoke_cb (SdPlatformServer  *server,
           SdPlatformRequest *request,
           gpointer           user_data)
{
  JsonObject *body = _sd_request_body_object (request, revoke_members, G_N_ELEMENTS (revoke_members));
  g_autoptr(GDateTime) since = unused_since (server, request);
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(SdAuthorisation) revoked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *reason;

  if (body == NULL)
    return;
  authorisation = load_visible (server, request);
  if (authorisation == NULL)
    return;
  id = id_string (authorisation->id);
  if (!check_revoker (server, request, authorisation, since, id))
    return;
  reason = _sd_member_get_string (body, "reason");
  if (!sd_storage_revoke_authorisation (sd_platform_server_get_storage (server), authorisation->id,
                                        sd_platform_request_get_user (request)->username, reason,
                                        sd_platform_request_get_now (request), &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  sd_platform_request_audit (request, "authorisation.revoke", OBJECT_TYPE, id, NULL);
  revoked = sd_storage_get_authorisation (sd_platform_server_get_storage (server),
                                          authorisation->id, &error);
  if (revoked == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  _sd_respond_json (request, SOUP_STATUS_OK, authorisation_to_json (server, revoked, since));
}

void
sd_platform_routes_authorisations (SdPlatformServer *server)
{
  const guint revokers = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_SUPERVISOR);

  sd_platform_server_add_route (server, "GET", "/api/v1/authorisations", 0, PARTY_ROLES,
                                list_authorisations_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/authorisations/{id}", 0, PARTY_ROLES,
                                get_authorisation_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/authorisations/{id}/revoke", 0, revokers,
                                revoke_cb, NULL);
}
