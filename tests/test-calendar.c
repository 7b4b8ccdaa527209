/* test-calendar.c — the working-day calendar.
 *
 * The calendar is checked against a second, deliberately naive reading of
 * data/holidays/YYYY.json done here (the "model"): every listed date, every
 * day of the covered years, and the first working day after every holiday
 * period are derived from the model, not from the code under test. Known
 * deadlines from the regulations are written out by hand.
 */
#include "sd-test-utils.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#define FIRST_YEAR 2024
#define LAST_YEAR 2026
#define MAX_MENTIONS 3

/* ---- The model: the year files read without SdCalendar ---------------- */

typedef struct {
  GHashTable *holidays;   /* ISO date string set */
  GHashTable *workdays;   /* ISO date string set */
  GPtrArray  *holiday_list;   /* ISO date strings, sorted */
  GPtrArray  *workday_list;   /* ISO date strings, sorted */
} Model;

static Model model;
/* The built-in years read from the source tree, shared by the tests that
 * only ask questions. */
static SdCalendar *shared_calendar;

static char *
model_iso (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static void
model_date (GDate      *date,
            const char *iso)
{
  int year, month, day;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static gboolean
model_is_working (const GDate *date)
{
  g_autofree char *iso = model_iso (date);

  if (g_hash_table_contains (model.workdays, iso))
    return TRUE;
  if (g_hash_table_contains (model.holidays, iso))
    return FALSE;
  return g_date_get_weekday (date) <= G_DATE_FRIDAY;
}

static void
model_add_list (JsonObject *object,
                const char *member,
                GHashTable *set,
                GPtrArray  *list)
{
  JsonArray *array = json_object_get_array_member (object, member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char *iso = g_strdup (json_array_get_string_element (array, i));

      g_hash_table_add (set, iso);
      g_ptr_array_add (list, iso);
    }
}

static int
compare_iso (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
model_load (void)
{
  const char *srcdir = g_getenv ("SHAREDESK_SOURCE_DIR");

  g_assert_nonnull (srcdir);
  model.holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  model.workdays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  model.holiday_list = g_ptr_array_new ();
  model.workday_list = g_ptr_array_new ();

  for (int year = FIRST_YEAR; year <= LAST_YEAR; year++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *name = g_strdup_printf ("%d.json", year);
      g_autofree char *path = g_build_filename (srcdir, "data", "holidays", name, NULL);
      JsonObject *object;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (object, "year"), ==, year);
      model_add_list (object, "holidays", model.holidays, model.holiday_list);
      model_add_list (object, "workdays", model.workdays, model.workday_list);
    }

  g_ptr_array_sort (model.holiday_list, compare_iso);
  g_ptr_array_sort (model.workday_list, compare_iso);
}

static void
model_free (void)
{
  g_ptr_array_unref (model.holiday_list);
  g_ptr_array_unref (model.workday_list);
  g_hash_table_unref (model.holidays);
  g_hash_table_unref (model.workdays);
}

/* ---- Assertion helpers ------------------------------------------------ */

static void
assert_date (const GDate *date,
             const char  *expected_iso)
{
  g_autofree char *iso = model_iso (date);

  g_assert_cmpstr (iso, ==, expected_iso);
}

static void
assert_mentions (const GError      *error,
                 const char * const mentions[MAX_MENTIONS])
{
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  for (guint i = 0; i < MAX_MENTIONS && mentions[i] != NULL; i++)
    {
      if (strstr (error->message, mentions[i]) == NULL)
        g_error ("message “%s” does not mention “%s”", error->message, mentions[i]);
    }
}

static gboolean
calendar_is_working (SdCalendar *calendar,
                     const GDate *date)
{
  g_autoptr(GError) error = NULL;
  gboolean working = !model_is_working (date);

  g_assert_true (sd_calendar_is_working_day (calendar, date, &working, &error));
  g_assert_no_error (error);
  return working;
}

static void
assert_add (SdCalendar *calendar,
            const char *start_iso,
            guint       n,
            const char *expected_iso)
{
  g_autoptr(GError) error = NULL;
  GDate start, result;

  sd_test_date (&start, start_iso);
  g_date_clear (&result, 1);
  g_assert_true (sd_calendar_add_working_days (calendar, &start, n, &result, &error));
  g_assert_no_error (error);
  assert_date (&result, expected_iso);
}

static void
assert_between (SdCalendar *calendar,
                const char *from_iso,
                const char *to_iso,
                int         expected)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;
  int count = G_MININT;

  sd_test_date (&from, from_iso);
  sd_test_date (&to, to_iso);
  g_assert_true (sd_calendar_working_days_between (calendar, &from, &to, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, expected);
}

/* Every day of the covered years answers as the model says. */
static void
assert_matches_model (SdCalendar *calendar)
{
  GDate day, end;

  g_date_clear (&day, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, FIRST_YEAR);
  g_date_set_dmy (&end, 31, G_DATE_DECEMBER, LAST_YEAR);
  for (; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
    {
      if (calendar_is_working (calendar, &day) != model_is_working (&day))
        {
          g_autofree char *iso = model_iso (&day);

          g_error ("%s: calendar and data disagree", iso);
        }
    }
}

static char *
write_user_file (const char *dir,
                 const char *name,
                 const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
copy_fixture (const char *name,
              const char *dir,
              const char *as)
{
  g_autofree char *contents = sd_test_read_data (name, NULL);
  g_autofree char *path = write_user_file (dir, as, contents);
}

/* ---- Every listed date ------------------------------------------------ */

typedef struct {
  char     *iso;
  gboolean  working;
} ListedDate;

static void
test_listed_date (gconstpointer data)
{
  const ListedDate *listed = data;
  GDate date;

  sd_test_date (&date, listed->iso);
  g_assert_cmpint (calendar_is_working (shared_calendar, &date), ==, listed->working);
}

static void
test_every_day_matches_data (void)
{
  assert_matches_model (shared_calendar);
}

static void
test_year_totals (void)
{
  /* Totals counted by hand from the notices; they catch a model and a
   * calendar that are wrong in the same way. */
  assert_between (shared_calendar, "2023-12-31", "2024-12-31", 251);
  assert_between (shared_calendar, "2024-12-31", "2025-12-31", 248);
  assert_between (shared_calendar, "2025-12-31", "2026-12-31", 248);
}

/* ---- Holiday periods -------------------------------------------------- */

typedef struct {
  char *first;          /* first holiday of the period */
  char *day_before;
  char *first_working_after;   /* found by walking the model */
} HolidayPeriod;

static void
free_period (gpointer data)
{
  HolidayPeriod *period = data;

  g_free (period->first);
  g_free (period->day_before);
  g_free (period->first_working_after);
  g_free (period);
}

static HolidayPeriod *
make_period (const char *first_iso,
             const char *last_iso)
{
  HolidayPeriod *period = g_new0 (HolidayPeriod, 1);
  GDate day;

  period->first = g_strdup (first_iso);
  model_date (&day, first_iso);
  g_date_subtract_days (&day, 1);
  period->day_before = model_iso (&day);

  model_date (&day, last_iso);
  do
    g_date_add_days (&day, 1);
  while (!model_is_working (&day));
  period->first_working_after = model_iso (&day);
  return period;
}

/* Groups the sorted holidays into runs of consecutive days. */
static GPtrArray *
find_holiday_periods (void)
{
  GPtrArray *periods = g_ptr_array_new_with_free_func (free_period);
  const char *first = NULL;
  GDate previous, day;

  for (guint i = 0; i < model.holiday_list->len; i++)
    {
      const char *iso = g_ptr_array_index (model.holiday_list, i);

      model_date (&day, iso);
      if (first != NULL && g_date_days_between (&previous, &day) != 1)
        {
          g_autofree char *last = model_iso (&previous);

          g_ptr_array_add (periods, make_period (first, last));
          first = NULL;
        }
      if (first == NULL)
        first = iso;
      previous = day;
    }
  if (first != NULL)
    {
      g_autofree char *last = model_iso (&previous);

      g_ptr_array_add (periods, make_period (first, last));
    }

  return periods;
}

static void
test_holiday_period (gconstpointer data)
{
  const HolidayPeriod *period = data;

  assert_add (shared_calendar, period->day_before, 1, period->first_working_after);
  assert_between (shared_calendar, period->day_before, period->first_working_after, 1);
}

/* ---- Known deadlines -------------------------------------------------- */

typedef struct {
  const char *name;
  const char *start;
  guint       n;
  const char *expected;
} Deadline;

static const Deadline deadlines[] = {
  { "national-day-2024", "2024-09-30", 1, "2024-10-08" },
  /* Saturday 2026-02-14 is an adjusted workday (调休). */
  { "adjusted-saturday-2026", "2026-02-13", 1, "2026-02-14" },
  /* Sunday 2025-01-26 (调休) and Monday count, then 2025-01-28…02-04. */
  { "spring-festival-2025", "2025-01-24", 3, "2025-02-05" },
  /* The header's example: from a Friday, 3 wd end on Wednesday. */
  { "friday-plus-3-is-wednesday", "2024-03-01", 3, "2024-03-06" },
  /* mot-2021 art. 12: support first review within 3 wd of an application
   * made on Thursday 2026-02-12, then provider review within 7 wd. */
  { "mot-2021-support-first-review", "2026-02-12", 3, "2026-02-24" },
  { "mot-2021-provider-review", "2026-02-24", 7, "2026-03-04" },
  /* state-council-2016 art. 8: the catalogue is updated within 15 wd,
   * across Mid-Autumn and National Day 2026 and two adjusted workdays. */
  { "state-council-2016-catalogue-update", "2026-09-18", 15, "2026-10-15" },
  { "across-new-year-2025", "2024-12-31", 1, "2025-01-02" },
  { "last-covered-day", "2026-12-30", 1, "2026-12-31" },
  /* The start itself is never looked at, so it may lie in an uncovered
   * year, and 0 wd give the start whatever it is. */
  { "start-in-uncovered-year", "2023-12-31", 1, "2024-01-02" },
  { "zero-on-holiday", "2026-02-15", 0, "2026-02-15" },
  { "zero-in-uncovered-year", "2023-06-01", 0, "2023-06-01" },
};

static void
test_deadline (gconstpointer data)
{
  const Deadline *deadline = data;

  assert_add (shared_calendar, deadline->start, deadline->n, deadline->expected);
  assert_between (shared_calendar, deadline->start, deadline->expected, (int) deadline->n);
}

/* ---- working_days_between --------------------------------------------- */

typedef struct {
  const char *name;
  const char *from;
  const char *to;
  int         expected;
} Between;

static const Between betweens[] = {
  { "national-day-2024", "2024-09-30", "2024-10-08", 1 },
  { "backwards", "2024-10-08", "2024-09-30", -1 },
  { "same-day", "2025-03-03", "2025-03-03", 0 },
  { "same-day-uncovered", "2023-05-05", "2023-05-05", 0 },
  { "holiday-to-holiday", "2024-10-01", "2024-10-07", 0 },
  { "february-2024", "2024-02-01", "2024-03-01", 18 },
  { "across-years", "2024-12-31", "2025-01-02", 1 },
  { "across-years-long", "2024-12-20", "2025-01-10", 14 },
  { "across-years-backwards", "2025-01-10", "2024-12-20", -14 },
};

static void
test_between (gconstpointer data)
{
  const Between *between = data;

  assert_between (shared_calendar, between->from, between->to, between->expected);
}

/* Adding n wd and counting the wd up to the result agree from every start
 * of the covered years, and the result is always a working day. */
static void
test_add_and_between_agree (void)
{
  static const guint lengths[] = { 1, 3, 5, 7, 10, 15 };
  GDate start, end;

  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&start, 1, G_DATE_JANUARY, FIRST_YEAR);
  g_date_set_dmy (&end, 30, G_DATE_NOVEMBER, LAST_YEAR);
  for (; g_date_compare (&start, &end) <= 0; g_date_add_days (&start, 1))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
        {
          g_autoptr(GError) error = NULL;
          GDate result;
          int count = -1;

          g_date_clear (&result, 1);
          g_assert_true (sd_calendar_add_working_days (shared_calendar, &start, lengths[i], &result, &error));
          g_assert_no_error (error);
          g_assert_true (model_is_working (&result));
          g_assert_true (sd_calendar_working_days_between (shared_calendar, &start, &result, &count, &error));
          g_assert_no_error (error);
          g_assert_cmpint (count, ==, (int) lengths[i]);
        }
    }
}

/* ---- Uncovered years -------------------------------------------------- */

typedef enum {
  ASK_IS_WORKING,
  ASK_ADD,
  ASK_BETWEEN,
} Question;

typedef struct {
  const char *name;
  Question    question;
  const char *date;
  const char *other;   /* ASK_BETWEEN: the second date */
  guint       n;       /* ASK_ADD */
  const char *mentions[MAX_MENTIONS];
} Uncovered;

static const Uncovered uncovered[] = {
  { "is-working-2023", ASK_IS_WORKING, "2023-12-29", NULL, 0,
    { "2023", "2023-12-29", "must be imported" } },
  { "is-working-2027", ASK_IS_WORKING, "2027-01-04", NULL, 0,
    { "2027", "2027-01-04", "must be imported" } },
  { "add-into-2023", ASK_ADD, "2023-12-28", NULL, 1,
    { "2023", "2023-12-29", "holiday notice" } },
  /* A deadline that starts in 2026 and ends in 2027 is not guessed. */
  { "add-into-2027", ASK_ADD, "2026-12-28", NULL, 5,
    { "2027", "2027-01-01", "holiday notice" } },
  { "between-into-2027", ASK_BETWEEN, "2026-12-01", "2027-01-15", 0,
    { "2027", "2027-01-01" } },
  { "between-into-2027-backwards", ASK_BETWEEN, "2027-01-15", "2026-12-01", 0,
    { "2027", "2027-01-01" } },
  { "between-from-2023", ASK_BETWEEN, "2023-12-01", "2024-01-05", 0,
    { "2023", "2023-12-02" } },
};

static void
test_uncovered (gconstpointer data)
{
  const Uncovered *test = data;
  g_autoptr(GError) error = NULL;
  gboolean answered = FALSE;
  GDate date, other, result;
  gboolean working;
  int count;

  sd_test_date (&date, test->date);
  g_date_clear (&result, 1);
  switch (test->question)
    {
    case ASK_IS_WORKING:
      answered = sd_calendar_is_working_day (shared_calendar, &date, &working, &error);
      break;
    case ASK_ADD:
      answered = sd_calendar_add_working_days (shared_calendar, &date, test->n, &result, &error);
      break;
    case ASK_BETWEEN:
      sd_test_date (&other, test->other);
      answered = sd_calendar_working_days_between (shared_calendar, &date, &other, &count, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_false (answered);
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED);
  assert_mentions (error, test->mentions);
}

static void
test_years_and_sources (void)
{
  g_autoptr(GArray) years = sd_calendar_get_years (shared_calendar);

  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2024);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2025);
  g_assert_cmpint (g_array_index (years, int, 2), ==, 2026);

  g_assert_false (sd_calendar_covers_year (shared_calendar, 2023));
  g_assert_true (sd_calendar_covers_year (shared_calendar, 2024));
  g_assert_true (sd_calendar_covers_year (shared_calendar, 2026));
  g_assert_false (sd_calendar_covers_year (shared_calendar, 2027));

  g_assert_nonnull (strstr (sd_calendar_get_year_source (shared_calendar, 2025),
                            "国务院办公厅关于2025年部分节假日安排的通知"));
  g_assert_null (sd_calendar_get_year_source (shared_calendar, 2027));
}

static void
test_empty_calendar (void)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new ();
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);
  g_autoptr(GError) error = NULL;
  gboolean working;
  GDate date;

  g_assert_cmpuint (years->len, ==, 0);
  sd_test_date (&date, "2025-03-03");
  g_assert_false (sd_calendar_is_working_day (calendar, &date, &working, &error));
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED);
}

