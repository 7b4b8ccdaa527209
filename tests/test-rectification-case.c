/* test-rectification-case.c — rectification notices and their cases.
 *
 * Every built-in profile leaves the time limit to the notice (the
 * rectification stage has no working-day deadline), so the supervisor
 * gives "due_date"; one test loads a profile variant with a 10-wd
 * deadline to check the calendar path, including a 2027 date the
 * calendar does not cover.
 */
#include "sd-test-utils.h"

#include <gio/gio.h>
#include <string.h>

#define USCC_BAD_CHECK "11100000000013127X"   /* SD_TEST_USCC_PROVIDER, wrong check character */

typedef struct {
  const char *profile;
  const char *violation_kind;
  const char *sanction;
  const char *article;          /* of the rectification stage, as formatted */
} ProfileCase;

static const ProfileCase profiles[] = {
  { "mot-2021", "data-misused", "no-om-funding", "mot-2021 art. 23" },
  { "state-council-2016", "purpose-exceeded", "report-to-state-council", "state-council-2016 art. 24" },
  { "panjin-2016", "refused-or-delayed", "written-criticism", "panjin-2016 art. 35" },
};

static SdRectificationCase *
open_case (SdPolicy   *policy,
           SdCalendar *calendar,
           const char *kind,
           const char *iso_date,
           const char *due_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) open = NULL;
  SdRectificationCase *rectification;

  open = sd_test_request ("open", SD_ROLE_SUPERVISOR, NULL, iso_date,
                          "department", SD_TEST_USCC_PROVIDER,
                          "violation_kind", kind,
                          "description", "Catalogue not updated since 2024",
                          "due_date", due_date, NULL);
  rectification = sd_rectification_case_new (policy, calendar, open, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rectification);
  return rectification;
}

static void
apply_ok (SdRectificationCase *rectification,
          SdWorkflowRequest   *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;

  g_assert_true (sd_rectification_case_apply (rectification, owned, &error));
  g_assert_no_error (error);
}

/* Applies a request that must fail with @code and change nothing; returns
 * the message for further checks. */
static char *
apply_fails (SdRectificationCase *rectification,
             SdWorkflowRequest   *request,
             SdWorkflowError      code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autofree char *state = g_strdup (sd_rectification_case_get_state (rectification));
  guint n_events = sd_rectification_case_get_history (rectification)->len;

  g_assert_false (sd_rectification_case_apply (rectification, owned, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) code);
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, state);
  g_assert_cmpuint (sd_rectification_case_get_history (rectification)->len, ==, n_events);
  return g_strdup (error->message);
}

static SdWorkflowEvent *
event_at (SdRectificationCase *rectification,
          guint                index)
{
  return sd_test_event_at (sd_rectification_case_get_history (rectification), index);
}

static SdWorkflowRequest *
respond_request (SdRole      role,
                 const char *department,
                 const char *iso_date)
{
  return sd_test_request ("respond", role, department, iso_date,
                          "plan", "Update the catalogue monthly",
                          "evidence", "Catalogue version 5 published", NULL);
}

/* --- open ---------------------------------------------------------------- */

static void
test_open (gconstpointer data)
{
  const ProfileCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  SdWorkflowEvent *event;

  rectification = open_case (policy, calendar, c->violation_kind, "2026-03-10", "2026-04-30");
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "awaiting-response");
  g_assert_cmpstr (sd_rectification_case_get_department (rectification), ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (sd_rectification_case_get_violation_kind (rectification), ==, c->violation_kind);
  g_assert_null (sd_rectification_case_get_sanction (rectification));
  g_assert_cmpint (sd_rectification_case_get_current_role (rectification), ==, SD_ROLE_PROVIDER);
  sd_test_assert_date (sd_rectification_case_get_due_date (rectification), "2026-04-30");
  g_assert_false (sd_rectification_case_get_due_uncovered (rectification));

  g_assert_cmpuint (sd_rectification_case_get_history (rectification)->len, ==, 1);
  event = event_at (rectification, 0);
  g_assert_cmpstr (event->action, ==, "open");
  g_assert_cmpint (event->role, ==, SD_ROLE_SUPERVISOR);
  g_assert_null (event->from_state);
  g_assert_cmpstr (event->to_state, ==, "awaiting-response");
  g_assert_cmpstr (event->stage, ==, "department-response");
  sd_test_assert_date (&event->due_date, "2026-04-30");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "violation_kind"), ==, c->violation_kind);
}

