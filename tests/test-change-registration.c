/* test-change-registration.c — changes to published entries (C4).
 *
 * mot-2021 art. 9: while the data is in use, a change is registered at
 * least 3 months before it takes effect; the other profiles have no such
 * period, and no profile accepts an effective date in the past.
 */
#include "sd-test-utils.h"

#include <gio/gio.h>
#include <string.h>

static SdCatalogueEntry *
entry_in_state (SdEntryState state)
{
  SdCatalogueEntry *entry = sd_test_entry ("entry-7", "1020101/000007", "Road transport licences",
                                           state);

  sd_catalogue_entry_set_version (entry, 3);
  return entry;
}

static SdWorkflowRequest *
register_request (const char *iso_date,
                  const char *effective_date)
{
  return sd_test_request ("register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER, iso_date,
                          "description", "Source system migrated; two items renamed",
                          "effective_date", effective_date, NULL);
}

/* Registers a change that must be accepted. */
static SdChangeRegistration *
register_ok (const char *profile,
             guint       active,
             const char *iso_date,
             const char *effective_date)
{
  g_autoptr(SdPolicy) policy = sd_test_policy (profile);
  g_autoptr(SdCatalogueEntry) entry = entry_in_state (SD_ENTRY_STATE_PUBLISHED);
  g_autoptr(SdWorkflowRequest) request = register_request (iso_date, effective_date);
  g_autoptr(GError) error = NULL;
  SdChangeRegistration *registration;

  registration = sd_change_registration_new (policy, entry, active, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (registration);
  return registration;
}

/* Registers a change that must be refused with @code; returns the message. */
static char *
register_fails (const char        *profile,
                guint              active,
                SdEntryState       state,
                SdWorkflowRequest *request,
                SdWorkflowError    code)
{
  g_autoptr(SdPolicy) policy = sd_test_policy (profile);
  g_autoptr(SdCatalogueEntry) entry = entry_in_state (state);
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autoptr(SdChangeRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = sd_change_registration_new (policy, entry, active, owned, &error);
  g_assert_null (registration);
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) code);
  return g_strdup (error->message);
}

static void
apply_ok (SdChangeRegistration *registration,
          SdWorkflowRequest    *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;

  g_assert_true (sd_change_registration_apply (registration, owned, &error));
  g_assert_no_error (error);
}

static void
apply_fails (SdChangeRegistration *registration,
             SdWorkflowRequest    *request,
             SdWorkflowError       code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkflowRequest) owned = request;
  g_autofree char *state = g_strdup (sd_change_registration_get_state (registration));
  guint n_events = sd_change_registration_get_history (registration)->len;

  g_assert_false (sd_change_registration_apply (registration, owned, &error));
  g_assert_error (error, SD_WORKFLOW_ERROR, (int) code);
  g_assert_cmpstr (sd_change_registration_get_state (registration), ==, state);
  g_assert_cmpuint (sd_change_registration_get_history (registration)->len, ==, n_events);
}

/* --- the earliest date --------------------------------------------------- */

typedef struct {
  const char *profile;
  guint       active;
  const char *today;
  const char *earliest;
} EarliestCase;

static const EarliestCase earliest_cases[] = {
  { "mot-2021", 2, "2026-03-10", "2026-06-10" },
  { "mot-2021", 1, "2026-10-31", "2027-01-31" },
  /* g_date_add_months clamps to the end of the shorter month. */
  { "mot-2021", 1, "2025-11-30", "2026-02-28" },
  { "mot-2021", 1, "2023-11-30", "2024-02-29" },
  { "mot-2021", 1, "2026-05-31", "2026-08-31" },
  /* Nobody uses the data: nobody to warn. */
  { "mot-2021", 0, "2026-03-10", "2026-03-10" },
  /* No notice period in these regulations. */
  { "state-council-2016", 5, "2026-03-10", "2026-03-10" },
  { "panjin-2016", 5, "2026-03-10", "2026-03-10" },
};

static void
test_earliest (gconstpointer data)
{
  const EarliestCase *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy (c->profile);
  GDate today, earliest;

  sd_test_date (&today, c->today);
  g_date_clear (&earliest, 1);
  sd_change_registration_earliest_date (policy, c->active, &today, &earliest);
  sd_test_assert_date (&earliest, c->earliest);
}

/* --- register ------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *profile;
  guint       active;
  const char *today;
  const char *effective;
  int         code;        /* -1: accepted */
} RegisterCase;

