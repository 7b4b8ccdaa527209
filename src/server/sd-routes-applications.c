/* sd-routes-applications.c — data-use applications (A2–A8, A12, A13).
 *
 *   POST /api/v1/applications                          consumer   → 201 Application
 *   GET  /api/v1/applications?box=&state=&overdue=     parties    → page of ApplicationSummary
 *   GET  /api/v1/applications/{id}                     parties    → Application
 *   POST /api/v1/applications/{id}/actions             parties    → Application
 *   POST /api/v1/applications/{id}/attachments         consumer   → 201 Attachment (raw body)
 *   GET  /api/v1/applications/{id}/attachments         parties    → {"items": [Attachment]}
 *   GET  /api/v1/applications/{id}/attachments/{aid}   parties    → the bytes
 *   GET  /api/v1/negotiations                          parties    → page of ApplicationSummary
 *
 * The workflow is SdApplication's: a handler restores the machine from the
 * stored case, applies the action and stores it back naming the version it
 * read, so that of two reviewers deciding at once only one wins.
 *
 * Who sees an application (one rule for every route of the group):
 * supervisors and the support department see all of them (the platform
 * view; the support reviews, is delegated to and is consulted on any of
 * them); providers and consumers see those their department applied for
 * or provides the entry of. Anyone else is refused with 403, audited:
 * application numbers are no secret, so a 404 would hide nothing.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-application.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"

#define APPLICATIONS_PATH "/api/v1/applications"
#define OBJECT_TYPE "application"

#define PARTY_ROLES (SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER) | \
                     SD_ROLE_MASK (SD_ROLE_SUPPORT) | SD_ROLE_MASK (SD_ROLE_SUPERVISOR))

static const char * const attachment_media_types[] = {
  "application/pdf", "image/png", "image/jpeg", "text/plain", "application/zip",
};

/* Actions of SdApplication, and the param each one requires (the field a
 * missing-field error names). */
static const struct {
  const char *action;
  const char *required;
  gboolean    consumer_action;
} application_actions[] = {
  { "approve", NULL, FALSE },
  { "refuse", "basis", FALSE },
  { "request-materials", "materials", FALSE },
  { "supply-materials", "note", TRUE },
  { "forward", NULL, FALSE },
  { "delegate", NULL, FALSE },
  { "escalate", "reason", TRUE },
  { "acknowledge-agreement", NULL, TRUE },
  { "withdraw", NULL, TRUE },
};

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
version_etag (guint version)
{
  return g_strdup_printf ("\"%u\"", version);
}

/* Loading */

