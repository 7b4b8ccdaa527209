/* sd-storage-private.h — what the storage's files share.
 *
 * The storage is one module in several files, one per domain
 * (sd-storage.c: connection, migrations, accounts, audit;
 * sd-storage-changes.c, sd-storage-catalogue.c, sd-storage-cases.c, …).
 * SQL appears in these files and nowhere else. Each domain file owns the
 * schema step it contributes to the migration list in sd-storage.c.
 *
 * Conventions every domain file follows:
 * - public functions take the lock (SD_STORAGE_LOCK) and run writes that
 *   touch more than one row in _sd_storage_write();
 * - statements come from _sd_storage_statement() (prepared once, cached)
 *   and are declared g_autoptr(Statement) so that they are reset on return;
 * - every write of an object the client syncs records a change
 *   (_sd_storage_record_change) in the same transaction.
 */
#pragma once

#include <sqlite3.h>

#include "sd-storage.h"

G_BEGIN_DECLS

struct _SdStorage
{
  GObject     parent_instance;

  GRecMutex   lock;            /* one thread at a time on the connection */
  sqlite3    *db;
  char       *path;
  GHashTable *statements;      /* SQL text (static) → prepared sqlite3_stmt */
  guint       depth;           /* open transactions, outermost included */
  int         schema_version;
  gboolean    fail_audit;      /* tests: every audit append fails */
};

/* A cached statement, reset (and its bindings cleared) when it goes out of
 * scope, so that no finished SELECT keeps a read transaction open. */
typedef sqlite3_stmt Statement;

static inline void
_sd_storage_statement_release (Statement *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Statement, _sd_storage_statement_release)

#define SD_STORAGE_LOCK(self) \
  g_autoptr(GRecMutexLocker) locker G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

/* @sql must be a string constant: it is the cache key. */
Statement *_sd_storage_statement           (SdStorage     *self,
                                            const char    *sql,
                                            GError       **error);
/* A NULL text binds SQL NULL. */
void       _sd_storage_bind_text           (sqlite3_stmt  *stmt,
                                            int            index,
                                            const char    *text);
gboolean   _sd_storage_step_done           (SdStorage     *self,
                                            sqlite3_stmt  *stmt,
                                            GError       **error);
/* Sets SD_STORAGE_ERROR_FAILED with SQLite's message; returns FALSE. */
gboolean   _sd_storage_fail                (SdStorage     *self,
                                            GError       **error);
gboolean   _sd_storage_is_unique_violation (SdStorage     *self);
/* Runs @func in a write transaction (a savepoint when nested). */
gboolean   _sd_storage_write               (SdStorage               *self,
                                            SdStorageTransactionFunc func,
                                            gpointer                 data,
                                            GError                 **error);

/* Instants are stored as microseconds since the Unix epoch (UTC). */
gint64     _sd_storage_usec                (GDateTime     *when);
gint64     _sd_storage_usec_now            (void);
GDateTime *_sd_storage_date_time           (gint64         usec);
/* A column's text, copied (NULL for SQL NULL). */
char      *_sd_storage_column_dup          (sqlite3_stmt  *stmt,
                                            int            column);

/* The row id of the department with @uscc; NOT_FOUND naming it. */
gboolean   _sd_storage_department_id       (SdStorage     *self,
                                            const char    *uscc,
                                            gint64        *id,
                                            GError       **error);
gboolean   _sd_storage_department_not_found (const char   *uscc,
                                             GError      **error);

/* Records that @object_type @object_id changed (or was deleted), for the
 * clients' delta sync (GET /api/v1/changes). Who may see the change:
 * everyone when @everyone, else platform staff and the departments
 * @department_a and @department_b (USCCs, either may be NULL). Call it in
 * the transaction of the write. */
gboolean   _sd_storage_record_change       (SdStorage     *self,
                                            const char    *object_type,
                                            const char    *object_id,
                                            gboolean       everyone,
                                            const char    *department_a,
                                            const char    *department_b,
                                            gboolean       deleted,
                                            GError       **error);

/* Fault injection for tests: makes every audit append fail, as a full
 * disk would, to prove that no change commits without its audit row. */
void       _sd_storage_set_fail_audit      (SdStorage     *self,
                                            gboolean       fail);

/* The schema steps of the domain files, in migration order. */
extern const char _sd_storage_schema_changes[];
extern const char _sd_storage_schema_catalogue[];
extern const char _sd_storage_schema_cases[];
extern const char _sd_storage_schema_data[];
extern const char _sd_storage_schema_projects[];
extern const char _sd_storage_schema_supervision[];

G_END_DECLS
