/* test-compliance.c — every rule of every profile, failing and passing.
 *
 * For each profile a baseline entry passes with no finding. Each rule the
 * profile lists has a mutation of the baseline that triggers that rule and
 * nothing else (one finding: rule, field, severity, article), and a
 * near-miss mutation on the other side of the rule's boundary that passes.
 * The expected articles and severities are written out here from
 * docs/policy-format.md, independently of the profile files.
 */
#include <stdarg.h>
#include <string.h>

#include "sd-test-utils.h"

/* ---- Expectations per profile --------------------------------------------- */

typedef struct {
  const char *rule_id;
  const char *article;    /* without the profile id */
  SdSeverity  severity;
} RuleExpectation;

typedef struct {
  const char            *id;
  const char            *default_article;
  const char * const    *rules;
  const RuleExpectation *overrides;   /* articles and severities that differ */
  const char            *update_cycle_outside;  /* a cycle the profile lacks */
  const char            *update_cycle_inside;
  const char * const    *methods;     /* every method of the shared types */
  const char            *excluded_share_type;   /* the national type it lacks */
  const char            *withheld_share_type;   /* its type code 3 */
} ProfileExpectation;

#define COMMON_RULES                                                         \
  "C1-required", "classification-form", "resource-code-form",                \
  "resource-code-classification", "provider-uscc", "items-present",          \
  "item-name-unique", "item-type-code", "item-length", "C5-share-type",      \
  "C6-conditions", "C6-legal-basis", "C10-identifier", "share-method",       \
  "update-cycle", "security-level", "format", "release-date",                \
  "related-codes", "open-attribute"

static const char * const mot_rules[] = { COMMON_RULES, "C7-basic-unconditional", NULL };
static const char * const sc_rules[] = { COMMON_RULES, "C7-basic-unconditional", NULL };
static const char * const panjin_rules[] = {
  COMMON_RULES, "C7p-privacy", "C5p-recipients", "C10-personal-identifier", NULL
};

static const RuleExpectation mot_overrides[] = {
  { "item-length", NULL, SD_SEVERITY_WARNING },
  { "C5-share-type", "art. 6", SD_SEVERITY_ERROR },
  { "C6-conditions", "art. 7(2)", SD_SEVERITY_ERROR },
  { "C6-legal-basis", "art. 7(3)", SD_SEVERITY_ERROR },
  { "C7-basic-unconditional", "art. 7(1)", SD_SEVERITY_ERROR },
  { "share-method", "art. 10", SD_SEVERITY_ERROR },
  { "security-level", "art. 19", SD_SEVERITY_ERROR },
  { "related-codes", NULL, SD_SEVERITY_WARNING },
  { "open-attribute", "art. 6", SD_SEVERITY_WARNING },
  { NULL }
};

static const RuleExpectation sc_overrides[] = {
  { "item-length", NULL, SD_SEVERITY_WARNING },
  { "C5-share-type", "art. 9", SD_SEVERITY_ERROR },
  { "C6-conditions", "art. 9", SD_SEVERITY_ERROR },
  { "C6-legal-basis", "art. 10(1)", SD_SEVERITY_ERROR },
  { "C7-basic-unconditional", "art. 10(2)", SD_SEVERITY_ERROR },
  { "share-method", "art. 12", SD_SEVERITY_ERROR },
  { "security-level", "art. 20", SD_SEVERITY_WARNING },
  { "related-codes", NULL, SD_SEVERITY_WARNING },
  { "open-attribute", "art. 9", SD_SEVERITY_WARNING },
  { NULL }
};

static const RuleExpectation panjin_overrides[] = {
  { "provider-uscc", "art. 7", SD_SEVERITY_ERROR },
  { "item-length", NULL, SD_SEVERITY_WARNING },
  { "C5-share-type", "art. 8", SD_SEVERITY_ERROR },
  { "C6-conditions", "art. 8", SD_SEVERITY_ERROR },
  { "C6-legal-basis", "art. 8", SD_SEVERITY_ERROR },
  { "C7p-privacy", "art. 9", SD_SEVERITY_ERROR },
  { "C5p-recipients", "art. 19", SD_SEVERITY_ERROR },
  { "C10-identifier", "art. 16", SD_SEVERITY_ERROR },
  { "C10-personal-identifier", "art. 16", SD_SEVERITY_ERROR },
  { "share-method", "art. 5", SD_SEVERITY_ERROR },
  { "update-cycle", "art. 13", SD_SEVERITY_ERROR },
  { "security-level", "art. 30", SD_SEVERITY_WARNING },
  { "related-codes", NULL, SD_SEVERITY_WARNING },
  { "open-attribute", "art. 23", SD_SEVERITY_WARNING },
  { NULL }
};

