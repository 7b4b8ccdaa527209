/* sd-routes-data.c — the data behind catalogue entries (A1, A8, C10, S5).
 *
 *   POST   /api/v1/catalogue/{entry_id}/datasets   provider of the entry   CSV → 201 Dataset
 *   GET    /api/v1/catalogue/{entry_id}/datasets   provider, authorised consumer, staff → page of Dataset
 *   GET    /api/v1/catalogue/{entry_id}/records    provider, authorised consumer, supervisor → rows
 *   GET    /api/v1/catalogue/{entry_id}/dataset    the same → text/csv
 *   POST   /api/v1/subscriptions                   authorised consumer → 201 Subscription
 *   GET    /api/v1/subscriptions                   own department's; staff all
 *   POST   /api/v1/subscriptions/{id}/seen         the subscribing department
 *   DELETE /api/v1/subscriptions/{id}              the subscribing department → 204
 *
 * An upload is checked whole before anything is stored: the header names
 * exactly the entry's information items, and every cell fits its item
 * (sd-csv.h). A consumer's query or download needs an authorisation in
 * force; it is stamped with it (last use, a data_access row, the audit
 * row with the authorisation and the purpose of its application).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-csv.h"
#include "sd-platform-routes.h"
#include "sd-routes-data-private.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"
#include "sd-storage-data.h"

#define ENTRY_OBJECT_TYPE        "catalogue-entry"
#define SUBSCRIPTION_OBJECT_TYPE "subscription"
/* A report of a bad upload lists at most this many errors. */
#define MAX_REPORTED_ERRORS 1000

static void
respond_problem (SdPlatformRequest *request,
                 SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  sd_platform_request_respond_problem (request, owned);
}

/* Shared helpers */

gboolean
_sd_request_take_integer (SdPlatformRequest *request,
                          const char        *name,
                          gboolean           required,
                          gint64             min,
                          gint64             max,
                          gint64            *value,
                          gboolean          *present)
{
  JsonNode *body = sd_platform_request_get_body (request);
  JsonObject *object;
  JsonNode *member;

  *present = FALSE;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return TRUE;
  object = json_node_get_object (body);
  member = json_object_get_member (object, name);
  if (member == NULL)
    {
      if (!required)
        return TRUE;
      respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION,
                                                name,
                                                /* Translators: %s is a JSON member name */
                                                _("“%s” is required."), name));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                                                /* Translators: %s is a JSON member name */
                                                _("“%s” must be a whole number."), name));
      return FALSE;
    }
  *value = json_node_get_int (member);
  if (*value < min || *value > max)
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION,
                                                name,
                                                /* Translators: %s is a JSON member name, the numbers its bounds */
                                                _("“%s” must be from %lld to %lld."),
                                                name, (long long) min, (long long) max));
      return FALSE;
    }
  *present = TRUE;
  json_object_remove_member (object, name);
  return TRUE;
}

JsonNode *
_sd_json_array_node_new (void)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  /* json_node_init_array() would take a reference of its own. */
  json_node_take_array (node, json_array_new ());
  return node;
}

SdCatalogueEntry *
_sd_data_lookup_entry (SdPlatformServer  *server,
                       SdPlatformRequest *request,
                       const char        *entry_id)
{
  g_autoptr(GError) error = NULL;
  SdCatalogueEntry *entry;

  entry = sd_storage_get_entry (sd_platform_server_get_storage (server), entry_id, &error);
  if (entry == NULL)
    sd_platform_request_respond_error (request, error, NULL);
  return entry;
}

gboolean
_sd_user_in_department (SdPlatformRequest *request,
                        const char        *uscc)
{
  SdUser *user = sd_platform_request_get_user (request);

  return user != NULL && user->department_uscc != NULL && g_strcmp0 (user->department_uscc, uscc) == 0;
}

static gboolean
entry_is_public (SdCatalogueEntry *entry)
{
  SdEntryState state = sd_catalogue_entry_get_state (entry);

  return state == SD_ENTRY_STATE_PUBLISHED || state == SD_ENTRY_STATE_RETIRED;
}

/* Who may read an entry's data */

typedef enum {
  READ_METADATA,   /* the list of versions: staff too */
  READ_RECORDS,    /* query, download: supervisors only of the staff */
} ReadKind;

/* The entry of the path when the user may read its data; the consumer's
 * authorisation in *@authorisation (NULL for the provider and staff).
 * Otherwise NULL after responding: 404 for an entry the user cannot see,
 * 403 (audited) for one whose data they may not read. */