static gboolean
parse_case_id (const char *text,
               gint64     *id)
{
  return text != NULL &&
         g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

static SdApplication *
application_from_record (SdPlatformServer  *server,
                         SdCaseRecord      *record,
                         GError           **error)
{
  g_autoptr(JsonNode) node = json_from_string (record->json, error);

  if (node == NULL)
    return NULL;
  return sd_application_new_from_json (sd_platform_server_get_policy (server),
                                       sd_platform_server_get_calendar (server),
                                       node, error);
}

/* The case the {id} parameter names and its machine; FALSE after
 * responding 404 (or 500 for a case that does not restore). */
static gboolean
load_application (SdPlatformServer   *server,
                  SdPlatformRequest  *request,
                  SdCaseRecord      **record,
                  SdApplication     **app)
{
  const char *text = sd_platform_request_get_param (request, "id");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!parse_case_id (text, &id))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                /* Translators: %s is what was given as an application number */
                                                _("There is no application “%s”."), text));
      return FALSE;
    }
  *record = sd_storage_get_case (sd_platform_server_get_storage (server),
                                 SD_CASE_APPLICATION, id, &error);
  if (*record == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  *app = application_from_record (server, *record, &error);
  if (*app == NULL)
    {
      g_clear_pointer (record, sd_case_record_free);
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Visibility: see the comment at the top of the file. */
static gboolean
may_see (SdPlatformRequest  *request,
         const SdCaseRecord *record)
{
  const char *department = user_department (request);

  if (_sd_user_has_role (request, SD_ROLE_SUPERVISOR) ||
      _sd_user_has_role (request, SD_ROLE_SUPPORT))
    return TRUE;
  if (department == NULL)
    return FALSE;
  if (_sd_user_has_role (request, SD_ROLE_CONSUMER) &&
      g_strcmp0 (department, record->consumer_uscc) == 0)
    return TRUE;
  return _sd_user_has_role (request, SD_ROLE_PROVIDER) &&
         g_strcmp0 (department, record->provider_uscc) == 0;
}

static char *
case_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static gboolean
check_visible (SdPlatformRequest  *request,
               const SdCaseRecord *record)
{
  g_autofree char *id = NULL;

  if (may_see (request, record))
    return TRUE;
  id = case_id_string (record->id);
  _sd_respond_forbidden (request, OBJECT_TYPE, id,
                         _("This application is neither your department’s nor one of its entries’."));
  return FALSE;
}

/* JSON */

/* The entry's name, looked up once per request through @names. */
static const char *
entry_name (SdPlatformServer *server,
            GHashTable       *names,
            const char       *entry_id)
{
  g_autoptr(SdCatalogueEntry) entry = NULL;
  const char *name;

  if (entry_id == NULL)
    return NULL;
  if (g_hash_table_contains (names, entry_id))
    return g_hash_table_lookup (names, entry_id);
  entry = sd_storage_get_entry (sd_platform_server_get_storage (server), entry_id, NULL);
  name = entry != NULL ? sd_catalogue_entry_get_name (entry) : NULL;
  g_hash_table_insert (names, g_strdup (entry_id), g_strdup (name));
  return g_hash_table_lookup (names, entry_id);
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Due date, whether the calendar could tell it, overdue and the working
 * days left, seen from today in China. */
static void
set_schedule_members (JsonObject        *object,
                      SdPlatformServer  *server,
                      SdPlatformRequest *request,
                      SdApplication     *app)
{
  const GDate *due = sd_application_get_due_date (app);
  g_autofree char *due_text = _sd_date_to_string (due);
  GDate today;
  int left = 0;

  sd_platform_request_get_today (request, &today);
  set_nullable_string (object, "due_date", due_text);
  json_object_set_boolean_member (object, "due_uncovered", sd_application_get_due_uncovered (app));
  json_object_set_boolean_member (object, "overdue", sd_application_is_overdue (app, &today));
  if (due != NULL && g_date_valid (due) &&
      sd_workflow_working_days_left (sd_platform_server_get_calendar (server), due, &today,
                                     &left, NULL))
    json_object_set_int_member (object, "working_days_left", left);
  else
    json_object_set_null_member (object, "working_days_left");
}

static void
set_summary_members (JsonObject         *object,
                     SdPlatformServer   *server,
                     SdPlatformRequest  *request,
                     const SdCaseRecord *record,
                     SdApplication      *app,
                     GHashTable         *names)
{
  SdRole role = sd_application_get_current_role (app);

  json_object_set_int_member (object, "id", record->id);
  set_nullable_string (object, "entry_id", record->entry_id);
  set_nullable_string (object, "entry_name", entry_name (server, names, record->entry_id));
  set_nullable_string (object, "consumer", sd_application_get_consumer (app));
  set_nullable_string (object, "provider", sd_application_get_provider (app));
  json_object_set_string_member (object, "state", sd_application_get_state (app));
  set_nullable_string (object, "stage", sd_application_get_stage (app));
  set_nullable_string (object, "current_role",
                       role != SD_ROLE_INVALID ? sd_role_to_string (role) : NULL);
  set_nullable_string (object, "current_department", sd_application_get_current_department (app));
  set_nullable_string (object, "purpose", sd_application_get_purpose (app));
  set_nullable_string (object, "purpose_kind", sd_application_get_purpose_kind (app));
  json_object_set_boolean_member (object, "delegated", sd_application_is_delegated (app));
  set_schedule_members (object, server, request, app);
  json_object_set_int_member (object, "version", record->version);
}

static JsonNode *
summary_to_json (SdPlatformServer   *server,
                 SdPlatformRequest  *request,
                 const SdCaseRecord *record,
                 SdApplication      *app,
                 GHashTable         *names)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  set_summary_members (object, server, request, record, app, names);
  json_node_take_object (node, object);
  return node;
}

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

static JsonNode *
attachment_to_json (const SdAttachment *attachment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = instant_to_string (attachment->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, attachment->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, attachment->name);
  json_builder_set_member_name (builder, "media_type");
  json_builder_add_string_value (builder, attachment->media_type);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) attachment->size);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, attachment->sha256);
  json_builder_set_member_name (builder, "uploaded_by");
  json_builder_add_string_value (builder, attachment->uploaded_by);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
attachments_to_json (GPtrArray *attachments)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < attachments->len; i++)
    json_array_add_element (array, attachment_to_json (g_ptr_array_index (attachments, i)));
  json_node_take_array (node, array);
  return node;
}

