/* test-objection.c — objections to shared data, in the three profiles.
 *
 * Due dates are worked out by hand from data/holidays/2026.json:
 * 2026-09-20 (Sunday) is a working day; 09-25..27 (Mid-Autumn) and
 * 10-01..07 (National Day) are holidays; 10-10 (Saturday) is a working
 * day. 2027 is not covered.
 */
#include "sd-test-utils.h"

#include <gio/gio.h>
#include <string.h>

static SdCatalogueEntry *
published_entry (void)
{
  SdCatalogueEntry *entry = sd_test_entry ("entry-1", "1010201/000001", "Vehicle registrations",
                                           SD_ENTRY_STATE_PUBLISHED);

  sd_catalogue_entry_set_provider_name (entry, "Provider bureau");
  return entry;
}

/* Raises an objection as the fixture consumer on @iso_date, or fails. */
static SdObjection *
raise_objection (SdPolicy   *policy,
                 SdCalendar *calendar,
                 const char *iso_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCatalogueEntry) entry = published_entry ();
  g_autoptr(SdWorkflowRequest) raise = NULL;
  SdObjection *objection;

  raise = sd_test_request ("raise", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, iso_date,
                           "description", "Registration dates are a year off",
                           "evidence", "record 4711", NULL);
  objection = sd_objection_new (policy, calendar, entry, raise, &error);
  g_assert_no_error (error);
  g_assert_nonnull (objection);
  return objection;
}

/* Applies a request that must succeed. */
static void
apply_ok (SdObjection       *objection,
          SdWorkflowRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;

  g_assert_true (sd_objection_apply (objection, owned, &error));
  g_assert_no_error (error);
}

/* Applies a request that must fail with @code and change nothing. */
static void
apply_fails (SdObjection       *objection,
             SdWorkflowRequest *request,
             SdWorkflowError    code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autofree char *state = g_strdup (sd_objection_get_state (objection));
  g_autofree char *stage = g_strdup (sd_objection_get_stage (objection));
  guint n_events = sd_objection_get_history (objection)->len;

  g_assert_false (sd_objection_apply (objection, owned, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) code);
  g_assert_cmpstr (sd_objection_get_state (objection), ==, state);
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, stage);
  g_assert_cmpuint (sd_objection_get_history (objection)->len, ==, n_events);
}

static SdWorkflowEvent *
event_at (SdObjection *objection,
          guint        index)
{
  return sd_test_event_at (sd_objection_get_history (objection), index);
}

/* --- raise --------------------------------------------------------------- */

typedef struct {
  const char *profile;
  const char *date;
  const char *stage;
  SdRole      role;
  const char *due;        /* NULL: no deadline */
  gboolean    uncovered;
} RaiseCase;

static const RaiseCase raise_cases[] = {
  /* art. 15 sets no time limit for the provider's verification */
  { "mot-2021", "2026-09-24", "provider-verification", SD_ROLE_PROVIDER, NULL, FALSE },
  { "state-council-2016", "2026-09-24", "provider-verification", SD_ROLE_PROVIDER, NULL, FALSE },
  /* panjin art. 20: 5 wd. From Thu 09-24: 09-25..27 holidays, 28, 29, 30,
   * 10-01..07 holidays, 08, 09 → Fri 10-09. */
  { "panjin-2016", "2026-09-24", "center-review", SD_ROLE_SUPPORT, "2026-10-09", FALSE },
  /* From Fri 09-18: Sun 09-20 is a working day → 20, 21, 22, 23, 24. */
  { "panjin-2016", "2026-09-18", "center-review", SD_ROLE_SUPPORT, "2026-09-24", FALSE },
  /* From Thu 12-24: 25, 28, 29, 30, 31 — still inside 2026. */
  { "panjin-2016", "2026-12-24", "center-review", SD_ROLE_SUPPORT, "2026-12-31", FALSE },
  /* From Mon 12-28: 29, 30, 31, then 2027, which the calendar lacks. */
  { "panjin-2016", "2026-12-28", "center-review", SD_ROLE_SUPPORT, NULL, TRUE },
  /* No deadline at all: an uncovered year does not matter. */
  { "mot-2021", "2026-12-31", "provider-verification", SD_ROLE_PROVIDER, NULL, FALSE },
};

