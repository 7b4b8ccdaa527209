/* sd-cli-private.h — what the files of sharedesk-cli share: the parsed
 * command line, the exit codes, and the output helpers (aligned text for
 * people, JSON for programs). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sd-core.h"

G_BEGIN_DECLS

/* The exit codes --help documents. */
typedef enum {
  SD_CLI_EXIT_OK     = 0,  /* done; the entry passes, every value is valid */
  SD_CLI_EXIT_FAILED = 1,  /* errors found, a value invalid, a question the calendar cannot answer */
  SD_CLI_EXIT_USAGE  = 2,  /* bad command line, or input that cannot be read or parsed */
} SdCliExit;

/* The command line once the command words and options are taken out. */
typedef struct {
  gboolean            json;        /* --json */
  const char         *profile_id;  /* --profile, or NULL */
  const char * const *args;        /* the positional arguments after the command words */
  guint               n_args;
} SdCliContext;

typedef SdCliExit (*SdCliCommandFunc) (const SdCliContext *ctx);

/* One function per command. */
SdCliExit  _sd_cli_run_profiles          (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_profile_show      (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_check             (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_validate          (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_workdays_add      (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_workdays_between  (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_calendar_years    (const SdCliContext *ctx);
SdCliExit  _sd_cli_run_calendar_import   (const SdCliContext *ctx);

/* "sharedesk-cli: <message>" on stderr. */
void       _sd_cli_error                 (const char *format,
                                          ...) G_GNUC_PRINTF (1, 2);
/* The usage hint that follows a command-line error. */
void       _sd_cli_usage_hint            (void);

/* ", " in English, "、" in Chinese. */
const char *_sd_cli_list_separator       (void);

/* Loads a built-in profile; on failure prints why and sets @exit_code. */
SdPolicy  *_sd_cli_load_policy           (const char *id,
                                          SdCliExit  *exit_code);
/* "mot-2021 — Ministry of Transport, 2021" */
char      *_sd_cli_policy_heading        (SdPolicy   *policy);

/* The translated article, or NULL for NULL. */
char      *_sd_cli_article               (const SdArticle *article);
/* "@text (@article)", or @text alone when @article is NULL. */
char      *_sd_cli_with_article          (const char      *text,
                                          const SdArticle *article);
/* "Mainland China official working days (cn-mainland)" */
char      *_sd_cli_calendar_label        (const char *calendar_id);
/* "3 working days" */
char      *_sd_cli_working_days          (guint n);
/* The width of @text on a terminal: CJK characters take two columns. */
guint      _sd_cli_display_width         (const char *text);

/* Prints @node as pretty JSON on stdout; takes ownership. */
void       _sd_cli_print_json            (JsonNode   *node);
void       _sd_cli_print_json_object     (JsonObject *object);

/* Aligned text output: rows of "label:  value" and sub-lists. Rows added
 * after _sd_cli_table_group() align among themselves only, so that a long
 * list does not push a short section's values far to the right. */
typedef struct _SdCliTable SdCliTable;

SdCliTable *_sd_cli_table_new            (void);
void        _sd_cli_table_free           (SdCliTable *table);
/* A line of its own: a heading, or a list item without a value. */
void        _sd_cli_table_heading        (SdCliTable *table,
                                          guint       indent,
                                          const char *text);
/* "label:  value" */
void        _sd_cli_table_field          (SdCliTable *table,
                                          guint       indent,
                                          const char *label,
                                          const char *value);
/* "label  value": a list item with a detail column (@value may be NULL). */
void        _sd_cli_table_item           (SdCliTable *table,
                                          guint       indent,
                                          const char *label,
                                          const char *value);
void        _sd_cli_table_blank          (SdCliTable *table);
void        _sd_cli_table_group          (SdCliTable *table);
void        _sd_cli_table_print          (SdCliTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCliTable, _sd_cli_table_free)

G_END_DECLS
