/* sd-routes-catalogue.c — catalogue entries (C1–C4).
 *
 *   GET    /api/v1/catalogue                          any user  → page of summaries
 *   POST   /api/v1/catalogue                          provider  → 201 entry (a draft)
 *   GET    /api/v1/catalogue/{id}                     any user  → entry, ETag
 *   PUT    /api/v1/catalogue/{id}                     provider  → entry (If-Match required)
 *   DELETE /api/v1/catalogue/{id}                     provider  → 204 (never-published drafts)
 *   POST   /api/v1/catalogue/{id}/check               any user  → findings
 *   POST   /api/v1/catalogue/{id}/submit              provider  → entry (draft → submitted)
 *   POST   /api/v1/catalogue/{id}/publish             see below → entry (→ published)
 *   POST   /api/v1/catalogue/{id}/retire              provider, support → entry
 *   GET    /api/v1/catalogue/{id}/versions            any user  → page of versions
 *   GET    /api/v1/catalogue/{id}/versions/{version}  any user  → entry as it was
 *   GET    /api/v1/catalogue/{id}/diff?from=V&to=W    any user  → field changes
 *
 * Change registrations and resource codes are in
 * sd-routes-catalogue-changes.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-compliance.h"
#include "sd-platform-routes.h"
#include "sd-routes-catalogue-private.h"
#include "sd-storage-catalogue.h"

#define ENTRY_OBJECT "catalogue-entry"
#define CATALOGUE_PATH "/api/v1/catalogue"

/* Shared helpers */

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

gboolean
_sd_catalogue_is_own_department (SdPlatformRequest *request,
                                 const char        *uscc)
{
  SdUser *user = sd_platform_request_get_user (request);

  return user != NULL && user->department_uscc != NULL &&
         g_strcmp0 (user->department_uscc, uscc) == 0;
}

static gboolean
entry_is_public (SdCatalogueEntry *entry)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);

  return state == SD_ENTRY_STATE_PUBLISHED || state == SD_ENTRY_STATE_RETIRED;
}

static gboolean
entry_visible (SdPlatformRequest *request,
               SdCatalogueEntry  *entry)
{
  return entry_is_public (entry) || _sd_user_is_staff (request) ||
         _sd_catalogue_is_own_department (request, sd_catalogue_entry_get_provider_uscc (entry));
}

static void
respond_entry_not_found (SdPlatformRequest *request,
                         const char        *entry_id)
{
  respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                            /* Translators: %s is a catalogue entry id */
                                            _("There is no catalogue entry “%s”."), entry_id));
}

SdCatalogueEntry *
_sd_catalogue_load_visible (SdPlatformServer  *server,
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
  /* The same answer for a missing entry and another department's draft. */
  if (entry == NULL || !entry_visible (request, entry))
    {
      respond_entry_not_found (request, entry_id);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

gboolean
_sd_catalogue_require_department (SdPlatformRequest *request,
                                  SdCatalogueEntry  *entry)
{
  if (_sd_catalogue_is_own_department (request, sd_catalogue_entry_get_provider_uscc (entry)))
    return TRUE;
  _sd_respond_forbidden (request, ENTRY_OBJECT, sd_catalogue_entry_get_id (entry),
                         _("Only the entry’s provider department may change it."));
  return FALSE;
}

gboolean
_sd_catalogue_if_match (SdPlatformRequest *request,
                        gboolean          *present,
                        guint             *version)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "If-Match");
  g_autofree char *digits = NULL;
  guint64 parsed = 0;
  gsize length;

  *present = value != NULL;
  if (value == NULL)
    return TRUE;
  length = strlen (value);
  if (length > 2 && value[0] == '"' && value[length - 1] == '"')
    digits = g_strndup (value + 1, length - 2);
  if (digits == NULL ||
      !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                NULL,
                                                /* Translators: do not translate If-Match */
                                                _("If-Match must name one version as the ETag gave it, e.g. \"3\" with the quotes.")));
      return FALSE;
    }
  *version = (guint) parsed;
  return TRUE;
}