static void
test_raise (gconstpointer data)
{
  const RaiseCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, c->date);
  SdWorkflowEvent *event;

  g_assert_cmpstr (sd_objection_get_state (objection), ==, "open");
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, c->stage);
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, c->role);
  sd_test_assert_date (sd_objection_get_due_date (objection), c->due);
  g_assert_cmpint (sd_objection_get_due_uncovered (objection), ==, c->uncovered);
  g_assert_null (sd_objection_get_result (objection));
  g_assert_cmpstr (sd_objection_get_consumer (objection), ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (sd_objection_get_provider (objection), ==, SD_TEST_USCC_PROVIDER);

  g_assert_cmpuint (sd_objection_get_history (objection)->len, ==, 1);
  event = event_at (objection, 0);
  g_assert_cmpstr (event->action, ==, "raise");
  g_assert_cmpint (event->role, ==, SD_ROLE_CONSUMER);
  g_assert_cmpstr (event->department, ==, SD_TEST_USCC_CONSUMER);
  sd_test_assert_date (&event->date, c->date);
  g_assert_null (event->from_state);
  g_assert_cmpstr (event->to_state, ==, "open");
  g_assert_cmpstr (event->stage, ==, c->stage);
  sd_test_assert_date (&event->due_date, c->due);
  g_assert_cmpstr (g_hash_table_lookup (event->params, "evidence"), ==, "record 4711");
}

typedef struct {
  const char     *name;
  const char     *action;
  SdRole          role;
  const char     *department;
  const char     *description;
  SdWorkflowError code;
} RaiseFailure;

static const RaiseFailure raise_failures[] = {
  { "provider-role", "raise", SD_ROLE_PROVIDER, SD_TEST_USCC_CONSUMER, "wrong", SD_WORKFLOW_ERROR_ROLE },
  { "support-role", "raise", SD_ROLE_SUPPORT, NULL, "wrong", SD_WORKFLOW_ERROR_ROLE },
  /* The provider cannot object to its own entry, even acting as consumer. */
  { "own-entry", "raise", SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER, "wrong", SD_WORKFLOW_ERROR_DEPARTMENT },
  { "no-department", "raise", SD_ROLE_CONSUMER, NULL, "wrong", SD_WORKFLOW_ERROR_DEPARTMENT },
  { "no-description", "raise", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, NULL, SD_WORKFLOW_ERROR_MISSING_FIELD },
  { "blank-description", "raise", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, " \t ", SD_WORKFLOW_ERROR_MISSING_FIELD },
  { "wrong-action", "answer", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER, "wrong", SD_WORKFLOW_ERROR_INVALID_VALUE },
};

static void
test_raise_fails (gconstpointer data)
{
  const RaiseFailure *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdCatalogueEntry) entry = published_entry ();
  g_autoptr(SdWorkflowRequest) raise = NULL;
  g_autoptr(SdObjection) objection = NULL;
  g_autoptr(GError) error = NULL;

  raise = sd_test_request (c->action, c->role, c->department, "2026-03-02",
                           "description", c->description, NULL);
  objection = sd_objection_new (policy, calendar, entry, raise, &error);
  g_assert_null (objection);
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) c->code);
}

static void
test_raise_own_entry_message (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdCatalogueEntry) entry = published_entry ();
  g_autoptr(SdWorkflowRequest) raise = NULL;
  g_autoptr(SdObjection) objection = NULL;
  g_autoptr(GError) error = NULL;

  raise = sd_test_request ("raise", SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER, "2026-03-02",
                           "description", "my own data is wrong", NULL);
  objection = sd_objection_new (policy, calendar, entry, raise, &error);
  g_assert_null (objection);
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT);
  g_assert_nonnull (strstr (error->message, SD_TEST_USCC_PROVIDER));
}

