/* sd-storage-statistics.c — aggregate figures per department (see
 * sd-storage-statistics.h). No schema of its own: it reads the tables of
 * sd-storage.c, sd-storage-catalogue.c, sd-storage-cases.c and
 * sd-storage-data.c. Each query is grouped by department; the rows are
 * merged in C into one record per department. */
#include "config.h"

#include "sd-storage-private.h"
#include "sd-storage-statistics.h"

void
sd_department_statistics_free (SdDepartmentStatistics *statistics)
{
  if (statistics == NULL)
    return;
  g_free (statistics->department_uscc);
  g_free (statistics->department_name);
  g_free (statistics);
}

/* The period and the department the queries bind: ?1 the department's
 * row id or NULL for all, ?2 the end of the period, ?3 its start. */
typedef struct {
  gint64      department;   /* 0: every department */
  gint64      from_usec;
  gint64      until_usec;
  GHashTable *by_id;        /* department row id → SdDepartmentStatistics (borrowed) */
} Period;

static void
bind_period (sqlite3_stmt *stmt,
             const Period *period)
{
  if (period->department != 0)
    sqlite3_bind_int64 (stmt, 1, period->department);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, period->until_usec);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, period->from_usec);
}

static guint
column_count (sqlite3_stmt *stmt,
              int           column)
{
  return (guint) CLAMP (sqlite3_column_int64 (stmt, column), 0, G_MAXUINT);
}

static SdDepartmentStatistics *
find_department (const Period *period,
                 sqlite3_stmt *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);

  return g_hash_table_lookup (period->by_id, &id);
}

typedef void (*RowFunc) (SdDepartmentStatistics *statistics,
                         sqlite3_stmt           *row);

/* Runs @sql over @period and hands each row to @func with the department
 * it is about (column 0: the department's row id). */
static gboolean
merge_rows (SdStorage     *self,
            const char    *sql,
            const Period  *period,
            RowFunc        func,
            GError       **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, period);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SdDepartmentStatistics *statistics = find_department (period, stmt);

      if (statistics != NULL)
        func (statistics, stmt);
    }
  return rc == SQLITE_DONE || _sd_storage_fail (self, error);
}

/* Departments, with the authorisations in force at the end of the period. */
static const char departments_sql[] =
  "SELECT d.id, d.uscc, d.name,"
  "  (SELECT COUNT(*) FROM authorisations AS a"
  "    WHERE a.provider_id = d.id AND a.granted_at < ?2"
  "      AND (a.revoked_at IS NULL OR a.revoked_at >= ?2)),"
  "  (SELECT COUNT(*) FROM authorisations AS a"
  "    WHERE a.consumer_id = d.id AND a.granted_at < ?2"
  "      AND (a.revoked_at IS NULL OR a.revoked_at >= ?2))"
  " FROM departments AS d"
  " WHERE ?1 IS NULL OR d.id = ?1"
  " ORDER BY d.uscc";

static gboolean
load_departments (SdStorage     *self,
                  Period        *period,
                  GPtrArray     *rows,
                  GError       **error)
{
  g_autoptr(Statement) stmt = _sd_storage_statement (self, departments_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, period);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SdDepartmentStatistics *statistics = g_new0 (SdDepartmentStatistics, 1);
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      statistics->department_uscc = _sd_storage_column_dup (stmt, 1);
      statistics->department_name = _sd_storage_column_dup (stmt, 2);
      statistics->authorisations_granted = column_count (stmt, 3);
      statistics->authorisations_held = column_count (stmt, 4);
      g_ptr_array_add (rows, statistics);
      g_hash_table_insert (period->by_id, id, statistics);
    }
  return rc == SQLITE_DONE || _sd_storage_fail (self, error);
}

/* Each entry as its latest version stored before the end of the period
 * says, with the length of its update cycle in days (NULL: not assessed)
 * and its latest upload before the end. A dataset is timely when that
 * upload is no older than the cycle at the end of the period. */
