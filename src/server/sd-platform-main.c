/* sd-platform-main.c — `sharedesk-platform`: set up and run the central
 * data-sharing platform.
 *
 * main() sets up the locale, finds the command (one or two words) in the
 * table below and runs its function (in sd-platform-cli-*.c), which parses
 * its own options with GOption, as libsoup's examples/simple-httpd.c does.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sd-auth.h"
#include "sd-platform-cli-private.h"
#include "sd-policy.h"

typedef struct {
  const char            *words[2];
  const char            *synopsis;    /* options, not translated */
  const char            *parameters;  /* positional arguments, or NULL */
  const char            *summary;     /* N_() */
  SdPlatformCommandFunc  run;
} CommandSpec;

static const CommandSpec commands[] = {
  { { "init", NULL }, "--db PATH --profile ID [--admin USER] [--password-file FILE]", NULL,
    N_("Create the platform’s database for one policy profile, with its first administrator"),
    _sd_platform_cli_init },
  { { "serve", NULL }, "--db PATH --listen ADDR:PORT --tls-cert PEM --tls-key PEM", NULL,
    N_("Run the platform over HTTPS until interrupted (SIGINT or SIGTERM)"),
    _sd_platform_cli_serve },
  { { "department", "add" }, "--db PATH --uscc CODE --name NAME --responsible PERSON --contact CONTACT", NULL,
    N_("Add a department with its 统一社会信用代码, responsible person and contact"),
    _sd_platform_cli_department_add },
  { { "user", "add" }, "--db PATH --username USER --name NAME [--department CODE] --roles ROLE,… [--password-file FILE]", NULL,
    N_("Add a user with roles (provider, consumer, support, supervisor, admin)"),
    _sd_platform_cli_user_add },
  { { "calendar", "import" }, "--db PATH", "YEAR.json",
    N_("Add or replace a year of the working-day calendar from the State Council’s holiday notice"),
    _sd_platform_cli_calendar_import },
  { { "demo", NULL }, "--db PATH --profile ID [--password-file FILE]", NULL,
    N_("Fill a new platform database with realistic demo departments, users, catalogue and cases"),
    _sd_platform_cli_demo },
  { { "audit", "verify" }, "--db PATH", NULL,
    N_("Check the audit log’s hash chain and name the first row that does not verify"),
    _sd_platform_cli_audit_verify },
};

static void
setup_locale (void)
{
  const char *localedir = g_getenv ("SHAREDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* SHAREDESK_LOCALEDIR lets the uninstalled program and the tests use the
   * catalogue built in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* No textdomain() here, on purpose: the server answers each request in
   * its Accept-Language through uselocale(), but GLib decides once per
   * process whether g_dgettext() translates at all, and with our domain
   * as the default and a service started under C.UTF-8 it would decide
   * "never". The library code names its domain in every call anyway. */
}

void
_sd_platform_cli_error (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("sharedesk-platform: %s\n", message);
}

static void
usage_hint (void)
{
  g_printerr ("%s\n", _("Run “sharedesk-platform --help” for the commands and their options."));
}

static char *
command_name (const CommandSpec *spec)
{
  if (spec->words[1] == NULL)
    return g_strdup (spec->words[0]);
  return g_strjoin (" ", spec->words[0], spec->words[1], NULL);
}

static void
print_help (void)
{
  g_autofree char *profiles = g_strjoinv (", ", (char **) sd_policy_list_builtin ());

  g_print ("%s\n\n", _("Usage: sharedesk-platform COMMAND [OPTION…]"));
  g_print ("%s\n\n", _("The central data-sharing platform of ShareDesk (政务数据共享工作台): one deployment runs one policy profile and serves its API over HTTPS."));
  g_print ("%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = command_name (&commands[i]);

      g_print ("  %s %s%s%s\n      %s\n", name, commands[i].synopsis,
               commands[i].parameters != NULL ? " " : "",
               commands[i].parameters != NULL ? commands[i].parameters : "",
               _(commands[i].summary));
    }
  g_print ("\n");
  /* Translators: %s is the list of profile ids */
  g_print (_("Profiles: %s"), profiles);
  g_print ("\n%s\n", _("“sharedesk-platform COMMAND --help” describes one command’s options."));
  g_print ("\n%s\n", _("Exit status:"));
  g_print ("  0  %s\n", _("Done"));
  g_print ("  1  %s\n", _("The command failed: invalid data, a refused password, a database or certificate that cannot be used, a broken audit log"));
  g_print ("  2  %s\n", _("A command-line error"));
}

static gboolean
command_matches (const CommandSpec *spec,
                 int                argc,
                 char             **argv)
{
  if (argc < 2 || strcmp (argv[1], spec->words[0]) != 0)
    return FALSE;
  return spec->words[1] == NULL || (argc >= 3 && strcmp (argv[2], spec->words[1]) == 0);
}

static const CommandSpec *
lookup_command (int    argc,
                char **argv)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (command_matches (&commands[i], argc, argv))
      return &commands[i];
  return NULL;
}

