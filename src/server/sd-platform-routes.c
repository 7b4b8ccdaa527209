/* sd-platform-routes.c — registers every resource group, and the helpers
 * the groups share: strict request-body checks and the JSON form of the
 * platform's records.
 *
 * Bodies are checked member by member before a handler reads them:
 * json-glib's getters quietly turn a wrong type into 0, FALSE or NULL, so
 * a "disabled": "yes" would otherwise enable an account.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-routes.h"
#include "sd-routes-private.h"

void
sd_platform_routes_register_all (SdPlatformServer *server)
{
  g_return_if_fail (SD_IS_PLATFORM_SERVER (server));

  sd_platform_routes_session (server);
  sd_platform_routes_profile (server);
  sd_platform_routes_admin (server);
  sd_platform_routes_audit (server);
  sd_platform_routes_statistics (server);
  sd_platform_routes_projects (server);
  sd_platform_routes_changes (server);
  sd_platform_routes_data (server);
  sd_platform_routes_catalogue (server);
  sd_platform_routes_applications (server);
  sd_platform_routes_authorisations (server);
  sd_platform_routes_objections (server);
  sd_platform_routes_rectifications (server);
  sd_platform_routes_catalogue_triggers (server);
}

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

void
_sd_respond_validation (SdPlatformRequest *request,
                        const char        *field,
                        const char        *detail)
{
  respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                            SD_PROBLEM_VALIDATION, field, "%s", detail));
}

void
_sd_respond_json (SdPlatformRequest *request,
                  guint              status,
                  JsonNode          *body)
{
  g_autoptr(JsonNode) owned = body;

  sd_platform_request_respond_json (request, status, owned);
}

void
_sd_response_set_header (SdPlatformRequest *request,
                         const char        *name,
                         const char        *value)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), name, value);
}

static const SdMemberSpec *
find_spec (const SdMemberSpec *specs,
           gsize               n_specs,
           const char         *name)
{
  for (gsize i = 0; i < n_specs; i++)
    if (g_strcmp0 (specs[i].name, name) == 0)
      return &specs[i];
  return NULL;
}

static char *
spec_names (const SdMemberSpec *specs,
            gsize               n_specs)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (gsize i = 0; i < n_specs; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", specs[i].name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static void
respond_bad_type (SdPlatformRequest *request,
                  const char        *field,
                  const char        *expected)
{
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, field,
                                            /* Translators: the first %s is a JSON member
                                             * ("roles[1]"), the second the type it must
                                             * have ("a string") */
                                            _("“%s” must be %s."), field, expected));
}

/* TRUE when @node has the type @spec wants; else responds. */
static gboolean
check_member_type (SdPlatformRequest  *request,
                   const SdMemberSpec *spec,
                   JsonNode           *node)
{
  switch (spec->type)
    {
    case SD_MEMBER_STRING:
      if (is_string (node))
        return TRUE;
      respond_bad_type (request, spec->name, _("a string"));
      return FALSE;
    case SD_MEMBER_STRING_OR_NULL:
      if (is_string (node) || JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      respond_bad_type (request, spec->name, _("a string or null"));
      return FALSE;
    case SD_MEMBER_BOOLEAN:
      if (is_boolean (node))
        return TRUE;
      respond_bad_type (request, spec->name, _("true or false"));
      return FALSE;
    case SD_MEMBER_STRING_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          respond_bad_type (request, spec->name, _("an array of strings"));
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        if (!is_string (json_array_get_element (json_node_get_array (node), i)))
          {
            g_autofree char *field = g_strdup_printf ("%s[%u]", spec->name, i);

            respond_bad_type (request, field, _("a string"));
            return FALSE;
          }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_unknown_members (SdPlatformRequest  *request,
                       JsonObject         *object,
                       const SdMemberSpec *specs,
                       gsize               n_specs)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const SdMemberSpec *spec = find_spec (specs, n_specs, name);
      g_autofree char *allowed = NULL;

      if (spec != NULL)
        {
          if (!check_member_type (request, spec, json_object_get_member (object, name)))
            return FALSE;
          continue;
        }
      allowed = spec_names (specs, n_specs);
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                                                /* Translators: the first %s is a JSON member,
                                                 * the second the list of members allowed */
                                                _("Unknown member “%s” (allowed: %s)."),
                                                name, allowed));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_required_members (SdPlatformRequest  *request,
                        JsonObject         *object,
                        const SdMemberSpec *specs,
                        gsize               n_specs)
{
  for (gsize i = 0; i < n_specs; i++)
    {
      JsonNode *node;

      if (!specs[i].required)
        continue;
      node = json_object_get_member (object, specs[i].name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                                    SD_PROBLEM_VALIDATION, specs[i].name,
                                                    /* Translators: %s is a JSON member */
                                                    _("“%s” is required."), specs[i].name));
          return FALSE;
        }
      if (is_string (node) && *json_node_get_string (node) == '\0')
        {
          respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                                    SD_PROBLEM_VALIDATION, specs[i].name,
                                                    /* Translators: %s is a JSON member */
                                                    _("“%s” must not be empty."), specs[i].name));
          return FALSE;
        }
    }
  return TRUE;
}