static SdCatalogueEntry *
entry_for_reading (SdPlatformServer   *server,
                   SdPlatformRequest  *request,
                   ReadKind            kind,
                   SdAuthorisation   **authorisation)
{
  const char *entry_id = sd_platform_request_get_param (request, "entry_id");
  g_autoptr(SdCatalogueEntry) entry = _sd_data_lookup_entry (server, request, entry_id);
  SdUser *user = sd_platform_request_get_user (request);
  gboolean provider;

  *authorisation = NULL;
  if (entry == NULL)
    return NULL;
  provider = _sd_user_in_department (request, sd_catalogue_entry_get_provider_uscc (entry));
  /* Drafts are the provider's and staff's business: no one else learns
   * they exist. */
  if (!entry_is_public (entry) && !provider && !_sd_user_is_staff (request))
    {
      g_autoptr(GError) error = g_error_new (SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND,
                                             /* Translators: %s is a catalogue entry id */
                                             _("There is no catalogue entry “%s”."), entry_id);

      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (provider || _sd_user_has_role (request, SD_ROLE_SUPERVISOR) ||
      (kind == READ_METADATA && _sd_user_is_staff (request)))
    return g_steal_pointer (&entry);
  if (_sd_user_has_role (request, SD_ROLE_CONSUMER) && user->department_uscc != NULL)
    *authorisation = sd_storage_find_authorisation (sd_platform_server_get_storage (server),
                                                    user->department_uscc, entry_id, NULL);
  if (*authorisation != NULL)
    return g_steal_pointer (&entry);
  _sd_respond_forbidden (request, ENTRY_OBJECT_TYPE, entry_id,
                         _("Only the providing department, consumers with an authorisation in force and supervisors may use this data."));
  return NULL;
}

/* The purpose the application behind @authorisation gave, or NULL. */
static char *
authorisation_purpose (SdStorage       *storage,
                       SdAuthorisation *authorisation)
{
  g_autoptr(SdCaseRecord) record = NULL;
  g_autoptr(JsonNode) json = NULL;

  record = sd_storage_get_case (storage, SD_CASE_APPLICATION, authorisation->application_id, NULL);
  if (record == NULL || record->json == NULL)
    return NULL;
  json = json_from_string (record->json, NULL);
  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (json),
                                                               "purpose", NULL));
}

/* Audits a read of @entry_id as @action with the members of @object
 * (borrowed) and, for a consumer, stamps it with the authorisation: its
 * last use (A10), a data_access row and the authorisation and purpose in
 * the audit row (A8). FALSE after responding when storing failed. */