void
_sd_catalogue_set_etag (SdPlatformRequest *request,
                        guint              version)
{
  g_autofree char *etag = g_strdup_printf ("\"%u\"", version);

  _sd_response_set_header (request, "ETag", etag);
}

static void
respond_entry (SdPlatformRequest *request,
               guint              status,
               SdCatalogueEntry  *entry)
{
  _sd_catalogue_set_etag (request, sd_catalogue_entry_get_version (entry));
  _sd_respond_json (request, status, sd_catalogue_entry_to_json (entry));
}

static JsonNode *
entry_audit_detail (SdCatalogueEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, sd_catalogue_entry_get_version (entry));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder,
                                 sd_entry_state_to_string (sd_catalogue_entry_get_state (entry)));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
audit_entry (SdPlatformRequest *request,
             const char        *action,
             SdCatalogueEntry  *entry)
{
  g_autoptr(JsonNode) detail = entry_audit_detail (entry);

  sd_platform_request_audit (request, action, ENTRY_OBJECT, sd_catalogue_entry_get_id (entry),
                             detail);
}

/* Findings */

static JsonNode *
findings_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    json_builder_add_value (builder, sd_finding_to_json (findings->pdata[i]));
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
add_findings_members (JsonObject *object,
                      GPtrArray  *findings)
{
  json_object_set_member (object, "findings", findings_to_json (findings));
  json_object_set_int_member (object, "errors", sd_compliance_count (findings, SD_SEVERITY_ERROR));
  json_object_set_int_member (object, "warnings",
                              sd_compliance_count (findings, SD_SEVERITY_WARNING));
}

/* 422 with the findings beside the problem's members, for the client to
 * show each at its field. */
static void
respond_findings_problem (SdPlatformRequest *request,
                          GPtrArray         *findings,
                          const char        *detail)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  g_autoptr(SdProblem) problem = sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                                 SD_PROBLEM_VALIDATION, NULL, "%s", detail);
  g_autofree char *problem_text = sd_problem_to_json (problem);
  g_autoptr(JsonNode) node = json_from_string (problem_text, NULL);
  char *text;

  add_findings_members (json_node_get_object (node), findings);
  text = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

/* FALSE after responding 422 with the findings when an error remains. */
static gboolean
require_compliance (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    SdCatalogueEntry  *entry,
                    const char        *detail)
{
  g_autoptr(GPtrArray) findings = sd_compliance_check (sd_platform_server_get_policy (server),
                                                       entry);

  if (sd_compliance_count (findings, SD_SEVERITY_ERROR) == 0)
    return TRUE;
  respond_findings_problem (request, findings, detail);
  return FALSE;
}

/* The list */

static JsonNode *
summary_to_json (const SdEntrySummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *updated_at = g_date_time_format_iso8601 (summary->updated_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, summary->entry_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, summary->name);
  json_builder_set_member_name (builder, "provider");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, summary->provider_name);
  json_builder_set_member_name (builder, "uscc");
  json_builder_add_string_value (builder, summary->provider_uscc);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "classification_code");
  json_builder_add_string_value (builder, summary->classification_code ? summary->classification_code : "");
  json_builder_set_member_name (builder, "resource_code");
  json_builder_add_string_value (builder, summary->resource_code ? summary->resource_code : "");
  json_builder_set_member_name (builder, "share_type");
  json_builder_add_string_value (builder, summary->share_type ? summary->share_type : "");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, summary->state);
  json_builder_set_member_name (builder, "security_level");
  json_builder_add_string_value (builder, summary->security_level ? summary->security_level : "");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, summary->version);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, updated_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char * const categories[][2] = {
  /* GB/T 21063: the first digit of the classification code. */
  { "basic", "1" },
  { "theme", "2" },
  { "department", "3" },
};

/* FALSE after responding 400 for an unknown category. */
static gboolean
parse_category (SdPlatformRequest  *request,
                const char        **digit)
{
  const char *category = sd_platform_request_get_query (request, "category");

  *digit = NULL;
  if (category == NULL || *category == '\0')
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_str_equal (category, categories[i][0]))
      {
        *digit = categories[i][1];
        return TRUE;
      }
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                            "category",
                                            /* Translators: %s is what was given; do not translate basic, theme, department */
                                            _("“%s” is not a category: use basic, theme or department."),
                                            category));
  return FALSE;
}

