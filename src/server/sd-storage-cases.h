/* sd-storage-cases.h — workflow cases (applications, objections,
 * rectification cases, change registrations), their attachments, and the
 * authorisations granted applications create.
 *
 * A case is stored whole, as the JSON of its core machine (SdApplication,
 * SdObjection, …: sd_*_to_json), with the columns the platform lists and
 * authorises by beside it. The handler restores the machine, applies the
 * action and stores it back naming the version it read: of two reviewers
 * deciding at once, the second gets SD_STORAGE_ERROR_STALE (409/412).
 */
#pragma once

#include "sd-enums.h"
#include "sd-storage.h"

G_BEGIN_DECLS

typedef enum {
  SD_CASE_APPLICATION,
  SD_CASE_OBJECTION,
  SD_CASE_RECTIFICATION,
  SD_CASE_CHANGE_REGISTRATION,
} SdCaseKind;

/* "application", "objection", "rectification", "change-registration" */
const char *sd_case_kind_to_string (SdCaseKind kind);

typedef struct {
  gint64      id;
  SdCaseKind  kind;
  char       *entry_id;            /* the catalogue entry; NULL for rectifications */
  char       *consumer_uscc;       /* applicant, objection raiser; the department a rectification concerns */
  char       *provider_uscc;       /* the entry's provider; NULL for rectifications */
  char       *state;
  SdRole      current_role;        /* whose turn; SD_ROLE_INVALID when final */
  char       *current_department;  /* USCC whose turn it is, or NULL (platform roles) */
  char       *due_date;            /* "YYYY-MM-DD" or NULL */
  guint       version;             /* 1 when added, +1 per update */
  char       *json;                /* the machine's JSON */
  GDateTime  *created_at;          /* set by the storage */
  GDateTime  *updated_at;
} SdCaseRecord;

void sd_case_record_free (SdCaseRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCaseRecord, sd_case_record_free)

/* Sets id, version (1) and the timestamps. NOT_FOUND for an unknown
 * department or entry. */
gboolean      sd_storage_add_case    (SdStorage     *self,
                                      SdCaseRecord  *record,
                                      GError       **error);
/* NOT_FOUND when there is no case of @kind with @id. */
SdCaseRecord *sd_storage_get_case    (SdStorage     *self,
                                      SdCaseKind     kind,
                                      gint64         id,
                                      GError       **error);
/* Stores state, current role/department, due date and JSON of @record
 * when the stored version is still @expected_version (else STALE); sets
 * @record's version and updated_at. */
gboolean      sd_storage_update_case (SdStorage     *self,
                                      SdCaseRecord  *record,
                                      guint          expected_version,
                                      GError       **error);

/* Filters of sd_storage_list_cases(); NULL / SD_ROLE_INVALID / FALSE for
 * "any". */
typedef struct {
  SdCaseKind   kind;
  const char  *department;          /* consumer or provider is this USCC */
  const char  *consumer;
  const char  *provider;
  const char  *entry_id;
  const char  *state;
  SdRole       current_role;
  const char  *current_department;
  gboolean     open_only;           /* current_role is set */
  guint        offset;
  guint        limit;               /* 0: no limit */
} SdCaseQuery;

#define SD_CASE_QUERY_INIT(k) { .kind = (k), .current_role = SD_ROLE_INVALID }

/* Of SdCaseRecord, newest first; *@total (may be NULL) counts every
 * match, ignoring offset and limit. */
GPtrArray    *sd_storage_list_cases  (SdStorage          *self,
                                      const SdCaseQuery  *query,
                                      guint              *total,
                                      GError            **error);

/* Attachments of a case (application materials, objection evidence,
 * rectification evidence). */
typedef struct {
  gint64      id;
  gint64      case_id;
  char       *name;           /* file name as uploaded */
  char       *media_type;
  gsize       size;
  char       *sha256;         /* hex */
  char       *uploaded_by;    /* username */
  GDateTime  *at;
  GBytes     *content;        /* NULL in lists */
} SdAttachment;

void sd_attachment_free (SdAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAttachment, sd_attachment_free)

/* Sets id, size, sha256 and at. */
gboolean      sd_storage_add_attachment   (SdStorage     *self,
                                           SdAttachment  *attachment,
                                           GError       **error);
/* Of SdAttachment without content, oldest first. */
GPtrArray    *sd_storage_list_attachments (SdStorage     *self,
                                           gint64         case_id,
                                           GError       **error);
/* With content; NOT_FOUND unless it belongs to @case_id. */
SdAttachment *sd_storage_get_attachment   (SdStorage     *self,
                                           gint64         case_id,
                                           gint64         attachment_id,
                                           GError       **error);

/* An authorisation (共享授权): a consumer department may use an entry's
 * data, granted by an application. */
typedef struct {
  gint64      id;
  gint64      application_id;
  char       *entry_id;
  char       *consumer_uscc;
  char       *provider_uscc;
  GDateTime  *granted_at;
  GDateTime  *last_used_at;     /* NULL: never used */
  GDateTime  *revoked_at;       /* NULL: in force */
  char       *revoked_by;
  char       *revoke_reason;
} SdAuthorisation;

void sd_authorisation_free (SdAuthorisation *authorisation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAuthorisation, sd_authorisation_free)

/* Sets id; granted_at is @authorisation's or now. CONFLICT when the
 * application already has one. */
gboolean         sd_storage_add_authorisation      (SdStorage        *self,
                                                    SdAuthorisation  *authorisation,
                                                    GError          **error);
SdAuthorisation *sd_storage_get_authorisation      (SdStorage        *self,
                                                    gint64            id,
                                                    GError          **error);
/* The authorisation in force for @consumer_uscc on @entry_id, or NULL
 * with NOT_FOUND. */
SdAuthorisation *sd_storage_find_authorisation     (SdStorage        *self,
                                                    const char       *consumer_uscc,
                                                    const char       *entry_id,
                                                    GError          **error);
/* Filters; NULL for any. @unused_since: in force and not used at or after
 * it (never used and granted before it counts too): the 3-month list. */
GPtrArray       *sd_storage_list_authorisations    (SdStorage        *self,
                                                    const char       *department,  /* consumer or provider */
                                                    const char       *entry_id,
                                                    gboolean          in_force_only,
                                                    GDateTime        *unused_since,
                                                    GError          **error);
gboolean         sd_storage_touch_authorisation    (SdStorage        *self,
                                                    gint64            id,
                                                    GDateTime        *at,
                                                    GError          **error);
/* CONFLICT when already revoked. */
gboolean         sd_storage_revoke_authorisation   (SdStorage        *self,
                                                    gint64            id,
                                                    const char       *actor,
                                                    const char       *reason,
                                                    GDateTime        *at,
                                                    GError          **error);

G_END_DECLS
