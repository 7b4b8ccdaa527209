/* sd-routes-profile.c — GET /api/v1/profile: the policy profile this
 * platform runs and its working-day calendar, so that a client adapts its
 * forms, rules and deadlines to the deployment it talks to.
 *
 *   {"profile": <sd_policy_to_json>,
 *    "calendar": {"id": "cn-mainland", "covered": [2024, ...],
 *                 "years": [{"year", "source", "holidays", "workdays"}, ...]}}
 *
 * Each year is served whole, as the calendar file it came from, so that the
 * client computes the same deadlines as the platform, including years the
 * administrator imported.
 */
#include "config.h"

#include <string.h>

#include "sd-platform-routes.h"
#include "sd-routes-private.h"

#define HOLIDAYS_RESOURCE "/io/github/sharedesk/ShareDesk/holidays/%d.json"

static JsonNode *
parse_year (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, length, &error))
    {
      g_debug ("A calendar year does not parse: %s", error->message);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

/* The year file as imported into the storage, else the built-in one. */
static JsonNode *
year_data (GHashTable *imported,
           int         year)
{
  const char *text = g_hash_table_lookup (imported, GINT_TO_POINTER (year));
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (text != NULL)
    return parse_year (text, strlen (text));
  path = g_strdup_printf (HOLIDAYS_RESOURCE, year);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return parse_year (data, length);
}

static JsonNode *
calendar_to_json (SdPlatformServer  *server,
                  GError           **error)
{
  SdCalendar *calendar = sd_platform_server_get_calendar (server);
  SdPolicy *policy = sd_platform_server_get_policy (server);
  g_autoptr(GHashTable) imported = NULL;
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  imported = sd_storage_list_calendar_years (sd_platform_server_get_storage (server), error);
  if (imported == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, sd_policy_get_calendar_id (policy));
  json_builder_set_member_name (builder, "covered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < years->len; i++)
    json_builder_add_int_value (builder, g_array_index (years, int, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "years");
  json_builder_begin_array (builder);
  for (guint i = 0; i < years->len; i++)
    {
      JsonNode *data = year_data (imported, g_array_index (years, int, i));

      if (data != NULL)
        json_builder_add_value (builder, data);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
profile_cb (SdPlatformServer  *server,
            SdPlatformRequest *request,
            gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *calendar = calendar_to_json (server, &error);

  if (calendar == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_value (builder, sd_policy_to_json (sd_platform_server_get_policy (server)));
  json_builder_set_member_name (builder, "calendar");
  json_builder_add_value (builder, calendar);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
sd_platform_routes_profile (SdPlatformServer *server)
{
  sd_platform_server_add_route (server, "GET", "/api/v1/profile", SD_ROUTE_AUTHENTICATED, 0,
                                profile_cb, NULL);
}
