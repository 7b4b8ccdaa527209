/* sd-catalogue-entry.h — a 政务数据目录 entry: the national element set plus
 * the fields the three regulations add, with its version and state.
 *
 * The JSON form is the one wire format of client, server and files:
 *
 *   {
 *     "id": "",                              platform id, "" for a new draft
 *     "classification_code": "1010201",      信息资源分类
 *     "resource_code": "1010201/000001",     信息资源代码
 *     "name": "...", "abstract": "...",
 *     "provider": {"name": "...", "uscc": "11100000000013127X"},
 *     "format": {"kind": "database", "type": "oracle"},
 *     "information_items": [ {SdInformationItem} ... ],
 *     "share": {"type": "conditional", "conditions": "...", "legal_basis": "",
 *               "scope": "...", "methods": ["api"], "recipients": []},
 *     "open": {"to_public": false, "conditions": ""},
 *     "update_cycle": "monthly",
 *     "source_system": "...", "security_level": "general",
 *     "release_date": "2026-03-01",           "" when not released
 *     "related_codes": ["1010201/000002"],
 *     "sensitivity": {"personal_info": false, "commercial_secret": false},
 *     "external": false,                      out-of-industry data (mot-2021 art. 13)
 *     "version": 1, "state": "draft"
 *   }
 *
 * Every member is optional on input (a draft may be incomplete; the
 * compliance checker says what is missing) but an unknown member, a member
 * of the wrong JSON type, an unknown state or a version below 1 is an
 * SD_CATALOGUE_ERROR_INVALID that names the member path. Output always
 * writes every member, so input → output → input is lossless.
 *
 * Field paths ("share.conditions", "information_items[2].name") are the
 * same names joined by dots; compliance findings and diffs use them.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-enums.h"
#include "sd-information-item.h"

G_BEGIN_DECLS

#define SD_CATALOGUE_ERROR (sd_catalogue_error_quark ())

typedef enum {
  SD_CATALOGUE_ERROR_INVALID,   /* malformed JSON or a member that breaks the format */
} SdCatalogueError;

GQuark sd_catalogue_error_quark (void);

/* One field that differs between two versions. */
typedef struct {
  char *path;        /* "share.conditions", "information_items[1].length" */
  char *old_value;   /* JSON text of the old value, NULL when added */
  char *new_value;   /* JSON text of the new value, NULL when removed */
} SdFieldChange;

void sd_field_change_free (SdFieldChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdFieldChange, sd_field_change_free)

#define SD_TYPE_CATALOGUE_ENTRY (sd_catalogue_entry_get_type ())
G_DECLARE_FINAL_TYPE (SdCatalogueEntry, sd_catalogue_entry, SD, CATALOGUE_ENTRY, GObject)

/* A new draft, version 1, every field empty. */
SdCatalogueEntry *sd_catalogue_entry_new                  (void);
SdCatalogueEntry *sd_catalogue_entry_copy                 (SdCatalogueEntry *self);

SdCatalogueEntry *sd_catalogue_entry_new_from_json        (JsonNode         *node,
                                                           GError          **error);
SdCatalogueEntry *sd_catalogue_entry_new_from_data        (const char       *json,
                                                           gssize            length,
                                                           GError          **error);
JsonNode         *sd_catalogue_entry_to_json              (SdCatalogueEntry *self);
char             *sd_catalogue_entry_to_data              (SdCatalogueEntry *self,
                                                           gboolean          pretty);

/* Field-level differences from @self to @other, in field order; an array
 * of SdFieldChange (free with g_ptr_array_unref). Version and state are
 * not compared. */
GPtrArray        *sd_catalogue_entry_diff                 (SdCatalogueEntry *self,
                                                           SdCatalogueEntry *other);