/* ---- Years loaded at run time ----------------------------------------- */

static void
assert_2027_imported (SdCalendar *calendar)
{
  g_autoptr(GArray) years = sd_calendar_get_years (calendar);
  GDate date;

  g_assert_cmpuint (years->len, ==, 4);
  g_assert_cmpint (g_array_index (years, int, 3), ==, 2027);
  g_assert_nonnull (strstr (sd_calendar_get_year_source (calendar, 2027), "Test fixture"));

  /* The deadline that was refused now has an answer: 2027-01-01…03 off. */
  assert_add (calendar, "2026-12-28", 5, "2027-01-05");
  assert_between (calendar, "2026-12-28", "2027-01-05", 5);

  sd_test_date (&date, "2027-02-20");   /* a Saturday listed as a workday */
  g_assert_true (calendar_is_working (calendar, &date));
  sd_test_date (&date, "2027-02-08");   /* a Monday listed as a holiday */
  g_assert_false (calendar_is_working (calendar, &date));
}

static void
test_load_directory_2027 (void)
{
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "imports", NULL);
  g_autofree char *readme = write_user_file (dir, "README.txt", "not a calendar");
  GDate start, result;

  sd_test_date (&start, "2026-12-28");
  g_date_clear (&result, 1);
  g_assert_false (sd_calendar_add_working_days (calendar, &start, 5, &result, &error));
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED);
  g_clear_error (&error);

  copy_fixture ("calendar-2027.json", dir, "2027.json");
  g_assert_true (sd_calendar_load_directory (calendar, dir, &error));
  g_assert_no_error (error);
  assert_2027_imported (calendar);
}