static void
test_open_due_on_opening_day (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;

  /* "Not before the opening day": the day itself is allowed. */
  rectification = open_case (policy, calendar, "data-not-updated", "2026-03-10", "2026-03-10");
  sd_test_assert_date (sd_rectification_case_get_due_date (rectification), "2026-03-10");
}

typedef struct {
  const char     *name;
  SdRole          role;
  const char     *department;
  const char     *kind;
  const char     *description;
  const char     *due_date;
  SdWorkflowError code;
  const char     *message_part;    /* NULL: not checked */
} OpenFailure;

static const OpenFailure open_failures[] = {
  { "consumer-role", SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER, "data-misused", "x", "2026-04-30",
    SD_WORKFLOW_ERROR_ROLE, NULL },
  { "support-role", SD_ROLE_SUPPORT, SD_TEST_USCC_PROVIDER, "data-misused", "x", "2026-04-30",
    SD_WORKFLOW_ERROR_ROLE, NULL },
  { "no-department", SD_ROLE_SUPERVISOR, NULL, "data-misused", "x", "2026-04-30",
    SD_WORKFLOW_ERROR_MISSING_FIELD, NULL },
  { "bad-uscc", SD_ROLE_SUPERVISOR, USCC_BAD_CHECK, "data-misused", "x", "2026-04-30",
    SD_WORKFLOW_ERROR_INVALID_VALUE, USCC_BAD_CHECK },
  { "no-kind", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, NULL, "x", "2026-04-30",
    SD_WORKFLOW_ERROR_MISSING_FIELD, NULL },
  /* A kind of another profile: the message lists mot's kinds with their articles. */
  { "kind-of-other-profile", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, "purpose-exceeded", "x",
    "2026-04-30", SD_WORKFLOW_ERROR_INVALID_VALUE, "catalogue-not-maintained (mot-2021 art. 23(1))" },
  { "no-description", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, "data-misused", NULL,
    "2026-04-30", SD_WORKFLOW_ERROR_MISSING_FIELD, NULL },
  /* art. 23 leaves the time limit to the notice: it must be given. */
  { "no-due-date", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, "data-misused", "x", NULL,
    SD_WORKFLOW_ERROR_MISSING_FIELD, "mot-2021 art. 23" },
  { "malformed-due-date", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, "data-misused", "x",
    "2026-4-30", SD_WORKFLOW_ERROR_INVALID_VALUE, "2026-4-30" },
  { "due-before-opening", SD_ROLE_SUPERVISOR, SD_TEST_USCC_PROVIDER, "data-misused", "x",
    "2026-03-09", SD_WORKFLOW_ERROR_INVALID_VALUE, "2026-03-09" },
};

static void
test_open_fails (gconstpointer data)
{
  const OpenFailure *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdWorkflowRequest) open = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(GError) error = NULL;

  open = sd_test_request ("open", c->role, NULL, "2026-03-10",
                          "department", c->department, "violation_kind", c->kind,
                          "description", c->description, "due_date", c->due_date, NULL);
  rectification = sd_rectification_case_new (policy, calendar, open, &error);
  g_assert_null (rectification);
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) c->code);
  if (c->message_part != NULL)
    g_assert_nonnull (strstr (error->message, c->message_part));
}

/* The missing due date names each profile's own article. */
static void
test_open_no_due_date_article (gconstpointer data)
{
  const ProfileCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdWorkflowRequest) open = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(GError) error = NULL;

  open = sd_test_request ("open", SD_ROLE_SUPERVISOR, NULL, "2026-03-10",
                          "department", SD_TEST_USCC_PROVIDER, "violation_kind", c->violation_kind,
                          "description", "x", NULL);
  rectification = sd_rectification_case_new (policy, calendar, open, &error);
  g_assert_null (rectification);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, c->article));
}

static void
test_open_wrong_action (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdWorkflowRequest) open = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(GError) error = NULL;

  open = sd_test_request ("respond", SD_ROLE_SUPERVISOR, NULL, "2026-03-10",
                          "department", SD_TEST_USCC_PROVIDER, "violation_kind", "data-misused",
                          "description", "x", "due_date", "2026-04-30", NULL);
  rectification = sd_rectification_case_new (policy, calendar, open, &error);
  g_assert_null (rectification);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
}