const char  *sd_catalogue_entry_get_id                    (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_id                    (SdCatalogueEntry *self, const char *id);
const char  *sd_catalogue_entry_get_classification_code   (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_classification_code   (SdCatalogueEntry *self, const char *code);
const char  *sd_catalogue_entry_get_resource_code         (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_resource_code         (SdCatalogueEntry *self, const char *code);
const char  *sd_catalogue_entry_get_name                  (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_name                  (SdCatalogueEntry *self, const char *name);
const char  *sd_catalogue_entry_get_abstract              (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_abstract              (SdCatalogueEntry *self, const char *text);
const char  *sd_catalogue_entry_get_provider_name         (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_provider_name         (SdCatalogueEntry *self, const char *name);
const char  *sd_catalogue_entry_get_provider_uscc         (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_provider_uscc         (SdCatalogueEntry *self, const char *uscc);
const char  *sd_catalogue_entry_get_format_kind           (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_format_kind           (SdCatalogueEntry *self, const char *kind);
const char  *sd_catalogue_entry_get_format_type           (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_format_type           (SdCatalogueEntry *self, const char *type);

/* A GListModel of SdInformationItem owned by the entry: add, remove and
 * reorder through it. */
GListStore  *sd_catalogue_entry_get_information_items     (SdCatalogueEntry *self);

const char  *sd_catalogue_entry_get_share_type            (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_type            (SdCatalogueEntry *self, const char *type);
const char  *sd_catalogue_entry_get_share_conditions      (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_conditions      (SdCatalogueEntry *self, const char *text);
const char  *sd_catalogue_entry_get_share_legal_basis     (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_legal_basis     (SdCatalogueEntry *self, const char *text);
const char  *sd_catalogue_entry_get_share_scope           (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_scope           (SdCatalogueEntry *self, const char *text);
const char * const *sd_catalogue_entry_get_share_methods  (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_methods         (SdCatalogueEntry *self, const char * const *methods);
/* USCCs of the departments a special (特殊共享类) entry may go to. */
const char * const *sd_catalogue_entry_get_share_recipients (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_share_recipients      (SdCatalogueEntry *self, const char * const *usccs);

gboolean     sd_catalogue_entry_get_open_to_public        (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_open_to_public        (SdCatalogueEntry *self, gboolean open);
const char  *sd_catalogue_entry_get_open_conditions       (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_open_conditions       (SdCatalogueEntry *self, const char *text);

const char  *sd_catalogue_entry_get_update_cycle          (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_update_cycle          (SdCatalogueEntry *self, const char *cycle);
const char  *sd_catalogue_entry_get_source_system         (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_source_system         (SdCatalogueEntry *self, const char *system);
const char  *sd_catalogue_entry_get_security_level        (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_security_level        (SdCatalogueEntry *self, const char *level);
/* "YYYY-MM-DD" or "" */
const char  *sd_catalogue_entry_get_release_date          (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_release_date          (SdCatalogueEntry *self, const char *date);
const char * const *sd_catalogue_entry_get_related_codes  (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_related_codes         (SdCatalogueEntry *self, const char * const *codes);

gboolean     sd_catalogue_entry_get_contains_personal_info     (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_contains_personal_info     (SdCatalogueEntry *self, gboolean value);
gboolean     sd_catalogue_entry_get_contains_commercial_secret (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_contains_commercial_secret (SdCatalogueEntry *self, gboolean value);
gboolean     sd_catalogue_entry_get_external              (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_external              (SdCatalogueEntry *self, gboolean value);

guint        sd_catalogue_entry_get_version               (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_version               (SdCatalogueEntry *self, guint version);
SdEntryState sd_catalogue_entry_get_state                 (SdCatalogueEntry *self);
void         sd_catalogue_entry_set_state                 (SdCatalogueEntry *self, SdEntryState state);

/* The translated name of a field path for messages ("share.conditions" →
 * "Share conditions"; an item path names the item: "Information item 3:
 * data type"). Unknown paths are returned as they are. */
char        *sd_catalogue_entry_field_label               (const char *path);

/* Format kinds of the national element set ("electronic-file",
 * "spreadsheet", "database", "image", "streaming-media",
 * "self-describing", "service-interface") and the types each allows
 * (compared case-insensitively; empty for the last two, which take any). */
const char * const *sd_catalogue_format_kinds             (void);
const char        *sd_catalogue_format_kind_label         (const char *kind);
const char * const *sd_catalogue_format_types             (const char *kind);

G_END_DECLS