static const char * const mot_methods[] = {
  "online-query", "subscription", "download", "database-table", "api", "file", NULL
};
static const char * const sc_methods[] = {
  "system-docking", "front-end-processor", "online-query", "download",
  "database-table", "api", "file", NULL
};
static const char * const panjin_methods[] = {
  "database-table", "api", "file", "online-query", "subscription", NULL
};

static const ProfileExpectation profiles[] = {
  { "mot-2021", "art. 8", mot_rules, mot_overrides, "hourly", "half-yearly",
    mot_methods, "special", "not-shared" },
  { "state-council-2016", "art. 7", sc_rules, sc_overrides, "hourly", "half-yearly",
    sc_methods, "special", "not-shared" },
  { "panjin-2016", "art. 11", panjin_rules, panjin_overrides, "half-yearly", "irregular",
    panjin_methods, "not-shared", "special" },
};

static const ProfileExpectation *
find_profile (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (profiles[i].id, id))
      return &profiles[i];
  g_assert_not_reached ();
}

static char *
expected_article (const ProfileExpectation *profile, const char *rule_id)
{
  const char *article = profile->default_article;

  for (const RuleExpectation *o = profile->overrides; o->rule_id != NULL; o++)
    if (g_str_equal (o->rule_id, rule_id) && o->article != NULL)
      article = o->article;
  return g_strdup_printf ("%s %s", profile->id, article);
}

static SdSeverity
expected_severity (const ProfileExpectation *profile, const char *rule_id)
{
  for (const RuleExpectation *o = profile->overrides; o->rule_id != NULL; o++)
    if (g_str_equal (o->rule_id, rule_id))
      return o->severity;
  return SD_SEVERITY_ERROR;
}

/* ---- The baseline entry ------------------------------------------------------- */

static void
add_item (SdCatalogueEntry *entry,
          const char       *name,
          const char       *type_code,
          guint             length,
          const char       *kind)
{
  g_autoptr(SdInformationItem) item = sd_information_item_new ();

  sd_information_item_set_name (item, name);
  sd_information_item_set_type_code (item, type_code);
  sd_information_item_set_length (item, length);
  sd_information_item_set_identifier_kind (item, kind);
  g_list_store_append (sd_catalogue_entry_get_information_items (entry), item);
}

static SdInformationItem *
get_item (SdCatalogueEntry *entry, guint index)
{
  GListModel *items = G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry));
  SdInformationItem *item = g_list_model_get_item (items, index);

  g_assert_nonnull (item);
  g_object_unref (item);   /* borrowed: the store keeps its reference */
  return item;
}

/* A conditional, complete entry of a thematic (非基础) category: it passes
 * every rule of the profile. */
static SdCatalogueEntry *
make_baseline (const ProfileExpectation *profile)
{
  SdCatalogueEntry *entry = sd_catalogue_entry_new ();
  const char *methods[] = { "api", "online-query", NULL };
  const char *related[] = { "2050301/000006", NULL };

  sd_catalogue_entry_set_classification_code (entry, "2050301");
  sd_catalogue_entry_set_resource_code (entry, "2050301/000007");
  sd_catalogue_entry_set_name (entry, "危险货物道路运输企业安全生产信息");
  sd_catalogue_entry_set_abstract (entry, "危险货物道路运输企业的安全生产标准化等级、事故和监督检查信息。");
  sd_catalogue_entry_set_provider_name (entry, "交通运输部运输服务司");
  sd_catalogue_entry_set_provider_uscc (entry, SD_TEST_USCC_PROVIDER);
  sd_catalogue_entry_set_format_kind (entry, "database");
  sd_catalogue_entry_set_format_type (entry, "oracle");

  add_item (entry, "企业名称", "C", 200, "");
  add_item (entry, "统一社会信用代码", "C", 18, "uscc");
  add_item (entry, "主要负责人身份证号码", "C", 18, "ric");
  add_item (entry, "安全生产标准化等级", "C", 20, "");
  add_item (entry, "事故次数", "N", 4, "");
  add_item (entry, "检查日期", "D", 8, "");

  sd_catalogue_entry_set_share_type (entry, "conditional");
  sd_catalogue_entry_set_share_conditions (entry, "仅限交通运输和应急管理部门履行安全监管职责使用");
  sd_catalogue_entry_set_share_scope (entry, "交通运输、应急管理部门");
  sd_catalogue_entry_set_share_methods (entry, methods);
  sd_catalogue_entry_set_update_cycle (entry, "monthly");
  sd_catalogue_entry_set_source_system (entry, "危险货物道路运输安全监管系统");
  sd_catalogue_entry_set_security_level (entry, "sensitive");
  sd_catalogue_entry_set_release_date (entry, "2026-01-15");
  sd_catalogue_entry_set_related_codes (entry, related);

  (void) profile;
  return entry;
}

