/* sd-cli-calendar.c — working days: `workdays add`, `workdays between`,
 * `calendar years`, `calendar import`. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sd-cli-private.h"

/* The one calendar ShareDesk has; every profile names it. */
#define CN_MAINLAND "cn-mainland"
#define MAX_WORKING_DAYS 9999

char *
_sd_cli_calendar_label (const char *calendar_id)
{
  if (g_strcmp0 (calendar_id, CN_MAINLAND) == 0)
    return g_strdup_printf ("%s (%s)", _("Mainland China official working days"), calendar_id);
  return g_strdup (calendar_id);
}

static char *
user_holidays_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "sharedesk", "holidays", NULL);
}

static SdCalendar *
load_calendar (void)
{
  g_autoptr(GError) error = NULL;
  SdCalendar *calendar = sd_calendar_new_default (&error);

  if (calendar == NULL)
    {
      g_autofree char *dir = user_holidays_dir ();

      /* Translators: the first %s says what is wrong, the second is a folder */
      _sd_cli_error (_("The working-day calendar cannot be loaded: %s (imported years are in %s)"),
                     error->message, dir);
    }
  return calendar;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  g_date_clear (date, 1);
  if (sd_date_parse_iso (text, date))
    return TRUE;
  _sd_cli_error (_("“%s” is not a date: write it as YYYY-MM-DD."), text);
  return FALSE;
}

static gboolean
parse_working_days (const char *text,
                    guint      *n)
{
  guint64 value = 0;

  if (g_ascii_string_to_unsigned (text, 10, 0, MAX_WORKING_DAYS, &value, NULL))
    {
      *n = (guint) value;
      return TRUE;
    }
  /* Translators: the first %s is what the user typed, %d the largest number allowed */
  _sd_cli_error (_("“%s” is not a number of working days: use a whole number from 0 to %d."),
                 text, MAX_WORKING_DAYS);
  return FALSE;
}

static char *
covered_years (SdCalendar *calendar)
{
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < years->len; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? _sd_cli_list_separator () : "",
                            g_array_index (years, int, i));
  if (years->len == 0)
    return g_strdup (_("no year"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The calendar could not answer: say which year is missing and how to add it. */
static SdCliExit
report_uncovered (SdCalendar   *calendar,
                  int           from_year,
                  int           to_year,
                  const GError *error)
{
  g_autofree char *covered = covered_years (calendar);

  for (int year = from_year; year <= to_year; year++)
    {
      if (sd_calendar_covers_year (calendar, year))
        continue;
      /* Translators: %d is a year, %s the list of years the calendar has */
      _sd_cli_error (_("The working-day calendar does not cover %d; it covers %s."), year, covered);
      /* Translators: both %d are the same year */
      g_printerr (_("To add %d, write the State Council’s holiday notice for that year as a calendar file and import it: sharedesk-cli calendar import %d.json"),
                  year, year);
      g_printerr ("\n");
      return SD_CLI_EXIT_FAILED;
    }
  _sd_cli_error ("%s", error->message);
  return SD_CLI_EXIT_FAILED;
}

static SdCliExit
report_calendar_error (SdCalendar   *calendar,
                       int           from_year,
                       int           to_year,
                       const GError *error)
{
  if (g_error_matches (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED))
    return report_uncovered (calendar, from_year, to_year, error);
  _sd_cli_error ("%s", error->message);
  return SD_CLI_EXIT_FAILED;
}

/* With --profile, the calendar the profile names; else the only one. */
static gboolean
resolve_calendar_id (const SdCliContext  *ctx,
                     SdPolicy           **policy_out,
                     SdCliExit           *exit_code)
{
  g_autoptr(SdPolicy) policy = NULL;

  if (ctx->profile_id == NULL)
    return TRUE;
  policy = _sd_cli_load_policy (ctx->profile_id, exit_code);
  if (policy == NULL)
    return FALSE;
  if (g_strcmp0 (sd_policy_get_calendar_id (policy), CN_MAINLAND) != 0)
    {
      /* Translators: the first %s is a profile id, the second a calendar id */
      _sd_cli_error (_("The profile %s uses the calendar “%s”, which this version of ShareDesk does not have."),
                     sd_policy_get_id (policy), sd_policy_get_calendar_id (policy));
      *exit_code = SD_CLI_EXIT_FAILED;
      return FALSE;
    }
  *policy_out = g_steal_pointer (&policy);
  return TRUE;
}

static void
add_calendar_fields (SdCliTable *table,
                     SdPolicy   *policy)
{
  g_autofree char *label = _sd_cli_calendar_label (CN_MAINLAND);

  _sd_cli_table_field (table, 0, _("Calendar"), label);
  if (policy != NULL)
    {
      g_autofree char *heading = _sd_cli_policy_heading (policy);

      _sd_cli_table_field (table, 0, _("Profile"), heading);
    }
}

static void
print_add_result_json (SdPolicy   *policy,
                       const char *start_iso,
                       guint       n,
                       const char *result_iso)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "start", start_iso);
  json_object_set_int_member (object, "working_days", n);
  json_object_set_string_member (object, "date", result_iso);
  json_object_set_string_member (object, "calendar", CN_MAINLAND);
  if (policy != NULL)
    json_object_set_string_member (object, "profile", sd_policy_get_id (policy));
  else
    json_object_set_null_member (object, "profile");
  _sd_cli_print_json_object (object);
}

