/* sd-routes-rectifications.c — rectification cases (S2, S3).
 *
 *   POST /api/v1/rectifications                      supervisor → 201 Rectification
 *   GET  /api/v1/rectifications?state=&department=&overdue=
 *                                                    supervisor: all; provider/consumer: own department
 *   GET  /api/v1/rectifications/{id}                 supervisor, the department concerned
 *   POST /api/v1/rectifications/{id}/actions         respond (the department) |
 *                                                    accept | return | escalate (supervisor)
 *   POST /api/v1/rectifications/{id}/attachments     evidence: the department, supervisor
 *   GET  /api/v1/rectifications/{id}/attachments     list
 *   GET  /api/v1/rectifications/{id}/attachments/{attachment_id}   the file
 *
 * SdRectificationCase runs the case: the supervisor notifies a department
 * of a violation the profile lists and sets the time limit (mot-2021
 * art. 23, state-council-2016 art. 24, panjin-2016 art. 36); escalation
 * applies one of the profile's sanctions (mot-2021 art. 24,
 * state-council-2016 art. 21 and 24, panjin-2016 art. 35-36). The
 * platform's support has no part in these cases, so it does not see them.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-platform-routes.h"
#include "sd-rectification-case.h"
#include "sd-routes-private.h"
#include "sd-routes-supervision-private.h"

#define OBJECT_TYPE "rectification"

static const guint department_roles = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER);

/* What evidence may be: the media types of application materials. */
static const char * const attachment_media_types[] = {
  "application/pdf", "image/png", "image/jpeg", "text/plain", "application/zip", NULL
};

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

static SdRectificationCase *
restore_case (SdPlatformServer   *server,
              const SdCaseRecord *record,
              GError            **error)
{
  g_autoptr(JsonNode) node = json_from_string (record->json, error);

  if (node == NULL)
    return NULL;
  return sd_rectification_case_new_from_json (sd_platform_server_get_policy (server),
                                              sd_platform_server_get_calendar (server), node, error);
}

static JsonNode *
case_to_json (SdPlatformServer    *server,
              SdPlatformRequest   *request,
              SdRectificationCase *rectification,
              const SdCaseRecord  *record)
{
  GDate today;
  SdCaseDeadline deadline;

  sd_platform_request_get_today (request, &today);
  deadline.current_role = sd_rectification_case_get_current_role (rectification);
  deadline.due_date = sd_rectification_case_get_due_date (rectification);
  deadline.due_uncovered = sd_rectification_case_get_due_uncovered (rectification);
  deadline.overdue = sd_rectification_case_is_overdue (rectification, &today);
  return _sd_case_to_json (server, request, sd_rectification_case_to_json (rectification),
                           record, &deadline);
}

static void
record_set_progress (SdCaseRecord        *record,
                     SdRectificationCase *rectification)
{
  SdRole role = sd_rectification_case_get_current_role (rectification);
  g_autoptr(JsonNode) json = sd_rectification_case_to_json (rectification);
  const char *department = sd_rectification_case_get_department (rectification);

  g_free (record->state);
  record->state = g_strdup (sd_rectification_case_get_state (rectification));
  record->current_role = role;
  g_free (record->current_department);
  record->current_department = g_strdup (_sd_case_turn_department (role, department, department));
  g_free (record->due_date);
  record->due_date = _sd_date_to_string (sd_rectification_case_get_due_date (rectification));
  g_free (record->json);
  record->json = json_to_string (json, FALSE);
}

static JsonNode *
action_detail (const char          *action,
               const char          *from_state,
               SdRectificationCase *rectification)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *sanction = sd_rectification_case_get_sanction (rectification);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "from_state");
  if (from_state != NULL)
    json_builder_add_string_value (builder, from_state);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to_state");
  json_builder_add_string_value (builder, sd_rectification_case_get_state (rectification));
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, sd_rectification_case_get_department (rectification));
  json_builder_set_member_name (builder, "violation_kind");
  json_builder_add_string_value (builder, sd_rectification_case_get_violation_kind (rectification));
  json_builder_set_member_name (builder, "sanction");
  if (sanction != NULL)
    json_builder_add_string_value (builder, sanction);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
case_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Supervisors see every case; a department sees the cases notified to
 * it. */
