/* sd-routes-projects.c — informatisation projects and their catalogue
 * receipts (requirement C11: mot-2021 art. 20, state-council-2016 art. 21:
 * a pre-catalogue at project approval, a formal catalogue before the trial
 * run, data connected within 6 months of the trial run).
 *
 *   GET    /api/v1/projects                      any user  → page of Project
 *   POST   /api/v1/projects                      provider  → 201 Project
 *   GET    /api/v1/projects/{id}                 any user  → Project (ETag)
 *   PATCH  /api/v1/projects/{id}                 provider  → Project (If-Match)
 *   DELETE /api/v1/projects/{id}                 provider  → 204
 *   GET    /api/v1/projects/{id}/receipts        any user  → page of Receipt
 *   POST   /api/v1/projects/{id}/receipts        provider  → 201 IssuedReceipt
 *   GET    /api/v1/receipts/verify/{code}        public    → ReceiptVerification
 *
 * A project is its department's: providers of the department change it;
 * its consumers and platform staff read it; other departments get 403.
 * Milestones are computed at each read, with "today" in China.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sd-compliance.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-catalogue.h"
#include "sd-storage-projects.h"

#define PROJECT_TYPE "project"
#define RECEIPT_TYPE "receipt"
#define KIND_PRE_CATALOGUE "pre-catalogue"
#define KIND_FORMAL "formal"
/* Months from the trial run within which the data must be connected. */
#define DATA_CONNECTED_MONTHS 6
/* Crockford's base32: no I, L, O or U, so a code read aloud or retyped
 * from paper is not misread. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_LENGTH 20
/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_PRECONDITION_REQUIRED 428
#define CODE_GROUP 4

/* Where each profile sets the project milestones; panjin-2016 has none. */
static const struct {
  const char *profile_id;
  const char *article;
} project_articles[] = {
  { "mot-2021", "art. 20" },
  { "state-council-2016", "art. 21" },
};

static char *
project_article (SdPlatformServer *server)
{
  const char *profile_id = sd_policy_get_id (sd_platform_server_get_policy (server));

  for (gsize i = 0; i < G_N_ELEMENTS (project_articles); i++)
    if (g_strcmp0 (project_articles[i].profile_id, profile_id) == 0)
      {
        g_autoptr(SdArticle) article = sd_article_parse (profile_id, project_articles[i].article,
                                                         NULL);

        return article != NULL ? sd_article_format (article) : NULL;
      }
  return NULL;
}

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

static char *
id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
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

static void
add_instant (JsonBuilder *builder,
             const char  *name,
             GDateTime   *at)
{
  g_autofree char *text = at != NULL ? g_date_time_format_iso8601 (at) : NULL;

  add_nullable_string (builder, name, text);
}

/* Dates */

/* A strict "YYYY-MM-DD" (no locale, no other forms). */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint64 year, month, day;
  char part[5];

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  memcpy (part, text, 4);
  part[4] = '\0';
  if (!g_ascii_string_to_unsigned (part, 10, 1, 9999, &year, NULL))
    return FALSE;
  memcpy (part, text + 5, 2);
  part[2] = '\0';
  if (!g_ascii_string_to_unsigned (part, 10, 1, 12, &month, NULL))
    return FALSE;
  memcpy (part, text + 8, 2);
  if (!g_ascii_string_to_unsigned (part, 10, 1, 31, &day, NULL))
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* Milestones */

typedef struct {
  const char *kind;
  GDate       due;        /* invalid when the project lacks the date */
  gboolean    done;
} Milestone;

static gboolean
has_receipt (GPtrArray  *receipts,
             const char *kind)
{
  for (guint i = 0; i < receipts->len; i++)
    if (g_strcmp0 (((SdReceipt *) receipts->pdata[i])->kind, kind) == 0)
      return TRUE;
  return FALSE;
}

/* The three milestones: the pre-catalogue is due on the approval day, the
 * formal catalogue the day before the trial run, the data within
 * DATA_CONNECTED_MONTHS calendar months of the trial run. These are
 * calendar days, not working days: the articles count months. */
