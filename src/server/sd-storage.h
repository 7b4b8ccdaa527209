/* sd-storage.h — the platform's storage: the only file pair with SQL.
 *
 * SQLite by default (one writer connection, WAL, foreign keys on, prepared
 * statements only, every multi-row change in a transaction). The interface
 * speaks in domain records, never in SQL, so that a PostgreSQL backend can
 * be added later without touching the handlers.
 *
 * The audit table is append-only: each row carries the SHA-256 of the
 * previous row's hash and its own content (a hash chain), and triggers
 * refuse UPDATE and DELETE on it. sd_storage_audit_verify() names the first
 * row whose hash does not match after tampering.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sd-enums.h"

G_BEGIN_DECLS

#define SD_STORAGE_ERROR (sd_storage_error_quark ())

typedef enum {
  SD_STORAGE_ERROR_FAILED,        /* SQLite said no; message has its text */
  SD_STORAGE_ERROR_NOT_FOUND,     /* 404 */
  SD_STORAGE_ERROR_CONFLICT,      /* unique key taken (409) */
  SD_STORAGE_ERROR_STALE,         /* version mismatch (412) */
  SD_STORAGE_ERROR_SCHEMA,        /* database from a newer ShareDesk, or not ours */
  SD_STORAGE_ERROR_NOT_INITIALISED, /* no profile set: run `sharedesk-platform init` */
} SdStorageError;

GQuark sd_storage_error_quark (void);

/* Roles as a bit mask: 1 << SdRole. */
#define SD_ROLE_MASK(role) (1u << (role))

typedef struct {
  gint64  id;
  char   *uscc;                /* 统一社会信用代码, unique */
  char   *name;
  char   *responsible_person;  /* mot-2021 art. 22, state-council-2016 art. 23 */
  char   *contact;
} SdDepartment;

typedef struct {
  gint64    id;
  char     *username;          /* unique */
  char     *display_name;
  char     *department_uscc;   /* NULL for platform staff without a department */
  guint     roles;             /* SD_ROLE_MASK bits */
  gboolean  disabled;
  char     *password_hash;     /* libsodium crypto_pwhash_str output */
} SdUser;

typedef struct {
  gint64     id;
  GDateTime *at;               /* UTC */
  char      *actor;            /* username or "system" */
  char      *action;           /* "session.login", "application.approve", "authz.denied", ... */
  char      *object_type;
  char      *object_id;
  char      *detail;           /* JSON text */
  char      *prev_hash;        /* hex */
  char      *hash;             /* hex */
} SdAuditRecord;

void sd_department_free   (SdDepartment  *department);
void sd_user_free         (SdUser        *user);
void sd_audit_record_free (SdAuditRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDepartment, sd_department_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdUser, sd_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAuditRecord, sd_audit_record_free)

#define SD_TYPE_STORAGE (sd_storage_get_type ())
G_DECLARE_FINAL_TYPE (SdStorage, sd_storage, SD, STORAGE, GObject)

/* Opens (creating when missing) and migrates to the current schema. */
SdStorage  *sd_storage_open                (const char    *path,
                                            GError       **error);
int         sd_storage_get_schema_version  (SdStorage     *self);

/* The policy profile this platform runs: set once by `init`, never
 * changed (a different profile is a different deployment). */
gboolean    sd_storage_init_profile        (SdStorage     *self,
                                            const char    *profile_id,
                                            GError       **error);
/* NULL with SD_STORAGE_ERROR_NOT_INITIALISED before init. */
char       *sd_storage_get_profile_id      (SdStorage     *self,
                                            GError       **error);

/* Departments */
gboolean    sd_storage_add_department      (SdStorage     *self,
                                            SdDepartment  *department,   /* id set on success */
                                            GError       **error);
SdDepartment *sd_storage_get_department    (SdStorage     *self,
                                            const char    *uscc,
                                            GError       **error);
GPtrArray  *sd_storage_list_departments    (SdStorage     *self,       /* of SdDepartment, by name */
                                            GError       **error);

/* Users */
gboolean    sd_storage_add_user            (SdStorage     *self,
                                            SdUser        *user,         /* id set on success */
                                            GError       **error);
