/* test-cli.c — runs the built sharedesk-cli (path in $SHAREDESK_CLI) for
 * every command and checks its output, exit status and JSON. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sd-test-utils.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* G_TEST_OPTION_ISOLATE_DIRS gives this process per-test directories but
 * leaves HOME and XDG_* at /dev/null in the environment: hand the child the
 * test's own, so that what it imports lands where the test looks. */
static void
pass_isolated_dirs (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
}

/* Runs the CLI with @argv (NULL-terminated, without the program), feeding
 * @input on standard input when not NULL. @zh runs it in Chinese. */
static CliRun *
run_cli_argv (const char         *input,
              gboolean            zh,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SHAREDESK_CLI");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  CliRun *run = g_new0 (CliRun, 1);

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  flags |= input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0;
  launcher = g_subprocess_launcher_new (flags);
  pass_isolated_dirs (launcher);
  if (zh)
    {
      g_subprocess_launcher_setenv (launcher, "LANG", "zh_CN.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "zh_CN.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "zh_CN", TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

#define run_cli(...) run_cli_argv (NULL, FALSE, (const char * const []) { __VA_ARGS__, NULL })
#define run_cli_input(input, ...) run_cli_argv (input, FALSE, (const char * const []) { __VA_ARGS__, NULL })
#define run_cli_zh(...) run_cli_argv (NULL, TRUE, (const char * const []) { __VA_ARGS__, NULL })

static void
assert_exit (CliRun *run,
             int     status)
{
  if (run->status != status)
    g_test_message ("stdout:\n%s\nstderr:\n%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, status);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* The line of @text that starts (after indentation) with @start. */
static char *
find_line (const char *text,
           const char *start)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strchug (lines[i]), start))
      return g_strdup (lines[i]);
  return NULL;
}

/* --- help, version and command-line errors ---------------------------- */

static void
test_help (void)
{
  g_autoptr(CliRun) run = run_cli ("--help");
  g_autoptr(CliRun) help_check = run_cli ("help", "check");
  g_autoptr(CliRun) check_help = run_cli ("check", "--help");
  const char *commands[] = { "profiles", "profile show ID", "check FILE.json --profile ID",
                             "validate uscc|ric|resource-code", "workdays add DATE N",
                             "workdays between DATE1 DATE2", "calendar years",
                             "calendar import FILE.json", "--json", "--version" };

  assert_exit (run, 0);
  g_assert_true (g_str_has_prefix (run->out, "Usage: sharedesk-cli"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run->out, commands[i]));
  /* The exit codes are documented. */
  g_assert_nonnull (strstr (run->out, "Exit status:"));
  g_assert_nonnull (strstr (run->out, "  2  A command-line error"));

  assert_exit (help_check, 0);
  g_assert_cmpstr (help_check->out, ==, check_help->out);
  g_assert_true (g_str_has_prefix (help_check->out,
                                   "Usage: sharedesk-cli check FILE.json --profile ID\n"));
}

static void
test_version (void)
{
  g_autoptr(CliRun) run = run_cli ("--version");
  g_autoptr(CliRun) json = run_cli ("--version", "--json");
  g_autoptr(JsonNode) root = NULL;

  assert_exit (run, 0);
  g_assert_cmpstr (run->out, ==, "sharedesk-cli " PACKAGE_VERSION "\n");
  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "version"),
                   ==, PACKAGE_VERSION);
}

typedef struct {
  const char *args[8];   /* NULL-terminated */
  const char *message;   /* expected on stderr */
} UsageCase;

