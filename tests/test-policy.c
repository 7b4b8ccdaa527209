/* test-policy.c — the three built-in policy profiles and the strict parser.
 *
 * The facts asserted here are the regulations' (docs/policy-format.md lists
 * them with their articles); a profile edit that changes one must fail.
 */
#include "sd-test-utils.h"

#include <gio/gio.h>

static const char * const profile_ids[] = { "mot-2021", "state-council-2016", "panjin-2016" };

static void
assert_article (const SdArticle *article,
                const char      *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (article);
  text = sd_article_to_string (article);
  g_assert_cmpstr (text, ==, expected);
}

static char *
source_path (const char *first,
             ...) G_GNUC_NULL_TERMINATED;

static char *
source_path (const char *first,
             ...)
{
  const char *srcdir = g_getenv ("SHAREDESK_SOURCE_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (srcdir);
  g_ptr_array_add (parts, (gpointer) srcdir);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
read_profile_source (const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = source_path ("data", "policies", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* ------------------------------------------------------------------ */
/* Built-in profiles                                                   */

static void
test_builtin_list (void)
{
  const char * const *ids = sd_policy_list_builtin ();

  g_assert_cmpuint (g_strv_length ((GStrv) ids), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (profile_ids); i++)
    g_assert_cmpstr (ids[i], ==, profile_ids[i]);
}

typedef struct {
  const char *id;
  const char *title;
  const char *label;
  const char *document_number;
  const char *issuer;
  const char *platform;
} ProfileHeader;

static const ProfileHeader headers[] = {
  { "mot-2021", "交通运输政务数据共享管理办法", "Ministry of Transport (2021)",
    "交科技发〔2021〕33号", "Ministry of Transport", "Ministry data sharing platform" },
  { "state-council-2016", "政务信息资源共享管理暂行办法", "State Council (2016)",
    "国发〔2016〕51号", "State Council", "National data sharing and exchange platform" },
  { "panjin-2016", "盘锦市政府数据资源共建共享管理办法(试行)", "Panjin Municipality (2016)",
    "盘政办发〔2016〕94号", "General Office of the Panjin Municipal Government",
    "City sharing and exchange platform" },
};

static void
test_builtin_header (gconstpointer data)
{
  const ProfileHeader *header = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (header->id);

  g_assert_cmpstr (sd_policy_get_id (policy), ==, header->id);
  g_assert_cmpstr (sd_policy_get_title (policy), ==, header->title);
  /* The tests run in the C locale: labels come back in English. */
  g_assert_cmpstr (sd_policy_get_label (policy), ==, header->label);
  g_assert_cmpstr (sd_policy_get_document_number (policy), ==, header->document_number);
  g_assert_cmpstr (sd_policy_get_issuer (policy), ==, header->issuer);
  g_assert_cmpstr (sd_policy_get_platform_label (policy), ==, header->platform);
  g_assert_cmpstr (sd_policy_get_calendar_id (policy), ==, "cn-mainland");
}

static void
test_builtin_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) policy = sd_policy_load_builtin ("shanghai-2019", &error);

  g_assert_null (policy);
  g_assert_error (error, SD_POLICY_ERROR, SD_POLICY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "shanghai-2019"));
  for (guint i = 0; i < G_N_ELEMENTS (profile_ids); i++)
    g_assert_nonnull (strstr (error->message, profile_ids[i]));
}

static void
test_builtin_loads_fresh (void)
{
  g_autoptr(SdPolicy) first = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) second = sd_test_policy ("mot-2021");

  g_assert_true (first != second);
  g_assert_finalize_object (g_steal_pointer (&first));
  g_assert_cmpstr (sd_policy_get_id (second), ==, "mot-2021");
}

/* ------------------------------------------------------------------ */
/* Share types and their flows                                         */

static void
assert_share_type (SdPolicy    *policy,
                   const char  *id,
                   guint        code,
                   const char  *article,
                   guint        n_stages,
                   gboolean     negotiation,
                   gboolean     open_allowed)
{
  const SdShareType *share_type = sd_policy_find_share_type (policy, id);

  g_assert_nonnull (share_type);
  g_assert_cmpstr (share_type->id, ==, id);
  g_assert_cmpuint (share_type->code, ==, code);
  assert_article (share_type->article, article);
  g_assert_cmpuint (share_type->stages->len, ==, n_stages);
  g_assert_cmpint (share_type->negotiation, ==, negotiation);
  g_assert_cmpint (share_type->open_to_public_allowed, ==, open_allowed);
}

static void
assert_stage (const SdPolicyStage *stage,
              const char          *id,
              SdRole               role,
              guint                deadline_wd,
              const char          *article,
              const char          *actions)
{
  g_auto(GStrv) expected_actions = g_strsplit (actions, " ", -1);

  g_assert_nonnull (stage);
  g_assert_cmpstr (stage->id, ==, id);
  g_assert_cmpint (stage->role, ==, role);
  g_assert_cmpuint (stage->deadline_wd, ==, deadline_wd);
  assert_article (stage->article, article);
  g_assert_true (g_strv_equal ((const char * const *) stage->actions,
                               (const char * const *) expected_actions));
}

static void
assert_strv (GStrv       values,
             const char *expected)
{
  g_auto(GStrv) expected_values = g_strsplit (expected, " ", -1);

  if (*expected == '\0')
    g_assert_cmpuint (g_strv_length (values), ==, 0);
  else
    g_assert_true (g_strv_equal ((const char * const *) values,
                                 (const char * const *) expected_values));
}

static void
test_mot_share_types (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  const SdShareType *conditional;
  const SdShareType *not_shared;
  const SdPolicyStage *stage;

  g_assert_cmpuint (sd_policy_get_share_types (policy)->len, ==, 3);
  assert_share_type (policy, "unconditional", 1, "mot-2021 art. 6", 0, FALSE, TRUE);
  assert_share_type (policy, "conditional", 2, "mot-2021 art. 6", 2, FALSE, TRUE);
  assert_share_type (policy, "not-shared", 3, "mot-2021 art. 6", 0, TRUE, FALSE);
  g_assert_null (sd_policy_find_share_type (policy, "special"));

  /* Art. 12: the support department's first review within 3 wd, then the
   * provider's within 7 wd, which art. 14 lets it delegate. */
  conditional = sd_policy_find_share_type (policy, "conditional");
  assert_strv (conditional->required_fields, "share.conditions share.methods");
  stage = g_ptr_array_index (conditional->stages, 0);
  assert_stage (stage, "support-first-review", SD_ROLE_SUPPORT, 3, "mot-2021 art. 12",
                "approve refuse request-materials");
  g_assert_cmpint (stage->delegate_role, ==, SD_ROLE_INVALID);
  g_assert_null (stage->delegation_article);
  g_assert_null (stage->forward_to);

  stage = g_ptr_array_index (conditional->stages, 1);
  assert_stage (stage, "provider-review", SD_ROLE_PROVIDER, 7, "mot-2021 art. 12",
                "approve refuse request-materials");
  g_assert_cmpint (stage->delegate_role, ==, SD_ROLE_SUPPORT);
  assert_article (stage->delegation_article, "mot-2021 art. 14");
  g_assert_true (sd_share_type_find_stage (conditional, "provider-review") == stage);

  not_shared = sd_policy_find_share_type (policy, "not-shared");
  assert_strv (not_shared->required_fields, "share.legal_basis");
  assert_strv (not_shared->methods, "");
}

