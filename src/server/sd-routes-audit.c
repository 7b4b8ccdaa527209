/* sd-routes-audit.c — GET /api/v1/audit?after=ID&limit=N (supervisor, admin)
 *
 *   {"records": [AuditRecord, ...], "next_after": ID or null}
 *
 * Oldest first; a reader pages on by passing "next_after" as "after" until
 * it is null. Each record carries its chain hashes, so that a supervisor's
 * tool can check the chain it has read.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-routes.h"
#include "sd-routes-private.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT     1000

/* The query parameter @name as a whole number in [@min, @max], @fallback
 * when absent; FALSE after responding 400. */
static gboolean
query_number (SdPlatformRequest *request,
              const char        *name,
              guint64            min,
              guint64            max,
              guint64            fallback,
              guint64           *value)
{
  const char *text = sd_platform_request_get_query (request, name);
  g_autoptr(SdProblem) problem = NULL;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    return TRUE;
  min_text = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
  max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max);
  problem = sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, name,
                            /* Translators: the first %s is a query parameter, the
                             * second its value, the last two its bounds */
                            _("The query parameter “%s” is “%s”; it must be a whole number from %s to %s."),
                            name, text, min_text, max_text);
  sd_platform_request_respond_problem (request, problem);
  return FALSE;
}

static void
audit_cb (SdPlatformServer  *server,
          SdPlatformRequest *request,
          gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after;
  guint64 limit;

  if (!query_number (request, "after", 0, G_MAXINT64, 0, &after) ||
      !query_number (request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, &limit))
    return;
  records = sd_storage_audit_list (sd_platform_server_get_storage (server),
                                   (gint64) after, (guint) limit, &error);
  if (records == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    json_builder_add_value (builder, _sd_audit_record_to_json (records->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_after");
  /* A full page may have more behind it; a short one is the end. */
  if (records->len == limit)
    json_builder_add_int_value (builder, ((SdAuditRecord *) records->pdata[records->len - 1])->id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
sd_platform_routes_audit (SdPlatformServer *server)
{
  sd_platform_server_add_route (server, "GET", "/api/v1/audit", SD_ROUTE_AUTHENTICATED,
                                SD_ROLE_MASK (SD_ROLE_SUPERVISOR) | SD_ROLE_MASK (SD_ROLE_ADMIN),
                                audit_cb, NULL);
}
