/* sd-routes-admin.c — departments and users.
 *
 *   GET   /api/v1/departments             any user   → {"departments": [Department]}
 *   POST  /api/v1/departments             admin      → 201 Department
 *   GET   /api/v1/departments/{uscc}      any user   → Department
 *   GET   /api/v1/users                   admin      → {"users": [User]}
 *   POST  /api/v1/users                   admin      → 201 User
 *   GET   /api/v1/users/{username}        admin      → User
 *   PATCH /api/v1/users/{username}        admin      → User
 *
 * The rules for the records (_sd_department_check and friends) are here
 * too: `sharedesk-platform department add` and `user add` apply the same.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-auth.h"
#include "sd-identifiers.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"

/* Where each profile asks a department to name the person responsible
 * for its data sharing; panjin-2016 has no such article. */
static const struct {
  const char *profile_id;
  const char *article;
} responsible_person_articles[] = {
  { "mot-2021", "art. 22" },
  { "state-council-2016", "art. 23" },
};

static char *
responsible_person_article (const char *profile_id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (responsible_person_articles); i++)
    if (g_strcmp0 (responsible_person_articles[i].profile_id, profile_id) == 0)
      {
        g_autoptr(SdArticle) article = sd_article_parse (profile_id,
                                                         responsible_person_articles[i].article,
                                                         NULL);

        return article != NULL ? sd_article_format (article) : NULL;
      }
  return NULL;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
check_uscc (const char  *uscc,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (is_blank (uscc))
    {
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                           _("A department needs its 统一社会信用代码."));
      return FALSE;
    }
  if (!sd_identifier_validate_uscc (uscc, &local_error))
    {
      g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                   /* Translators: the first %s is the code, the second says what is wrong with it */
                   _("The 统一社会信用代码 “%s” is not valid: %s"),
                   uscc, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The responsible person and the contact, required with the article. */
static gboolean
check_responsibility (const SdDepartment  *department,
                      const char          *profile_id,
                      const char         **field,
                      GError             **error)
{
  g_autofree char *article = responsible_person_article (profile_id);

  if (is_blank (department->responsible_person))
    {
      *field = "responsible_person";
      if (article != NULL)
        g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                     /* Translators: %s is an article, e.g. "mot-2021 第22条" */
                     _("A department must name the person responsible for its data sharing (%s)."),
                     article);
      else
        g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                             _("A department must name the person responsible for its data sharing."));
      return FALSE;
    }
  if (is_blank (department->contact))
    {
      *field = "contact";
      if (article != NULL)
        g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                     /* Translators: %s is an article, e.g. "mot-2021 第22条" */
                     _("A department must give a contact for its data sharing (%s)."),
                     article);
      else
        g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                             _("A department must give a contact for its data sharing."));
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_department_check (const SdDepartment  *department,
                      const char          *profile_id,
                      const char         **field,
                      GError             **error)
{
  const char *unused;

  if (field == NULL)
    field = &unused;
  *field = NULL;
  if (!check_uscc (department->uscc, error))
    {
      *field = "uscc";
      return FALSE;
    }
  if (is_blank (department->name))
    {
      *field = "name";
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                           _("A department needs a name."));
      return FALSE;
    }
  return check_responsibility (department, profile_id, field, error);
}

gboolean
_sd_user_check_department (SdStorage   *storage,
                           guint        roles,
                           const char  *department_uscc,
                           GError     **error)
{
  const guint department_roles = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER);
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) local_error = NULL;

  if (department_uscc == NULL)
    {
      if ((roles & department_roles) == 0)
        return TRUE;
      g_set_error_literal (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD,
                           _("Providers and consumers act for a department: give the department’s 统一社会信用代码."));
      return FALSE;
    }
  department = sd_storage_get_department (storage, department_uscc, &local_error);
  if (department != NULL)
    return TRUE;
  if (g_error_matches (local_error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
    g_set_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE,
                 /* Translators: %s is a 统一社会信用代码 */
                 _("No department has the 统一社会信用代码 “%s”: add the department first."),
                 department_uscc);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

/* Storage errors with a message that names the object. */
static void
respond_storage_error (SdPlatformRequest *request,
                       const GError      *error,
                       const char        *not_found,
                       const char        *conflict)
{
  if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND) && not_found != NULL)
    respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                              "%s", not_found));
  else if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT) && conflict != NULL)
    respond_problem (request, sd_problem_new (SOUP_STATUS_CONFLICT, SD_PROBLEM_CONFLICT, NULL,
                                              "%s", conflict));
  else
    sd_platform_request_respond_error (request, error, NULL);
}