/* --- respond, accept, return --------------------------------------------- */

static void
test_respond_accept (gconstpointer data)
{
  const ProfileCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  SdWorkflowEvent *event;

  rectification = open_case (policy, calendar, c->violation_kind, "2026-03-10", "2026-04-30");
  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-04-20"));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "under-review");
  g_assert_cmpint (sd_rectification_case_get_current_role (rectification), ==, SD_ROLE_SUPERVISOR);
  sd_test_assert_date (sd_rectification_case_get_due_date (rectification), NULL);

  event = event_at (rectification, 1);
  g_assert_cmpstr (event->action, ==, "respond");
  g_assert_cmpstr (event->department, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpstr (event->from_state, ==, "awaiting-response");
  g_assert_cmpstr (event->to_state, ==, "under-review");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "plan"), ==, "Update the catalogue monthly");

  apply_ok (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL, "2026-04-25", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "rectified");
  g_assert_cmpint (sd_rectification_case_get_current_role (rectification), ==, SD_ROLE_INVALID);
  g_assert_cmpuint (sd_rectification_case_get_history (rectification)->len, ==, 3);
}

static void
test_respond_as_consumer (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;

  /* data-misused is a consumer's violation: the department answers in
   * its consumer role. */
  rectification = open_case (policy, calendar, "data-misused", "2026-03-10", "2026-04-30");
  apply_ok (rectification, respond_request (SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER, "2026-04-20"));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "under-review");
}

static void
test_failures (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("state-council-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autofree char *message = NULL;

  rectification = open_case (policy, calendar, "data-not-provided", "2026-03-10", "2026-04-30");

  /* awaiting-response: only the notified department responds. */
  g_free (apply_fails (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                                       "2026-04-01"),
                       SD_WORKFLOW_ERROR_DEPARTMENT));
  g_free (apply_fails (rectification, respond_request (SD_ROLE_SUPPORT, SD_TEST_USCC_PROVIDER,
                                                       "2026-04-01"),
                       SD_WORKFLOW_ERROR_ROLE));
  g_free (apply_fails (rectification, respond_request (SD_ROLE_SUPERVISOR, NULL, "2026-04-01"),
                       SD_WORKFLOW_ERROR_ROLE));
  g_free (apply_fails (rectification,
                       sd_test_request ("respond", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-04-01", "evidence", "x", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  g_free (apply_fails (rectification,
                       sd_test_request ("respond", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-04-01", "plan", "x", "evidence", "  ", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  /* Nothing to accept or return yet; open only creates; unknown actions. */
  g_free (apply_fails (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-01", NULL),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-01", "reason", "x",
                                                       "due_date", "2026-05-30", NULL),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("open", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-01", NULL),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("approve", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-01", NULL),
                       SD_WORKFLOW_ERROR_INVALID_VALUE));

  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-04-20"));

  /* under-review: the supervisor's turn. */
  g_free (apply_fails (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                                       "2026-04-21"),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("accept", SD_ROLE_PROVIDER,
                                                       SD_TEST_USCC_PROVIDER, "2026-04-21", NULL),
                       SD_WORKFLOW_ERROR_ROLE));
  g_free (apply_fails (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-21", "due_date", "2026-05-30",
                                                       NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  g_free (apply_fails (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-21", "reason", "Plan too vague",
                                                       NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  message = apply_fails (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL,
                                                         "2026-04-21", "reason", "Plan too vague",
                                                         "due_date", "2026-04-20", NULL),
                         SD_WORKFLOW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (message, "2026-04-20"));
  g_assert_nonnull (strstr (message, "2026-04-21"));
  g_free (apply_fails (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-21", "reason", "Plan too vague",
                                                       "due_date", "next month", NULL),
                       SD_WORKFLOW_ERROR_INVALID_VALUE));

  apply_ok (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL, "2026-04-22", NULL));

  /* rectified is final. */
  g_free (apply_fails (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                                       "2026-04-23"),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-04-23", "sanction", "no-om-funding",
                                                       "reason", "x", NULL),
                       SD_WORKFLOW_ERROR_STATE));
}

static void
test_return (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  SdWorkflowEvent *event;
  GDate day;

  rectification = open_case (policy, calendar, "data-not-updated", "2026-03-10", "2026-04-30");
  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-04-20"));
  apply_ok (rectification, sd_test_request ("return", SD_ROLE_SUPERVISOR, NULL, "2026-04-22",
                                            "reason", "Evidence does not cover 2025",
                                            "due_date", "2026-05-29", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "awaiting-response");
  g_assert_cmpint (sd_rectification_case_get_current_role (rectification), ==, SD_ROLE_PROVIDER);
  sd_test_assert_date (sd_rectification_case_get_due_date (rectification), "2026-05-29");

  event = event_at (rectification, 2);
  g_assert_cmpstr (event->action, ==, "return");
  g_assert_cmpstr (event->from_state, ==, "under-review");
  g_assert_cmpstr (event->to_state, ==, "awaiting-response");
  sd_test_assert_date (&event->due_date, "2026-05-29");

  /* The new time limit counts: 2026-05-29 is the last day. */
  sd_test_date (&day, "2026-05-29");
  g_assert_false (sd_rectification_case_is_overdue (rectification, &day));
  sd_test_date (&day, "2026-05-30");
  g_assert_true (sd_rectification_case_is_overdue (rectification, &day));

  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-05-25"));
  apply_ok (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL, "2026-05-26", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "rectified");
  g_assert_cmpuint (sd_rectification_case_get_history (rectification)->len, ==, 5);
}

/* --- escalate ------------------------------------------------------------ */

static void
test_escalate (gconstpointer data)
{
  const ProfileCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  SdWorkflowEvent *event;

  rectification = open_case (policy, calendar, c->violation_kind, "2026-03-10", "2026-04-30");
  apply_ok (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL, "2026-05-06",
                                            "sanction", c->sanction,
                                            "reason", "No response by the time limit", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "escalated");
  g_assert_cmpstr (sd_rectification_case_get_sanction (rectification), ==, c->sanction);
  /* The department may still rectify. */
  g_assert_cmpint (sd_rectification_case_get_current_role (rectification), ==, SD_ROLE_PROVIDER);

  event = event_at (rectification, 1);
  g_assert_cmpstr (event->action, ==, "escalate");
  g_assert_cmpstr (event->from_state, ==, "awaiting-response");
  g_assert_cmpstr (event->to_state, ==, "escalated");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "sanction"), ==, c->sanction);

  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-05-20"));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "under-review");
  apply_ok (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL, "2026-05-21", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "rectified");
  /* The sanction stays on record. */
  g_assert_cmpstr (sd_rectification_case_get_sanction (rectification), ==, c->sanction);
}