JsonObject *
_sd_request_body_object (SdPlatformRequest  *request,
                         const SdMemberSpec *specs,
                         gsize               n_specs)
{
  JsonNode *body = sd_platform_request_get_body (request);
  JsonObject *object;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, NULL,
                                                "%s", _("The request body must be a JSON object.")));
      return NULL;
    }
  object = json_node_get_object (body);
  if (!check_unknown_members (request, object, specs, n_specs) ||
      !check_required_members (request, object, specs, n_specs))
    return NULL;
  return object;
}

const char *
_sd_member_get_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !is_string (node))
    return NULL;
  return json_node_get_string (node);
}

GStrv
_sd_member_dup_strv (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

JsonNode *
_sd_roles_to_json (guint roles)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    if (roles & SD_ROLE_MASK (role))
      json_array_add_string_element (array, sd_role_to_string (role));
  json_node_set_array (node, array);
  return node;
}

gboolean
_sd_roles_parse (const char * const  *names,
                 guint               *roles,
                 guint               *bad_index,
                 GError             **error)
{
  guint mask = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      SdRole role = sd_role_from_string (names[i]);

      if (role == SD_ROLE_INVALID)
        {
          if (bad_index != NULL)
            *bad_index = i;
          g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                       /* Translators: %s is what was given as a role; keep
                        * the role names in English */
                       _("“%s” is not a role: use provider, consumer, support, supervisor or admin."),
                       names[i]);
          return FALSE;
        }
      mask |= SD_ROLE_MASK (role);
    }
  if (mask == 0)
    {
      if (bad_index != NULL)
        *bad_index = 0;
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                           _("A user needs at least one role: provider, consumer, support, supervisor or admin."));
      return FALSE;
    }
  *roles = mask;
  return TRUE;
}

JsonNode *
_sd_department_to_json (const SdDepartment *department)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uscc");
  json_builder_add_string_value (builder, department->uscc);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, department->name);
  json_builder_set_member_name (builder, "responsible_person");
  json_builder_add_string_value (builder, department->responsible_person);
  json_builder_set_member_name (builder, "contact");
  json_builder_add_string_value (builder, department->contact);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