/* ---- Mutations: fail (exactly one finding) and pass (none) ----------------------- */

typedef void (*Mutation) (SdCatalogueEntry *entry, const ProfileExpectation *profile);

static void
set_strings (SdCatalogueEntry *entry,
             void            (*setter) (SdCatalogueEntry *, const char * const *),
             const char       *first,
             ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_strv_builder_add (builder, s);
  va_end (args);
  strv = g_strv_builder_end (builder);
  setter (entry, (const char * const *) strv);
}

static void
fail_required (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* Blank includes the ideographic space of Chinese input methods. */
  sd_catalogue_entry_set_name (entry, " \u3000 ");
}

static void
pass_required (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* Neither is core metadata in any profile. */
  sd_catalogue_entry_set_release_date (entry, "");
  sd_catalogue_entry_set_related_codes (entry, NULL);
}

static void
fail_classification_form (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* Class 4 does not exist (1 基础, 2 主题, 3 部门). */
  sd_catalogue_entry_set_classification_code (entry, "4050301");
}

static void
pass_classification_form (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* The shortest code: 类 + 项. */
  sd_catalogue_entry_set_classification_code (entry, "205");
  sd_catalogue_entry_set_resource_code (entry, "205/000001");
}

static void
fail_resource_code_form (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_resource_code (entry, "2050301/000000");
}

static void
pass_resource_code_form (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* The national guide's own example. */
  sd_catalogue_entry_set_classification_code (entry, "3070211760000002004006");
  sd_catalogue_entry_set_resource_code (entry, "3070211760000002004006/000033");
}

static void
fail_resource_code_classification (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_resource_code (entry, "2050302/000007");
}

static void
pass_resource_code_classification (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_classification_code (entry, "2050302");
  sd_catalogue_entry_set_resource_code (entry, "2050302/000001");
}

static void
fail_provider_uscc (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* SD_TEST_USCC_PROVIDER with the wrong check character. */
  sd_catalogue_entry_set_provider_uscc (entry, "11100000000013127X");
}

static void
pass_provider_uscc (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_provider_uscc (entry, SD_TEST_USCC_OTHER);
}

static void
fail_items_present (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  g_list_store_remove_all (sd_catalogue_entry_get_information_items (entry));
}

static void
pass_items_present (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  GListStore *store = sd_catalogue_entry_get_information_items (entry);

  g_list_store_splice (store, 1, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1, NULL, 0);
}

static void
fail_item_name_unique (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_information_item_set_name (get_item (entry, 3), "企业名称");
}

static void
pass_item_name_unique (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_information_item_set_name (get_item (entry, 3), "企业名称（英文）");
}

static void
fail_item_type_code (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_information_item_set_type_code (get_item (entry, 3), "S");
}

static void
pass_item_type_code (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* An integer needs no length. */
  sd_information_item_set_type_code (get_item (entry, 3), "I");
  sd_information_item_set_length (get_item (entry, 3), 0);
}

static void
fail_item_length (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_information_item_set_length (get_item (entry, 4), 0);
}

static void
pass_item_length (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_information_item_set_length (get_item (entry, 5), 0);
}

static void
fail_share_type (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_type (entry, profile->excluded_share_type);
}

static void
pass_share_type (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_type (entry, "unconditional");
}

static void
fail_c6_conditions (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_conditions (entry, "");
}

static void
pass_c6_conditions (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_type (entry, "unconditional");
  sd_catalogue_entry_set_share_conditions (entry, "");
}

/* The profile's type code 3 (not shared, or panjin's special sharing) as
 * the share type, complete but for the legal basis. */
static void
make_withheld (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_type (entry, profile->withheld_share_type);
  if (g_str_equal (profile->withheld_share_type, "special"))
    set_strings (entry, sd_catalogue_entry_set_share_recipients,
                 SD_TEST_USCC_CONSUMER, SD_TEST_USCC_OTHER, NULL);
  else
    sd_catalogue_entry_set_share_methods (entry, NULL);
}

static void
fail_c6_legal_basis (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  make_withheld (entry, profile);
}

static void
pass_c6_legal_basis (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  make_withheld (entry, profile);
  sd_catalogue_entry_set_share_legal_basis (entry, "《中华人民共和国安全生产法》第三十九条");
}

static void
make_basic (SdCatalogueEntry *entry)
{
  /* 102: vehicles (mot-2021), legal persons (state-council-2016). */
  sd_catalogue_entry_set_classification_code (entry, "1020301");
  sd_catalogue_entry_set_resource_code (entry, "1020301/000007");
}