static gboolean
record_read (SdPlatformServer  *server,
             SdPlatformRequest *request,
             const char        *entry_id,
             const char        *action,
             const char        *access_kind,
             SdAuthorisation   *authorisation,
             JsonObject        *object)
{
  g_autoptr(JsonNode) detail = json_node_new (JSON_NODE_OBJECT);
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdUser *user = sd_platform_request_get_user (request);
  GDateTime *now = sd_platform_request_get_now (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *purpose = NULL;

  json_node_set_object (detail, object);
  if (authorisation == NULL)
    {
      json_object_set_null_member (object, "authorisation_id");
      sd_platform_request_audit (request, action, ENTRY_OBJECT_TYPE, entry_id, detail);
      return TRUE;
    }
  purpose = authorisation_purpose (storage, authorisation);
  json_object_set_int_member (object, "authorisation_id", authorisation->id);
  if (purpose != NULL)
    json_object_set_string_member (object, "purpose", purpose);
  else
    json_object_set_null_member (object, "purpose");
  if (!sd_storage_touch_authorisation (storage, authorisation->id, now, &error) ||
      !sd_storage_add_data_access (storage, entry_id, user->department_uscc, access_kind,
                                   user->username, now, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }
  sd_platform_request_audit (request, action, ENTRY_OBJECT_TYPE, entry_id, detail);
  return TRUE;
}

/* Datasets */

static JsonNode *
dataset_to_json (const SdDataset *dataset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uploaded_at = g_date_time_format_iso8601 (dataset->uploaded_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, dataset->entry_id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, dataset->version);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, dataset->row_count);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, dataset->sha256);
  json_builder_set_member_name (builder, "uploaded_by");
  json_builder_add_string_value (builder, dataset->uploaded_by);
  json_builder_set_member_name (builder, "uploaded_at");
  json_builder_add_string_value (builder, uploaded_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* text/csv, with no charset or UTF-8; else 415. */
static gboolean
check_csv_media_type (SdPlatformRequest *request)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  if (type != NULL && g_ascii_strcasecmp (type, "text/csv") == 0 &&
      (charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0))
    return TRUE;
  respond_problem (request, sd_problem_new (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SD_PROBLEM_MEDIA_TYPE, NULL,
                                            "%s", _("Upload the data as CSV in UTF-8 (Content-Type: text/csv; charset=utf-8).")));
  return FALSE;
}

/* What is wrong with an upload, row by row. */
typedef struct {
  JsonArray *errors;
  guint      more;        /* not listed beyond MAX_REPORTED_ERRORS */
} UploadReport;

static void
report_error (UploadReport *report,
              guint         row,
              const char   *column,
              const char   *message)
{
  JsonObject *error;

  if (json_array_get_length (report->errors) >= MAX_REPORTED_ERRORS)
    {
      report->more++;
      return;
    }
  error = json_object_new ();
  json_object_set_int_member (error, "row", row);
  if (column != NULL)
    json_object_set_string_member (error, "column", column);
  else
    json_object_set_null_member (error, "column");
  json_object_set_string_member (error, "message", message);
  json_array_add_object_element (report->errors, error);
}

/* 422 with the problem members and the report. */
static void
respond_report (SdPlatformRequest *request,
                UploadReport      *report,
                guint              rows_checked)
{
  g_autoptr(SdProblem) problem = NULL;
  g_autofree char *problem_text = NULL;
  g_autoptr(JsonNode) body = NULL;
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  JsonObject *object;
  char *text;

  problem = sd_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY, SD_PROBLEM_VALIDATION, "body",
                            /* Translators: %u is a number of errors */
                            g_dngettext (GETTEXT_PACKAGE, "The data has %u error: nothing was stored.",
                                         "The data has %u errors: nothing was stored.",
                                         json_array_get_length (report->errors) + report->more),
                            json_array_get_length (report->errors) + report->more);
  problem_text = sd_problem_to_json (problem);
  body = json_from_string (problem_text, NULL);
  object = json_node_get_object (body);
  json_object_set_array_member (object, "errors", json_array_ref (report->errors));
  json_object_set_int_member (object, "more_errors", report->more);
  json_object_set_int_member (object, "rows_checked", rows_checked);
  text = json_to_string (body, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE, text, strlen (text));
}

/* Information item name → SdInformationItem (borrowed from the entry). */
static GHashTable *
items_by_name (SdCatalogueEntry *entry)
{
  GListModel *items = G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry));
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      SdInformationItem *item = g_list_model_get_item (items, i);

      g_hash_table_replace (by_name, (gpointer) sd_information_item_get_name (item), item);
    }
  return by_name;
}

/* The header row names each information item once and nothing else. */
static void
check_header (GHashTable    *items,
              const char   **header,
              UploadReport  *report)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *message = NULL;

      if (!g_hash_table_contains (items, header[i]))
        /* Translators: %s is a column name of the uploaded file */
        message = g_strdup_printf (_("The column “%s” is not an information item of this catalogue entry."),
                                   header[i]);
      else if (!g_hash_table_add (seen, (gpointer) header[i]))
        /* Translators: %s is a column name of the uploaded file */
        message = g_strdup_printf (_("The column “%s” appears more than once."), header[i]);
      if (message != NULL)
        report_error (report, 1, header[i], message);
    }
  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (seen, name))
      {
        /* Translators: %s is an information item name */
        g_autofree char *message = g_strdup_printf (_("The column for the information item “%s” is missing."),
                                                    (const char *) name);

        report_error (report, 1, name, message);
      }
}

/* Checks one record (row @row_no, the header being row 1) and returns
 * its JSON object text, or NULL when it has errors. */