static gboolean
parse_state_filter (SdPlatformRequest *request,
                    const char        *state)
{
  if (state == NULL || *state == '\0' || sd_entry_state_from_string (state) != SD_ENTRY_STATE_INVALID)
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "state",
                                            /* Translators: %s is what was given */
                                            _("“%s” is not an entry state: use draft, submitted, published or retired."),
                                            state));
  return FALSE;
}

static void
list_entries_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  SdEntryQuery query = { 0, };
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint total = 0;

  query.provider = sd_platform_request_get_query (request, "provider");
  query.share_type = sd_platform_request_get_query (request, "share_type");
  query.state = sd_platform_request_get_query (request, "state");
  query.security_level = sd_platform_request_get_query (request, "security_level");
  query.text = sd_platform_request_get_query (request, "q");
  query.department = user->department_uscc;
  query.all_departments = _sd_user_is_staff (request);
  if (!_sd_request_paging (request, &query.offset, &query.limit) ||
      !parse_category (request, &query.category) ||
      !parse_state_filter (request, query.state))
    return;

  summaries = sd_storage_list_entries (sd_platform_server_get_storage (server), &query, &total,
                                       &error);
  if (summaries == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < summaries->len; i++)
    json_builder_add_value (builder, summary_to_json (summaries->pdata[i]));
  json_builder_end_array (builder);
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_builder_get_root (builder), total, query.offset,
                                      query.limit));
}

/* Creating and editing */

/* The member path a catalogue format error names: its messages quote the
 * path first (“share.conditions”), in English and in Chinese. */
static char *
entry_error_field (const GError *error)
{
  const char *start = strstr (error->message, "“");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("“");
  end = strstr (start, "”");
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* The entry in the request body, provided by the caller's department.
 * NULL after responding. */
static SdCatalogueEntry *
entry_from_body (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 const char        *entry_id)
{
  SdUser *user = sd_platform_request_get_user (request);
  JsonNode *body = sd_platform_request_get_body (request);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) error = NULL;
  const char *named;

  entry = sd_catalogue_entry_new_from_json (body, &error);
  if (entry == NULL)
    {
      g_autofree char *field = entry_error_field (error);

      sd_platform_request_respond_error (request, error, field);
      return NULL;
    }
  named = sd_catalogue_entry_get_provider_uscc (entry);
  if (named != NULL && *named != '\0' && g_strcmp0 (named, user->department_uscc) != 0)
    {
      _sd_respond_forbidden (request, ENTRY_OBJECT, entry_id,
                             _("A provider catalogues its own department’s data only."));
      return NULL;
    }
  department = user->department_uscc != NULL ?
    sd_storage_get_department (sd_platform_server_get_storage (server), user->department_uscc,
                               &error) : NULL;
  if (department == NULL)
    {
      _sd_respond_forbidden (request, ENTRY_OBJECT, entry_id,
                             _("Only a provider of a department may catalogue data."));
      return NULL;
    }
  /* The provider is who is logged in, whatever the body said. */
  sd_catalogue_entry_set_provider_uscc (entry, department->uscc);
  sd_catalogue_entry_set_provider_name (entry, department->name);
  sd_catalogue_entry_set_id (entry, entry_id);
  return g_steal_pointer (&entry);
}