static void
fail_c7_basic (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  make_basic (entry);
}

static void
pass_c7_basic (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  make_basic (entry);
  sd_catalogue_entry_set_share_type (entry, "unconditional");
}

static void
fail_c7p_privacy (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_contains_personal_info (entry, TRUE);
  sd_catalogue_entry_set_share_type (entry, "unconditional");
}

static void
pass_c7p_privacy (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_contains_personal_info (entry, TRUE);
  sd_catalogue_entry_set_contains_commercial_secret (entry, TRUE);
}

static void
fail_c5p_recipients (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  pass_c6_legal_basis (entry, profile);
  set_strings (entry, sd_catalogue_entry_set_share_recipients,
               SD_TEST_USCC_CONSUMER, "91110000600037341l", NULL);
}

static void
pass_c5p_recipients (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  pass_c6_legal_basis (entry, profile);
}

static void
fail_c10_identifier (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* The old 15-digit ID card number. */
  sd_information_item_set_length (get_item (entry, 2), 15);
}

static void
pass_c10_identifier (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  SdInformationItem *item = get_item (entry, 1);

  sd_information_item_set_name (item, "组织机构代码");
  sd_information_item_set_identifier_kind (item, "org-code");
  sd_information_item_set_length (item, 9);
}

static void
fail_c10_personal (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_contains_personal_info (entry, TRUE);
  sd_information_item_set_identifier_kind (get_item (entry, 2), "");
}

static void
pass_c10_personal (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_contains_personal_info (entry, TRUE);
}

static void
fail_share_method (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* A national method (by e-mail), but not a platform method. */
  set_strings (entry, sd_catalogue_entry_set_share_methods, "api", "email", NULL);
}

static void
pass_share_method (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_share_methods (entry, profile->methods);
}

static void
fail_update_cycle (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_update_cycle (entry, profile->update_cycle_outside);
}

static void
pass_update_cycle (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_update_cycle (entry, profile->update_cycle_inside);
}

static void
fail_security_level (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_security_level (entry, "secret");
}

static void
pass_security_level (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_security_level (entry, "important");
}

static void
fail_format (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_format_type (entry, "xlsx");
}

static void
pass_format (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  /* Types compare case-insensitively. */
  sd_catalogue_entry_set_format_type (entry, "ORACLE");
}

static void
fail_release_date (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_release_date (entry, "2026-02-29");
}

static void
pass_release_date (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_release_date (entry, "2024-02-29");
}

static void
fail_related_codes (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  set_strings (entry, sd_catalogue_entry_set_related_codes, "2050301/000006", "2050301/000007", NULL);
}

static void
pass_related_codes (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  set_strings (entry, sd_catalogue_entry_set_related_codes, "2050301/000006", "2050301/000008", NULL);
}

static void
fail_open_attribute (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_open_to_public (entry, TRUE);
}

static void
pass_open_attribute (SdCatalogueEntry *entry, const ProfileExpectation *profile)
{
  sd_catalogue_entry_set_open_to_public (entry, TRUE);
  sd_catalogue_entry_set_open_conditions (entry, "仅公开企业名称和安全生产标准化等级");
}

typedef struct {
  const char *rule_id;
  const char *field;      /* the field of the failing mutation's finding */
  Mutation    fail;
  Mutation    pass;
} RuleCase;

static const RuleCase rule_cases[] = {
  { "C1-required", "name", fail_required, pass_required },
  { "classification-form", "classification_code", fail_classification_form, pass_classification_form },
  { "resource-code-form", "resource_code", fail_resource_code_form, pass_resource_code_form },
  { "resource-code-classification", "resource_code", fail_resource_code_classification,
    pass_resource_code_classification },
  { "provider-uscc", "provider.uscc", fail_provider_uscc, pass_provider_uscc },
  { "items-present", "information_items", fail_items_present, pass_items_present },
  { "item-name-unique", "information_items[3].name", fail_item_name_unique, pass_item_name_unique },
  { "item-type-code", "information_items[3].type_code", fail_item_type_code, pass_item_type_code },
  { "item-length", "information_items[4].length", fail_item_length, pass_item_length },
  { "C5-share-type", "share.type", fail_share_type, pass_share_type },
  { "C6-conditions", "share.conditions", fail_c6_conditions, pass_c6_conditions },
  { "C6-legal-basis", "share.legal_basis", fail_c6_legal_basis, pass_c6_legal_basis },
  { "C7-basic-unconditional", "share.type", fail_c7_basic, pass_c7_basic },
  { "C7p-privacy", "share.type", fail_c7p_privacy, pass_c7p_privacy },
  { "C5p-recipients", "share.recipients", fail_c5p_recipients, pass_c5p_recipients },
  { "C10-identifier", "information_items[2].length", fail_c10_identifier, pass_c10_identifier },
  { "C10-personal-identifier", "information_items", fail_c10_personal, pass_c10_personal },
  { "share-method", "share.methods", fail_share_method, pass_share_method },
  { "update-cycle", "update_cycle", fail_update_cycle, pass_update_cycle },
  { "security-level", "security_level", fail_security_level, pass_security_level },
  { "format", "format.type", fail_format, pass_format },
  { "release-date", "release_date", fail_release_date, pass_release_date },
  { "related-codes", "related_codes", fail_related_codes, pass_related_codes },
  { "open-attribute", "open.conditions", fail_open_attribute, pass_open_attribute },
};