static void
test_state_council_share_types (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("state-council-2016");
  const SdShareType *conditional;

  g_assert_cmpuint (sd_policy_get_share_types (policy)->len, ==, 3);
  assert_share_type (policy, "unconditional", 1, "state-council-2016 art. 9", 0, FALSE, TRUE);
  /* A refused conditional application may go to negotiation (art. 12). */
  assert_share_type (policy, "conditional", 2, "state-council-2016 art. 9", 1, TRUE, TRUE);
  assert_share_type (policy, "not-shared", 3, "state-council-2016 art. 9", 0, TRUE, FALSE);

  /* Art. 12: the provider answers within 10 wd, in one stage. */
  conditional = sd_policy_find_share_type (policy, "conditional");
  assert_stage (g_ptr_array_index (conditional->stages, 0), "provider-review",
                SD_ROLE_PROVIDER, 10, "state-council-2016 art. 12",
                "approve refuse request-materials");
  g_assert_null (sd_share_type_find_stage (conditional, "support-first-review"));
  assert_strv (sd_policy_find_share_type (policy, "not-shared")->methods, "");
}

static void
test_panjin_share_types (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  const SdShareType *conditional;
  const SdShareType *special;
  const SdPolicyStage *review;

  /* Art. 8: special sharing (to named recipients) instead of not shared. */
  g_assert_cmpuint (sd_policy_get_share_types (policy)->len, ==, 3);
  assert_share_type (policy, "unconditional", 1, "panjin-2016 art. 8", 0, FALSE, TRUE);
  assert_share_type (policy, "conditional", 2, "panjin-2016 art. 8", 2, FALSE, TRUE);
  assert_share_type (policy, "special", 3, "panjin-2016 art. 8", 1, FALSE, FALSE);
  g_assert_null (sd_policy_find_share_type (policy, "not-shared"));

  /* Art. 18: the center approves, or forwards to a consultation with the
   * provider, who alone may refuse. */
  conditional = sd_policy_find_share_type (policy, "conditional");
  review = sd_share_type_find_stage (conditional, "center-review");
  assert_stage (review, "center-review", SD_ROLE_SUPPORT, 0, "panjin-2016 art. 18",
                "approve forward request-materials");
  g_assert_cmpstr (review->forward_to, ==, "provider-consultation");
  g_assert_true (sd_policy_stage_allows (review, "forward"));
  g_assert_false (sd_policy_stage_allows (review, "refuse"));
  assert_stage (sd_share_type_find_stage (conditional, review->forward_to),
                "provider-consultation", SD_ROLE_PROVIDER, 0, "panjin-2016 art. 18",
                "approve refuse request-materials");

  /* Art. 19: the center approves special data for its recipients. */
  special = sd_policy_find_share_type (policy, "special");
  assert_strv (special->required_fields, "share.legal_basis share.recipients share.methods");
  assert_stage (g_ptr_array_index (special->stages, 0), "center-approval", SD_ROLE_SUPPORT, 0,
                "panjin-2016 art. 19", "approve refuse");
}

typedef struct {
  const char *profile;
  const char *methods;       /* every share method, in order */
  const char *with_article;  /* the methods the regulation names */
  const char *article;
} MethodCase;

static const MethodCase method_cases[] = {
  { "mot-2021", "online-query subscription download database-table api file",
    "online-query subscription download", "mot-2021 art. 10" },
  { "state-council-2016",
    "system-docking front-end-processor online-query download database-table api file",
    "system-docking front-end-processor online-query download", "state-council-2016 art. 12" },
  { "panjin-2016", "database-table api file online-query subscription",
    "database-table api file online-query subscription", "panjin-2016 art. 5" },
};

static void
test_share_methods (gconstpointer data)
{
  const MethodCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);
  GPtrArray *methods = sd_policy_get_share_methods (policy);
  GPtrArray *share_types = sd_policy_get_share_types (policy);
  g_auto(GStrv) ids = g_strsplit (test->methods, " ", -1);
  g_auto(GStrv) cited = g_strsplit (test->with_article, " ", -1);

  g_assert_cmpuint (methods->len, ==, g_strv_length (ids));
  for (guint i = 0; i < methods->len; i++)
    {
      const SdPolicyItem *method = g_ptr_array_index (methods, i);

      g_assert_cmpstr (method->id, ==, ids[i]);
      if (g_strv_contains ((const char * const *) cited, method->id))
        assert_article (method->article, test->article);
      else
        g_assert_null (method->article);
    }

  /* Every shared type offers every method and requires one to be chosen. */
  for (guint i = 0; i < share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (share_types, i);

      if (g_str_equal (share_type->id, "not-shared"))
        continue;
      assert_strv (share_type->methods, test->methods);
      g_assert_true (g_strv_contains ((const char * const *) share_type->required_fields,
                                      "share.methods"));
    }
}

/* ------------------------------------------------------------------ */
/* Objections, rectification, negotiation                              */

static void
test_objection_stages (void)
{
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) sc = sd_test_policy ("state-council-2016");
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  GPtrArray *stages;
  const SdPolicyStage *center;

  stages = sd_policy_get_objection_stages (mot);
  g_assert_cmpuint (stages->len, ==, 1);
  assert_stage (g_ptr_array_index (stages, 0), "provider-verification", SD_ROLE_PROVIDER, 0,
                "mot-2021 art. 15", "answer");

  stages = sd_policy_get_objection_stages (sc);
  g_assert_cmpuint (stages->len, ==, 1);
  assert_stage (g_ptr_array_index (stages, 0), "provider-verification", SD_ROLE_PROVIDER, 0,
                "state-council-2016 art. 15", "answer");

  /* Panjin art. 20: the center re-checks within 5 wd, the provider
   * verifies within 3 wd. */
  stages = sd_policy_get_objection_stages (panjin);
  g_assert_cmpuint (stages->len, ==, 2);
  center = g_ptr_array_index (stages, 0);
  assert_stage (center, "center-review", SD_ROLE_SUPPORT, 5, "panjin-2016 art. 20",
                "answer forward");
  g_assert_cmpstr (center->forward_to, ==, "provider-verification");
  assert_stage (g_ptr_array_index (stages, 1), "provider-verification", SD_ROLE_PROVIDER, 3,
                "panjin-2016 art. 20", "answer");
}

typedef struct {
  const char *profile;
  const char *article;
} ProfileArticle;

static const ProfileArticle rectification_cases[] = {
  { "mot-2021", "mot-2021 art. 23" },
  { "state-council-2016", "state-council-2016 art. 24" },
  { "panjin-2016", "panjin-2016 art. 35" },
};

