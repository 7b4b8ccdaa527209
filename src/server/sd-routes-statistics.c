/* sd-routes-statistics.c — the evaluation of sharing work (S1: mot-2021
 * art. 18, state-council-2016 art. 16-17, panjin-2016 art. 34) and the
 * yearly report (S4: state-council-2016 art. 18).
 *
 *   GET /api/v1/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD&department=USCC
 *   GET /api/v1/reports/{year}?format=json|csv
 *
 * Support and supervisors see every department; providers and consumers
 * only their own (asking for another is 403, audited). Days are China's
 * (UTC+8): a period runs from 00:00 of "from" to 24:00 of "to"; without
 * them it is this year up to today.
 *
 * The storage counts the catalogue, usage, feedback and authorisations
 * (sd-storage-statistics.h). On-time reviews come from the applications'
 * histories: a decision (approve, refuse) the provider department took in
 * the period is on time when its day is not after the due date of the
 * stage it closed — the due date set by the event before it.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-application.h"
#include "sd-platform-routes.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-statistics.h"

#define CSV_BOM "\xEF\xBB\xBF"

typedef struct {
  guint total;
  guint on_time;
  guint late;
  guint without_due;   /* the stage had no due date (none set, or uncovered) */
} ReviewCounts;

typedef struct {
  GDate       from;
  GDate       to;
  const char *department;   /* NULL: every department */
} Scope;

static void
respond_bad_query (SdPlatformRequest *request,
                   const char        *name,
                   const char        *detail)
{
  g_autoptr(SdProblem) problem = sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                 name, "%s", detail);

  sd_platform_request_respond_problem (request, problem);
}

/* Period */

static gboolean
query_date (SdPlatformRequest *request,
            const char        *name,
            GDate             *date)
{
  const char *text = sd_platform_request_get_query (request, name);
  g_autofree char *detail = NULL;

  if (text == NULL || sd_date_parse_iso (text, date))
    return TRUE;
  /* Translators: the first %s is a query parameter ("from", "to"), the second its value */
  detail = g_strdup_printf (_("The query parameter “%s” is “%s”; it must be a date as YYYY-MM-DD."),
                            name, text);
  respond_bad_query (request, name, detail);
  return FALSE;
}

/* ?from and ?to; by default from 1 January of the year of "to", and "to"
 * today. FALSE after responding 400. */
static gboolean
query_period (SdPlatformRequest *request,
              GDate             *from,
              GDate             *to)
{
  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (!query_date (request, "from", from) || !query_date (request, "to", to))
    return FALSE;
  if (!g_date_valid (to))
    sd_platform_request_get_today (request, to);
  if (!g_date_valid (from))
    g_date_set_dmy (from, 1, G_DATE_JANUARY, g_date_get_year (to));
  if (g_date_compare (from, to) <= 0)
    return TRUE;
  respond_bad_query (request, "to",
                     _("The end of the period (“to”) must not be before its start (“from”)."));
  return FALSE;
}

/* 00:00 in China of @date (UTC+8 all year). */
static GDateTime *
china_midnight (const GDate *date)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_identifier ("+08:00");

  return g_date_time_new (china, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 0, 0, 0);
}

/* Department scoping */

static gboolean
sees_every_department (SdPlatformRequest *request)
{
  return _sd_user_has_role (request, SD_ROLE_SUPPORT) ||
         _sd_user_has_role (request, SD_ROLE_SUPERVISOR);
}

/* The department the figures are about: @asked (NULL: all) for platform
 * staff, the user's own for departments. FALSE after responding 403. */
static gboolean
resolve_department (SdPlatformRequest  *request,
                    const char         *asked,
                    const char        **department)
{
  SdUser *user = sd_platform_request_get_user (request);
  const char *own = user->department_uscc;

  *department = asked;
  if (sees_every_department (request))
    return TRUE;
  if (own != NULL && (asked == NULL || g_str_equal (asked, own)))
    {
      *department = own;
      return TRUE;
    }
  _sd_respond_forbidden (request, "department", asked,
                         _("Departments see only their own statistics."));
  return FALSE;
}

