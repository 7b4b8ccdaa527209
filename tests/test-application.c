/* test-application.c — data-use applications under the three profiles.
 *
 * For each profile: the happy paths, then every transition that must fail
 * (wrong role, wrong department, wrong state, missing fields), and the due
 * dates. Expected due dates were counted by hand on data/holidays/2026.json
 * (count from the day after the stage starts; 1-7 October 2026 are
 * holidays, Saturday 10 October a workday):
 *   mot-2021 support first review, 3 wd from Wed 2026-09-30 → Sat 2026-10-10
 *   mot-2021 provider review, 7 wd from Fri 2026-10-09     → Mon 2026-10-19
 *   mot-2021 support first review, 3 wd from Mon 2026-10-12 → Thu 2026-10-15
 *   mot-2021 provider review, 7 wd from Mon 2026-10-19     → Wed 2026-10-28
 *   state-council-2016 provider review, 10 wd from 2026-09-30 → Tue 2026-10-20
 *   state-council-2016 provider review, 10 wd from 2026-12-28 → in 2027: uncovered
 */
#include "sd-test-utils.h"

#define ENTRY_ID "entry-0001"
#define ENTRY_NAME "道路运输车辆基础信息"

static SdCatalogueEntry *
entry_new (const char *share_type)
{
  SdCatalogueEntry *entry = sd_test_entry (ENTRY_ID, "1020101/000001", ENTRY_NAME,
                                           SD_ENTRY_STATE_PUBLISHED);

  sd_catalogue_entry_set_classification_code (entry, "1020101");
  sd_catalogue_entry_set_provider_name (entry, "交通运输部运输服务司");
  sd_catalogue_entry_set_share_type (entry, share_type);
  return entry;
}

static SdApplication *
try_submit (const char         *policy_id,
            SdCatalogueEntry   *entry,
            SdWorkflowRequest  *submit,   /* transfer full */
            GError            **error)
{
  g_autoptr(SdWorkflowRequest) request = submit;
  g_autoptr(SdPolicy) policy = sd_test_policy (policy_id);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();

  return sd_application_new (policy, calendar, entry, request, error);
}

/* Submits on @date for a duty purpose, which must succeed. */
static SdApplication *
submit_on (const char       *policy_id,
           SdCatalogueEntry *entry,
           const char       *date)
{
  g_autoptr(GError) error = NULL;
  SdApplication *app;

  app = try_submit (policy_id, entry,
                    sd_test_request ("submit", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, date,
                                     "purpose", "道路运输行政执法核查", NULL),
                    &error);
  g_assert_no_error (error);
  g_assert_nonnull (app);
  g_assert_cmpuint (sd_application_get_history (app)->len, ==, 1);
  return app;
}

static SdApplication *
submit_type (const char *policy_id,
             const char *share_type,
             const char *date)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new (share_type);

  return submit_on (policy_id, entry, date);
}