/* --- mot-2021 and state-council-2016: the provider verifies ------------- */

static void
test_provider_answers (gconstpointer data)
{
  const char *profile = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (profile);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-03-02");
  SdWorkflowEvent *event;

  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-03-05", "reply", "Dates fixed in the source system",
                                        "result", "corrected", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "answered");
  g_assert_null (sd_objection_get_stage (objection));
  g_assert_cmpstr (sd_objection_get_result (objection), ==, "corrected");
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, SD_ROLE_CONSUMER);
  sd_test_assert_date (sd_objection_get_due_date (objection), NULL);

  event = event_at (objection, 1);
  g_assert_cmpstr (event->action, ==, "answer");
  g_assert_cmpstr (event->from_state, ==, "open");
  g_assert_cmpstr (event->to_state, ==, "answered");
  g_assert_null (event->stage);
  g_assert_cmpstr (g_hash_table_lookup (event->params, "reply"), ==,
                   "Dates fixed in the source system");

  apply_ok (objection, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                        "2026-03-06", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "closed");
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, SD_ROLE_INVALID);
  g_assert_cmpuint (sd_objection_get_history (objection)->len, ==, 3);
  g_assert_cmpstr (event_at (objection, 2)->to_state, ==, "closed");
}

static void
test_open_failures (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-03-02");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) request = NULL;

  /* Not the consumer's turn, nor another provider's. */
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-03", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_SUPPORT, NULL,
                                           "2026-03-03", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                           "2026-03-03", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);
  /* Required fields and values. */
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-03", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_MISSING_FIELD);
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-03", "reply", "x", NULL),
               SD_WORKFLOW_ERROR_MISSING_FIELD);

  request = sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, "2026-03-03",
                             "reply", "x", "result", "fixed", NULL);
  g_assert_false (sd_objection_apply (objection, request, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_INVALID_VALUE);
  /* The message names the values that are allowed. */
  g_assert_nonnull (strstr (error->message, "“fixed”"));
  g_assert_nonnull (strstr (error->message, "confirmed"));
  g_assert_nonnull (strstr (error->message, "corrected"));
  g_assert_nonnull (strstr (error->message, "rejected"));

  /* No forwarding in a single-stage procedure; close and reopen wait for
   * the answer; raise only creates; unknown actions are refused. */
  apply_fails (objection, sd_test_request ("forward", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-03", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-03", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-03", "reason", "x", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("raise", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-03", "description", "again", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("approve", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-03", NULL),
               SD_WORKFLOW_ERROR_INVALID_VALUE);

  g_assert_cmpstr (sd_objection_get_state (objection), ==, "open");
  g_assert_null (sd_objection_get_result (objection));
}

static void
test_answered_failures (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("state-council-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-03-02");

  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-03-03", "reply", "The data is right",
                                        "result", "rejected", NULL));

  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-04", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_STATE);
  /* Only the consumer who raised it closes or reopens it. */
  apply_fails (objection, sd_test_request ("close", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-04", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (objection, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_OTHER,
                                           "2026-03-04", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);
  apply_fails (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_OTHER,
                                           "2026-03-04", "reason", "x", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);
  apply_fails (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-04", NULL),
               SD_WORKFLOW_ERROR_MISSING_FIELD);

  apply_ok (objection, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                        "2026-03-04", NULL));
  apply_fails (objection, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-05", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-03-05", "reason", "x", NULL),
               SD_WORKFLOW_ERROR_STATE);
  g_assert_cmpstr (sd_objection_get_result (objection), ==, "rejected");
}