/* The machine's JSON with the summary members and the attachments. */
static JsonNode *
application_to_json (SdPlatformServer   *server,
                     SdPlatformRequest  *request,
                     const SdCaseRecord *record,
                     SdApplication      *app,
                     GError            **error)
{
  g_autoptr(JsonNode) node = sd_application_to_json (app);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) attachments = NULL;
  JsonObject *object = json_node_get_object (node);

  attachments = sd_storage_list_attachments (sd_platform_server_get_storage (server),
                                             record->id, error);
  if (attachments == NULL)
    return NULL;
  set_summary_members (object, server, request, record, app, names);
  json_object_set_member (object, "attachments", attachments_to_json (attachments));
  return g_steal_pointer (&node);
}

static void
respond_application (SdPlatformServer   *server,
                     SdPlatformRequest  *request,
                     guint               status,
                     const SdCaseRecord *record,
                     SdApplication      *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = version_etag (record->version);
  JsonNode *body = application_to_json (server, request, record, app, &error);

  if (body == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  _sd_response_set_header (request, "ETag", etag);
  _sd_respond_json (request, status, body);
}

/* Storing */

/* The columns the platform lists by, from the machine. */
static void
record_update_from (SdCaseRecord  *record,
                    SdApplication *app)
{
  g_autoptr(JsonNode) json = sd_application_to_json (app);
  SdRole role = sd_application_get_current_role (app);

  g_free (record->state);
  record->state = g_strdup (sd_application_get_state (app));
  record->current_role = role;
  g_free (record->current_department);
  record->current_department = g_strdup (sd_application_get_current_department (app));
  g_free (record->due_date);
  record->due_date = _sd_date_to_string (sd_application_get_due_date (app));
  g_free (record->json);
  record->json = json_to_string (json, FALSE);
}

static JsonNode *
state_detail (SdApplication *app)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, sd_application_get_state (app));
  json_builder_set_member_name (builder, "stage");
  if (sd_application_get_stage (app) != NULL)
    json_builder_add_string_value (builder, sd_application_get_stage (app));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A3 and every approval that ends the flow: the consumer department may
 * use the entry's data from now on. */
static gboolean
grant_authorisation (SdPlatformServer   *server,
                     SdPlatformRequest  *request,
                     const SdCaseRecord *record,
                     GError            **error)
{
  g_autoptr(SdAuthorisation) authorisation = g_new0 (SdAuthorisation, 1);
  g_autofree char *id = NULL;

  authorisation->application_id = record->id;
  authorisation->entry_id = g_strdup (record->entry_id);
  authorisation->consumer_uscc = g_strdup (record->consumer_uscc);
  authorisation->provider_uscc = g_strdup (record->provider_uscc);
  authorisation->granted_at = g_date_time_ref (sd_platform_request_get_now (request));
  if (!sd_storage_add_authorisation (sd_platform_server_get_storage (server), authorisation, error))
    return FALSE;
  id = case_id_string (authorisation->id);
  sd_platform_request_audit (request, "authorisation.grant", "authorisation", id, NULL);
  return TRUE;
}

/* POST /applications */

static const SdMemberSpec submit_members[] = {
  { "entry_id", SD_MEMBER_STRING, TRUE },
  { "purpose", SD_MEMBER_STRING, TRUE },
  { "purpose_kind", SD_MEMBER_STRING, FALSE },
};

/* The member a refused submission is about. */
static const char *
submit_error_field (const GError *error,
                    JsonObject   *body)
{
  if (g_error_matches (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD))
    return "purpose";
  if (g_error_matches (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE) &&
      json_object_has_member (body, "purpose_kind"))
    return "purpose_kind";
  return "entry_id";
}

static SdCatalogueEntry *
submitted_entry (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 const char        *entry_id)
{
  g_autoptr(GError) error = NULL;
  SdCatalogueEntry *entry = sd_storage_get_entry (sd_platform_server_get_storage (server),
                                                  entry_id, &error);

  if (entry != NULL)
    return entry;
  if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    _sd_respond_validation (request, "entry_id", error->message);
  else
    sd_platform_request_respond_error (request, error, NULL);
  return NULL;
}

static SdCaseRecord *
record_new_for (SdApplication *app)
{
  SdCaseRecord *record = g_new0 (SdCaseRecord, 1);

  record->kind = SD_CASE_APPLICATION;
  record->entry_id = g_strdup (sd_application_get_entry_id (app));
  record->consumer_uscc = g_strdup (sd_application_get_consumer (app));
  record->provider_uscc = g_strdup (sd_application_get_provider (app));
  record_update_from (record, app);
  return record;
}

