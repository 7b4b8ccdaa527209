/* sd-routes-triggers.c — catalogue-update triggers (C8).
 *
 *   POST /api/v1/catalogue-triggers   supervisor → 201 CatalogueTrigger
 *   GET  /api/v1/catalogue-triggers?department=&offset&limit
 *                                     supervisor: all; provider/consumer: own department
 *
 * state-council-2016 art. 8: a department revises its catalogue within
 * 15 working days after a law or its functions change. The supervisor
 * records the change; the due date comes from the profile
 * (sd_workflow_catalogue_update_due), and the trigger is "revised" once
 * the department has stored a catalogue version since. Profiles without
 * the rule answer 422 (not applicable).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-supervision.h"

#define OBJECT_TYPE "catalogue-trigger"

static const guint department_roles = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER);

/* The profile's rule, or FALSE after responding 422 (not applicable). */
static gboolean
check_applicable (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  const GDate       *trigger,
                  GDate             *due,
                  gboolean          *uncovered)
{
  g_autoptr(GError) error = NULL;

  *uncovered = FALSE;
  if (sd_workflow_catalogue_update_due (sd_platform_server_get_policy (server),
                                        sd_platform_server_get_calendar (server),
                                        trigger, due, &error))
    return TRUE;
  if (g_error_matches (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED))
    {
      /* Never guess a year the calendar does not cover. */
      *uncovered = TRUE;
      g_date_clear (due, 1);
      return TRUE;
    }
  sd_platform_request_respond_error (request, error, NULL);
  return FALSE;
}

static JsonNode *
trigger_to_json (SdPlatformServer         *server,
                 SdPlatformRequest        *request,
                 const SdCatalogueTrigger *trigger)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *recorded_at = g_date_time_format_iso8601 (trigger->recorded_at);
  g_autofree char *revised_at = trigger->revised_at != NULL ?
                                g_date_time_format_iso8601 (trigger->revised_at) : NULL;
  GDate today, due;
  int days_left = 0;
  gboolean known_days = FALSE;

  sd_platform_request_get_today (request, &today);
  g_date_clear (&due, 1);
  if (trigger->due_date != NULL && sd_date_parse_iso (trigger->due_date, &due))
    known_days = sd_workflow_working_days_left (sd_platform_server_get_calendar (server),
                                                &due, &today, &days_left, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, trigger->id);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, trigger->department_uscc);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, trigger->trigger_date);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, trigger->description);
  json_builder_set_member_name (builder, "due_date");
  if (trigger->due_date != NULL)
    json_builder_add_string_value (builder, trigger->due_date);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "due_uncovered");
  json_builder_add_boolean_value (builder, trigger->due_uncovered);
  json_builder_set_member_name (builder, "working_days_left");
  if (known_days)
    json_builder_add_int_value (builder, days_left);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "revised");
  json_builder_add_boolean_value (builder, trigger->revised_at != NULL);
  json_builder_set_member_name (builder, "revised_at");
  if (revised_at != NULL)
    json_builder_add_string_value (builder, revised_at);
  else
    json_builder_add_null_value (builder);
  /* Late: not revised and the due date is behind us. */
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, trigger->revised_at == NULL && g_date_valid (&due) &&
                                           g_date_compare (&today, &due) > 0);
  json_builder_set_member_name (builder, "recorded_by");
  json_builder_add_string_value (builder, trigger->recorded_by);
  json_builder_set_member_name (builder, "recorded_at");
  json_builder_add_string_value (builder, recorded_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The first instant of @date in China (UTC+8). */
static GDateTime *
china_day_start (const GDate *date)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);

  return g_date_time_new (china, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 0, 0, 0);
}

static const SdMemberSpec trigger_members[] = {
  { "department", SD_MEMBER_STRING, TRUE },
  { "date", SD_MEMBER_STRING, TRUE },
  { "description", SD_MEMBER_STRING, TRUE },
};