static const RuleCase *
find_rule_case (const char *rule_id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    if (g_str_equal (rule_cases[i].rule_id, rule_id))
      return &rule_cases[i];
  return NULL;
}

/* ---- Helpers ------------------------------------------------------------------ */

static char *
describe_findings (GPtrArray *findings)
{
  g_autoptr(GString) text = g_string_new ("");

  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = g_ptr_array_index (findings, i);

      g_string_append_printf (text, "\n  %s %s: %s", finding->rule_id, finding->field, finding->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_no_findings (GPtrArray *findings)
{
  if (findings->len > 0)
    {
      g_autofree char *text = describe_findings (findings);

      g_error ("expected no finding, got:%s", text);
    }
}

static const SdFinding *
assert_one_finding (GPtrArray *findings)
{
  if (findings->len != 1)
    {
      g_autofree char *text = describe_findings (findings);

      g_error ("expected exactly one finding, got %u:%s", findings->len, text);
    }
  return g_ptr_array_index (findings, 0);
}

/* Profiles loaded once for the whole run (freed at the end of main). */
static GHashTable *policies;

static GPtrArray *
check_entry (const char *profile_id, SdCatalogueEntry *entry)
{
  SdPolicy *policy = g_hash_table_lookup (policies, profile_id);

  if (policy == NULL)
    {
      policy = sd_test_policy (profile_id);
      g_hash_table_insert (policies, g_strdup (profile_id), policy);
    }
  return sd_compliance_check (policy, entry);
}

/* ---- Tests -------------------------------------------------------------------- */

typedef struct {
  const ProfileExpectation *profile;
  const RuleCase           *rule;
} ProfileRule;

static void
test_baseline (gconstpointer data)
{
  const ProfileExpectation *profile = data;
  g_autoptr(SdCatalogueEntry) entry = make_baseline (profile);
  g_autoptr(GPtrArray) findings = check_entry (profile->id, entry);

  assert_no_findings (findings);
}

/* The profile lists exactly the rules docs/policy-format.md gives it, and
 * the checker knows every one of them. */
static void
test_rules_listed (gconstpointer data)
{
  const ProfileExpectation *profile = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (profile->id);
  GPtrArray *rules = sd_policy_get_rules (policy);
  const char * const *known = sd_compliance_rule_ids ();

  g_assert_cmpuint (rules->len, ==, g_strv_length ((GStrv) profile->rules));
  for (guint i = 0; i < rules->len; i++)
    {
      const SdPolicyRule *rule = g_ptr_array_index (rules, i);

      g_assert_true (g_strv_contains (profile->rules, rule->id));
      g_assert_true (g_strv_contains (known, rule->id));
      g_assert_nonnull (find_rule_case (rule->id));
    }
}

static void
test_rule_fails (gconstpointer data)
{
  const ProfileRule *pr = data;
  g_autoptr(SdCatalogueEntry) entry = make_baseline (pr->profile);
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *article = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *display_article = NULL;
  g_autofree char *label = NULL;
  const SdFinding *finding;

  pr->rule->fail (entry, pr->profile);
  findings = check_entry (pr->profile->id, entry);
  finding = assert_one_finding (findings);

  g_assert_cmpstr (finding->rule_id, ==, pr->rule->rule_id);
  g_assert_cmpstr (finding->field, ==, pr->rule->field);
  g_assert_cmpint (finding->severity, ==, expected_severity (pr->profile, pr->rule->rule_id));
  g_assert_nonnull (finding->article);
  article = sd_article_to_string (finding->article);
  expected = expected_article (pr->profile, pr->rule->rule_id);
  g_assert_cmpstr (article, ==, expected);

  /* The message names the field and the article. */
  display_article = sd_article_format (finding->article);
  label = sd_catalogue_entry_field_label (finding->field);
  g_assert_nonnull (strstr (finding->message, display_article));
  g_assert_nonnull (strstr (finding->message, label));
  g_assert_cmpuint (sd_compliance_count (findings, finding->severity), ==, 1);
}

static void
test_rule_passes (gconstpointer data)
{
  const ProfileRule *pr = data;
  g_autoptr(SdCatalogueEntry) entry = make_baseline (pr->profile);
  g_autoptr(GPtrArray) findings = NULL;

  pr->rule->pass (entry, pr->profile);
  findings = check_entry (pr->profile->id, entry);
  assert_no_findings (findings);
}

/* A rule the profile does not list never fires, however clearly the entry
 * breaks it. */
static void
test_unlisted_c7p_under_mot (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(GPtrArray) mot = NULL;
  g_autoptr(GPtrArray) panjin = NULL;
  const SdFinding *finding;

  fail_c7p_privacy (entry, find_profile ("mot-2021"));
  mot = check_entry ("mot-2021", entry);
  assert_no_findings (mot);

  panjin = check_entry ("panjin-2016", entry);
  finding = assert_one_finding (panjin);
  g_assert_cmpstr (finding->rule_id, ==, "C7p-privacy");
}

static void
test_unlisted_c7_under_panjin (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("panjin-2016"));
  g_autoptr(GPtrArray) panjin = NULL;
  g_autoptr(GPtrArray) mot = NULL;
  const SdFinding *finding;

  make_basic (entry);
  panjin = check_entry ("panjin-2016", entry);
  assert_no_findings (panjin);

  mot = check_entry ("mot-2021", entry);
  finding = assert_one_finding (mot);
  g_assert_cmpstr (finding->rule_id, ==, "C7-basic-unconditional");
}

static void
test_unlisted_c5p_under_state_council (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("state-council-2016"));
  g_autoptr(GPtrArray) findings = NULL;

  /* Recipients mean nothing to a conditional entry, and the state council
   * profile has no special sharing at all. */
  set_strings (entry, sd_catalogue_entry_set_share_recipients, "not a code", NULL);
  sd_catalogue_entry_set_contains_personal_info (entry, TRUE);
  sd_information_item_set_identifier_kind (get_item (entry, 2), "");
  findings = check_entry ("state-council-2016", entry);
  assert_no_findings (findings);
}

