/* test-workflow.c — what the workflow machines share: requests, events and
 * their JSON, due dates, the catalogue update deadline (C8) and the checks
 * of sd-workflow-private.h.
 *
 * The expected due dates were counted by hand on data/holidays/2026.json:
 * the count starts the day after the start, skips weekends and holidays and
 * includes the adjusted Saturday and Sunday workdays (调休上班).
 */
#include "sd-test-utils.h"
#include "sd-workflow-private.h"

/* --- requests ------------------------------------------------------------ */

static void
test_request_params (void)
{
  g_autoptr(SdWorkflowRequest) request = NULL;
  g_autoptr(SdWorkflowRequest) copy = NULL;
  GDate date;

  sd_test_date (&date, "2026-03-02");
  request = sd_workflow_request_new ("refuse", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, &date);
  g_assert_cmpstr (request->action, ==, "refuse");
  g_assert_cmpint (request->role, ==, SD_ROLE_PROVIDER);
  g_assert_cmpstr (request->department, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpint (g_date_compare (&request->date, &date), ==, 0);

  g_assert_null (sd_workflow_request_get (request, "basis"));
  sd_workflow_request_set (request, "basis", "   \t\n ");
  g_assert_null (sd_workflow_request_get (request, "basis"));
  sd_workflow_request_set (request, "basis", "\u3000");   /* ideographic space */
  g_assert_null (sd_workflow_request_get (request, "basis"));
  sd_workflow_request_set (request, "basis", "");
  g_assert_null (sd_workflow_request_get (request, "basis"));
  sd_workflow_request_set (request, "basis", " 《数据安全法》第三十八条 ");
  g_assert_cmpstr (sd_workflow_request_get (request, "basis"), ==, " 《数据安全法》第三十八条 ");

  copy = sd_workflow_request_copy (request);
  sd_workflow_request_set (request, "basis", NULL);
  g_assert_null (sd_workflow_request_get (request, "basis"));
  g_assert_cmpstr (sd_workflow_request_get (copy, "basis"), ==, " 《数据安全法》第三十八条 ");
  g_assert_cmpstr (copy->department, ==, SD_TEST_USCC_PROVIDER);
  g_assert_cmpint (g_date_get_julian (&copy->date), ==, g_date_get_julian (&date));
}

static void
test_request_boxed (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("submit", SD_ROLE_CONSUMER,
                                                          SD_TEST_USCC_CONSUMER, "2026-09-30",
                                                          "purpose", "路网运行监测", NULL);
  SdWorkflowRequest *copy = g_boxed_copy (SD_TYPE_WORKFLOW_REQUEST, request);

  g_assert_true (G_TYPE_IS_BOXED (SD_TYPE_WORKFLOW_REQUEST));
  g_assert_true (copy != request);
  g_assert_cmpstr (sd_workflow_request_get (copy, "purpose"), ==, "路网运行监测");
  g_assert_cmpint (copy->role, ==, SD_ROLE_CONSUMER);
  g_boxed_free (SD_TYPE_WORKFLOW_REQUEST, copy);
}

/* --- events -------------------------------------------------------------- */

static SdWorkflowEvent *
event_from_text (const char *text, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return sd_workflow_event_new_from_json (node, error);
}

static char *
event_to_text (const SdWorkflowEvent *event)
{
  g_autoptr(JsonNode) node = sd_workflow_event_to_json (event);

  return json_to_string (node, FALSE);
}

static void
test_event_from_request (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("refuse", SD_ROLE_SUPPORT, NULL,
                                                          "2026-10-09",
                                                          "basis", "art. 38",
                                                          "note", "x", NULL);
  g_autoptr(SdWorkflowEvent) event = NULL;
  g_autoptr(SdWorkflowEvent) copy = NULL;
  g_autofree char *text = NULL;
  GDate due;

  sd_test_date (&due, "2026-10-19");
  event = _sd_workflow_event_new (request, "in-review", "refused", "provider-review", &due, TRUE);
  text = event_to_text (event);
  /* Every member, params sorted by name, department null for a platform role. */
  g_assert_cmpstr (text, ==,
                   "{\"action\":\"refuse\",\"role\":\"support\",\"department\":null,"
                   "\"date\":\"2026-10-09\",\"from_state\":\"in-review\","
                   "\"to_state\":\"refused\",\"stage\":\"provider-review\","
                   "\"due_date\":\"2026-10-19\",\"delegated\":true,"
                   "\"params\":{\"basis\":\"art. 38\",\"note\":\"x\"}}");

  /* The event owns its params: changing the request does not change it. */
  sd_workflow_request_set (request, "basis", "changed");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "basis"), ==, "art. 38");

  copy = sd_workflow_event_copy (event);
  g_clear_pointer (&event, sd_workflow_event_free);
  g_assert_cmpstr (copy->stage, ==, "provider-review");
  g_assert_true (copy->delegated);
  g_assert_cmpint (g_date_get_day (&copy->due_date), ==, 19);
  g_assert_cmpstr (g_hash_table_lookup (copy->params, "note"), ==, "x");
}