static void
test_rectification_stage (gconstpointer data)
{
  const ProfileArticle *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (policy);

  /* The deadline is the notice's: the supervisor sets it. */
  assert_stage (stage, "department-response", SD_ROLE_PROVIDER, 0, test->article, "respond");
  g_assert_cmpstr (sd_policy_stage_get_label (stage), ==,
                   "Rectification by the notified department");
}

static void
test_negotiation_levels (void)
{
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) sc = sd_test_policy ("state-council-2016");
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  GPtrArray *levels;
  const SdPolicyItem *level;

  levels = sd_policy_get_negotiation_levels (mot);
  g_assert_cmpuint (levels->len, ==, 1);
  level = g_ptr_array_index (levels, 0);
  g_assert_cmpstr (level->id, ==, "departments");
  g_assert_cmpint (level->role, ==, SD_ROLE_PROVIDER);
  assert_article (level->article, "mot-2021 art. 12");

  /* State Council art. 12: the departments, then the sharing authority,
   * then the joint conference. */
  levels = sd_policy_get_negotiation_levels (sc);
  g_assert_cmpuint (levels->len, ==, 3);
  level = g_ptr_array_index (levels, 0);
  g_assert_cmpstr (level->id, ==, "departments");
  g_assert_cmpint (level->role, ==, SD_ROLE_PROVIDER);
  level = g_ptr_array_index (levels, 1);
  g_assert_cmpstr (level->id, ==, "sharing-authority");
  g_assert_cmpint (level->role, ==, SD_ROLE_SUPERVISOR);
  assert_article (level->article, "state-council-2016 art. 12");
  level = g_ptr_array_index (levels, 2);
  g_assert_cmpstr (level->id, ==, "joint-conference");
  g_assert_cmpint (level->role, ==, SD_ROLE_SUPERVISOR);

  g_assert_cmpuint (sd_policy_get_negotiation_levels (panjin)->len, ==, 0);

  /* Other item lists carry no role. */
  level = g_ptr_array_index (sd_policy_get_sanctions (sc), 0);
  g_assert_cmpint (level->role, ==, SD_ROLE_INVALID);
}

/* ------------------------------------------------------------------ */
/* Provisions                                                          */

typedef struct {
  const char *profile;
  const char *id;
  const char *article;   /* NULL: the profile must not have the provision */
  int         value;
  const char *unit;
} ProvisionCase;

static const ProvisionCase provision_cases[] = {
  { "mot-2021", "catalogue.change-notice", "mot-2021 art. 9", 3, "months" },
  { "state-council-2016", "catalogue.change-notice", NULL },
  { "panjin-2016", "catalogue.change-notice", NULL },
  { "state-council-2016", "catalogue.update-deadline", "state-council-2016 art. 8", 15, "working-days" },
  { "mot-2021", "catalogue.update-deadline", NULL },
  { "panjin-2016", "catalogue.update-deadline", NULL },
  { "mot-2021", "authorisation.unused-revocation", "mot-2021 art. 17", 3, "months" },
  { "state-council-2016", "authorisation.unused-revocation", NULL },
  { "panjin-2016", "authorisation.unused-revocation", NULL },
  { "mot-2021", "data.connect-deadline", "mot-2021 art. 20", 6, "months" },
  { "state-council-2016", "report.annual", "state-council-2016 art. 18", 228, "month-day" },
  { "mot-2021", "report.annual", NULL },
  { "mot-2021", "application.purpose", "mot-2021 art. 12", 0, NULL },
  { "state-council-2016", "application.purpose", "state-council-2016 art. 12", 0, NULL },
  { "panjin-2016", "application.purpose", "panjin-2016 art. 4(2)", 0, NULL },
  { "mot-2021", "application.auto-grant", "mot-2021 art. 12", 0, NULL },
  { "state-council-2016", "application.auto-grant", "state-council-2016 art. 12", 0, NULL },
  { "panjin-2016", "application.auto-grant", "panjin-2016 art. 17", 0, NULL },
  { "mot-2021", "application.refusal-basis", "mot-2021 art. 12", 0, NULL },
  { "state-council-2016", "application.refusal-basis", "state-council-2016 art. 12", 0, NULL },
  { "panjin-2016", "application.refusal-basis", "panjin-2016 art. 18", 0, NULL },
  { "mot-2021", "application.materials", "mot-2021 art. 12", 0, NULL },
  { "mot-2021", "application.delegation", "mot-2021 art. 14", 0, NULL },
  { "state-council-2016", "application.delegation", NULL },
  { "mot-2021", "application.external-approval", "mot-2021 art. 13", 0, NULL },
  { "mot-2021", "application.new-purpose", "mot-2021 art. 16", 0, NULL },
  { "state-council-2016", "application.new-purpose", "state-council-2016 art. 14", 0, NULL },
  { "panjin-2016", "application.development-approval", "panjin-2016 art. 24", 0, NULL },
  { "panjin-2016", "application.agreement", "panjin-2016 art. 32", 0, NULL },
  { "mot-2021", "application.agreement", NULL },
  { "mot-2021", "catalogue.versions", "mot-2021 art. 8", 0, NULL },
  { "mot-2021", "catalogue.publish-check", "mot-2021 art. 9", 0, NULL },
  { "mot-2021", "catalogue.pre-catalogue", "mot-2021 art. 20", 0, NULL },
  { "state-council-2016", "catalogue.pre-catalogue", "state-council-2016 art. 21", 0, NULL },
  { "mot-2021", "feedback.usage", "mot-2021 art. 17", 0, NULL },
  { "state-council-2016", "objection.business-continues", "state-council-2016 art. 15", 0, NULL },
  { "panjin-2016", "catalogue.personal-identifier", "panjin-2016 art. 16", 0, NULL },
};

static void
test_provision (gconstpointer data)
{
  const ProvisionCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);
  const SdProvision *provision = sd_policy_get_provision (policy, test->id);

  if (test->article == NULL)
    {
      g_assert_null (provision);
      return;
    }

  g_assert_nonnull (provision);
  g_assert_cmpstr (provision->id, ==, test->id);
  assert_article (provision->article, test->article);
  g_assert_cmpint (provision->value, ==, test->value);
  g_assert_cmpstr (provision->unit, ==, test->unit);
  g_assert_cmpstr (sd_provision_get_label (provision), !=, "");
}

typedef struct {
  const char *profile;
  guint       count;
} CountCase;

static const CountCase provision_counts[] = {
  { "mot-2021", 14 },
  { "state-council-2016", 8 },
  { "panjin-2016", 6 },
};

static void
test_provision_count (gconstpointer data)
{
  const CountCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  g_assert_cmpuint (sd_policy_get_provisions (policy)->len, ==, test->count);
}

/* ------------------------------------------------------------------ */
/* Violation kinds, sanctions, basic categories, other lists           */

typedef struct {
  const char *profile;
  const char *ids;        /* in order */
  const char *articles;   /* one per id, separated by "|" */
} ItemListCase;