static char *
check_record (GHashTable    *items,
              const char   **header,
              const char   **fields,
              guint          row_no,
              const GDate   *today,
              UploadReport  *report)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  guint n_columns = g_strv_length ((GStrv) header);
  gboolean ok = TRUE;

  if (g_strv_length ((GStrv) fields) != n_columns)
    {
      /* Translators: the first %u is a number of fields, the second of columns */
      g_autofree char *message = g_strdup_printf (_("The row has %u fields; the header names %u columns."),
                                                  g_strv_length ((GStrv) fields), n_columns);

      report_error (report, row_no, NULL, message);
      return NULL;
    }
  for (guint i = 0; i < n_columns; i++)
    {
      SdInformationItem *item = g_hash_table_lookup (items, header[i]);
      g_autoptr(GError) error = NULL;

      if (!sd_csv_check_cell (item, fields[i], today, &error))
        {
          report_error (report, row_no, header[i], error->message);
          ok = FALSE;
        }
      else if (*fields[i] == '\0')
        json_object_set_null_member (object, header[i]);
      else
        json_object_set_string_member (object, header[i], fields[i]);
    }
  if (!ok)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

/* The rows of a valid upload as JSON object texts, or NULL after
 * responding with the report (or another problem). */
static GPtrArray *
check_upload (SdPlatformRequest *request,
              SdCatalogueEntry  *entry,
              GBytes            *csv)
{
  g_autoptr(GHashTable) items = items_by_name (entry);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) errors = json_array_new ();
  UploadReport report = { errors, 0 };
  g_autoptr(GError) error = NULL;
  const char **header;
  GDate today;
  gsize size = 0;
  const char *data = g_bytes_get_data (csv, &size);

  records = sd_csv_parse (data != NULL ? data : "", size, &error);
  if (records == NULL)
    {
      report_error (&report, 0, NULL, error->message);
      respond_report (request, &report, 0);
      return NULL;
    }
  header = records->pdata[0];
  check_header (items, header, &report);
  if (json_array_get_length (errors) > 0)
    {
      respond_report (request, &report, 0);
      return NULL;
    }
  sd_platform_request_get_today (request, &today);
  for (guint i = 1; i < records->len; i++)
    {
      char *row = check_record (items, header, records->pdata[i], i + 1, &today, &report);

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  if (json_array_get_length (errors) > 0)
    {
      respond_report (request, &report, records->len - 1);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
upload_dataset_cb (SdPlatformServer  *server,
                   SdPlatformRequest *request,
                   gpointer           user_data)
{
  const char *entry_id = sd_platform_request_get_param (request, "entry_id");
  g_autoptr(SdCatalogueEntry) entry = _sd_data_lookup_entry (server, request, entry_id);
  g_autoptr(SdDataset) dataset = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *location = NULL;
  g_autofree char *escaped = NULL;

  if (entry == NULL)
    return;
  if (!_sd_user_in_department (request, sd_catalogue_entry_get_provider_uscc (entry)))
    {
      _sd_respond_forbidden (request, ENTRY_OBJECT_TYPE, entry_id,
                             _("Only the department that provides this catalogue entry may upload its data."));
      return;
    }
  if (sd_catalogue_entry_get_state (entry) != SD_ENTRY_STATE_PUBLISHED)
    {
      error = g_error_new_literal (SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE,
                                   _("Data can be uploaded only for a published catalogue entry."));
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  if (!check_csv_media_type (request))
    return;

  dataset = g_new0 (SdDataset, 1);
  dataset->csv = sd_platform_request_get_raw_body (request);
  rows = check_upload (request, entry, dataset->csv);
  if (rows == NULL)
    return;
  dataset->entry_id = g_strdup (entry_id);
  dataset->uploaded_by = g_strdup (sd_platform_request_get_user (request)->username);
  dataset->uploaded_at = g_date_time_ref (sd_platform_request_get_now (request));
  if (!sd_storage_add_dataset (sd_platform_server_get_storage (server), dataset, rows, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  created = dataset_to_json (dataset);
  sd_platform_request_audit (request, "data.upload", ENTRY_OBJECT_TYPE, entry_id, created);
  escaped = g_uri_escape_string (entry_id, NULL, FALSE);
  location = g_strdup_printf ("/api/v1/catalogue/%s/dataset?version=%u", escaped, dataset->version);
  _sd_response_set_header (request, "Location", location);
  _sd_respond_json (request, SOUP_STATUS_CREATED, g_steal_pointer (&created));
}

static void
list_datasets_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint offset = 0, limit = 0;

  if (!_sd_request_paging (request, &offset, &limit))
    return;
  entry = entry_for_reading (server, request, READ_METADATA, &authorisation);
  if (entry == NULL)
    return;
  datasets = sd_storage_list_datasets (sd_platform_server_get_storage (server),
                                       sd_catalogue_entry_get_id (entry), &error);
  if (datasets == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  items = json_array_new ();
  for (guint i = offset; i < datasets->len && i - offset < limit; i++)
    json_array_add_element (items, dataset_to_json (datasets->pdata[i]));
  _sd_respond_json (request, SOUP_STATUS_OK,
                    _sd_page_to_json (json_node_init_array (json_node_alloc (), items),
                                      datasets->len, offset, limit));
  json_array_unref (items);
}

/* A required query parameter, or NULL after responding 400. */
static const char *
required_query (SdPlatformRequest *request,
                const char        *name)
{
  const char *value = sd_platform_request_get_query (request, name);

  if (value != NULL && *value != '\0')
    return value;
  respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                                            /* Translators: %s is a query parameter */
                                            _("The query parameter “%s” is required."), name));
  return NULL;
}

static gboolean
entry_has_item (SdCatalogueEntry *entry,
                const char       *name)
{
  g_autoptr(GHashTable) items = items_by_name (entry);

  return g_hash_table_contains (items, name);
}

static JsonNode *
rows_to_json (GPtrArray *rows)
{
  JsonNode *array = _sd_json_array_node_new ();

  for (guint i = 0; i < rows->len; i++)
    /* The storage wrote each row from a JSON object: it parses. */
    json_array_add_element (json_node_get_array (array), json_from_string (rows->pdata[i], NULL));
  return array;
}

static void
query_records_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  const char *item, *value;
  guint offset = 0, limit = 0, total = 0, version = 0;

  if (!_sd_request_paging (request, &offset, &limit) ||
      (item = required_query (request, "item")) == NULL ||
      (value = required_query (request, "value")) == NULL)
    return;
  entry = entry_for_reading (server, request, READ_RECORDS, &authorisation);
  if (entry == NULL)
    return;
  if (!entry_has_item (entry, item))
    {
      _sd_respond_validation (request, "item",
                              _("The catalogue entry has no information item of that name."));
      return;
    }
  rows = sd_storage_query_dataset (sd_platform_server_get_storage (server),
                                   sd_catalogue_entry_get_id (entry), item, value, offset, limit,
                                   &total, &version, &error);
  if (rows == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  /* Who looked up what is the point of the access audit (S5): the
   * criteria are recorded, the rows are not. */
  json_object_set_int_member (detail, "version", version);
  json_object_set_string_member (detail, "item", item);
  json_object_set_string_member (detail, "value", value);
  json_object_set_int_member (detail, "matches", total);
  if (!record_read (server, request, sd_catalogue_entry_get_id (entry), "data.query", "query",
                    authorisation, detail))
    return;
  page = _sd_page_to_json (rows_to_json (rows), total, offset, limit);
  json_object_set_int_member (json_node_get_object (page), "version", version);
  _sd_respond_json (request, SOUP_STATUS_OK, g_steal_pointer (&page));
}

/* attachment; filename="<ASCII>"; filename*=UTF-8''<the entry's name> */
static char *
content_disposition (SdCatalogueEntry *entry,
                     guint             version)
{
  g_autofree char *ascii = g_strdup_printf ("%s-v%u.csv", sd_catalogue_entry_get_id (entry), version);
  g_autofree char *name = g_strdup_printf ("%s-v%u.csv",
                                           *sd_catalogue_entry_get_name (entry) != '\0'
                                             ? sd_catalogue_entry_get_name (entry)
                                             : sd_catalogue_entry_get_id (entry),
                                           version);
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

  for (char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      *p = '_';
  return g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, escaped);
}

static void
respond_csv (SdPlatformRequest *request,
             SdCatalogueEntry  *entry,
             SdDataset         *dataset)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  g_autofree char *disposition = content_disposition (entry, dataset->version);
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (dataset->csv, &size);

  _sd_response_set_header (request, "Content-Disposition", disposition);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY, data, size);
}

static void
download_dataset_cb (SdPlatformServer  *server,
                     SdPlatformRequest *request,
                     gpointer           user_data)
{
  const char *version_text = sd_platform_request_get_query (request, "version");
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  guint64 version = 0;

  if (version_text != NULL &&
      !g_ascii_string_to_unsigned (version_text, 10, 1, G_MAXINT32, &version, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, "version",
                                                "%s", _("“version” must be a whole number from 1.")));
      return;
    }
  entry = entry_for_reading (server, request, READ_RECORDS, &authorisation);
  if (entry == NULL)
    return;
  dataset = sd_storage_get_dataset (sd_platform_server_get_storage (server),
                                    sd_catalogue_entry_get_id (entry), (guint) version, &error);
  if (dataset == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_object_set_int_member (detail, "version", dataset->version);
  json_object_set_string_member (detail, "sha256", dataset->sha256);
  if (!record_read (server, request, dataset->entry_id, "data.download", "download",
                    authorisation, detail))
    return;
  /* A8: the copy that leaves the platform says under which authorisation. */
  if (authorisation != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, authorisation->id);

      _sd_response_set_header (request, "X-ShareDesk-Authorisation", id);
    }
  respond_csv (request, entry, dataset);
}