static void
test_load_year_file_2027 (void)
{
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "calendar-2027.json", NULL);

  g_assert_true (sd_calendar_load_year_file (calendar, path, &error));
  g_assert_no_error (error);
  assert_2027_imported (calendar);
}

static void
test_load_directory_missing (void)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "no-such-dir", NULL);
  g_autoptr(GArray) years = NULL;

  g_assert_true (sd_calendar_load_directory (calendar, dir, &error));
  g_assert_no_error (error);
  years = sd_calendar_get_years (calendar);
  g_assert_cmpuint (years->len, ==, 0);
}

/* Files load in name order, so the later name replaces the year. */
static void
test_load_directory_order (void)
{
  struct { const char *original_as, *amended_as; gboolean amended_wins; } orders[] = {
    { "1-original.json", "2-amended.json", TRUE },
    { "2-original.json", "1-amended.json", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(SdCalendar) calendar = sd_calendar_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("order-%" G_GSIZE_FORMAT, i);
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), name, NULL);
      g_autofree char *builtin_path = NULL;
      g_autofree char *builtin = NULL;
      GDate date;

      builtin_path = g_build_filename (g_getenv ("SHAREDESK_SOURCE_DIR"), "data", "holidays", "2026.json", NULL);
      g_file_get_contents (builtin_path, &builtin, NULL, &error);
      g_assert_no_error (error);
      g_free (write_user_file (dir, orders[i].original_as, builtin));
      copy_fixture ("calendar-2026-amended.json", dir, orders[i].amended_as);

      g_assert_true (sd_calendar_load_directory (calendar, dir, &error));
      g_assert_no_error (error);
      sd_test_date (&date, "2026-03-02");
      g_assert_cmpint (calendar_is_working (calendar, &date), ==, !orders[i].amended_wins);
    }
}

