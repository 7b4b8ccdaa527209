/* sd-compliance.h — runs a profile's compliance rules over a catalogue entry.
 *
 * The same check runs offline in the client and authoritatively on the
 * platform (mot-2021 art. 9: only entries that pass may be published). Which
 * rules apply, with which severity and article, is the profile's data
 * (sd_policy_get_rules()); what each rule id means is code, here.
 *
 * Rule ids:
 *   C1-required                   a core field (profile) or a field the share type requires is empty
 *   classification-form           classification code malformed
 *   resource-code-form            resource code malformed
 *   resource-code-classification  resource code's prefix differs from the classification code
 *   provider-uscc                 provider's 统一社会信用代码 invalid
 *   items-present                 no information items
 *   item-name-unique              two items share a name
 *   item-type-code                an item's data type code is not a national code
 *   item-length                   a character/numeric item without a length
 *   C5-share-type                 share type not one of the profile's
 *   C6-conditions                 conditional without conditions
 *   C6-legal-basis                not shared (or special) without a legal basis
 *   C7-basic-unconditional        a basic-data category entry that is not unconditional
 *   C7p-privacy                   personal or commercial-secret data marked unconditional
 *   C5p-recipients                special entry without recipients or with an invalid recipient
 *   C10-identifier                an identifier item's type/length does not fit its kind
 *                                 (ric and uscc: C, 18; org-code: C, 9)
 *   C10-personal-identifier       personal data without an item identified by 居民身份证号码
 *   share-method                  a method the share type does not allow, none for a shared
 *                                 type, or any for a not-shared one
 *   update-cycle                  not in the profile's list
 *   security-level                not in the profile's list
 *   format                        format kind unknown or type not of that kind
 *   release-date                  not a real YYYY-MM-DD date
 *   related-codes                 a related code malformed or the entry's own code
 *   open-attribute                open to the public while the share type does not allow it,
 *                                 or open with conditions missing
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-article.h"
#include "sd-catalogue-entry.h"
#include "sd-enums.h"
#include "sd-policy.h"

G_BEGIN_DECLS

#define SD_TYPE_FINDING (sd_finding_get_type ())

typedef struct {
  char       *rule_id;
  char       *field;      /* field path, e.g. "share.conditions" */
  SdSeverity  severity;
  SdArticle  *article;
  char       *message;    /* translated, names the field and the article */
} SdFinding;

GType       sd_finding_get_type        (void) G_GNUC_CONST;
SdFinding  *sd_finding_copy            (const SdFinding *finding);
void        sd_finding_free            (SdFinding       *finding);
JsonNode   *sd_finding_to_json         (const SdFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdFinding, sd_finding_free)

/* Every finding, ordered by field order of the entry; an array of SdFinding
 * (free with g_ptr_array_unref). Only the rules the profile lists run. */
GPtrArray  *sd_compliance_check        (SdPolicy         *policy,
                                        SdCatalogueEntry *entry);
guint       sd_compliance_count        (GPtrArray        *findings,
                                        SdSeverity        severity);
/* Every rule id this checker knows, in the order above. */
const char * const *sd_compliance_rule_ids (void);

G_END_DECLS
