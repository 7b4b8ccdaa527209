/* sd-information-item.h — one 信息项 of a catalogue entry.
 *
 * JSON: {"name": "身份证号码", "type_code": "C", "length": 18,
 *        "description": "...", "identifier_kind": "ric"}
 * type_code is one of the national data type codes C N Y D T L M G B I F;
 * identifier_kind is "" or one of "ric" (居民身份证号码), "uscc"
 * (统一社会信用代码), "org-code" (组织机构代码), "coordinates",
 * "city-code" (全市统一编码) — panjin-2016 art. 16.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SD_TYPE_INFORMATION_ITEM (sd_information_item_get_type ())
G_DECLARE_FINAL_TYPE (SdInformationItem, sd_information_item, SD, INFORMATION_ITEM, GObject)

SdInformationItem *sd_information_item_new                 (void);
SdInformationItem *sd_information_item_copy                (SdInformationItem *self);

const char        *sd_information_item_get_name            (SdInformationItem *self);
void               sd_information_item_set_name            (SdInformationItem *self, const char *name);
const char        *sd_information_item_get_type_code       (SdInformationItem *self);
void               sd_information_item_set_type_code       (SdInformationItem *self, const char *type_code);
guint              sd_information_item_get_length          (SdInformationItem *self);
void               sd_information_item_set_length          (SdInformationItem *self, guint length);
const char        *sd_information_item_get_description     (SdInformationItem *self);
void               sd_information_item_set_description     (SdInformationItem *self, const char *description);
const char        *sd_information_item_get_identifier_kind (SdInformationItem *self);
void               sd_information_item_set_identifier_kind (SdInformationItem *self, const char *kind);

/* Unknown members, wrong member types and a negative length are errors
 * (SD_CATALOGUE_ERROR_INVALID) naming the member. */
SdInformationItem *sd_information_item_new_from_json       (JsonNode          *node,
                                                            GError           **error);
JsonNode          *sd_information_item_to_json             (SdInformationItem *self);
/* Internal to the core: as sd_information_item_new_from_json(), with the
 * member paths in messages prefixed by @path ("information_items[1]"), so
 * an entry's errors name the item. */
SdInformationItem *_sd_information_item_new_from_json_at   (JsonNode          *node,
                                                            const char        *path,
                                                            GError           **error);

/* The national data type codes, in order, and their translated labels. */
const char * const *sd_information_item_type_codes         (void);
const char        *sd_information_item_type_code_label     (const char *type_code);
/* "", "ric", "uscc", "org-code", "coordinates", "city-code" */
const char * const *sd_information_item_identifier_kinds   (void);
const char        *sd_information_item_identifier_kind_label (const char *kind);

G_END_DECLS