static const RegisterCase register_cases[] = {
  /* The 3-month rule at its boundary. */
  { "mot/in-use/one-day-short", "mot-2021", 2, "2026-03-10", "2026-06-09", SD_WORKFLOW_ERROR_TOO_SOON },
  { "mot/in-use/exactly-3-months", "mot-2021", 2, "2026-03-10", "2026-06-10", -1 },
  { "mot/in-use/later", "mot-2021", 1, "2026-03-10", "2026-12-01", -1 },
  { "mot/in-use/end-of-month-short", "mot-2021", 1, "2025-11-30", "2026-02-27", SD_WORKFLOW_ERROR_TOO_SOON },
  { "mot/in-use/end-of-month-exact", "mot-2021", 1, "2025-11-30", "2026-02-28", -1 },
  { "mot/in-use/same-day", "mot-2021", 1, "2026-03-10", "2026-03-10", SD_WORKFLOW_ERROR_TOO_SOON },
  /* Not in use: any date from today on. */
  { "mot/unused/tomorrow", "mot-2021", 0, "2026-03-10", "2026-03-11", -1 },
  { "mot/unused/same-day", "mot-2021", 0, "2026-03-10", "2026-03-10", -1 },
  { "state-council/in-use/tomorrow", "state-council-2016", 3, "2026-03-10", "2026-03-11", -1 },
  { "panjin/in-use/same-day", "panjin-2016", 3, "2026-03-10", "2026-03-10", -1 },
  /* Never in the past. */
  { "mot/in-use/past", "mot-2021", 2, "2026-03-10", "2026-03-09", SD_WORKFLOW_ERROR_INVALID_VALUE },
  { "mot/unused/past", "mot-2021", 0, "2026-03-10", "2026-03-09", SD_WORKFLOW_ERROR_INVALID_VALUE },
  { "state-council/past", "state-council-2016", 0, "2026-03-10", "2025-12-31", SD_WORKFLOW_ERROR_INVALID_VALUE },
  { "panjin/past", "panjin-2016", 3, "2026-03-10", "2026-03-09", SD_WORKFLOW_ERROR_INVALID_VALUE },
  /* Not a date. */
  { "malformed", "mot-2021", 0, "2026-03-10", "2026-06-31", SD_WORKFLOW_ERROR_INVALID_VALUE },
  { "missing", "panjin-2016", 0, "2026-03-10", NULL, SD_WORKFLOW_ERROR_MISSING_FIELD },
};

static void
test_register (gconstpointer data)
{
  const RegisterCase *c = data;
  g_autoptr(SdChangeRegistration) registration = NULL;
  SdWorkflowEvent *event;

  if (c->code >= 0)
    {
      g_free (register_fails (c->profile, c->active, SD_ENTRY_STATE_PUBLISHED,
                              register_request (c->today, c->effective), c->code));
      return;
    }

  registration = register_ok (c->profile, c->active, c->today, c->effective);
  g_assert_cmpstr (sd_change_registration_get_state (registration), ==, "registered");
  sd_test_assert_date (sd_change_registration_get_effective_date (registration), c->effective);
  g_assert_cmpint (sd_change_registration_get_notify_consumers (registration), ==, c->active > 0);

  g_assert_cmpuint (sd_change_registration_get_history (registration)->len, ==, 1);
  event = sd_test_event_at (sd_change_registration_get_history (registration), 0);
  g_assert_cmpstr (event->action, ==, "register");
  g_assert_cmpint (event->role, ==, SD_ROLE_PROVIDER);
  g_assert_cmpstr (event->department, ==, SD_TEST_USCC_PROVIDER);
  g_assert_null (event->from_state);
  g_assert_cmpstr (event->to_state, ==, "registered");
  g_assert_cmpstr (g_hash_table_lookup (event->params, "effective_date"), ==, c->effective);
}

static void
test_too_soon_message (void)
{
  g_autofree char *message = NULL;

  message = register_fails ("mot-2021", 2, SD_ENTRY_STATE_PUBLISHED,
                            register_request ("2026-03-10", "2026-06-09"),
                            SD_WORKFLOW_ERROR_TOO_SOON);
  g_assert_nonnull (strstr (message, "2026-06-09"));
  g_assert_nonnull (strstr (message, "2026-06-10"));   /* the earliest date */
  g_assert_nonnull (strstr (message, "3 months"));
  g_assert_nonnull (strstr (message, "mot-2021 art. 9"));
}