static void
respond_created (SdPlatformRequest *request,
                 const char        *collection,
                 const char        *id,
                 JsonNode          *body)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *location = g_strconcat (collection, "/", escaped, NULL);

  _sd_response_set_header (request, "Location", location);
  _sd_respond_json (request, SOUP_STATUS_CREATED, body);
}

static char *
department_not_found (const char *uscc)
{
  /* Translators: %s is a 统一社会信用代码 */
  return g_strdup_printf (_("No department has the 统一社会信用代码 “%s”."), uscc);
}

static char *
user_not_found (const char *username)
{
  /* Translators: %s is a username */
  return g_strdup_printf (_("There is no user “%s”."), username);
}

/* Departments */

static void
list_departments_cb (SdPlatformServer  *server,
                     SdPlatformRequest *request,
                     gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  departments = sd_storage_list_departments (sd_platform_server_get_storage (server), &error);
  if (departments == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < departments->len; i++)
    json_builder_add_value (builder, _sd_department_to_json (departments->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static const SdMemberSpec department_members[] = {
  /* Required, but checked by _sd_department_check() for its messages. */
  { "uscc", SD_MEMBER_STRING, FALSE },
  { "name", SD_MEMBER_STRING, FALSE },
  { "responsible_person", SD_MEMBER_STRING, FALSE },
  { "contact", SD_MEMBER_STRING, FALSE },
};

static void
create_department_cb (SdPlatformServer  *server,
                      SdPlatformRequest *request,
                      gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdDepartment department = { 0, };
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, department_members, G_N_ELEMENTS (department_members));
  if (body == NULL)
    return;
  department.uscc = (char *) _sd_member_get_string (body, "uscc");
  department.name = (char *) _sd_member_get_string (body, "name");
  department.responsible_person = (char *) _sd_member_get_string (body, "responsible_person");
  department.contact = (char *) _sd_member_get_string (body, "contact");

  if (!_sd_department_check (&department, sd_policy_get_id (sd_platform_server_get_policy (server)),
                             &field, &error))
    {
      sd_platform_request_respond_error (request, error, field);
      return;
    }
  if (!sd_storage_add_department (storage, &department, &error))
    {
      /* Translators: %s is a 统一社会信用代码 */
      g_autofree char *conflict = g_strdup_printf (_("A department with the 统一社会信用代码 “%s” exists already."),
                                                   department.uscc);

      respond_storage_error (request, error, NULL, conflict);
      return;
    }
  created = _sd_department_to_json (&department);
  sd_platform_request_audit (request, "department.create", "department", department.uscc, created);
  respond_created (request, "/api/v1/departments", department.uscc, g_steal_pointer (&created));
}

static void
get_department_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  const char *uscc = sd_platform_request_get_param (request, "uscc");
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) error = NULL;

  department = sd_storage_get_department (sd_platform_server_get_storage (server), uscc, &error);
  if (department == NULL)
    {
      g_autofree char *not_found = department_not_found (uscc);

      respond_storage_error (request, error, not_found, NULL);
      return;
    }
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_department_to_json (department));
}

/* Users */