static void
test_reopen_restarts_first_stage (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-03-02");
  SdWorkflowEvent *event;

  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-03-03", "reply", "fine", "result", "rejected", NULL));
  apply_ok (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                        "2026-03-04", "reason", "Record 4711 is still wrong", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "open");
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, "provider-verification");
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, SD_ROLE_PROVIDER);
  g_assert_null (sd_objection_get_result (objection));

  event = event_at (objection, 2);
  g_assert_cmpstr (event->action, ==, "reopen");
  g_assert_cmpstr (event->from_state, ==, "answered");
  g_assert_cmpstr (event->to_state, ==, "open");
  g_assert_cmpstr (event->stage, ==, "provider-verification");
}

/* --- panjin-2016: the center re-checks, then the provider verifies ------ */

static void
test_panjin_forward (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");
  SdWorkflowEvent *event;

  /* At the center's stage neither the provider nor a consumer acts. */
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-09-28", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (objection, sd_test_request ("forward", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                           "2026-09-28", NULL),
               SD_WORKFLOW_ERROR_ROLE);

  /* Forwarded on Fri 10-09: 3 wd are Sat 10-10 (working day), Mon 10-12,
   * Tue 10-13. */
  apply_ok (objection, sd_test_request ("forward", SD_ROLE_SUPPORT, NULL, "2026-10-09",
                                        "note", "Not a technical difference", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "open");
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, "provider-verification");
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, SD_ROLE_PROVIDER);
  sd_test_assert_date (sd_objection_get_due_date (objection), "2026-10-13");

  event = event_at (objection, 1);
  g_assert_cmpstr (event->action, ==, "forward");
  g_assert_cmpint (event->role, ==, SD_ROLE_SUPPORT);
  g_assert_cmpstr (event->from_state, ==, "open");
  g_assert_cmpstr (event->to_state, ==, "open");
  g_assert_cmpstr (event->stage, ==, "provider-verification");
  sd_test_assert_date (&event->due_date, "2026-10-13");

  /* The provider's stage cannot forward again; the center no longer acts;
   * another provider department is not the entry's. */
  apply_fails (objection, sd_test_request ("forward", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-10-12", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_SUPPORT, NULL,
                                           "2026-10-12", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                           "2026-10-12", "reply", "x", "result", "confirmed", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);

  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-10-13", "reply", "Written answer attached",
                                        "result", "confirmed", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "answered");
  g_assert_cmpstr (sd_objection_get_result (objection), ==, "confirmed");
  g_assert_cmpuint (sd_objection_get_history (objection)->len, ==, 3);
}

static void
test_panjin_center_answers (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");

  /* A technical difference: the center confirms or changes it itself. */
  apply_ok (objection, sd_test_request ("answer", SD_ROLE_SUPPORT, NULL, "2026-09-28",
                                        "reply", "Encoding error on the platform, fixed",
                                        "result", "corrected", NULL));
  g_assert_cmpstr (sd_objection_get_state (objection), ==, "answered");
  g_assert_cmpstr (sd_objection_get_result (objection), ==, "corrected");
}

static void
test_panjin_reopen_due (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");

  apply_ok (objection, sd_test_request ("forward", SD_ROLE_SUPPORT, NULL, "2026-09-28", NULL));
  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-09-29", "reply", "ok", "result", "rejected", NULL));
  /* Reopened on Wed 10-14: back to the center, 5 wd → Wed 10-21. */
  apply_ok (objection, sd_test_request ("reopen", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                        "2026-10-14", "reason", "Still wrong", NULL));
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, "center-review");
  g_assert_cmpint (sd_objection_get_current_role (objection), ==, SD_ROLE_SUPPORT);
  sd_test_assert_date (sd_objection_get_due_date (objection), "2026-10-21");
}