/* Reviews */

static gboolean
is_decision (const SdWorkflowEvent *event)
{
  return g_strcmp0 (event->action, "approve") == 0 || g_strcmp0 (event->action, "refuse") == 0;
}

static ReviewCounts *
review_counts_for (GHashTable *counts,
                   const char *department)
{
  ReviewCounts *found = g_hash_table_lookup (counts, department);

  if (found == NULL)
    {
      found = g_new0 (ReviewCounts, 1);
      g_hash_table_insert (counts, g_strdup (department), found);
    }
  return found;
}

/* Counts the decisions of @provider in @history within the period. */
static void
count_decisions (GPtrArray    *history,
                 const char   *provider,
                 const Scope  *scope,
                 ReviewCounts *counts)
{
  for (guint i = 1; i < history->len; i++)
    {
      const SdWorkflowEvent *event = history->pdata[i];
      const SdWorkflowEvent *opened = history->pdata[i - 1];

      if (!is_decision (event) || event->role != SD_ROLE_PROVIDER ||
          g_strcmp0 (event->department, provider) != 0 ||
          g_date_compare (&event->date, &scope->from) < 0 ||
          g_date_compare (&event->date, &scope->to) > 0)
        continue;
      counts->total++;
      if (!g_date_valid (&opened->due_date))
        counts->without_due++;
      else if (g_date_compare (&event->date, &opened->due_date) <= 0)
        counts->on_time++;
      else
        counts->late++;
    }
}

static SdApplication *
restore_application (SdPlatformServer   *server,
                     const SdCaseRecord *record)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  SdApplication *application = NULL;

  node = json_from_string (record->json, &error);
  if (node != NULL)
    application = sd_application_new_from_json (sd_platform_server_get_policy (server),
                                                sd_platform_server_get_calendar (server),
                                                node, &error);
  if (application == NULL)
    g_warning ("Application %" G_GINT64_FORMAT " left out of the statistics: %s",
               record->id, error->message);
  return application;
}

/* USCC → ReviewCounts of the provider departments in @scope. */
static GHashTable *
count_reviews (SdPlatformServer  *server,
               const Scope       *scope,
               GError           **error)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  query.provider = scope->department;
  cases = sd_storage_list_cases (sd_platform_server_get_storage (server), &query, NULL, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      const SdCaseRecord *record = cases->pdata[i];
      g_autoptr(SdApplication) application = NULL;

      if (record->provider_uscc == NULL)
        continue;
      application = restore_application (server, record);
      if (application != NULL)
        count_decisions (sd_application_get_history (application), record->provider_uscc,
                         scope, review_counts_for (counts, record->provider_uscc));
    }
  return g_steal_pointer (&counts);
}

/* The figures */

typedef struct {
  GPtrArray  *departments;   /* of SdDepartmentStatistics */
  GHashTable *reviews;       /* USCC → ReviewCounts */
} Figures;

