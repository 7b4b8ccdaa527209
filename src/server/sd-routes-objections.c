/* sd-routes-objections.c — objections to shared data (A11, A11p).
 *
 *   POST /api/v1/objections                 consumer  → 201 Objection
 *   GET  /api/v1/objections?box=&state=     department users, support, supervisor
 *   GET  /api/v1/objections/{id}            the two departments, support, supervisor
 *   POST /api/v1/objections/{id}/actions    answer | forward | close | reopen
 *
 * SdObjection runs the procedure of the profile (the provider verifies:
 * mot-2021 art. 15, state-council-2016 art. 15; the big-data center
 * re-checks within 5 wd and forwards to the provider, who answers within
 * 3 wd: panjin-2016 art. 20). The business goes on while an objection is
 * open (state-council-2016 art. 15): nothing here blocks data access.
 *
 * The helpers of sd-routes-supervision-private.h live here too.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-objection.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-routes-supervision-private.h"
#include "sd-storage-catalogue.h"

#define OBJECT_TYPE "objection"

static const guint department_roles = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER);

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

/* --- shared helpers ------------------------------------------------------- */

static void
set_instant (JsonObject *object,
             const char *name,
             GDateTime  *at)
{
  g_autofree char *text = at != NULL ? g_date_time_format_iso8601 (at) : NULL;

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

static void
set_int_or_null (JsonObject *object,
                 const char *name,
                 gboolean    known,
                 gint64      value)
{
  if (known)
    json_object_set_int_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

JsonNode *
_sd_case_to_json (SdPlatformServer     *server,
                  SdPlatformRequest    *request,
                  JsonNode             *machine_json,
                  const SdCaseRecord   *record,
                  const SdCaseDeadline *deadline)
{
  JsonObject *object = json_node_get_object (machine_json);
  GDate today;
  int days_left = 0;
  gboolean known_days = FALSE;

  sd_platform_request_get_today (request, &today);
  if (deadline->due_date != NULL && g_date_valid (deadline->due_date))
    known_days = sd_workflow_working_days_left (sd_platform_server_get_calendar (server),
                                                deadline->due_date, &today, &days_left, NULL);

  json_object_set_int_member (object, "id", record->id);
  json_object_set_int_member (object, "version", record->version);
  if (deadline->current_role != SD_ROLE_INVALID)
    json_object_set_string_member (object, "current_role",
                                   sd_role_to_string (deadline->current_role));
  else
    json_object_set_null_member (object, "current_role");
  json_object_set_boolean_member (object, "overdue", deadline->overdue);
  set_int_or_null (object, "working_days_left", known_days, days_left);

  set_instant (object, "created_at", record->created_at);
  set_instant (object, "updated_at", record->updated_at);
  return machine_json;
}

gint64
_sd_case_path_id (SdPlatformRequest *request,
                  const char        *not_found)
{
  const char *text = sd_platform_request_get_param (request, "id");
  guint64 id = 0;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;
  respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                            "%s", not_found));
  return 0;
}

gboolean
_sd_case_check_if_match (SdPlatformRequest *request,
                         guint              version)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "If-Match");
  g_autofree char *expected = g_strdup_printf ("\"%u\"", version);
  g_autofree char *weak = g_strdup_printf ("W/\"%u\"", version);
  g_autofree char *bare = NULL;

  if (header == NULL || g_strcmp0 (header, "*") == 0)
    return TRUE;
  bare = g_strstrip (g_strdup (header));
  if (g_str_equal (bare, expected) || g_str_equal (bare, weak))
    return TRUE;
  if (!g_str_has_prefix (bare, "\"") && !g_str_has_prefix (bare, "W/\""))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                "If-Match",
                                                /* Translators: %s is the header as sent */
                                                _("The If-Match header “%s” is not an entity tag like \"3\"."),
                                                bare));
      return FALSE;
    }
  respond_problem (request, sd_problem_new (SOUP_STATUS_PRECONDITION_FAILED, SD_PROBLEM_PRECONDITION,
                                            NULL,
                                            /* Translators: the first %s is the version the client
                                             * had (an entity tag), %u the current version */
                                            _("The case changed since you read it (you had %s, it is now version %u): reload it and try again."),
                                            bare, version));
  return FALSE;
}

