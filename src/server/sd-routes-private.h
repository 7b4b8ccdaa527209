/* sd-routes-private.h — what the route groups and the command line share:
 * strict checks of a request body, the JSON form of the platform's
 * records, and the validation of departments and users (the same rules
 * whether an administrator uses the API or `sharedesk-platform`). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sd-platform-server.h"
#include "sd-storage.h"
#include "sd-workflow.h"

G_BEGIN_DECLS

/* Request bodies: each member a route accepts, with its JSON type. */
typedef enum {
  SD_MEMBER_STRING,
  SD_MEMBER_STRING_OR_NULL,
  SD_MEMBER_BOOLEAN,
  SD_MEMBER_STRING_ARRAY,
} SdMemberType;

typedef struct {
  const char   *name;
  SdMemberType  type;
  gboolean      required;
} SdMemberSpec;

/* The body when it is an object whose members are all in @specs, of their
 * types, with the required ones present (and required strings not empty).
 * Otherwise responds with a problem naming the field — 400 for a body
 * that is no object, an unknown member or a wrong type, 422 for a missing
 * or empty required member — and returns NULL. Borrowed. */
JsonObject *_sd_request_body_object   (SdPlatformRequest  *request,
                                       const SdMemberSpec *specs,
                                       gsize               n_specs);
/* A string member, or NULL when absent or null. */
const char *_sd_member_get_string     (JsonObject         *object,
                                       const char         *name);
/* A string array member as a NULL-terminated vector (owned), or NULL. */
GStrv       _sd_member_dup_strv       (JsonObject         *object,
                                       const char         *name);

/* Responds with @body (takes ownership) and @status. */
void        _sd_respond_json          (SdPlatformRequest  *request,
                                       guint               status,
                                       JsonNode           *body);
/* Responds 422 with SD_PROBLEM_VALIDATION naming @field. */
void        _sd_respond_validation    (SdPlatformRequest  *request,
                                       const char         *field,
                                       const char         *detail);
/* Sets a response header (Location, Retry-After) before responding. */
void        _sd_response_set_header   (SdPlatformRequest  *request,
                                       const char         *name,
                                       const char         *value);

/* JSON forms of the records, as docs/api/openapi.yaml describes them. */
JsonNode   *_sd_department_to_json    (const SdDepartment *department);
JsonNode   *_sd_user_to_json          (const SdUser       *user);
JsonNode   *_sd_audit_record_to_json  (const SdAuditRecord *record);
/* ["provider", "admin"] in SdRole order. */
JsonNode   *_sd_roles_to_json         (guint               roles);
/* What the audit log records of a created user: roles and department
 * (never the password hash). Shared by the users route and the CLI. */
JsonNode   *_sd_user_audit_detail     (const SdUser       *user);

/* Role names → SD_ROLE_MASK bits. FALSE with SD_WORKFLOW_ERROR_INVALID_VALUE
 * naming the bad entry; *@bad_index is its position. An empty list is an
 * error too: every user needs a role. */
gboolean    _sd_roles_parse           (const char * const *names,
                                       guint              *roles,
                                       guint              *bad_index,
                                       GError            **error);
/* 1–64 characters from a-z 0-9 . _ -, starting with a letter or digit. */
gboolean    _sd_username_check        (const char         *username,
                                       GError            **error);
/* The rules for a department record: a valid 统一社会信用代码, a name, the
 * responsible person and a contact (mot-2021 art. 22, state-council-2016
 * art. 23; @profile_id picks the article cited). On failure *@field is the
 * member at fault (static string). SD_WORKFLOW_ERROR domain. */
gboolean    _sd_department_check      (const SdDepartment *department,
                                       const char         *profile_id,
                                       const char        **field,
                                       GError            **error);
/* Providers and consumers act for a department, so they need one that
 * exists; platform staff (support, supervisor, admin) may have none, and
 * a department they name must exist too. */
gboolean    _sd_user_check_department (SdStorage          *storage,
                                       guint               roles,
                                       const char         *department_uscc,
                                       GError            **error);

/* Responds with the problem for @error; a 403 is audited as
 * "authz.denied" on @object_type @object_id. */
void        _sd_respond_error_audited (SdPlatformRequest  *request,
                                       const GError       *error,
                                       const char         *field,
                                       const char         *object_type,
                                       const char         *object_id);
/* 403 with @detail (translated), audited. */
void        _sd_respond_forbidden     (SdPlatformRequest  *request,
                                       const char         *object_type,
                                       const char         *object_id,
                                       const char         *detail);

/* A workflow request for @action taken by the request's user as @role,
 * for their department, today (China), with the string members of
 * @params (may be NULL) as its params. */
SdWorkflowRequest *_sd_workflow_request_new (SdPlatformRequest *request,
                                             const char        *action,
                                             SdRole             role,
                                             JsonObject        *params);
gboolean    _sd_user_has_role         (SdPlatformRequest  *request,
                                       SdRole              role);
/* Support, supervisor or admin: platform staff, who see every department. */
gboolean    _sd_user_is_staff         (SdPlatformRequest  *request);

/* Paging of lists: ?offset=N&limit=N (default 50, at most 500). FALSE
 * after responding 400 naming the parameter. */
#define SD_PAGE_DEFAULT 50
#define SD_PAGE_MAX     500
gboolean    _sd_request_paging        (SdPlatformRequest  *request,
                                       guint              *offset,
                                       guint              *limit);
/* {"items": @items, "total": …, "offset": …, "limit": …}; takes @items. */
JsonNode   *_sd_page_to_json          (JsonNode           *items,
                                       guint               total,
                                       guint               offset,
                                       guint               limit);
/* "YYYY-MM-DD", or NULL for NULL or an invalid date. */
char       *_sd_date_to_string        (const GDate        *date);

G_END_DECLS