static void
figures_clear (Figures *figures)
{
  g_clear_pointer (&figures->departments, g_ptr_array_unref);
  g_clear_pointer (&figures->reviews, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Figures, figures_clear)

/* FALSE after responding (404 for an unknown department). */
static gboolean
collect_figures (SdPlatformServer  *server,
                 SdPlatformRequest *request,
                 const Scope       *scope,
                 Figures           *figures)
{
  g_autoptr(GDateTime) from = china_midnight (&scope->from);
  g_autoptr(GDateTime) to = china_midnight (&scope->to);
  g_autoptr(GDateTime) until = g_date_time_add_days (to, 1);
  g_autoptr(GError) error = NULL;

  figures->departments = sd_storage_department_statistics (sd_platform_server_get_storage (server),
                                                           scope->department, from, until, &error);
  if (figures->departments != NULL)
    figures->reviews = count_reviews (server, scope, &error);
  if (figures->reviews != NULL)
    return TRUE;
  sd_platform_request_respond_error (request, error, "department");
  return FALSE;
}

static const ReviewCounts *
figures_reviews (const Figures *figures,
                 const char    *uscc)
{
  static const ReviewCounts none = { 0 };
  const ReviewCounts *found = g_hash_table_lookup (figures->reviews, uscc);

  return found != NULL ? found : &none;
}

static void
add_to_totals (SdDepartmentStatistics       *totals,
               ReviewCounts                 *total_reviews,
               const SdDepartmentStatistics *row,
               const ReviewCounts           *reviews)
{
  totals->entries += row->entries;
  totals->published += row->published;
  totals->data_connected += row->data_connected;
  totals->timeliness_assessed += row->timeliness_assessed;
  totals->timely += row->timely;
  totals->queries += row->queries;
  totals->downloads += row->downloads;
  totals->authorisations_granted += row->authorisations_granted;
  totals->authorisations_held += row->authorisations_held;
  totals->feedback_needs_met += row->feedback_needs_met;
  totals->feedback_data_quality += row->feedback_data_quality;
  totals->feedback_effect += row->feedback_effect;
  totals->ratings += row->ratings;
  totals->rating_sum += row->rating_sum;
  total_reviews->total += reviews->total;
  total_reviews->on_time += reviews->on_time;
  total_reviews->late += reviews->late;
  total_reviews->without_due += reviews->without_due;
}

/* @part / @whole × @scale, rounded half up; -1 when @whole is 0. */
static gint64
ratio (gint64 part,
       gint64 whole,
       gint64 scale)
{
  if (whole <= 0)
    return -1;
  return (2 * part * scale + whole) / (2 * whole);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_figures (JsonBuilder                  *builder,
             const SdDepartmentStatistics *row,
             const ReviewCounts           *reviews)
{
  add_int (builder, "entries", row->entries);
  add_int (builder, "published", row->published);
  add_int_or_null (builder, "published_share_permille", ratio (row->published, row->entries, 1000));
  add_int (builder, "data_connected", row->data_connected);
  add_int (builder, "reviews", reviews->total);
  add_int (builder, "reviews_on_time", reviews->on_time);
  add_int (builder, "reviews_late", reviews->late);
  add_int (builder, "reviews_without_due", reviews->without_due);

  json_builder_set_member_name (builder, "timeliness");
  json_builder_begin_object (builder);
  add_int (builder, "timely", row->timely);
  add_int (builder, "assessed", row->timeliness_assessed);
  add_int_or_null (builder, "timely_permille", ratio (row->timely, row->timeliness_assessed, 1000));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  add_int (builder, "query", row->queries);
  add_int (builder, "download", row->downloads);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "authorisations_in_force");
  json_builder_begin_object (builder);
  add_int (builder, "granted", row->authorisations_granted);
  add_int (builder, "held", row->authorisations_held);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "feedback");
  json_builder_begin_object (builder);
  add_int (builder, "needs_met", row->feedback_needs_met);
  add_int (builder, "data_quality", row->feedback_data_quality);
  add_int (builder, "effect", row->feedback_effect);
  add_int (builder, "rated", row->ratings);
  add_int_or_null (builder, "average_rating_x10", ratio (row->rating_sum, row->ratings, 10));
  json_builder_end_object (builder);
}