static const UsageCase usage_cases[] = {
  { { NULL }, "No command given." },
  { { "frobnicate" }, "Unknown command “frobnicate”." },
  { { "--bogus", "profiles" }, "Unknown option “--bogus”." },
  { { "profiles", "extra" }, "“profiles” has too many arguments" },
  { { "profile" }, "needs a subcommand: show" },
  { { "calendar", "frobnicate" }, "“calendar” has no subcommand “frobnicate”; it has: years, import" },
  { { "profile", "show" }, "“profile show” is missing an argument" },
  { { "profile", "show", "nope" }, "There is no policy profile “nope”. The profiles are: mot-2021, state-council-2016, panjin-2016." },
  { { "check", "entry.json" }, "“check” needs “--profile ID”" },
  { { "check", "--profile", "mot-2021" }, "“check” is missing an argument" },
  { { "check", "entry.json", "--profile" }, "“--profile” needs a profile id" },
  { { "validate", "uscc" }, "“validate” is missing an argument" },
  { { "validate", "colour", "red" }, "Unknown kind of identifier “colour”" },
  { { "validate", "uscc", "x", "--profile", "mot-2021" }, "“validate” takes no “--profile” option" },
  { { "workdays", "add", "2026-13-01", "3" }, "“2026-13-01” is not a date" },
  { { "workdays", "add", "2026-01-05", "many" }, "“many” is not a number of working days" },
  { { "workdays", "add", "2026-01-05" }, "“workdays add” is missing an argument" },
  { { "workdays", "between", "2026-01-05", "05/01/2026" }, "“05/01/2026” is not a date" },
  { { "workdays", "add", "2026-01-05", "3", "--profile", "nope" }, "There is no policy profile “nope”" },
  { { "help", "frobnicate" }, "Unknown command “frobnicate”." },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;
  g_autoptr(CliRun) run = run_cli_argv (NULL, FALSE, usage->args);

  assert_exit (run, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "sharedesk-cli: "));
  g_assert_nonnull (strstr (run->err, usage->message));
  /* Every error says where to look next. */
  g_assert_true (strstr (run->err, "Try “sharedesk-cli --help”") != NULL ||
                 strstr (run->err, "Usage: sharedesk-cli ") != NULL);
}

/* --- profiles ------------------------------------------------------------ */

/* The values of "label:  value" rows start in one column. */
static void
assert_values_aligned (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  glong column = -1;
  guint rows = 0;

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strstr (lines[i], ":  ");
      const char *value;
      glong at;

      if (colon == NULL || !g_str_has_prefix (lines[i], "  "))
        continue;
      for (value = colon + 1; *value == ' '; value++)
        ;
      at = g_utf8_pointer_to_offset (lines[i], value);
      if (column < 0)
        column = at;
      g_assert_cmpint (at, ==, column);
      rows++;
    }
  g_assert_cmpuint (rows, >, 20);
}

static void
test_profiles (void)
{
  g_autoptr(CliRun) run = run_cli ("profiles");
  g_autofree char *mot_conditional = NULL;
  const char *expected[] = {
    "mot-2021 — ", "state-council-2016 — ", "panjin-2016 — ",
    "交通运输政务数据共享管理办法 (交科技发〔2021〕33号)",
    "政务信息资源共享管理暂行办法 (国发〔2016〕51号)",
    "盘锦市政府数据资源共建共享管理办法(试行) (盘政办发〔2016〕94号)",
    /* state-council-2016: one review of 10 working days, C8's 15 */
    "10 working days (state-council-2016 art. 12)",
    "within 15 working days after a law or the department’s functions change (state-council-2016 art. 8)",
    /* mot-2021: notice and revocation periods */
    "3 months before a change to data in use takes effect (mot-2021 art. 9)",
    "may be revoked after 3 months without use (mot-2021 art. 17)",
    /* panjin-2016: objections 5 + 3 working days, the provider only when
     * the center forwards; applications likewise (art. 18) */
    "within 5 working days; if forwarded: ", "within 3 working days (panjin-2016 art. 20)",
    "no time limit set; if forwarded: Consultation with the provider department",
    "7 kinds (mot-2021 art. 23)", "5 kinds (state-council-2016 art. 24)",
    "7 kinds (panjin-2016 art. 36)",
    "Mainland China official working days (cn-mainland)",
  };

  assert_exit (run, 0);
  g_assert_cmpstr (run->err, ==, "");
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (strstr (run->out, expected[i]) == NULL)
        g_test_message ("missing: %s", expected[i]);
      g_assert_nonnull (strstr (run->out, expected[i]));
    }

  /* mot-2021 art. 12: 3 working days for the support department, then 7
   * for the provider, in that order, with the article. */
  mot_conditional = find_line (run->out, "Conditional sharing:");
  g_assert_nonnull (mot_conditional);
  g_assert_true (g_regex_match_simple ("3 working days → .* 7 working days \\(mot-2021 art\\. 12\\)$",
                                       mot_conditional, 0, 0));
  /* People read labels, not ids. */
  g_assert_null (strstr (run->out, "support-first-review"));
  g_assert_null (strstr (run->out, "provider-review"));
  assert_values_aligned (run->out);
}

