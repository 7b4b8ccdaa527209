/* test-platform-demo.c — runs the built `sharedesk-platform demo` (path in
 * $SHAREDESK_PLATFORM) for each profile and reads what it stored through
 * the storage API: departments with valid codes, users of every role,
 * 300+ catalogue entries that pass the compliance check when published,
 * cases in every state of the profile's machines, an intact audit log; a
 * second run is refused, and two runs make the same catalogue. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sd-auth.h"
#include "sd-compliance.h"
#include "sd-identifiers.h"
#include "sd-platform-test-utils.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"

#define DEMO_PASSWORD "sharedesk-demo"

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

static Run *
run_argv (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("SHAREDESK_PLATFORM");
  Run *run = g_new0 (Run, 1);

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  return run;
}

#define run(...) run_argv ((const char * const []) { __VA_ARGS__, NULL })

/* A file in the test's own directory (removed after the test). */
static char *
test_file (const char *name)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static SdStorage *
open_storage (const char *db)
{
  g_autoptr(GError) error = NULL;
  SdStorage *storage = sd_storage_open (db, &error);

  g_assert_no_error (error);
  return storage;
}

/* Every stored entry, by id (the storage numbers them from 1). */
static GPtrArray *
stored_entries (SdStorage *storage)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 1;; i++)
    {
      g_autofree char *id = g_strdup_printf ("entry-%06u", i);
      g_autoptr(GError) error = NULL;
      SdCatalogueEntry *entry = sd_storage_get_entry (storage, id, &error);

      if (entry == NULL)
        {
          g_assert_error (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_FOUND);
          return entries;
        }
      g_ptr_array_add (entries, entry);
    }
}

static char *
load_demo (const char *profile_id)
{
  g_autofree char *name = g_strdup_printf ("%s.db", profile_id);
  char *db = test_file (name);
  g_autoptr(Run) demo = run ("demo", "--db", db, "--profile", profile_id);

  g_assert_cmpint (demo->status, ==, 0);
  g_assert_nonnull (strstr (demo->out, DEMO_PASSWORD));
  g_assert_nonnull (strstr (demo->out, "supervisor"));
  return db;
}

/* --- checks --------------------------------------------------------------- */

static void
check_departments (SdStorage *storage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = sd_storage_list_departments (storage, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (departments->len, >=, 20);
  for (guint i = 0; i < departments->len; i++)
    {
      SdDepartment *department = g_ptr_array_index (departments, i);

      sd_identifier_validate_uscc (department->uscc, &error);
      g_assert_no_error (error);
      /* 机关 */
      g_assert_true (g_str_has_prefix (department->uscc, "11"));
      g_assert_cmpstr (department->responsible_person, !=, "");
      g_assert_cmpstr (department->contact, !=, "");
    }
}

static void
check_users (SdStorage *storage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = sd_storage_list_users (storage, &error);
  g_autoptr(SdUser) provider = NULL;
  guint roles = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    {
      SdUser *user = g_ptr_array_index (users, i);

      roles |= user->roles;
      if (user->roles & (SD_ROLE_MASK (SD_ROLE_PROVIDER) | SD_ROLE_MASK (SD_ROLE_CONSUMER)))
        g_assert_nonnull (user->department_uscc);
    }
  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    g_assert_true (roles & SD_ROLE_MASK (role));

  /* One hash for all: argon2id is slow on purpose. */
  provider = sd_storage_get_user (storage, "provider-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    {
      SdUser *user = g_ptr_array_index (users, i);

      if (!g_str_equal (user->username, "admin"))
        g_assert_cmpstr (user->password_hash, ==, provider->password_hash);
    }
}

static void
check_entry (SdPolicy         *policy,
             SdCatalogueEntry *entry,
             GHashTable       *resource_codes,
             guint            *published,
             gboolean         *categories)
{
  guint items = g_list_model_get_n_items (G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry)));
  const char *classification = sd_catalogue_entry_get_classification_code (entry);
  const char *resource_code = sd_catalogue_entry_get_resource_code (entry);
  g_autoptr(GPtrArray) findings = sd_compliance_check (policy, entry);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (items, >=, 3);
  g_assert_cmpuint (items, <=, 12);
  sd_identifier_validate_resource_code (resource_code, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_add (resource_codes, g_strdup (resource_code)));
  g_assert_true (classification[0] >= '1' && classification[0] <= '3');
  categories[classification[0] - '1'] = TRUE;

  if (sd_catalogue_entry_get_state (entry) == SD_ENTRY_STATE_PUBLISHED)
    {
      for (guint i = 0; i < findings->len; i++)
        {
          SdFinding *finding = g_ptr_array_index (findings, i);

          if (finding->severity == SD_SEVERITY_ERROR)
            g_test_message ("%s: %s", sd_catalogue_entry_get_name (entry), finding->message);
        }
      g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_ERROR), ==, 0);
      (*published)++;
    }
  else
    /* Drafts and submitted entries show what the checker finds. */
    g_assert_cmpuint (sd_compliance_count (findings, SD_SEVERITY_ERROR), >, 0);
}