static const ItemListCase violation_cases[] = {
  { "mot-2021",
    "catalogue-not-maintained data-not-provided data-inconsistent errors-not-verified "
    "data-misused unauthorised-disclosure other-violation",
    "art. 23(1)|art. 23(2)|art. 23(3)|art. 23(4)|art. 23(5)|art. 23(6)|art. 23(7)" },
  { "state-council-2016",
    "catalogue-not-maintained data-not-provided data-inconsistent purpose-exceeded other-violation",
    "art. 24(1)|art. 24(2)|art. 24(3)|art. 24(4)|art. 24(5)" },
  { "panjin-2016",
    "false-or-incomplete-data data-misused refused-or-delayed purpose-exceeded data-not-updated "
    "catalogue-concealed other-violation",
    "art. 36(1)|art. 36(2)|art. 36(3)|art. 36(4)|art. 36(5)|art. 36(6)|art. 36(7)" },
};

static const ItemListCase sanction_cases[] = {
  { "mot-2021", "no-om-funding no-hardware no-project-approval",
    "art. 24|art. 24|art. 24" },
  { "state-council-2016", "report-to-state-council no-project-approval no-om-funding",
    "art. 24|art. 21|art. 21" },
  { "panjin-2016", "written-criticism accountability disciplinary-referral",
    "art. 35|art. 35|art. 36" },
};

static const ItemListCase category_cases[] = {
  { "mot-2021", "101 102 103 104 105 106 107",
    "art. 7(1)|art. 7(1)|art. 7(1)|art. 7(1)|art. 7(1)|art. 7(1)|art. 7(1)" },
  { "state-council-2016", "101 102 103 105",
    "art. 10(2)|art. 10(2)|art. 10(2)|art. 10(2)" },
  { "panjin-2016", "", "" },
};

static const ItemListCase security_cases[] = {
  { "mot-2021", "general sensitive important", "art. 19|art. 19|art. 19" },
  { "state-council-2016", "general sensitive important", "art. 20|art. 20|art. 20" },
  { "panjin-2016", "general sensitive important", "art. 30|art. 30|art. 30" },
};

static const ItemListCase cycle_cases[] = {
  { "mot-2021", "realtime daily weekly monthly quarterly half-yearly yearly irregular other",
    "null|null|null|null|null|null|null|null|null" },
  { "state-council-2016", "realtime daily weekly monthly quarterly half-yearly yearly irregular other",
    "null|null|null|null|null|null|null|null|null" },
  { "panjin-2016", "realtime daily weekly monthly quarterly yearly irregular",
    "art. 13|art. 13|art. 13|art. 13|null|null|null" },
};

static void
assert_item_list (GPtrArray          *items,
                  const ItemListCase *test)
{
  g_auto(GStrv) ids = g_strsplit (test->ids, " ", -1);
  g_auto(GStrv) articles = g_strsplit (test->articles, "|", -1);
  guint expected = *test->ids == '\0' ? 0 : g_strv_length (ids);

  g_assert_cmpuint (items->len, ==, expected);
  for (guint i = 0; i < items->len; i++)
    {
      const SdPolicyItem *item = g_ptr_array_index (items, i);
      g_autofree char *article = NULL;

      g_assert_cmpstr (item->id, ==, ids[i]);
      g_assert_true (sd_policy_item_find (items, ids[i]) == item);
      g_assert_cmpstr (sd_policy_item_get_label (item), ==, item->label);
      if (g_str_equal (articles[i], "null"))
        {
          g_assert_null (item->article);
          continue;
        }
      article = g_strdup_printf ("%s %s", test->profile, articles[i]);
      assert_article (item->article, article);
    }
  g_assert_null (sd_policy_item_find (items, "no-such-id"));
}

static void
test_violation_kinds (gconstpointer data)
{
  const ItemListCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  assert_item_list (sd_policy_get_violation_kinds (policy), test);
}

static void
test_sanctions (gconstpointer data)
{
  const ItemListCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  assert_item_list (sd_policy_get_sanctions (policy), test);
}

static void
test_basic_categories (gconstpointer data)
{
  const ItemListCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  assert_item_list (sd_policy_get_basic_categories (policy), test);
}

static void
test_security_levels (gconstpointer data)
{
  const ItemListCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  assert_item_list (sd_policy_get_security_levels (policy), test);
}

static void
test_update_cycles (gconstpointer data)
{
  const ItemListCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);

  assert_item_list (sd_policy_get_update_cycles (policy), test);
}

typedef struct {
  const char *profile;
  const char *code;
  const char *category;   /* NULL: not basic data */
} CategoryLookup;

static const CategoryLookup category_lookups[] = {
  { "mot-2021", "101", "101" },
  { "mot-2021", "1020304", "102" },
  { "mot-2021", "107010001", "107" },
  { "mot-2021", "108", NULL },
  { "mot-2021", "10", NULL },
  { "mot-2021", "2010101", NULL },
  { "mot-2021", "3101", NULL },
  { "mot-2021", "", NULL },
  { "state-council-2016", "1030201", "103" },
  { "state-council-2016", "105", "105" },
  /* 104 (social credit) is basic in the national tree, but art. 10(2)
   * does not list it. */
  { "state-council-2016", "10401", NULL },
  { "panjin-2016", "101", NULL },
};

static void
test_find_basic_category (gconstpointer data)
{
  const CategoryLookup *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);
  const SdPolicyItem *category = sd_policy_find_basic_category (policy, test->code);

  if (test->category == NULL)
    {
      g_assert_null (category);
      return;
    }
  g_assert_nonnull (category);
  g_assert_cmpstr (category->id, ==, test->category);
}

/* A profile may list a category and a narrower one: the narrower wins. */
static void
test_find_basic_category_longest (void)
{
  g_autofree char *text = read_profile_source ("state-council-2016");
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonArray *categories = json_object_get_array_member (json_node_get_object (root),
                                                        "basic_categories");
  JsonObject *narrow = json_object_new ();
  g_autofree char *edited = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SdPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (narrow, "id", "10301");
  json_object_set_string_member (narrow, "label", "Population information");
  json_object_set_string_member (narrow, "article", "art. 10(2)");
  json_array_add_object_element (categories, narrow);
  edited = json_to_string (root, FALSE);
  bytes = g_bytes_new (edited, strlen (edited));
  policy = sd_policy_new_from_data (bytes, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (sd_policy_find_basic_category (policy, "1030101")->id, ==, "10301");
  g_assert_cmpstr (sd_policy_find_basic_category (policy, "1030201")->id, ==, "103");
}

/* ------------------------------------------------------------------ */
/* Core fields and rules                                               */

static void
test_core_fields (void)
{
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) sc = sd_test_policy ("state-council-2016");
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  const char *mot_fields = "classification_code resource_code name abstract provider.name "
                           "provider.uscc format.kind information_items update_cycle share.type "
                           "share.scope source_system security_level";
  const char *sc_fields = "classification_code resource_code name abstract provider.name "
                          "provider.uscc format.kind information_items update_cycle share.type "
                          "share.scope";
  const char *panjin_fields = "classification_code resource_code name abstract provider.name "
                              "provider.uscc format.kind information_items update_cycle share.type";

  assert_strv ((GStrv) sd_policy_get_core_fields (mot), mot_fields);
  assert_article (sd_policy_get_core_fields_article (mot), "mot-2021 art. 8");
  assert_strv ((GStrv) sd_policy_get_core_fields (sc), sc_fields);
  assert_article (sd_policy_get_core_fields_article (sc), "state-council-2016 art. 7");
  assert_strv ((GStrv) sd_policy_get_core_fields (panjin), panjin_fields);
  assert_article (sd_policy_get_core_fields_article (panjin), "panjin-2016 art. 11");
}