/* Subscriptions */

static JsonNode *
subscription_to_json (const SdSubscription *subscription)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created_at = g_date_time_format_iso8601 (subscription->created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, subscription->id);
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, subscription->entry_id);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, subscription->consumer_uscc);
  json_builder_set_member_name (builder, "created_by");
  json_builder_add_string_value (builder, subscription->created_by);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_set_member_name (builder, "last_notified_version");
  if (subscription->last_notified_version > 0)
    json_builder_add_int_value (builder, subscription->last_notified_version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "latest_version");
  if (subscription->latest_version > 0)
    json_builder_add_int_value (builder, subscription->latest_version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "new_version_available");
  json_builder_add_boolean_value (builder,
                                  subscription->latest_version > subscription->last_notified_version);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const SdMemberSpec subscription_members[] = {
  { "entry_id", SD_MEMBER_STRING, TRUE },
};

static void
create_subscription_cb (SdPlatformServer  *server,
                        SdPlatformRequest *request,
                        gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdAuthorisation) authorisation = NULL;
  g_autoptr(SdSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *location = NULL;
  g_autofree char *id = NULL;
  const char *entry_id;
  JsonObject *body;

  body = _sd_request_body_object (request, subscription_members, G_N_ELEMENTS (subscription_members));
  if (body == NULL)
    return;
  entry_id = _sd_member_get_string (body, "entry_id");
  entry = _sd_data_lookup_entry (server, request, entry_id);
  if (entry == NULL)
    return;
  if (user->department_uscc != NULL)
    authorisation = sd_storage_find_authorisation (storage, user->department_uscc, entry_id, NULL);
  if (authorisation == NULL)
    {
      _sd_respond_forbidden (request, ENTRY_OBJECT_TYPE, entry_id,
                             _("Your department needs an authorisation in force on this catalogue entry to subscribe to it."));
      return;
    }
  subscription = g_new0 (SdSubscription, 1);
  subscription->entry_id = g_strdup (entry_id);
  subscription->consumer_uscc = g_strdup (user->department_uscc);
  subscription->created_by = g_strdup (user->username);
  subscription->created_at = g_date_time_ref (sd_platform_request_get_now (request));
  if (!sd_storage_add_subscription (storage, subscription, &error))
    {
      sd_platform_request_respond_error (request, error, "entry_id");
      return;
    }
  created = subscription_to_json (subscription);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, subscription->id);
  sd_platform_request_audit (request, "subscription.create", SUBSCRIPTION_OBJECT_TYPE, id, created);
  location = g_strconcat ("/api/v1/subscriptions/", id, NULL);
  _sd_response_set_header (request, "Location", location);
  _sd_respond_json (request, SOUP_STATUS_CREATED, g_steal_pointer (&created));
}