static void
submit_cb (SdPlatformServer  *server,
           SdPlatformRequest *request,
           gpointer           user_data)
{
  JsonObject *body = _sd_request_body_object (request, submit_members, G_N_ELEMENTS (submit_members));
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdWorkflowRequest) submit = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;

  if (body == NULL)
    return;
  entry = submitted_entry (server, request, _sd_member_get_string (body, "entry_id"));
  if (entry == NULL)
    return;
  submit = _sd_workflow_request_new (request, "submit", SD_ROLE_CONSUMER, body);
  app = sd_application_new (sd_platform_server_get_policy (server),
                            sd_platform_server_get_calendar (server), entry, submit, &error);
  if (app == NULL)
    {
      _sd_respond_error_audited (request, error, submit_error_field (error, body),
                                 "catalogue-entry", sd_catalogue_entry_get_id (entry));
      return;
    }
  record = record_new_for (app);
  if (!sd_storage_add_case (sd_platform_server_get_storage (server), record, &error) ||
      (g_str_equal (record->state, "authorised") &&
       !grant_authorisation (server, request, record, &error)))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  id = case_id_string (record->id);
  detail = state_detail (app);
  sd_platform_request_audit (request, "application.submit", OBJECT_TYPE, id, detail);
  location = g_strconcat (APPLICATIONS_PATH "/", id, NULL);
  _sd_response_set_header (request, "Location", location);
  respond_application (server, request, SOUP_STATUS_CREATED, record, app);
}

/* GET /applications, GET /negotiations */

static gint
record_newest_first (gconstpointer a,
                     gconstpointer b)
{
  const SdCaseRecord *first = *(SdCaseRecord * const *) a;
  const SdCaseRecord *second = *(SdCaseRecord * const *) b;

  return first->id < second->id ? 1 : (first->id > second->id ? -1 : 0);
}

/* Appends every case @query matches to @records. */
static gboolean
collect_cases (SdPlatformServer   *server,
               const SdCaseQuery  *query,
               GPtrArray          *records,
               GError            **error)
{
  g_autoptr(GPtrArray) found = sd_storage_list_cases (sd_platform_server_get_storage (server),
                                                      query, NULL, error);

  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (records, g_steal_pointer (&found->pdata[i]));
  return TRUE;
}

/* to-review: whose turn it is, for each role the caller holds (and its
 * department for the department roles). */
static gboolean
collect_to_review (SdPlatformServer   *server,
                   SdPlatformRequest  *request,
                   const char         *state,
                   GPtrArray          *records,
                   GError            **error)
{
  static const SdRole reviewing_roles[] = {
    SD_ROLE_PROVIDER, SD_ROLE_CONSUMER, SD_ROLE_SUPPORT, SD_ROLE_SUPERVISOR,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reviewing_roles); i++)
    {
      SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
      gboolean department_role = reviewing_roles[i] == SD_ROLE_PROVIDER ||
                                 reviewing_roles[i] == SD_ROLE_CONSUMER;

      if (!_sd_user_has_role (request, reviewing_roles[i]))
        continue;
      if (department_role && user_department (request) == NULL)
        continue;
      query.current_role = reviewing_roles[i];
      query.current_department = department_role ? user_department (request) : NULL;
      query.state = state;
      if (!collect_cases (server, &query, records, error))
        return FALSE;
    }
  g_ptr_array_sort (records, record_newest_first);
  return TRUE;
}

/* mine: as consumer, the department's applications; as provider, those
 * for the department's entries (what may_see() lets them read). An
 * application never has the same department on both sides. */
static gboolean
collect_mine (SdPlatformServer   *server,
              SdPlatformRequest  *request,
              SdCaseQuery        *query,
              GPtrArray          *records,
              GError            **error)
{
  if (_sd_user_has_role (request, SD_ROLE_CONSUMER))
    {
      query->consumer = user_department (request);
      if (!collect_cases (server, query, records, error))
        return FALSE;
      query->consumer = NULL;
    }
  if (_sd_user_has_role (request, SD_ROLE_PROVIDER))
    {
      query->provider = user_department (request);
      if (!collect_cases (server, query, records, error))
        return FALSE;
    }
  g_ptr_array_sort (records, record_newest_first);
  return TRUE;
}

typedef enum {
  BOX_MINE,
  BOX_TO_REVIEW,
  BOX_DELEGATED,
  BOX_ALL,
} Box;