typedef struct {
  const char *profile;
  const char *rules;   /* "id severity article" separated by "|" */
} RuleCase;

static const RuleCase rule_cases[] = {
  { "mot-2021",
    "C1-required error art. 8|classification-form error art. 8|"
    "resource-code-form error art. 8|resource-code-classification error art. 8|"
    "provider-uscc error art. 8|items-present error art. 8|item-name-unique error art. 8|"
    "item-type-code error art. 8|item-length warning art. 8|C5-share-type error art. 6|"
    "C6-conditions error art. 7(2)|C6-legal-basis error art. 7(3)|"
    "C7-basic-unconditional error art. 7(1)|C10-identifier error art. 8|"
    "share-method error art. 10|update-cycle error art. 8|security-level error art. 19|"
    "format error art. 8|release-date error art. 8|related-codes warning art. 8|"
    "open-attribute warning art. 6" },
  { "state-council-2016",
    "C1-required error art. 7|classification-form error art. 7|"
    "resource-code-form error art. 7|resource-code-classification error art. 7|"
    "provider-uscc error art. 7|items-present error art. 7|item-name-unique error art. 7|"
    "item-type-code error art. 7|item-length warning art. 7|C5-share-type error art. 9|"
    "C6-conditions error art. 9|C6-legal-basis error art. 10(1)|"
    "C7-basic-unconditional error art. 10(2)|C10-identifier error art. 7|"
    "share-method error art. 12|update-cycle error art. 7|security-level warning art. 20|"
    "format error art. 7|release-date error art. 7|related-codes warning art. 7|"
    "open-attribute warning art. 9" },
  { "panjin-2016",
    "C1-required error art. 11|classification-form error art. 11|"
    "resource-code-form error art. 11|resource-code-classification error art. 11|"
    "provider-uscc error art. 7|items-present error art. 11|item-name-unique error art. 11|"
    "item-type-code error art. 11|item-length warning art. 11|C5-share-type error art. 8|"
    "C6-conditions error art. 8|C6-legal-basis error art. 8|C7p-privacy error art. 9|"
    "C5p-recipients error art. 19|C10-identifier error art. 16|"
    "C10-personal-identifier error art. 16|share-method error art. 5|"
    "update-cycle error art. 13|security-level warning art. 30|format error art. 11|"
    "release-date error art. 11|related-codes warning art. 11|open-attribute warning art. 23" },
};

static void
test_rules (gconstpointer data)
{
  const RuleCase *test = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (test->profile);
  g_auto(GStrv) rules = g_strsplit (test->rules, "|", -1);
  GPtrArray *policy_rules = sd_policy_get_rules (policy);

  g_assert_cmpuint (policy_rules->len, ==, g_strv_length (rules));
  for (guint i = 0; rules[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rules[i], " ", 3);
      g_autofree char *article = g_strdup_printf ("%s %s", test->profile, fields[2]);
      const SdPolicyRule *rule = sd_policy_find_rule (policy, fields[0]);

      g_assert_nonnull (rule);
      g_assert_true (rule == g_ptr_array_index (policy_rules, i));
      g_assert_cmpint (rule->severity, ==, sd_severity_from_string (fields[1]));
      assert_article (rule->article, article);
    }
  g_assert_null (sd_policy_find_rule (policy, "C99-unknown"));
  g_assert_null (sd_policy_find_rule (policy, NULL));
}

/* Every rule the compliance checker knows is applied by at least one
 * profile, and the profiles use no id the checker does not know. */
static void
test_rule_ids_known (void)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *known_ids = sd_compliance_rule_ids ();
  g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (profile_ids); i++)
    {
      SdPolicy *policy = sd_test_policy (profile_ids[i]);
      GPtrArray *rules = sd_policy_get_rules (policy);

      g_ptr_array_add (policies, policy);
      for (guint j = 0; j < rules->len; j++)
        {
          const SdPolicyRule *rule = g_ptr_array_index (rules, j);

          if (!g_strv_contains (known_ids, rule->id))
            g_error ("%s: rule %s is unknown to the compliance checker",
                     profile_ids[i], rule->id);
          g_hash_table_add (used, rule->id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (used), ==, g_strv_length ((GStrv) known_ids));
  g_assert_cmpuint (g_hash_table_size (used), ==, 24);
}

/* ------------------------------------------------------------------ */
/* Articles everywhere                                                 */

static void
assert_article_of (const SdArticle *article,
                   SdPolicy        *policy,
                   gboolean         nullable)
{
  if (article == NULL)
    {
      g_assert_true (nullable);
      return;
    }
  g_assert_cmpstr (article->profile_id, ==, sd_policy_get_id (policy));
  g_assert_cmpuint (article->number, >, 0);
}

static void
assert_items_cited (GPtrArray *items,
                    SdPolicy  *policy,
                    gboolean   nullable)
{
  for (guint i = 0; i < items->len; i++)
    {
      const SdPolicyItem *item = g_ptr_array_index (items, i);

      assert_article_of (item->article, policy, nullable);
      g_assert_cmpstr (item->label, !=, "");
    }
}

static void
assert_stages_cited (GPtrArray *stages,
                     SdPolicy  *policy)
{
  for (guint i = 0; i < stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (stages, i);

      assert_article_of (stage->article, policy, FALSE);
      if (stage->delegate_role != SD_ROLE_INVALID)
        assert_article_of (stage->delegation_article, policy, FALSE);
      g_assert_cmpuint (g_strv_length (stage->actions), >, 0);
    }
}

static void
test_everything_cited (gconstpointer data)
{
  const char *id = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (id);
  GPtrArray *share_types = sd_policy_get_share_types (policy);
  GPtrArray *provisions = sd_policy_get_provisions (policy);
  GPtrArray *rules = sd_policy_get_rules (policy);

  for (guint i = 0; i < share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (share_types, i);

      assert_article_of (share_type->article, policy, FALSE);
      assert_stages_cited (share_type->stages, policy);
    }
  assert_stages_cited (sd_policy_get_objection_stages (policy), policy);
  assert_article_of (sd_policy_get_rectification_stage (policy)->article, policy, FALSE);
  assert_article_of (sd_policy_get_core_fields_article (policy), policy, FALSE);

  /* Only the values the platform adds beyond the regulation go uncited:
   * share methods and update cycles. */
  assert_items_cited (sd_policy_get_share_methods (policy), policy, TRUE);
  assert_items_cited (sd_policy_get_update_cycles (policy), policy, TRUE);
  assert_items_cited (sd_policy_get_security_levels (policy), policy, FALSE);
  assert_items_cited (sd_policy_get_basic_categories (policy), policy, FALSE);
  assert_items_cited (sd_policy_get_negotiation_levels (policy), policy, FALSE);
  assert_items_cited (sd_policy_get_violation_kinds (policy), policy, FALSE);
  assert_items_cited (sd_policy_get_sanctions (policy), policy, FALSE);

  for (guint i = 0; i < provisions->len; i++)
    assert_article_of (((SdProvision *) g_ptr_array_index (provisions, i))->article,
                       policy, FALSE);
  for (guint i = 0; i < rules->len; i++)
    assert_article_of (((SdPolicyRule *) g_ptr_array_index (rules, i))->article,
                       policy, FALSE);
}

/* ------------------------------------------------------------------ */
/* Labels                                                              */

static void
test_labels_english (void)
{
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  const SdShareType *conditional = sd_policy_find_share_type (mot, "conditional");
  const SdShareType *special = sd_policy_find_share_type (panjin, "special");

  g_assert_cmpstr (sd_share_type_get_label (conditional), ==, "Conditional sharing");
  g_assert_cmpstr (sd_share_type_get_label (special), ==, "Special sharing");
  g_assert_cmpstr (sd_policy_stage_get_label (g_ptr_array_index (conditional->stages, 0)), ==,
                   "First review by the technical support department");
  g_assert_cmpstr (sd_policy_item_get_label (sd_policy_item_find (sd_policy_get_violation_kinds (mot),
                                                                  "other-violation")), ==,
                   "Other violations of these measures");
  g_assert_cmpstr (sd_policy_item_get_label (sd_policy_item_find (sd_policy_get_sanctions (panjin),
                                                                  "written-criticism")), ==,
                   "Written criticism in a circular");
  g_assert_cmpstr (sd_provision_get_label (sd_policy_get_provision (mot, "catalogue.change-notice")),
                   ==, "Advance registration of changes to data in use");
}

static void
collect_labels (JsonNode   *node,
                GPtrArray  *labels)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "label"))
            g_ptr_array_add (labels, (gpointer) json_node_get_string (member));
          else
            collect_labels (member, labels);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_labels (json_array_get_element (array, i), labels);
    }
}