static void
test_event_no_due (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("submit", SD_ROLE_CONSUMER,
                                                          SD_TEST_USCC_CONSUMER, "2026-03-02",
                                                          NULL);
  g_autoptr(SdWorkflowEvent) event = NULL;
  g_autofree char *text = NULL;
  GDate invalid;

  g_date_clear (&invalid, 1);
  event = _sd_workflow_event_new (request, NULL, "authorised", NULL, &invalid, FALSE);
  g_assert_false (g_date_valid (&event->due_date));
  text = event_to_text (event);
  g_assert_cmpstr (text, ==,
                   "{\"action\":\"submit\",\"role\":\"consumer\","
                   "\"department\":\"" SD_TEST_USCC_CONSUMER "\",\"date\":\"2026-03-02\","
                   "\"from_state\":null,\"to_state\":\"authorised\",\"stage\":null,"
                   "\"due_date\":null,\"delegated\":false,\"params\":{}}");
}

static void
test_event_round_trip (void)
{
  const char *text =
    "{\"action\":\"approve\",\"role\":\"provider\","
    "\"department\":\"" SD_TEST_USCC_PROVIDER "\",\"date\":\"2026-10-12\","
    "\"from_state\":\"in-review\",\"to_state\":\"agreement-pending\",\"stage\":null,"
    "\"due_date\":null,\"delegated\":false,\"params\":{\"comment\":\"同意\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowEvent) event = event_from_text (text, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (event->action, ==, "approve");
  g_assert_cmpint (event->role, ==, SD_ROLE_PROVIDER);
  g_assert_cmpstr (event->to_state, ==, "agreement-pending");
  g_assert_null (event->stage);
  g_assert_false (g_date_valid (&event->due_date));
  g_assert_cmpint (g_date_get_month (&event->date), ==, G_DATE_OCTOBER);
  g_assert_cmpstr (g_hash_table_lookup (event->params, "comment"), ==, "同意");

  again = event_to_text (event);
  g_assert_cmpstr (again, ==, text);
}

typedef struct {
  const char *name;
  const char *json;
  const char *mention;   /* what the message must name */
} BadEvent;

#define EVENT_HEAD "\"action\":\"approve\",\"role\":\"provider\",\"department\":null,"
#define EVENT_TAIL "\"delegated\":false,\"params\":{}"