static void
list_subscriptions_cb (SdPlatformServer  *server,
                       SdPlatformRequest *request,
                       gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *items;
  guint offset = 0, limit = 0, total = 0;

  if (!_sd_request_paging (request, &offset, &limit))
    return;
  if (!_sd_user_is_staff (request) && user->department_uscc == NULL)
    {
      _sd_respond_json (request, SOUP_STATUS_OK,
                        _sd_page_to_json (_sd_json_array_node_new (),
                                          0, offset, limit));
      return;
    }
  subscriptions = sd_storage_list_subscriptions (sd_platform_server_get_storage (server),
                                                 _sd_user_is_staff (request) ? NULL : user->department_uscc,
                                                 offset, limit, &total, &error);
  if (subscriptions == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  items = _sd_json_array_node_new ();
  for (guint i = 0; i < subscriptions->len; i++)
    json_array_add_element (json_node_get_array (items), subscription_to_json (subscriptions->pdata[i]));
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_page_to_json (items, total, offset, limit));
}

/* The subscription of the path when it is the user's department's, else
 * NULL after responding 404 or 403 (audited). */
static SdSubscription *
own_subscription (SdPlatformServer  *server,
                  SdPlatformRequest *request)
{
  const char *id_text = sd_platform_request_get_param (request, "id");
  g_autoptr(SdSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!g_ascii_string_to_signed (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      respond_problem (request, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                /* Translators: %s is what was given as a subscription's number */
                                                _("There is no subscription “%s”."), id_text));
      return NULL;
    }
  subscription = sd_storage_get_subscription (sd_platform_server_get_storage (server), id, &error);
  if (subscription == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return NULL;
    }
  if (!_sd_user_in_department (request, subscription->consumer_uscc))
    {
      _sd_respond_forbidden (request, SUBSCRIPTION_OBJECT_TYPE, id_text,
                             _("Only the department that subscribed may change this subscription."));
      return NULL;
    }
  return g_steal_pointer (&subscription);
}