static gboolean
parse_box (SdPlatformRequest *request,
           Box               *box)
{
  static const char * const names[] = { "mine", "to-review", "delegated", "all" };
  const char *text = sd_platform_request_get_query (request, "box");

  if (text == NULL)
    {
      *box = _sd_user_has_role (request, SD_ROLE_SUPERVISOR) ||
             _sd_user_has_role (request, SD_ROLE_SUPPORT) ? BOX_ALL : BOX_MINE;
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *box = (Box) i;
        return TRUE;
      }
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "box",
                                            "%s", _("“box” must be one of mine, to-review, delegated or all.")));
  return FALSE;
}

static gboolean
parse_overdue (SdPlatformRequest *request,
               gboolean          *overdue_only)
{
  const char *text = sd_platform_request_get_query (request, "overdue");

  *overdue_only = g_strcmp0 (text, "true") == 0;
  if (text == NULL || g_str_equal (text, "true") || g_str_equal (text, "false"))
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "overdue",
                                            "%s", _("“overdue” must be true or false.")));
  return FALSE;
}

/* The box's cases, or NULL after responding (403 for a box the caller
 * has no right to). */
static GPtrArray *
box_cases (SdPlatformServer  *server,
           SdPlatformRequest *request,
           Box                box,
           const char        *state)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_case_record_free);
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  query.state = state;
  switch (box)
    {
    case BOX_MINE:
    case BOX_DELEGATED:
      if (user_department (request) == NULL ||
          (box == BOX_DELEGATED && !_sd_user_has_role (request, SD_ROLE_PROVIDER)))
        {
          _sd_respond_forbidden (request, OBJECT_TYPE, NULL,
                                 _("Only a provider or consumer department has applications of its own."));
          return NULL;
        }
      if (box == BOX_MINE)
        {
          ok = collect_mine (server, request, &query, records, &error);
          break;
        }
      query.provider = user_department (request);
      ok = collect_cases (server, &query, records, &error);
      break;
    case BOX_TO_REVIEW:
      ok = collect_to_review (server, request, state, records, &error);
      break;
    case BOX_ALL:
    default:
      if (!_sd_user_has_role (request, SD_ROLE_SUPERVISOR) &&
          !_sd_user_has_role (request, SD_ROLE_SUPPORT))
        {
          _sd_respond_forbidden (request, OBJECT_TYPE, NULL,
                                 _("Only supervisors and the support department see every application."));
          return NULL;
        }
      ok = collect_cases (server, &query, records, &error);
      break;
    }
  if (!ok)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* A6: the provider follows what the support decided for it, while the
 * review is delegated and after a delegated decision ended it. */
static gboolean
was_delegated (SdApplication *app)
{
  GPtrArray *history = sd_application_get_history (app);

  if (sd_application_is_delegated (app))
    return TRUE;
  for (guint i = 0; i < history->len; i++)
    if (((SdWorkflowEvent *) g_ptr_array_index (history, i))->delegated)
      return TRUE;
  return FALSE;
}

typedef struct {
  gboolean delegated_only;
  gboolean overdue_only;
} ListFilter;

/* Restores each case, keeps those @filter accepts and responds with the
 * page asked for. The filters that need the machine (delegated, overdue)
 * are applied here, so the page is cut after them. */
static void
respond_case_page (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   GPtrArray         *records,
                   const ListFilter  *filter,
                   guint              offset,
                   guint              limit)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *items = json_array_new ();
  JsonNode *items_node = json_node_new (JSON_NODE_ARRAY);
  guint total = 0;
  GDate today;

  sd_platform_request_get_today (request, &today);
  for (guint i = 0; i < records->len; i++)
    {
      SdCaseRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SdApplication) app = application_from_record (server, record, &error);

      if (app == NULL)
        {
          g_warning ("Application %" G_GINT64_FORMAT " does not restore: %s", record->id, error->message);
          continue;
        }
      if ((filter->delegated_only && !was_delegated (app)) ||
          (filter->overdue_only && !sd_application_is_overdue (app, &today)))
        continue;
      if (total >= offset && total - offset < limit)
        json_array_add_element (items, summary_to_json (server, request, record, app, names));
      total++;
    }
  json_node_take_array (items_node, items);
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_page_to_json (items_node, total, offset, limit));
}

