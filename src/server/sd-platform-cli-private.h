/* sd-platform-cli-private.h — what the files of the `sharedesk-platform`
 * command line share: exit codes, option parsing, messages, and opening
 * the platform's database. */
#pragma once

#include <gio/gio.h>

#include "sd-storage.h"

G_BEGIN_DECLS

/* The exit codes --help documents. */
typedef enum {
  SD_PLATFORM_EXIT_OK     = 0,
  SD_PLATFORM_EXIT_FAILED = 1,  /* the command could not do its work */
  SD_PLATFORM_EXIT_USAGE  = 2,  /* a command-line error */
} SdPlatformExit;

/* The command words and what follows them, as main() found them. */
typedef struct {
  const char  *name;        /* "department add" */
  const char  *parameters;  /* positional arguments, not translated: "YEAR.json" or NULL */
  const char  *summary;     /* N_() */
  int          argc;        /* the arguments after the command words, argv[0] the program */
  char       **argv;
} SdPlatformCommand;

typedef SdPlatformExit (*SdPlatformCommandFunc) (SdPlatformCommand *command);

SdPlatformExit _sd_platform_cli_init            (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_serve           (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_department_add  (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_user_add        (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_calendar_import (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_audit_verify    (SdPlatformCommand *command);
SdPlatformExit _sd_platform_cli_demo            (SdPlatformCommand *command);

/* Parses @command's options (@entries, translated in our domain); on an
 * error prints it with the usage and returns FALSE. Afterwards
 * command->argc/argv hold the positional arguments (argv[0] the program). */
gboolean   _sd_platform_cli_parse        (SdPlatformCommand  *command,
                                          const GOptionEntry *entries);
/* Checks that a required option was given; prints which is missing. */
gboolean   _sd_platform_cli_require      (const char *value,
                                          const char *option);
/* "sharedesk-platform: <message>" on stderr. */
void       _sd_platform_cli_error        (const char *format,
                                          ...) G_GNUC_PRINTF (1, 2);

/* Opens an initialised platform database; a missing file is an error (only
 * `init` creates one). On failure prints why and returns NULL. @profile_id
 * (out, may be NULL) is the profile it runs. */
SdStorage *_sd_platform_cli_open_storage (const char  *path,
                                          char       **profile_id);

/* A password for @username: the first line of @password_file when given,
 * else asked for on the terminal without echo (twice), else one line of
 * standard input. Checked for strength. NULL after printing why. */
char      *_sd_platform_cli_read_password (const char *username,
                                           const char *password_file);

G_END_DECLS