static void
test_profiles_json (void)
{
  g_autoptr(CliRun) run = run_cli ("profiles", "--json");
  g_autoptr(CliRun) before = run_cli ("--json", "profiles");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root_before = NULL;
  JsonArray *profiles;
  const char * const *ids = sd_policy_list_builtin ();

  assert_exit (run, 0);
  root = parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  profiles = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (profiles), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);

      g_assert_cmpstr (json_object_get_string_member (profile, "id"), ==, ids[i]);
      g_assert_true (json_object_has_member (profile, "share_types"));
    }

  /* --json works before the command as after it. */
  assert_exit (before, 0);
  root_before = parse_json (before->out);
  g_assert_true (json_node_equal (root, root_before));
}

typedef struct {
  const char *id;
  const char *present[4];
  const char *absent;
} ShowCase;

static const ShowCase show_cases[] = {
  { "mot-2021",
    { "support-first-review", "May be delegated to:", "mot-2021 art. 23(7)", "C7-basic-unconditional" },
    "C7p-privacy" },
  { "state-council-2016",
    { "sharing-authority", "state-council-2016 art. 10(2)", "report.annual", "C7-basic-unconditional" },
    "C7p-privacy" },
  { "panjin-2016",
    { "Forwards to:", "C5p-recipients", "panjin-2016 art. 36(7)", "C10-personal-identifier" },
    "C7-basic-unconditional" },
};

static void
test_profile_show (gconstpointer data)
{
  const ShowCase *show = data;
  g_autoptr(CliRun) run = run_cli ("profile", "show", show->id);
  g_autoptr(CliRun) json = run_cli ("profile", "show", show->id, "--json");
  g_autoptr(CliRun) all = run_cli ("profiles", "--json");
  g_autoptr(SdPolicy) policy = sd_test_policy (show->id);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) all_root = NULL;
  g_autoptr(JsonNode) expected = sd_policy_to_json (policy);
  g_autofree char *heading = g_strdup_printf ("%s — ", show->id);

  assert_exit (run, 0);
  g_assert_true (g_str_has_prefix (run->out, heading));
  g_assert_nonnull (strstr (run->out, sd_policy_get_document_number (policy)));
  for (gsize i = 0; i < G_N_ELEMENTS (show->present); i++)
    g_assert_nonnull (strstr (run->out, show->present[i]));
  g_assert_null (strstr (run->out, show->absent));

  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_true (json_node_equal (root, expected));
  all_root = parse_json (all->out);
  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (all_root), i);

      if (g_strcmp0 (json_object_get_string_member (json_node_get_object (element), "id"),
                     show->id) == 0)
        g_assert_true (json_node_equal (root, element));
    }
}

/* --- check --------------------------------------------------------------- */

typedef struct {
  const char *file;
  const char *profile;
  int         status;
  const char *lines[4];   /* lines expected in the output, from their start */
} CheckCase;

static const CheckCase check_cases[] = {
  { "cli-entry-valid.json", "mot-2021", 0,
    { "Summary:  0 errors, 0 warnings", "The entry passes the check with no findings." } },
  { "cli-entry-valid.json", "state-council-2016", 0, { "Summary:  0 errors, 0 warnings" } },
  { "cli-entry-valid.json", "panjin-2016", 0, { "Summary:  0 errors, 0 warnings" } },
  { "cli-entry-warning.json", "mot-2021", 0,
    { "Warning  Information item 1: length  ", "Summary:  0 errors, 1 warning",
      "The entry passes the check; review the warnings." } },
  { "cli-entry-errors.json", "mot-2021", 1,
    { "Error  Share conditions  ", "Error  Share type  ",
      "Summary:  3 errors, 0 warnings",
      "The entry does not pass the check: fix the errors before publishing it." } },
};