static void
test_escalate_from_review (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;

  rectification = open_case (policy, calendar, "false-or-incomplete-data", "2026-03-10", "2026-04-30");
  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-04-20"));
  apply_ok (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL, "2026-04-22",
                                            "sanction", "disciplinary-referral",
                                            "reason", "The plan hides the falsified records", NULL));
  g_assert_cmpstr (sd_rectification_case_get_state (rectification), ==, "escalated");
  g_assert_cmpstr (sd_rectification_case_get_sanction (rectification), ==, "disciplinary-referral");
  g_assert_cmpstr (event_at (rectification, 2)->from_state, ==, "under-review");
}

static void
test_escalate_failures (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autofree char *message = NULL;

  rectification = open_case (policy, calendar, "data-not-provided", "2026-03-10", "2026-04-30");
  g_free (apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_PROVIDER,
                                                       SD_TEST_USCC_PROVIDER, "2026-05-06",
                                                       "sanction", "no-hardware", "reason", "x",
                                                       NULL),
                       SD_WORKFLOW_ERROR_ROLE));
  g_free (apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-05-06", "reason", "x", NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  g_free (apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-05-06", "sanction", "no-hardware",
                                                       NULL),
                       SD_WORKFLOW_ERROR_MISSING_FIELD));
  /* A panjin sanction is not one of mot-2021 art. 24's: the message lists those. */
  message = apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL,
                                                         "2026-05-06", "sanction",
                                                         "written-criticism", "reason", "x", NULL),
                         SD_WORKFLOW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (message, "“written-criticism”"));
  g_assert_nonnull (strstr (message, "no-om-funding (mot-2021 art. 24)"));
  g_assert_nonnull (strstr (message, "no-hardware (mot-2021 art. 24)"));
  g_assert_nonnull (strstr (message, "no-project-approval (mot-2021 art. 24)"));
  g_assert_null (sd_rectification_case_get_sanction (rectification));

  apply_ok (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL, "2026-05-06",
                                            "sanction", "no-hardware", "reason", "x", NULL));
  /* Escalated: no second escalation, no review until the department responds. */
  g_free (apply_fails (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-05-07", "sanction", "no-om-funding",
                                                       "reason", "x", NULL),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL,
                                                       "2026-05-07", NULL),
                       SD_WORKFLOW_ERROR_STATE));
  g_free (apply_fails (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                                       "2026-05-07"),
                       SD_WORKFLOW_ERROR_DEPARTMENT));
}