/* ---- The built-in resource and the user's data dir -------------------- */

static void
test_default_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCalendar) calendar = sd_calendar_new_default (&error);
  g_autoptr(GArray) years = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (calendar);
  years = sd_calendar_get_years (calendar);
  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2024);
  g_assert_cmpint (g_array_index (years, int, 2), ==, 2026);
  g_assert_nonnull (strstr (sd_calendar_get_year_source (calendar, 2024), "2024"));

  assert_matches_model (calendar);
  assert_add (calendar, "2024-09-30", 1, "2024-10-08");
}

static void
test_default_user_years (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCalendar) calendar = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "sharedesk", "holidays", NULL);
  GDate date;

  copy_fixture ("calendar-2027.json", dir, "2027.json");
  copy_fixture ("calendar-2026-amended.json", dir, "2026.json");

  calendar = sd_calendar_new_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (calendar);
  assert_2027_imported (calendar);

  /* The user's 2026 replaced the built-in one. */
  g_assert_nonnull (strstr (sd_calendar_get_year_source (calendar, 2026), "amended"));
  sd_test_date (&date, "2026-03-02");
  g_assert_false (calendar_is_working (calendar, &date));
  sd_test_date (&date, "2026-03-03");
  g_assert_true (calendar_is_working (calendar, &date));
  assert_add (calendar, "2026-02-27", 2, "2026-03-03");
}