static void
assert_check_output (const CheckCase *check,
                     CliRun          *run)
{
  g_autofree char *profile_line = g_strdup_printf ("\nProfile:  %s — ", check->profile);

  assert_exit (run, check->status);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (g_str_has_prefix (run->out, "Entry:    营运车辆基础信息 (10201/000007)\n") ||
                 g_str_has_prefix (run->out, "Entry:    道路运输经营许可信息 (30702/000001)\n"));
  g_assert_nonnull (strstr (run->out, profile_line));
  for (gsize i = 0; i < G_N_ELEMENTS (check->lines) && check->lines[i] != NULL; i++)
    {
      g_autoptr(GRegex) regex = NULL;
      g_autofree char *escaped = g_regex_escape_string (check->lines[i], -1);
      /* The field column is padded: allow more spaces where there are two. */
      g_autofree char *pattern = NULL;
      g_auto(GStrv) parts = g_strsplit (escaped, "  ", -1);
      g_autofree char *joined = g_strjoinv (" {2,}", parts);

      pattern = g_strdup_printf ("(?m)^%s", joined);
      regex = g_regex_new (pattern, 0, 0, NULL);
      if (!g_regex_match (regex, run->out, 0, NULL))
        g_test_message ("no line /%s/ in:\n%s", pattern, run->out);
      g_assert_true (g_regex_match (regex, run->out, 0, NULL));
    }
}

static void
test_check (gconstpointer data)
{
  const CheckCase *check = data;
  g_autofree char *path = data_path (check->file);
  g_autoptr(CliRun) run = run_cli ("check", path, "--profile", check->profile);

  assert_check_output (check, run);
}

/* "-" reads the entry from standard input. */
static void
test_check_stdin (void)
{
  g_autofree char *contents = sd_test_read_data ("cli-entry-errors.json", NULL);
  g_autoptr(CliRun) run = run_cli_input (contents, "check", "-", "--profile", "mot-2021");

  assert_check_output (&check_cases[4], run);
}

static JsonObject *
find_finding (JsonArray  *findings,
              const char *rule)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "rule"), rule) == 0)
        return finding;
    }
  return NULL;
}

static void
test_check_json (void)
{
  g_autofree char *path = data_path ("cli-entry-errors.json");
  g_autoptr(CliRun) run = run_cli ("--json", "check", path, "--profile", "mot-2021");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;
  JsonArray *findings;
  JsonObject *conditions;

  assert_exit (run, 1);
  root = parse_json (run->out);
  report = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (report, "profile"), ==, "mot-2021");
  g_assert_false (json_object_get_boolean_member (report, "passed"));
  g_assert_cmpint (json_object_get_int_member (report, "errors"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "warnings"), ==, 0);
  findings = json_object_get_array_member (report, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 3);
  g_assert_nonnull (find_finding (findings, "provider-uscc"));
  g_assert_nonnull (find_finding (findings, "C7-basic-unconditional"));
  conditions = find_finding (findings, "C6-conditions");
  g_assert_nonnull (conditions);
  g_assert_cmpstr (json_object_get_string_member (conditions, "field"), ==, "share.conditions");
  g_assert_cmpstr (json_object_get_string_member (conditions, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (conditions, "article"), ==, "mot-2021 art. 7(2)");
}

static void
test_check_json_passes (void)
{
  g_autofree char *path = data_path ("cli-entry-warning.json");
  g_autoptr(CliRun) run = run_cli ("check", path, "--profile", "mot-2021", "--json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;

  assert_exit (run, 0);
  root = parse_json (run->out);
  report = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (report, "passed"));
  g_assert_cmpint (json_object_get_int_member (report, "warnings"), ==, 1);
  g_assert_nonnull (find_finding (json_object_get_array_member (report, "findings"),
                                  "item-length"));
}