static char *
as_c_literal (const char *text)
{
  GString *literal = g_string_new ("N_(\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (literal, '\\');
      g_string_append_c (literal, *p);
    }
  g_string_append (literal, "\")");
  return g_string_free (literal, FALSE);
}

/* build-aux/extract-policy-strings must have been run after the last
 * profile edit, or translators never see the new labels. */
static void
test_strings_header_in_sync (void)
{
  g_autofree char *header_path = source_path ("src", "core", "sd-policy-strings.h", NULL);
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint in_header = 0;

  g_file_get_contents (header_path, &header, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (header, "do not edit"));

  for (guint i = 0; i < G_N_ELEMENTS (profile_ids); i++)
    {
      g_autofree char *text = read_profile_source (profile_ids[i]);
      g_autoptr(JsonNode) root = json_from_string (text, &error);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      JsonObject *profile;

      g_assert_no_error (error);
      profile = json_node_get_object (root);
      g_ptr_array_add (labels, (gpointer) json_object_get_string_member (profile, "issuer"));
      g_ptr_array_add (labels, (gpointer) json_object_get_string_member (profile, "platform"));
      collect_labels (root, labels);

      for (guint j = 0; j < labels->len; j++)
        {
          g_autofree char *literal = as_c_literal (g_ptr_array_index (labels, j));

          if (strstr (header, literal) == NULL)
            g_error ("%s: label missing from src/core/sd-policy-strings.h "
                     "(run build-aux/extract-policy-strings): %s",
                     profile_ids[i], literal);
          g_hash_table_add (distinct, g_steal_pointer (&literal));
        }
    }

  /* Nor does the header keep labels no profile uses any more. */
  for (const char *p = strstr (header, "N_(\""); p != NULL; p = strstr (p + 1, "N_(\""))
    in_header++;
  g_assert_cmpuint (in_header, ==, g_hash_table_size (distinct));
  g_assert_cmpuint (in_header, >, 100);
}

/* ------------------------------------------------------------------ */
/* Serialisation                                                       */

static void
test_round_trip (gconstpointer data)
{
  const char *id = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (id);
  g_autoptr(JsonNode) node = sd_policy_to_json (policy);
  g_autofree char *text = json_to_string (node, TRUE);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) reparsed = sd_policy_new_from_data (bytes, &error);
  g_autoptr(JsonNode) reparsed_node = NULL;
  g_autofree char *reparsed_text = NULL;
  g_autofree char *source = read_profile_source (id);
  g_autoptr(JsonNode) source_node = json_from_string (source, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reparsed);
  reparsed_node = sd_policy_to_json (reparsed);
  reparsed_text = json_to_string (reparsed_node, TRUE);
  g_assert_cmpstr (reparsed_text, ==, text);

  /* Nothing of the profile file is lost or added, labels stay msgids. */
  g_assert_true (json_node_equal (source_node, node));
}

/* ------------------------------------------------------------------ */
/* Strict parsing                                                      */