static void
print_add_result (const SdCliContext *ctx,
                  SdPolicy           *policy,
                  const GDate        *start,
                  guint               n,
                  const GDate        *result)
{
  g_autofree char *start_iso = sd_date_to_iso (start);
  g_autofree char *result_iso = sd_date_to_iso (result);
  g_autoptr(SdCliTable) table = NULL;
  g_autofree char *days = NULL;
  g_autofree char *counted = NULL;

  if (ctx->json)
    {
      print_add_result_json (policy, start_iso, n, result_iso);
      return;
    }
  table = _sd_cli_table_new ();
  days = _sd_cli_working_days (n);
  /* Translators: "3 working days, starting the day after 2026-09-30" */
  counted = g_strdup_printf (_("%s, starting the day after %s"), days, start_iso);
  _sd_cli_table_field (table, 0, _("Date"), result_iso);
  _sd_cli_table_field (table, 0, _("Counting"), counted);
  add_calendar_fields (table, policy);
  _sd_cli_table_print (table);
}

SdCliExit
_sd_cli_run_workdays_add (const SdCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) policy = NULL;
  g_autoptr(SdCalendar) calendar = NULL;
  SdCliExit exit_code = SD_CLI_EXIT_OK;
  GDate start, result;
  guint n = 0;

  if (!parse_date (ctx->args[0], &start) || !parse_working_days (ctx->args[1], &n))
    {
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }
  if (!resolve_calendar_id (ctx, &policy, &exit_code))
    return exit_code;
  calendar = load_calendar ();
  if (calendar == NULL)
    return SD_CLI_EXIT_FAILED;

  g_date_clear (&result, 1);
  if (!sd_calendar_add_working_days (calendar, &start, n, &result, &error))
    return report_calendar_error (calendar, g_date_get_year (&start),
                                  g_date_get_year (&start) + 2 + n / 200, error);
  print_add_result (ctx, policy, &start, n, &result);
  return SD_CLI_EXIT_OK;
}

/* (@from, @to] in words; when @to comes first the count is negative. */
static char *
describe_period (const GDate *from,
                 const GDate *to)
{
  g_autofree char *from_iso = sd_date_to_iso (from);
  g_autofree char *to_iso = sd_date_to_iso (to);

  if (g_date_compare (from, to) <= 0)
    /* Translators: the period counted: (2026-02-13, 2026-02-27] */
    return g_strdup_printf (_("after %s, up to and including %s"), from_iso, to_iso);
  /* Translators: the period counted when the second date comes first:
   * (2026-02-13, 2026-02-27], the count being negative */
  return g_strdup_printf (_("after %s, up to and including %s, counted backwards"),
                          to_iso, from_iso);
}