static void
test_messages (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(GPtrArray) findings = NULL;
  const SdFinding *finding;

  fail_c6_conditions (entry, find_profile ("mot-2021"));
  findings = check_entry ("mot-2021", entry);
  finding = assert_one_finding (findings);
  g_assert_cmpstr (finding->message, ==,
                   "Share conditions must be given for conditional sharing (mot-2021 art. 7(2)).");

  g_clear_pointer (&findings, g_ptr_array_unref);
  sd_catalogue_entry_set_share_conditions (entry, "仅限监管使用");
  fail_provider_uscc (entry, find_profile ("mot-2021"));
  findings = check_entry ("mot-2021", entry);
  finding = assert_one_finding (findings);
  /* The validator's explanation follows the article. */
  g_assert_true (g_str_has_prefix (finding->message,
                                   "Provider's unified social credit code “11100000000013127X” is invalid (mot-2021 art. 8). "));
  g_assert_nonnull (strstr (finding->message, "“D”"));

  g_clear_pointer (&findings, g_ptr_array_unref);
  fail_item_length (entry, NULL);
  sd_catalogue_entry_set_provider_uscc (entry, SD_TEST_USCC_PROVIDER);
  findings = check_entry ("mot-2021", entry);
  finding = assert_one_finding (findings);
  g_assert_cmpstr (finding->message, ==,
                   "Information item 5: length must be given for character and numeric data (mot-2021 art. 8).");
}

/* Several findings: counted by severity and ordered by field, whatever the
 * order of the rules. */
