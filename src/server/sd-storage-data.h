/* sd-storage-data.h — datasets (the data behind a catalogue entry), the
 * record of who used them, subscriptions to new versions, and feedback.
 *
 * A dataset is one upload of an entry's data: version 1, 2, … per entry,
 * the CSV as uploaded and its rows as JSON objects keyed by information
 * item name, for the online query. Each consumer query or download is a
 * data access row (usage statistics, A10). A subscription asks for new
 * versions of an entry; uploading one records a change of every
 * subscription to the entry, so subscribers' clients see it in their
 * delta sync.
 */
#pragma once

#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  gint64      id;
  char       *entry_id;
  guint       version;
  char       *uploaded_by;    /* username */
  GDateTime  *uploaded_at;
  guint       row_count;
  char       *sha256;         /* hex, of the CSV as uploaded */
  GBytes     *csv;            /* NULL in lists */
} SdDataset;

void sd_dataset_free (SdDataset *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDataset, sd_dataset_free)

/* Stores @dataset's CSV (entry_id, uploaded_by, uploaded_at, row_count
 * and csv set by the caller) with @rows (JSON object texts, in order) as
 * the entry's next version; sets id, version and sha256. NOT_FOUND for an
 * unknown entry. */
gboolean   sd_storage_add_dataset      (SdStorage    *self,
                                        SdDataset    *dataset,
                                        GPtrArray    *rows,
                                        GError      **error);
/* Of SdDataset without CSV, newest first; NOT_FOUND for an unknown entry. */
GPtrArray *sd_storage_list_datasets    (SdStorage    *self,
                                        const char   *entry_id,
                                        GError      **error);
/* With CSV; @version 0 is the latest. NOT_FOUND when there is none. */
SdDataset *sd_storage_get_dataset      (SdStorage    *self,
                                        const char   *entry_id,
                                        guint         version,
                                        GError      **error);
/* The rows (JSON object texts) of the latest dataset of @entry_id whose
 * member @item is @value, in upload order, @offset/@limit (0: no limit);
 * *@total counts all matches, *@version is the dataset's. NOT_FOUND when
 * the entry has no dataset. A scan of the dataset's rows: O(rows). */
GPtrArray *sd_storage_query_dataset    (SdStorage    *self,
                                        const char   *entry_id,
                                        const char   *item,
                                        const char   *value,
                                        guint         offset,
                                        guint         limit,
                                        guint        *total,
                                        guint        *version,
                                        GError      **error);

/* "query" or "download" of @entry_id by a user of @consumer_uscc. */
gboolean   sd_storage_add_data_access  (SdStorage    *self,
                                        const char   *entry_id,
                                        const char   *consumer_uscc,
                                        const char   *kind,
                                        const char   *actor,
                                        GDateTime    *at,
                                        GError      **error);
/* How many accesses of @kind (NULL: any) to @entry_id there were. */
gboolean   sd_storage_count_data_access (SdStorage   *self,
                                         const char  *entry_id,
                                         const char  *kind,
                                         guint       *count,
                                         GError     **error);

typedef struct {
  gint64      id;
  char       *entry_id;
  char       *consumer_uscc;
  char       *created_by;
  GDateTime  *created_at;
  guint       last_notified_version;   /* 0: none yet */
  guint       latest_version;          /* of the entry's datasets, 0: none */
} SdSubscription;

void sd_subscription_free (SdSubscription *subscription);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSubscription, sd_subscription_free)

/* Sets id, created_at (now when unset) and latest_version. CONFLICT when
 * the department has subscribed to the entry already; NOT_FOUND for an
 * unknown entry or department. */
gboolean        sd_storage_add_subscription    (SdStorage       *self,
                                                SdSubscription  *subscription,
                                                GError         **error);
SdSubscription *sd_storage_get_subscription    (SdStorage       *self,
                                                gint64           id,
                                                GError         **error);
/* Of @consumer_uscc (NULL: all), oldest first, paged; *@total counts all. */
GPtrArray      *sd_storage_list_subscriptions  (SdStorage       *self,
                                                const char      *consumer_uscc,
                                                guint            offset,
                                                guint            limit,
                                                guint           *total,
                                                GError         **error);
gboolean        sd_storage_set_subscription_seen (SdStorage     *self,
                                                  gint64         id,
                                                  guint          version,
                                                  GError       **error);
gboolean        sd_storage_delete_subscription (SdStorage       *self,
                                                gint64           id,
                                                GError         **error);

typedef struct {
  gint64      id;
  char       *entry_id;
  char       *department_uscc;    /* the consumer department giving it */
  char       *kind;               /* "needs-met", "data-quality", "effect" */
  guint       rating;             /* 1–5 */
  char       *comment;            /* NULL: none */
  char       *author;             /* username */
  GDateTime  *at;
} SdFeedback;

void sd_feedback_free (SdFeedback *feedback);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdFeedback, sd_feedback_free)

/* Sets id and at (now when unset). */
gboolean   sd_storage_add_feedback     (SdStorage    *self,
                                        SdFeedback   *feedback,
                                        GError      **error);

/* Which feedback a caller sees: on @entry_id (NULL: any), and unless
 * @everything, given by @department or on entries @department provides. */
typedef struct {
  const char *entry_id;
  const char *department;
  gboolean    everything;
  guint       offset;
  guint       limit;
} SdFeedbackQuery;

typedef struct {
  const char *kind;
  guint       count;
  guint       rating_sum;
} SdFeedbackAggregate;

/* Of SdFeedback, newest first; *@total counts all matches. @aggregates
 * (3 elements, in the order needs-met, data-quality, effect; may be
 * NULL) get the count and sum of ratings of every match. */
GPtrArray *sd_storage_list_feedback    (SdStorage              *self,
                                        const SdFeedbackQuery  *query,
                                        guint                  *total,
                                        SdFeedbackAggregate    *aggregates,
                                        GError                **error);

G_END_DECLS
