/* sd-calendar.c — the official mainland-China working-day calendar.
 *
 * Each covered year is reduced, when it is loaded, to a bitmap with one bit
 * per day of the year saying whether that day is a working day. Counting a
 * deadline then walks the days one by one and tests a bit per day: nothing
 * is parsed or looked up by string after loading.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "sd-calendar.h"
#include "sd-core-private.h"

#define HOLIDAYS_RESOURCE_PATH SD_RESOURCE_PREFIX "/holidays/"
#define MAX_DAYS_IN_YEAR 366
/* The years a calendar file may describe: four digits, as in its dates. */
#define FIRST_YEAR 1900
#define LAST_YEAR 9999

typedef struct
{
  int      year;
  char    *source;
  /* Bit (day of year − 1) is set when that day is a working day. */
  guint32  working[(MAX_DAYS_IN_YEAR + 31) / 32];
} CalendarYear;

/* What a year file says about one day while it is being validated. */
typedef enum {
  DAY_UNLISTED,
  DAY_HOLIDAY,
  DAY_WORKDAY,
} DayListing;

struct _SdCalendar
{
  GObject     parent_instance;

  GHashTable *years;   /* GINT_TO_POINTER (year) → owned CalendarYear */
};

G_DEFINE_TYPE (SdCalendar, sd_calendar, G_TYPE_OBJECT)
G_DEFINE_QUARK (sd-calendar-error-quark, sd_calendar_error)

static const char * const year_members[] = { "year", "source", "holidays", "workdays", NULL };

static void
calendar_year_free (CalendarYear *year)
{
  g_free (year->source);
  g_free (year);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CalendarYear, calendar_year_free)

static void
sd_calendar_finalize (GObject *object)
{
  SdCalendar *self = SD_CALENDAR (object);

  g_clear_pointer (&self->years, g_hash_table_unref);

  G_OBJECT_CLASS (sd_calendar_parent_class)->finalize (object);
}

static void
sd_calendar_class_init (SdCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_calendar_finalize;
}

static void
sd_calendar_init (SdCalendar *self)
{
  self->years = g_hash_table_new_full (NULL, NULL, NULL,
                                       (GDestroyNotify) calendar_year_free);
}

SdCalendar *
sd_calendar_new (void)
{
  return g_object_new (SD_TYPE_CALENDAR, NULL);
}

/* ---- Dates ------------------------------------------------------------ */

gboolean
sd_date_parse_iso (const char *text,
                   GDate      *date)
{
  guint year, month, day;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      gboolean separator = (i == 4 || i == 7);

      if (separator ? text[i] != '-' : !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = _sd_parse_digits (text, 4);
  month = _sd_parse_digits (text + 5, 2);
  day = _sd_parse_digits (text + 8, 2);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

char *
sd_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

/* ---- Loading and validating a year ------------------------------------ */

static guint
days_in_year_of (int year)
{
  return g_date_is_leap_year ((GDateYear) year) ? 366 : 365;
}

static gboolean
is_weekend (GDateWeekday weekday)
{
  return weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
}

static gboolean
check_members (JsonObject  *object,
               GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (!g_strv_contains (year_members, l->data))
        {
          g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                       /* Translators: %s is a JSON member name; the
                        * allowed names are JSON keys: keep them as they are. */
                       _("Unknown member “%s” in a holiday calendar (allowed: year, source, holidays, workdays)"),
                       (const char *) l->data);
          return FALSE;
        }
    }

  for (gsize i = 0; year_members[i] != NULL; i++)
    {
      if (!json_object_has_member (object, year_members[i]))
        {
          g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                       /* Translators: %s is a JSON member name (year,
                        * source, holidays or workdays): keep it as it is. */
                       _("The holiday calendar lacks the member “%s”"),
                       year_members[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_year_number (JsonObject  *object,
                  int         *year,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, "year");
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   _("The holiday calendar’s “year” must be a whole number such as 2026"));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < FIRST_YEAR || value > LAST_YEAR)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: the holiday calendar's year, then the
                    * range of years it may have. */
                   _("The holiday calendar’s year %s is not between %d and %d"),
                   shown, FIRST_YEAR, LAST_YEAR);
      return FALSE;
    }

  *year = (int) value;
  return TRUE;
}

