/* sd-platform-cli-admin.c — setting a platform up from the command line:
 * `init`, `department add`, `user add`, `calendar import`, `audit verify`.
 *
 * They work on the database directly, as the operator of the machine, and
 * apply the same rules as the API (sd-routes-private.h). Every change is
 * audited with the actor "system".
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sd-auth.h"
#include "sd-calendar.h"
#include "sd-platform-cli-private.h"
#include "sd-policy.h"
#include "sd-routes-private.h"

#define ACTOR "system"
/* Longer than any password anyone types; bounds what a pipe can make us read. */
#define MAX_PASSWORD_BYTES 4096

/* Passwords */

static void
free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* One line of @stream without its line end, or NULL at end of file. */
static char *
read_line (FILE *stream)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getc (stream)) != EOF && c != '\n')
    {
      if (line->len < MAX_PASSWORD_BYTES)
        g_string_append_c (line, (char) c);
    }
  if (c == EOF && line->len == 0)
    return NULL;
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
read_password_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      /* Translators: %s says why the file cannot be read */
      _sd_platform_cli_error (_("The password file cannot be read: %s"), error->message);
      return NULL;
    }
  /* The first line: editors and `echo` end files with a newline. */
  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  return g_strdup (contents);
}

/* Asks on the terminal with echo off. */
static char *
prompt_hidden (const char *prompt)
{
  struct termios saved, quiet;
  char *line;

  g_printerr ("%s", prompt);
  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    return read_line (stdin);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = read_line (stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  return line;
}

static char *
prompt_password (const char *username)
{
  /* Translators: %s is a username */
  g_autofree char *prompt = g_strdup_printf (_("Password for “%s”: "), username);
  char *password = prompt_hidden (prompt);
  char *again;

  if (password == NULL)
    return NULL;
  again = prompt_hidden (_("The same password again: "));
  if (again == NULL || strcmp (password, again) != 0)
    {
      free_secret (password);
      free_secret (again);
      _sd_platform_cli_error ("%s", _("The two passwords differ."));
      return NULL;
    }
  free_secret (again);
  return password;
}

char *
_sd_platform_cli_read_password (const char *username,
                                const char *password_file)
{
  g_autoptr(GError) error = NULL;
  char *password;

  if (password_file != NULL)
    password = read_password_file (password_file);
  else if (isatty (STDIN_FILENO))
    password = prompt_password (username);
  else
    {
      password = read_line (stdin);
      if (password == NULL)
        _sd_platform_cli_error ("%s", _("No password on standard input."));
    }
  if (password == NULL)
    return NULL;
  if (!sd_auth_check_password_strength (password, &error))
    {
      free_secret (password);
      /* Translators: %s says what is wrong with the password */
      _sd_platform_cli_error (_("Password refused: %s"), error->message);
      return NULL;
    }
  return password;
}

static char *
hash_password (const char *username,
               const char *password_file)
{
  g_autoptr(GError) error = NULL;
  char *password = _sd_platform_cli_read_password (username, password_file);
  char *hash;

  if (password == NULL)
    return NULL;
  hash = sd_auth_hash_password (password, &error);
  free_secret (password);
  if (hash == NULL)
    _sd_platform_cli_error ("%s", error->message);
  return hash;
}

/* init */

typedef struct {
  const char *profile_id;
  SdUser     *admin;
} InitData;

static gboolean
init_platform (SdStorage  *storage,
               gpointer    data,
               GError    **error)
{
  InitData *init = data;
  g_autoptr(JsonNode) detail = _sd_user_audit_detail (init->admin);

  return sd_storage_init_profile (storage, init->profile_id, error) &&
         sd_storage_audit_append (storage, ACTOR, "platform.init", "profile",
                                  init->profile_id, NULL, error) &&
         sd_storage_add_user (storage, init->admin, error) &&
         sd_storage_audit_append (storage, ACTOR, "user.create", "user",
                                  init->admin->username, detail, error);
}

/* The profile, or NULL after saying which profiles there are. */
static SdPolicy *
load_profile (const char *profile_id)
{
  g_autoptr(GError) error = NULL;
  SdPolicy *policy = sd_policy_load_builtin (profile_id, &error);

  if (policy == NULL)
    {
      g_autofree char *profiles = g_strjoinv (", ", (char **) sd_policy_list_builtin ());

      /* Translators: the first %s is what was given, the second the list of profile ids */
      _sd_platform_cli_error (_("There is no policy profile “%s”: use one of %s."),
                              profile_id, profiles);
    }
  return policy;
}

/* TRUE when @path is not a database set up already. */
static gboolean
check_not_initialised (const char *path)
{
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *existing = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  storage = sd_storage_open (path, &error);
  if (storage == NULL)
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The database “%s” cannot be used: %s"), path, error->message);
      return FALSE;
    }
  existing = sd_storage_get_profile_id (storage, NULL);
  if (existing == NULL)
    return TRUE;
  /* Translators: the first %s is a file name, the second a profile id */
  _sd_platform_cli_error (_("The database “%s” is set up already, for the profile %s: a platform runs one profile for its whole life."),
                          path, existing);
  return FALSE;
}