static void
report_unknown_command (int    argc,
                        char **argv)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].words[1] != NULL && strcmp (argv[1], commands[i].words[0]) == 0)
      {
        /* Translators: the first %s is a command word ("user"), the second
         * the subcommand it needs ("add") */
        _sd_platform_cli_error (_("The command “%s” needs the subcommand “%s”."),
                                commands[i].words[0], commands[i].words[1]);
        return;
      }
  /* Translators: %s is what was given as a command */
  _sd_platform_cli_error (_("Unknown command “%s”."), argv[1]);
}

gboolean
_sd_platform_cli_parse (SdPlatformCommand  *command,
                        const GOptionEntry *entries)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command->parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strconcat ("sharedesk-platform ", command->name, NULL);
  gboolean parsed;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* "Usage: sharedesk-platform user add [OPTION…]" in --help. */
  g_set_prgname (prgname);
  parsed = g_option_context_parse (context, &command->argc, &command->argv, &error);
  g_set_prgname ("sharedesk-platform");
  if (!parsed)
    {
      _sd_platform_cli_error ("%s", error->message);
      usage_hint ();
      return FALSE;
    }
  for (int i = 1; command->parameters == NULL && i < command->argc; i++)
    {
      /* Translators: %s is a command-line argument */
      _sd_platform_cli_error (_("Unexpected argument “%s”."), command->argv[i]);
      usage_hint ();
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_platform_cli_require (const char *value,
                          const char *option)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  /* Translators: %s is an option with its argument, e.g. "--db PATH" */
  _sd_platform_cli_error (_("The option “%s” is required."), option);
  usage_hint ();
  return FALSE;
}

SdStorage *
_sd_platform_cli_open_storage (const char  *path,
                               char       **profile_id)
{
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* Opening creates a missing file; only `init` should. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Translators: both %s are the same file name */
      _sd_platform_cli_error (_("The database “%s” does not exist: create it with “sharedesk-platform init --db %s --profile ID”."),
                              path, path);
      return NULL;
    }
  storage = sd_storage_open (path, &error);
  if (storage != NULL)
    id = sd_storage_get_profile_id (storage, &error);
  if (id == NULL)
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The database “%s” cannot be used: %s"), path, error->message);
      return NULL;
    }
  if (profile_id != NULL)
    *profile_id = g_steal_pointer (&id);
  return g_steal_pointer (&storage);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const CommandSpec *spec;
  g_autofree char *name = NULL;
  SdPlatformCommand command;

  setup_locale ();
  g_set_prgname ("sharedesk-platform");

  if (argc < 2)
    {
      _sd_platform_cli_error ("%s", _("No command given."));
      usage_hint ();
      return SD_PLATFORM_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_help ();
      return SD_PLATFORM_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("sharedesk-platform %s\n", PACKAGE_VERSION);
      return SD_PLATFORM_EXIT_OK;
    }
  spec = lookup_command (argc, argv);
  if (spec == NULL)
    {
      report_unknown_command (argc, argv);
      usage_hint ();
      return SD_PLATFORM_EXIT_USAGE;
    }
  if (!sd_auth_init (&error))
    {
      _sd_platform_cli_error ("%s", error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }

  name = command_name (spec);
  command.name = name;
  command.parameters = spec->parameters;
  command.summary = spec->summary;
  /* The command's own arguments, behind the program name as GOption wants. */
  command.argc = argc - (spec->words[1] == NULL ? 1 : 2);
  command.argv = argv + (spec->words[1] == NULL ? 1 : 2);
  command.argv[0] = argv[0];
  return spec->run (&command);
}
