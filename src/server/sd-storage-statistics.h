/* sd-storage-statistics.h — the figures of the evaluation of sharing work
 * per department (mot-2021 art. 18, state-council-2016 art. 16-18,
 * panjin-2016 art. 34: quantity, update timeliness, use).
 *
 * The storage counts what SQL can count, in a few aggregate queries
 * grouped by department (never one query per department). The on-time
 * reviews need the applications' histories: the route layer reads them
 * from the cases (sd_storage_list_cases()).
 *
 * A period is [@from, @until) in instants. Figures about the catalogue
 * (entries, published, data connected, timeliness, authorisations in
 * force) are a snapshot at @until; flows (usage, feedback) are counted
 * within the period.
 */
#pragma once

#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  char   *department_uscc;
  char   *department_name;
  /* The department's catalogue at the end of the period (the latest
   * version of each entry stored before it). */
  guint   entries;
  guint   published;
  guint   data_connected;          /* published with a dataset uploaded */
  /* Published entries whose update cycle has a length (daily 1 day,
   * weekly 7, monthly 31, quarterly 92, half-yearly 183, yearly 366;
   * real-time counts as daily; irregular and other are not assessed),
   * and those of them whose latest dataset is no older than the cycle. */
  guint   timeliness_assessed;
  guint   timely;
  /* Consumers' use of the department's entries in the period. */
  guint   queries;
  guint   downloads;
  /* Authorisations in force at the end of the period: granted on the
   * department's entries, and held by it as a consumer. */
  guint   authorisations_granted;
  guint   authorisations_held;
  /* Feedback on the department's entries in the period. */
  guint   feedback_needs_met;
  guint   feedback_data_quality;
  guint   feedback_effect;
  guint   ratings;                 /* feedback with a rating */
  gint64  rating_sum;
} SdDepartmentStatistics;

void sd_department_statistics_free (SdDepartmentStatistics *statistics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDepartmentStatistics, sd_department_statistics_free)

/* Of SdDepartmentStatistics, one per department ordered by USCC (every
 * department, with zeros where nothing happened), or only @department's
 * when it is not NULL (NOT_FOUND naming it when there is none). */
GPtrArray *sd_storage_department_statistics (SdStorage   *self,
                                             const char  *department,
                                             GDateTime   *from,
                                             GDateTime   *until,
                                             GError     **error);

G_END_DECLS
