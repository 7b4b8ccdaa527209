/* sd-cli.c — sharedesk-cli: the domain core on the command line, offline.
 *
 * main() sets up the locale, takes the global options (--json, --help,
 * --version, --profile) out of the command line wherever they stand, finds
 * the command in the table below and runs its function (one per command,
 * in sd-cli-*.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "sd-cli-private.h"

#define ANY_NUMBER G_MAXUINT

typedef enum {
  PROFILE_NONE,
  PROFILE_OPTIONAL,
  PROFILE_REQUIRED,
} ProfileOption;

typedef struct {
  const char       *words[2];   /* "workdays", "add"; words[1] NULL for one word */
  const char       *synopsis;   /* what follows the words: syntax, not translated */
  const char       *summary;    /* N_() */
  guint             min_args;
  guint             max_args;
  ProfileOption     profile;
  SdCliCommandFunc  run;
} SdCliCommand;

static const SdCliCommand commands[] = {
  { { "profiles", NULL }, "",
    N_("The three policy profiles side by side: share types and review deadlines, objections, notice periods"),
    0, 0, PROFILE_NONE, _sd_cli_run_profiles },
  { { "profile", "show" }, "ID",
    N_("One policy profile with every list and the article of each rule"),
    1, 1, PROFILE_NONE, _sd_cli_run_profile_show },
  { { "check", NULL }, "FILE.json --profile ID",
    N_("Check a catalogue entry against a profile’s rules (“-” reads standard input)"),
    1, 1, PROFILE_REQUIRED, _sd_cli_run_check },
  { { "validate", NULL }, "uscc|ric|resource-code VALUE…",
    N_("Validate 统一社会信用代码 (uscc), 居民身份证号码 (ric) or 信息资源代码 (resource-code) values"),
    2, ANY_NUMBER, PROFILE_NONE, _sd_cli_run_validate },
  { { "workdays", "add" }, "DATE N [--profile ID]",
    N_("The date N working days after DATE, counting from the next day"),
    2, 2, PROFILE_OPTIONAL, _sd_cli_run_workdays_add },
  { { "workdays", "between" }, "DATE1 DATE2",
    N_("The number of working days after DATE1 up to and including DATE2"),
    2, 2, PROFILE_NONE, _sd_cli_run_workdays_between },
  { { "calendar", "years" }, "",
    N_("The years the working-day calendar covers, with their source"),
    0, 0, PROFILE_NONE, _sd_cli_run_calendar_years },
  { { "calendar", "import" }, "FILE.json",
    N_("Add a year to the working-day calendar from the State Council’s holiday notice"),
    1, 1, PROFILE_NONE, _sd_cli_run_calendar_import },
};

typedef struct {
  gboolean    json;
  gboolean    help;
  gboolean    version;
  const char *profile_id;
  GPtrArray  *words;   /* borrowed from argv: the command words and arguments */
} ParsedArgs;