static void
check_entries (SdStorage  *storage,
               SdPolicy   *policy)
{
  g_autoptr(GPtrArray) entries = stored_entries (storage);
  g_autoptr(GHashTable) resource_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean categories[3] = { FALSE, FALSE, FALSE };
  guint published = 0;

  g_assert_cmpuint (entries->len, >=, 300);
  for (guint i = 0; i < entries->len; i++)
    check_entry (policy, g_ptr_array_index (entries, i), resource_codes, &published, categories);
  g_assert_true (categories[0] && categories[1] && categories[2]);
  /* Most are published; some are not, for the review lists. */
  g_assert_cmpuint (published, >=, entries->len * 3 / 4);
  g_assert_cmpuint (published, <, entries->len);
}

static guint
count_cases (SdStorage  *storage,
             SdCaseKind  kind,
             const char *state)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  guint total = 0;

  query.state = state;
  cases = sd_storage_list_cases (storage, &query, &total, &error);
  g_assert_no_error (error);
  if (total == 0)
    g_test_message ("no %s in state %s", sd_case_kind_to_string (kind), state != NULL ? state : "any");
  return total;
}

static void
assert_states (SdStorage          *storage,
               SdCaseKind          kind,
               const char * const *states)
{
  for (gsize i = 0; states[i] != NULL; i++)
    g_assert_cmpuint (count_cases (storage, kind, states[i]), >, 0);
}

/* An application in review at every stage of every share type. */
static void
check_review_stages (SdStorage *storage,
                     SdPolicy  *policy)
{
  SdCaseQuery query = SD_CASE_QUERY_INIT (SD_CASE_APPLICATION);
  GPtrArray *share_types = sd_policy_get_share_types (policy);
  g_autoptr(GHashTable) stages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  query.state = "in-review";
  cases = sd_storage_list_cases (storage, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    {
      SdCaseRecord *record = g_ptr_array_index (cases, i);
      g_autoptr(JsonNode) node = json_from_string (record->json, &error);

      g_assert_no_error (error);
      g_hash_table_add (stages, g_strdup (json_object_get_string_member (json_node_get_object (node), "stage")));
      g_assert_cmpint (record->current_role, !=, SD_ROLE_INVALID);
    }
  for (guint i = 0; i < share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (share_types, i);

      for (guint s = 0; s < share_type->stages->len; s++)
        {
          const SdPolicyStage *stage = g_ptr_array_index (share_type->stages, s);

          g_test_message ("stage %s", stage->id);
          g_assert_true (g_hash_table_contains (stages, stage->id));
        }
    }
}

static void
check_applications (SdStorage *storage,
                    SdPolicy  *policy)
{
  const char * const common[] = {
    "in-review", "materials-requested", "authorised", "refused", "withdrawn", NULL
  };
  const char * const negotiated[] = { "negotiating", NULL };
  const char * const agreement[] = { "agreement-pending", NULL };

  assert_states (storage, SD_CASE_APPLICATION, common);
  if (sd_policy_get_negotiation_levels (policy)->len > 0)
    assert_states (storage, SD_CASE_APPLICATION, negotiated);
  if (sd_policy_get_provision (policy, "application.agreement") != NULL)
    assert_states (storage, SD_CASE_APPLICATION, agreement);
  else
    g_assert_cmpuint (count_cases (storage, SD_CASE_APPLICATION, "agreement-pending"), ==, 0);
  check_review_stages (storage, policy);
}

/* One authorisation per authorised application; some unused for three
 * months and more. */
static void
check_authorisations (SdStorage *storage)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) three_months_ago = g_date_time_add_months (now, -3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = sd_storage_list_authorisations (storage, NULL, NULL, FALSE, NULL, &error);
  g_autoptr(GPtrArray) unused = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, count_cases (storage, SD_CASE_APPLICATION, "authorised"));
  unused = sd_storage_list_authorisations (storage, NULL, NULL, TRUE, three_months_ago, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unused->len, >, 0);
}