static void
create_entry_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *location = NULL;

  entry = entry_from_body (server, request, "");
  if (entry == NULL)
    return;
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_DRAFT);
  if (!sd_storage_add_entry (sd_platform_server_get_storage (server), entry, user->username,
                             &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_entry (request, "catalogue.create", entry);
  escaped = g_uri_escape_string (sd_catalogue_entry_get_id (entry), NULL, FALSE);
  location = g_strconcat (CATALOGUE_PATH "/", escaped, NULL);
  _sd_response_set_header (request, "Location", location);
  respond_entry (request, SOUP_STATUS_CREATED, entry);
}

static void
get_entry_cb (SdPlatformServer  *server,
              SdPlatformRequest *request,
              gpointer           user_data)
{
  g_autoptr(SdCatalogueEntry) entry =
    _sd_catalogue_load_visible (server, request, sd_platform_request_get_param (request, "id"));

  if (entry != NULL)
    respond_entry (request, SOUP_STATUS_OK, entry);
}

/* The version If-Match names; FALSE after responding 428 without one. */
static gboolean
require_if_match (SdPlatformRequest *request,
                  guint             *version)
{
  gboolean present = FALSE;

  if (!_sd_catalogue_if_match (request, &present, version))
    return FALSE;
  if (present)
    return TRUE;
  /* 428 Precondition Required (RFC 6585): libsoup 3.2 has no name for it. */
  respond_problem (request, sd_problem_new (428, SD_PROBLEM_PRECONDITION_REQUIRED, NULL,
                                            "%s",
                                            _("Send If-Match with the entry’s ETag: an edit names the version it started from.")));
  return FALSE;
}

/* For a published entry: the change registration the edit is made under,
 * or 0 after responding 409. */
static gint64
require_change_registration (SdPlatformServer  *server,
                             SdPlatformRequest *request,
                             const char        *entry_id)
{
  g_autoptr(GError) error = NULL;
  gint64 case_id = _sd_catalogue_applicable_change (server, entry_id, &error);

  if (case_id > 0)
    return case_id;
  if (error != NULL)
    sd_platform_request_respond_error (request, error, NULL);
  else
    respond_problem (request, sd_problem_new (SOUP_STATUS_CONFLICT, SD_PROBLEM_CONFLICT, NULL,
                                              /* Translators: %s is a catalogue entry id */
                                              _("The catalogue entry “%s” is published: change it through a change registration (POST /api/v1/catalogue/%s/change-registrations) that has taken effect."),
                                              entry_id, entry_id));
  return 0;
}

static gboolean
store_update (SdPlatformServer  *server,
              SdPlatformRequest *request,
              SdCatalogueEntry  *entry,
              guint              expected)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(GError) error = NULL;

  if (sd_storage_update_entry (sd_platform_server_get_storage (server), entry, expected,
                               user->username, &error))
    return TRUE;
  sd_platform_request_respond_error (request, error, NULL);
  return FALSE;
}

/* Applies an effective change registration to a published entry: the
 * new version stays published, and the registration is used up. */
static gboolean
update_published (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  SdCatalogueEntry  *entry,
                  guint              expected)
{
  const char *entry_id = sd_catalogue_entry_get_id (entry);
  g_autoptr(GError) error = NULL;
  gint64 case_id = require_change_registration (server, request, entry_id);

  if (case_id == 0)
    return FALSE;
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
  if (!store_update (server, request, entry, expected))
    return FALSE;
  if (!sd_storage_mark_change_applied (sd_platform_server_get_storage (server), case_id, entry_id,
                                       sd_catalogue_entry_get_version (entry), &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
update_entry_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) stored = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  SdEntryState state;
  guint expected = 0;

  if (stored == NULL || !_sd_catalogue_require_department (request, stored) ||
      !require_if_match (request, &expected))
    return;
  entry = entry_from_body (server, request, entry_id);
  if (entry == NULL)
    return;
  /* The release date is the publisher's to set, not the editor's. */
  sd_catalogue_entry_set_release_date (entry, sd_catalogue_entry_get_release_date (stored));

  state = sd_catalogue_entry_get_state (stored);
  if (state == SD_ENTRY_STATE_RETIRED)
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_CONFLICT, SD_PROBLEM_CONFLICT, NULL,
                                                /* Translators: %s is a catalogue entry id */
                                                _("The catalogue entry “%s” is retired and cannot be changed."),
                                                entry_id));
      return;
    }
  if (state == SD_ENTRY_STATE_PUBLISHED)
    {
      if (!update_published (server, request, entry, expected))
        return;
    }
  else
    {
      /* An edited submitted entry goes back to draft: it is submitted
       * again once the provider is done. */
      sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_DRAFT);
      if (!store_update (server, request, entry, expected))
        return;
    }
  audit_entry (request, "catalogue.update", entry);
  respond_entry (request, SOUP_STATUS_OK, entry);
}