static void
list_applications_cb (SdPlatformServer  *server,
                      SdPlatformRequest *request,
                      gpointer           user_data)
{
  g_autoptr(GPtrArray) records = NULL;
  ListFilter filter = { FALSE, FALSE };
  guint offset, limit;
  Box box;

  if (!parse_box (request, &box) || !parse_overdue (request, &filter.overdue_only) ||
      !_sd_request_paging (request, &offset, &limit))
    return;
  records = box_cases (server, request, box, sd_platform_request_get_query (request, "state"));
  if (records == NULL)
    return;
  filter.delegated_only = box == BOX_DELEGATED;
  respond_case_page (server, request, records, &filter, offset, limit);
}

/* Negotiations the caller is party to: its department's as consumer or
 * provider (as for box=mine), every one for supervisors (who hold the
 * upper levels). */
static void
list_negotiations_cb (SdPlatformServer  *server,
                      SdPlatformRequest *request,
                      gpointer           user_data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_case_record_free);
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
  g_autoptr(GError) error = NULL;
  ListFilter filter = { FALSE, FALSE };
  guint offset, limit;

  if (!_sd_request_paging (request, &offset, &limit))
    return;
  if (!_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    {
      if (user_department (request) == NULL)
        {
          _sd_respond_forbidden (request, OBJECT_TYPE, NULL,
                                 _("Only the departments concerned and supervisors take part in negotiations."));
          return;
        }
    }
  query.state = "negotiating";
  if (!(_sd_user_has_role (request, SD_ROLE_SUPERVISOR) ?
        collect_cases (server, &query, records, &error) :
        collect_mine (server, request, &query, records, &error)))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  respond_case_page (server, request, records, &filter, offset, limit);
}

/* GET /applications/{id} */

static void
get_application_cb (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdApplication) app = NULL;

  if (!load_application (server, request, &record, &app) || !check_visible (request, record))
    return;
  respond_application (server, request, SOUP_STATUS_OK, record, app);
}

/* POST /applications/{id}/actions */

static const SdMemberSpec action_members[] = {
  { "action", SD_MEMBER_STRING, TRUE },
  { "basis", SD_MEMBER_STRING, FALSE },
  { "materials", SD_MEMBER_STRING, FALSE },
  { "note", SD_MEMBER_STRING, FALSE },
  { "reason", SD_MEMBER_STRING, FALSE },
  { "comment", SD_MEMBER_STRING, FALSE },
};

static gssize
find_action (const char *action)
{
  for (gsize i = 0; i < G_N_ELEMENTS (application_actions); i++)
    if (g_str_equal (application_actions[i].action, action))
      return (gssize) i;
  return -1;
}

/* The role the caller acts as: the role whose turn it is when the caller
 * holds it, else the consumer for the consumer's own actions, else the
 * caller's first role (which the machine then refuses, audited). */
static SdRole
acting_role (SdPlatformRequest *request,
             SdApplication     *app,
             gboolean           consumer_action)
{
  static const SdRole fallback_roles[] = {
    SD_ROLE_PROVIDER, SD_ROLE_CONSUMER, SD_ROLE_SUPPORT, SD_ROLE_SUPERVISOR,
  };
  SdRole current = sd_application_get_current_role (app);

  if (current != SD_ROLE_INVALID && _sd_user_has_role (request, current))
    return current;
  if (consumer_action && _sd_user_has_role (request, SD_ROLE_CONSUMER))
    return SD_ROLE_CONSUMER;
  for (gsize i = 0; i < G_N_ELEMENTS (fallback_roles); i++)
    if (_sd_user_has_role (request, fallback_roles[i]))
      return fallback_roles[i];
  return SD_ROLE_INVALID;
}

/* The version an If-Match header names, or the stored one without it.
 * FALSE after responding 400 for a header that names no version, or 412
 * when it names another than the stored one. */
static gboolean
expected_version (SdPlatformRequest  *request,
                  const SdCaseRecord *record,
                  guint              *version)
{
  SoupMessageHeaders *headers =
    soup_server_message_get_request_headers (sd_platform_request_get_message (request));
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *digits = NULL;
  gsize length;
  guint64 parsed = 0;

  *version = record->version;
  if (if_match == NULL || g_str_equal (if_match, "*"))
    return TRUE;
  length = strlen (if_match);
  if (length > 2 && if_match[0] == '"' && if_match[length - 1] == '"')
    digits = g_strndup (if_match + 1, length - 2);
  if (digits == NULL || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "If-Match",
                                                "%s", _("If-Match must be the ETag of the application, e.g. \"3\".")));
      return FALSE;
    }
  *version = (guint) parsed;
  /* Stale before anything else: the machine would otherwise judge the
   * action against a state the caller has not seen. */
  if (*version != record->version)
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_PRECONDITION_FAILED, SD_PROBLEM_PRECONDITION, NULL,
                                                /* Translators: %u are versions of an application */
                                                _("The application has changed meanwhile (it is at version %u, not %u): reload it and decide again."),
                                                record->version, *version));
      return FALSE;
    }
  return TRUE;
}