static void
test_check_invalid_entry (void)
{
  g_autofree char *path = data_path ("cli-entry-invalid.json");
  g_autoptr(CliRun) run = run_cli ("check", path, "--profile", "mot-2021");
  g_autoptr(CliRun) broken = run_cli_input ("{\"name\": ", "check", "-", "--profile", "mot-2021");
  g_autoptr(CliRun) missing = run_cli ("check", "/nonexistent/entry.json", "--profile", "mot-2021");

  assert_exit (run, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "cli-entry-invalid.json is not a valid catalogue entry"));
  g_assert_nonnull (strstr (run->err, "colour"));

  assert_exit (broken, 2);
  g_assert_nonnull (strstr (broken->err, "standard input is not a valid catalogue entry"));

  assert_exit (missing, 2);
  g_assert_nonnull (strstr (missing->err, "/nonexistent/entry.json"));
}

/* --- validate ------------------------------------------------------------ */

typedef struct {
  const char *kind;
  const char *value;
  gboolean    valid;
} ValidateCase;

static const ValidateCase validate_cases[] = {
  { "uscc", SD_TEST_USCC_PROVIDER, TRUE },
  { "uscc", SD_TEST_USCC_OTHER, TRUE },
  { "uscc", "91110000600037341X", FALSE },
  { "uscc", "9111000060003734", FALSE },
  { "ric", "11010519491231002X", TRUE },
  { "ric", "110105194912310021", FALSE },
  { "resource-code", "3070211760000002004006/000033", TRUE },
  { "resource-code", "30702/000000", FALSE },
  { "resource-code", "30702-000001", FALSE },
};

static void
test_validate (gconstpointer data)
{
  const ValidateCase *validate = data;
  g_autoptr(CliRun) run = run_cli ("validate", validate->kind, validate->value);
  g_autofree char *prefix = g_strdup_printf ("%s: ", validate->value);

  assert_exit (run, validate->valid ? 0 : 1);
  g_assert_true (g_str_has_prefix (run->out, prefix));
  /* One line per value. */
  g_assert_true (strchr (run->out, '\n') == run->out + strlen (run->out) - 1);
  if (validate->valid)
    g_assert_cmpstr (run->out + strlen (prefix), ==, "valid\n");
  else
    g_assert_cmpuint (strlen (run->out), >, strlen (prefix) + 10);
}

static void
test_validate_many_json (void)
{
  g_autoptr(CliRun) run = run_cli ("validate", "uscc", SD_TEST_USCC_PROVIDER, "ABC", "--json");
  g_autoptr(CliRun) all_valid = run_cli ("validate", "--json", "uscc",
                                         SD_TEST_USCC_PROVIDER, SD_TEST_USCC_CONSUMER);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  JsonObject *good, *bad;

  assert_exit (run, 1);
  root = parse_json (run->out);
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  good = json_array_get_object_element (results, 0);
  bad = json_array_get_object_element (results, 1);
  g_assert_cmpstr (json_object_get_string_member (good, "value"), ==, SD_TEST_USCC_PROVIDER);
  g_assert_true (json_object_get_boolean_member (good, "valid"));
  g_assert_true (json_object_get_null_member (good, "reason"));
  g_assert_cmpstr (json_object_get_string_member (bad, "value"), ==, "ABC");
  g_assert_false (json_object_get_boolean_member (bad, "valid"));
  g_assert_nonnull (strstr (json_object_get_string_member (bad, "reason"), "18"));

  assert_exit (all_valid, 0);
}

/* --- working days and the calendar -------------------------------------- */

typedef struct {
  const char *start;
  const char *n;
  const char *expected;
} AddCase;

static const AddCase add_cases[] = {
  { "2026-09-30", "3", "2026-10-10" },   /* National Day week, then the Saturday worked */
  { "2026-01-09", "3", "2026-01-14" },   /* a Friday: 3 working days end on Wednesday */
  { "2026-02-13", "1", "2026-02-14" },   /* the Saturday before Spring Festival is worked */
  { "2026-02-14", "1", "2026-02-24" },   /* then nine days off */
  { "2026-03-02", "0", "2026-03-02" },
  { "2025-12-31", "1", "2026-01-04" },   /* across the year, to the Sunday worked after New Year */
};