static const char catalogue_sql[] =
  "WITH snapshot AS ("
  "  SELECT e.provider_id AS provider_id, v.state AS state,"
  "    CASE json_extract (v.json, '$.update_cycle')"
  "      WHEN 'realtime' THEN 1 WHEN 'daily' THEN 1 WHEN 'weekly' THEN 7"
  "      WHEN 'monthly' THEN 31 WHEN 'quarterly' THEN 92 WHEN 'half-yearly' THEN 183"
  "      WHEN 'yearly' THEN 366 END AS cycle_days,"
  "    (SELECT MAX (d.uploaded_at) FROM datasets AS d"
  "      WHERE d.entry_row = e.id AND d.uploaded_at < ?2) AS last_upload"
  "  FROM catalogue_entries AS e"
  "  JOIN catalogue_versions AS v ON v.entry_row = e.id"
  "   AND v.version = (SELECT MAX (w.version) FROM catalogue_versions AS w"
  "                     WHERE w.entry_row = e.id AND w.at < ?2)"
  "  WHERE ?1 IS NULL OR e.provider_id = ?1)"
  " SELECT provider_id, COUNT(*),"
  "  SUM (state = 'published'),"
  "  SUM (state = 'published' AND last_upload IS NOT NULL),"
  "  SUM (state = 'published' AND cycle_days IS NOT NULL),"
  "  SUM (state = 'published' AND cycle_days IS NOT NULL"
  "       AND last_upload >= ?2 - cycle_days * 86400000000)"
  " FROM snapshot GROUP BY provider_id";

static void
catalogue_row (SdDepartmentStatistics *statistics,
               sqlite3_stmt           *row)
{
  statistics->entries = column_count (row, 1);
  statistics->published = column_count (row, 2);
  statistics->data_connected = column_count (row, 3);
  statistics->timeliness_assessed = column_count (row, 4);
  statistics->timely = column_count (row, 5);
}

static const char usage_sql[] =
  "SELECT e.provider_id, SUM (a.kind = 'query'), SUM (a.kind = 'download')"
  " FROM data_access AS a JOIN catalogue_entries AS e ON e.id = a.entry_row"
  " WHERE a.at >= ?3 AND a.at < ?2 AND (?1 IS NULL OR e.provider_id = ?1)"
  " GROUP BY e.provider_id";

static void
usage_row (SdDepartmentStatistics *statistics,
           sqlite3_stmt           *row)
{
  statistics->queries = column_count (row, 1);
  statistics->downloads = column_count (row, 2);
}

static const char feedback_sql[] =
  "SELECT e.provider_id, SUM (f.kind = 'needs-met'), SUM (f.kind = 'data-quality'),"
  "  SUM (f.kind = 'effect'), COUNT (f.rating), SUM (f.rating)"
  " FROM feedback AS f JOIN catalogue_entries AS e ON e.id = f.entry_row"
  " WHERE f.at >= ?3 AND f.at < ?2 AND (?1 IS NULL OR e.provider_id = ?1)"
  " GROUP BY e.provider_id";

static void
feedback_row (SdDepartmentStatistics *statistics,
              sqlite3_stmt           *row)
{
  statistics->feedback_needs_met = column_count (row, 1);
  statistics->feedback_data_quality = column_count (row, 2);
  statistics->feedback_effect = column_count (row, 3);
  statistics->ratings = column_count (row, 4);
  statistics->rating_sum = sqlite3_column_int64 (row, 5);
}

GPtrArray *
sd_storage_department_statistics (SdStorage   *self,
                                  const char  *department,
                                  GDateTime   *from,
                                  GDateTime   *until,
                                  GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  Period period = { 0 };

  g_return_val_if_fail (SD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (from != NULL && until != NULL, NULL);

  SD_STORAGE_LOCK (self);
  if (department != NULL && !_sd_storage_department_id (self, department, &period.department, error))
    return NULL;
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_department_statistics_free);
  period.from_usec = _sd_storage_usec (from);
  period.until_usec = _sd_storage_usec (until);
  period.by_id = by_id;

  if (!load_departments (self, &period, rows, error) ||
      !merge_rows (self, catalogue_sql, &period, catalogue_row, error) ||
      !merge_rows (self, usage_sql, &period, usage_row, error) ||
      !merge_rows (self, feedback_sql, &period, feedback_row, error))
    return NULL;
  return g_steal_pointer (&rows);
}