_sd_user_to_json (const SdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Never the password hash. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, user->username);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, user->display_name);
  json_builder_set_member_name (builder, "department");
  if (user->department_uscc != NULL)
    json_builder_add_string_value (builder, user->department_uscc);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "roles");
  json_builder_add_value (builder, _sd_roles_to_json (user->roles));
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, user->disabled);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
parse_detail (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;

  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);
  parser = json_parser_new ();
  /* The storage wrote this text from a JsonNode: it parses. */
  if (!json_parser_load_from_data (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL)
    return json_node_init_string (json_node_alloc (), text);
  return json_node_copy (json_parser_get_root (parser));
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
_sd_audit_record_to_json (const SdAuditRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = g_date_time_format_iso8601 (record->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  add_nullable_string (builder, "actor", record->actor);
  add_nullable_string (builder, "action", record->action);
  add_nullable_string (builder, "object_type", record->object_type);
  add_nullable_string (builder, "object_id", record->object_id);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_value (builder, parse_detail (record->detail));
  add_nullable_string (builder, "prev_hash", record->prev_hash);
  add_nullable_string (builder, "hash", record->hash);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
_sd_user_audit_detail (const SdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "roles");
  json_builder_add_value (builder, _sd_roles_to_json (user->roles));
  json_builder_set_member_name (builder, "department");
  if (user->department_uscc != NULL)
    json_builder_add_string_value (builder, user->department_uscc);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
_sd_respond_error_audited (SdPlatformRequest *request,
                           const GError      *error,
                           const char        *field,
                           const char        *object_type,
                           const char        *object_id)
{
  g_autoptr(SdProblem) problem = sd_problem_new_from_error (error, field);

  /* Every refusal for want of a right is on the record, whichever check
   * made it: the route's roles, or the object's department or stage. */
  if (problem->status == SOUP_STATUS_FORBIDDEN)
    sd_platform_request_audit (request, "authz.denied", object_type, object_id, NULL);
  sd_platform_request_respond_problem (request, problem);
}

void
_sd_respond_forbidden (SdPlatformRequest *request,
                       const char        *object_type,
                       const char        *object_id,
                       const char        *detail)
{
  g_autoptr(GError) error = g_error_new_literal (SD_WORKFLOW_ERROR,
                                                 SD_WORKFLOW_ERROR_DEPARTMENT, detail);

  _sd_respond_error_audited (request, error, NULL, object_type, object_id);
}

SdWorkflowRequest *
_sd_workflow_request_new (SdPlatformRequest *request,
                          const char        *action,
                          SdRole             role,
                          JsonObject        *params)
{
  SdUser *user = sd_platform_request_get_user (request);
  GDate today;
  SdWorkflowRequest *workflow;
  g_autoptr(GList) members = NULL;

  sd_platform_request_get_today (request, &today);
  workflow = sd_workflow_request_new (action, role, user != NULL ? user->department_uscc : NULL,
                                      &today);
  if (params != NULL)
    members = json_object_get_members (params);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (params, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        sd_workflow_request_set (workflow, l->data, json_node_get_string (node));
    }
  return workflow;
}

gboolean
_sd_user_has_role (SdPlatformRequest *request,
                   SdRole             role)
{
  SdUser *user = sd_platform_request_get_user (request);

  return user != NULL && (user->roles & SD_ROLE_MASK (role)) != 0;
}

gboolean
_sd_user_is_staff (SdPlatformRequest *request)
{
  return _sd_user_has_role (request, SD_ROLE_SUPPORT) ||
         _sd_user_has_role (request, SD_ROLE_SUPERVISOR) ||
         _sd_user_has_role (request, SD_ROLE_ADMIN);
}

static gboolean
query_uint (SdPlatformRequest *request,
            const char        *name,
            guint              fallback,
            guint              max,
            guint             *value)
{
  const char *text = sd_platform_request_get_query (request, name);
  guint64 parsed = 0;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &parsed, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                                                /* Translators: %s is a query parameter, %u its maximum */
                                                _("“%s” must be a whole number from 0 to %u."),
                                                name, max));
      return FALSE;
    }
  *value = (guint) parsed;
  return TRUE;
}

gboolean
_sd_request_paging (SdPlatformRequest *request,
                    guint             *offset,
                    guint             *limit)
{
  if (!query_uint (request, "offset", 0, G_MAXINT32, offset) ||
      !query_uint (request, "limit", SD_PAGE_DEFAULT, SD_PAGE_MAX, limit))
    return FALSE;
  if (*limit == 0)
    *limit = SD_PAGE_DEFAULT;
  return TRUE;
}

JsonNode *
_sd_page_to_json (JsonNode *items,
                  guint     total,
                  guint     offset,
                  guint     limit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, items);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_int_value (builder, offset);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, limit);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
_sd_date_to_string (const GDate *date)
{
  char text[16];

  if (date == NULL || !g_date_valid (date))
    return NULL;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}