static void
test_workdays_add (gconstpointer data)
{
  const AddCase *add = data;
  g_autoptr(CliRun) run = run_cli ("workdays", "add", add->start, add->n);
  g_autoptr(CliRun) json = run_cli ("workdays", "add", add->start, add->n, "--json");
  g_autofree char *date_line = g_strdup_printf ("Date:      %s\n", add->expected);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;

  assert_exit (run, 0);
  g_assert_true (g_str_has_prefix (run->out, date_line));
  g_assert_nonnull (strstr (run->out, "(cn-mainland)"));
  g_assert_null (strstr (run->out, "Profile:"));

  assert_exit (json, 0);
  root = parse_json (json->out);
  result = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (result, "start"), ==, add->start);
  g_assert_cmpstr (json_object_get_string_member (result, "date"), ==, add->expected);
  g_assert_cmpint (json_object_get_int_member (result, "working_days"), ==,
                   g_ascii_strtoll (add->n, NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (result, "calendar"), ==, "cn-mainland");
  g_assert_true (json_object_get_null_member (result, "profile"));
}

static void
test_workdays_add_profile (void)
{
  g_autoptr(CliRun) run = run_cli ("workdays", "add", "2026-09-30", "3", "--profile", "mot-2021");
  g_autoptr(CliRun) json = run_cli ("--json", "workdays", "add", "--profile=panjin-2016",
                                    "2026-09-30", "3");
  g_autoptr(JsonNode) root = NULL;

  assert_exit (run, 0);
  g_assert_true (g_str_has_prefix (run->out, "Date:      2026-10-10\n"));
  g_assert_nonnull (strstr (run->out, "Calendar:  Mainland China official working days (cn-mainland)\n"));
  g_assert_nonnull (strstr (run->out, "Profile:   mot-2021 — "));

  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "profile"),
                   ==, "panjin-2016");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "date"),
                   ==, "2026-10-10");
}

static void
test_workdays_between (void)
{
  g_autoptr(CliRun) run = run_cli ("workdays", "between", "2026-02-13", "2026-02-27");
  g_autoptr(CliRun) json = run_cli ("workdays", "between", "2026-02-27", "2026-02-13", "--json");
  g_autoptr(CliRun) same = run_cli ("workdays", "between", "2026-02-27", "2026-02-27", "--json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) same_root = NULL;

  assert_exit (run, 0);
  /* (02-13, 02-27]: the worked Saturday 02-14, then 02-24 to 02-27 */
  g_assert_true (g_str_has_prefix (run->out, "Working days:  5\n"
                                             "Period:        after 2026-02-13, up to and including 2026-02-27\n"));
  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "working_days"), ==, -5);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "from"),
                   ==, "2026-02-27");
  same_root = parse_json (same->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (same_root), "working_days"),
                   ==, 0);
}

static const char year_2027[] =
  "{\n"
  "  \"year\": 2027,\n"
  "  \"source\": \"Test notice for 2027\",\n"
  "  \"holidays\": [\"2027-01-01\", \"2027-10-01\", \"2027-10-04\"],\n"
  "  \"workdays\": [\"2027-09-26\"]\n"
  "}\n";

static char *
write_temp_file (const char *name,
                 const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
imported_path (int year)
{
  g_autofree char *name = g_strdup_printf ("%d.json", year);

  return g_build_filename (g_get_user_data_dir (), "sharedesk", "holidays", name, NULL);
}

static void
assert_years (gboolean with_2027)
{
  g_autoptr(CliRun) run = run_cli ("calendar", "years", "--json");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *years;

  assert_exit (run, 0);
  root = parse_json (run->out);
  years = json_object_get_array_member (json_node_get_object (root), "years");
  g_assert_cmpuint (json_array_get_length (years), ==, with_2027 ? 4 : 3);
  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      JsonObject *year = json_array_get_object_element (years, i);

      g_assert_cmpint (json_object_get_int_member (year, "year"), ==, 2024 + i);
      g_assert_cmpuint (strlen (json_object_get_string_member (year, "source")), >, 0);
      g_assert_cmpint (json_object_get_boolean_member (year, "imported"), ==, 2024 + i == 2027);
    }
}