static void
setup_locale (void)
{
  const char *localedir = g_getenv ("SHAREDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* SHAREDESK_LOCALEDIR lets the uninstalled program and the tests use the
   * catalogue built in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *
command_name (const SdCliCommand *command)
{
  if (command->words[1] == NULL)
    return g_strdup (command->words[0]);
  return g_strjoin (" ", command->words[0], command->words[1], NULL);
}

static char *
command_usage (const SdCliCommand *command)
{
  g_autofree char *name = command_name (command);

  if (*command->synopsis == '\0')
    return g_steal_pointer (&name);
  return g_strjoin (" ", name, command->synopsis, NULL);
}

static void
print_commands (void)
{
  g_autoptr(SdCliTable) table = _sd_cli_table_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = command_usage (&commands[i]);

      _sd_cli_table_item (table, 2, usage, _(commands[i].summary));
    }
  _sd_cli_table_item (table, 2, "help [COMMAND]", _("This help, or one command’s"));
  _sd_cli_table_print (table);
}

static void
print_options (void)
{
  g_autoptr(SdCliTable) table = _sd_cli_table_new ();
  g_autofree char *profiles = g_strjoinv (_sd_cli_list_separator (),
                                          (char **) sd_policy_list_builtin ());
  /* Translators: %s is the list of profile ids */
  g_autofree char *profile_help = g_strdup_printf (_("A policy profile: %s"), profiles);

  _sd_cli_table_item (table, 2, "--json", _("Machine-readable output: JSON on standard output"));
  _sd_cli_table_item (table, 2, "--profile ID", profile_help);
  _sd_cli_table_item (table, 2, "-h, --help", _("Show this help"));
  _sd_cli_table_item (table, 2, "--version", _("Show the version"));
  _sd_cli_table_print (table);
}

static void
print_exit_codes (void)
{
  g_autoptr(SdCliTable) table = _sd_cli_table_new ();

  _sd_cli_table_item (table, 2, "0",
                      _("Done: the entry passes the check (warnings allowed), every value is valid"));
  _sd_cli_table_item (table, 2, "1",
                      _("The check found errors, a value is invalid, the calendar does not cover a year, or a calendar file was refused"));
  _sd_cli_table_item (table, 2, "2",
                      _("A command-line error, or input that cannot be read or parsed"));
  _sd_cli_table_print (table);
}

static void
print_help (void)
{
  /* Translators: %s is the program name; keep COMMAND and ARGUMENT or
   * translate them as placeholders */
  g_print (_("Usage: %s [--json] COMMAND [ARGUMENT…]"), g_get_prgname ());
  g_print ("\n\n%s\n\n", _("ShareDesk (政务数据共享工作台) on the command line, offline: policy profiles, compliance checks, identifiers and working days."));
  g_print ("%s\n", _("Commands:"));
  print_commands ();
  g_print ("\n%s\n", _("Options:"));
  print_options ();
  g_print ("\n%s\n", _("Dates are written YYYY-MM-DD. A calendar year file looks like {\"year\": 2027, \"source\": \"…\", \"holidays\": [\"2027-01-01\", …], \"workdays\": [\"2027-02-06\", …]}."));
  g_print ("\n%s\n", _("Exit status:"));
  print_exit_codes ();
}

static void
print_command_help (const SdCliCommand *command)
{
  g_autofree char *usage = command_usage (command);

  /* Translators: the first %s is the program name, the second the command
   * with its arguments */
  g_print (_("Usage: %s %s"), g_get_prgname (), usage);
  g_print ("\n\n%s\n", _(command->summary));
}

static SdCliExit
print_version (gboolean json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "program");
      json_builder_add_string_value (builder, g_get_prgname ());
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, PACKAGE_VERSION);
      json_builder_end_object (builder);
      _sd_cli_print_json (json_builder_get_root (builder));
    }
  else
    g_print ("%s %s\n", g_get_prgname (), PACKAGE_VERSION);
  return SD_CLI_EXIT_OK;
}

static gboolean
take_profile_value (ParsedArgs  *parsed,
                    const char  *value)
{
  if (value == NULL || *value == '\0')
    {
      _sd_cli_error (_("The option “--profile” needs a profile id."));
      return FALSE;
    }
  parsed->profile_id = value;
  return TRUE;
}

/* Takes the options out of argv wherever they stand; what remains are the
 * command words and arguments. "-" alone is an argument (standard input),
 * and everything after "--" is one. */
static gboolean
parse_args (int         argc,
            char      **argv,
            ParsedArgs *parsed)
{
  gboolean options_done = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (options_done || arg[0] != '-' || strcmp (arg, "-") == 0)
        g_ptr_array_add (parsed->words, (gpointer) arg);
      else if (strcmp (arg, "--") == 0)
        options_done = TRUE;
      else if (strcmp (arg, "--json") == 0)
        parsed->json = TRUE;
      else if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        parsed->help = TRUE;
      else if (strcmp (arg, "--version") == 0)
        parsed->version = TRUE;
      else if (strcmp (arg, "--profile") == 0)
        {
          if (!take_profile_value (parsed, i + 1 < argc ? argv[++i] : NULL))
            return FALSE;
        }
      else if (g_str_has_prefix (arg, "--profile="))
        {
          if (!take_profile_value (parsed, arg + strlen ("--profile=")))
            return FALSE;
        }
      else
        {
          _sd_cli_error (_("Unknown option “%s”."), arg);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
command_matches (const SdCliCommand *command,
                 GPtrArray          *words,
                 guint               first)
{
  if (words->len <= first || strcmp (command->words[0], words->pdata[first]) != 0)
    return FALSE;
  if (command->words[1] == NULL)
    return TRUE;
  return words->len > first + 1 && strcmp (command->words[1], words->pdata[first + 1]) == 0;
}

static const SdCliCommand *
lookup_command (GPtrArray *words,
                guint      first)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (command_matches (&commands[i], words, first))
      return &commands[i];
  return NULL;
}

static char *
subcommands_of (const char *group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].words[1] != NULL && strcmp (commands[i].words[0], group) == 0)
      g_ptr_array_add (names, (gpointer) commands[i].words[1]);
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (_sd_cli_list_separator (), (char **) names->pdata);
}

