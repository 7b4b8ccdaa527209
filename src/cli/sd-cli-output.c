/* sd-cli-output.c — what the commands share: messages, profile loading,
 * aligned text and JSON output. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sd-cli-private.h"

typedef enum {
  ROW_HEADING,
  ROW_FIELD,
  ROW_ITEM,
  ROW_BLANK,
  ROW_GROUP,   /* not printed: starts a new alignment group */
} RowKind;

typedef struct {
  RowKind  kind;
  guint    indent;
  char    *label;
  char    *value;
} Row;

struct _SdCliTable {
  GArray *rows;   /* of Row */
};

void
_sd_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: %s\n", g_get_prgname (), message);
}

void
_sd_cli_usage_hint (void)
{
  /* Translators: %s is the program name, "sharedesk-cli" */
  g_printerr (_("Try “%s --help” for the commands and options."), g_get_prgname ());
  g_printerr ("\n");
}

SdPolicy *
_sd_cli_load_policy (const char *id,
                     SdCliExit  *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *known = NULL;
  SdPolicy *policy = sd_policy_load_builtin (id, &error);

  if (policy != NULL)
    return policy;

  if (!g_error_matches (error, SD_POLICY_ERROR, SD_POLICY_ERROR_NOT_FOUND))
    {
      _sd_cli_error ("%s", error->message);
      *exit_code = SD_CLI_EXIT_FAILED;
      return NULL;
    }
  known = g_strjoinv (_sd_cli_list_separator (), (char **) sd_policy_list_builtin ());
  /* Translators: the first %s is what the user typed, the second the list
   * of profile ids */
  _sd_cli_error (_("There is no policy profile “%s”. The profiles are: %s."), id, known);
  _sd_cli_usage_hint ();
  *exit_code = SD_CLI_EXIT_USAGE;
  return NULL;
}

const char *
_sd_cli_list_separator (void)
{
  /* Translators: between the items of a list, "Approve, Refuse"; Chinese
   * uses "、" */
  return C_("list separator", ", ");
}

char *
_sd_cli_policy_heading (SdPolicy *policy)
{
  return g_strdup_printf ("%s — %s", sd_policy_get_id (policy), sd_policy_get_label (policy));
}

char *
_sd_cli_article (const SdArticle *article)
{
  return article != NULL ? sd_article_format (article) : NULL;
}

char *
_sd_cli_with_article (const char      *text,
                      const SdArticle *article)
{
  g_autofree char *formatted = _sd_cli_article (article);

  if (formatted == NULL)
    return g_strdup (text);
  return g_strdup_printf ("%s (%s)", text, formatted);
}

char *
_sd_cli_working_days (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u working day", "%u working days", n),
                          n);
}

guint
_sd_cli_display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

void
_sd_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  json_node_unref (node);

  /* Raw UTF-8 whatever the locale: g_print() would transliterate the
   * Chinese titles under a non-UTF-8 locale and break the JSON. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
_sd_cli_print_json_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  _sd_cli_print_json (node);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_free (row->value);
}

SdCliTable *
_sd_cli_table_new (void)
{
  SdCliTable *table = g_new0 (SdCliTable, 1);

  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (table->rows, row_clear);
  return table;
}

void
_sd_cli_table_free (SdCliTable *table)
{
  g_array_unref (table->rows);
  g_free (table);
}

static void
add_row (SdCliTable *table,
         RowKind     kind,
         guint       indent,
         const char *label,
         const char *value)
{
  Row row = { kind, indent, g_strdup (label), g_strdup (value) };

  g_array_append_val (table->rows, row);
}

void
_sd_cli_table_heading (SdCliTable *table,
                       guint       indent,
                       const char *text)
{
  add_row (table, ROW_HEADING, indent, text, NULL);
}

void
_sd_cli_table_field (SdCliTable *table,
                     guint       indent,
                     const char *label,
                     const char *value)
{
  /* Translators: a label before its value, "Issuer: Ministry of Transport" */
  g_autofree char *with_colon = g_strdup_printf (_("%s:"), label);

  add_row (table, ROW_FIELD, indent, with_colon, value);
}

void
_sd_cli_table_item (SdCliTable *table,
                    guint       indent,
                    const char *label,
                    const char *value)
{
  if (value == NULL || *value == '\0')
    add_row (table, ROW_HEADING, indent, label, NULL);
  else
    add_row (table, ROW_ITEM, indent, label, value);
}

void
_sd_cli_table_blank (SdCliTable *table)
{
  add_row (table, ROW_BLANK, 0, NULL, NULL);
}

void
_sd_cli_table_group (SdCliTable *table)
{
  add_row (table, ROW_GROUP, 0, NULL, NULL);
}

/* The column where the values of the group starting at @first begin. */
static guint
group_value_column (SdCliTable *table,
                    guint       first)
{
  guint column = 0;

  for (guint i = first; i < table->rows->len; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);

      if (row->kind == ROW_GROUP)
        break;
      if ((row->kind == ROW_FIELD || row->kind == ROW_ITEM) && row->value != NULL)
        column = MAX (column, row->indent + _sd_cli_display_width (row->label) + 2);
    }
  return column;
}

static void
print_row (const Row *row,
           guint      column)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (row->kind == ROW_BLANK)
    {
      g_print ("\n");
      return;
    }
  g_string_append_printf (line, "%*s%s", (int) row->indent, "", row->label);
  if (row->value != NULL)
    {
      guint used = row->indent + _sd_cli_display_width (row->label);

      g_string_append_printf (line, "%*s%s", (int) (column - used), "", row->value);
    }
  g_print ("%s\n", line->str);
}

void
_sd_cli_table_print (SdCliTable *table)
{
  guint column = group_value_column (table, 0);

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);

      if (row->kind == ROW_GROUP)
        column = group_value_column (table, i + 1);
      else
        print_row (row, column);
    }
}