static void
test_calendar_years (void)
{
  g_autoptr(CliRun) run = run_cli ("calendar", "years");

  assert_exit (run, 0);
  g_assert_true (g_regex_match_simple ("(?m)^  2026  built in — .*2026", run->out, 0, 0));
  g_assert_nonnull (strstr (run->out, g_get_user_data_dir ()));
  assert_years (FALSE);
}

static void
test_calendar_import (void)
{
  g_autofree char *file = write_temp_file ("notice-2027.json", year_2027);
  g_autofree char *dest = imported_path (2027);
  g_autoptr(CliRun) uncovered = run_cli ("workdays", "add", "2026-12-30", "5");
  g_autoptr(CliRun) import = NULL;
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) covered = NULL;
  g_autoptr(CliRun) years = NULL;
  g_autoptr(JsonNode) root = NULL;

  assert_exit (uncovered, 1);
  g_assert_cmpstr (uncovered->out, ==, "");
  g_assert_nonnull (strstr (uncovered->err, "does not cover 2027; it covers 2024, 2025, 2026"));
  g_assert_nonnull (strstr (uncovered->err, "sharedesk-cli calendar import 2027.json"));

  import = run_cli ("calendar", "import", file);
  assert_exit (import, 0);
  g_assert_true (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (import->out, "Imported year:  2027\n"));
  g_assert_nonnull (strstr (import->out, dest));

  /* 12-31, then 2027-01-04 to 01-07 (01-01 is a holiday) */
  covered = run_cli ("workdays", "add", "2026-12-30", "5", "--json");
  assert_exit (covered, 0);
  root = parse_json (covered->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "date"),
                   ==, "2027-01-07");
  assert_years (TRUE);
  years = run_cli ("calendar", "years");
  g_assert_true (g_regex_match_simple ("(?m)^  2027  imported — Test notice for 2027$",
                                       years->out, 0, 0));

  again = run_cli ("calendar", "import", file, "--json");
  assert_exit (again, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (again->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "year"), ==, 2027);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "replaced"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"), ==, dest);
}

typedef struct {
  const char *name;
  const char *contents;   /* NULL: the file does not exist */
  int         status;
  const char *reason;
} RefusedCase;

static const RefusedCase refused_cases[] = {
  { "wrong-year.json",
    "{\"year\": 2028, \"source\": \"x\", \"holidays\": [\"2027-01-01\"], \"workdays\": []}",
    1, "2027-01-01" },
  { "weekday-workday.json",
    "{\"year\": 2028, \"source\": \"x\", \"holidays\": [], \"workdays\": [\"2028-01-05\"]}",
    1, "2028-01-05" },
  { "unknown-member.json",
    "{\"year\": 2028, \"source\": \"x\", \"holidays\": [], \"workdays\": [], \"note\": 1}",
    1, "note" },
  { "syntax.json", "{\"year\": 2028,", 1, "syntax.json" },
  { "absent.json", NULL, 2, "absent.json" },
};

static void
test_calendar_import_refused (gconstpointer data)
{
  const RefusedCase *refused = data;
  g_autofree char *file = NULL;
  g_autofree char *dest = imported_path (2028);
  g_autoptr(CliRun) run = NULL;

  if (refused->contents != NULL)
    file = write_temp_file (refused->name, refused->contents);
  else
    file = g_build_filename (g_get_user_cache_dir (), refused->name, NULL);
  run = run_cli ("calendar", "import", file);

  assert_exit (run, refused->status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "is not imported: "));
  g_assert_nonnull (strstr (run->err, refused->reason));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  assert_years (FALSE);
}

/* --- Chinese ------------------------------------------------------------- */

