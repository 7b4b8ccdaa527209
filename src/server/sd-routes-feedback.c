/* sd-routes-feedback.c — consumers' feedback on the data they use (A9).
 *
 *   POST /api/v1/feedback   consumer whose department has (or had) an authorisation on the entry → 201 Feedback
 *   GET  /api/v1/feedback   provider: on its entries; consumer: its department's; staff: all
 *                           → page of Feedback with an aggregate per kind
 *
 * Averages are sent as integers, ten times the mean rating rounded
 * (json-glib 1.6 writes some doubles invalidly).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-routes-data-private.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-data.h"

#define FEEDBACK_OBJECT_TYPE "feedback"
#define ENTRY_OBJECT_TYPE    "catalogue-entry"

static const char * const feedback_kinds[] = { "needs-met", "data-quality", "effect" };

static gboolean
is_feedback_kind (const char *kind)
{
  return g_strv_contains ((const char * const *) feedback_kinds, kind);
}

static JsonNode *
feedback_to_json (const SdFeedback *feedback)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = g_date_time_format_iso8601 (feedback->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, feedback->id);
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, feedback->entry_id);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, feedback->department_uscc);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, feedback->kind);
  json_builder_set_member_name (builder, "rating");
  json_builder_add_int_value (builder, feedback->rating);
  json_builder_set_member_name (builder, "comment");
  if (feedback->comment != NULL)
    json_builder_add_string_value (builder, feedback->comment);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, feedback->author);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Whether @department has, or once had, an authorisation on @entry_id:
 * feedback on the use of data outlives the authorisation. */
static gboolean
department_was_authorised (SdStorage   *storage,
                           const char  *department,
                           const char  *entry_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) authorisations = NULL;

  authorisations = sd_storage_list_authorisations (storage, department, entry_id, FALSE, NULL, error);
  if (authorisations == NULL)
    return FALSE;
  for (guint i = 0; i < authorisations->len; i++)
    {
      SdAuthorisation *authorisation = authorisations->pdata[i];

      if (g_strcmp0 (authorisation->consumer_uscc, department) == 0)
        return TRUE;
    }
  return FALSE;
}

static const SdMemberSpec feedback_members[] = {
  { "entry_id", SD_MEMBER_STRING, TRUE },
  { "kind", SD_MEMBER_STRING, TRUE },
  { "comment", SD_MEMBER_STRING_OR_NULL, FALSE },
};

static void
create_feedback_cb (SdPlatformServer  *server,
                    SdPlatformRequest *request,
                    gpointer           user_data)
{
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(SdFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *id = NULL;
  const char *entry_id;
  const char *kind;
  JsonObject *body;
  gint64 rating = 0;
  gboolean present = FALSE;

  if (!_sd_request_take_integer (request, "rating", TRUE, 1, 5, &rating, &present))
    return;
  body = _sd_request_body_object (request, feedback_members, G_N_ELEMENTS (feedback_members));
  if (body == NULL)
    return;
  kind = _sd_member_get_string (body, "kind");
  if (!is_feedback_kind (kind))
    {
      _sd_respond_validation (request, "kind",
                              _("The kind of feedback is one of needs-met, data-quality and effect."));
      return;
    }
  entry_id = _sd_member_get_string (body, "entry_id");
  entry = _sd_data_lookup_entry (server, request, entry_id);
  if (entry == NULL)
    return;
  if (user->department_uscc == NULL ||
      !department_was_authorised (storage, user->department_uscc, entry_id, &error))
    {
      if (error != NULL)
        sd_platform_request_respond_error (request, error, NULL);
      else
        _sd_respond_forbidden (request, ENTRY_OBJECT_TYPE, entry_id,
                               _("Only a department that has been authorised to use this data may give feedback on it."));
      return;
    }

  feedback = g_new0 (SdFeedback, 1);
  feedback->entry_id = g_strdup (entry_id);
  feedback->department_uscc = g_strdup (user->department_uscc);
  feedback->kind = g_strdup (kind);
  feedback->rating = (guint) rating;
  feedback->comment = g_strdup (_sd_member_get_string (body, "comment"));
  feedback->author = g_strdup (user->username);
  feedback->at = g_date_time_ref (sd_platform_request_get_now (request));
  if (!sd_storage_add_feedback (storage, feedback, &error))
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  created = feedback_to_json (feedback);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, feedback->id);
  sd_platform_request_audit (request, "feedback.create", FEEDBACK_OBJECT_TYPE, id, created);
  _sd_respond_json (request, SOUP_STATUS_CREATED, g_steal_pointer (&created));
}

/* {"needs-met": {"count": 2, "average_rating_x10": 35}, …}; the average is
 * null without feedback of that kind. */
static JsonNode *
aggregates_to_json (const SdFeedbackAggregate *aggregates,
                    gsize                      n_aggregates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (gsize i = 0; i < n_aggregates; i++)
    {
      const SdFeedbackAggregate *aggregate = &aggregates[i];

      json_builder_set_member_name (builder, aggregate->kind);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, aggregate->count);
      json_builder_set_member_name (builder, "average_rating_x10");
      if (aggregate->count > 0)
        json_builder_add_int_value (builder, (aggregate->rating_sum * 10 + aggregate->count / 2) /
                                             aggregate->count);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
list_feedback_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  SdFeedbackAggregate aggregates[G_N_ELEMENTS (feedback_kinds)];
  SdFeedbackQuery query = { 0, };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonNode *items;
  guint total = 0;

  if (!_sd_request_paging (request, &query.offset, &query.limit))
    return;
  query.entry_id = sd_platform_request_get_query (request, "entry_id");
  query.everything = _sd_user_is_staff (request);
  query.department = user->department_uscc;
  if (!query.everything && query.department == NULL)
    {
      _sd_respond_forbidden (request, FEEDBACK_OBJECT_TYPE, NULL,
                             _("Feedback is seen by the departments concerned and platform staff."));
      return;
    }
  list = sd_storage_list_feedback (sd_platform_server_get_storage (server), &query, &total,
                                   aggregates, &error);
  if (list == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  items = _sd_json_array_node_new ();
  for (guint i = 0; i < list->len; i++)
    json_array_add_element (json_node_get_array (items), feedback_to_json (list->pdata[i]));
  page = _sd_page_to_json (items, total, query.offset, query.limit);
  json_object_set_member (json_node_get_object (page), "aggregates",
                          aggregates_to_json (aggregates, G_N_ELEMENTS (aggregates)));
  _sd_respond_json (request, SOUP_STATUS_OK, g_steal_pointer (&page));
}

void
_sd_platform_routes_feedback (SdPlatformServer *server)
{
  sd_platform_server_add_route (server, "POST", "/api/v1/feedback", SD_ROUTE_AUTHENTICATED,
                                SD_ROLE_MASK (SD_ROLE_CONSUMER), create_feedback_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/feedback", SD_ROUTE_AUTHENTICATED, 0,
                                list_feedback_cb, NULL);
}