static char *
read_source (JsonObject  *object,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "source");
  const char *source;

  source = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;

  /* A deadline must be traceable to the notice it was computed from. */
  if (source == NULL || *source == '\0')
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   _("The holiday calendar’s “source” must name the State Council notice it comes from"));
      return NULL;
    }

  return g_strdup (source);
}

/* Reads one date of @member ("holidays" or "workdays") and returns its day
 * of the year, or 0 with @error set. */
static guint
read_listed_date (JsonNode    *node,
                  const char  *member,
                  guint        index,
                  int          year,
                  GError     **error)
{
  const char *text;
  GDate date;

  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  if (text == NULL)
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: the first %u is a position in a list
                    * (1 = first), %s the JSON list name (holidays or
                    * workdays), %d the calendar's year. */
                   _("Entry %u of “%s” in the holiday calendar for %d is not a date string"),
                   index + 1, member, year);
      return 0;
    }

  g_date_clear (&date, 1);
  if (!sd_date_parse_iso (text, &date))
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: the first %s is the text found in the
                    * file, the second the JSON list name (holidays or
                    * workdays), %d the calendar's year. */
                   _("“%s” in “%s” of the holiday calendar for %d is not a date of the form YYYY-MM-DD"),
                   text, member, year);
      return 0;
    }

  if (g_date_get_year (&date) != year)
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: a date, the JSON list name (holidays
                    * or workdays), then the calendar's year. */
                   _("%s in “%s” lies outside the holiday calendar’s year %d"),
                   text, member, year);
      return 0;
    }

  return g_date_get_day_of_year (&date);
}

/* Records every date of @member as @listing in @days (indexed by day of
 * the year), refusing duplicates and dates already given the other
 * listing. */
static gboolean
read_listed_dates (JsonObject  *object,
                   const char  *member,
                   DayListing   listing,
                   int          year,
                   DayListing   days[],
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint length;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: %s is a JSON list name (holidays or
                    * workdays), %d the calendar's year. */
                   _("“%s” in the holiday calendar for %d must be a list of dates"),
                   member, year);
      return FALSE;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      guint day_of_year = read_listed_date (element, member, i, year, error);
      const char *text;

      if (day_of_year == 0)
        return FALSE;

      text = json_node_get_string (element);
      if (days[day_of_year] == listing)
        {
          g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                       /* Translators: a date, then the JSON list name
                        * (holidays or workdays). */
                       _("%s is listed twice in “%s” of the holiday calendar"),
                       text, member);
          return FALSE;
        }
      if (days[day_of_year] != DAY_UNLISTED)
        {
          g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                       /* Translators: %s is a date. */
                       _("%s is listed both as a holiday and as a workday"),
                       text);
          return FALSE;
        }
      days[day_of_year] = listing;
    }

  return TRUE;
}

/* An adjusted workday (调休) makes up for a weekday given as holiday: it
 * can only fall on a weekend. */
static gboolean
check_workdays_on_weekends (int                year,
                            const DayListing   days[],
                            GError           **error)
{
  guint days_in_year = days_in_year_of (year);
  GDate date;

  g_date_clear (&date, 1);
  for (guint day_of_year = 1; day_of_year <= days_in_year; day_of_year++)
    {
      if (days[day_of_year] != DAY_WORKDAY)
        continue;

      g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
      g_date_add_days (&date, day_of_year - 1);
      if (!is_weekend (g_date_get_weekday (&date)))
        {
          g_autofree char *iso = sd_date_to_iso (&date);

          g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                       /* Translators: %s is a date listed in "workdays". */
                       _("Workday %s is not a Saturday or Sunday: an adjusted workday (调休) must replace a weekend day"),
                       iso);
          return FALSE;
        }
    }

  return TRUE;
}

static void
fill_working_days (CalendarYear     *calendar_year,
                   const DayListing  days[])
{
  guint days_in_year = days_in_year_of (calendar_year->year);
  GDate date;
  GDateWeekday weekday;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, calendar_year->year);
  weekday = g_date_get_weekday (&date);

  memset (calendar_year->working, 0, sizeof calendar_year->working);
  for (guint day_of_year = 1; day_of_year <= days_in_year; day_of_year++)
    {
      gboolean working = (days[day_of_year] == DAY_WORKDAY
                          || (days[day_of_year] == DAY_UNLISTED && !is_weekend (weekday)));
      guint bit = day_of_year - 1;

      if (working)
        calendar_year->working[bit / 32] |= (guint32) 1 << (bit % 32);
      weekday = weekday == G_DATE_SUNDAY ? G_DATE_MONDAY : weekday + 1;
    }
}