/* "departments": [...], "totals": {...} */
static void
add_departments_and_totals (JsonBuilder   *builder,
                            const Figures *figures)
{
  SdDepartmentStatistics totals = { 0 };
  ReviewCounts total_reviews = { 0 };

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->departments->len; i++)
    {
      const SdDepartmentStatistics *row = figures->departments->pdata[i];
      const ReviewCounts *reviews = figures_reviews (figures, row->department_uscc);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uscc");
      json_builder_add_string_value (builder, row->department_uscc);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->department_name);
      add_figures (builder, row, reviews);
      json_builder_end_object (builder);
      add_to_totals (&totals, &total_reviews, row, reviews);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  add_figures (builder, &totals, &total_reviews);
  json_builder_end_object (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const GDate *date)
{
  g_autofree char *text = _sd_date_to_string (date);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

/* GET /statistics */

static void
statistics_cb (SdPlatformServer  *server,
               SdPlatformRequest *request,
               gpointer           user_data)
{
  g_auto(Figures) figures = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Scope scope;

  if (!query_period (request, &scope.from, &scope.to) ||
      !resolve_department (request, sd_platform_request_get_query (request, "department"),
                           &scope.department) ||
      !collect_figures (server, request, &scope, &figures))
    return;

  json_builder_begin_object (builder);
  add_date (builder, "from", &scope.from);
  add_date (builder, "to", &scope.to);
  add_departments_and_totals (builder, &figures);
  json_builder_end_object (builder);
  _sd_respond_json (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /reports/{year} */

/* The day the yearly report on @year is due by the profile's
 * "report.annual" provision (a month and day of the next year; 28
 * February stands for the end of February, 29 in leap years). FALSE when
 * the profile has no such rule. */
static gboolean
report_due_date (SdPolicy           *policy,
                 guint               year,
                 GDate              *due,
                 const SdProvision **provision)
{
  GDateMonth month;
  guint day;

  *provision = sd_policy_get_provision (policy, "report.annual");
  g_date_clear (due, 1);
  if (*provision == NULL || g_strcmp0 ((*provision)->unit, "month-day") != 0)
    return FALSE;
  month = (GDateMonth) ((*provision)->value / 100);
  day = (guint) ((*provision)->value % 100);
  if (!g_date_valid_month (month) || day == 0)
    return FALSE;
  if (month == G_DATE_FEBRUARY && day >= 28)
    day = g_date_get_days_in_month (month, (GDateYear) (year + 1));
  day = MIN (day, g_date_get_days_in_month (month, (GDateYear) (year + 1)));
  g_date_set_dmy (due, (GDateDay) day, month, (GDateYear) (year + 1));
  return TRUE;
}

static char *
format_instant (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonNode *
report_to_json (SdPlatformServer  *server,
                SdPlatformRequest *request,
                guint              year,
                const Scope       *scope,
                const Figures     *figures)
{
  SdPolicy *policy = sd_platform_server_get_policy (server);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *generated_at = format_instant (sd_platform_request_get_now (request));
  g_autofree char *basis = NULL;
  const SdProvision *provision = NULL;
  GDate due;

  if (report_due_date (policy, year, &due, &provision) && provision->article != NULL)
    basis = sd_article_format (provision->article);

  json_builder_begin_object (builder);
  add_int (builder, "year", year);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, sd_policy_get_id (policy));
  add_date (builder, "from", &scope->from);
  add_date (builder, "to", &scope->to);
  add_date (builder, "due_date", &due);
  json_builder_set_member_name (builder, "due_basis");
  if (basis != NULL)
    json_builder_add_string_value (builder, basis);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, generated_at);
  add_departments_and_totals (builder, figures);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A CSV field: quoted when it holds a separator, a quote or a line break;
 * text a spreadsheet would run as a formula is prefixed with "'". */
static void
append_csv_field (GString    *csv,
                  const char *text,
                  gboolean    last)
{
  gboolean formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (formula || strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      if (formula)
        g_string_append_c (csv, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, text);
  g_string_append (csv, last ? "\r\n" : ",");
}

static void
append_csv_number (GString *csv,
                   gint64   value,
                   gboolean last)
{
  g_autofree char *text = value < 0 ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, value);

  append_csv_field (csv, text, last);
}

static void
append_csv_header (GString *csv)
{
  const char *columns[] = {
    /* Translators: column headers of the yearly report as CSV */
    _("Department code (USCC)"), _("Department"), _("Catalogue entries"),
    _("Published"), _("Published share (‰)"), _("Data connected"),
    _("Reviews"), _("Reviews on time"), _("Reviews late"),
    _("Updates assessed"), _("Updates on time"), _("Online queries"),
    _("Downloads"), _("Authorisations granted"), _("Authorisations held"),
    _("Feedback: needs met"), _("Feedback: data quality"), _("Feedback: effect"),
    _("Average rating (×10)"),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
    append_csv_field (csv, columns[i], i + 1 == G_N_ELEMENTS (columns));
}

static void
append_csv_row (GString                      *csv,
                const SdDepartmentStatistics *row,
                const ReviewCounts           *reviews)
{
  const gint64 numbers[] = {
    row->entries, row->published, ratio (row->published, row->entries, 1000),
    row->data_connected, reviews->total, reviews->on_time, reviews->late,
    row->timeliness_assessed, row->timely, row->queries, row->downloads,
    row->authorisations_granted, row->authorisations_held, row->feedback_needs_met,
    row->feedback_data_quality, row->feedback_effect, ratio (row->rating_sum, row->ratings, 10),
  };

  append_csv_field (csv, row->department_uscc, FALSE);
  append_csv_field (csv, row->department_name, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    append_csv_number (csv, numbers[i], i + 1 == G_N_ELEMENTS (numbers));
}

static void
respond_report_csv (SdPlatformRequest *request,
                    guint              year,
                    const Figures     *figures)
{
  SoupServerMessage *msg = sd_platform_request_get_message (request);
  g_autoptr(GString) csv = g_string_new (CSV_BOM);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"sharedesk-report-%u.csv\"", year);
  gsize length;

  append_csv_header (csv);
  for (guint i = 0; i < figures->departments->len; i++)
    {
      const SdDepartmentStatistics *row = figures->departments->pdata[i];

      append_csv_row (csv, row, figures_reviews (figures, row->department_uscc));
    }
  length = csv->len;
  _sd_response_set_header (request, "Content-Disposition", disposition);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&csv), FALSE), length);
}

/* {year}: 4 digits. FALSE after responding 400. */
static gboolean
parse_year (SdPlatformRequest *request,
            guint             *year)
{
  const char *text = sd_platform_request_get_param (request, "year");
  guint64 value = 0;
  g_autofree char *detail = NULL;

  if (text != NULL && strlen (text) == 4 &&
      g_ascii_string_to_unsigned (text, 10, 1000, 9999, &value, NULL))
    {
      *year = (guint) value;
      return TRUE;
    }
  /* Translators: %s is what was given as the year */
  detail = g_strdup_printf (_("The year “%s” must be written with four digits, e.g. 2026."), text);
  respond_bad_query (request, "year", detail);
  return FALSE;
}

static gboolean
parse_format (SdPlatformRequest *request,
              gboolean          *csv)
{
  const char *format = sd_platform_request_get_query (request, "format");

  *csv = g_strcmp0 (format, "csv") == 0;
  if (format == NULL || *csv || g_str_equal (format, "json"))
    return TRUE;
  respond_bad_query (request, "format", _("The report format must be “json” or “csv”."));
  return FALSE;
}

static void
report_cb (SdPlatformServer  *server,
           SdPlatformRequest *request,
           gpointer           user_data)
{
  g_auto(Figures) figures = { 0 };
  Scope scope;
  guint year;
  gboolean csv;

  if (!parse_year (request, &year) || !parse_format (request, &csv) ||
      !resolve_department (request, NULL, &scope.department))
    return;
  g_date_clear (&scope.from, 1);
  g_date_clear (&scope.to, 1);
  g_date_set_dmy (&scope.from, 1, G_DATE_JANUARY, (GDateYear) year);
  g_date_set_dmy (&scope.to, 31, G_DATE_DECEMBER, (GDateYear) year);
  if (!collect_figures (server, request, &scope, &figures))
    return;
  if (csv)
    respond_report_csv (request, year, &figures);
  else
    _sd_respond_json (request, SOUP_STATUS_OK,
                      report_to_json (server, request, year, &scope, &figures));
}

void
sd_platform_routes_statistics (SdPlatformServer *server)
{
  const guint readers = SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER) |
                        SD_ROLE_MASK (SD_ROLE_SUPPORT) | SD_ROLE_MASK (SD_ROLE_SUPERVISOR);

  sd_platform_server_add_route (server, "GET", "/api/v1/statistics", SD_ROUTE_AUTHENTICATED,
                                readers, statistics_cb, NULL);
  sd_platform_server_add_route (server, "GET", "/api/v1/reports/{year}", SD_ROUTE_AUTHENTICATED,
                                readers, report_cb, NULL);
}