static void
test_default_user_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCalendar) calendar = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "sharedesk", "holidays", NULL);
  const char * const mentions[MAX_MENTIONS] = { "2027.json", "2027-02-08", "Saturday or Sunday" };

  copy_fixture ("calendar-invalid-workday.json", dir, "2027.json");
  calendar = sd_calendar_new_default (&error);
  g_assert_null (calendar);
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID);
  assert_mentions (error, mentions);
}

/* ---- Invalid year files ----------------------------------------------- */

typedef struct {
  const char *name;
  const char *json;
  const char *mentions[MAX_MENTIONS];
} InvalidYear;

#define SOURCE "\"source\": \"test\""

static const InvalidYear invalid_years[] = {
  { "empty", "", { "empty" } },
  { "not-json", "{ \"year\": 2027,", { "not valid JSON" } },
  { "not-an-object", "[\"2027-01-01\"]", { "JSON object" } },
  { "unknown-member",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [], \"workdays\": [], \"note\": \"x\"}",
    { "Unknown member “note”" } },
  { "missing-workdays",
    "{\"year\": 2027, " SOURCE ", \"holidays\": []}",
    { "lacks the member “workdays”" } },
  { "missing-source",
    "{\"year\": 2027, \"holidays\": [], \"workdays\": []}",
    { "lacks the member “source”" } },
  { "year-not-a-number",
    "{\"year\": \"2027\", " SOURCE ", \"holidays\": [], \"workdays\": []}",
    { "“year”", "whole number" } },
  { "year-fraction",
    "{\"year\": 2027.5, " SOURCE ", \"holidays\": [], \"workdays\": []}",
    { "“year”", "whole number" } },
  { "year-out-of-range",
    "{\"year\": 1800, " SOURCE ", \"holidays\": [], \"workdays\": []}",
    { "1800", "between 1900 and 9999" } },
  { "source-empty",
    "{\"year\": 2027, \"source\": \"\", \"holidays\": [], \"workdays\": []}",
    { "“source”" } },
  { "holidays-not-a-list",
    "{\"year\": 2027, " SOURCE ", \"holidays\": \"2027-01-01\", \"workdays\": []}",
    { "“holidays”", "list of dates" } },
  { "entry-not-a-string",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2027-01-01\", 20270102], \"workdays\": []}",
    { "Entry 2 of “holidays”", "2027" } },
  { "not-a-date",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2027-02-30\"], \"workdays\": []}",
    { "“2027-02-30”", "“holidays”", "YYYY-MM-DD" } },
  { "not-zero-padded",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [], \"workdays\": [\"2027-2-20\"]}",
    { "“2027-2-20”", "“workdays”", "YYYY-MM-DD" } },
  { "outside-the-year",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2026-12-31\", \"2027-01-01\"], \"workdays\": []}",
    { "2026-12-31", "outside", "2027" } },
  { "both-holiday-and-workday",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2027-02-06\"], \"workdays\": [\"2027-02-06\"]}",
    { "2027-02-06", "both as a holiday and as a workday" } },
  { "workday-on-a-weekday",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [], \"workdays\": [\"2027-02-20\", \"2027-02-08\"]}",
    { "2027-02-08", "not a Saturday or Sunday" } },
  { "duplicate-holiday",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2027-01-01\", \"2027-01-02\", \"2027-01-01\"], \"workdays\": []}",
    { "2027-01-01", "listed twice", "“holidays”" } },
  /* Whatever the bytes, the message is valid UTF-8: json-glib refuses a
   * file that is not UTF-8 as a whole. */
  { "not-utf8-outside-strings", "\xff\xfe{}", { "not valid JSON", "UTF-8" } },
  { "not-utf8-member",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [], \"workdays\": [], \"no\xfft\": 1}",
    { "not valid JSON", "UTF-8" } },
  { "not-utf8-date",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [\"2027-01-0\xff\"], \"workdays\": []}",
    { "not valid JSON", "UTF-8" } },
  { "duplicate-workday",
    "{\"year\": 2027, " SOURCE ", \"holidays\": [], \"workdays\": [\"2027-02-20\", \"2027-02-20\"]}",
    { "2027-02-20", "listed twice", "“workdays”" } },
};

static void
test_invalid_year (gconstpointer data)
{
  const InvalidYear *test = data;
  g_autoptr(SdCalendar) calendar = sd_calendar_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (test->json, strlen (test->json));
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_calendar_load_year_data (calendar, bytes, &error));
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID);
  assert_mentions (error, test->mentions);
  g_assert_false (sd_calendar_covers_year (calendar, 2027));
}