static CalendarYear *
parse_year (JsonNode  *root,
            GError   **error)
{
  g_autoptr(CalendarYear) calendar_year = g_new0 (CalendarYear, 1);
  DayListing days[MAX_DAYS_IN_YEAR + 1] = { DAY_UNLISTED, };
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   _("A holiday calendar must be a JSON object with the members year, source, holidays and workdays"));
      return NULL;
    }

  object = json_node_get_object (root);
  if (!check_members (object, error)
      || !read_year_number (object, &calendar_year->year, error))
    return NULL;

  calendar_year->source = read_source (object, error);
  if (calendar_year->source == NULL)
    return NULL;

  if (!read_listed_dates (object, "holidays", DAY_HOLIDAY, calendar_year->year, days, error)
      || !read_listed_dates (object, "workdays", DAY_WORKDAY, calendar_year->year, days, error)
      || !check_workdays_on_weekends (calendar_year->year, days, error))
    return NULL;

  fill_working_days (calendar_year, days);
  return g_steal_pointer (&calendar_year);
}

gboolean
sd_calendar_load_year_data (SdCalendar  *self,
                            GBytes      *json,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  CalendarYear *calendar_year;
  const char *data;
  gsize length;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (json, &length);
  if (length == 0)
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   _("The holiday calendar is empty"));
      return FALSE;
    }

  /* json-glib refuses data that is not UTF-8, so every string taken from
   * the file below can go into a message as it is. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID,
                   /* Translators: %s is the JSON parser's message. */
                   _("The holiday calendar is not valid JSON: %s"),
                   parse_error->message);
      return FALSE;
    }

  calendar_year = parse_year (json_parser_get_root (parser), error);
  if (calendar_year == NULL)
    return FALSE;

  g_hash_table_replace (self->years, GINT_TO_POINTER (calendar_year->year), calendar_year);
  return TRUE;
}