static void
test_chinese (void)
{
  g_autoptr(CliRun) valid = run_cli_zh ("validate", "uscc", SD_TEST_USCC_OTHER, "ABC");
  g_autoptr(CliRun) profiles = run_cli_zh ("profiles");
  g_autoptr(CliRun) add = run_cli_zh ("workdays", "add", "2026-09-30", "3", "--profile", "mot-2021");
  g_autoptr(CliRun) usage = run_cli_zh ("frobnicate");
  g_autofree char *valid_line = g_strdup_printf ("%s：有效\n", SD_TEST_USCC_OTHER);
  g_autofree char *conditional = NULL;

  assert_exit (valid, 1);
  g_assert_true (g_str_has_prefix (valid->out, valid_line));
  g_assert_nonnull (strstr (valid->out, "ABC："));

  assert_exit (profiles, 0);
  g_assert_nonnull (strstr (profiles->out, "共享类型："));
  conditional = find_line (profiles->out, "有条件共享");
  g_assert_nonnull (conditional);
  g_assert_true (g_regex_match_simple ("3 个工作日 → .*7 个工作日 \\(mot-2021 第12条\\)$",
                                       conditional, 0, 0));
  g_assert_nonnull (strstr (profiles->out, "(state-council-2016 第8条)"));
  g_assert_null (strstr (profiles->out, "working days"));

  assert_exit (add, 0);
  g_assert_nonnull (strstr (add->out, "2026-10-10"));
  g_assert_nonnull (strstr (add->out, "个工作日"));

  assert_exit (usage, 2);
  g_assert_nonnull (strstr (usage->err, "“frobnicate”"));
  g_assert_null (strstr (usage->err, "Unknown command"));
}

static void
add_data_tests (const char *prefix,
                const void *cases,
                gsize       n_cases,
                gsize       size,
                GTestDataFunc func,
                const char *(*name_of) (const void *))
{
  for (gsize i = 0; i < n_cases; i++)
    {
      const void *data = (const char *) cases + i * size;
      g_autofree char *path = g_strdup_printf ("%s/%" G_GSIZE_FORMAT "-%s", prefix, i, name_of (data));

      g_test_add_data_func (path, data, func);
    }
}

static const char *
usage_name (const void *data)
{
  const UsageCase *usage = data;

  return usage->args[0] != NULL ? usage->args[0] : "none";
}

static const char *
show_name (const void *data)
{
  return ((const ShowCase *) data)->id;
}

static const char *
check_name (const void *data)
{
  return ((const CheckCase *) data)->profile;
}

static const char *
validate_name (const void *data)
{
  return ((const ValidateCase *) data)->kind;
}

static const char *
add_name (const void *data)
{
  return ((const AddCase *) data)->start;
}

static const char *
refused_name (const void *data)
{
  return ((const RefusedCase *) data)->name;
}

#define ADD_TESTS(prefix, cases, func, name_of) \
  add_data_tests (prefix, cases, G_N_ELEMENTS (cases), sizeof (cases[0]), func, name_of)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/version", test_version);
  ADD_TESTS ("/cli/usage-error", usage_cases, test_usage_error, usage_name);
  g_test_add_func ("/cli/profiles", test_profiles);
  g_test_add_func ("/cli/profiles/json", test_profiles_json);
  ADD_TESTS ("/cli/profile-show", show_cases, test_profile_show, show_name);
  ADD_TESTS ("/cli/check", check_cases, test_check, check_name);
  g_test_add_func ("/cli/check/stdin", test_check_stdin);
  g_test_add_func ("/cli/check/json", test_check_json);
  g_test_add_func ("/cli/check/json-passes", test_check_json_passes);
  g_test_add_func ("/cli/check/invalid-entry", test_check_invalid_entry);
  ADD_TESTS ("/cli/validate", validate_cases, test_validate, validate_name);
  g_test_add_func ("/cli/validate/many-json", test_validate_many_json);
  ADD_TESTS ("/cli/workdays/add", add_cases, test_workdays_add, add_name);
  g_test_add_func ("/cli/workdays/add-profile", test_workdays_add_profile);
  g_test_add_func ("/cli/workdays/between", test_workdays_between);
  g_test_add_func ("/cli/calendar/years", test_calendar_years);
  g_test_add_func ("/cli/calendar/import", test_calendar_import);
  ADD_TESTS ("/cli/calendar/import-refused", refused_cases, test_calendar_import_refused,
             refused_name);
  g_test_add_func ("/cli/i18n/chinese", test_chinese);

  return g_test_run ();
}