static void
test_overdue (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");
  g_autoptr(SdObjection) no_deadline = raise_objection (mot, calendar, "2026-09-24");
  GDate day;

  sd_test_date (&day, "2026-10-09");
  g_assert_false (sd_objection_is_overdue (objection, &day));
  sd_test_date (&day, "2026-10-10");
  g_assert_true (sd_objection_is_overdue (objection, &day));
  /* Without a deadline nothing is ever overdue. */
  sd_test_date (&day, "2026-12-31");
  g_assert_false (sd_objection_is_overdue (no_deadline, &day));

  /* Forwarding starts the provider's 3 wd: due 10-13. */
  apply_ok (objection, sd_test_request ("forward", SD_ROLE_SUPPORT, NULL, "2026-10-09", NULL));
  sd_test_date (&day, "2026-10-13");
  g_assert_false (sd_objection_is_overdue (objection, &day));
  sd_test_date (&day, "2026-10-14");
  g_assert_true (sd_objection_is_overdue (objection, &day));

  /* An answer, even a late one, ends the clock. */
  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-10-15", "reply", "late", "result", "confirmed", NULL));
  g_assert_false (sd_objection_is_overdue (objection, &day));
}

static void
test_forward_uncovered (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-12-24");
  GDate day;

  sd_test_assert_date (sd_objection_get_due_date (objection), "2026-12-31");
  g_assert_false (sd_objection_get_due_uncovered (objection));

  /* Forwarded on Tue 12-29: 12-30, 12-31, then 2027 — never guessed. */
  apply_ok (objection, sd_test_request ("forward", SD_ROLE_SUPPORT, NULL, "2026-12-29", NULL));
  g_assert_cmpstr (sd_objection_get_stage (objection), ==, "provider-verification");
  sd_test_assert_date (sd_objection_get_due_date (objection), NULL);
  g_assert_true (sd_objection_get_due_uncovered (objection));
  sd_test_date (&day, "2027-03-01");
  g_assert_false (sd_objection_is_overdue (objection, &day));

  /* The answer clears the flag with the deadline. */
  apply_ok (objection, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-12-30", "reply", "ok", "result", "confirmed", NULL));
  g_assert_false (sd_objection_get_due_uncovered (objection));
}

/* --- JSON ---------------------------------------------------------------- */

static char *
to_text (SdObjection *objection)
{
  g_autoptr(JsonNode) node = sd_objection_to_json (objection);

  return json_to_string (node, TRUE);
}

static SdObjection *
round_trip (SdPolicy    *policy,
            SdCalendar  *calendar,
            SdObjection *objection)
{
  g_autoptr(JsonNode) node = sd_objection_to_json (objection);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = json_to_string (node, FALSE);
  g_autofree char *after = NULL;
  SdObjection *copy;

  copy = sd_objection_new_from_json (policy, calendar, node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);

  g_assert_cmpstr (sd_objection_get_state (copy), ==, sd_objection_get_state (objection));
  g_assert_cmpstr (sd_objection_get_stage (copy), ==, sd_objection_get_stage (objection));
  g_assert_cmpint (sd_objection_get_current_role (copy), ==,
                   sd_objection_get_current_role (objection));
  g_assert_cmpint (sd_objection_get_due_uncovered (copy), ==,
                   sd_objection_get_due_uncovered (objection));
  g_assert_cmpstr (sd_objection_get_result (copy), ==, sd_objection_get_result (objection));
  g_assert_cmpstr (sd_objection_get_consumer (copy), ==, sd_objection_get_consumer (objection));
  g_assert_cmpstr (sd_objection_get_provider (copy), ==, sd_objection_get_provider (objection));
  g_assert_cmpuint (sd_objection_get_history (copy)->len, ==,
                    sd_objection_get_history (objection)->len);
  {
    g_autoptr(JsonNode) again = sd_objection_to_json (copy);
    after = json_to_string (again, FALSE);
  }
  g_assert_cmpstr (after, ==, before);
  return copy;
}

static void
test_json_round_trip (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");
  g_autoptr(SdObjection) open_copy = NULL;
  g_autoptr(SdObjection) answered_copy = NULL;
  g_autoptr(SdObjection) uncovered_copy = NULL;
  g_autoptr(SdObjection) uncovered = raise_objection (policy, calendar, "2026-12-28");
  g_autofree char *text = NULL;

  apply_ok (objection, sd_test_request ("forward", SD_ROLE_SUPPORT, NULL, "2026-10-09", NULL));
  open_copy = round_trip (policy, calendar, objection);
  sd_test_assert_date (sd_objection_get_due_date (open_copy), "2026-10-13");

  /* The restored objection goes on where the stored one stopped. */
  apply_ok (open_copy, sd_test_request ("answer", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                        "2026-10-12", "reply", "ok", "result", "corrected", NULL));
  answered_copy = round_trip (policy, calendar, open_copy);
  g_assert_cmpstr (sd_objection_get_result (answered_copy), ==, "corrected");
  apply_ok (answered_copy, sd_test_request ("close", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                            "2026-10-13", NULL));

  uncovered_copy = round_trip (policy, calendar, uncovered);
  g_assert_true (sd_objection_get_due_uncovered (uncovered_copy));

  text = to_text (objection);
  g_assert_nonnull (strstr (text, "\"due_date\" : \"2026-10-13\""));
  g_assert_nonnull (strstr (text, "\"profile\" : \"panjin-2016\""));
}

static const SdTestJsonEdit bad_members[] = {
  { "unknown-state", "state", "\"pending\"" },
  { "stage-not-in-profile", "stage", "\"provider-review\"" },
  { "open-without-stage", "stage", "null" },
  { "consumer-missing", "consumer", "null" },
  { "due-not-a-date", "due_date", "\"2026-13-01\"" },
  { "history-not-array", "history", "{}" },
};

static void
test_json_invalid (gconstpointer data)
{
  const SdTestJsonEdit *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy ("panjin-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (policy, calendar, "2026-09-24");
  g_autoptr(JsonNode) node = sd_objection_to_json (objection);
  g_autoptr(SdObjection) copy = NULL;
  g_autoptr(GError) error = NULL;

  sd_test_json_edit (node, c);
  copy = sd_objection_new_from_json (policy, calendar, node, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_json_other_profile (void)
{
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(SdObjection) objection = raise_objection (panjin, calendar, "2026-09-24");
  g_autoptr(JsonNode) node = sd_objection_to_json (objection);
  g_autoptr(SdObjection) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) array = json_from_string ("[]", NULL);

  copy = sd_objection_new_from_json (mot, calendar, node, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  copy = sd_objection_new_from_json (panjin, calendar, array, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (raise_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/objection/raise/%s/%s",
                                               raise_cases[i].profile, raise_cases[i].date);
      g_test_add_data_func (path, &raise_cases[i], test_raise);
    }
  for (guint i = 0; i < G_N_ELEMENTS (raise_failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/objection/raise-fails/%s", raise_failures[i].name);
      g_test_add_data_func (path, &raise_failures[i], test_raise_fails);
    }
  g_test_add_func ("/objection/raise-fails/own-entry-message", test_raise_own_entry_message);
  g_test_add_data_func ("/objection/answer/mot-2021", "mot-2021", test_provider_answers);
  g_test_add_data_func ("/objection/answer/state-council-2016", "state-council-2016",
                        test_provider_answers);
  g_test_add_func ("/objection/open/failures", test_open_failures);
  g_test_add_func ("/objection/answered/failures", test_answered_failures);
  g_test_add_func ("/objection/reopen/first-stage", test_reopen_restarts_first_stage);
  g_test_add_func ("/objection/panjin/forward", test_panjin_forward);
  g_test_add_func ("/objection/panjin/center-answers", test_panjin_center_answers);
  g_test_add_func ("/objection/panjin/reopen-due", test_panjin_reopen_due);
  g_test_add_func ("/objection/overdue", test_overdue);
  g_test_add_func ("/objection/forward-uncovered", test_forward_uncovered);
  g_test_add_func ("/objection/json/round-trip", test_json_round_trip);
  sd_test_add_json_edits ("/objection/json/invalid", bad_members, G_N_ELEMENTS (bad_members),
                          test_json_invalid);
  g_test_add_func ("/objection/json/other-profile", test_json_other_profile);

  return g_test_run ();
}