static void
respond_action_error (SdPlatformRequest  *request,
                      const GError       *error,
                      gssize              action_index,
                      const SdCaseRecord *record)
{
  g_autofree char *id = case_id_string (record->id);
  const char *field = NULL;

  if (g_error_matches (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD))
    field = application_actions[action_index].required;
  _sd_respond_error_audited (request, error, field, OBJECT_TYPE, id);
}

static void
action_cb (SdPlatformServer  *server,
           SdPlatformRequest *request,
           gpointer           user_data)
{
  JsonObject *body = _sd_request_body_object (request, action_members, G_N_ELEMENTS (action_members));
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *audit_action = NULL;
  g_autoptr(JsonNode) detail = NULL;
  gboolean was_authorised;
  gssize index;
  guint version;

  if (body == NULL || !load_application (server, request, &record, &app) ||
      !check_visible (request, record) || !expected_version (request, record, &version))
    return;
  index = find_action (_sd_member_get_string (body, "action"));
  if (index < 0)
    {
      _sd_respond_validation (request, "action",
                              _("Unknown action: use approve, refuse, request-materials, supply-materials,"
                                " forward, delegate, escalate, acknowledge-agreement or withdraw."));
      return;
    }
  workflow = _sd_workflow_request_new (request, application_actions[index].action,
                                       acting_role (request, app, application_actions[index].consumer_action),
                                       body);
  was_authorised = g_str_equal (sd_application_get_state (app), "authorised");
  if (!sd_application_apply (app, workflow, &error))
    {
      respond_action_error (request, error, index, record);
      return;
    }
  record_update_from (record, app);
  if (!sd_storage_update_case (sd_platform_server_get_storage (server), record, version, &error) ||
      (!was_authorised && g_str_equal (record->state, "authorised") &&
       !grant_authorisation (server, request, record, &error)))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  id = case_id_string (record->id);
  audit_action = g_strconcat ("application.", application_actions[index].action, NULL);
  detail = state_detail (app);
  sd_platform_request_audit (request, audit_action, OBJECT_TYPE, id, detail);
  respond_application (server, request, SOUP_STATUS_OK, record, app);
}

/* Attachments */