static void
delete_entry_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(GError) error = NULL;

  if (entry == NULL || !_sd_catalogue_require_department (request, entry))
    return;
  if (!sd_storage_delete_entry (sd_platform_server_get_storage (server), entry_id, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_entry (request, "catalogue.delete", entry);
  _sd_respond_json (request, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Compliance and states */

/* The actions on an entry take no parameters: an empty object. FALSE
 * after responding 400 naming an unknown member. */
static gboolean
require_empty_body (SdPlatformRequest *request)
{
  return sd_platform_request_get_body (request) == NULL ||
         _sd_request_body_object (request, NULL, 0) != NULL;
}

static void
check_entry_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  g_autoptr(SdCatalogueEntry) entry =
    _sd_catalogue_load_visible (server, request, sd_platform_request_get_param (request, "id"));
  g_autoptr(GPtrArray) findings = NULL;
  JsonObject *object;
  JsonNode *node;

  if (entry == NULL || !require_empty_body (request))
    return;
  findings = sd_compliance_check (sd_platform_server_get_policy (server), entry);
  object = json_object_new ();
  json_object_set_string_member (object, "entry_id", sd_catalogue_entry_get_id (entry));
  json_object_set_int_member (object, "version", sd_catalogue_entry_get_version (entry));
  add_findings_members (object, findings);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  _sd_respond_json (request, SOUP_STATUS_OK, node);
}

static gboolean
require_state (SdPlatformRequest  *request,
               SdCatalogueEntry   *entry,
               const SdEntryState *allowed,
               gsize               n_allowed)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);

  for (gsize i = 0; i < n_allowed; i++)
    if (state == allowed[i])
      return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_CONFLICT, SD_PROBLEM_CONFLICT, "state",
                                            /* Translators: %s is an entry state, e.g. "Published" */
                                            _("Not possible for an entry in state “%s”."),
                                            sd_entry_state_get_label (state)));
  return FALSE;
}

/* Stores @entry in @state as the next version and responds with it. */
static void
change_state (SdPlatformServer  *server,
              SdPlatformRequest *request,
              SdCatalogueEntry  *entry,
              SdEntryState       state,
              const char        *action)
{
  guint expected = sd_catalogue_entry_get_version (entry);

  sd_catalogue_entry_set_state (entry, state);
  if (!store_update (server, request, entry, expected))
    return;
  audit_entry (request, action, entry);
  respond_entry (request, SOUP_STATUS_OK, entry);
}

static void
submit_entry_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  static const SdEntryState allowed[] = { SD_ENTRY_STATE_DRAFT };
  g_autoptr(SdCatalogueEntry) entry =
    _sd_catalogue_load_visible (server, request, sd_platform_request_get_param (request, "id"));

  if (entry == NULL || !require_empty_body (request) ||
      !_sd_catalogue_require_department (request, entry) ||
      !require_state (request, entry, allowed, G_N_ELEMENTS (allowed)) ||
      !require_compliance (server, request, entry,
                           _("The entry cannot be submitted while the compliance check finds errors.")))
    return;
  change_state (server, request, entry, SD_ENTRY_STATE_SUBMITTED, "catalogue.submit");
}

/* Who publishes. mot-2021 art. 4 makes the technical support department
 * maintain the platform's catalogue and art. 9 allows publishing only
 * what passes the compliance check: the provider submits, support
 * reviews the submitted entry and publishes it. panjin-2016 art. 3 gives
 * the platform to the big-data center (our support role) likewise. The
 * state-council-2016 profile has no review role: there the provider
 * publishes its own entry, the compliance check being the gate (C3). */
static SdRole
publisher_role (SdPolicy *policy)
{
  return g_strcmp0 (sd_policy_get_id (policy), "state-council-2016") == 0 ?
    SD_ROLE_PROVIDER : SD_ROLE_SUPPORT;
}

