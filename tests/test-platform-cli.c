/* test-platform-cli.c — runs the built sharedesk-platform (path in
 * $SHAREDESK_PLATFORM): init, department add, user add, calendar import,
 * audit verify (intact, then after tampering with the file directly), and
 * serve, logged into over HTTPS and stopped with SIGTERM. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "sd-platform-test-utils.h"

#define PASSWORD "platform-admin-password"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static GPtrArray *
platform_argv (const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *program = g_getenv ("SHAREDESK_PLATFORM");

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* G_TEST_OPTION_ISOLATE_DIRS gives this process per-test directories but
 * leaves HOME and XDG_* at /dev/null in the environment: hand the child the
 * test's own. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  return launcher;
}

/* Runs the platform with @args, feeding @input (may be NULL) on stdin. */
static Run *
run_argv (const char         *input,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = platform_argv (args);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                         G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  return run;
}

#define run(...) run_argv (NULL, (const char * const []) { __VA_ARGS__, NULL })
#define run_input(input, ...) run_argv (input, (const char * const []) { __VA_ARGS__, NULL })

static void
assert_run (Run        *result,
            int         status,
            const char *out_part,
            const char *err_part)
{
  g_assert_cmpint (result->status, ==, status);
  if (out_part != NULL)
    g_assert_nonnull (strstr (result->out, out_part));
  if (err_part != NULL)
    g_assert_nonnull (strstr (result->err, err_part));
  if (status != 0)
    g_assert_true (g_str_has_prefix (result->err, "sharedesk-platform"));
}

