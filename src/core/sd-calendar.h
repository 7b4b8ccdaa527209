/* sd-calendar.h — the official mainland-China working-day calendar.
 *
 * A working day is a date listed in a year's "workdays" (调休上班), or a
 * Monday–Friday that is not in its "holidays". Years are data: the built-in
 * years come from data/holidays/YYYY.json in the GResource, and more can be
 * loaded at run time (an administrator imports next year's notice without a
 * rebuild). A question about a date in a year the calendar does not cover
 * fails with SD_CALENDAR_ERROR_UNCOVERED: a deadline is never guessed.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_CALENDAR_ERROR (sd_calendar_error_quark ())

typedef enum {
  SD_CALENDAR_ERROR_UNCOVERED,   /* the date's year has no data */
  SD_CALENDAR_ERROR_INVALID,     /* a year file is malformed or inconsistent */
} SdCalendarError;

GQuark sd_calendar_error_quark (void);

#define SD_TYPE_CALENDAR (sd_calendar_get_type ())
G_DECLARE_FINAL_TYPE (SdCalendar, sd_calendar, SD, CALENDAR, GObject)

/* An empty calendar that covers no year. */
SdCalendar  *sd_calendar_new                  (void);
/* Only the years built into the GResource. The platform uses this and adds
 * the years its administrator imported into its database: a server reads
 * no per-user folder. */
SdCalendar  *sd_calendar_new_builtin          (GError     **error);
/* The built-in years, then every *.json in $XDG_DATA_HOME/sharedesk/holidays
 * (later files replace a built-in year of the same number). */
SdCalendar  *sd_calendar_new_default          (GError     **error);

/* A year file: {"year": 2026, "source": "...", "holidays": [...],
 * "workdays": [...]}. Every date must lie in that year; a holiday cannot be
 * listed as a workday; a workday must be a Saturday or Sunday. Unknown
 * members are an error. Replaces the year if already loaded. */
gboolean     sd_calendar_load_year_data       (SdCalendar  *self,
                                               GBytes      *json,
                                               GError     **error);
gboolean     sd_calendar_load_year_file       (SdCalendar  *self,
                                               const char  *path,
                                               GError     **error);
/* Loads every *.json file in @dir (sorted by name); a missing dir is fine. */
gboolean     sd_calendar_load_directory       (SdCalendar  *self,
                                               const char  *dir,
                                               GError     **error);

gboolean     sd_calendar_covers_year          (SdCalendar  *self,
                                               int          year);
/* Sorted ascending; free with g_array_unref. Element type int. */
GArray      *sd_calendar_get_years            (SdCalendar  *self);
const char  *sd_calendar_get_year_source      (SdCalendar  *self,
                                               int          year);

gboolean     sd_calendar_is_working_day       (SdCalendar  *self,
                                               const GDate *date,
                                               gboolean    *is_working_day,
                                               GError     **error);
/* Counts @n working days starting from the day after @start (so a 3-wd
 * deadline from a Friday application ends on Wednesday). @n == 0 gives
 * @start. Fails when any day it has to look at is in an uncovered year. */
gboolean     sd_calendar_add_working_days     (SdCalendar  *self,
                                               const GDate *start,
                                               guint        n,
                                               GDate       *result,
                                               GError     **error);
/* The number of working days in (@from, @to]: 0 when equal, negative when
 * @to is before @from (then counts (@to, @from]). */
gboolean     sd_calendar_working_days_between (SdCalendar  *self,
                                               const GDate *from,
                                               const GDate *to,
                                               int         *result,
                                               GError     **error);

/* Parses "YYYY-MM-DD" strictly (zero-padded, a real date). */
gboolean     sd_date_parse_iso                (const char  *text,
                                               GDate       *date);
char        *sd_date_to_iso                   (const GDate *date);

G_END_DECLS
