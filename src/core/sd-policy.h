/* sd-policy.h — one regulation's rules as data: a policy profile.
 *
 * Profiles live in data/policies/<id>.json and are compiled into the
 * GResource under /io/github/sharedesk/ShareDesk/policies/. Every rule,
 * stage, deadline, violation kind and sanction carries the article it comes
 * from. Labels in the JSON are English gettext msgids (extracted into
 * src/core/sd-policy-strings.h for translators) and are returned
 * translated. docs/policies.md documents the format and compares the three.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sd-article.h"
#include "sd-enums.h"

G_BEGIN_DECLS

#define SD_POLICY_ERROR (sd_policy_error_quark ())

typedef enum {
  SD_POLICY_ERROR_NOT_FOUND,   /* no built-in profile with that id */
  SD_POLICY_ERROR_INVALID,     /* the profile JSON breaks the format */
} SdPolicyError;

GQuark sd_policy_error_quark (void);

/* A named thing of a profile with its article: a violation kind, a
 * sanction, a basic-data category (id = classification prefix), a
 * negotiation level, an update cycle, a share method, a security level. */
typedef struct {
  char      *id;
  char      *label;      /* English msgid; use sd_policy_item_get_label() */
  SdArticle *article;    /* may be NULL for values the platform adds (e.g. "other") */
  SdRole     role;       /* negotiation levels: who decides there; else SD_ROLE_INVALID */
} SdPolicyItem;

/* A step of a review flow (applications, objections). */
typedef struct {
  char      *id;             /* "support-first-review" */
  char      *label;
  SdRole     role;           /* whose turn it is */
  guint      deadline_wd;    /* working days from the day the stage starts; 0 = none set */
  SdArticle *article;
  GStrv      actions;        /* allowed actions: "approve", "refuse", "forward", ... */
  SdRole     delegate_role;  /* role the stage may be delegated to, or SD_ROLE_INVALID */
  SdArticle *delegation_article;
  char      *forward_to;     /* stage id "forward" moves to, or NULL */
} SdPolicyStage;

typedef struct {
  char      *id;               /* "unconditional", "conditional", "not-shared", "special" */
  guint      code;             /* national code: 1, 2, 3 (special: 3) */
  char      *label;
  SdArticle *article;
  GStrv      required_fields;  /* field paths, e.g. "share.conditions" */
  GStrv      methods;          /* share methods allowed; empty for not-shared */
  GPtrArray *stages;           /* of SdPolicyStage; empty = granted at once (or negotiation) */
  gboolean   negotiation;      /* applications go to negotiation between departments */
  gboolean   open_to_public_allowed;
} SdShareType;

/* A provision: a single rule with an optional value, e.g.
 * "catalogue.change-notice" (value 3, unit "months", mot-2021 art. 9).
 * Absent from a profile = the regulation does not have it. */
typedef struct {
  char      *id;
  char      *label;
  SdArticle *article;
  int        value;
  char      *unit;     /* "working-days", "months", "month-day" (value = MMDD) or NULL */
} SdProvision;

/* A compliance rule the profile applies. */
typedef struct {
  char       *id;        /* "C1-required", "C7-basic-unconditional", ... */
  SdSeverity  severity;
  SdArticle  *article;
} SdPolicyRule;

#define SD_TYPE_POLICY (sd_policy_get_type ())
G_DECLARE_FINAL_TYPE (SdPolicy, sd_policy, SD, POLICY, GObject)

/* The ids of the built-in profiles, in a stable order. Static; do not free. */
const char * const *sd_policy_list_builtin       (void);
/* Loads a built-in profile from the GResource. */
SdPolicy      *sd_policy_load_builtin            (const char   *id,
                                                  GError      **error);
/* Parses a profile; unknown members and missing required ones are errors. */
SdPolicy      *sd_policy_new_from_data           (GBytes       *json,
                                                  GError      **error);

const char    *sd_policy_get_id                  (SdPolicy     *self);
const char    *sd_policy_get_title               (SdPolicy     *self);  /* official Chinese title */
const char    *sd_policy_get_label               (SdPolicy     *self);  /* translated short name */
const char    *sd_policy_get_document_number     (SdPolicy     *self);  /* 交科技发〔2021〕33号 */
const char    *sd_policy_get_issuer              (SdPolicy     *self);  /* translated */
const char    *sd_policy_get_platform_label      (SdPolicy     *self);  /* translated */
const char    *sd_policy_get_calendar_id         (SdPolicy     *self);  /* "cn-mainland" */

GPtrArray          *sd_policy_get_share_types    (SdPolicy     *self);  /* of SdShareType, borrowed */
const SdShareType  *sd_policy_find_share_type    (SdPolicy     *self,
                                                  const char   *id);
/* Core metadata every entry must have (C1) and the article that says so. */
const char * const *sd_policy_get_core_fields    (SdPolicy     *self);
const SdArticle    *sd_policy_get_core_fields_article (SdPolicy *self);

GPtrArray          *sd_policy_get_basic_categories (SdPolicy   *self);  /* of SdPolicyItem */
/* The basic category whose id is a prefix of @classification_code, or NULL. */
const SdPolicyItem *sd_policy_find_basic_category  (SdPolicy   *self,
                                                    const char *classification_code);
GPtrArray          *sd_policy_get_update_cycles    (SdPolicy   *self);  /* of SdPolicyItem */
GPtrArray          *sd_policy_get_share_methods    (SdPolicy   *self);  /* of SdPolicyItem */
GPtrArray          *sd_policy_get_security_levels  (SdPolicy   *self);  /* of SdPolicyItem */
GPtrArray          *sd_policy_get_violation_kinds  (SdPolicy   *self);  /* of SdPolicyItem */
GPtrArray          *sd_policy_get_sanctions        (SdPolicy   *self);  /* of SdPolicyItem */
/* The escalation ladder of a negotiation (first = between the departments). */
GPtrArray          *sd_policy_get_negotiation_levels (SdPolicy *self);  /* of SdPolicyItem */
/* Objection handling stages, in order. */
GPtrArray          *sd_policy_get_objection_stages (SdPolicy   *self);  /* of SdPolicyStage */
/* Rectification stage: the department's response deadline. */
const SdPolicyStage *sd_policy_get_rectification_stage (SdPolicy *self);

/* Finds an item by id in one of the arrays above (NULL when absent). */
const SdPolicyItem *sd_policy_item_find          (GPtrArray    *items,
                                                  const char   *id);
const char         *sd_policy_item_get_label     (const SdPolicyItem *item);
const char         *sd_policy_stage_get_label    (const SdPolicyStage *stage);
const char         *sd_share_type_get_label      (const SdShareType *share_type);
const char         *sd_provision_get_label       (const SdProvision *provision);
gboolean            sd_policy_stage_allows       (const SdPolicyStage *stage,
                                                  const char   *action);
const SdPolicyStage *sd_share_type_find_stage    (const SdShareType *share_type,
                                                  const char   *stage_id);

GPtrArray          *sd_policy_get_provisions     (SdPolicy     *self);  /* of SdProvision */
const SdProvision  *sd_policy_get_provision      (SdPolicy     *self,
                                                  const char   *id);
GPtrArray          *sd_policy_get_rules          (SdPolicy     *self);  /* of SdPolicyRule */
const SdPolicyRule *sd_policy_find_rule          (SdPolicy     *self,
                                                  const char   *rule_id);

/* The whole profile as JSON (what the platform's /profile route serves and
 * what `sharedesk-cli profile show --json` prints). */
JsonNode           *sd_policy_to_json            (SdPolicy     *self);

G_END_DECLS