void
_sd_case_set_etag (SdPlatformRequest *request,
                   guint              version)
{
  g_autofree char *etag = g_strdup_printf ("\"%u\"", version);

  _sd_response_set_header (request, "ETag", etag);
}

SdRole
_sd_case_acting_role (SdPlatformRequest *request,
                      SdRole             wanted)
{
  if (wanted != SD_ROLE_INVALID && _sd_user_has_role (request, wanted))
    return wanted;
  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    if (_sd_user_has_role (request, role))
      return role;
  return SD_ROLE_INVALID;
}

const char *
_sd_case_turn_department (SdRole      role,
                          const char *provider,
                          const char *consumer)
{
  if (role == SD_ROLE_PROVIDER)
    return provider;
  if (role == SD_ROLE_CONSUMER)
    return consumer;
  return NULL;
}

const char *
_sd_case_error_field (const GError            *error,
                      const SdWorkflowRequest *workflow,
                      const char * const      *required,
                      const char              *invalid)
{
  if (error->domain != SD_WORKFLOW_ERROR ||
      (error->code != SD_WORKFLOW_ERROR_MISSING_FIELD &&
       error->code != SD_WORKFLOW_ERROR_INVALID_VALUE))
    return NULL;
  for (gsize i = 0; required != NULL && required[i] != NULL; i++)
    if (sd_workflow_request_get (workflow, required[i]) == NULL)
      return required[i];
  return invalid;
}

void
_sd_case_respond_created (SdPlatformRequest  *request,
                          const char         *path,
                          const SdCaseRecord *record,
                          JsonNode           *body)
{
  g_autofree char *location = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, record->id);

  _sd_response_set_header (request, "Location", location);
  _sd_case_set_etag (request, record->version);
  _sd_respond_json (request, SOUP_STATUS_CREATED, body);
}

JsonNode *
_sd_case_page (GPtrArray *items,
               guint      offset,
               guint      limit)
{
  g_autoptr(GPtrArray) owned = items;
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = offset; i < owned->len && i - offset < limit; i++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (owned, i)));
  json_node_set_array (node, array);
  return _sd_page_to_json (node, owned->len, offset, limit);
}

/* --- objections ----------------------------------------------------------- */

static SdObjection *
restore_objection (SdPlatformServer   *server,
                   const SdCaseRecord *record,
                   GError            **error)
{
  g_autoptr(JsonNode) node = json_from_string (record->json, error);

  if (node == NULL)
    return NULL;
  return sd_objection_new_from_json (sd_platform_server_get_policy (server),
                                     sd_platform_server_get_calendar (server), node, error);
}

static JsonNode *
objection_to_json (SdPlatformServer   *server,
                   SdPlatformRequest  *request,
                   SdObjection        *objection,
                   const SdCaseRecord *record)
{
  GDate today;
  SdCaseDeadline deadline;

  sd_platform_request_get_today (request, &today);
  deadline.current_role = sd_objection_get_current_role (objection);
  deadline.due_date = sd_objection_get_due_date (objection);
  deadline.due_uncovered = sd_objection_get_due_uncovered (objection);
  deadline.overdue = sd_objection_is_overdue (objection, &today);
  return _sd_case_to_json (server, request, sd_objection_to_json (objection), record, &deadline);
}

/* The columns the platform lists and authorises by, from the machine. */
static void
record_set_progress (SdCaseRecord *record,
                     SdObjection  *objection)
{
  SdRole role = sd_objection_get_current_role (objection);
  g_autoptr(JsonNode) json = sd_objection_to_json (objection);

  g_free (record->state);
  record->state = g_strdup (sd_objection_get_state (objection));
  record->current_role = role;
  g_free (record->current_department);
  record->current_department = g_strdup (_sd_case_turn_department (role,
                                                                   sd_objection_get_provider (objection),
                                                                   sd_objection_get_consumer (objection)));
  g_free (record->due_date);
  record->due_date = _sd_date_to_string (sd_objection_get_due_date (objection));
  g_free (record->json);
  record->json = json_to_string (json, FALSE);
}