static void
mark_subscription_seen_cb (SdPlatformServer  *server,
                           SdPlatformRequest *request,
                           gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  g_autoptr(SdSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = NULL;
  const char *id_text = sd_platform_request_get_param (request, "id");
  gint64 version = 0;
  gboolean present = FALSE;

  if (!_sd_request_take_integer (request, "version", TRUE, 1, G_MAXINT32, &version, &present) ||
      _sd_request_body_object (request, NULL, 0) == NULL)
    return;
  subscription = own_subscription (server, request);
  if (subscription == NULL)
    return;
  if ((guint) version > subscription->latest_version)
    {
      _sd_respond_validation (request, "version",
                              _("No version of the data that new has been uploaded yet."));
      return;
    }
  if (!sd_storage_set_subscription_seen (storage, subscription->id, (guint) version, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  subscription->last_notified_version = (guint) version;
  detail = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (detail, json_object_new ());
  json_object_set_int_member (json_node_get_object (detail), "version", version);
  sd_platform_request_audit (request, "subscription.seen", SUBSCRIPTION_OBJECT_TYPE, id_text, detail);
  _sd_respond_json (request, SOUP_STATUS_OK, subscription_to_json (subscription));
}

static void
delete_subscription_cb (SdPlatformServer  *server,
                        SdPlatformRequest *request,
                        gpointer           user_data)
{
  g_autoptr(SdSubscription) subscription = own_subscription (server, request);
  g_autoptr(GError) error = NULL;

  if (subscription == NULL)
    return;
  if (!sd_storage_delete_subscription (sd_platform_server_get_storage (server), subscription->id, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  sd_platform_request_audit (request, "subscription.delete", SUBSCRIPTION_OBJECT_TYPE,
                             sd_platform_request_get_param (request, "id"), NULL);
  _sd_respond_json (request, SOUP_STATUS_NO_CONTENT, NULL);
}

void
sd_platform_routes_data (SdPlatformServer *server)
{
  const guint provider = SD_ROLE_MASK (SD_ROLE_PROVIDER);
  const guint consumer = SD_ROLE_MASK (SD_ROLE_CONSUMER);

  sd_platform_server_add_route (server, "POST", "/api/v1/catalogue/{entry_id}/datasets",
                                SD_ROUTE_RAW_BODY, provider, upload_dataset_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/catalogue/{entry_id}/datasets",
                                SD_ROUTE_AUTHENTICATED, 0, list_datasets_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/catalogue/{entry_id}/records",
                                SD_ROUTE_AUTHENTICATED, 0, query_records_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/catalogue/{entry_id}/dataset",
                                SD_ROUTE_AUTHENTICATED, 0, download_dataset_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/subscriptions",
                                SD_ROUTE_AUTHENTICATED, consumer, create_subscription_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/subscriptions",
                                SD_ROUTE_AUTHENTICATED, 0, list_subscriptions_cb, NULL);
  sd_platform_server_add_route (server, "POST", "/api/v1/subscriptions/{id}/seen",
                                SD_ROUTE_AUTHENTICATED, consumer, mark_subscription_seen_cb, NULL);
  sd_platform_server_add_route (server, "DELETE", "/api/v1/subscriptions/{id}",
                                SD_ROUTE_AUTHENTICATED, consumer, delete_subscription_cb, NULL);
  _sd_platform_routes_feedback (server);
}