static const BadEvent bad_events[] = {
  { "not-object", "[1,2]", "not an object" },
  { "unknown-member", "{" EVENT_HEAD "\"date\":\"2026-10-12\",\"to_state\":\"authorised\","
    "\"colour\":\"red\"," EVENT_TAIL "}", "colour" },
  { "missing-to-state", "{" EVENT_HEAD "\"date\":\"2026-10-12\"," EVENT_TAIL "}", "to_state" },
  { "missing-date", "{" EVENT_HEAD "\"to_state\":\"authorised\"," EVENT_TAIL "}", "date" },
  { "bad-date", "{" EVENT_HEAD "\"date\":\"2026-02-30\",\"to_state\":\"authorised\","
    EVENT_TAIL "}", "2026-02-30" },
  { "bad-due-date", "{" EVENT_HEAD "\"date\":\"2026-02-03\",\"to_state\":\"authorised\","
    "\"due_date\":\"3 March\"," EVENT_TAIL "}", "due_date" },
  { "unknown-role", "{\"action\":\"approve\",\"role\":\"mayor\",\"date\":\"2026-10-12\","
    "\"to_state\":\"authorised\"," EVENT_TAIL "}", "mayor" },
  { "action-not-string", "{\"action\":7,\"role\":\"provider\",\"date\":\"2026-10-12\","
    "\"to_state\":\"authorised\"," EVENT_TAIL "}", "action" },
  { "delegated-missing", "{" EVENT_HEAD "\"date\":\"2026-10-12\",\"to_state\":\"authorised\","
    "\"params\":{}}", "delegated" },
  { "param-not-string", "{" EVENT_HEAD "\"date\":\"2026-10-12\",\"to_state\":\"authorised\","
    "\"delegated\":false,\"params\":{\"basis\":12}}", "basis" },
  { "params-not-object", "{" EVENT_HEAD "\"date\":\"2026-10-12\",\"to_state\":\"authorised\","
    "\"delegated\":false,\"params\":[]}", "params" },
};

static void
test_event_bad_json (gconstpointer data)
{
  const BadEvent *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowEvent) event = event_from_text (bad->json, &error);

  g_assert_null (event);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, bad->mention));
}

static void
test_history_json (void)
{
  g_autoptr(SdWorkflowRequest) submit = sd_test_request ("submit", SD_ROLE_CONSUMER,
                                                         SD_TEST_USCC_CONSUMER, "2026-09-30",
                                                         "purpose", "p", NULL);
  g_autoptr(SdWorkflowRequest) approve = sd_test_request ("approve", SD_ROLE_SUPPORT, NULL,
                                                          "2026-10-08", NULL);
  g_autoptr(GPtrArray) history = _sd_workflow_history_new ();
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  SdWorkflowEvent *second;
  GDate due;

  sd_test_date (&due, "2026-10-10");
  g_ptr_array_add (history, _sd_workflow_event_new (submit, NULL, "in-review",
                                                    "support-first-review", &due, FALSE));
  sd_test_date (&due, "2026-10-19");
  g_ptr_array_add (history, _sd_workflow_event_new (approve, "in-review", "in-review",
                                                    "provider-review", &due, FALSE));

  node = _sd_workflow_history_to_json (history);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);

  restored = _sd_workflow_history_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restored->len, ==, 2);
  second = g_ptr_array_index (restored, 1);
  g_assert_cmpstr (second->stage, ==, "provider-review");
  g_assert_cmpstr (second->from_state, ==, "in-review");
  g_assert_cmpint (g_date_get_day (&second->due_date), ==, 19);
  again = _sd_workflow_history_to_json (restored);
  g_assert_true (json_node_equal (node, again));

  /* A broken element names its index. */
  json_object_remove_member (json_array_get_object_element (json_node_get_array (node), 1),
                             "to_state");
  g_clear_pointer (&restored, g_ptr_array_unref);
  restored = _sd_workflow_history_from_json (node, &error);
  g_assert_null (restored);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "history[1]"));
}

/* --- due dates ----------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *start;
  guint       deadline_wd;
  const char *due;        /* NULL: no due date */
  gboolean    uncovered;  /* fails with SD_CALENDAR_ERROR_UNCOVERED */
} DueCase;