/* --- due dates ------------------------------------------------------------ */

static void
test_overdue (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  GDate day;

  rectification = open_case (policy, calendar, "catalogue-not-maintained", "2026-03-10", "2026-04-30");
  sd_test_date (&day, "2026-04-30");
  g_assert_false (sd_rectification_case_is_overdue (rectification, &day));
  sd_test_date (&day, "2026-05-01");
  g_assert_true (sd_rectification_case_is_overdue (rectification, &day));

  /* A late response ends the clock; the supervisor's review has none. */
  apply_ok (rectification, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-05-06"));
  sd_test_date (&day, "2026-06-30");
  g_assert_false (sd_rectification_case_is_overdue (rectification, &day));
}

/* A profile variant whose rectification stage has a 10-wd deadline. */
static SdPolicy *
policy_with_deadline (guint deadline_wd)
{
  g_autofree char *path = g_build_filename (g_getenv ("SHAREDESK_SOURCE_DIR"), "data",
                                            "policies", "panjin-2016.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *stage;
  char *text;
  SdPolicy *policy;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  stage = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "rectification_stage");
  json_object_set_int_member (stage, "deadline_wd", deadline_wd);
  text = json_to_string (json_parser_get_root (parser), FALSE);
  bytes = g_bytes_new_take (text, strlen (text));

  policy = sd_policy_new_from_data (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd_policy_get_rectification_stage (policy)->deadline_wd, ==, deadline_wd);
  return policy;
}

static void
test_stage_deadline (void)
{
  g_autoptr(SdPolicy) policy = policy_with_deadline (10);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) early = NULL;
  g_autoptr(SdRectificationCase) late = NULL;
  g_autoptr(SdRectificationCase) explicit = NULL;
  GDate day;

  /* Tue 12-01 + 10 wd: 2, 3, 4, 7, 8, 9, 10, 11, 14, 15. */
  early = open_case (policy, calendar, "data-not-updated", "2026-12-01", NULL);
  sd_test_assert_date (sd_rectification_case_get_due_date (early), "2026-12-15");
  g_assert_false (sd_rectification_case_get_due_uncovered (early));

  /* Mon 12-21: eight working days left in 2026, then 2027 — not guessed. */
  late = open_case (policy, calendar, "data-not-updated", "2026-12-21", NULL);
  sd_test_assert_date (sd_rectification_case_get_due_date (late), NULL);
  g_assert_true (sd_rectification_case_get_due_uncovered (late));
  sd_test_date (&day, "2027-06-01");
  g_assert_false (sd_rectification_case_is_overdue (late, &day));

  /* The notice's own time limit still wins over the profile's. */
  explicit = open_case (policy, calendar, "data-not-updated", "2026-12-21", "2027-01-29");
  sd_test_assert_date (sd_rectification_case_get_due_date (explicit), "2027-01-29");
  g_assert_false (sd_rectification_case_get_due_uncovered (explicit));
}

/* --- JSON ---------------------------------------------------------------- */

static SdRectificationCase *
round_trip (SdPolicy            *policy,
            SdCalendar          *calendar,
            SdRectificationCase *rectification)
{
  g_autoptr(JsonNode) node = sd_rectification_case_to_json (rectification);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = json_to_string (node, FALSE);
  g_autofree char *after = NULL;
  SdRectificationCase *copy;

  copy = sd_rectification_case_new_from_json (policy, calendar, node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);

  g_assert_cmpstr (sd_rectification_case_get_state (copy), ==,
                   sd_rectification_case_get_state (rectification));
  g_assert_cmpstr (sd_rectification_case_get_department (copy), ==,
                   sd_rectification_case_get_department (rectification));
  g_assert_cmpstr (sd_rectification_case_get_violation_kind (copy), ==,
                   sd_rectification_case_get_violation_kind (rectification));
  g_assert_cmpstr (sd_rectification_case_get_sanction (copy), ==,
                   sd_rectification_case_get_sanction (rectification));
  g_assert_cmpint (sd_rectification_case_get_current_role (copy), ==,
                   sd_rectification_case_get_current_role (rectification));
  g_assert_cmpuint (sd_rectification_case_get_history (copy)->len, ==,
                    sd_rectification_case_get_history (rectification)->len);

  again = sd_rectification_case_to_json (copy);
  after = json_to_string (again, FALSE);
  g_assert_cmpstr (after, ==, before);
  return copy;
}