gboolean
sd_calendar_load_year_file (SdCalendar  *self,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A file that cannot be read keeps its G_FILE_ERROR, which names it. */
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  bytes = g_bytes_new_take (contents, length);
  if (!sd_calendar_load_year_data (self, bytes, error))
    {
      g_autofree char *name = g_filename_display_name (path);

      /* Translators: %s is a file name; the reason follows. */
      g_prefix_error (error, _("Cannot load the holiday calendar %s: "), name);
      return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
sd_calendar_load_directory (SdCalendar  *self,
                            const char  *dir,
                            GError     **error)
{
  g_autoptr(GError) open_error = NULL;
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  handle = g_dir_open (dir, 0, &open_error);
  if (handle == NULL)
    {
      /* No imported year is the usual case, not a failure. */
      if (g_error_matches (open_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&open_error));
      return FALSE;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  /* Sorted, so that which file wins for a year does not depend on the
   * order the file system lists them in. */
  g_ptr_array_sort (paths, compare_names);
  for (guint i = 0; i < paths->len; i++)
    {
      if (!sd_calendar_load_year_file (self, g_ptr_array_index (paths, i), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_builtin_years (SdCalendar  *self,
                    GError     **error)
{
  g_auto(GStrv) names = NULL;

  _sd_core_ensure_resources ();
  names = g_resources_enumerate_children (HOLIDAYS_RESOURCE_PATH,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;

  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      path = g_strconcat (HOLIDAYS_RESOURCE_PATH, names[i], NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      if (!sd_calendar_load_year_data (self, bytes, error))
        {
          /* Translators: %s is a file name; the reason follows. */
          g_prefix_error (error, _("Cannot load the holiday calendar %s: "), path);
          return FALSE;
        }
    }

  return TRUE;
}

SdCalendar *
sd_calendar_new_builtin (GError **error)
{
  g_autoptr(SdCalendar) self = sd_calendar_new ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!load_builtin_years (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SdCalendar *
sd_calendar_new_default (GError **error)
{
  g_autoptr(SdCalendar) self = NULL;
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = sd_calendar_new_builtin (error);
  if (self == NULL)
    return NULL;

  user_dir = g_build_filename (g_get_user_data_dir (), "sharedesk", "holidays", NULL);
  if (!sd_calendar_load_directory (self, user_dir, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ---- Questions -------------------------------------------------------- */

gboolean
sd_calendar_covers_year (SdCalendar *self,
                         int         year)
{
  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);

  return g_hash_table_contains (self->years, GINT_TO_POINTER (year));
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

GArray *
sd_calendar_get_years (SdCalendar *self)
{
  GArray *years;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SD_IS_CALENDAR (self), NULL);

  years = g_array_sized_new (FALSE, FALSE, sizeof (int), g_hash_table_size (self->years));
  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int year = GPOINTER_TO_INT (key);

      g_array_append_val (years, year);
    }
  g_array_sort (years, compare_ints);
  return years;
}

const char *
sd_calendar_get_year_source (SdCalendar *self,
                             int         year)
{
  CalendarYear *calendar_year;

  g_return_val_if_fail (SD_IS_CALENDAR (self), NULL);

  calendar_year = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));
  return calendar_year != NULL ? calendar_year->source : NULL;
}

/* The data for @date's year, or NULL with SD_CALENDAR_ERROR_UNCOVERED. */
static const CalendarYear *
require_year (SdCalendar   *self,
              const GDate  *date,
              GError      **error)
{
  int year = g_date_get_year (date);
  const CalendarYear *calendar_year;

  calendar_year = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));
  if (calendar_year == NULL)
    {
      g_autofree char *iso = sd_date_to_iso (date);

      g_set_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED,
                   /* Translators: %d is a year, %s a date in it. */
                   _("The working-day calendar does not cover %d (needed for %s): the holiday notice for that year must be imported first"),
                   year, iso);
    }

  return calendar_year;
}

static gboolean
is_working (const CalendarYear *calendar_year,
            const GDate        *date)
{
  guint bit = g_date_get_day_of_year (date) - 1;

  return (calendar_year->working[bit / 32] >> (bit % 32)) & 1;
}

/* Walks forward one day at a time, looking a year up only when the walk
 * enters it. */
typedef struct
{
  GDate               day;
  const CalendarYear *calendar_year;
} Walk;

static gboolean
walk_to_next_day (SdCalendar  *self,
                  Walk        *walk,
                  gboolean    *working,
                  GError     **error)
{
  g_date_add_days (&walk->day, 1);
  if (walk->calendar_year == NULL
      || walk->calendar_year->year != g_date_get_year (&walk->day))
    {
      walk->calendar_year = require_year (self, &walk->day, error);
      if (walk->calendar_year == NULL)
        return FALSE;
    }

  *working = is_working (walk->calendar_year, &walk->day);
  return TRUE;
}

gboolean
sd_calendar_is_working_day (SdCalendar   *self,
                            const GDate  *date,
                            gboolean     *is_working_day,
                            GError      **error)
{
  const CalendarYear *calendar_year;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (is_working_day != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  calendar_year = require_year (self, date, error);
  if (calendar_year == NULL)
    return FALSE;

  *is_working_day = is_working (calendar_year, date);
  return TRUE;
}

gboolean
sd_calendar_add_working_days (SdCalendar   *self,
                              const GDate  *start,
                              guint         n,
                              GDate        *result,
                              GError      **error)
{
  Walk walk;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  walk.day = *start;
  walk.calendar_year = NULL;

  while (n > 0)
    {
      gboolean working;

      if (!walk_to_next_day (self, &walk, &working, error))
        return FALSE;
      if (working)
        n--;
    }

  *result = walk.day;
  return TRUE;
}

gboolean
sd_calendar_working_days_between (SdCalendar   *self,
                                  const GDate  *from,
                                  const GDate  *to,
                                  int          *result,
                                  GError      **error)
{
  gboolean backwards;
  Walk walk;
  const GDate *end;
  int count = 0;

  g_return_val_if_fail (SD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  backwards = g_date_compare (to, from) < 0;
  walk.day = backwards ? *to : *from;
  walk.calendar_year = NULL;
  end = backwards ? from : to;

  while (g_date_compare (&walk.day, end) < 0)
    {
      gboolean working;

      if (!walk_to_next_day (self, &walk, &working, error))
        return FALSE;
      if (working)
        count++;
    }

  *result = backwards ? -count : count;
  return TRUE;
}