static void
print_between_result_json (const GDate *from,
                           const GDate *to,
                           int          days)
{
  g_autofree char *from_iso = sd_date_to_iso (from);
  g_autofree char *to_iso = sd_date_to_iso (to);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "from", from_iso);
  json_object_set_string_member (object, "to", to_iso);
  json_object_set_int_member (object, "working_days", days);
  json_object_set_string_member (object, "calendar", CN_MAINLAND);
  _sd_cli_print_json_object (object);
}

static void
print_between_result (const SdCliContext *ctx,
                      const GDate        *from,
                      const GDate        *to,
                      int                 days)
{
  g_autoptr(SdCliTable) table = NULL;
  g_autofree char *count = NULL;
  g_autofree char *period = NULL;

  if (ctx->json)
    {
      print_between_result_json (from, to, days);
      return;
    }
  table = _sd_cli_table_new ();
  count = g_strdup_printf ("%d", days);
  period = describe_period (from, to);
  _sd_cli_table_field (table, 0, _("Working days"), count);
  _sd_cli_table_field (table, 0, _("Period"), period);
  add_calendar_fields (table, NULL);
  _sd_cli_table_print (table);
}

SdCliExit
_sd_cli_run_workdays_between (const SdCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCalendar) calendar = NULL;
  GDate from, to;
  int days = 0;

  if (!parse_date (ctx->args[0], &from) || !parse_date (ctx->args[1], &to))
    {
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }
  calendar = load_calendar ();
  if (calendar == NULL)
    return SD_CLI_EXIT_FAILED;
  if (!sd_calendar_working_days_between (calendar, &from, &to, &days, &error))
    return report_calendar_error (calendar,
                                  MIN (g_date_get_year (&from), g_date_get_year (&to)),
                                  MAX (g_date_get_year (&from), g_date_get_year (&to)),
                                  error);
  print_between_result (ctx, &from, &to, days);
  return SD_CLI_EXIT_OK;
}

/* The years read from the user's data dir rather than built in. */
static SdCalendar *
load_imported_years (const char *dir)
{
  SdCalendar *imported = sd_calendar_new ();

  /* load_calendar() already read this dir, so an error cannot happen
   * here; if it did, the years would merely show as built in. */
  sd_calendar_load_directory (imported, dir, NULL);
  return imported;
}

static void
print_years_json (SdCalendar *calendar,
                  SdCalendar *imported,
                  const char *dir)
{
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_sized_new (years->len);

  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "year", year);
      json_object_set_string_member (entry, "source", sd_calendar_get_year_source (calendar, year));
      json_object_set_boolean_member (entry, "imported", sd_calendar_covers_year (imported, year));
      json_array_add_object_element (array, entry);
    }
  json_object_set_string_member (object, "calendar", CN_MAINLAND);
  json_object_set_string_member (object, "import_directory", dir);
  json_object_set_array_member (object, "years", array);
  _sd_cli_print_json_object (object);
}

static void
print_years (SdCalendar *calendar,
             SdCalendar *imported,
             const char *dir)
{
  g_autoptr(SdCliTable) table = _sd_cli_table_new ();
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);

  add_calendar_fields (table, NULL);
  _sd_cli_table_field (table, 0, _("Import folder"), dir);
  _sd_cli_table_field (table, 0, _("Years covered"), years->len == 0 ? _("none") : NULL);
  _sd_cli_table_group (table);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autofree char *label = g_strdup_printf ("%d", year);
      const char *origin = sd_calendar_covers_year (imported, year) ? _("imported") : _("built in");
      g_autofree char *value = g_strdup_printf ("%s — %s", origin,
                                                sd_calendar_get_year_source (calendar, year));

      _sd_cli_table_item (table, 2, label, value);
    }
  _sd_cli_table_print (table);
}