static void
test_json_round_trip (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(SdRectificationCase) awaiting = NULL;
  g_autoptr(SdRectificationCase) escalated = NULL;

  rectification = open_case (policy, calendar, "errors-not-verified", "2026-03-10", "2026-04-30");
  awaiting = round_trip (policy, calendar, rectification);
  sd_test_assert_date (sd_rectification_case_get_due_date (awaiting), "2026-04-30");

  apply_ok (rectification, sd_test_request ("escalate", SD_ROLE_SUPERVISOR, NULL, "2026-05-06",
                                            "sanction", "no-project-approval", "reason", "x", NULL));
  escalated = round_trip (policy, calendar, rectification);
  g_assert_cmpstr (sd_rectification_case_get_sanction (escalated), ==, "no-project-approval");
  sd_test_assert_date (sd_rectification_case_get_due_date (escalated), NULL);

  /* The restored case goes on. */
  apply_ok (escalated, respond_request (SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-05-20"));
  apply_ok (escalated, sd_test_request ("accept", SD_ROLE_SUPERVISOR, NULL, "2026-05-21", NULL));
  g_assert_cmpuint (sd_rectification_case_get_history (escalated)->len, ==, 4);
}

static const SdTestJsonEdit bad_members[] = {
  { "unknown-state", "state", "\"closed\"" },
  { "kind-of-other-profile", "violation_kind", "\"catalogue-concealed\"" },
  { "sanction-of-other-profile", "sanction", "\"written-criticism\"" },
  { "other-profile", "profile", "\"panjin-2016\"" },
  { "department-missing", "department", "null" },
  { "due-uncovered-not-boolean", "due_uncovered", "\"no\"" },
  { "history-missing", "history", "null" },
};

static void
test_json_invalid (gconstpointer data)
{
  const SdTestJsonEdit *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdRectificationCase) rectification = NULL;
  g_autoptr(SdRectificationCase) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  rectification = open_case (policy, calendar, "data-misused", "2026-03-10", "2026-04-30");
  node = sd_rectification_case_to_json (rectification);
  sd_test_json_edit (node, c);
  copy = sd_rectification_case_new_from_json (policy, calendar, node, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
add_profile_tests (const char      *name,
                   GTestDataFunc    func)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rectification-case/%s/%s",
                                               name, profiles[i].profile);
      g_test_add_data_func (path, &profiles[i], func);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_profile_tests ("open", test_open);
  add_profile_tests ("open-no-due-date", test_open_no_due_date_article);
  add_profile_tests ("respond-accept", test_respond_accept);
  add_profile_tests ("escalate", test_escalate);
  g_test_add_func ("/rectification-case/open/due-on-opening-day", test_open_due_on_opening_day);
  g_test_add_func ("/rectification-case/open/wrong-action", test_open_wrong_action);
  for (guint i = 0; i < G_N_ELEMENTS (open_failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rectification-case/open-fails/%s",
                                               open_failures[i].name);
      g_test_add_data_func (path, &open_failures[i], test_open_fails);
    }
  g_test_add_func ("/rectification-case/respond/as-consumer", test_respond_as_consumer);
  g_test_add_func ("/rectification-case/failures", test_failures);
  g_test_add_func ("/rectification-case/return", test_return);
  g_test_add_func ("/rectification-case/escalate/from-review", test_escalate_from_review);
  g_test_add_func ("/rectification-case/escalate/failures", test_escalate_failures);
  g_test_add_func ("/rectification-case/overdue", test_overdue);
  g_test_add_func ("/rectification-case/stage-deadline", test_stage_deadline);
  g_test_add_func ("/rectification-case/json/round-trip", test_json_round_trip);
  sd_test_add_json_edits ("/rectification-case/json/invalid", bad_members,
                          G_N_ELEMENTS (bad_members), test_json_invalid);

  return g_test_run ();
}