static void
apply_ok (SdApplication     *app,
          SdWorkflowRequest *request)   /* transfer full */
{
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autoptr(GError) error = NULL;
  guint before = sd_application_get_history (app)->len;

  g_assert_true (sd_application_apply (app, owned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_application_get_history (app)->len, ==, before + 1);
}

/* Applies @request, which must fail with @code and change nothing; returns
 * the error for its message to be checked. */
static GError *
apply_fails (SdApplication     *app,
             SdWorkflowRequest *request,   /* transfer full */
             int                code)
{
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autoptr(JsonNode) before = sd_application_to_json (app);
  g_autoptr(JsonNode) after = NULL;
  GError *error = NULL;

  g_assert_false (sd_application_apply (app, owned, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, code);
  after = sd_application_to_json (app);
  g_assert_true (json_node_equal (before, after));
  return error;
}

static void
assert_due (SdApplication *app,
            const char    *iso)
{
  sd_test_assert_date (sd_application_get_due_date (app), iso);
}

static void
assert_at (SdApplication *app,
           const char    *state,
           const char    *stage,
           SdRole         role,
           const char    *department)
{
  g_assert_cmpstr (sd_application_get_state (app), ==, state);
  g_assert_cmpstr (sd_application_get_stage (app), ==, stage);
  g_assert_cmpint (sd_application_get_current_role (app), ==, role);
  g_assert_cmpstr (sd_application_get_current_department (app), ==, department);
}

static SdWorkflowEvent *
last_event (SdApplication *app)
{
  GPtrArray *history = sd_application_get_history (app);

  g_assert_cmpuint (history->len, >, 0);
  return g_ptr_array_index (history, history->len - 1);
}

static void
assert_message (const GError *error,
                const char   *expected)
{
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
assert_mentions (const GError *error,
                 const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, part);
}

#define SUPPORT(action, date, ...) \
  sd_test_request (action, SD_ROLE_SUPPORT, NULL, date, __VA_ARGS__)
#define SUPERVISOR(action, date, ...) \
  sd_test_request (action, SD_ROLE_SUPERVISOR, NULL, date, __VA_ARGS__)
#define PROVIDER(action, date, ...) \
  sd_test_request (action, SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, date, __VA_ARGS__)
#define CONSUMER(action, date, ...) \
  sd_test_request (action, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, date, __VA_ARGS__)

/* --- mot-2021 ------------------------------------------------------------ */

static void
test_mot_unconditional (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "unconditional", "2026-03-02");
  SdWorkflowEvent *event;

  /* A3, art. 12: authorised at once. */
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
  assert_due (app, NULL);
  g_assert_false (sd_application_get_due_uncovered (app));
  g_assert_cmpstr (sd_application_get_purpose (app), ==, "道路运输行政执法核查");
  g_assert_cmpstr (sd_application_get_purpose_kind (app), ==, "duty");
  g_assert_cmpstr (sd_application_get_consumer (app), ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (sd_application_get_provider (app), ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (sd_application_get_entry_id (app), ==, ENTRY_ID);
  g_assert_cmpstr (sd_application_get_share_type (app), ==, "unconditional");

  event = last_event (app);
  g_assert_cmpstr (event->action, ==, "submit");
  g_assert_null (event->from_state);
  g_assert_cmpstr (event->to_state, ==, "authorised");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "purpose"), ==, "道路运输行政执法核查");
}

static void
test_mot_conditional_happy (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  GPtrArray *history;
  SdWorkflowEvent *event;

  /* A4: support first review within 3 wd. */
  assert_at (app, "in-review", "support-first-review", SD_ROLE_SUPPORT, NULL);
  assert_due (app, "2026-10-10");
  event = last_event (app);
  g_assert_cmpstr (event->to_state, ==, "in-review");
  g_assert_cmpstr (event->stage, ==, "support-first-review");
  g_assert_cmpint (g_date_get_day (&event->due_date), ==, 10);

  /* Then the provider within 7 wd of the day the support passed it on. */
  apply_ok (app, SUPPORT ("approve", "2026-10-09", NULL));
  assert_at (app, "in-review", "provider-review", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, "2026-10-19");

  apply_ok (app, PROVIDER ("approve", "2026-10-16", "comment", "同意", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
  assert_due (app, NULL);

  history = sd_application_get_history (app);
  g_assert_cmpuint (history->len, ==, 3);
  event = g_ptr_array_index (history, 1);
  g_assert_cmpstr (event->action, ==, "approve");
  g_assert_cmpint (event->role, ==, SD_ROLE_SUPPORT);
  g_assert_cmpstr (event->from_state, ==, "in-review");
  g_assert_cmpstr (event->stage, ==, "provider-review");
  g_assert_false (event->delegated);
  event = g_ptr_array_index (history, 2);
  g_assert_cmpstr (event->department, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (event->to_state, ==, "authorised");
  g_assert_null (event->stage);
  g_assert_false (g_date_valid (&event->due_date));
  g_assert_cmpstr (g_hash_table_lookup (event->params, "comment"), ==, "同意");
}

static void
test_mot_refuse (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  error = apply_fails (app, SUPPORT ("refuse", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A legal basis is required to refuse (mot-2021 art. 12).");
  g_clear_error (&error);
  error = apply_fails (app, SUPPORT ("refuse", "2026-10-08", "basis", " \t", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_clear_error (&error);

  apply_ok (app, SUPPORT ("refuse", "2026-10-08", "basis", "《数据安全法》第三十八条", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
  assert_due (app, NULL);
  g_assert_cmpstr (g_hash_table_lookup (last_event (app)->params, "basis"), ==,
                   "《数据安全法》第三十八条");

  /* mot-2021 negotiates only over not-shared data. */
  error = apply_fails (app, CONSUMER ("escalate", "2026-10-09", "reason", "履职需要", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "no negotiation");
  g_clear_error (&error);

  /* Refused is final. */
  error = apply_fails (app, PROVIDER ("approve", "2026-10-09", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_message (error, "Cannot approve while the case is refused.");
}

static void
test_mot_provider_refuses (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");

  apply_ok (app, SUPPORT ("approve", "2026-10-09", NULL));
  apply_ok (app, PROVIDER ("refuse", "2026-10-12", "basis", "涉及国家秘密", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
  g_assert_cmpstr (last_event (app)->from_state, ==, "in-review");
  g_assert_cmpint (last_event (app)->role, ==, SD_ROLE_PROVIDER);
}

static void
test_mot_wrong_role (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  /* The support's stage: neither the consumer nor the provider decides. */
  error = apply_fails (app, CONSUMER ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
  assert_mentions (error, sd_role_get_label (SD_ROLE_SUPPORT));
  assert_mentions (error, sd_role_get_label (SD_ROLE_CONSUMER));
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app, SUPERVISOR ("refuse", "2026-10-08", "basis", "x", NULL),
                       SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);

  /* The provider's stage: the support may not decide undelegated. */
  apply_ok (app, SUPPORT ("approve", "2026-10-08", NULL));
  error = apply_fails (app, SUPPORT ("approve", "2026-10-09", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);

  /* Only the consumer withdraws. */
  error = apply_fails (app, PROVIDER ("withdraw", "2026-10-09", NULL), SD_WORKFLOW_ERROR_ROLE);
}

static void
test_mot_wrong_department (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  apply_ok (app, SUPPORT ("approve", "2026-10-08", NULL));

  /* A provider, but not the one of this entry. */
  error = apply_fails (app,
                       sd_test_request ("approve", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                        "2026-10-09", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  assert_message (error, "Only department " SD_TEST_USCC_PROVIDER " can approve here; "
                  "the request comes from department " SD_TEST_USCC_OTHER ".");
  g_clear_error (&error);

  /* A consumer, but not the applicant. */
  error = apply_fails (app,
                       sd_test_request ("withdraw", SD_ROLE_CONSUMER, SD_TEST_USCC_OTHER,
                                        "2026-10-09", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  g_clear_error (&error);

  apply_ok (app, CONSUMER ("withdraw", "2026-10-09", NULL));
  assert_at (app, "withdrawn", NULL, SD_ROLE_INVALID, NULL);
  g_assert_cmpstr (last_event (app)->from_state, ==, "in-review");
}

static void
test_mot_wrong_state (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  error = apply_fails (app, CONSUMER ("supply-materials", "2026-10-08", "note", "n", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  assert_message (error, "Cannot supply materials while the case is in review.");
  g_clear_error (&error);
  error = apply_fails (app, CONSUMER ("acknowledge-agreement", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  error = apply_fails (app, CONSUMER ("escalate", "2026-10-08", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  /* Forwarding is a panjin-2016 step: the mot-2021 stages do not list it. */
  error = apply_fails (app, SUPPORT ("forward", "2026-10-08", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "forward");
  assert_mentions (error, "mot-2021 art. 12");
  g_clear_error (&error);

  /* Unknown actions and a second submission. */
  error = apply_fails (app, SUPPORT ("rubber-stamp", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_INVALID_VALUE);
  assert_mentions (error, "rubber-stamp");
  g_clear_error (&error);
  error = apply_fails (app, CONSUMER ("submit", "2026-10-08", "purpose", "p", NULL),
                       SD_WORKFLOW_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  apply_ok (app, CONSUMER ("withdraw", "2026-10-08", NULL));
  error = apply_fails (app, CONSUMER ("withdraw", "2026-10-09", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_message (error, "Cannot withdraw while the case is withdrawn.");
}

static void
test_mot_submission_checks (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("conditional");
  g_autoptr(GError) error = NULL;
  SdApplication *app;

  /* A2, art. 12: the purpose. */
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A purpose is required to submit an application (mot-2021 art. 12).");
  g_clear_error (&error);
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "\n  ", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_clear_error (&error);

  /* Only a consumer applies. */
  app = try_submit ("mot-2021", entry,
                    PROVIDER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);

  /* It starts with "submit". */
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("approve", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* The provider does not apply for its own data. */
  app = try_submit ("mot-2021", entry,
                    sd_test_request ("submit", SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER,
                                     "2026-09-30", "purpose", "p", NULL),
                    &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT);
  assert_message (error, "Department " SD_TEST_USCC_PROVIDER " provides “" ENTRY_NAME
                  "” itself and cannot apply for it.");
  g_clear_error (&error);

  /* The purpose kind is "duty" or "development". */
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p",
                              "purpose_kind", "resale", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
  assert_mentions (error, "resale");
  g_clear_error (&error);

  /* Only published entries. */
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_DRAFT);
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, ENTRY_NAME);
  assert_mentions (error, "not published");
  g_clear_error (&error);
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_RETIRED);
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  /* A share type the profile does not define (special is panjin-2016's). */
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
  sd_catalogue_entry_set_share_type (entry, "special");
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
  assert_mentions (error, "special");
}

static void
test_mot_materials (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;
  GDate today;

  error = apply_fails (app, SUPPORT ("request-materials", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A list of the materials needed is required to request materials "
                  "(mot-2021 art. 12).");
  g_clear_error (&error);

  apply_ok (app, SUPPORT ("request-materials", "2026-10-08", "materials", "用途证明函", NULL));
  /* The clock stops: no due date, never overdue while waiting. */
  assert_at (app, "materials-requested", "support-first-review", SD_ROLE_CONSUMER,
             SD_TEST_USCC_CONSUMER);
  assert_due (app, NULL);
  sd_test_date (&today, "2026-11-30");
  g_assert_false (sd_application_is_overdue (app, &today));

  error = apply_fails (app, SUPPORT ("approve", "2026-10-09", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_message (error, "Cannot approve while the case is waiting for materials.");
  g_clear_error (&error);
  error = apply_fails (app, CONSUMER ("supply-materials", "2026-10-12", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A note on the materials supplied is required to supply materials.");
  g_clear_error (&error);
  error = apply_fails (app,
                       sd_test_request ("supply-materials", SD_ROLE_CONSUMER, SD_TEST_USCC_OTHER,
                                        "2026-10-12", "note", "n", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  g_clear_error (&error);

  /* The same stage again with a full new deadline: 3 wd from Monday. */
  apply_ok (app, CONSUMER ("supply-materials", "2026-10-12", "note", "已上传证明函", NULL));
  assert_at (app, "in-review", "support-first-review", SD_ROLE_SUPPORT, NULL);
  assert_due (app, "2026-10-15");
  g_assert_cmpstr (last_event (app)->from_state, ==, "materials-requested");
  g_assert_cmpstr (last_event (app)->stage, ==, "support-first-review");

  /* And at the provider's stage. */
  apply_ok (app, SUPPORT ("approve", "2026-10-15", NULL));
  apply_ok (app, PROVIDER ("request-materials", "2026-10-16", "materials", "m", NULL));
  assert_at (app, "materials-requested", "provider-review", SD_ROLE_CONSUMER,
             SD_TEST_USCC_CONSUMER);
  apply_ok (app, CONSUMER ("supply-materials", "2026-10-19", "note", "n", NULL));
  assert_at (app, "in-review", "provider-review", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, "2026-10-28");
}

static void
test_mot_overdue (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  GDate today;

  assert_due (app, "2026-10-10");
  sd_test_date (&today, "2026-10-09");
  g_assert_false (sd_application_is_overdue (app, &today));
  sd_test_date (&today, "2026-10-10");
  g_assert_false (sd_application_is_overdue (app, &today));
  sd_test_date (&today, "2026-10-11");
  g_assert_true (sd_application_is_overdue (app, &today));

  apply_ok (app, SUPPORT ("approve", "2026-10-12", NULL));
  g_assert_false (sd_application_is_overdue (app, &today));
  apply_ok (app, PROVIDER ("approve", "2026-10-13", NULL));
  sd_test_date (&today, "2027-06-01");
  g_assert_false (sd_application_is_overdue (app, &today));
}

static void
test_mot_delegation (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;
  GPtrArray *history;
  SdWorkflowEvent *event;

  /* The first review is the support's own: nothing to delegate. */
  error = apply_fails (app, PROVIDER ("delegate", "2026-10-08", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "cannot be delegated");
  g_clear_error (&error);

  apply_ok (app, SUPPORT ("approve", "2026-10-09", NULL));
  error = apply_fails (app, CONSUMER ("delegate", "2026-10-09", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app, SUPPORT ("delegate", "2026-10-09", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app,
                       sd_test_request ("delegate", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                        "2026-10-09", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  g_clear_error (&error);

  /* A6, art. 14: the support decides; the deadline runs on. */
  apply_ok (app, PROVIDER ("delegate", "2026-10-09", NULL));
  g_assert_true (sd_application_is_delegated (app));
  assert_at (app, "in-review", "provider-review", SD_ROLE_SUPPORT, NULL);
  assert_due (app, "2026-10-19");
  g_assert_cmpstr (sd_application_get_provider (app), ==, SD_TEST_USCC_PROVIDER);

  error = apply_fails (app, PROVIDER ("approve", "2026-10-12", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("delegate", "2026-10-12", NULL), SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "already delegated");
  g_clear_error (&error);

  /* Delegated decisions are flagged so the provider sees them. */
  apply_ok (app, SUPPORT ("request-materials", "2026-10-12", "materials", "m", NULL));
  g_assert_true (last_event (app)->delegated);
  apply_ok (app, CONSUMER ("supply-materials", "2026-10-13", "note", "n", NULL));
  g_assert_false (last_event (app)->delegated);
  g_assert_true (sd_application_is_delegated (app));
  assert_at (app, "in-review", "provider-review", SD_ROLE_SUPPORT, NULL);

  apply_ok (app, SUPPORT ("approve", "2026-10-14", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);

  history = sd_application_get_history (app);
  event = g_ptr_array_index (history, 2);
  g_assert_cmpstr (event->action, ==, "delegate");
  g_assert_cmpint (event->role, ==, SD_ROLE_PROVIDER);
  g_assert_cmpstr (event->to_state, ==, "in-review");
  g_assert_false (event->delegated);
  event = last_event (app);
  g_assert_cmpint (event->role, ==, SD_ROLE_SUPPORT);
  g_assert_true (event->delegated);
}

static void
test_mot_external (void)
{
  static const char * const types[] = { "unconditional", "conditional" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(SdCatalogueEntry) entry = entry_new (types[i]);
      g_autoptr(SdApplication) app = NULL;
      g_autoptr(GError) error = NULL;

      /* A7, art. 13: out-of-industry data is the supervisor's to authorise. */
      sd_catalogue_entry_set_external (entry, TRUE);
      app = submit_on ("mot-2021", entry, "2026-09-30");
      assert_at (app, "in-review", "supervisor-approval", SD_ROLE_SUPERVISOR, NULL);
      assert_due (app, NULL);   /* art. 13 sets no time limit */

      error = apply_fails (app, SUPPORT ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
      g_clear_error (&error);
      error = apply_fails (app, PROVIDER ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
      g_clear_error (&error);
      error = apply_fails (app, SUPERVISOR ("refuse", "2026-10-08", NULL),
                           SD_WORKFLOW_ERROR_MISSING_FIELD);
      g_clear_error (&error);

      apply_ok (app, SUPERVISOR ("approve", "2026-10-08", NULL));
      assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
    }
}

static void
test_mot_external_refused (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("conditional");
  g_autoptr(SdApplication) app = NULL;

  sd_catalogue_entry_set_external (entry, TRUE);
  app = submit_on ("mot-2021", entry, "2026-09-30");
  apply_ok (app, SUPERVISOR ("refuse", "2026-10-08", "basis", "未接入部共享平台", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_mot_not_shared (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "not-shared", "2026-09-30");
  g_autoptr(SdApplication) agreed = submit_type ("mot-2021", "not-shared", "2026-09-30");
  g_autoptr(SdCatalogueEntry) external = entry_new ("not-shared");
  g_autoptr(SdApplication) external_app = NULL;
  g_autoptr(GError) error = NULL;

  /* A5, art. 12: the departments negotiate; that is the only level. */
  assert_at (app, "negotiating", "departments", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, NULL);
  g_assert_cmpstr (last_event (app)->stage, ==, "departments");

  error = apply_fails (app, SUPPORT ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("refuse", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("request-materials", "2026-10-08", "materials", "m", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  apply_ok (app, PROVIDER ("refuse", "2026-10-08", "basis", "法律禁止共享", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
  error = apply_fails (app, CONSUMER ("escalate", "2026-10-09", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "exhausted");
  assert_mentions (error, "mot-2021 art. 12");
  g_clear_error (&error);

  apply_ok (agreed, PROVIDER ("approve", "2026-10-08", NULL));
  assert_at (agreed, "authorised", NULL, SD_ROLE_INVALID, NULL);
  g_assert_cmpstr (last_event (agreed)->from_state, ==, "negotiating");

  /* Not-shared data is negotiated even when it is out-of-industry. */
  sd_catalogue_entry_set_external (external, TRUE);
  external_app = submit_on ("mot-2021", external, "2026-09-30");
  assert_at (external_app, "negotiating", "departments", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
}

static void
test_mot_development (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("unconditional");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdApplication) app = NULL;

  /* mot-2021 has no development approval: the kind is only recorded. */
  app = try_submit ("mot-2021", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p",
                              "purpose_kind", "development", NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_application_get_purpose_kind (app), ==, "development");
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_mot_year_end (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-12-28");

  /* 3 wd from 28 December still fit in 2026 ... */
  assert_due (app, "2026-12-31");
  g_assert_false (sd_application_get_due_uncovered (app));

  /* ... 7 wd from 29 December do not: no due date, never guessed. */
  apply_ok (app, SUPPORT ("approve", "2026-12-29", NULL));
  assert_at (app, "in-review", "provider-review", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, NULL);
  g_assert_true (sd_application_get_due_uncovered (app));

  apply_ok (app, PROVIDER ("approve", "2026-12-30", NULL));
  g_assert_false (sd_application_get_due_uncovered (app));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
}

/* --- state-council-2016 -------------------------------------------------- */

static void
test_sc_unconditional (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "unconditional",
                                              "2026-03-02");

  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_sc_conditional (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "conditional",
                                              "2026-09-30");
  g_autoptr(GError) error = NULL;

  /* A4s, art. 12: one stage, the provider answers within 10 wd. */
  assert_at (app, "in-review", "provider-review", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, "2026-10-20");

  /* No delegation and no materials provision in this profile. */
  error = apply_fails (app, PROVIDER ("delegate", "2026-10-08", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("request-materials", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A list of the materials needed is required to request materials.");
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("refuse", "2026-10-08", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A legal basis is required to refuse (state-council-2016 art. 12).");
  g_clear_error (&error);

  apply_ok (app, PROVIDER ("approve", "2026-10-15", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_sc_negotiation_ladder (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "conditional",
                                              "2026-09-30");
  g_autoptr(GError) error = NULL;
  GPtrArray *history;
  SdWorkflowEvent *event;

  apply_ok (app, PROVIDER ("refuse", "2026-10-12", "basis", "数据正在治理", NULL));
  /* art. 12: a refused conditional application may go to negotiation. */
  assert_at (app, "refused", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);

  error = apply_fails (app, CONSUMER ("escalate", "2026-10-13", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A reason is required to escalate (state-council-2016 art. 12).");
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("escalate", "2026-10-13", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app,
                       sd_test_request ("escalate", SD_ROLE_CONSUMER, SD_TEST_USCC_OTHER,
                                        "2026-10-13", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  g_clear_error (&error);

  /* 1: between the departments. */
  apply_ok (app, CONSUMER ("escalate", "2026-10-13", "reason", "履行职责确需使用", NULL));
  assert_at (app, "negotiating", "departments", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  apply_ok (app, PROVIDER ("refuse", "2026-10-20", "basis", "协商未果", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);

  /* 2: the sharing authority coordinates. */
  apply_ok (app, CONSUMER ("escalate", "2026-10-21", "reason", "r", NULL));
  assert_at (app, "negotiating", "sharing-authority", SD_ROLE_SUPERVISOR, NULL);
  error = apply_fails (app, PROVIDER ("approve", "2026-10-22", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  apply_ok (app, SUPERVISOR ("refuse", "2026-10-22", "basis", "b", NULL));

  /* 3: the joint conference, the last level. */
  apply_ok (app, CONSUMER ("escalate", "2026-10-23", "reason", "涉及中央有关部门", NULL));
  assert_at (app, "negotiating", "joint-conference", SD_ROLE_SUPERVISOR, NULL);
  apply_ok (app, SUPERVISOR ("refuse", "2026-10-26", "basis", "b", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
  error = apply_fails (app, CONSUMER ("escalate", "2026-10-27", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "exhausted");
  assert_mentions (error, "state-council-2016 art. 12");
  g_clear_error (&error);

  history = sd_application_get_history (app);
  g_assert_cmpuint (history->len, ==, 8);
  event = g_ptr_array_index (history, 6);
  g_assert_cmpstr (event->action, ==, "escalate");
  g_assert_cmpstr (event->from_state, ==, "refused");
  g_assert_cmpstr (event->to_state, ==, "negotiating");
  g_assert_cmpstr (event->stage, ==, "joint-conference");
}

static void
test_sc_negotiation_agreed (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "not-shared",
                                              "2026-09-30");
  g_autoptr(GError) error = NULL;

  assert_at (app, "negotiating", "departments", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  apply_ok (app, PROVIDER ("refuse", "2026-10-08", "basis", "b", NULL));
  apply_ok (app, CONSUMER ("escalate", "2026-10-09", "reason", "r", NULL));
  /* The sharing authority settles it. */
  apply_ok (app, SUPERVISOR ("approve", "2026-10-12", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
  error = apply_fails (app, CONSUMER ("withdraw", "2026-10-13", NULL), SD_WORKFLOW_ERROR_STATE);
}

static void
test_sc_withdraw_in_negotiation (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "not-shared",
                                              "2026-09-30");

  apply_ok (app, CONSUMER ("withdraw", "2026-10-08", NULL));
  assert_at (app, "withdrawn", NULL, SD_ROLE_INVALID, NULL);
  g_assert_cmpstr (last_event (app)->from_state, ==, "negotiating");
}

static void
test_sc_due_uncovered (void)
{
  g_autoptr(SdApplication) app = submit_type ("state-council-2016", "conditional",
                                              "2026-12-28");
  GDate today;

  /* Filed all the same: the due date is simply unknown. */
  assert_at (app, "in-review", "provider-review", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  assert_due (app, NULL);
  g_assert_true (sd_application_get_due_uncovered (app));
  g_assert_false (g_date_valid (&last_event (app)->due_date));
  sd_test_date (&today, "2027-03-01");
  g_assert_false (sd_application_is_overdue (app, &today));
}

/* --- panjin-2016 --------------------------------------------------------- */

static void
test_panjin_unconditional (void)
{
  g_autoptr(SdApplication) app = submit_type ("panjin-2016", "unconditional", "2026-03-02");
  g_autoptr(GError) error = NULL;

  /* art. 17 grants; art. 32 wants the agreement before any data. */
  assert_at (app, "agreement-pending", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);
  error = apply_fails (app,
                       sd_test_request ("acknowledge-agreement", SD_ROLE_CONSUMER,
                                        SD_TEST_USCC_OTHER, "2026-03-03", NULL),
                       SD_WORKFLOW_ERROR_DEPARTMENT);
  g_clear_error (&error);
  error = apply_fails (app, SUPPORT ("acknowledge-agreement", "2026-03-03", NULL),
                       SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  error = apply_fails (app, SUPPORT ("approve", "2026-03-03", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  apply_ok (app, CONSUMER ("acknowledge-agreement", "2026-03-03", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
  g_assert_cmpstr (last_event (app)->from_state, ==, "agreement-pending");
}

static void
test_panjin_conditional_direct (void)
{
  g_autoptr(SdApplication) app = submit_type ("panjin-2016", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  /* A4p, art. 18: the center approves when the conditions are met. */
  assert_at (app, "in-review", "center-review", SD_ROLE_SUPPORT, NULL);
  assert_due (app, NULL);   /* art. 18 sets no time limit */
  g_assert_false (sd_application_get_due_uncovered (app));

  /* It may not refuse by itself: it consults the provider instead. */
  error = apply_fails (app, SUPPORT ("refuse", "2026-10-08", "basis", "b", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  assert_mentions (error, "panjin-2016 art. 18");
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("approve", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);

  apply_ok (app, SUPPORT ("approve", "2026-10-08", NULL));
  assert_at (app, "agreement-pending", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);
  apply_ok (app, CONSUMER ("acknowledge-agreement", "2026-10-09", NULL));
  assert_at (app, "authorised", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_panjin_conditional_forward (void)
{
  g_autoptr(SdApplication) app = submit_type ("panjin-2016", "conditional", "2026-09-30");
  g_autoptr(GError) error = NULL;

  error = apply_fails (app, PROVIDER ("forward", "2026-10-08", NULL), SD_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  apply_ok (app, SUPPORT ("forward", "2026-10-08", NULL));
  assert_at (app, "in-review", "provider-consultation", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (last_event (app)->stage, ==, "provider-consultation");

  /* Written reasons for a refusal. */
  error = apply_fails (app, PROVIDER ("refuse", "2026-10-09", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD);
  assert_message (error, "A legal basis is required to refuse (panjin-2016 art. 18).");
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("forward", "2026-10-09", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  error = apply_fails (app, PROVIDER ("delegate", "2026-10-09", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  apply_ok (app, PROVIDER ("refuse", "2026-10-09", "basis", "数据含商业秘密", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
  /* panjin-2016 has no negotiation ladder at all. */
  error = apply_fails (app, CONSUMER ("escalate", "2026-10-12", "reason", "r", NULL),
                       SD_WORKFLOW_ERROR_STATE);
}

static void
test_panjin_special (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("special");
  const char * const recipients[] = { SD_TEST_USCC_OTHER, NULL };
  const char * const with_consumer[] = { SD_TEST_USCC_OTHER, SD_TEST_USCC_CONSUMER, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdApplication) app = NULL;

  /* A5p, art. 19: listed recipients only. */
  sd_catalogue_entry_set_share_recipients (entry, recipients);
  app = try_submit ("panjin-2016", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_RECIPIENT);
  assert_message (error, "Department " SD_TEST_USCC_CONSUMER " is not a listed recipient of "
                  "the special data “" ENTRY_NAME "” (panjin-2016 art. 19).");
  g_clear_error (&error);

  sd_catalogue_entry_set_share_recipients (entry, NULL);
  app = try_submit ("panjin-2016", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_RECIPIENT);
  g_clear_error (&error);

  sd_catalogue_entry_set_share_recipients (entry, with_consumer);
  app = submit_on ("panjin-2016", entry, "2026-09-30");
  assert_at (app, "in-review", "center-approval", SD_ROLE_SUPPORT, NULL);
  error = apply_fails (app, SUPPORT ("forward", "2026-10-08", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  error = apply_fails (app, SUPPORT ("request-materials", "2026-10-08", "materials", "m", NULL),
                       SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  apply_ok (app, SUPPORT ("approve", "2026-10-08", NULL));
  assert_at (app, "agreement-pending", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);
}

static void
test_panjin_special_refused (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("special");
  const char * const recipients[] = { SD_TEST_USCC_CONSUMER, NULL };
  g_autoptr(SdApplication) app = NULL;

  sd_catalogue_entry_set_share_recipients (entry, recipients);
  app = submit_on ("panjin-2016", entry, "2026-09-30");
  apply_ok (app, SUPPORT ("refuse", "2026-10-08", "basis", "b", NULL));
  assert_at (app, "refused", NULL, SD_ROLE_INVALID, NULL);
}

static void
test_panjin_development (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("unconditional");
  g_autoptr(SdCatalogueEntry) conditional = entry_new ("conditional");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdApplication) app = NULL;
  g_autoptr(SdApplication) review = NULL;

  /* A13, art. 24: development use needs the center, even for
   * unconditional data. */
  app = try_submit ("panjin-2016", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "交通出行服务开发",
                              "purpose_kind", "development", NULL), &error);
  g_assert_no_error (error);
  assert_at (app, "in-review", "center-development-approval", SD_ROLE_SUPPORT, NULL);
  assert_due (app, NULL);
  g_assert_cmpstr (sd_application_get_purpose_kind (app), ==, "development");
  error = apply_fails (app, SUPPORT ("forward", "2026-10-08", NULL), SD_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  apply_ok (app, SUPPORT ("approve", "2026-10-08", NULL));
  assert_at (app, "agreement-pending", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);

  /* Conditional data starts at the center anyway: the usual review. */
  review = try_submit ("panjin-2016", conditional,
                       CONSUMER ("submit", "2026-09-30", "purpose", "p",
                                 "purpose_kind", "development", NULL), &error);
  g_assert_no_error (error);
  assert_at (review, "in-review", "center-review", SD_ROLE_SUPPORT, NULL);
}

static void
test_panjin_no_not_shared (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("not-shared");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdApplication) app = NULL;

  app = try_submit ("panjin-2016", entry,
                    CONSUMER ("submit", "2026-09-30", "purpose", "p", NULL), &error);
  g_assert_null (app);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
  assert_mentions (error, "not-shared");
}

static void
test_panjin_external_ignored (void)
{
  g_autoptr(SdCatalogueEntry) entry = entry_new ("unconditional");
  g_autoptr(SdApplication) app = NULL;

  /* Out-of-industry approval is a mot-2021 provision only. */
  sd_catalogue_entry_set_external (entry, TRUE);
  app = submit_on ("panjin-2016", entry, "2026-09-30");
  assert_at (app, "agreement-pending", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);
}

/* --- JSON ---------------------------------------------------------------- */

static SdApplication *
restore (const char *policy_id,
         JsonNode   *node,
         GError    **error)
{
  g_autoptr(SdPolicy) policy = sd_test_policy (policy_id);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();

  return sd_application_new_from_json (policy, calendar, node, error);
}

static void
test_json_round_trip (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(SdApplication) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  apply_ok (app, SUPPORT ("approve", "2026-10-09", NULL));
  apply_ok (app, PROVIDER ("delegate", "2026-10-09", NULL));
  node = sd_application_to_json (app);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "policy"), ==, "mot-2021");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "in-review");
  g_assert_cmpstr (json_object_get_string_member (object, "stage"), ==, "provider-review");
  g_assert_cmpstr (json_object_get_string_member (object, "due_date"), ==, "2026-10-19");
  g_assert_true (json_object_get_boolean_member (object, "delegated"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "history")),
                    ==, 3);

  copy = restore ("mot-2021", node, &error);
  g_assert_no_error (error);
  again = sd_application_to_json (copy);
  g_assert_true (json_node_equal (node, again));
  assert_at (copy, "in-review", "provider-review", SD_ROLE_SUPPORT, NULL);
  g_assert_true (sd_application_is_delegated (copy));
  g_assert_cmpstr (sd_application_get_purpose (copy), ==, "道路运输行政执法核查");
  g_assert_cmpstr (sd_application_get_entry_id (copy), ==, ENTRY_ID);

  /* The restored application goes on where the stored one stood. */
  apply_ok (copy, SUPPORT ("approve", "2026-10-12", NULL));
  assert_at (copy, "authorised", NULL, SD_ROLE_INVALID, NULL);
  g_assert_true (last_event (copy)->delegated);
}

static void
test_json_round_trip_routes (void)
{
  g_autoptr(SdCatalogueEntry) external = entry_new ("conditional");
  g_autoptr(SdApplication) supervised = NULL;
  g_autoptr(SdApplication) negotiated = submit_type ("state-council-2016", "conditional",
                                                     "2026-12-28");
  g_autoptr(SdApplication) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  sd_catalogue_entry_set_external (external, TRUE);
  supervised = submit_on ("mot-2021", external, "2026-09-30");
  node = sd_application_to_json (supervised);
  copy = restore ("mot-2021", node, &error);
  g_assert_no_error (error);
  assert_at (copy, "in-review", "supervisor-approval", SD_ROLE_SUPERVISOR, NULL);
  apply_ok (copy, SUPERVISOR ("approve", "2026-10-08", NULL));
  g_clear_object (&copy);
  g_clear_pointer (&node, json_node_unref);

  /* Uncovered due date and the negotiation level survive. */
  g_assert_true (sd_application_get_due_uncovered (negotiated));
  apply_ok (negotiated, PROVIDER ("refuse", "2026-12-29", "basis", "b", NULL));
  apply_ok (negotiated, CONSUMER ("escalate", "2026-12-30", "reason", "r", NULL));
  apply_ok (negotiated, PROVIDER ("refuse", "2026-12-31", "basis", "b", NULL));
  node = sd_application_to_json (negotiated);
  copy = restore ("state-council-2016", node, &error);
  g_assert_no_error (error);
  again = sd_application_to_json (copy);
  g_assert_true (json_node_equal (node, again));
  assert_at (copy, "refused", NULL, SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER);
  apply_ok (copy, CONSUMER ("escalate", "2026-12-31", "reason", "r", NULL));
  assert_at (copy, "negotiating", "sharing-authority", SD_ROLE_SUPERVISOR, NULL);
}

typedef struct {
  const char *name;
  const char *member;
  const char *value;      /* JSON text; NULL removes the member */
  const char *mention;
} Tamper;

static const Tamper tampers[] = {
  { "unknown-state", "state", "\"granted\"", "granted" },
  { "unknown-stage", "stage", "\"mayor-review\"", "mayor-review" },
  { "stage-without-state", "stage", "null", "in-review" },
  { "unknown-share-type", "share_type", "\"secret\"", "secret" },
  { "unknown-route", "route", "\"shortcut\"", "shortcut" },
  { "unknown-member", "colour", "\"red\"", "colour" },
  { "missing-consumer", "consumer", NULL, "consumer" },
  { "bad-due-date", "due_date", "\"2026-13-01\"", "due_date" },
  { "bad-history", "history", "[{}]", "history[0]" },
  { "other-policy", "policy", "\"state-council-2016\"", "state-council-2016" },
};

static void
test_json_tampered (gconstpointer data)
{
  const Tamper *tamper = data;
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(JsonNode) node = sd_application_to_json (app);
  g_autoptr(SdApplication) copy = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (node);

  if (tamper->value == NULL)
    json_object_remove_member (object, tamper->member);
  else
    json_object_set_member (object, tamper->member, json_from_string (tamper->value, NULL));

  copy = restore ("mot-2021", node, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_mentions (error, tamper->mention);
}

static void
test_json_wrong_policy (void)
{
  g_autoptr(SdApplication) app = submit_type ("mot-2021", "conditional", "2026-09-30");
  g_autoptr(JsonNode) node = sd_application_to_json (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdApplication) copy = restore ("panjin-2016", node, &error);

  /* A case decided under mot-2021 is not replayed under panjin-2016. */
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_mentions (error, "mot-2021");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/application/mot-2021/unconditional", test_mot_unconditional);
  g_test_add_func ("/application/mot-2021/conditional", test_mot_conditional_happy);
  g_test_add_func ("/application/mot-2021/refuse", test_mot_refuse);
  g_test_add_func ("/application/mot-2021/provider-refuses", test_mot_provider_refuses);
  g_test_add_func ("/application/mot-2021/wrong-role", test_mot_wrong_role);
  g_test_add_func ("/application/mot-2021/wrong-department", test_mot_wrong_department);
  g_test_add_func ("/application/mot-2021/wrong-state", test_mot_wrong_state);
  g_test_add_func ("/application/mot-2021/submission-checks", test_mot_submission_checks);
  g_test_add_func ("/application/mot-2021/materials", test_mot_materials);
  g_test_add_func ("/application/mot-2021/overdue", test_mot_overdue);
  g_test_add_func ("/application/mot-2021/delegation", test_mot_delegation);
  g_test_add_func ("/application/mot-2021/external", test_mot_external);
  g_test_add_func ("/application/mot-2021/external-refused", test_mot_external_refused);
  g_test_add_func ("/application/mot-2021/not-shared", test_mot_not_shared);
  g_test_add_func ("/application/mot-2021/development", test_mot_development);
  g_test_add_func ("/application/mot-2021/year-end", test_mot_year_end);

  g_test_add_func ("/application/state-council-2016/unconditional", test_sc_unconditional);
  g_test_add_func ("/application/state-council-2016/conditional", test_sc_conditional);
  g_test_add_func ("/application/state-council-2016/negotiation-ladder",
                   test_sc_negotiation_ladder);
  g_test_add_func ("/application/state-council-2016/negotiation-agreed",
                   test_sc_negotiation_agreed);
  g_test_add_func ("/application/state-council-2016/withdraw-in-negotiation",
                   test_sc_withdraw_in_negotiation);
  g_test_add_func ("/application/state-council-2016/due-uncovered", test_sc_due_uncovered);

  g_test_add_func ("/application/panjin-2016/unconditional", test_panjin_unconditional);
  g_test_add_func ("/application/panjin-2016/conditional-direct", test_panjin_conditional_direct);
  g_test_add_func ("/application/panjin-2016/conditional-forward",
                   test_panjin_conditional_forward);
  g_test_add_func ("/application/panjin-2016/special", test_panjin_special);
  g_test_add_func ("/application/panjin-2016/special-refused", test_panjin_special_refused);
  g_test_add_func ("/application/panjin-2016/development", test_panjin_development);
  g_test_add_func ("/application/panjin-2016/no-not-shared", test_panjin_no_not_shared);
  g_test_add_func ("/application/panjin-2016/external-ignored", test_panjin_external_ignored);

  g_test_add_func ("/application/json/round-trip", test_json_round_trip);
  g_test_add_func ("/application/json/round-trip-routes", test_json_round_trip_routes);
  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/application/json/tampered/%s",
                                               tampers[i].name);
      g_test_add_data_func (path, &tampers[i], test_json_tampered);
    }
  g_test_add_func ("/application/json/wrong-policy", test_json_wrong_policy);

  return g_test_run ();
}