static gboolean
compute_milestones (SdStorage  *storage,
                    SdProject  *project,
                    Milestone   milestones[3],
                    GError    **error)
{
  g_autoptr(GPtrArray) receipts = sd_storage_list_receipts (storage, project->id, error);
  GDate trial_run;
  guint missing = 0;

  if (receipts == NULL ||
      !sd_storage_count_project_entries_without_data (storage, project->id, &missing, error))
    return FALSE;

  milestones[0].kind = KIND_PRE_CATALOGUE;
  parse_date (project->approval_date, &milestones[0].due);
  milestones[0].done = has_receipt (receipts, KIND_PRE_CATALOGUE);

  milestones[1].kind = KIND_FORMAL;
  g_date_clear (&milestones[1].due, 1);
  if (parse_date (project->trial_run_date, &trial_run))
    {
      milestones[1].due = trial_run;
      g_date_subtract_days (&milestones[1].due, 1);
    }
  milestones[1].done = has_receipt (receipts, KIND_FORMAL);

  milestones[2].kind = "data-connected";
  g_date_clear (&milestones[2].due, 1);
  if (g_date_valid (&trial_run))
    {
      milestones[2].due = trial_run;
      g_date_add_months (&milestones[2].due, DATA_CONNECTED_MONTHS);
    }
  milestones[2].done = project->entry_ids[0] != NULL && missing == 0;
  return TRUE;
}

static void
add_milestone (JsonBuilder     *builder,
               const Milestone *milestone,
               const GDate     *today)
{
  g_autofree char *due = _sd_date_to_string (&milestone->due);
  gboolean overdue = !milestone->done && g_date_valid (&milestone->due) &&
                     g_date_compare (today, &milestone->due) > 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, milestone->kind);
  add_nullable_string (builder, "due", due);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, milestone->done);
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, overdue);
  json_builder_end_object (builder);
}

static JsonNode *
project_to_json (SdStorage          *storage,
                 SdPlatformRequest  *request,
                 SdProject          *project,
                 GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Milestone milestones[3];
  GDate today;

  if (!compute_milestones (storage, project, milestones, error))
    return NULL;
  sd_platform_request_get_today (request, &today);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, project->id);
  add_nullable_string (builder, "department", project->department_uscc);
  add_nullable_string (builder, "name", project->name);
  add_nullable_string (builder, "approval_date", project->approval_date);
  add_nullable_string (builder, "trial_run_date", project->trial_run_date);
  json_builder_set_member_name (builder, "entry_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; project->entry_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, project->entry_ids[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, project->version);
  add_nullable_string (builder, "created_by", project->created_by);
  add_instant (builder, "created_at", project->created_at);
  add_instant (builder, "updated_at", project->updated_at);
  json_builder_set_member_name (builder, "milestones");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (milestones); i++)
    add_milestone (builder, &milestones[i], &today);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
set_etag (SdPlatformRequest *request,
          guint              version)
{
  g_autofree char *etag = g_strdup_printf ("\"%u\"", version);

  _sd_response_set_header (request, "ETag", etag);
}

static void
respond_project (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 SdProject         *project,
                 guint              status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = project_to_json (sd_platform_server_get_storage (server), request,
                                              project, &error);

  if (json == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  set_etag (request, project->version);
  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location = g_strdup_printf ("/api/v1/projects/%" G_GINT64_FORMAT,
                                                   project->id);

      _sd_response_set_header (request, "Location", location);
    }
  _sd_respond_json (request, status, g_steal_pointer (&json));
}

/* Looking up and guarding a project */

static gboolean
request_project_id (SdPlatformRequest *request,
                    gint64            *id)
{
  const char *text = sd_platform_request_get_param (request, "id");
  gint64 parsed = 0;

  if (text != NULL && g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &parsed, NULL))
    {
      *id = parsed;
      return TRUE;
    }
  respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                            /* Translators: %s is what was given as a project id */
                                            _("There is no project %s."), text != NULL ? text : ""));
  return FALSE;
}

static gboolean
is_own_department (SdPlatformRequest *request,
                   SdProject         *project)
{
  SdUser *user = sd_platform_request_get_user (request);

  return user != NULL && g_strcmp0 (user->department_uscc, project->department_uscc) == 0;
}

/* The project of the request's {id} when the user may read it (platform
 * staff, or its department), else NULL after responding. With
 * @for_change, only providers of its department pass. */