SdPlatformExit
_sd_platform_cli_init (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  g_autofree char *profile_id = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *password_file = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database to create"), N_("PATH") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_id, N_("The policy profile the platform runs"), N_("ID") },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, N_("The first administrator’s username (default: admin)"), N_("USER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the administrator’s password from the first line of FILE (else it is asked for)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SdPolicy) policy = NULL;
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  SdUser user = { 0, };
  InitData init;

  if (!_sd_platform_cli_parse (command, entries) ||
      !_sd_platform_cli_require (db, "--db PATH") ||
      !_sd_platform_cli_require (profile_id, "--profile ID"))
    return SD_PLATFORM_EXIT_USAGE;
  if (admin == NULL)
    admin = g_strdup ("admin");
  if (!_sd_username_check (admin, &error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return SD_PLATFORM_EXIT_USAGE;
    }
  policy = load_profile (profile_id);
  if (policy == NULL)
    return SD_PLATFORM_EXIT_USAGE;
  /* Before asking for a password that would be of no use. */
  if (!check_not_initialised (db))
    return SD_PLATFORM_EXIT_FAILED;
  hash = hash_password (admin, password_file);
  if (hash == NULL)
    return SD_PLATFORM_EXIT_FAILED;

  user.username = admin;
  user.display_name = admin;
  user.roles = SD_ROLE_MASK (SD_ROLE_ADMIN);
  user.password_hash = hash;
  init.profile_id = profile_id;
  init.admin = &user;
  storage = sd_storage_open (db, &error);
  if (storage == NULL || !sd_storage_transaction (storage, init_platform, &init, &error))
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The database “%s” could not be set up: %s"), db, error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  /* Translators: the first %s is a file name, the second a profile id, the
   * third its name, the fourth a username */
  g_print (_("Created %s for the profile %s (%s) with the administrator “%s”."),
           db, profile_id, sd_policy_get_label (policy), admin);
  g_print ("\n");
  return SD_PLATFORM_EXIT_OK;
}

/* department add */

static gboolean
add_department (SdStorage  *storage,
                gpointer    data,
                GError    **error)
{
  SdDepartment *department = data;
  g_autoptr(JsonNode) detail = _sd_department_to_json (department);

  return sd_storage_add_department (storage, department, error) &&
         sd_storage_audit_append (storage, ACTOR, "department.create", "department",
                                  department->uscc, detail, error);
}