SdCliExit
_sd_cli_run_calendar_years (const SdCliContext *ctx)
{
  g_autoptr(SdCalendar) calendar = load_calendar ();
  g_autoptr(SdCalendar) imported = NULL;
  g_autofree char *dir = user_holidays_dir ();

  if (calendar == NULL)
    return SD_CLI_EXIT_FAILED;
  imported = load_imported_years (dir);
  if (ctx->json)
    print_years_json (calendar, imported, dir);
  else
    print_years (calendar, imported, dir);
  return SD_CLI_EXIT_OK;
}

/* Loads @path on its own: a file that does not load is refused. */
static gboolean
check_year_file (const char *path,
                 int        *year,
                 char      **source,
                 SdCliExit  *exit_code)
{
  g_autoptr(SdCalendar) check = sd_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;

  if (!sd_calendar_load_year_file (check, path, &error))
    {
      gboolean unreadable = error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR;

      /* Translators: the first %s is the file name, the second the reason */
      _sd_cli_error (_("%s is not imported: %s"), path, error->message);
      *exit_code = unreadable ? SD_CLI_EXIT_USAGE : SD_CLI_EXIT_FAILED;
      return FALSE;
    }
  years = sd_calendar_get_years (check);
  g_assert (years->len == 1);
  *year = g_array_index (years, int, 0);
  *source = g_strdup (sd_calendar_get_year_source (check, *year));
  return TRUE;
}

static gboolean
copy_year_file (const char *path,
                const char *dest,
                GError    **error)
{
  g_autoptr(GFile) source = g_file_new_for_commandline_arg (path);
  g_autoptr(GFile) target = g_file_new_for_path (dest);
  g_autofree char *dir = g_path_get_dirname (dest);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      /* Translators: the first %s is a folder, the second the system's reason */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

static void
print_import_result_json (int         year,
                          const char *source,
                          const char *dest,
                          gboolean    replaced)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "year", year);
  json_object_set_string_member (object, "source", source);
  json_object_set_string_member (object, "path", dest);
  json_object_set_boolean_member (object, "replaced", replaced);
  _sd_cli_print_json_object (object);
}

static void
print_import_result (const SdCliContext *ctx,
                     int                 year,
                     const char         *source,
                     const char         *dest,
                     gboolean            replaced)
{
  g_autoptr(SdCliTable) table = NULL;
  g_autofree char *year_text = NULL;

  if (ctx->json)
    {
      print_import_result_json (year, source, dest, replaced);
      return;
    }
  table = _sd_cli_table_new ();
  year_text = g_strdup_printf ("%d", year);
  _sd_cli_table_field (table, 0, _("Imported year"), year_text);
  _sd_cli_table_field (table, 0, _("Source"), source);
  _sd_cli_table_field (table, 0, _("Saved as"), dest);
  _sd_cli_table_print (table);
  if (replaced)
    /* Translators: %d is a year */
    g_print (_("It replaces the file imported before for %d."), year);
  else
    /* Translators: %d is a year */
    g_print (_("Working-day deadlines in %d can be computed from now on."), year);
  g_print ("\n");
}

SdCliExit
_sd_cli_run_calendar_import (const SdCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCalendar) calendar = NULL;
  g_autofree char *source = NULL;
  g_autofree char *dir = user_holidays_dir ();
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  SdCliExit exit_code = SD_CLI_EXIT_OK;
  gboolean replaced;
  int year = 0;

  if (!check_year_file (ctx->args[0], &year, &source, &exit_code))
    return exit_code;

  /* Named after the year, so that importing a corrected notice replaces
   * the old one instead of competing with it. */
  name = g_strdup_printf ("%d.json", year);
  dest = g_build_filename (dir, name, NULL);
  replaced = g_file_test (dest, G_FILE_TEST_EXISTS);
  if (!copy_year_file (ctx->args[0], dest, &error))
    {
      _sd_cli_error (_("%s is not imported: %s"), ctx->args[0], error->message);
      return SD_CLI_EXIT_FAILED;
    }

  /* What sd_calendar_new_default() will see from now on must load. */
  calendar = load_calendar ();
  if (calendar == NULL)
    return SD_CLI_EXIT_FAILED;
  print_import_result (ctx, year, source, dest, replaced);
  return SD_CLI_EXIT_OK;
}