static SdProject *
request_project (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gboolean           for_change)
{
  g_autoptr(SdProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_text = NULL;
  gint64 id = 0;

  if (!request_project_id (request, &id))
    return NULL;
  project = sd_storage_get_project (sd_platform_server_get_storage (server), id, &error);
  if (project == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  id_text = id_string (id);
  if (for_change ? !(is_own_department (request, project) &&
                     _sd_user_has_role (request, SD_ROLE_PROVIDER))
                 : !(is_own_department (request, project) || _sd_user_is_staff (request)))
    {
      _sd_respond_forbidden (request, PROJECT_TYPE, id_text,
                             for_change ? _("Only providers of the project’s department may change it or ask for its receipts.")
                                        : _("This project belongs to another department."));
      return NULL;
    }
  return g_steal_pointer (&project);
}

/* Validating a body */

static const SdMemberSpec project_members[] = {
  { "name", SD_MEMBER_STRING, TRUE },
  { "approval_date", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "trial_run_date", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "entry_ids", SD_MEMBER_STRING_ARRAY, TRUE },
};

static const SdMemberSpec project_patch_members[] = {
  { "name", SD_MEMBER_STRING, FALSE },
  { "approval_date", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "trial_run_date", SD_MEMBER_STRING_OR_NULL, FALSE },
  { "entry_ids", SD_MEMBER_STRING_ARRAY, FALSE },
};

static gboolean
check_date_member (SdPlatformRequest *request,
                   const char        *name,
                   const char        *value)
{
  g_autofree char *detail = NULL;
  GDate date;

  if (value == NULL || parse_date (value, &date))
    return TRUE;
  /* Translators: %s is what was given */
  detail = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD."), value);
  _sd_respond_validation (request, name, detail);
  return FALSE;
}

/* Each entry must be a catalogue entry of the project's department, named
 * once. An entry of another department gets the same answer as a missing
 * one: a draft of another department must not be revealed. */
static gboolean
check_entry_ids (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 const char        *department_uscc,
                 GStrv              entry_ids)
{
  SdStorage *storage = sd_platform_server_get_storage (server);

  for (guint i = 0; entry_ids[i] != NULL; i++)
    {
      g_autoptr(SdCatalogueEntry) entry = sd_storage_get_entry (storage, entry_ids[i], NULL);
      g_autofree char *field = g_strdup_printf ("entry_ids[%u]", i);
      g_autofree char *detail = NULL;

      if (entry == NULL ||
          g_strcmp0 (sd_catalogue_entry_get_provider_uscc (entry), department_uscc) != 0)
        /* Translators: %s is a catalogue entry id */
        detail = g_strdup_printf (_("Your department has no catalogue entry “%s”."), entry_ids[i]);
      for (guint j = 0; detail == NULL && j < i; j++)
        if (g_str_equal (entry_ids[j], entry_ids[i]))
          /* Translators: %s is a catalogue entry id */
          detail = g_strdup_printf (_("The catalogue entry “%s” is listed twice."), entry_ids[i]);
      if (detail != NULL)
        {
          _sd_respond_validation (request, field, detail);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_dates_order (SdPlatformRequest *request,
                   SdProject         *project)
{
  GDate approval, trial_run;

  if (!parse_date (project->approval_date, &approval) ||
      !parse_date (project->trial_run_date, &trial_run) ||
      g_date_compare (&approval, &trial_run) <= 0)
    return TRUE;
  _sd_respond_validation (request, "trial_run_date",
                          _("The trial run cannot start before the project is approved."));
  return FALSE;
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

static void
replace_string (char       **target,
                const char  *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

/* Copies the members present in @body onto @project and checks them. */
static gboolean
apply_body (SdPlatformServer  *server,
            SdPlatformRequest *request,
            JsonObject        *body,
            SdProject         *project)
{
  if (json_object_has_member (body, "name"))
    {
      const char *name = _sd_member_get_string (body, "name");

      if (is_blank (name))
        {
          _sd_respond_validation (request, "name", _("A project needs a name."));
          return FALSE;
        }
      replace_string (&project->name, name);
    }
  if (json_object_has_member (body, "approval_date"))
    replace_string (&project->approval_date, _sd_member_get_string (body, "approval_date"));
  if (json_object_has_member (body, "trial_run_date"))
    replace_string (&project->trial_run_date, _sd_member_get_string (body, "trial_run_date"));
  if (json_object_has_member (body, "entry_ids"))
    {
      g_strfreev (project->entry_ids);
      project->entry_ids = _sd_member_dup_strv (body, "entry_ids");
      if (project->entry_ids == NULL)
        project->entry_ids = g_new0 (char *, 1);
    }
  return check_date_member (request, "approval_date", project->approval_date) &&
         check_date_member (request, "trial_run_date", project->trial_run_date) &&
         check_dates_order (request, project) &&
         check_entry_ids (server, request, project->department_uscc, project->entry_ids);
}

static JsonNode *
project_audit_detail (SdProject *project)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_nullable_string (builder, "name", project->name);
  add_nullable_string (builder, "approval_date", project->approval_date);
  add_nullable_string (builder, "trial_run_date", project->trial_run_date);
  json_builder_set_member_name (builder, "entry_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; project->entry_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, project->entry_ids[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, project->version);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
audit_project (SdPlatformRequest *request,
               const char        *action,
               SdProject         *project)
{
  g_autoptr(JsonNode) detail = project_audit_detail (project);
  g_autofree char *id = id_string (project->id);

  sd_platform_request_audit (request, action, PROJECT_TYPE, id, detail);
}

/* Projects */

static void
list_projects_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint offset, limit, total = 0;

  if (!_sd_request_paging (request, &offset, &limit))
    return;
  /* Staff see every department's projects; others their own. A user
   * without a department who is not staff sees none (no such account is
   * allowed, but the filter must not fall back to "all"). */
  projects = sd_storage_list_projects (storage,
                                       _sd_user_is_staff (request) ? NULL
                                       : user->department_uscc != NULL ? user->department_uscc : "",
                                       offset, limit, &total, &error);
  if (projects == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  items = json_array_new ();
  for (guint i = 0; i < projects->len; i++)
    {
      JsonNode *json = project_to_json (storage, request, projects->pdata[i], &error);

      if (json == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
      json_array_add_element (items, json);
    }
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_node_init_array (json_node_alloc (), items),
                                      total, offset, limit));
}

static void
create_project_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(SdProject) project = sd_project_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  body = _sd_request_body_object (request, project_members, G_N_ELEMENTS (project_members));
  if (body == NULL)
    return;
  project->department_uscc = g_strdup (user->department_uscc);
  if (!apply_body (server, request, body, project))
    return;
  if (!sd_storage_add_project (sd_platform_server_get_storage (server), project, user->username,
                               &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_project (request, "project.create", project);
  respond_project (server, request, project, SOUP_STATUS_CREATED);
}

static void
get_project_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  g_autoptr(SdProject) project = request_project (server, request, FALSE);

  if (project != NULL)
    respond_project (server, request, project, SOUP_STATUS_OK);
}

/* The version If-Match names ("3", or "\"3\"", W/ allowed); FALSE after
 * responding 428 when it is missing or 412 when it names no version. */
static gboolean
request_if_match (SdPlatformRequest *request,
                  guint             *version)
{
  SoupMessageHeaders *headers =
    soup_server_message_get_request_headers (sd_platform_request_get_message (request));
  const char *value = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *text = NULL;
  guint64 parsed = 0;

  if (value == NULL)
    {
      respond_problem (request, sd_problem_new (STATUS_PRECONDITION_REQUIRED,
                                                SD_PROBLEM_PRECONDITION_REQUIRED, NULL, "%s",
                                                _("Send the project’s version in If-Match: it is changed only when nobody changed it since you read it.")));
      return FALSE;
    }
  text = g_strstrip (g_strdup (g_str_has_prefix (value, "W/") ? value + 2 : value));
  if (text[0] == '"' && strlen (text) >= 2 && text[strlen (text) - 1] == '"')
    {
      text[strlen (text) - 1] = '\0';
      memmove (text, text + 1, strlen (text));
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_PRECONDITION_FAILED,
                                                SD_PROBLEM_PRECONDITION, NULL,
                                                /* Translators: %s is the If-Match header's value */
                                                _("If-Match “%s” names no version of the project."),
                                                value));
      return FALSE;
    }
  *version = (guint) parsed;
  return TRUE;
}

static void
update_project_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdProject) project = request_project (server, request, TRUE);
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  guint expected = 0;

  if (project == NULL || !request_if_match (request, &expected))
    return;
  body = _sd_request_body_object (request, project_patch_members,
                                  G_N_ELEMENTS (project_patch_members));
  if (body == NULL || !apply_body (server, request, body, project))
    return;
  if (!sd_storage_update_project (sd_platform_server_get_storage (server), project, expected,
                                  &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_project (request, "project.update", project);
  respond_project (server, request, project, SOUP_STATUS_OK);
}

static void
delete_project_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  g_autoptr(SdProject) project = request_project (server, request, TRUE);
  g_autoptr(GError) error = NULL;

  if (project == NULL)
    return;
  if (!sd_storage_delete_project (sd_platform_server_get_storage (server), project->id, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  audit_project (request, "project.delete", project);
  sd_platform_request_respond_json (request, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Receipts */

static JsonNode *
receipt_entries_to_json (SdReceipt *receipt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < receipt->entries->len; i++)
    {
      SdReceiptEntry *entry = receipt->entries->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, entry->entry_id);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, entry->version);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* A receipt as listed; with @code (shown once, at issue) when not NULL. */
static JsonNode *
receipt_to_json (SdReceipt  *receipt,
                 const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, receipt->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, receipt->kind);
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_int_value (builder, receipt->project_id);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_value (builder, receipt_entries_to_json (receipt));
  add_nullable_string (builder, "issued_by", receipt->issued_by);
  add_instant (builder, "issued_at", receipt->issued_at);
  if (code != NULL)
    {
      json_builder_set_member_name (builder, "verification_code");
      json_builder_add_string_value (builder, code);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
list_receipts_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdProject) project = request_project (server, request, FALSE);
  g_autoptr(GPtrArray) receipts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  guint offset, limit;

  if (project == NULL || !_sd_request_paging (request, &offset, &limit))
    return;
  receipts = sd_storage_list_receipts (sd_platform_server_get_storage (server), project->id, &error);
  if (receipts == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  /* A project has a handful of receipts: they are paged in memory. */
  items = json_array_new ();
  for (guint i = offset; i < receipts->len && i - offset < limit; i++)
    json_array_add_element (items, receipt_to_json (receipts->pdata[i], NULL));
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_node_init_array (json_node_alloc (), items),
                                      receipts->len, offset, limit));
}

/* A fresh code, "XXXX-XXXX-XXXX-XXXX-XXXX": 100 random bits. */
static char *
new_verification_code (void)
{
  guint8 random[CODE_LENGTH];
  GString *code = g_string_sized_new (CODE_LENGTH + CODE_LENGTH / CODE_GROUP);

  randombytes_buf (random, sizeof random);
  for (guint i = 0; i < CODE_LENGTH; i++)
    {
      if (i > 0 && i % CODE_GROUP == 0)
        g_string_append_c (code, '-');
      /* 256 is a multiple of 32: every character is equally likely. */
      g_string_append_c (code, code_alphabet[random[i] % 32]);
    }
  sodium_memzero (random, sizeof random);
  return g_string_free (code, FALSE);
}

/* The SHA-256 (hex) of a code as typed: case, dashes and spaces do not
 * matter, and I, L, O read as 1, 1, 0 (Crockford). NULL when @code
 * cannot be a code. */
static char *
verification_code_hash (const char *code)
{
  char canonical[CODE_LENGTH + 1];
  guint n = 0;

  for (const char *p = code; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (c == 'I' || c == 'L')
        c = '1';
      else if (c == 'O')
        c = '0';
      if (n == CODE_LENGTH || c == '\0' || strchr (code_alphabet, c) == NULL)
        return NULL;
      canonical[n++] = c;
    }
  if (n != CODE_LENGTH)
    return NULL;
  canonical[n] = '\0';
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

static const SdMemberSpec receipt_members[] = {
  { "kind", SD_MEMBER_STRING, TRUE },
};

/* A finding of this route's own (not of the compliance rules), in the
 * same form as sd_finding_to_json(). */
static void
add_route_finding (JsonArray  *findings,
                   const char *rule,
                   const char *field,
                   const char *message)
{
  JsonObject *finding = json_object_new ();

  json_object_set_string_member (finding, "rule", rule);
  json_object_set_string_member (finding, "field", field);
  json_object_set_string_member (finding, "severity", "error");
  json_object_set_null_member (finding, "article");
  json_object_set_string_member (finding, "message", message);
  json_array_add_object_element (findings, finding);
}

/* The error findings of one entry, in @findings (a JSON array). */
static void
check_entry (SdPlatformServer *server,
             SdCatalogueEntry *entry,
             gboolean          formal,
             JsonArray        *findings)
{
  g_autoptr(GPtrArray) results = sd_compliance_check (sd_platform_server_get_policy (server), entry);

  for (guint i = 0; i < results->len; i++)
    {
      SdFinding *finding = results->pdata[i];

      if (finding->severity == SD_SEVERITY_ERROR)
        json_array_add_element (findings, sd_finding_to_json (finding));
    }
  if (formal && sd_catalogue_entry_get_state (entry) != SD_ENTRY_STATE_PUBLISHED)
    add_route_finding (findings, "published", "state",
                       _("A formal catalogue receipt needs the entry to be published."));
}

static void
add_failed_entry (JsonArray  *failed,
                  const char *entry_id,
                  JsonArray  *findings)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", entry_id);
  json_object_set_array_member (object, "findings", json_array_ref (findings));
  json_array_add_object_element (failed, object);
}

/* Checks every entry of @project; fills @receipt with the checked
 * versions and returns the entries that failed (empty when all passed). */
static JsonArray *
check_project_entries (SdPlatformServer *server,
                       SdProject        *project,
                       gboolean          formal,
                       SdReceipt        *receipt)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  JsonArray *failed = json_array_new ();

  for (guint i = 0; project->entry_ids[i] != NULL; i++)
    {
      g_autoptr(SdCatalogueEntry) entry = sd_storage_get_entry (storage, project->entry_ids[i], NULL);
      g_autoptr(JsonArray) findings = json_array_new ();

      if (entry == NULL)
        add_route_finding (findings, "entry-exists", "id",
                           _("The catalogue entry no longer exists."));
      else
        {
          check_entry (server, entry, formal, findings);
          sd_receipt_add_entry (receipt, project->entry_ids[i], sd_catalogue_entry_get_version (entry));
        }
      if (json_array_get_length (findings) > 0)
        add_failed_entry (failed, project->entry_ids[i], findings);
    }
  return failed;
}

/* 422 naming the entries that failed, with their findings. */
static void
respond_findings (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  JsonArray         *failed)
{
  g_autofree char *article = project_article (server);
  g_autoptr(SdProblem) problem = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *problem_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  SoupServerMessage *msg = sd_platform_request_get_message (request);

  if (article != NULL)
    problem = sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION, "entry_ids",
                              /* Translators: %s is an article, e.g. "mot-2021 第20条" */
                              _("No receipt was issued: catalogue entries of the project do not pass the checks (%s). Each is listed with its findings."),
                              article);
  else
    problem = sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION, "entry_ids",
                              "%s",
                              _("No receipt was issued: catalogue entries of the project do not pass the checks. Each is listed with its findings."));
  problem_text = sd_problem_to_json (problem);
  /* sd_problem_to_json() wrote it: it parses. */
  json_parser_load_from_data (parser, problem_text, -1, NULL);
  root = json_node_copy (json_parser_get_root (parser));
  json_object_set_array_member (json_node_get_object (root), "entries", json_array_ref (failed));
  body = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static JsonNode *
receipt_audit_detail (SdReceipt *receipt,
                      JsonArray *failed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Never the code: the audit log is readable by supervisors. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, receipt->kind);
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_int_value (builder, receipt->project_id);
  json_builder_set_member_name (builder, failed != NULL ? "failed_entries" : "entries");
  if (failed != NULL)
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (failed); i++)
        json_builder_add_string_value (builder,
                                       json_object_get_string_member (json_array_get_object_element (failed, i), "id"));
      json_builder_end_array (builder);
    }
  else
    json_builder_add_value (builder, receipt_entries_to_json (receipt));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
check_receipt_kind (SdPlatformRequest *request,
                    SdProject         *project,
                    const char        *kind)
{
  if (g_strcmp0 (kind, KIND_PRE_CATALOGUE) != 0 && g_strcmp0 (kind, KIND_FORMAL) != 0)
    {
      _sd_respond_validation (request, "kind",
                              _("A receipt is for the “pre-catalogue” or the “formal” catalogue."));
      return FALSE;
    }
  if (project->entry_ids[0] == NULL)
    {
      _sd_respond_validation (request, "entry_ids",
                              _("The project lists no catalogue entries: there is nothing to issue a receipt for."));
      return FALSE;
    }
  return TRUE;
}

static void
issue_receipt_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdProject) project = request_project (server, request, TRUE);
  g_autoptr(SdReceipt) receipt = sd_receipt_new ();
  g_autoptr(JsonArray) failed = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *receipt_id = NULL;
  JsonObject *body;

  if (project == NULL)
    return;
  body = _sd_request_body_object (request, receipt_members, G_N_ELEMENTS (receipt_members));
  if (body == NULL || !check_receipt_kind (request, project, _sd_member_get_string (body, "kind")))
    return;

  receipt->project_id = project->id;
  receipt->kind = g_strdup (_sd_member_get_string (body, "kind"));
  receipt->issued_by = g_strdup (sd_platform_request_get_user (request)->username);
  failed = check_project_entries (server, project, g_str_equal (receipt->kind, KIND_FORMAL), receipt);
  if (json_array_get_length (failed) > 0)
    {
      project_id = id_string (project->id);
      detail = receipt_audit_detail (receipt, failed);
      sd_platform_request_audit (request, "receipt.refuse", PROJECT_TYPE, project_id, detail);
      respond_findings (server, request, failed);
      return;
    }

  code = new_verification_code ();
  code_hash = verification_code_hash (code);
  if (!sd_storage_add_receipt (sd_platform_server_get_storage (server), receipt, code_hash, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  receipt_id = id_string (receipt->id);
  detail = receipt_audit_detail (receipt, NULL);
  sd_platform_request_audit (request, "receipt.issue", RECEIPT_TYPE, receipt_id, detail);
  _sd_respond_json (request, SOUP_STATUS_CREATED, receipt_to_json (receipt, code));
}

static JsonNode *
verification_to_json (SdStorage *storage,
                      SdReceipt *receipt)
{
  g_autoptr(SdDepartment) department = sd_storage_get_department (storage, receipt->department_uscc,
                                                                  NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, receipt->kind);
  json_builder_set_member_name (builder, "project");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, receipt->project_id);
  add_nullable_string (builder, "name", receipt->project_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "department");
  json_builder_begin_object (builder);
  add_nullable_string (builder, "uscc", receipt->department_uscc);
  add_nullable_string (builder, "name", department != NULL ? department->name : NULL);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_value (builder, receipt_entries_to_json (receipt));
  add_instant (builder, "issued_at", receipt->issued_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
verify_receipt_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autofree char *hash = verification_code_hash (sd_platform_request_get_param (request, "code"));
  g_autoptr(SdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *receipt_id = NULL;

  if (hash != NULL)
    receipt = sd_storage_find_receipt_by_code (storage, hash, &error);
  if (receipt == NULL)
    {
      sd_platform_request_audit (request, "receipt.verify-failed", RECEIPT_TYPE, NULL, NULL);
      if (error != NULL && !g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
        sd_platform_request_respond_error (request, error, NULL);
      else
        respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                  "%s",
                                                  _("No catalogue receipt has this verification code.")));
      return;
    }
  receipt_id = id_string (receipt->id);
  sd_platform_request_audit (request, "receipt.verify", RECEIPT_TYPE, receipt_id, NULL);
  _sd_respond_json (request, SOUP_STATUS_OK, verification_to_json (storage, receipt));
}

void
sd_platform_routes_projects (SdPlatformServer *server)
{
  const guint provider = SD_ROLE_MASK (SD_ROLE_PROVIDER);

  sd_platform_server_add_route (server, "GET", "/api/v1/projects", 0, 0, list_projects_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/projects", 0, provider,
                                create_project_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/projects/{id}", 0, 0, get_project_cb, NULL);
  sd_platform_server_add_route (server, "PATCH", "/api/v1/projects/{id}", 0, provider,
                                update_project_cb, NULL);
  sd_platform_server_add_route (server, "DELETE", "/api/v1/projects/{id}", 0, provider,
                                delete_project_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/projects/{id}/receipts", 0, 0,
                                list_receipts_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/projects/{id}/receipts", 0, provider,
                                issue_receipt_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/receipts/verify/{code}", SD_ROUTE_PUBLIC, 0,
                                verify_receipt_cb, NULL);
}