SdPlatformExit
_sd_platform_cli_department_add (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  SdDepartment department = { 0, };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database"), N_("PATH") },
    { "uscc", 0, 0, G_OPTION_ARG_STRING, &department.uscc, N_("The department’s 统一社会信用代码"), N_("CODE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &department.name, N_("The department’s name"), N_("NAME") },
    { "responsible", 0, 0, G_OPTION_ARG_STRING, &department.responsible_person,
      N_("The person responsible for the department’s data sharing"), N_("PERSON") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &department.contact,
      N_("How to reach the department about data sharing"), N_("CONTACT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_id = NULL;
  SdPlatformExit status = SD_PLATFORM_EXIT_FAILED;

  if (!_sd_platform_cli_parse (command, entries) || !_sd_platform_cli_require (db, "--db PATH"))
    {
      status = SD_PLATFORM_EXIT_USAGE;
      goto out;
    }
  storage = _sd_platform_cli_open_storage (db, &profile_id);
  if (storage == NULL)
    goto out;
  if (!_sd_department_check (&department, profile_id, NULL, &error) ||
      !sd_storage_transaction (storage, add_department, &department, &error))
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT))
        /* Translators: %s is a 统一社会信用代码 */
        _sd_platform_cli_error (_("A department with the 统一社会信用代码 “%s” exists already."),
                                department.uscc);
      else
        _sd_platform_cli_error ("%s", error->message);
      goto out;
    }
  /* Translators: the first %s is a department's name, the second its 统一社会信用代码 */
  g_print (_("Added the department %s (%s)."), department.name, department.uscc);
  g_print ("\n");
  status = SD_PLATFORM_EXIT_OK;

out:
  g_free (department.uscc);
  g_free (department.name);
  g_free (department.responsible_person);
  g_free (department.contact);
  return status;
}

/* user add */

static gboolean
add_user (SdStorage  *storage,
          gpointer    data,
          GError    **error)
{
  SdUser *user = data;
  g_autoptr(JsonNode) detail = _sd_user_audit_detail (user);

  return sd_storage_add_user (storage, user, error) &&
         sd_storage_audit_append (storage, ACTOR, "user.create", "user",
                                  user->username, detail, error);
}

static gboolean
parse_roles (const char *text,
             guint      *roles)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    g_strstrip (names[i]);
  if (_sd_roles_parse ((const char * const *) names, roles, NULL, &error))
    return TRUE;
  _sd_platform_cli_error ("%s", error->message);
  return FALSE;
}

/* "provider, consumer", in SdRole order. */
static char *
role_names (guint roles)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    if (roles & SD_ROLE_MASK (role))
      g_strv_builder_add (names, sd_role_to_string (role));
  list = g_strv_builder_end (names);
  return g_strjoinv (", ", list);
}