/* A file in the test's own directory (removed after the test). */
static char *
test_file (const char *name)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static char *
write_test_file (const char *name,
                 const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = test_file (name);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A platform database set up for @profile_id with the admin "root". */
static char *
init_platform (const char *profile_id)
{
  g_autofree char *password_file = write_test_file ("password", PASSWORD "\n");
  char *db = test_file ("platform.db");
  g_autoptr(Run) init = run ("init", "--db", db, "--profile", profile_id, "--admin", "root",
                             "--password-file", password_file);

  assert_run (init, 0, "root", NULL);
  return db;
}

/* --- help and usage ------------------------------------------------------- */

static void
test_help (void)
{
  g_autoptr(Run) help = run ("--help");
  g_autoptr(Run) init_help = run ("init", "--help");
  g_autoptr(Run) user_help = run ("user", "add", "--help");
  const char *commands[] = { "init --db PATH --profile ID", "serve --db PATH --listen ADDR:PORT",
                             "department add", "user add", "calendar import", "audit verify",
                             "demo --db PATH --profile ID", "mot-2021", "Exit status:" };

  assert_run (help, 0, "Usage: sharedesk-platform COMMAND", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (help->out, commands[i]));
  assert_run (init_help, 0, "--password-file", NULL);
  g_assert_nonnull (strstr (init_help->out, "sharedesk-platform init"));
  assert_run (user_help, 0, "--roles", NULL);
}

typedef struct {
  const char *args[10];
  const char *message;
} UsageCase;

static const UsageCase usage_cases[] = {
  { { NULL }, "No command given." },
  { { "frobnicate" }, "Unknown command “frobnicate”." },
  { { "user" }, "The command “user” needs the subcommand “add”." },
  { { "demo", "--db", "x.db" }, "The option “--profile ID” is required." },
  { { "init", "--profile", "mot-2021" }, "The option “--db PATH” is required." },
  { { "init", "--db", "x.db" }, "The option “--profile ID” is required." },
  { { "init", "--db", "x.db", "--profile", "nope" }, "There is no policy profile “nope”" },
  { { "init", "--db", "x.db", "--profile", "mot-2021", "--admin", "Root User" }, "“Root User”" },
  { { "init", "--db", "x.db", "--profile", "mot-2021", "--frobnicate" }, "--frobnicate" },
  { { "init", "--db", "x.db", "--profile", "mot-2021", "extra" }, "Unexpected argument “extra”." },
  { { "audit", "verify" }, "The option “--db PATH” is required." },
  { { "calendar", "import", "--db", "x.db" }, "Give one calendar file" },
  { { "serve", "--db", "x.db", "--listen", "localhost:8443", "--tls-cert", "c", "--tls-key", "k" },
    "“localhost:8443” is not ADDR:PORT" },
  { { "serve", "--db", "x.db", "--listen", "127.0.0.1:99999", "--tls-cert", "c", "--tls-key", "k" },
    "“127.0.0.1:99999” is not ADDR:PORT" },
  { { "serve", "--db", "x.db", "--listen", "127.0.0.1:8443", "--tls-cert", "c" },
    "The option “--tls-key PEM” is required." },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;
  g_autoptr(Run) result = run_argv (NULL, usage->args);

  assert_run (result, 2, NULL, usage->message);
  g_assert_cmpstr (result->out, ==, "");
  /* Nothing was created on the way. */
  g_assert_false (g_file_test ("x.db", G_FILE_TEST_EXISTS));
}

/* --- init ------------------------------------------------------------------- */

static void
test_init (void)
{
  g_autofree char *db = init_platform ("mot-2021");
  g_autofree char *password_file = write_test_file ("password", PASSWORD "\n");
  g_autoptr(Run) again = run ("init", "--db", db, "--profile", "panjin-2016", "--password-file", password_file);
  g_autoptr(Run) verify = run ("audit", "verify", "--db", db);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_id = NULL;

  /* A platform runs one profile for its whole life. */
  assert_run (again, 1, NULL, "set up already, for the profile mot-2021");
  /* platform.init and user.create */
  assert_run (verify, 0, "audit log intact: 2 rows", NULL);

  storage = sd_storage_open (db, &error);
  g_assert_no_error (error);
  profile_id = sd_storage_get_profile_id (storage, &error);
  g_assert_cmpstr (profile_id, ==, "mot-2021");
  root = sd_storage_get_user (storage, "root", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (root->roles, ==, SD_ROLE_MASK (SD_ROLE_ADMIN));
  g_assert_null (root->department_uscc);
  g_assert_true (g_str_has_prefix (root->password_hash, "$argon2id$"));
}

static void
test_init_password_stdin (void)
{
  g_autofree char *db = test_file ("stdin.db");
  /* Not a terminal: one line of standard input. */
  g_autoptr(Run) init = run_input (PASSWORD "\n", "init", "--db", db, "--profile", "state-council-2016");
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) admin = NULL;
  g_autoptr(GError) error = NULL;

  assert_run (init, 0, "state-council-2016", NULL);
  storage = sd_storage_open (db, &error);
  g_assert_no_error (error);
  /* The default administrator's name. */
  admin = sd_storage_get_user (storage, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (admin->roles, ==, SD_ROLE_MASK (SD_ROLE_ADMIN));
}

static void
test_init_weak_password (void)
{
  g_autofree char *db = test_file ("weak.db");
  g_autofree char *weak = write_test_file ("weak", "short\n");
  g_autofree char *empty = write_test_file ("empty", "");
  g_autofree char *missing = test_file ("no-such-file");
  g_autoptr(Run) from_file = run ("init", "--db", db, "--profile", "mot-2021", "--password-file", weak);
  g_autoptr(Run) from_empty = run ("init", "--db", db, "--profile", "mot-2021", "--password-file", empty);
  g_autoptr(Run) from_stdin = run_input ("eleven-char\n", "init", "--db", db, "--profile", "mot-2021");
  g_autoptr(Run) no_stdin = run_input ("", "init", "--db", db, "--profile", "mot-2021");
  g_autoptr(Run) no_file = run ("init", "--db", db, "--profile", "mot-2021", "--password-file", missing);

  assert_run (from_file, 1, NULL, "The password has 5 characters; it needs at least 12.");
  assert_run (from_empty, 1, NULL, "it needs at least 12");
  assert_run (from_stdin, 1, NULL, "The password has 11 characters");
  assert_run (no_stdin, 1, NULL, "No password on standard input.");
  assert_run (no_file, 1, NULL, "The password file cannot be read");
  /* A refused password leaves no half-made platform behind. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* --- departments and users ------------------------------------------------ */

static void
test_department_add (void)
{
  g_autofree char *db = init_platform ("mot-2021");
  g_autofree char *missing_db = test_file ("missing.db");
  g_autoptr(Run) added = run ("department", "add", "--db", db, "--uscc", SD_TEST_USCC_PROVIDER,
                              "--name", "交通运输部科技司", "--responsible", "张司长", "--contact", "010-65292114");
  g_autoptr(Run) duplicate = run ("department", "add", "--db", db, "--uscc", SD_TEST_USCC_PROVIDER,
                                  "--name", "重复", "--responsible", "李", "--contact", "1");
  g_autoptr(Run) bad_uscc = run ("department", "add", "--db", db, "--uscc", "11100000000013127A",
                                 "--name", "局", "--responsible", "李", "--contact", "1");
  g_autoptr(Run) no_responsible = run ("department", "add", "--db", db, "--uscc", SD_TEST_USCC_CONSUMER,
                                       "--name", "局", "--contact", "1");
  g_autoptr(Run) no_db = run ("department", "add", "--db", missing_db, "--uscc", SD_TEST_USCC_CONSUMER,
                              "--name", "局", "--responsible", "李", "--contact", "1");
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(GError) error = NULL;

  assert_run (added, 0, SD_TEST_USCC_PROVIDER, NULL);
  assert_run (duplicate, 1, NULL, "exists already");
  assert_run (bad_uscc, 1, NULL, "“11100000000013127A” is not valid");
  assert_run (no_responsible, 1, NULL, "mot-2021 art. 22");
  assert_run (no_db, 1, NULL, "does not exist");
  /* Only init creates a database. */
  g_assert_false (g_file_test (missing_db, G_FILE_TEST_EXISTS));

  storage = sd_storage_open (db, &error);
  g_assert_no_error (error);
  department = sd_storage_get_department (storage, SD_TEST_USCC_PROVIDER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (department->name, ==, "交通运输部科技司");
  g_assert_cmpstr (department->responsible_person, ==, "张司长");
  g_assert_cmpstr (department->contact, ==, "010-65292114");
}

static void
test_user_add (void)
{
  g_autofree char *db = init_platform ("panjin-2016");
  g_autofree char *password_file = write_test_file ("user-password", "user-password-123\n");
  g_autofree char *weak_file = write_test_file ("weak", "short\n");
  g_autoptr(Run) department = run ("department", "add", "--db", db, "--uscc", SD_TEST_USCC_CONSUMER,
                                   "--name", "市公安局", "--responsible", "刘局长", "--contact", "0427-110");
  g_autoptr(Run) added = run ("user", "add", "--db", db, "--username", "liu.yi", "--name", "刘一",
                              "--department", SD_TEST_USCC_CONSUMER, "--roles", "provider, consumer",
                              "--password-file", password_file);
  g_autoptr(Run) staff = run_input ("support-password-1\n", "user", "add", "--db", db, "--username", "center",
                                    "--name", "大数据管理中心", "--roles", "support");
  g_autoptr(Run) duplicate = run ("user", "add", "--db", db, "--username", "liu.yi", "--name", "刘一",
                                  "--department", SD_TEST_USCC_CONSUMER, "--roles", "consumer",
                                  "--password-file", password_file);
  g_autoptr(Run) no_department = run ("user", "add", "--db", db, "--username", "chen", "--name", "陈",
                                      "--roles", "provider", "--password-file", password_file);
  g_autoptr(Run) unknown_department = run ("user", "add", "--db", db, "--username", "chen", "--name", "陈",
                                           "--department", SD_TEST_USCC_OTHER, "--roles", "consumer",
                                           "--password-file", password_file);
  g_autoptr(Run) bad_role = run ("user", "add", "--db", db, "--username", "chen", "--name", "陈",
                                 "--roles", "support,janitor", "--password-file", password_file);
  g_autoptr(Run) weak = run ("user", "add", "--db", db, "--username", "chen", "--name", "陈",
                             "--roles", "support", "--password-file", weak_file);
  g_autoptr(Run) no_roles = run ("user", "add", "--db", db, "--username", "chen", "--name", "陈");
  g_autoptr(Run) verify = run ("audit", "verify", "--db", db);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) user = NULL;
  g_autoptr(SdUser) chen = NULL;
  g_autoptr(GError) error = NULL;

  assert_run (department, 0, NULL, NULL);
  assert_run (added, 0, "liu.yi", NULL);
  assert_run (staff, 0, "center", NULL);
  assert_run (duplicate, 1, NULL, "“liu.yi” exists already");
  assert_run (no_department, 1, NULL, "act for a department");
  assert_run (unknown_department, 1, NULL, SD_TEST_USCC_OTHER);
  assert_run (bad_role, 1, NULL, "“janitor” is not a role");
  assert_run (weak, 1, NULL, "at least 12");
  assert_run (no_roles, 2, NULL, "--roles");
  /* init (2 rows), the department, two users. */
  assert_run (verify, 0, "audit log intact: 5 rows", NULL);

  storage = sd_storage_open (db, &error);
  g_assert_no_error (error);
  user = sd_storage_get_user (storage, "liu.yi", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->display_name, ==, "刘一");
  g_assert_cmpstr (user->department_uscc, ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpuint (user->roles, ==, SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER));
  chen = sd_storage_get_user (storage, "chen", &error);
  g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
}

/* --- calendar ------------------------------------------------------------- */

#define YEAR_2027 \
  "{\"year\": 2027, \"source\": \"Test notice for 2027\"," \
  " \"holidays\": [\"2027-01-01\", \"2027-02-05\", \"2027-02-08\"]," \
  " \"workdays\": [\"2027-02-13\"]}"

static void
test_calendar_import (void)
{
  g_autofree char *db = init_platform ("mot-2021");
  g_autofree char *valid = write_test_file ("2027.json", YEAR_2027);
  /* 2027-02-15 is a Monday: a working day cannot be "moved" onto it. */
  g_autofree char *monday = write_test_file ("monday.json",
                                             "{\"year\": 2027, \"source\": \"x\", \"holidays\": [],"
                                             " \"workdays\": [\"2027-02-15\"]}");
  g_autofree char *not_json = write_test_file ("broken.json", "{\"year\": 2027,");
  g_autofree char *missing = test_file ("2099.json");
  g_autoptr(Run) imported = run ("calendar", "import", "--db", db, valid);
  g_autoptr(Run) bad_day = run ("calendar", "import", "--db", db, monday);
  g_autoptr(Run) broken = run ("calendar", "import", "--db", db, not_json);
  g_autoptr(Run) no_file = run ("calendar", "import", "--db", db, missing);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GHashTable) years = NULL;
  g_autoptr(GError) error = NULL;

  assert_run (imported, 0, "2027", NULL);
  assert_run (bad_day, 1, NULL, "monday.json is not a valid calendar year");
  assert_run (broken, 1, NULL, "broken.json is not a valid calendar year");
  assert_run (no_file, 1, NULL, "2099.json");

  storage = sd_storage_open (db, &error);
  g_assert_no_error (error);
  years = sd_storage_list_calendar_years (storage, &error);
  g_assert_no_error (error);
  /* Only the valid year went in, as given. */
  g_assert_cmpuint (g_hash_table_size (years), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (years, GINT_TO_POINTER (2027)), ==, YEAR_2027);
}

/* --- audit verify ---------------------------------------------------------- */

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_audit_tampering (void)
{
  g_autofree char *db_path = init_platform ("mot-2021");
  g_autoptr(Run) department = run ("department", "add", "--db", db_path, "--uscc", SD_TEST_USCC_PROVIDER,
                                   "--name", "科技司", "--responsible", "张", "--contact", "1");
  g_autoptr(Run) intact = run ("audit", "verify", "--db", db_path);
  g_autoptr(Run) broken = NULL;
  sqlite3 *db = NULL;
  int rc;

  assert_run (department, 0, NULL, NULL);
  assert_run (intact, 0, "audit log intact: 3 rows", NULL);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  /* The log refuses changes while its triggers stand... */
  rc = sqlite3_exec (db, "UPDATE audit SET actor = 'mallory' WHERE id = 2", NULL, NULL, NULL);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  /* ...so someone with the file drops them and rewrites a row. */
  exec_sql (db, "DROP TRIGGER audit_no_update");
  exec_sql (db, "UPDATE audit SET actor = 'mallory' WHERE id = 2");
  sqlite3_close (db);

  broken = run ("audit", "verify", "--db", db_path);
  assert_run (broken, 1, NULL, "row 2");
  g_assert_cmpstr (broken->out, ==, "");
}

/* --- serve ------------------------------------------------------------------ */

static char *
cert_path (const char *name)
{
  const char *dir = g_getenv ("SHAREDESK_TEST_CERTS");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static JsonObject *
send_json (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           const char  *body,
           guint        expected_status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), g_bytes_get_size (response), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
array_has_int (JsonArray *array,
               gint64     value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_array_get_int_element (array, i) == value)
      return TRUE;
  return FALSE;
}

static void
test_serve (void)
{
  g_autofree char *db = init_platform ("state-council-2016");
  g_autofree char *year = write_test_file ("2027.json", YEAR_2027);
  g_autoptr(Run) imported = run ("calendar", "import", "--db", db, year);
  g_autofree char *cert = cert_path ("server.pem");
  g_autofree char *key = cert_path ("server-key.pem");
  g_autoptr(GPtrArray) argv = platform_argv ((const char * const []) {
    "serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, NULL });
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = sd_test_platform_session_new ("ca.pem");
  g_autoptr(JsonObject) login = NULL;
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *session_url = NULL;
  g_autofree char *profile_url = NULL;
  g_autoptr(GRegex) pattern = g_regex_new ("^listening on (https://127\\.0\\.0\\.1:([0-9]+)/)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *base = NULL;
  g_autofree char *port = NULL;
  JsonObject *calendar;

  assert_run (imported, 0, NULL, NULL);
  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("%s", line);
  g_assert_true (g_regex_match (pattern, line, 0, &match));
  base = g_match_info_fetch (match, 1);
  port = g_match_info_fetch (match, 2);
  /* Port 0 asked the system for a free one. */
  g_assert_cmpstr (port, !=, "0");

  session_url = g_strconcat (base, "api/v1/session", NULL);
  login = send_json (session, "POST", session_url, NULL,
                     "{\"username\": \"root\", \"password\": \"" PASSWORD "\"}", 201);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (login, "user"), "username"),
                   ==, "root");
  profile_url = g_strconcat (base, "api/v1/profile", NULL);
  profile = send_json (session, "GET", profile_url, json_object_get_string_member (login, "token"), NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (profile, "profile"), "id"),
                   ==, "state-council-2016");
  /* The imported year is part of the platform's calendar. */
  calendar = json_object_get_object_member (profile, "calendar");
  g_assert_true (array_has_int (json_object_get_array_member (calendar, "covered"), 2027));
  g_assert_true (array_has_int (json_object_get_array_member (calendar, "covered"), 2025));

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 0);
}

static void
test_serve_errors (void)
{
  g_autofree char *db = init_platform ("mot-2021");
  g_autofree char *cert = cert_path ("server.pem");
  g_autofree char *key = cert_path ("server-key.pem");
  g_autofree char *no_key = cert_path ("no-such-key.pem");
  g_autofree char *missing_db = test_file ("missing.db");
  g_autoptr(Run) bad_key = run ("serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                                "--tls-key", no_key);
  g_autoptr(Run) no_db = run ("serve", "--db", missing_db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                              "--tls-key", key);

  assert_run (bad_key, 1, NULL, "The TLS certificate or its key cannot be loaded");
  assert_run (no_db, 1, NULL, "does not exist");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/platform/cli/help", test_help);
  for (gsize i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/cli/usage/%zu", i);

      g_test_add_data_func (path, &usage_cases[i], test_usage_error);
    }
  g_test_add_func ("/platform/cli/init", test_init);
  g_test_add_func ("/platform/cli/init/password-stdin", test_init_password_stdin);
  g_test_add_func ("/platform/cli/init/weak-password", test_init_weak_password);
  g_test_add_func ("/platform/cli/department-add", test_department_add);
  g_test_add_func ("/platform/cli/user-add", test_user_add);
  g_test_add_func ("/platform/cli/calendar-import", test_calendar_import);
  g_test_add_func ("/platform/cli/audit-tampering", test_audit_tampering);
  g_test_add_func ("/platform/cli/serve", test_serve);
  g_test_add_func ("/platform/cli/serve-errors", test_serve_errors);
  return g_test_run ();
}