/* Old cases left open have run past their due date. */
static void
check_overdue (SdStorage *storage)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint overdue = 0;

  for (SdCaseKind kind = SD_CASE_APPLICATION; kind <= SD_CASE_CHANGE_REGISTRATION; kind++)
    {
      SdCaseQuery query = SD_CASE_QUERY_INIT (kind);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cases = NULL;

      query.open_only = TRUE;
      cases = sd_storage_list_cases (storage, &query, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < cases->len; i++)
        {
          SdCaseRecord *record = g_ptr_array_index (cases, i);

          if (record->due_date != NULL && strcmp (record->due_date, today) < 0)
            overdue++;
        }
    }
  g_assert_cmpuint (overdue, >, 0);
}

static void
check_cases (SdStorage *storage,
             SdPolicy  *policy)
{
  const char * const objections[] = { "open", "answered", "closed", NULL };
  const char * const rectifications[] = {
    "awaiting-response", "under-review", "rectified", "escalated", NULL
  };
  const char * const registrations[] = { "registered", "effective", "withdrawn", NULL };

  check_applications (storage, policy);
  check_authorisations (storage);
  assert_states (storage, SD_CASE_OBJECTION, objections);
  assert_states (storage, SD_CASE_RECTIFICATION, rectifications);
  assert_states (storage, SD_CASE_CHANGE_REGISTRATION, registrations);
  check_overdue (storage);
}

static void
check_audit (SdStorage  *storage,
             const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sd_storage_audit_list (storage, 0, 1000, &error);
  g_autoptr(Run) verify = run ("audit", "verify", "--db", db);
  gboolean loaded = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      SdAuditRecord *record = g_ptr_array_index (rows, i);

      if (g_str_equal (record->action, "demo.load"))
        {
          loaded = TRUE;
          g_assert_nonnull (strstr (record->detail, "\"departments\""));
        }
    }
  g_assert_true (loaded);
  g_assert_cmpint (verify->status, ==, 0);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_demo_profile (gconstpointer data)
{
  const char *profile_id = data;
  g_autofree char *db = load_demo (profile_id);
  g_autoptr(SdStorage) storage = open_storage (db);
  g_autoptr(SdPolicy) policy = sd_policy_load_builtin (profile_id, NULL);
  g_autofree char *stored_profile = sd_storage_get_profile_id (storage, NULL);
  g_autoptr(Run) again = NULL;

  g_assert_cmpstr (stored_profile, ==, profile_id);
  check_departments (storage);
  check_users (storage);
  check_entries (storage, policy);
  check_cases (storage, policy);
  check_audit (storage, db);

  again = run ("demo", "--db", db, "--profile", profile_id);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "has departments already"));
}

static GStrv
entry_names (const char *db)
{
  g_autoptr(SdStorage) storage = open_storage (db);
  g_autoptr(GPtrArray) entries = stored_entries (storage);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      SdCatalogueEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *line = g_strconcat (sd_catalogue_entry_get_resource_code (entry), " ",
                                           sd_catalogue_entry_get_name (entry), " ",
                                           sd_entry_state_to_string (sd_catalogue_entry_get_state (entry)),
                                           NULL);

      g_strv_builder_add (names, line);
    }
  return g_strv_builder_end (names);
}