/* Department users see the objections of their department, raised or
 * received; support and supervisors see every one. */
static gboolean
may_see (SdPlatformRequest  *request,
         const SdCaseRecord *record)
{
  SdUser *user = sd_platform_request_get_user (request);

  if (_sd_user_has_role (request, SD_ROLE_SUPERVISOR) || _sd_user_has_role (request, SD_ROLE_SUPPORT))
    return TRUE;
  return user->department_uscc != NULL &&
         (g_strcmp0 (user->department_uscc, record->consumer_uscc) == 0 ||
          g_strcmp0 (user->department_uscc, record->provider_uscc) == 0);
}

static void
respond_not_yours (SdPlatformRequest *request,
                   gint64             id)
{
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  _sd_respond_forbidden (request, OBJECT_TYPE, object_id,
                         _("This objection concerns other departments."));
}

/* The stored objection of the path, visible to the user; NULL after
 * responding. */
static SdCaseRecord *
lookup_objection (SdPlatformServer  *server,
                  SdPlatformRequest *request)
{
  g_autofree char *not_found = NULL;
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  not_found = g_strdup_printf (/* Translators: %s is the number of an objection */
                               _("There is no objection %s."),
                               sd_platform_request_get_param (request, "id"));
  id = _sd_case_path_id (request, not_found);
  if (id == 0)
    return NULL;
  record = sd_storage_get_case (sd_platform_server_get_storage (server), SD_CASE_OBJECTION, id, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
        respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                  "%s", not_found));
      else
        sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (!may_see (request, record))
    {
      respond_not_yours (request, id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* The entry must exist and be published; an unpublished entry of another
 * department is answered like a missing one, so as not to reveal it. */
static SdCatalogueEntry *
lookup_published_entry (SdPlatformServer  *server,
                        SdPlatformRequest *request,
                        const char        *entry_id)
{
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = sd_storage_get_entry (sd_platform_server_get_storage (server), entry_id, &error);
  if (entry == NULL && !g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (entry == NULL || sd_catalogue_entry_get_state (entry) != SD_ENTRY_STATE_PUBLISHED)
    {
      g_autofree char *detail = g_strdup_printf (
          /* Translators: %s is a catalogue entry id */
          _("No published catalogue entry has the id “%s”: objections are raised against published entries."),
          entry_id);

      _sd_respond_validation (request, "entry_id", detail);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

static const SdMemberSpec raise_members[] = {
  { "entry_id", SD_MEMBER_STRING, TRUE },
  { "description", SD_MEMBER_STRING, TRUE },
  { "evidence", SD_MEMBER_STRING_OR_NULL, FALSE },
};

static JsonNode *
action_detail (const char   *action,
               const char   *from_state,
               SdObjection  *objection,
               const char   *entry_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "from_state");
  if (from_state != NULL)
    json_builder_add_string_value (builder, from_state);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to_state");
  json_builder_add_string_value (builder, sd_objection_get_state (objection));
  json_builder_set_member_name (builder, "stage");
  if (sd_objection_get_stage (objection) != NULL)
    json_builder_add_string_value (builder, sd_objection_get_stage (objection));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, entry_id);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
raise_objection_cb (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    gpointer           user_data)
{
  static const char * const required[] = { "description", NULL };
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(SdObjection) objection = NULL;
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, raise_members, G_N_ELEMENTS (raise_members));
  if (body == NULL)
    return;
  entry = lookup_published_entry (server, request, _sd_member_get_string (body, "entry_id"));
  if (entry == NULL)
    return;
  workflow = _sd_workflow_request_new (request, "raise", SD_ROLE_CONSUMER, body);
  objection = sd_objection_new (sd_platform_server_get_policy (server),
                                sd_platform_server_get_calendar (server), entry, workflow, &error);
  if (objection == NULL)
    {
      _sd_respond_error_audited (request, error, _sd_case_error_field (error, workflow, required, NULL),
                                 "catalogue-entry", sd_catalogue_entry_get_id (entry));
      return;
    }

  record->kind = SD_CASE_OBJECTION;
  record->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  record->consumer_uscc = g_strdup (sd_objection_get_consumer (objection));
  record->provider_uscc = g_strdup (sd_objection_get_provider (objection));
  record_set_progress (record, objection);
  if (!sd_storage_add_case (sd_platform_server_get_storage (server), record, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  {
    g_autoptr(JsonNode) detail = action_detail ("raise", NULL, objection, record->entry_id);

    sd_platform_request_audit (request, "objection.raise", OBJECT_TYPE, object_id, detail);
  }
  _sd_case_respond_created (request, "/api/v1/objections", record,
                            objection_to_json (server, request, objection, record));
}

/* --- lists ----------------------------------------------------------------- */

static const char * const objection_states[] = { "open", "answered", "closed", NULL };

/* Fills @query for ?box=; FALSE after responding. *@nothing is set when
 * the box is empty for this user (no department to match). */
static gboolean
fill_box_query (SdPlatformRequest *request,
                SdCaseQuery       *query,
                gboolean          *nothing)
{
  SdUser *user = sd_platform_request_get_user (request);
  gboolean staff = _sd_user_has_role (request, SD_ROLE_SUPERVISOR) ||
                   _sd_user_has_role (request, SD_ROLE_SUPPORT);
  const char *box = sd_platform_request_get_query (request, "box");

  *nothing = FALSE;
  if (box == NULL)
    box = staff ? "all" : "mine";
  if (g_str_equal (box, "mine"))
    {
      query->consumer = user->department_uscc;
      *nothing = user->department_uscc == NULL;
      return TRUE;
    }
  if (g_str_equal (box, "to-answer"))
    {
      if (_sd_user_has_role (request, SD_ROLE_PROVIDER) && user->department_uscc != NULL)
        {
          query->current_role = SD_ROLE_PROVIDER;
          query->current_department = user->department_uscc;
        }
      else if (_sd_user_has_role (request, SD_ROLE_SUPPORT))
        query->current_role = SD_ROLE_SUPPORT;
      else
        *nothing = TRUE;
      return TRUE;
    }
  if (g_str_equal (box, "all"))
    {
      if (staff)
        return TRUE;
      _sd_respond_forbidden (request, OBJECT_TYPE, NULL,
                             _("Only supervisors and the platform’s support see every objection."));
      return FALSE;
    }
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "box",
                                            /* Translators: %s is the value given; keep the
                                             * box names in English */
                                            _("“%s” is not a box: use mine, to-answer or all."), box));
  return FALSE;
}

static gboolean
read_state_filter (SdPlatformRequest  *request,
                   const char * const *states,
                   const char        **state)
{
  g_autofree char *allowed = NULL;

  *state = sd_platform_request_get_query (request, "state");
  if (*state == NULL || g_strv_contains (states, *state))
    return TRUE;
  allowed = g_strjoinv (", ", (char **) states);
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "state",
                                            /* Translators: the first %s is the value given, the
                                             * second the states allowed */
                                            _("“%s” is not a state here; use one of: %s."),
                                            *state, allowed));
  return FALSE;
}

static void
list_objections_cb (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    gpointer           user_data)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_OBJECTION);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *items_node;
  gboolean nothing;
  guint total = 0;

  if (!_sd_request_paging (request, &query.offset, &query.limit) ||
      !fill_box_query (request, &query, &nothing) ||
      !read_state_filter (request, objection_states, &query.state))
    return;
  if (!nothing)
    {
      records = sd_storage_list_cases (sd_platform_server_get_storage (server), &query, &total, &error);
      if (records == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
    }
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      SdCaseRecord *record = g_ptr_array_index (records, i);
      g_autoptr(SdObjection) objection = restore_objection (server, record, &error);

      if (objection == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
      json_array_add_element (items, objection_to_json (server, request, objection, record));
    }
  items_node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (items_node, items);
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_page_to_json (items_node, total, query.offset, query.limit));
}