static gboolean
is_attachment_media_type (const char *media_type)
{
  for (gsize i = 0; media_type != NULL && i < G_N_ELEMENTS (attachment_media_types); i++)
    if (g_ascii_strcasecmp (media_type, attachment_media_types[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The file name from Content-Disposition (libsoup decodes RFC 5987
 * filename*=UTF-8''…) or from ?name=. */
static char *
attachment_name (SdPlatformRequest *request)
{
  SoupMessageHeaders *headers =
    soup_server_message_get_request_headers (sd_platform_request_get_message (request));
  g_autoptr(GHashTable) params = NULL;
  const char *name = NULL;

  if (soup_message_headers_get_content_disposition (headers, NULL, &params))
    name = g_hash_table_lookup (params, "filename");
  if (name == NULL)
    name = sd_platform_request_get_query (request, "name");
  return g_strdup (name);
}

/* A plain file name: UTF-8, no folders, no control characters. */
static gboolean
attachment_name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 255 ||
      !g_utf8_validate (name, -1, NULL) || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_attachment_upload (SdPlatformRequest *request,
                         const char        *media_type,
                         GBytes            *content,
                         const char        *name)
{
  if (!is_attachment_media_type (media_type))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SD_PROBLEM_MEDIA_TYPE,
                                                "Content-Type", "%s",
                                                _("Attachments must be PDF, PNG, JPEG, plain text or ZIP files.")));
      return FALSE;
    }
  if (content == NULL || g_bytes_get_size (content) == 0)
    {
      _sd_respond_validation (request, "content", _("The attachment is empty."));
      return FALSE;
    }
  if (!attachment_name_is_valid (name))
    {
      _sd_respond_validation (request, "name",
                              _("Give the attachment a file name (Content-Disposition or ?name=) without folders."));
      return FALSE;
    }
  return TRUE;
}

static void
add_attachment_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(SdAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *attachment_id = NULL;
  g_autofree char *location = NULL;
  const char *department = user_department (request);

  if (!load_application (server, request, &record, &app))
    return;
  id = case_id_string (record->id);
  if (!_sd_user_has_role (request, SD_ROLE_CONSUMER) ||
      g_strcmp0 (department, record->consumer_uscc) != 0)
    {
      _sd_respond_forbidden (request, OBJECT_TYPE, id,
                             _("Only the department that applied may add materials to an application."));
      return;
    }
  content = sd_platform_request_get_raw_body (request);
  name = attachment_name (request);
  if (!check_attachment_upload (request, sd_platform_request_get_content_type (request), content, name))
    return;

  attachment = g_new0 (SdAttachment, 1);
  attachment->case_id = record->id;
  attachment->name = g_steal_pointer (&name);
  attachment->media_type = g_ascii_strdown (sd_platform_request_get_content_type (request), -1);
  attachment->uploaded_by = g_strdup (sd_platform_request_get_user (request)->username);
  attachment->content = g_bytes_ref (content);
  if (!sd_storage_add_attachment (sd_platform_server_get_storage (server), attachment, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  attachment_id = case_id_string (attachment->id);
  sd_platform_request_audit (request, "application.attach", OBJECT_TYPE, id, NULL);
  location = g_strconcat (APPLICATIONS_PATH "/", id, "/attachments/", attachment_id, NULL);
  _sd_response_set_header (request, "Location", location);
  _sd_respond_json (request, SOUP_STATUS_CREATED, attachment_to_json (attachment));
}

static void
list_attachments_cb (SdPlatformServer  *server,
                     SdPlatformRequest *request,
                     gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!load_application (server, request, &record, &app) || !check_visible (request, record))
    return;
  attachments = sd_storage_list_attachments (sd_platform_server_get_storage (server),
                                             record->id, &error);
  if (attachments == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, attachments_to_json (attachments));
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* {"attachment_id": N, "name": "…"}: which file was read. */
static JsonNode *
attachment_detail (const SdAttachment *attachment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attachment_id");
  json_builder_add_int_value (builder, attachment->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, attachment->name);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
get_attachment_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(SdAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) detail = NULL;
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  const char *text = sd_platform_request_get_param (request, "aid");
  gint64 attachment_id = 0;
  gsize size = 0;
  gconstpointer data;

  if (!load_application (server, request, &record, &app) || !check_visible (request, record))
    return;
  if (!parse_case_id (text, &attachment_id))
    attachment_id = 0;
  attachment = sd_storage_get_attachment (sd_platform_server_get_storage (server), record->id,
                                          attachment_id, &error);
  if (attachment == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  id = case_id_string (record->id);
  detail = attachment_detail (attachment);
  sd_platform_request_audit (request, "application.attachment-read", OBJECT_TYPE, id, detail);
  data = g_bytes_get_data (attachment->content, &size);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, attachment->media_type, SOUP_MEMORY_COPY, data, size);
}

void
sd_platform_routes_applications (SdPlatformServer *server)
{
  const guint consumer = SD_ROLE_MASK (SD_ROLE_CONSUMER);
  const guint negotiators = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER) |
                            SD_ROLE_MASK (SD_ROLE_SUPERVISOR);

  sd_platform_server_add_route (server, "POST", APPLICATIONS_PATH, 0, consumer, submit_cb, NULL);
  sd_platform_server_add_route (server, "GET", APPLICATIONS_PATH, 0, PARTY_ROLES,
                                list_applications_cb, NULL);
  sd_platform_server_add_route (server, "GET", APPLICATIONS_PATH "/{id}", 0, PARTY_ROLES,
                                get_application_cb, NULL);
  sd_platform_server_add_route (server, "POST", APPLICATIONS_PATH "/{id}/actions", 0, PARTY_ROLES,
                                action_cb, NULL);
  sd_platform_server_add_route (server, "POST", APPLICATIONS_PATH "/{id}/attachments",
                                SD_ROUTE_RAW_BODY, consumer, add_attachment_cb, NULL);
  sd_platform_server_add_route (server, "GET", APPLICATIONS_PATH "/{id}/attachments", 0, PARTY_ROLES,
                                list_attachments_cb, NULL);
  sd_platform_server_add_route (server, "GET", APPLICATIONS_PATH "/{id}/attachments/{aid}", 0,
                                PARTY_ROLES, get_attachment_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/negotiations", 0, negotiators,
                                list_negotiations_cb, NULL);
}