SdUser     *sd_storage_get_user            (SdStorage     *self,
                                            const char    *username,
                                            GError       **error);
SdUser     *sd_storage_get_user_by_id      (SdStorage     *self,
                                            gint64         id,
                                            GError       **error);
GPtrArray  *sd_storage_list_users          (SdStorage     *self,       /* of SdUser, by username */
                                            GError       **error);
/* Disabling also revokes every token of the user, in one transaction. */
gboolean    sd_storage_set_user_disabled   (SdStorage     *self,
                                            gint64         user_id,
                                            gboolean       disabled,
                                            GError       **error);
gboolean    sd_storage_set_user_password   (SdStorage     *self,
                                            gint64         user_id,
                                            const char    *password_hash,
                                            GError       **error);
/* Sets the display name, roles and department of the user with @user->id
 * (PATCH /api/v1/users/{username}); NOT_FOUND when there is no such user.
 * Username, password and the disabled flag have their own calls. */
gboolean    sd_storage_update_user         (SdStorage     *self,
                                            const SdUser  *user,
                                            GError       **error);

/* Session tokens: only their SHA-256 (hex) is stored. */
gboolean    sd_storage_add_token           (SdStorage     *self,
                                            const char    *token_hash,
                                            gint64         user_id,
                                            GDateTime     *expires,
                                            GError       **error);
/* The user of a live token (not revoked, not expired at @now, user not
 * disabled), or NULL with SD_STORAGE_ERROR_NOT_FOUND. */
SdUser     *sd_storage_lookup_token        (SdStorage     *self,
                                            const char    *token_hash,
                                            GDateTime     *now,
                                            GError       **error);
gboolean    sd_storage_revoke_token        (SdStorage     *self,
                                            const char    *token_hash,
                                            GError       **error);

/* Failed log-ins, for throttling (429). */
gboolean    sd_storage_record_login_failure (SdStorage    *self,
                                             const char   *username,
                                             GDateTime    *at,
                                             GError      **error);
/* Failures of @username at or after @since. */
guint       sd_storage_count_login_failures (SdStorage    *self,
                                             const char   *username,
                                             GDateTime    *since,
                                             GError      **error);
gboolean    sd_storage_clear_login_failures (SdStorage    *self,
                                             const char   *username,
                                             GError      **error);

/* Holiday calendar years imported by the administrator (the JSON of
 * data/holidays/YYYY.json); they extend or replace the built-in years. */
gboolean    sd_storage_put_calendar_year   (SdStorage     *self,
                                            int            year,
                                            const char    *json,
                                            GError       **error);
/* year (int as GINT_TO_POINTER) → JSON text (char*); owned hash table. */
GHashTable *sd_storage_list_calendar_years (SdStorage     *self,
                                            GError       **error);

/* Audit: append-only, hash-chained. @detail may be NULL. */
gboolean    sd_storage_audit_append        (SdStorage     *self,
                                            const char    *actor,
                                            const char    *action,
                                            const char    *object_type,
                                            const char    *object_id,
                                            JsonNode      *detail,
                                            GError       **error);
/* Rows with id > @after_id, oldest first, at most @limit. */
GPtrArray  *sd_storage_audit_list          (SdStorage     *self,
                                            gint64         after_id,
                                            guint          limit,
                                            GError       **error);
/* TRUE when the chain is intact; else FALSE, *first_bad_id = the first row
 * that does not verify (0 when the failure is not a row's). */
gboolean    sd_storage_audit_verify        (SdStorage     *self,
                                            gint64        *first_bad_id,
                                            guint64       *rows_checked,
                                            GError       **error);

/* Runs @func inside one transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK
 * when @func returns FALSE). Nested calls join the outer transaction. */
typedef gboolean (*SdStorageTransactionFunc) (SdStorage *self, gpointer data, GError **error);
gboolean    sd_storage_transaction         (SdStorage              *self,
                                            SdStorageTransactionFunc func,
                                            gpointer                data,
                                            GError                **error);

G_END_DECLS