typedef struct {
  const char *profile;   /* the valid profile the case breaks */
  const char *path;      /* the object to edit, "" = the profile */
  const char *member;
  const char *value;     /* JSON text to set, NULL to remove the member */
  const char *message;   /* part of the expected error message */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  /* Unknown members, at the top and nested. */
  { "mot-2021", "", "colour", "\"red\"", "Unknown member “colour”" },
  { "mot-2021", "share_types[1].stages[0]", "deadline", "3",
    "Unknown member “share_types[1].stages[0].deadline”" },
  { "mot-2021", "violation_kinds[2]", "severity", "\"error\"",
    "Unknown member “violation_kinds[2].severity”" },
  { "mot-2021", "core_fields", "source", "\"art. 8\"", "Unknown member “core_fields.source”" },
  { "mot-2021", "sanctions[0]", "role", "\"supervisor\"", "Unknown member “sanctions[0].role”" },
  { "mot-2021", "rules[4]", "label", "\"USCC\"", "Unknown member “rules[4].label”" },
  /* Missing members. */
  { "mot-2021", "", "rules", NULL, "Missing member “rules”" },
  { "mot-2021", "", "id", NULL, "Missing member “id”" },
  { "mot-2021", "share_types[0]", "label", NULL, "Missing member “share_types[0].label”" },
  { "mot-2021", "update_cycles[0]", "article", NULL, "Missing member “update_cycles[0].article”" },
  { "mot-2021", "negotiation_levels[0]", "role", NULL,
    "Missing member “negotiation_levels[0].role”" },
  { "mot-2021", "", "rectification_stage", NULL, "Missing member “rectification_stage”" },
  /* Wrong types. */
  { "mot-2021", "", "label", "3", "“label” must be a non-empty string" },
  { "mot-2021", "", "issuer", "\"\"", "“issuer” must be a non-empty string" },
  { "mot-2021", "share_types[1].stages[0]", "deadline_wd", "\"3\"",
    "“share_types[1].stages[0].deadline_wd” must be a whole number" },
  { "mot-2021", "share_types[1].stages[0]", "deadline_wd", "3.5",
    "“share_types[1].stages[0].deadline_wd” must be a whole number" },
  { "mot-2021", "share_types[1].stages[0]", "deadline_wd", "-1",
    "“share_types[1].stages[0].deadline_wd” must not be negative" },
  { "mot-2021", "share_types[1].stages[0]", "deadline_wd", "4294967296",
    "“share_types[1].stages[0].deadline_wd” is too large" },
  { "mot-2021", "share_types[0]", "negotiation", "\"no\"",
    "“share_types[0].negotiation” must be true or false" },
  { "mot-2021", "", "share_types", "{}", "“share_types” must be an array" },
  { "mot-2021", "", "core_fields", "[]", "“core_fields” must be an object" },
  { "mot-2021", "", "sanctions", "[\"no-hardware\"]", "“sanctions[0]” must be an object" },
  { "mot-2021", "share_types[1]", "required_fields", "[1]",
    "“share_types[1].required_fields[0]” must be a non-empty string" },
  { "mot-2021", "share_types[0]", "code", "4",
    "“share_types[0].code” must be 1, 2 or 3" },
  { "mot-2021", "", "effective_date", "\"2021-02-30\"",
    "“2021-02-30” at “effective_date” is not a date" },
  { "mot-2021", "", "effective_date", "\"15.4.2021\"",
    "“15.4.2021” at “effective_date” is not a date" },
  /* Bad roles, severities, actions and units. */
  { "mot-2021", "share_types[1].stages[1]", "role", "\"reviewer\"",
    "“reviewer” at “share_types[1].stages[1].role” is not a role" },
  { "mot-2021", "share_types[1].stages[1]", "delegate_role", "\"contractor\"",
    "“contractor” at “share_types[1].stages[1].delegate_role” is not a role" },
  { "mot-2021", "negotiation_levels[0]", "role", "\"minister\"",
    "“minister” at “negotiation_levels[0].role” is not a role" },
  { "mot-2021", "rectification_stage", "role", "\"Provider\"",
    "“Provider” at “rectification_stage.role” is not a role" },
  { "mot-2021", "rules[0]", "severity", "\"fatal\"",
    "“fatal” at “rules[0].severity” is not a severity" },
  { "mot-2021", "objection_stages[0]", "actions", "[\"answer\", \"escalate\"]",
    "“escalate” at “objection_stages[0].actions[1]” is not a stage action" },
  { "mot-2021", "provisions[9]", "unit", "\"weeks\"",
    "“weeks” at “provisions[9].unit” is not a unit" },
  { "state-council-2016", "provisions[7]", "value", "230",
    "230 at “provisions[7].value” is not a month and day" },
  /* Bad articles. */
  { "mot-2021", "rules[3]", "article", "\"article 8\"",
    "Invalid article at “rules[3].article”: “article 8” is not an article reference" },
  { "mot-2021", "violation_kinds[0]", "article", "\"art. 23(x)\"",
    "Invalid article at “violation_kinds[0].article”" },
  { "mot-2021", "core_fields", "article", "\"§ 8\"", "Invalid article at “core_fields.article”" },
  { "mot-2021", "rules[0]", "article", "null", "“rules[0].article” must be an article" },
  { "mot-2021", "share_types[2]", "article", "6", "“share_types[2].article” must be an article" },
  { "mot-2021", "share_types[1].stages[1]", "delegation_article", "\"art. fourteen\"",
    "Invalid article at “share_types[1].stages[1].delegation_article”" },
  /* Flows: forward_to must name a stage of the same flow. */
  { "panjin-2016", "share_types[1].stages[0]", "forward_to", "\"provider-review\"",
    "“share_types[1].stages[0].forward_to” names the stage “provider-review”" },
  { "panjin-2016", "objection_stages[0]", "forward_to", "\"provider-consultation\"",
    "“objection_stages[0].forward_to” names the stage “provider-consultation”" },
  { "panjin-2016", "share_types[1].stages[0]", "forward_to", NULL,
    "Stage “share_types[1].stages[0]” allows “forward” but has no forward_to" },
  { "mot-2021", "objection_stages[0]", "forward_to", "\"provider-verification\"",
    "Stage “objection_stages[0]” has a forward_to but does not allow “forward”" },
  { "mot-2021", "share_types[1].stages[1]", "delegation_article", NULL,
    "Stage “share_types[1].stages[1]” needs both delegate_role and delegation_article" },
  /* Share types only offer declared methods. */
  { "mot-2021", "share_types[0]", "methods", "[\"online-query\", \"fax\"]",
    "Method “fax” at “share_types[0].methods[1]” is not one of the profile’s share_methods" },
  { "state-council-2016", "share_types[1]", "methods", "[\"subscription\"]",
    "Method “subscription” at “share_types[1].methods[0]”" },
  /* Ids. */
  { "mot-2021", "violation_kinds[1]", "id", "\"catalogue-not-maintained\"",
    "Duplicate id “catalogue-not-maintained” at “violation_kinds[1].id”" },
  { "panjin-2016", "objection_stages[1]", "id", "\"center-review\"",
    "Duplicate id “center-review” at “objection_stages[1].id”" },
  { "mot-2021", "basic_categories[0]", "id", "\"A01\"",
    "Basic category “A01” at “basic_categories[0].id” must be a classification-code prefix" },
  { "mot-2021", "provisions[9]", "unit", NULL,
    "Provision “provisions[9]” needs both value and unit" },
};

/* The object at @path ("share_types[1].stages[0]") below @root. */
static JsonObject *
object_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; *path != '\0' && steps[i] != NULL; i++)
    {
      char *bracket = strchr (steps[i], '[');
      guint64 index = 0;

      if (bracket != NULL)
        {
          *bracket = '\0';
          index = g_ascii_strtoull (bracket + 1, NULL, 10);
        }
      node = json_object_get_member (json_node_get_object (node), steps[i]);
      g_assert_nonnull (node);
      if (bracket != NULL)
        node = json_array_get_element (json_node_get_array (node), (guint) index);
    }
  return json_node_get_object (node);
}

static GBytes *
broken_profile (const BrokenCase *test)
{
  g_autofree char *text = read_profile_source (test->profile);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonObject *object = object_at (root, test->path);
  char *edited;

  if (test->value == NULL)
    {
      g_assert_true (json_object_has_member (object, test->member));
      json_object_remove_member (object, test->member);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      JsonNode *value = json_from_string (test->value, &error);

      g_assert_no_error (error);
      json_object_set_member (object, test->member, value);
    }

  edited = json_to_string (root, FALSE);
  return g_bytes_new_take (edited, strlen (edited));
}

static void
test_broken (gconstpointer data)
{
  const BrokenCase *test = data;
  g_autoptr(GBytes) bytes = broken_profile (test);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) policy = sd_policy_new_from_data (bytes, &error);

  g_assert_null (policy);
  g_assert_error (error, SD_POLICY_ERROR, SD_POLICY_ERROR_INVALID);
  if (strstr (error->message, test->message) == NULL)
    g_error ("expected “%s” in: %s", test->message, error->message);
}