static void
test_count_and_order (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(GPtrArray) findings = NULL;
  const char *expected[][2] = {
    { "C1-required", "name" },
    { "provider-uscc", "provider.uscc" },
    { "item-length", "information_items[4].length" },
    { "C6-conditions", "share.conditions" },
    { "open-attribute", "open.conditions" },
    { "security-level", "security_level" },
    { "related-codes", "related_codes" },
  };

  fail_open_attribute (entry, NULL);
  fail_related_codes (entry, NULL);
  fail_security_level (entry, NULL);
  fail_c6_conditions (entry, NULL);
  fail_item_length (entry, NULL);
  fail_provider_uscc (entry, NULL);
  fail_required (entry, NULL);

  findings = check_entry ("mot-2021", entry);
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = g_ptr_array_index (findings, i);

      g_assert_cmpstr (finding->rule_id, ==, expected[i][0]);
      g_assert_cmpstr (finding->field, ==, expected[i][1]);
    }
  g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_ERROR), ==, 4);
  g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_WARNING), ==, 3);

  /* In state-council-2016 a wrong security level is only a warning. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check_entry ("state-council-2016", entry);
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_ERROR), ==, 3);
  g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_WARNING), ==, 4);
}

/* A new draft: every core field is missing, each once. */
static void
test_empty_draft (void)
{
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new ();
  g_autoptr(GPtrArray) findings = check_entry ("mot-2021", entry);
  const char *expected_fields[] = {
    "classification_code", "resource_code", "name", "abstract", "provider.name",
    "provider.uscc", "format.kind", "information_items", "share.type", "share.scope",
    "update_cycle", "source_system", "security_level",
  };

  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected_fields));
  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = g_ptr_array_index (findings, i);

      g_assert_cmpstr (finding->field, ==, expected_fields[i]);
      g_assert_cmpstr (finding->rule_id, ==,
                       g_str_equal (finding->field, "information_items") ? "items-present" : "C1-required");
    }
  g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_ERROR), ==, G_N_ELEMENTS (expected_fields));

  /* panjin-2016 asks for less (no scope, source system or security level). */
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check_entry ("panjin-2016", entry);
  g_assert_cmpuint (findings->len, ==, 10);
}

/* C1-required names an item without a name; the empty item also breaks
 * the item rules, each on its own field. */
static void
test_empty_item (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(SdInformationItem) item = sd_information_item_new ();
  g_autoptr(GPtrArray) findings = NULL;
  const SdFinding *finding;

  g_list_store_append (sd_catalogue_entry_get_information_items (entry), item);
  findings = check_entry ("mot-2021", entry);
  g_assert_cmpuint (findings->len, ==, 2);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (finding->rule_id, ==, "C1-required");
  g_assert_cmpstr (finding->field, ==, "information_items[6].name");
  g_assert_cmpstr (finding->message, ==, "Information item 7: name must be given (mot-2021 art. 8).");
  finding = g_ptr_array_index (findings, 1);
  g_assert_cmpstr (finding->rule_id, ==, "item-type-code");
  g_assert_cmpstr (finding->field, ==, "information_items[6].type_code");
}