static void
test_past_message (void)
{
  g_autofree char *message = NULL;

  message = register_fails ("panjin-2016", 0, SD_ENTRY_STATE_PUBLISHED,
                            register_request ("2026-03-10", "2026-03-09"),
                            SD_WORKFLOW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (message, "2026-03-09"));
  g_assert_nonnull (strstr (message, "2026-03-10"));
}

typedef struct {
  const char     *name;
  SdEntryState    state;
  const char     *action;
  SdRole          role;
  const char     *department;
  const char     *description;
  SdWorkflowError code;
} RegisterFailure;

static const RegisterFailure register_failures[] = {
  { "consumer-role", SD_ENTRY_STATE_PUBLISHED, "register", SD_ROLE_CONSUMER, SD_TEST_USCC_PROVIDER,
    "x", SD_WORKFLOW_ERROR_ROLE },
  { "support-role", SD_ENTRY_STATE_PUBLISHED, "register", SD_ROLE_SUPPORT, NULL,
    "x", SD_WORKFLOW_ERROR_ROLE },
  { "other-provider", SD_ENTRY_STATE_PUBLISHED, "register", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
    "x", SD_WORKFLOW_ERROR_DEPARTMENT },
  { "draft-entry", SD_ENTRY_STATE_DRAFT, "register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
    "x", SD_WORKFLOW_ERROR_STATE },
  { "submitted-entry", SD_ENTRY_STATE_SUBMITTED, "register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
    "x", SD_WORKFLOW_ERROR_STATE },
  { "retired-entry", SD_ENTRY_STATE_RETIRED, "register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
    "x", SD_WORKFLOW_ERROR_STATE },
  { "no-description", SD_ENTRY_STATE_PUBLISHED, "register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
    NULL, SD_WORKFLOW_ERROR_MISSING_FIELD },
  { "wrong-action", SD_ENTRY_STATE_PUBLISHED, "withdraw", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
    "x", SD_WORKFLOW_ERROR_INVALID_VALUE },
};

static void
test_register_fails (gconstpointer data)
{
  const RegisterFailure *c = data;
  SdWorkflowRequest *request;

  request = sd_test_request (c->action, c->role, c->department, "2026-03-10",
                             "description", c->description,
                             "effective_date", "2026-12-01", NULL);
  g_free (register_fails ("mot-2021", 0, c->state, request, c->code));
}

/* --- take-effect and withdraw -------------------------------------------- */