/* The source files themselves parse: the broken cases start from them. */
static void
test_sources_parse (gconstpointer data)
{
  const char *id = data;
  g_autofree char *text = read_profile_source (id);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) policy = sd_policy_new_from_data (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sd_policy_get_id (policy), ==, id);
}

typedef struct {
  const char *text;
  const char *message;
} DocumentCase;

static const DocumentCase document_cases[] = {
  { "", "must be a JSON object" },
  { "[]", "must be a JSON object" },
  { "\"mot-2021\"", "must be a JSON object" },
  { "{", "not valid JSON" },
  { "{\"id\": \"x\",}", "not valid JSON" },
  { "{}", "Missing member “id”" },
};

static void
test_broken_document (gconstpointer data)
{
  const DocumentCase *test = data;
  g_autoptr(GBytes) bytes = g_bytes_new_static (test->text, strlen (test->text));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPolicy) policy = sd_policy_new_from_data (bytes, &error);

  g_assert_null (policy);
  g_assert_error (error, SD_POLICY_ERROR, SD_POLICY_ERROR_INVALID);
  if (strstr (error->message, test->message) == NULL)
    g_error ("expected “%s” in: %s", test->message, error->message);
}

/* ------------------------------------------------------------------ */
/* Enumerations                                                        */

static void
test_roles (void)
{
  const char *names[] = { "provider", "consumer", "support", "supervisor", "admin" };
  const char *labels[] = { "Provider department", "Consumer department",
                           "Technical support department", "Supervising department",
                           "Platform administrator" };

  for (int role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    {
      g_assert_cmpstr (sd_role_to_string (role), ==, names[role]);
      g_assert_cmpint (sd_role_from_string (names[role]), ==, role);
      g_assert_cmpstr (sd_role_get_label (role), ==, labels[role]);
    }
  g_assert_cmpint (sd_role_from_string ("Provider"), ==, SD_ROLE_INVALID);
  g_assert_cmpint (sd_role_from_string (""), ==, SD_ROLE_INVALID);
  g_assert_cmpint (sd_role_from_string (NULL), ==, SD_ROLE_INVALID);
  g_assert_null (sd_role_to_string (SD_ROLE_INVALID));
  g_assert_null (sd_role_get_label (SD_ROLE_INVALID));
}

static void
test_entry_states (void)
{
  const char *names[] = { "draft", "submitted", "published", "retired" };
  const char *labels[] = { "Draft", "Submitted", "Published", "Retired" };

  for (int state = SD_ENTRY_STATE_DRAFT; state <= SD_ENTRY_STATE_RETIRED; state++)
    {
      g_assert_cmpstr (sd_entry_state_to_string (state), ==, names[state]);
      g_assert_cmpint (sd_entry_state_from_string (names[state]), ==, state);
      g_assert_cmpstr (sd_entry_state_get_label (state), ==, labels[state]);
    }
  g_assert_cmpint (sd_entry_state_from_string ("deleted"), ==, SD_ENTRY_STATE_INVALID);
  g_assert_null (sd_entry_state_to_string (SD_ENTRY_STATE_INVALID));
  g_assert_null (sd_entry_state_to_string (7));
}

static void
test_severities (void)
{
  g_assert_cmpstr (sd_severity_to_string (SD_SEVERITY_ERROR), ==, "error");
  g_assert_cmpstr (sd_severity_to_string (SD_SEVERITY_WARNING), ==, "warning");
  g_assert_cmpint (sd_severity_from_string ("error"), ==, SD_SEVERITY_ERROR);
  g_assert_cmpint (sd_severity_from_string ("warning"), ==, SD_SEVERITY_WARNING);
  g_assert_cmpint (sd_severity_from_string ("info"), ==, SD_SEVERITY_INVALID);
  g_assert_cmpstr (sd_severity_get_label (SD_SEVERITY_ERROR), ==, "Error");
  g_assert_cmpstr (sd_severity_get_label (SD_SEVERITY_WARNING), ==, "Warning");
  g_assert_null (sd_severity_get_label (SD_SEVERITY_INVALID));
}

/* ------------------------------------------------------------------ */

static void
add_per_profile (const char    *name,
                 GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (profile_ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/policy/%s/%s", name, profile_ids[i]);

      g_test_add_data_func (path, profile_ids[i], func);
    }
}

#define ADD_TABLE(name, table, func)                                          \
  G_STMT_START {                                                              \
    for (guint i_ = 0; i_ < G_N_ELEMENTS (table); i_++)                       \
      {                                                                       \
        g_autofree char *path_ = g_strdup_printf ("/policy/%s/%u", name, i_); \
        g_test_add_data_func (path_, &table[i_], func);                       \
      }                                                                       \
  } G_STMT_END

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/policy/builtin/list", test_builtin_list);
  g_test_add_func ("/policy/builtin/unknown", test_builtin_unknown);
  g_test_add_func ("/policy/builtin/fresh", test_builtin_loads_fresh);
  ADD_TABLE ("builtin/header", headers, test_builtin_header);
  add_per_profile ("source-parses", test_sources_parse);

  g_test_add_func ("/policy/share-types/mot-2021", test_mot_share_types);
  g_test_add_func ("/policy/share-types/state-council-2016", test_state_council_share_types);
  g_test_add_func ("/policy/share-types/panjin-2016", test_panjin_share_types);
  ADD_TABLE ("share-methods", method_cases, test_share_methods);
  g_test_add_func ("/policy/objection-stages", test_objection_stages);
  ADD_TABLE ("rectification-stage", rectification_cases, test_rectification_stage);
  g_test_add_func ("/policy/negotiation-levels", test_negotiation_levels);

  ADD_TABLE ("provision", provision_cases, test_provision);
  ADD_TABLE ("provision-count", provision_counts, test_provision_count);
  ADD_TABLE ("violation-kinds", violation_cases, test_violation_kinds);
  ADD_TABLE ("sanctions", sanction_cases, test_sanctions);
  ADD_TABLE ("basic-categories", category_cases, test_basic_categories);
  ADD_TABLE ("security-levels", security_cases, test_security_levels);
  ADD_TABLE ("update-cycles", cycle_cases, test_update_cycles);
  ADD_TABLE ("find-basic-category", category_lookups, test_find_basic_category);
  g_test_add_func ("/policy/find-basic-category/longest", test_find_basic_category_longest);

  g_test_add_func ("/policy/core-fields", test_core_fields);
  ADD_TABLE ("rules", rule_cases, test_rules);
  g_test_add_func ("/policy/rules/known-ids", test_rule_ids_known);
  add_per_profile ("everything-cited", test_everything_cited);

  g_test_add_func ("/policy/labels/english", test_labels_english);
  g_test_add_func ("/policy/labels/strings-header", test_strings_header_in_sync);

  add_per_profile ("round-trip", test_round_trip);
  ADD_TABLE ("broken", broken_cases, test_broken);
  ADD_TABLE ("broken-document", document_cases, test_broken_document);

  g_test_add_func ("/policy/enums/roles", test_roles);
  g_test_add_func ("/policy/enums/entry-states", test_entry_states);
  g_test_add_func ("/policy/enums/severities", test_severities);

  return g_test_run ();
}