static const DueCase due_cases[] = {
  /* National Day: 1-7 October are holidays, Saturday 10 October a workday. */
  { "national-day-3", "2026-09-30", 3, "2026-10-10", FALSE },
  { "national-day-10", "2026-09-30", 10, "2026-10-20", FALSE },
  { "after-adjusted-saturday-7", "2026-10-10", 7, "2026-10-20", FALSE },
  /* Friday before the Spring Festival: 15-23 February off, 28 February on. */
  { "spring-festival-3", "2026-02-13", 3, "2026-02-25", FALSE },
  { "spring-festival-10", "2026-02-13", 10, "2026-03-05", FALSE },
  /* A plain week: Friday + 3 = Wednesday. */
  { "friday-3", "2026-03-06", 3, "2026-03-11", FALSE },
  { "zero-is-none", "2026-03-06", 0, NULL, FALSE },
  { "end-of-year-fits", "2026-12-28", 3, "2026-12-31", FALSE },
  { "end-of-year-uncovered", "2026-12-28", 4, NULL, TRUE },
  { "before-2024-uncovered", "2023-12-29", 1, NULL, TRUE },
};

static void
test_compute_due (gconstpointer data)
{
  const DueCase *c = data;
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  GDate start, due, expected;
  gboolean ok;

  sd_test_date (&start, c->start);
  sd_test_date (&due, "2000-01-01");   /* must be overwritten */
  ok = sd_workflow_compute_due (calendar, &start, c->deadline_wd, &due, &error);

  if (c->uncovered)
    {
      g_assert_false (ok);
      g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED);
      g_assert_false (g_date_valid (&due));
      return;
    }

  g_assert_no_error (error);
  g_assert_true (ok);
  if (c->due == NULL)
    {
      g_assert_false (g_date_valid (&due));
      return;
    }
  sd_test_date (&expected, c->due);
  g_assert_cmpint (g_date_get_julian (&due), ==, g_date_get_julian (&expected));
}

static void
test_stage_due_uncovered (void)
{
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  gboolean uncovered = FALSE;
  GDate start, due;

  sd_test_date (&start, "2026-12-28");
  g_assert_true (_sd_workflow_stage_due (calendar, &start, 10, &due, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_true (uncovered);
  g_assert_false (g_date_valid (&due));

  g_assert_true (_sd_workflow_stage_due (calendar, &start, 3, &due, &uncovered, &error));
  g_assert_false (uncovered);
  g_assert_cmpint (g_date_get_day (&due), ==, 31);
}

typedef struct {
  const char *due;
  const char *today;
  int         left;
} LeftCase;

static void
test_working_days_left (void)
{
  static const LeftCase cases[] = {
    { "2026-10-10", "2026-09-30", 3 },    /* the three of the deadline */
    { "2026-10-10", "2026-10-08", 2 },
    { "2026-10-10", "2026-10-10", 0 },
    { "2026-10-10", "2026-10-11", 0 },    /* Sunday after: no working day passed yet */
    { "2026-10-10", "2026-10-12", -1 },
    { "2026-10-10", "2026-10-14", -3 },
  };
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate due, today;
      int left = 99;

      sd_test_date (&due, cases[i].due);
      sd_test_date (&today, cases[i].today);
      g_assert_true (sd_workflow_working_days_left (calendar, &due, &today, &left, &error));
      g_assert_no_error (error);
      g_assert_cmpint (left, ==, cases[i].left);
    }
}

static void
test_is_overdue (void)
{
  GDate due, today, invalid;

  g_date_clear (&invalid, 1);
  sd_test_date (&due, "2026-10-10");
  sd_test_date (&today, "2026-10-10");
  g_assert_false (_sd_workflow_is_overdue (&due, &today));
  sd_test_date (&today, "2026-10-11");
  g_assert_true (_sd_workflow_is_overdue (&due, &today));
  g_assert_false (_sd_workflow_is_overdue (&invalid, &today));
}

/* --- C8: catalogue update deadline ----------------------------------------- */

typedef struct {
  const char *policy;
  const char *trigger;
  const char *due;   /* NULL: not applicable */
} UpdateCase;

static const UpdateCase update_cases[] = {
  /* state-council-2016 art. 8: 15 working days. */
  { "state-council-2016", "2026-06-18", "2026-07-10" },   /* Dragon Boat 19-21 June */
  { "state-council-2016", "2026-04-30", "2026-05-25" },   /* Labour Day 1-5 May, 9 May on */
  { "mot-2021", "2026-06-18", NULL },
  { "panjin-2016", "2026-06-18", NULL },
};

static void
test_catalogue_update_due (gconstpointer data)
{
  const UpdateCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->policy);
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  GDate trigger, due, expected;
  gboolean ok;

  sd_test_date (&trigger, c->trigger);
  ok = sd_workflow_catalogue_update_due (policy, calendar, &trigger, &due, &error);
  if (c->due == NULL)
    {
      g_assert_false (ok);
      g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_NOT_APPLICABLE);
      g_assert_nonnull (strstr (error->message, sd_policy_get_label (policy)));
      g_assert_false (g_date_valid (&due));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  sd_test_date (&expected, c->due);
  g_assert_cmpint (g_date_get_julian (&due), ==, g_date_get_julian (&expected));
}