static void
test_open_attribute_not_allowed (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(GPtrArray) findings = NULL;
  const SdFinding *finding;

  pass_c6_legal_basis (entry, find_profile ("mot-2021"));
  sd_catalogue_entry_set_open_to_public (entry, TRUE);
  sd_catalogue_entry_set_open_conditions (entry, "向社会公开");
  findings = check_entry ("mot-2021", entry);
  finding = assert_one_finding (findings);
  g_assert_cmpstr (finding->rule_id, ==, "open-attribute");
  g_assert_cmpstr (finding->field, ==, "open.to_public");
  g_assert_cmpint (finding->severity, ==, SD_SEVERITY_WARNING);

  /* Unconditional data may be opened without conditions. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_clear_object (&entry);
  entry = make_baseline (find_profile ("mot-2021"));
  sd_catalogue_entry_set_share_type (entry, "unconditional");
  sd_catalogue_entry_set_open_to_public (entry, TRUE);
  findings = check_entry ("mot-2021", entry);
  assert_no_findings (findings);
}

static void
test_share_method_not_shared (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("state-council-2016"));
  g_autoptr(GPtrArray) findings = NULL;
  const SdFinding *finding;

  pass_c6_legal_basis (entry, find_profile ("state-council-2016"));
  set_strings (entry, sd_catalogue_entry_set_share_methods, "download", NULL);
  findings = check_entry ("state-council-2016", entry);
  finding = assert_one_finding (findings);
  g_assert_cmpstr (finding->rule_id, ==, "share-method");
  g_assert_cmpstr (finding->message, ==,
                   "Share methods must be empty for share type “Not shared” (state-council-2016 art. 12).");

  /* And a shared type needs at least one method. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  sd_catalogue_entry_set_share_type (entry, "conditional");
  sd_catalogue_entry_set_share_methods (entry, NULL);
  findings = check_entry ("state-council-2016", entry);
  finding = assert_one_finding (findings);
  g_assert_cmpstr (finding->rule_id, ==, "share-method");
  g_assert_cmpstr (finding->field, ==, "share.methods");
}

static void
test_full_fixture_passes_mot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = sd_test_read_data ("entry-full.json", NULL);
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new_from_data (data, -1, &error);
  g_autoptr(GPtrArray) findings = NULL;

  g_assert_no_error (error);
  findings = check_entry ("mot-2021", entry);
  assert_no_findings (findings);
}

static void
test_finding_json (void)
{
  g_autoptr(SdCatalogueEntry) entry = make_baseline (find_profile ("mot-2021"));
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SdFinding) copy = NULL;
  g_autoptr(SdPolicy) policy = NULL;
  g_autofree char *message = NULL;
  const SdPolicyItem *category;
  const SdFinding *finding;
  JsonObject *object;

  fail_c7_basic (entry, NULL);
  findings = check_entry ("mot-2021", entry);
  finding = assert_one_finding (findings);
  policy = sd_test_policy ("mot-2021");
  category = sd_policy_find_basic_category (policy, "1020301");
  g_assert_nonnull (category);
  g_assert_cmpstr (category->id, ==, "102");
  message = g_strdup_printf ("Share type must be unconditional for classification “1020301”, "
                             "which belongs to “%s” (mot-2021 art. 7(1)).",
                             sd_policy_item_get_label (category));
  g_assert_cmpstr (finding->message, ==, message);

  node = sd_finding_to_json (finding);
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "rule"), ==, "C7-basic-unconditional");
  g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, "share.type");
  g_assert_cmpstr (json_object_get_string_member (object, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "article"), ==, "mot-2021 art. 7(1)");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, finding->message);

  copy = sd_finding_copy (finding);
  g_assert_cmpstr (copy->rule_id, ==, finding->rule_id);
  g_assert_cmpstr (copy->field, ==, finding->field);
  g_assert_cmpstr (copy->message, ==, finding->message);
  g_assert_cmpint (copy->severity, ==, finding->severity);
  g_assert_true (copy->article != finding->article);
  g_assert_cmpuint (copy->article->number, ==, 7);
  g_assert_cmpuint (copy->article->item, ==, 1);
  g_assert_true (G_TYPE_IS_BOXED (SD_TYPE_FINDING));
}

static void
test_rule_ids (void)
{
  const char * const *ids = sd_compliance_rule_ids ();

  g_assert_cmpuint (g_strv_length ((GStrv) ids), ==, G_N_ELEMENTS (rule_cases));
  g_assert_cmpstr (ids[0], ==, "C1-required");
  g_assert_cmpstr (ids[G_N_ELEMENTS (rule_cases) - 1], ==, "open-attribute");
  for (gsize i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    g_assert_cmpstr (ids[i], ==, rule_cases[i].rule_id);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  policies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (gsize p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      const ProfileExpectation *profile = &profiles[p];
      g_autofree char *baseline = g_strdup_printf ("/compliance/%s/baseline", profile->id);
      g_autofree char *listed = g_strdup_printf ("/compliance/%s/rules-listed", profile->id);

      g_test_add_data_func (baseline, profile, test_baseline);
      g_test_add_data_func (listed, profile, test_rules_listed);

      for (guint r = 0; profile->rules[r] != NULL; r++)
        {
          ProfileRule *pr = g_new0 (ProfileRule, 1);
          g_autofree char *fail = NULL;
          g_autofree char *pass = NULL;

          pr->profile = profile;
          pr->rule = find_rule_case (profile->rules[r]);
          g_assert_nonnull (pr->rule);
          g_ptr_array_add (cases, pr);

          fail = g_strdup_printf ("/compliance/%s/%s/fail", profile->id, profile->rules[r]);
          pass = g_strdup_printf ("/compliance/%s/%s/pass", profile->id, profile->rules[r]);
          g_test_add_data_func (fail, pr, test_rule_fails);
          g_test_add_data_func (pass, pr, test_rule_passes);
        }
    }

  g_test_add_func ("/compliance/unlisted/C7p-privacy-under-mot-2021", test_unlisted_c7p_under_mot);
  g_test_add_func ("/compliance/unlisted/C7-basic-under-panjin-2016", test_unlisted_c7_under_panjin);
  g_test_add_func ("/compliance/unlisted/panjin-rules-under-state-council-2016",
                   test_unlisted_c5p_under_state_council);
  g_test_add_func ("/compliance/messages", test_messages);
  g_test_add_func ("/compliance/count-and-order", test_count_and_order);
  g_test_add_func ("/compliance/empty-draft", test_empty_draft);
  g_test_add_func ("/compliance/empty-item", test_empty_item);
  g_test_add_func ("/compliance/open-attribute-not-allowed", test_open_attribute_not_allowed);
  g_test_add_func ("/compliance/share-method-not-shared", test_share_method_not_shared);
  g_test_add_func ("/compliance/full-fixture-passes-mot-2021", test_full_fixture_passes_mot);
  g_test_add_func ("/compliance/finding-json", test_finding_json);
  g_test_add_func ("/compliance/rule-ids", test_rule_ids);

  status = g_test_run ();
  g_clear_pointer (&policies, g_hash_table_unref);
  return status;
}