/* A refused file leaves the year as it was. */
static void
test_invalid_file_keeps_year (void)
{
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "calendar-2027.json", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "calendar-invalid-workday.json", NULL);
  const char * const mentions[MAX_MENTIONS] = { "calendar-invalid-workday.json", "2027-02-08" };

  g_assert_true (sd_calendar_load_year_file (calendar, good, &error));
  g_assert_no_error (error);

  g_assert_false (sd_calendar_load_year_file (calendar, bad, &error));
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_INVALID);
  assert_mentions (error, mentions);

  assert_2027_imported (calendar);
}

static void
test_missing_file (void)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "2027.json", NULL);

  g_assert_false (sd_calendar_load_year_file (calendar, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* ---- ISO dates -------------------------------------------------------- */

static void
test_parse_iso (void)
{
  static const char * const refused[] = {
    "", "2024", "2024-2-29", "2024-02-9", "2023-02-29", "2024-13-01", "2024-00-10",
    "2024-01-00", "2024-01-32", "0000-01-01", "2024-02-29 ", " 2024-02-29",
    "20240229", "2024/02/29", "+024-01-01", "２０２４-01-01", "2024-01-01T00:00",
  };
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (sd_date_parse_iso ("2024-02-29", &date));
  g_assert_cmpint (g_date_get_year (&date), ==, 2024);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_FEBRUARY);
  g_assert_cmpint (g_date_get_day (&date), ==, 29);

  g_assert_false (sd_date_parse_iso (NULL, &date));
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (sd_date_parse_iso (refused[i], &date))
        g_error ("“%s” was taken for a date", refused[i]);
    }
}