static gboolean
may_see (SdPlatformRequest  *request,
         const SdCaseRecord *record)
{
  SdUser *user = sd_platform_request_get_user (request);

  if (_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    return TRUE;
  return user->department_uscc != NULL &&
         g_strcmp0 (user->department_uscc, record->consumer_uscc) == 0;
}

/* The stored case of the path, visible to the user; NULL after
 * responding. */
static SdCaseRecord *
lookup_case (SdPlatformServer  *server,
             SdPlatformRequest *request)
{
  g_autofree char *not_found = NULL;
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  gint64 id;

  not_found = g_strdup_printf (/* Translators: %s is the number of a rectification case */
                               _("There is no rectification case %s."),
                               sd_platform_request_get_param (request, "id"));
  id = _sd_case_path_id (request, not_found);
  if (id == 0)
    return NULL;
  record = sd_storage_get_case (sd_platform_server_get_storage (server), SD_CASE_RECTIFICATION,
                                id, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
        respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                  "%s", not_found));
      else
        sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (may_see (request, record))
    return g_steal_pointer (&record);
  object_id = case_id_string (id);
  _sd_respond_forbidden (request, OBJECT_TYPE, object_id,
                         _("This rectification case concerns another department."));
  return NULL;
}

/* --- open ------------------------------------------------------------------ */

static const SdMemberSpec open_members[] = {
  { "department", SD_MEMBER_STRING, TRUE },
  { "violation_kind", SD_MEMBER_STRING, TRUE },
  { "description", SD_MEMBER_STRING, TRUE },
  { "due_date", SD_MEMBER_STRING_OR_NULL, FALSE },
};

static gboolean
check_department_exists (SdPlatformServer  *server,
                         SdPlatformRequest *request,
                         const char        *uscc)
{
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  department = sd_storage_get_department (sd_platform_server_get_storage (server), uscc, &error);
  if (department != NULL)
    return TRUE;
  if (!g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  detail = g_strdup_printf (/* Translators: %s is a 统一社会信用代码 */
                            _("No department has the 统一社会信用代码 “%s”."), uscc);
  _sd_respond_validation (request, "department", detail);
  return FALSE;
}

/* Which member a refusal of "open" is about, in the machine's order. */
static const char *
open_error_field (SdPlatformServer        *server,
                  const GError            *error,
                  const SdWorkflowRequest *workflow)
{
  static const char * const required[] = { "department", "violation_kind", "description", "due_date", NULL };
  GPtrArray *kinds = sd_policy_get_violation_kinds (sd_platform_server_get_policy (server));
  const char *field = _sd_case_error_field (error, workflow, required, "due_date");

  if (field != NULL && g_str_equal (field, "due_date") &&
      sd_policy_item_find (kinds, sd_workflow_request_get (workflow, "violation_kind")) == NULL)
    return "violation_kind";
  return field;
}

static void
open_case_cb (SdPlatformServer  *server,
              SdPlatformRequest *request,
              gpointer           user_data)
{
  g_autoptr(SdWorkflowRequest) workflow = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, open_members, G_N_ELEMENTS (open_members));
  if (body == NULL ||
      !check_department_exists (server, request, _sd_member_get_string (body, "department")))
    return;
  workflow = _sd_workflow_request_new (request, "open", SD_ROLE_SUPERVISOR, body);
  rectification = sd_rectification_case_new (sd_platform_server_get_policy (server),
                                              sd_platform_server_get_calendar (server),
                                              workflow, &error);
  if (rectification == NULL)
    {
      _sd_respond_error_audited (request, error, open_error_field (server, error, workflow),
                                 OBJECT_TYPE, NULL);
      return;
    }

  record->kind = SD_CASE_RECTIFICATION;
  record->consumer_uscc = g_strdup (sd_rectification_case_get_department (rectification));
  record_set_progress (record, rectification);
  if (!sd_storage_add_case (sd_platform_server_get_storage (server), record, &error))
    {
      sd_platform_request_respond_error (request, error, "department");
      return;
    }
  object_id = case_id_string (record->id);
  {
    g_autoptr(JsonNode) detail = action_detail ("open", NULL, rectification);

    sd_platform_request_audit (request, "rectification.open", OBJECT_TYPE, object_id, detail);
  }
  _sd_case_respond_created (request, "/api/v1/rectifications", record,
                            case_to_json (server, request, rectification, record));
}

/* --- lists ----------------------------------------------------------------- */

static const char * const case_states[] = {
  "awaiting-response", "under-review", "rectified", "escalated", NULL
};

