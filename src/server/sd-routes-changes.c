/* sd-routes-changes.c — the change feed for the desktop client's delta
 * sync.
 *
 *   GET /api/v1/changes?since=CURSOR&limit=N   any user → ChangeFeed
 *
 * The client keeps the returned cursor, fetches each changed object by its
 * type and id, deletes its copy on a tombstone, and asks again with the
 * cursor while "more" is true. Platform staff see every change; others
 * the changes of their department's objects and of public ones (the
 * storage decides from the visibility recorded with each change).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-changes.h"

#define CHANGES_DEFAULT_LIMIT 500
#define CHANGES_MAX_LIMIT     1000

static void
respond_bad_query (SdPlatformRequest *request,
                   const char        *name,
                   const char        *detail)
{
  g_autoptr(SdProblem) problem = sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                 name, "%s", detail);

  sd_platform_request_respond_problem (request, problem);
}

static gboolean
request_since (SdPlatformRequest *request,
               gint64            *since)
{
  const char *text = sd_platform_request_get_query (request, "since");

  *since = 0;
  if (text == NULL ||
      g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, since, NULL))
    return TRUE;
  respond_bad_query (request, "since",
                     _("“since” must be a cursor returned by the platform: a whole number from 0."));
  return FALSE;
}

static gboolean
request_limit (SdPlatformRequest *request,
               guint             *limit)
{
  const char *text = sd_platform_request_get_query (request, "limit");
  g_autofree char *detail = NULL;
  guint64 parsed = 0;

  *limit = CHANGES_DEFAULT_LIMIT;
  if (text == NULL)
    return TRUE;
  if (g_ascii_string_to_unsigned (text, 10, 1, CHANGES_MAX_LIMIT, &parsed, NULL))
    {
      *limit = (guint) parsed;
      return TRUE;
    }
  /* Translators: %u is the largest page size */
  detail = g_strdup_printf (_("“limit” must be a whole number from 1 to %u."), CHANGES_MAX_LIMIT);
  respond_bad_query (request, "limit", detail);
  return FALSE;
}

static JsonNode *
change_to_json (const SdChange *change)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = g_date_time_format_iso8601 (change->at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, change->seq);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, change->object_type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, change->object_id);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, change->deleted);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
feed_to_json (GPtrArray *changes,
              guint      limit,
              gint64     latest)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = MIN (changes->len, limit);
  /* With none to return, the cursor moves past changes the caller may not
   * see, so that it does not ask for them again. */
  gint64 cursor = n > 0 ? ((SdChange *) changes->pdata[n - 1])->seq : latest;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_value (builder, change_to_json (changes->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, cursor);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, changes->len > limit);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
list_changes_cb (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = 0;
  gint64 latest = 0;
  guint limit = 0;

  if (!request_since (request, &since) || !request_limit (request, &limit))
    return;
  /* One more than asked for tells whether there are more. */
  changes = sd_storage_list_changes (sd_platform_server_get_storage (server), since,
                                     user->department_uscc, _sd_user_is_staff (request),
                                     limit + 1, &latest, &error);
  if (changes == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  _sd_respond_json (request, SOUP_STATUS_OK, feed_to_json (changes, limit, latest));
}

void
sd_platform_routes_changes (SdPlatformServer *server)
{
  sd_platform_server_add_route (server, "GET", "/api/v1/changes", 0, 0, list_changes_cb, NULL);
}