/* The trigger day: a date, not after today. FALSE after responding. */
static gboolean
read_trigger_date (SdPlatformRequest *request,
                   const char        *text,
                   GDate             *date)
{
  GDate today;
  g_autofree char *detail = NULL;

  sd_platform_request_get_today (request, &today);
  if (!sd_date_parse_iso (text, date))
    detail = g_strdup_printf (/* Translators: %s is the value given */
                              _("The date “%s” is not a date of the form YYYY-MM-DD."), text);
  else if (g_date_compare (date, &today) > 0)
    detail = g_strdup_printf (/* Translators: %s is a date */
                              _("The change of law or functions cannot be dated after today (%s)."), text);
  if (detail == NULL)
    return TRUE;
  _sd_respond_validation (request, "date", detail);
  return FALSE;
}

static void
add_trigger_cb (SdPlatformServer  *server,
                SdPlatformRequest *request,
                gpointer           user_data)
{
  g_autoptr(SdCatalogueTrigger) trigger = g_new0 (SdCatalogueTrigger, 1);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_id = NULL;
  JsonObject *body;
  GDate date, due;
  JsonNode *json;

  body = _sd_request_body_object (request, trigger_members, G_N_ELEMENTS (trigger_members));
  if (body == NULL || !read_trigger_date (request, _sd_member_get_string (body, "date"), &date) ||
      !check_applicable (server, request, &date, &due, &trigger->due_uncovered))
    return;

  trigger->department_uscc = g_strdup (_sd_member_get_string (body, "department"));
  trigger->trigger_date = _sd_date_to_string (&date);
  trigger->description = g_strdup (_sd_member_get_string (body, "description"));
  trigger->due_date = _sd_date_to_string (&due);
  trigger->recorded_by = g_strdup (sd_platform_request_get_user (request)->username);
  start = china_day_start (&date);
  if (!sd_storage_add_catalogue_trigger (sd_platform_server_get_storage (server), trigger, start, &error))
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND))
        _sd_respond_validation (request, "department", error->message);
      else
        sd_platform_request_respond_error (request, error, NULL);
      return;
    }
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, trigger->id);
  json = trigger_to_json (server, request, trigger);
  {
    g_autoptr(JsonNode) detail = json_node_copy (json);

    sd_platform_request_audit (request, "catalogue-trigger.record", OBJECT_TYPE, object_id, detail);
  }
  _sd_respond_json (request, SOUP_STATUS_CREATED, json);
}

static void
list_triggers_cb (SdPlatformServer  *server,
                  SdPlatformRequest *request,
                  gpointer           user_data)
{
  SdUser *user = sd_platform_request_get_user (request);
  const char *department = sd_platform_request_get_query (request, "department");
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *items_node;
  GDate today, due;
  gboolean uncovered;
  guint offset, limit, total = 0;

  sd_platform_request_get_today (request, &today);
  if (!_sd_request_paging (request, &offset, &limit) ||
      !check_applicable (server, request, &today, &due, &uncovered))
    return;
  if (!_sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    {
      if (department != NULL && g_strcmp0 (department, user->department_uscc) != 0)
        {
          _sd_respond_forbidden (request, "department", department,
                                 _("You see the catalogue-update triggers of your own department only."));
          return;
        }
      department = user->department_uscc;
    }
  if (department != NULL || _sd_user_has_role (request, SD_ROLE_SUPERVISOR))
    {
      triggers = sd_storage_list_catalogue_triggers (sd_platform_server_get_storage (server), department,
                                                     offset, limit, &total, &error);
      if (triggers == NULL)
        {
          sd_platform_request_respond_error (request, error, NULL);
          return;
        }
    }
  for (guint i = 0; triggers != NULL && i < triggers->len; i++)
    json_array_add_element (items, trigger_to_json (server, request, g_ptr_array_index (triggers, i)));
  items_node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (items_node, items);
  _sd_respond_json (request, SOUP_STATUS_OK, _sd_page_to_json (items_node, total, offset, limit));
}

void
sd_platform_routes_catalogue_triggers (SdPlatformServer *server)
{
  const guint supervisor = SD_ROLE_MASK (SD_ROLE_SUPERVISOR);

  sd_platform_server_add_route (server, "POST", "/api/v1/catalogue-triggers", SD_ROUTE_AUTHENTICATED,
                                supervisor, add_trigger_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/catalogue-triggers", SD_ROUTE_AUTHENTICATED,
                                supervisor | department_roles, list_triggers_cb, NULL);
}