/* ?department=: any for supervisors; a department user sees only their
 * own and is refused another's. FALSE after responding. */
static gboolean
read_department_filter (SdPlatformRequest *request,
                        const char       **department)
{
  SdUser *user = sd_platform_request_get_user (request);
  const char *asked = sd_platform_request_get_query (request, "department");

  if (_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    {
      *department = asked;
      return TRUE;
    }
  if (asked != NULL && g_strcmp0 (asked, user->department_uscc) != 0)
    {
      _sd_respond_forbidden (request, "department", asked,
                             _("You see the rectification cases of your own department only."));
      return FALSE;
    }
  *department = user->department_uscc;
  return TRUE;
}

/* ?overdue=true|false; *@filter FALSE when absent. */
static gboolean
read_overdue_filter (SdPlatformRequest *request,
                     gboolean          *filter,
                     gboolean          *overdue)
{
  const char *text = sd_platform_request_get_query (request, "overdue");

  *filter = text != NULL;
  *overdue = g_strcmp0 (text, "true") == 0;
  if (text == NULL || g_str_equal (text, "true") || g_str_equal (text, "false"))
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "overdue",
                                            /* Translators: %s is the value given */
                                            _("“%s” is not a value of overdue: use true or false."),
                                            text));
  return FALSE;
}

static gboolean
read_state_filter (SdPlatformRequest  *request,
                   const char        **state)
{
  g_autofree char *allowed = NULL;

  *state = sd_platform_request_get_query (request, "state");
  if (*state == NULL || g_strv_contains (case_states, *state))
    return TRUE;
  allowed = g_strjoinv (", ", (char **) case_states);
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "state",
                                            /* Translators: the first %s is the value given, the
                                             * second the states allowed */
                                            _("“%s” is not a state here; use one of: %s."),
                                            *state, allowed));
  return FALSE;
}