static void
test_to_iso (void)
{
  static const char * const dates[] = { "2024-02-29", "0999-01-05", "2026-12-31" };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *iso = NULL;
      GDate date;

      model_date (&date, dates[i]);
      iso = sd_date_to_iso (&date);
      g_assert_cmpstr (iso, ==, dates[i]);
    }
}

/* ---- Registration ----------------------------------------------------- */

static void
add_listed_dates (GPtrArray  *cleanup,
                  GPtrArray  *list,
                  const char *kind,
                  gboolean    working)
{
  for (guint i = 0; i < list->len; i++)
    {
      ListedDate *listed = g_new0 (ListedDate, 1);
      g_autofree char *path = NULL;

      listed->iso = g_strdup (g_ptr_array_index (list, i));
      listed->working = working;
      path = g_strdup_printf ("/calendar/data/%s/%s", kind, listed->iso);
      g_test_add_data_func (path, listed, test_listed_date);
      g_ptr_array_add (cleanup, listed->iso);
      g_ptr_array_add (cleanup, listed);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cleanup = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) periods = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  model_load ();
  shared_calendar = sd_test_calendar ();
  periods = find_holiday_periods ();

  add_listed_dates (cleanup, model.holiday_list, "holiday", FALSE);
  add_listed_dates (cleanup, model.workday_list, "workday", TRUE);
  g_test_add_func ("/calendar/data/every-day", test_every_day_matches_data);
  g_test_add_func ("/calendar/data/year-totals", test_year_totals);

  for (guint i = 0; i < periods->len; i++)
    {
      HolidayPeriod *period = g_ptr_array_index (periods, i);
      g_autofree char *path = g_strdup_printf ("/calendar/period/%s", period->first);

      g_test_add_data_func (path, period, test_holiday_period);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (deadlines); i++)
    {
      g_autofree char *path = g_strconcat ("/calendar/add/", deadlines[i].name, NULL);

      g_test_add_data_func (path, &deadlines[i], test_deadline);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (betweens); i++)
    {
      g_autofree char *path = g_strconcat ("/calendar/between/", betweens[i].name, NULL);

      g_test_add_data_func (path, &betweens[i], test_between);
    }
  g_test_add_func ("/calendar/add/agrees-with-between", test_add_and_between_agree);

  for (gsize i = 0; i < G_N_ELEMENTS (uncovered); i++)
    {
      g_autofree char *path = g_strconcat ("/calendar/uncovered/", uncovered[i].name, NULL);

      g_test_add_data_func (path, &uncovered[i], test_uncovered);
    }
  g_test_add_func ("/calendar/years/list-and-sources", test_years_and_sources);
  g_test_add_func ("/calendar/years/empty", test_empty_calendar);

  g_test_add_func ("/calendar/load/directory-2027", test_load_directory_2027);
  g_test_add_func ("/calendar/load/file-2027", test_load_year_file_2027);
  g_test_add_func ("/calendar/load/directory-missing", test_load_directory_missing);
  g_test_add_func ("/calendar/load/directory-order", test_load_directory_order);
  g_test_add_func ("/calendar/load/invalid-file-keeps-year", test_invalid_file_keeps_year);
  g_test_add_func ("/calendar/load/missing-file", test_missing_file);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_years); i++)
    {
      g_autofree char *path = g_strconcat ("/calendar/invalid/", invalid_years[i].name, NULL);

      g_test_add_data_func (path, &invalid_years[i], test_invalid_year);
    }

  g_test_add_func ("/calendar/default/builtin", test_default_builtin);
  g_test_add_func ("/calendar/default/user-years", test_default_user_years);
  g_test_add_func ("/calendar/default/user-invalid", test_default_user_invalid);

  g_test_add_func ("/calendar/iso/parse", test_parse_iso);
  g_test_add_func ("/calendar/iso/format", test_to_iso);

  status = g_test_run ();

  g_object_unref (shared_calendar);
  model_free ();
  return status;
}