static gboolean
may_publish (SdPlatformServer  *server,
             SdPlatformRequest *request,
             SdCatalogueEntry  *entry)
{
  SdRole role = publisher_role (sd_platform_server_get_policy (server));

  if (role == SD_ROLE_PROVIDER && _sd_user_has_role (request, SD_ROLE_PROVIDER))
    return _sd_catalogue_require_department (request, entry);
  if (role == SD_ROLE_SUPPORT && _sd_user_has_role (request, SD_ROLE_SUPPORT))
    return TRUE;
  _sd_respond_forbidden (request, ENTRY_OBJECT, sd_catalogue_entry_get_id (entry),
                         role == SD_ROLE_SUPPORT ?
                         _("Under this profile the technical support department reviews and publishes catalogue entries.") :
                         _("Under this profile the provider department publishes its own catalogue entries."));
  return FALSE;
}

static void
publish_entry_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  static const SdEntryState reviewed[] = { SD_ENTRY_STATE_SUBMITTED };
  static const SdEntryState own[] = { SD_ENTRY_STATE_DRAFT, SD_ENTRY_STATE_SUBMITTED };
  gboolean by_support = publisher_role (sd_platform_server_get_policy (server)) == SD_ROLE_SUPPORT;
  g_autoptr(SdCatalogueEntry) entry =
    _sd_catalogue_load_visible (server, request, sd_platform_request_get_param (request, "id"));

  if (entry == NULL || !require_empty_body (request) || !may_publish (server, request, entry) ||
      !require_state (request, entry, by_support ? reviewed : own,
                      by_support ? G_N_ELEMENTS (reviewed) : G_N_ELEMENTS (own)) ||
      !require_compliance (server, request, entry,
                           _("The entry cannot be published while the compliance check finds errors.")))
    return;
  if (*sd_catalogue_entry_get_release_date (entry) == '\0')
    {
      GDate today;
      g_autofree char *release_date = NULL;

      sd_platform_request_get_today (request, &today);
      release_date = _sd_date_to_string (&today);
      sd_catalogue_entry_set_release_date (entry, release_date);
    }
  change_state (server, request, entry, SD_ENTRY_STATE_PUBLISHED, "catalogue.publish");
}

static void
retire_entry_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  static const SdEntryState allowed[] = { SD_ENTRY_STATE_PUBLISHED };
  g_autoptr(SdCatalogueEntry) entry =
    _sd_catalogue_load_visible (server, request, sd_platform_request_get_param (request, "id"));

  if (entry == NULL || !require_empty_body (request))
    return;
  /* Support runs the platform's catalogue (mot-2021 art. 4). */
  if (!_sd_user_has_role (request, SD_ROLE_SUPPORT) &&
      !_sd_catalogue_require_department (request, entry))
    return;
  if (!require_state (request, entry, allowed, G_N_ELEMENTS (allowed)))
    return;
  change_state (server, request, entry, SD_ENTRY_STATE_RETIRED, "catalogue.retire");
}

/* Versions */

static JsonNode *
version_to_json (const SdEntryVersion *version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = g_date_time_format_iso8601 (version->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version->version);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, version->state);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, version->actor);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
list_versions_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint offset = 0, limit = 0;

  if (entry == NULL || !_sd_request_paging (request, &offset, &limit))
    return;
  versions = sd_storage_list_entry_versions (sd_platform_server_get_storage (server), entry_id,
                                             &error);
  if (versions == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = offset; i < versions->len && i - offset < limit; i++)
    json_builder_add_value (builder, version_to_json (versions->pdata[i]));
  json_builder_end_array (builder);
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_builder_get_root (builder), versions->len, offset, limit));
}

/* FALSE after responding 400 naming @name. */
static gboolean
parse_version (SdPlatformRequest *request,
               const char        *name,
               const char        *text,
               guint             *version)
{
  guint64 parsed = 0;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      *version = (guint) parsed;
      return TRUE;
    }
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                                            /* Translators: %s is a parameter name */
                                            _("“%s” must be a version number (1, 2, …)."), name));
  return FALSE;
}

static SdCatalogueEntry *
load_version (SdPlatformServer  *server,
              SdPlatformRequest *request,
              const char        *entry_id,
              guint              version)
{
  g_autoptr(GError) error = NULL;
  SdCatalogueEntry *entry = sd_storage_get_entry_version (sd_platform_server_get_storage (server),
                                                          entry_id, version, &error);

  if (entry == NULL)
    sd_platform_request_respond_error (request, error, NULL);
  return entry;
}