static void
check_default_password (const char *db)
{
  g_autoptr(SdStorage) storage = open_storage (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdUser) user = sd_storage_get_user (storage, "consumer-01", &error);

  g_assert_no_error (error);
  g_assert_true (sd_auth_verify_password (user->password_hash, DEMO_PASSWORD));
  g_assert_false (sd_auth_verify_password (user->password_hash, "not-the-demo-password"));
}

static void
test_deterministic (void)
{
  g_autofree char *first = test_file ("first.db");
  g_autofree char *second = test_file ("second.db");
  g_autoptr(Run) run_first = run ("demo", "--db", first, "--profile", "state-council-2016");
  g_autoptr(Run) run_second = run ("demo", "--db", second, "--profile", "state-council-2016");
  g_auto(GStrv) first_names = NULL;
  g_auto(GStrv) second_names = NULL;

  g_assert_cmpint (run_first->status, ==, 0);
  g_assert_cmpint (run_second->status, ==, 0);
  /* The same summary, after the line naming the file. */
  g_assert_cmpstr (strchr (run_first->out, '\n'), ==, strchr (run_second->out, '\n'));
  first_names = entry_names (first);
  second_names = entry_names (second);
  g_assert_cmpuint (g_strv_length (first_names), >=, 300);
  g_assert_true (g_strv_equal ((const char * const *) first_names,
                               (const char * const *) second_names));
  check_default_password (first);
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

/* A platform set up with `init` keeps its profile, its administrator and
 * the administrator's password; the demo users get the password file's. */
static void
test_initialised (void)
{
  g_autofree char *db = test_file ("initialised.db");
  g_autofree char *admin_password = write_test_file ("admin-password", "the-admins-own-password\n");
  g_autofree char *weak = write_test_file ("weak", "short\n");
  g_autofree char *strong = write_test_file ("strong", "a-demo-password-of-our-own\n");
  g_autoptr(Run) init = run ("init", "--db", db, "--profile", "panjin-2016",
                             "--password-file", admin_password);
  g_autoptr(Run) other = NULL;
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) demo = NULL;
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdUser) admin = NULL;
  g_autoptr(SdUser) support = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (init->status, ==, 0);

  other = run ("demo", "--db", db, "--profile", "mot-2021");
  g_assert_cmpint (other->status, ==, 1);
  g_assert_nonnull (strstr (other->err, "panjin-2016"));

  refused = run ("demo", "--db", db, "--profile", "panjin-2016", "--password-file", weak);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_nonnull (strstr (refused->err, "Password refused"));

  demo = run ("demo", "--db", db, "--profile", "panjin-2016", "--password-file", strong);
  g_assert_cmpint (demo->status, ==, 0);
  g_assert_null (strstr (demo->out, DEMO_PASSWORD));

  storage = open_storage (db);
  admin = sd_storage_get_user (storage, "admin", &error);
  g_assert_no_error (error);
  g_assert_true (sd_auth_verify_password (admin->password_hash, "the-admins-own-password"));
  support = sd_storage_get_user (storage, "support", &error);
  g_assert_no_error (error);
  g_assert_true (sd_auth_verify_password (support->password_hash, "a-demo-password-of-our-own"));
  check_audit (storage, db);
}

static void
test_usage (void)
{
  g_autofree char *db = test_file ("usage.db");
  g_autoptr(Run) no_profile = run ("demo", "--db", db);
  g_autoptr(Run) unknown = run ("demo", "--db", db, "--profile", "atlantis-2030");
  g_autoptr(Run) no_db = run ("demo", "--profile", "mot-2021");

  g_assert_cmpint (no_profile->status, ==, 2);
  g_assert_nonnull (strstr (no_profile->err, "--profile"));
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "atlantis-2030"));
  g_assert_cmpint (no_db->status, ==, 2);
  /* Nothing was created for a command-line error. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  const char * const *profiles;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (sd_auth_init (NULL));

  profiles = sd_policy_list_builtin ();
  for (gsize i = 0; profiles[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/demo/profile/%s", profiles[i]);

      g_test_add_data_func (path, profiles[i], test_demo_profile);
    }
  g_test_add_func ("/platform/demo/deterministic", test_deterministic);
  g_test_add_func ("/platform/demo/initialised-password-file", test_initialised);
  g_test_add_func ("/platform/demo/usage", test_usage);
  return g_test_run ();
}