/* Says why words[@first…] is no command. */
static void
report_unknown_command (GPtrArray *words,
                        guint      first)
{
  const char *group = words->pdata[first];
  g_autofree char *subcommands = subcommands_of (group);

  if (subcommands == NULL)
    _sd_cli_error (_("Unknown command “%s”."), group);
  else if (words->len == first + 1)
    /* Translators: the first %s is a command word ("calendar"), the second
     * the list of its subcommands */
    _sd_cli_error (_("The command “%s” needs a subcommand: %s."), group, subcommands);
  else
    /* Translators: "calendar frobnicate": the first %s is the command word,
     * the second the unknown subcommand, the third the list of subcommands */
    _sd_cli_error (_("“%s” has no subcommand “%s”; it has: %s."),
                   group, (const char *) words->pdata[first + 1], subcommands);
}

static SdCliExit
usage_error_for (const SdCliCommand *command)
{
  g_autofree char *usage = command_usage (command);

  /* Translators: the first %s is the program name, the second the command
   * with its arguments */
  g_printerr (_("Usage: %s %s"), g_get_prgname (), usage);
  g_printerr ("\n");
  return SD_CLI_EXIT_USAGE;
}

static gboolean
check_profile_option (const SdCliCommand *command,
                      const ParsedArgs   *parsed)
{
  g_autofree char *name = command_name (command);

  if (command->profile == PROFILE_NONE && parsed->profile_id != NULL)
    {
      _sd_cli_error (_("The command “%s” takes no “--profile” option."), name);
      return FALSE;
    }
  if (command->profile == PROFILE_REQUIRED && parsed->profile_id == NULL)
    {
      _sd_cli_error (_("The command “%s” needs “--profile ID”."), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_argument_count (const SdCliCommand *command,
                      guint               n_args)
{
  g_autofree char *name = command_name (command);

  if (n_args < command->min_args)
    {
      _sd_cli_error (_("The command “%s” is missing an argument."), name);
      return FALSE;
    }
  if (n_args > command->max_args)
    {
      _sd_cli_error (_("The command “%s” has too many arguments."), name);
      return FALSE;
    }
  return TRUE;
}

static guint
word_count (const SdCliCommand *command)
{
  return command->words[1] == NULL ? 1 : 2;
}

static SdCliExit
run_help_command (GPtrArray *words)
{
  const SdCliCommand *command;

  if (words->len == 1)
    {
      print_help ();
      return SD_CLI_EXIT_OK;
    }
  if (strcmp (words->pdata[1], "help") == 0)
    {
      print_help ();
      return SD_CLI_EXIT_OK;
    }
  command = lookup_command (words, 1);
  if (command == NULL)
    {
      report_unknown_command (words, 1);
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }
  print_command_help (command);
  return SD_CLI_EXIT_OK;
}

static SdCliExit
run_parsed (const ParsedArgs *parsed)
{
  GPtrArray *words = parsed->words;
  const SdCliCommand *command;
  guint first_arg;
  SdCliContext ctx;

  if (parsed->version)
    return print_version (parsed->json);
  if (words->len > 0 && strcmp (words->pdata[0], "help") == 0)
    return run_help_command (words);

  if (words->len == 0 && !parsed->help)
    {
      _sd_cli_error (_("No command given."));
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }
  command = words->len > 0 ? lookup_command (words, 0) : NULL;
  if (parsed->help)
    {
      if (command != NULL)
        print_command_help (command);
      else
        print_help ();
      return SD_CLI_EXIT_OK;
    }
  if (command == NULL)
    {
      report_unknown_command (words, 0);
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }

  first_arg = word_count (command);
  if (!check_profile_option (command, parsed) ||
      !check_argument_count (command, words->len - first_arg))
    return usage_error_for (command);

  ctx.json = parsed->json;
  ctx.profile_id = parsed->profile_id;
  ctx.args = (const char * const *) words->pdata + first_arg;
  ctx.n_args = words->len - first_arg;
  return command->run (&ctx);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  ParsedArgs parsed = { FALSE, FALSE, FALSE, NULL, words };

  setup_locale ();
  g_set_prgname ("sharedesk-cli");

  if (!parse_args (argc, argv, &parsed))
    {
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }
  return run_parsed (&parsed);
}
