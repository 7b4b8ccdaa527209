/* sd-storage-projects.h — informatisation projects, their catalogue
 * entries and the catalogue receipts issued for them (requirement C11:
 * mot-2021 art. 20, state-council-2016 art. 21).
 *
 * A project belongs to one department and lists catalogue entries of it.
 * Each change makes a new version (1, 2, …), the project's ETag: an update
 * names the version it started from and a stale one is refused
 * (SD_STORAGE_ERROR_STALE, 412). A project with a receipt cannot be
 * deleted (CONFLICT).
 *
 * A receipt records which entry versions passed the checks. Its
 * verification code is shown once, at issue: the storage keeps only the
 * code's SHA-256, so a stolen database cannot forge a printed receipt.
 *
 * Projects and receipts are seen by their department and platform staff.
 */
#pragma once

#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct {
  gint64     id;
  char      *department_uscc;
  char      *name;
  char      *approval_date;     /* "YYYY-MM-DD" or NULL */
  char      *trial_run_date;    /* "YYYY-MM-DD" or NULL */
  GStrv      entry_ids;         /* catalogue entry ids, never NULL */
  guint      version;
  char      *created_by;
  GDateTime *created_at;
  GDateTime *updated_at;
} SdProject;

typedef struct {
  char  *entry_id;
  guint  version;
} SdReceiptEntry;

typedef struct {
  gint64     id;
  gint64     project_id;
  char      *kind;              /* "pre-catalogue" or "formal" */
  GPtrArray *entries;           /* of SdReceiptEntry */
  char      *issued_by;
  GDateTime *issued_at;
  /* Filled by sd_storage_find_receipt_by_code() only. */
  char      *project_name;
  char      *department_uscc;
} SdReceipt;

SdProject *sd_project_new          (void);
void       sd_project_free         (SdProject      *project);
SdReceipt *sd_receipt_new          (void);
void       sd_receipt_free         (SdReceipt      *receipt);
/* Appends an entry to @receipt's list. */
void       sd_receipt_add_entry    (SdReceipt      *receipt,
                                    const char     *entry_id,
                                    guint           version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdProject, sd_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdReceipt, sd_receipt_free)

/* Stores @project as version 1 and sets its id, version and instants.
 * Its department must exist (NOT_FOUND). */
gboolean   sd_storage_add_project    (SdStorage   *self,
                                      SdProject   *project,
                                      const char  *actor,
                                      GError     **error);
/* NOT_FOUND naming the id when there is none. */
SdProject *sd_storage_get_project    (SdStorage   *self,
                                      gint64       project_id,
                                      GError     **error);
/* Of SdProject, newest first: @department_uscc's, or every department's
 * when NULL. *@total is the number of all matching projects. */
GPtrArray *sd_storage_list_projects  (SdStorage   *self,
                                      const char  *department_uscc,
                                      guint        offset,
                                      guint        limit,
                                      guint       *total,
                                      GError     **error);
/* Stores name, dates and entries of @project as the next version when the
 * stored one is still @expected_version (else STALE). Sets @project's
 * version and updated_at. */
gboolean   sd_storage_update_project (SdStorage   *self,
                                      SdProject   *project,
                                      guint        expected_version,
                                      GError     **error);
/* Deletes a project without receipts (CONFLICT otherwise) and leaves a
 * tombstone in the change feed. */
gboolean   sd_storage_delete_project (SdStorage   *self,
                                      gint64       project_id,
                                      GError     **error);
/* How many of the project's entries have no dataset uploaded yet. */
gboolean   sd_storage_count_project_entries_without_data (SdStorage  *self,
                                                          gint64      project_id,
                                                          guint      *missing,
                                                          GError    **error);

/* Stores @receipt with the SHA-256 (hex) of its verification code and
 * sets its id and issued_at. The project must exist. */
gboolean   sd_storage_add_receipt    (SdStorage   *self,
                                      SdReceipt   *receipt,
                                      const char  *code_sha256,
                                      GError     **error);
/* Of SdReceipt, oldest first. */
GPtrArray *sd_storage_list_receipts  (SdStorage   *self,
                                      gint64       project_id,
                                      GError     **error);
/* The receipt whose code has the SHA-256 @code_sha256, with its project's
 * name and department; NOT_FOUND when none. */
SdReceipt *sd_storage_find_receipt_by_code (SdStorage   *self,
                                            const char  *code_sha256,
                                            GError     **error);

G_END_DECLS