static void
list_cases_cb (SdPlatformServer  *server,
               SdPlatformRequest *request,
               gpointer           user_data)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_RECTIFICATION);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  GDate today;
  guint offset, limit;
  gboolean filter_overdue, overdue;

  if (!_sd_request_paging (request, &offset, &limit) ||
      !read_state_filter (request, &query.state) ||
      !read_department_filter (request, &query.consumer) ||
      !read_overdue_filter (request, &filter_overdue, &overdue))
    return;
  if (query.consumer == NULL && !_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    {
      _sd_respond_json (request, SOUP_STATUS_OK, _sd_case_page (g_steal_pointer (&items), offset, limit));
      return;
    }
  /* Overdue depends on today: the whole match is filtered here, then paged. */
  records = sd_storage_list_cases (sd_platform_server_get_storage (server), &query, NULL, &error);
  if (records == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  sd_platform_request_get_today (request, &today);
  for (guint i = 0; i < records->len; i++)
    {
      SdCaseRecord *record = g_ptr_array_index (records, i);
      g_autoptr(SdRectificationCase) rectification = restore_case (server, record, &error);

      if (rectification == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
      if (filter_overdue && sd_rectification_case_is_overdue (rectification, &today) != overdue)
        continue;
      g_ptr_array_add (items, case_to_json (server, request, rectification, record));
    }
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_case_page (g_steal_pointer (&items), offset, limit));
}

static void
get_case_cb (SdPlatformServer  *server,
             SdPlatformRequest *request,
             gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = lookup_case (server, request);
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  rectification = restore_case (server, record, &error);
  if (rectification == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  _sd_case_set_etag (request, record->version);
  _sd_respond_json (request, SOUP_STATUS_OK, case_to_json (server, request, rectification, record));
}

/* --- actions --------------------------------------------------------------- */

static const SdMemberSpec action_members[] = {
  { "action", SD_MEMBER_STRING, TRUE },
  { "plan", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "evidence", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "reason", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "sanction", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "due_date", SD_MEMBER_STRING_OR_NULL, FALSE },
};

static const char * const *
action_required (const char *action)
{
  static const char * const respond[] = { "plan", "evidence", NULL };
  static const char * const return_[] = { "reason", "due_date", NULL };
  static const char * const escalate[] = { "sanction", NULL };

  if (g_strcmp0 (action, "respond") == 0)
    return respond;
  if (g_strcmp0 (action, "return") == 0)
    return return_;
  if (g_strcmp0 (action, "escalate") == 0)
    return escalate;
  return NULL;
}

/* The member a value refusal is about; escalate checks the sanction
 * before it requires the reason. */
static const char *
action_invalid_field (SdPlatformServer        *server,
                      const SdWorkflowRequest *workflow)
{
  static const char * const actions[] = { "respond", "accept", "return", "escalate", NULL };
  GPtrArray *sanctions = sd_policy_get_sanctions (sd_platform_server_get_policy (server));

  if (!g_strv_contains (actions, workflow->action))
    return "action";
  if (g_str_equal (workflow->action, "return"))
    return "due_date";
  if (g_str_equal (workflow->action, "escalate"))
    return sd_policy_item_find (sanctions, sd_workflow_request_get (workflow, "sanction")) == NULL ?
           "sanction" : "reason";
  return NULL;
}

/* The department answers as provider or consumer; the rest is the
 * supervisor's. */
static SdRole
wanted_role (SdPlatformRequest *request,
             const char        *action)
{
  if (g_strcmp0 (action, "respond") != 0)
    return SD_ROLE_SUPERVISOR;
  return _sd_user_has_role (request, SD_ROLE_PROVIDER) ? SD_ROLE_PROVIDER : SD_ROLE_CONSUMER;
}

static void
case_action_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
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
  record = lookup_case (server, request);
  if (record == NULL || !_sd_case_check_if_match (request, record->version))
    return;
  rectification = restore_case (server, record, &error);
  if (rectification == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }

  action = _sd_member_get_string (body, "action");
  object_id = case_id_string (record->id);
  from_state = g_strdup (sd_rectification_case_get_state (rectification));
  workflow = _sd_workflow_request_new (request, action,
                                       _sd_case_acting_role (request, wanted_role (request, action)),
                                       body);
  if (!sd_rectification_case_apply (rectification, workflow, &error))
    {
      _sd_respond_error_audited (request, error,
                                 _sd_case_error_field (error, workflow, action_required (action),
                                                       action_invalid_field (server, workflow)),
                                 OBJECT_TYPE, object_id);
      return;
    }

  read_version = record->version;
  record_set_progress (record, rectification);
  if (!sd_storage_update_case (sd_platform_server_get_storage (server), record, read_version, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_action = g_strdup_printf ("rectification.%s", action);
  {
    g_autoptr(JsonNode) detail = action_detail (action, from_state, rectification);

    sd_platform_request_audit (request, audit_action, OBJECT_TYPE, object_id, detail);
  }
  _sd_case_set_etag (request, record->version);
  _sd_respond_json (request, SOUP_STATUS_OK, case_to_json (server, request, rectification, record));
}

/* --- attachments ------------------------------------------------------------ */

static JsonNode *
attachment_to_json (const SdAttachment *attachment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = g_date_time_format_iso8601 (attachment->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, attachment->id);
  json_builder_set_member_name (builder, "case_id");
  json_builder_add_int_value (builder, attachment->case_id);
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

/* ?name=: a file name without a path, 1–255 bytes of UTF-8. */
static const char *
read_attachment_name (SdPlatformRequest *request)
{
  const char *name = sd_platform_request_get_query (request, "name");

  if (name != NULL && *name != '\0' && strlen (name) <= 255 &&
      strchr (name, '/') == NULL && strchr (name, '\\') == NULL)
    return name;
  respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION,
                                            "name", "%s",
                                            _("Give the file name in the query parameter “name” (up to 255 bytes, without a folder).")));
  return NULL;
}

static gboolean
check_media_type (SdPlatformRequest *request)
{
  const char *media_type = sd_platform_request_get_content_type (request);
  g_autofree char *allowed = NULL;

  if (media_type != NULL && g_strv_contains (attachment_media_types, media_type))
    return TRUE;
  allowed = g_strjoinv (", ", (char **) attachment_media_types);
  respond_problem (request, sd_problem_new (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SD_PROBLEM_MEDIA_TYPE,
                                            NULL,
                                            /* Translators: the first %s is the media type sent,
                                             * the second the list of those accepted */
                                            _("Evidence of type “%s” is not accepted; send one of: %s."),
                                            media_type != NULL ? media_type : "", allowed));
  return FALSE;
}

static void
add_attachment_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(SdAttachment) attachment = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *location = NULL;
  const char *name;

  record = lookup_case (server, request);
  if (record == NULL || !check_media_type (request))
    return;
  name = read_attachment_name (request);
  if (name == NULL)
    return;
  content = sd_platform_request_get_raw_body (request);
  if (content == NULL || g_bytes_get_size (content) == 0)
    {
      _sd_respond_validation (request, "body", _("The evidence file is empty."));
      return;
    }

  attachment = g_new0 (SdAttachment, 1);
  attachment->case_id = record->id;
  attachment->name = g_strdup (name);
  attachment->media_type = g_strdup (sd_platform_request_get_content_type (request));
  attachment->uploaded_by = g_strdup (sd_platform_request_get_user (request)->username);
  attachment->content = g_steal_pointer (&content);
  if (!sd_storage_add_attachment (sd_platform_server_get_storage (server), attachment, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  object_id = case_id_string (record->id);
  {
    g_autoptr(JsonNode) detail = attachment_to_json (attachment);

    sd_platform_request_audit (request, "rectification.attach", OBJECT_TYPE, object_id, detail);
  }
  location = g_strdup_printf ("/api/v1/rectifications/%s/attachments/%" G_GINT64_FORMAT,
                              object_id, attachment->id);
  _sd_response_set_header (request, "Location", location);
  _sd_respond_json (request, SOUP_STATUS_CREATED, attachment_to_json (attachment));
}

static void
list_attachments_cb (SdPlatformServer  *server,
                     SdPlatformRequest *request,
                     gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = lookup_case (server, request);
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  guint offset, limit;

  if (record == NULL || !_sd_request_paging (request, &offset, &limit))
    return;
  attachments = sd_storage_list_attachments (sd_platform_server_get_storage (server), record->id, &error);
  if (attachments == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  for (guint i = 0; i < attachments->len; i++)
    g_ptr_array_add (items, attachment_to_json (g_ptr_array_index (attachments, i)));
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_case_page (g_steal_pointer (&items), offset, limit));
}

static void
get_attachment_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdCaseRecord) record = lookup_case (server, request);
  g_autoptr(SdAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *escaped_name = NULL;
  const char *text = sd_platform_request_get_param (request, "attachment_id");
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  guint64 attachment_id = 0;
  gconstpointer data;
  gsize size;

  if (record == NULL)
    return;
  if (text != NULL)
    g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &attachment_id, NULL);
  attachment = attachment_id == 0 ? NULL :
               sd_storage_get_attachment (sd_platform_server_get_storage (server), record->id,
                                          (gint64) attachment_id, &error);
  if (attachment == NULL)
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                /* Translators: %s is the number of an attachment */
                                                _("This case has no attachment %s."), text));
      return;
    }
  object_id = case_id_string (record->id);
  {
    g_autoptr(JsonNode) detail = attachment_to_json (attachment);

    sd_platform_request_audit (request, "rectification.attachment.read", OBJECT_TYPE, object_id, detail);
  }
  /* The evidence as uploaded, never rendered inline by a browser. */
  escaped_name = g_uri_escape_string (attachment->name, NULL, FALSE);
  disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", escaped_name);
  _sd_response_set_header (request, "Content-Disposition", disposition);
  _sd_response_set_header (request, "X-Content-Type-Options", "nosniff");
  data = g_bytes_get_data (attachment->content, &size);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, attachment->media_type, SOUP_MEMORY_COPY, data, size);
}

void
sd_platform_routes_rectifications (SdPlatformServer *server)
{
  const guint supervisor = SD_ROLE_MASK (SD_ROLE_SUPERVISOR);
  const guint concerned = department_roles | supervisor;

  sd_platform_server_add_route (server, "POST", "/api/v1/rectifications", SD_ROUTE_AUTHENTICATED,
                                supervisor, open_case_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/rectifications", SD_ROUTE_AUTHENTICATED,
                                concerned, list_cases_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/rectifications/{id}", SD_ROUTE_AUTHENTICATED,
                                concerned, get_case_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/rectifications/{id}/actions",
                                SD_ROUTE_AUTHENTICATED, concerned, case_action_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/rectifications/{id}/attachments",
                                SD_ROUTE_RAW_BODY, concerned, add_attachment_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/rectifications/{id}/attachments",
                                SD_ROUTE_AUTHENTICATED, concerned, list_attachments_cb, NULL);
  sd_platform_server_add_route (server, "GET",
                                "/api/v1/rectifications/{id}/attachments/{attachment_id}",
                                SD_ROUTE_AUTHENTICATED, concerned, get_attachment_cb, NULL);
}