/* Everything about @user but the password is right. */
static gboolean
check_user (SdStorage  *storage,
            SdUser     *user,
            const char *roles)
{
  g_autoptr(GError) error = NULL;

  if (!_sd_username_check (user->username, &error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return FALSE;
    }
  if (!parse_roles (roles, &user->roles))
    return FALSE;
  if (!_sd_user_check_department (storage, user->roles, user->department_uscc, &error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

SdPlatformExit
_sd_platform_cli_user_add (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *role_list = NULL;
  SdUser user = { 0, };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database"), N_("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &user.username, N_("The name to log in with"), N_("USER") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &user.display_name, N_("The user’s full name"), N_("NAME") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &user.department_uscc,
      N_("The 统一社会信用代码 of the user’s department (required for providers and consumers)"), N_("CODE") },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &roles,
      N_("Comma-separated roles: provider, consumer, support, supervisor, admin"), N_("ROLE,…") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the password from the first line of FILE (else it is asked for)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformExit status = SD_PLATFORM_EXIT_FAILED;

  if (!_sd_platform_cli_parse (command, entries) ||
      !_sd_platform_cli_require (db, "--db PATH") ||
      !_sd_platform_cli_require (user.username, "--username USER") ||
      !_sd_platform_cli_require (user.display_name, "--name NAME") ||
      !_sd_platform_cli_require (roles, "--roles ROLE,…"))
    {
      status = SD_PLATFORM_EXIT_USAGE;
      goto out;
    }
  storage = _sd_platform_cli_open_storage (db, NULL);
  if (storage == NULL || !check_user (storage, &user, roles))
    goto out;
  hash = hash_password (user.username, password_file);
  if (hash == NULL)
    goto out;
  user.password_hash = hash;
  if (!sd_storage_transaction (storage, add_user, &user, &error))
    {
      if (g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_CONFLICT))
        /* Translators: %s is a username */
        _sd_platform_cli_error (_("A user named “%s” exists already."), user.username);
      else
        _sd_platform_cli_error ("%s", error->message);
      goto out;
    }
  role_list = role_names (user.roles);
  /* Translators: the first %s is a username, the second a list of roles */
  g_print (_("Added the user “%s” with the roles %s."), user.username, role_list);
  g_print ("\n");
  status = SD_PLATFORM_EXIT_OK;

out:
  g_free (user.username);
  g_free (user.display_name);
  g_free (user.department_uscc);
  return status;
}

/* calendar import */

typedef struct {
  int         year;
  const char *json;
} CalendarYear;

static gboolean
import_year (SdStorage  *storage,
             gpointer    data,
             GError    **error)
{
  CalendarYear *year = data;
  g_autofree char *id = g_strdup_printf ("%d", year->year);

  return sd_storage_put_calendar_year (storage, year->year, year->json, error) &&
         sd_storage_audit_append (storage, ACTOR, "calendar.import", "calendar-year", id, NULL, error);
}

/* The year of a valid calendar file, or 0 after saying what is wrong. */
static int
validate_year_file (const char *path,
                    const char *contents,
                    gsize       length)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;

  if (!sd_calendar_load_year_data (calendar, bytes, &error))
    {
      /* Translators: the first %s is a file name, the second says what is wrong */
      _sd_platform_cli_error (_("%s is not a valid calendar year: %s"), path, error->message);
      return 0;
    }
  years = sd_calendar_get_years (calendar);
  g_assert (years->len == 1);
  return g_array_index (years, int, 0);
}

SdPlatformExit
_sd_platform_cli_calendar_import (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database"), N_("PATH") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  CalendarYear year;

  if (!_sd_platform_cli_parse (command, entries) || !_sd_platform_cli_require (db, "--db PATH"))
    return SD_PLATFORM_EXIT_USAGE;
  if (command->argc != 2)
    {
      _sd_platform_cli_error ("%s", _("Give one calendar file: sharedesk-platform calendar import --db PATH YEAR.json"));
      return SD_PLATFORM_EXIT_USAGE;
    }
  if (!g_file_get_contents (command->argv[1], &contents, &length, &error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  year.year = validate_year_file (command->argv[1], contents, length);
  if (year.year == 0)
    return SD_PLATFORM_EXIT_FAILED;
  storage = _sd_platform_cli_open_storage (db, NULL);
  if (storage == NULL)
    return SD_PLATFORM_EXIT_FAILED;
  year.json = contents;
  if (!sd_storage_transaction (storage, import_year, &year, &error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  /* Translators: %d is a year */
  g_print (_("Imported the working-day calendar for %d; a running platform uses it once restarted."),
           year.year);
  g_print ("\n");
  return SD_PLATFORM_EXIT_OK;
}

/* audit verify */

SdPlatformExit
_sd_platform_cli_audit_verify (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database"), N_("PATH") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_bad_id = 0;
  guint64 rows = 0;

  if (!_sd_platform_cli_parse (command, entries) || !_sd_platform_cli_require (db, "--db PATH"))
    return SD_PLATFORM_EXIT_USAGE;
  storage = _sd_platform_cli_open_storage (db, NULL);
  if (storage == NULL)
    return SD_PLATFORM_EXIT_FAILED;
  if (!sd_storage_audit_verify (storage, &first_bad_id, &rows, &error))
    {
      if (first_bad_id > 0)
        /* Translators: %lld is an audit row number, %s says what is wrong */
        _sd_platform_cli_error (_("audit log broken at row %lld: %s"),
                                (long long) first_bad_id, error->message);
      else
        /* Translators: %s says what is wrong */
        _sd_platform_cli_error (_("audit log broken: %s"), error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  /* Translators: %lu is a number of rows */
  g_print (g_dngettext (GETTEXT_PACKAGE, "audit log intact: %lu row", "audit log intact: %lu rows",
                        (gulong) rows),
           (gulong) rows);
  g_print ("\n");
  return SD_PLATFORM_EXIT_OK;
}