static void
test_catalogue_update_uncovered (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("state-council-2016");
  g_autoptr(SdCalendar) calendar = sd_test_calendar ();
  g_autoptr(GError) error = NULL;
  GDate trigger, due;

  sd_test_date (&trigger, "2026-12-15");
  g_assert_false (sd_workflow_catalogue_update_due (policy, calendar, &trigger, &due, &error));
  g_assert_error (error, SD_CALENDAR_ERROR, SD_CALENDAR_ERROR_UNCOVERED);
  g_assert_false (g_date_valid (&due));
}

/* --- shared checks ------------------------------------------------------- */

static void
test_require_param (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("refuse", SD_ROLE_PROVIDER,
                                                          SD_TEST_USCC_PROVIDER, "2026-10-12",
                                                          "basis", "  ", NULL);
  g_autoptr(SdArticle) article = sd_article_parse ("mot-2021", "art. 12", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (_sd_workflow_require_param (request, "basis", "A legal basis", article, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==, "A legal basis is required to refuse (mot-2021 art. 12).");
  g_clear_error (&error);

  g_assert_false (_sd_workflow_require_param (request, "note", "A note", NULL, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==, "A note is required to refuse.");
  g_clear_error (&error);

  sd_workflow_request_set (request, "basis", "《政务信息资源共享管理暂行办法》");
  g_assert_true (_sd_workflow_require_param (request, "basis", "A legal basis", article, &error));
  g_assert_no_error (error);
}

static void
test_check_role (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("approve", SD_ROLE_CONSUMER,
                                                          SD_TEST_USCC_CONSUMER, "2026-10-12",
                                                          NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (_sd_workflow_check_role (request, SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_ROLE);
  g_assert_nonnull (strstr (error->message, sd_role_get_label (SD_ROLE_PROVIDER)));
  g_assert_nonnull (strstr (error->message, sd_role_get_label (SD_ROLE_CONSUMER)));
  g_assert_nonnull (strstr (error->message, "approve"));
  g_clear_error (&error);

  request->role = SD_ROLE_PROVIDER;
  g_assert_false (_sd_workflow_check_role (request, SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_DEPARTMENT);
  g_assert_cmpstr (error->message, ==,
                   "Only department " SD_TEST_USCC_PROVIDER " can approve here; "
                   "the request comes from department " SD_TEST_USCC_CONSUMER ".");
  g_clear_error (&error);

  /* NULL department: any department of the role. */
  g_assert_true (_sd_workflow_check_role (request, SD_ROLE_PROVIDER, NULL, &error));
  g_assert_no_error (error);
}

static void
test_state_error (void)
{
  g_autoptr(SdWorkflowRequest) request = sd_test_request ("request-materials", SD_ROLE_SUPPORT,
                                                          NULL, "2026-10-12", NULL);
  g_autoptr(GError) error = NULL;

  _sd_workflow_set_state_error (&error, request, "withdrawn");
  g_assert_error (error, SD_WORKFLOW_ERROR, SD_WORKFLOW_ERROR_STATE);
  g_assert_cmpstr (error->message, ==, "Cannot request materials while the case is withdrawn.");
}

static void
test_labels (void)
{
  g_assert_cmpstr (_sd_workflow_action_get_label ("acknowledge-agreement"), ==,
                   "acknowledge the agreement");
  g_assert_cmpstr (_sd_workflow_action_get_label ("take-effect"), ==,
                   "put the change into effect");
  g_assert_cmpstr (_sd_workflow_action_get_label ("dance"), ==, "dance");
  g_assert_cmpstr (_sd_workflow_state_get_label ("materials-requested"), ==,
                   "waiting for materials");
  g_assert_cmpstr (_sd_workflow_state_get_label ("effective"), ==, "in effect");
  g_assert_cmpstr (_sd_workflow_state_get_label ("limbo"), ==, "limbo");
}

static void
test_provision_article (void)
{
  g_autoptr(SdPolicy) mot = sd_test_policy ("mot-2021");
  g_autoptr(SdPolicy) panjin = sd_test_policy ("panjin-2016");
  g_autofree char *refusal = _sd_workflow_provision_article (mot, "application.refusal-basis");
  g_autofree char *materials = _sd_workflow_provision_article (panjin, "application.materials");
  g_autofree char *agreement = _sd_workflow_provision_article (panjin, "application.agreement");

  g_assert_cmpstr (refusal, ==, "mot-2021 art. 12");
  g_assert_null (materials);
  g_assert_cmpstr (agreement, ==, "panjin-2016 art. 32");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/workflow/request/params", test_request_params);
  g_test_add_func ("/workflow/request/boxed", test_request_boxed);
  g_test_add_func ("/workflow/event/from-request", test_event_from_request);
  g_test_add_func ("/workflow/event/no-due", test_event_no_due);
  g_test_add_func ("/workflow/event/round-trip", test_event_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_events); i++)
    {
      g_autofree char *path = g_strdup_printf ("/workflow/event/bad-json/%s", bad_events[i].name);
      g_test_add_data_func (path, &bad_events[i], test_event_bad_json);
    }
  g_test_add_func ("/workflow/history/json", test_history_json);
  for (guint i = 0; i < G_N_ELEMENTS (due_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/workflow/due/%s", due_cases[i].name);
      g_test_add_data_func (path, &due_cases[i], test_compute_due);
    }
  g_test_add_func ("/workflow/due/stage-uncovered", test_stage_due_uncovered);
  g_test_add_func ("/workflow/due/working-days-left", test_working_days_left);
  g_test_add_func ("/workflow/due/overdue", test_is_overdue);
  for (guint i = 0; i < G_N_ELEMENTS (update_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/workflow/catalogue-update/%s/%s",
                                               update_cases[i].policy,
                                               update_cases[i].trigger);
      g_test_add_data_func (path, &update_cases[i], test_catalogue_update_due);
    }
  g_test_add_func ("/workflow/catalogue-update/uncovered", test_catalogue_update_uncovered);
  g_test_add_func ("/workflow/check/require-param", test_require_param);
  g_test_add_func ("/workflow/check/role", test_check_role);
  g_test_add_func ("/workflow/check/state", test_state_error);
  g_test_add_func ("/workflow/labels", test_labels);
  g_test_add_func ("/workflow/provision-article", test_provision_article);

  return g_test_run ();
}