static void
test_take_effect (void)
{
  g_autoptr(SdChangeRegistration) registration = NULL;
  g_autoptr(SdChangeRegistration) by_support = NULL;
  SdWorkflowEvent *event;

  registration = register_ok ("mot-2021", 2, "2026-03-10", "2026-06-10");
  apply_fails (registration, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-06-09", NULL),
               SD_WORKFLOW_ERROR_TOO_SOON);
  apply_fails (registration, sd_test_request ("take-effect", SD_ROLE_CONSUMER, SD_TEST_USCC_CONSUMER,
                                              "2026-06-10", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (registration, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                              "2026-06-10", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);

  apply_ok (registration, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-06-10", NULL));
  g_assert_cmpstr (sd_change_registration_get_state (registration), ==, "effective");
  event = sd_test_event_at (sd_change_registration_get_history (registration), 1);
  g_assert_cmpstr (event->action, ==, "take-effect");
  g_assert_cmpstr (event->from_state, ==, "registered");
  g_assert_cmpstr (event->to_state, ==, "effective");

  /* Final: neither again nor withdrawn. */
  apply_fails (registration, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-06-11", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (registration, sd_test_request ("withdraw", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-06-11", NULL),
               SD_WORKFLOW_ERROR_STATE);

  /* The support department running the platform may switch it on, later too. */
  by_support = register_ok ("panjin-2016", 0, "2026-03-10", "2026-03-20");
  apply_ok (by_support, sd_test_request ("take-effect", SD_ROLE_SUPPORT, NULL, "2026-04-01", NULL));
  g_assert_cmpstr (sd_change_registration_get_state (by_support), ==, "effective");
}

static void
test_withdraw (void)
{
  g_autoptr(SdChangeRegistration) registration = NULL;

  registration = register_ok ("state-council-2016", 1, "2026-03-10", "2026-04-01");
  apply_fails (registration, sd_test_request ("withdraw", SD_ROLE_SUPPORT, NULL, "2026-03-11", NULL),
               SD_WORKFLOW_ERROR_ROLE);
  apply_fails (registration, sd_test_request ("withdraw", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                              "2026-03-11", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);
  apply_fails (registration, sd_test_request ("register", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-03-11", NULL),
               SD_WORKFLOW_ERROR_STATE);
  apply_fails (registration, sd_test_request ("publish", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-03-11", NULL),
               SD_WORKFLOW_ERROR_INVALID_VALUE);

  apply_ok (registration, sd_test_request ("withdraw", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                           "2026-03-11", NULL));
  g_assert_cmpstr (sd_change_registration_get_state (registration), ==, "withdrawn");
  apply_fails (registration, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                              "2026-04-01", NULL),
               SD_WORKFLOW_ERROR_STATE);
  g_assert_cmpuint (sd_change_registration_get_history (registration)->len, ==, 2);
}

/* --- JSON ---------------------------------------------------------------- */

static void
test_json_round_trip (void)
{
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdChangeRegistration) registration = register_ok ("mot-2021", 4, "2026-03-10",
                                                              "2026-07-01");
  g_autoptr(SdChangeRegistration) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  node = sd_change_registration_to_json (registration);
  before = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (before, "\"effective_date\":\"2026-07-01\""));
  g_assert_nonnull (strstr (before, "\"active_authorisations\":4"));
  g_assert_nonnull (strstr (before, "\"entry_version\":3"));

  copy = sd_change_registration_new_from_json (policy, node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_change_registration_get_state (copy), ==, "registered");
  sd_test_assert_date (sd_change_registration_get_effective_date (copy), "2026-07-01");
  g_assert_true (sd_change_registration_get_notify_consumers (copy));
  g_assert_cmpuint (sd_change_registration_get_history (copy)->len, ==, 1);
  again = sd_change_registration_to_json (copy);
  after = json_to_string (again, FALSE);
  g_assert_cmpstr (after, ==, before);

  /* The restored registration keeps its provider and goes on. */
  apply_fails (copy, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_OTHER,
                                      "2026-07-01", NULL),
               SD_WORKFLOW_ERROR_DEPARTMENT);
  apply_ok (copy, sd_test_request ("take-effect", SD_ROLE_PROVIDER, SD_TEST_USCC_PROVIDER,
                                   "2026-07-01", NULL));
  g_assert_cmpstr (sd_change_registration_get_state (copy), ==, "effective");
}

static const SdTestJsonEdit bad_members[] = {
  { "unknown-state", "state", "\"pending\"" },
  { "other-profile", "profile", "\"panjin-2016\"" },
  { "negative-count", "active_authorisations", "-1" },
  { "count-not-number", "active_authorisations", "\"2\"" },
  { "effective-date-missing", "effective_date", "null" },
  { "provider-missing", "provider", "null" },
  { "history-not-array", "history", "\"none\"" },
};

static void
test_json_invalid (gconstpointer data)
{
  const SdTestJsonEdit *c = data;
  g_autoptr(SdPolicy) policy = sd_test_policy ("mot-2021");
  g_autoptr(SdChangeRegistration) registration = register_ok ("mot-2021", 0, "2026-03-10",
                                                              "2026-07-01");
  g_autoptr(SdChangeRegistration) copy = NULL;
  g_autoptr(JsonNode) node = sd_change_registration_to_json (registration);
  g_autoptr(GError) error = NULL;

  sd_test_json_edit (node, c);
  copy = sd_change_registration_new_from_json (policy, node, &error);
  g_assert_null (copy);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (earliest_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/change-registration/earliest/%s/%u/%s",
                                               earliest_cases[i].profile,
                                               earliest_cases[i].active,
                                               earliest_cases[i].today);
      g_test_add_data_func (path, &earliest_cases[i], test_earliest);
    }
  for (guint i = 0; i < G_N_ELEMENTS (register_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/change-registration/register/%s",
                                               register_cases[i].name);
      g_test_add_data_func (path, &register_cases[i], test_register);
    }
  g_test_add_func ("/change-registration/register/too-soon-message", test_too_soon_message);
  g_test_add_func ("/change-registration/register/past-message", test_past_message);
  for (guint i = 0; i < G_N_ELEMENTS (register_failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/change-registration/register-fails/%s",
                                               register_failures[i].name);
      g_test_add_data_func (path, &register_failures[i], test_register_fails);
    }
  g_test_add_func ("/change-registration/take-effect", test_take_effect);
  g_test_add_func ("/change-registration/withdraw", test_withdraw);
  g_test_add_func ("/change-registration/json/round-trip", test_json_round_trip);
  sd_test_add_json_edits ("/change-registration/json/invalid", bad_members,
                          G_N_ELEMENTS (bad_members), test_json_invalid);

  return g_test_run ();
}