static void
list_users_cb (SdPlatformServer  *server,
               SdPlatformRequest *request,
               gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  users = sd_storage_list_users (sd_platform_server_get_storage (server), &error);
  if (users == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    json_builder_add_value (builder, _sd_user_to_json (users->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Parses the "roles" member; on failure responds naming the entry. */
static gboolean
take_roles (SdPlatformRequest *request,
            JsonObject        *body,
            guint             *roles)
{
  g_auto(GStrv) names = _sd_member_dup_strv (body, "roles");
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  guint bad_index = 0;

  if (_sd_roles_parse ((const char * const *) names, roles, &bad_index, &error))
    return TRUE;
  field = names != NULL && names[0] != NULL ? g_strdup_printf ("roles[%u]", bad_index)
                                            : g_strdup ("roles");
  sd_platform_request_respond_error (request, error, field);
  return FALSE;
}

static gboolean
check_new_password (SdPlatformRequest  *request,
                    const char         *password,
                    char              **hash)
{
  g_autoptr(GError) error = NULL;

  if (!sd_auth_check_password_strength (password, &error))
    {
      _sd_respond_validation (request, "password", error->message);
      return FALSE;
    }
  *hash = sd_auth_hash_password (password, &error);
  if (*hash == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static const SdMemberSpec user_members[] = {
  { "username", SD_MEMBER_STRING, TRUE },
  { "display_name", SD_MEMBER_STRING, TRUE },
  { "department", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "roles", SD_MEMBER_STRING_ARRAY, TRUE },
  { "password", SD_MEMBER_STRING, TRUE },
};

static gboolean
check_user_department (SdPlatformRequest *request,
                       SdStorage         *storage,
                       const SdUser      *user)
{
  g_autoptr(GError) error = NULL;

  if (_sd_user_check_department (storage, user->roles, user->department_uscc, &error))
    return TRUE;
  sd_platform_request_respond_error (request, error, "department");
  return FALSE;
}

static void
create_user_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdUser user = { 0, };
  g_autofree char *hash = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, user_members, G_N_ELEMENTS (user_members));
  if (body == NULL)
    return;
  user.username = (char *) _sd_member_get_string (body, "username");
  user.display_name = (char *) _sd_member_get_string (body, "display_name");
  user.department_uscc = (char *) _sd_member_get_string (body, "department");
  if (!_sd_username_check (user.username, &error))
    {
      sd_platform_request_respond_error (request, error, "username");
      return;
    }
  if (!take_roles (request, body, &user.roles) ||
      !check_user_department (request, storage, &user) ||
      !check_new_password (request, _sd_member_get_string (body, "password"), &hash))
    return;
  user.password_hash = hash;

  if (!sd_storage_add_user (storage, &user, &error))
    {
      /* Translators: %s is a username */
      g_autofree char *conflict = g_strdup_printf (_("A user named “%s” exists already."),
                                                   user.username);

      respond_storage_error (request, error, NULL, conflict);
      return;
    }
  detail = _sd_user_audit_detail (&user);
  sd_platform_request_audit (request, "user.create", "user", user.username, detail);
  respond_created (request, "/api/v1/users", user.username, _sd_user_to_json (&user));
}

/* The user named in the path, or NULL after responding 404. */
static SdUser *
lookup_path_user (SdPlatformServer  *server,
                  SdPlatformRequest *request)
{
  const char *username = sd_platform_request_get_param (request, "username");
  g_autoptr(GError) error = NULL;
  SdUser *user;

  user = sd_storage_get_user (sd_platform_server_get_storage (server), username, &error);
  if (user == NULL)
    {
      g_autofree char *not_found = user_not_found (username);

      respond_storage_error (request, error, not_found, NULL);
    }
  return user;
}

static void
get_user_cb (SdPlatformServer  *server,
             SdPlatformRequest *request,
             gpointer           user_data)
{
  g_autoptr(SdUser) user = lookup_path_user (server, request);

  if (user != NULL)
    _sd_respond_json (request, SOUP_STATUS_OK, _sd_user_to_json (user));
}

static const SdMemberSpec user_patch_members[] = {
  { "display_name", SD_MEMBER_STRING, FALSE },
  { "department", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "roles", SD_MEMBER_STRING_ARRAY, FALSE },
  { "disabled", SD_MEMBER_BOOLEAN, FALSE },
  { "password", SD_MEMBER_STRING, FALSE },
};

/* A change to apply to one user, in one transaction. */
typedef struct {
  SdPlatformRequest *request;
  SdUser            *user;           /* with the new display name, roles, department */
  gboolean           update_record;
  char              *password_hash;  /* NULL: unchanged */
  gboolean           set_disabled;
  gboolean           disabled;
  JsonNode          *detail;         /* what changed, for the audit log */
} UserPatch;

static void
user_patch_clear (UserPatch *patch)
{
  g_clear_pointer (&patch->user, sd_user_free);
  g_clear_pointer (&patch->password_hash, g_free);
  g_clear_pointer (&patch->detail, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UserPatch, user_patch_clear)

static gboolean
apply_user_patch (SdStorage  *storage,
                  gpointer    data,
                  GError    **error)
{
  UserPatch *patch = data;
  SdUser *user = patch->user;

  if (patch->update_record && !sd_storage_update_user (storage, user, error))
    return FALSE;
  if (patch->password_hash != NULL)
    {
      if (!sd_storage_set_user_password (storage, user->id, patch->password_hash, error))
        return FALSE;
      /* A new password ends the sessions opened with the old one: disabling
       * revokes every token, and the account is enabled again below unless
       * the patch disables it. */
      if (!sd_storage_set_user_disabled (storage, user->id, TRUE, error))
        return FALSE;
      if (!patch->set_disabled)
        {
          patch->set_disabled = TRUE;
          patch->disabled = user->disabled;
        }
    }
  if (patch->set_disabled &&
      !sd_storage_set_user_disabled (storage, user->id, patch->disabled, error))
    return FALSE;
  user->disabled = patch->set_disabled ? patch->disabled : user->disabled;
  sd_platform_request_audit (patch->request, "user.update", "user", user->username, patch->detail);
  return TRUE;
}

/* An administrator cannot lock themselves out: another one must do it. */
static gboolean
check_self_patch (SdPlatformRequest *request,
                  const UserPatch   *patch)
{
  SdUser *caller = sd_platform_request_get_user (request);
  const char *detail = NULL;

  if (caller == NULL || caller->id != patch->user->id)
    return TRUE;
  if (patch->set_disabled && patch->disabled)
    detail = _("You cannot disable your own account: another administrator must do it.");
  else if ((patch->user->roles & SD_ROLE_MASK (SD_ROLE_ADMIN)) == 0)
    detail = _("You cannot take the admin role from your own account: another administrator must do it.");
  if (detail == NULL)
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_CONFLICT, SD_PROBLEM_CONFLICT, NULL,
                                            "%s", detail));
  return FALSE;
}

/* Fills @patch from @body, responding and returning FALSE on bad values. */
static gboolean
read_user_patch (SdPlatformRequest *request,
                 SdStorage         *storage,
                 JsonObject        *body,
                 UserPatch         *patch)
{
  g_autoptr(JsonBuilder) changed = json_builder_new ();
  SdUser *user = patch->user;

  json_builder_begin_object (changed);
  if (json_object_has_member (body, "display_name"))
    {
      g_free (user->display_name);
      user->display_name = g_strdup (_sd_member_get_string (body, "display_name"));
      if (is_blank (user->display_name))
        {
          _sd_respond_validation (request, "display_name", _("The display name must not be empty."));
          return FALSE;
        }
      patch->update_record = TRUE;
      json_builder_set_member_name (changed, "display_name");
      json_builder_add_string_value (changed, user->display_name);
    }
  if (json_object_has_member (body, "department"))
    {
      g_free (user->department_uscc);
      user->department_uscc = g_strdup (_sd_member_get_string (body, "department"));
      patch->update_record = TRUE;
    }
  if (json_object_has_member (body, "roles"))
    {
      if (!take_roles (request, body, &user->roles))
        return FALSE;
      patch->update_record = TRUE;
    }
  if (patch->update_record)
    {
      if (!check_user_department (request, storage, user))
        return FALSE;
      json_builder_set_member_name (changed, "roles");
      json_builder_add_value (changed, _sd_roles_to_json (user->roles));
      json_builder_set_member_name (changed, "department");
      if (user->department_uscc != NULL)
        json_builder_add_string_value (changed, user->department_uscc);
      else
        json_builder_add_null_value (changed);
    }
  if (json_object_has_member (body, "disabled"))
    {
      patch->set_disabled = TRUE;
      patch->disabled = json_object_get_boolean_member (body, "disabled");
      json_builder_set_member_name (changed, "disabled");
      json_builder_add_boolean_value (changed, patch->disabled);
    }
  if (json_object_has_member (body, "password"))
    {
      if (!check_new_password (request, _sd_member_get_string (body, "password"),
                               &patch->password_hash))
        return FALSE;
      /* That it changed, never the password. */
      json_builder_set_member_name (changed, "password");
      json_builder_add_string_value (changed, "changed");
    }
  json_builder_end_object (changed);
  patch->detail = json_builder_get_root (changed);
  return check_self_patch (request, patch);
}

static void
patch_user_cb (SdPlatformServer  *server,
               SdPlatformRequest *request,
               gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_auto(UserPatch) patch = { request, NULL, };
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, user_patch_members, G_N_ELEMENTS (user_patch_members));
  if (body == NULL)
    return;
  patch.user = lookup_path_user (server, request);
  if (patch.user == NULL)
    return;
  /* Nothing to change: no transaction, no audit row. */
  if (json_object_get_size (body) == 0)
    {
      _sd_respond_json (request, SOUP_STATUS_OK, _sd_user_to_json (patch.user));
      return;
    }
  if (!read_user_patch (request, storage, body, &patch))
    return;
  if (!sd_storage_transaction (storage, apply_user_patch, &patch, &error))
    {
      g_autofree char *not_found = user_not_found (patch.user->username);

      respond_storage_error (request, error, not_found, NULL);
      return;
    }
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_user_to_json (patch.user));
}

void
sd_platform_routes_admin (SdPlatformServer *server)
{
  const guint admin = SD_ROLE_MASK (SD_ROLE_ADMIN);

  sd_platform_server_add_route (server, "GET", "/api/v1/departments", SD_ROUTE_AUTHENTICATED, 0,
                                list_departments_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/departments", SD_ROUTE_AUTHENTICATED, admin,
                                create_department_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/departments/{uscc}", SD_ROUTE_AUTHENTICATED, 0,
                                get_department_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/users", SD_ROUTE_AUTHENTICATED, admin,
                                list_users_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/users", SD_ROUTE_AUTHENTICATED, admin,
                                create_user_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/users/{username}", SD_ROUTE_AUTHENTICATED, admin,
                                get_user_cb, NULL);
  sd_platform_server_add_route (server, "PATCH", "/api/v1/users/{username}", SD_ROUTE_AUTHENTICATED, admin,
                                patch_user_cb, NULL);
}