static void
get_objection_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = lookup_objection (server, request);
  g_autoptr(SdObjection) objection = NULL;
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  objection = restore_objection (server, record, &error);
  if (objection == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  _sd_case_set_etag (request, record->version);
  _sd_respond_json (request, SOUP_STATUS_OK, objection_to_json (server, request, objection, record));
}

/* --- actions --------------------------------------------------------------- */

static const SdMemberSpec action_members[] = {
  { "action", SD_MEMBER_STRING, TRUE },
  { "reply", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "result", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "reason", SD_MEMBER_STRING_OR_NULL, FALSE },
};

static const char * const *
action_required (const char *action)
{
  static const char * const answer[] = { "reply", "result", NULL };
  static const char * const reopen[] = { "reason", NULL };

  if (g_strcmp0 (action, "answer") == 0)
    return answer;
  if (g_strcmp0 (action, "reopen") == 0)
    return reopen;
  return NULL;
}

static const char *
action_invalid_field (const char *action)
{
  static const char * const actions[] = { "answer", "forward", "close", "reopen", NULL };

  if (!g_strv_contains (actions, action))
    return "action";
  return g_str_equal (action, "answer") ? "result" : NULL;
}

static void
objection_action_cb (SdPlatformServer  *server,
                     SdPlatformRequest *request,
                     gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdObjection) objection = NULL;
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *audit_action = NULL;
  g_autofree char *from_state = NULL;
  JsonObject *body;
  const char *action;
  guint read_version;

  body = _sd_request_body_object (request, action_members, G_N_ELEMENTS (action_members));
  if (body == NULL)
    return;
  record = lookup_objection (server, request);
  if (record == NULL || !_sd_case_check_if_match (request, record->version))
    return;
  objection = restore_objection (server, record, &error);
  if (objection == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }

  action = _sd_member_get_string (body, "action");
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  from_state = g_strdup (sd_objection_get_state (objection));
  workflow = _sd_workflow_request_new (request, action,
                                       _sd_case_acting_role (request, sd_objection_get_current_role (objection)),
                                       body);
  if (!sd_objection_apply (objection, workflow, &error))
    {
      _sd_respond_error_audited (request, error,
                                 _sd_case_error_field (error, workflow, action_required (action),
                                                       action_invalid_field (action)),
                                 OBJECT_TYPE, object_id);
      return;
    }

  read_version = record->version;
  record_set_progress (record, objection);
  if (!sd_storage_update_case (sd_platform_server_get_storage (server), record, read_version, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_action = g_strdup_printf ("objection.%s", action);
  {
    g_autoptr(JsonNode) detail = action_detail (action, from_state, objection, record->entry_id);

    sd_platform_request_audit (request, audit_action, OBJECT_TYPE, object_id, detail);
  }
  _sd_case_set_etag (request, record->version);
  _sd_respond_json (request, SOUP_STATUS_OK, objection_to_json (server, request, objection, record));
}

void
sd_platform_routes_objections (SdPlatformServer *server)
{
  const guint readers = department_roles | SD_ROLE_MASK (SD_ROLE_SUPPORT) |
                        SD_ROLE_MASK (SD_ROLE_SUPERVISOR);
  const guint actors = department_roles | SD_ROLE_MASK (SD_ROLE_SUPPORT);

  sd_platform_server_add_route (server, "POST", "/api/v1/objections", SD_ROUTE_AUTHENTICATED,
                                SD_ROLE_MASK (SD_ROLE_CONSUMER), raise_objection_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/objections", SD_ROUTE_AUTHENTICATED,
                                readers, list_objections_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/objections/{id}", SD_ROUTE_AUTHENTICATED,
                                readers, get_objection_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/objections/{id}/actions",
                                SD_ROUTE_AUTHENTICATED, actors, objection_action_cb, NULL);
}