static void
get_version_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(SdCatalogueEntry) old = NULL;
  guint version = 0;

  if (entry == NULL ||
      !parse_version (request, "version", sd_platform_request_get_param (request, "version"),
                      &version))
    return;
  old = load_version (server, request, entry_id, version);
  if (old != NULL)
    _sd_respond_json (request, SOUP_STATUS_OK, sd_catalogue_entry_to_json (old));
}

static JsonNode *
json_value_or_null (const char *text)
{
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

static JsonNode *
field_change_to_json (const SdFieldChange *change)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *label = sd_catalogue_entry_field_label (change->path);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, change->path);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "old");
  json_builder_add_value (builder, json_value_or_null (change->old_value));
  json_builder_set_member_name (builder, "new");
  json_builder_add_value (builder, json_value_or_null (change->new_value));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
diff_to_json (const char *entry_id,
              guint       from,
              guint       to,
              GPtrArray  *changes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, entry_id);
  json_builder_set_member_name (builder, "from");
  json_builder_add_int_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_int_value (builder, to);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    json_builder_add_value (builder, field_change_to_json (changes->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
diff_cb (SdPlatformServer  *server,
         SdPlatformRequest *request,
         gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "id");
  g_autoptr(SdCatalogueEntry) entry = _sd_catalogue_load_visible (server, request, entry_id);
  g_autoptr(SdCatalogueEntry) old = NULL;
  g_autoptr(SdCatalogueEntry) new = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  guint from = 0, to = 0;

  if (entry == NULL ||
      !parse_version (request, "from", sd_platform_request_get_query (request, "from"), &from) ||
      !parse_version (request, "to", sd_platform_request_get_query (request, "to"), &to))
    return;
  old = load_version (server, request, entry_id, from);
  if (old == NULL)
    return;
  new = load_version (server, request, entry_id, to);
  if (new == NULL)
    return;
  changes = sd_catalogue_entry_diff (old, new);
  _sd_respond_json (request, SOUP_STATUS_OK, diff_to_json (entry_id, from, to, changes));
}

void
sd_platform_routes_catalogue (SdPlatformServer *server)
{
  const guint provider = SD_ROLE_MASK (SD_ROLE_PROVIDER);
  const guint provider_or_support = provider | SD_ROLE_MASK (SD_ROLE_SUPPORT);

  sd_platform_server_add_route (server, "GET", CATALOGUE_PATH, 0, 0, list_entries_cb, NULL);
  sd_platform_server_add_route (server, "POST", CATALOGUE_PATH, 0, provider, create_entry_cb, NULL);
  sd_platform_server_add_route (server, "GET", CATALOGUE_PATH "/{id}", 0, 0, get_entry_cb, NULL);
  sd_platform_server_add_route (server, "PUT", CATALOGUE_PATH "/{id}", 0, provider,
                                update_entry_cb, NULL);
  sd_platform_server_add_route (server, "DELETE", CATALOGUE_PATH "/{id}", 0, provider,
                                delete_entry_cb, NULL);
  sd_platform_server_add_route (server, "POST", CATALOGUE_PATH "/{id}/check", 0, 0,
                                check_entry_cb, NULL);
  sd_platform_server_add_route (server, "POST", CATALOGUE_PATH "/{id}/submit", 0, provider,
                                submit_entry_cb, NULL);
  sd_platform_server_add_route (server, "POST", CATALOGUE_PATH "/{id}/publish", 0,
                                provider_or_support, publish_entry_cb, NULL);
  sd_platform_server_add_route (server, "POST", CATALOGUE_PATH "/{id}/retire", 0,
                                provider_or_support, retire_entry_cb, NULL);
  sd_platform_server_add_route (server, "GET", CATALOGUE_PATH "/{id}/versions", 0, 0,
                                list_versions_cb, NULL);
  sd_platform_server_add_route (server, "GET", CATALOGUE_PATH "/{id}/versions/{version}", 0, 0,
                                get_version_cb, NULL);
  sd_platform_server_add_route (server, "GET", CATALOGUE_PATH "/{id}/diff", 0, 0, diff_cb, NULL);
  _sd_platform_routes_change_registrations (server);
}
