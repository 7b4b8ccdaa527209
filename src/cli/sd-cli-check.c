/* sd-cli-check.c — `check FILE.json --profile ID`: a catalogue entry
 * against the compliance rules of a profile. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sd-cli-private.h"

static gboolean
read_stdin (char  **contents,
            gsize  *length,
            GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_byte_array_append (data, buffer, n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                           _("Could not read standard input."));
      return FALSE;
    }
  *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}

/* Reads the file, or standard input for "-". */
static gboolean
read_input (const char  *path,
            char       **contents,
            gsize       *length,
            GError     **error)
{
  if (strcmp (path, "-") == 0)
    return read_stdin (contents, length, error);
  return g_file_get_contents (path, contents, length, error);
}

static const char *
input_name (const char *path)
{
  return strcmp (path, "-") == 0 ? _("standard input") : path;
}

static SdCatalogueEntry *
load_entry (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  SdCatalogueEntry *entry;

  if (!read_input (path, &contents, &length, &error))
    {
      _sd_cli_error ("%s", error->message);
      return NULL;
    }
  entry = sd_catalogue_entry_new_from_data (contents, length, &error);
  if (entry == NULL)
    {
      /* Translators: the first %s is the file name, the second why the
       * catalogue entry in it cannot be read */
      _sd_cli_error (_("%s is not a valid catalogue entry: %s"), input_name (path), error->message);
      return NULL;
    }
  return entry;
}

static char *
entry_title (SdCatalogueEntry *entry)
{
  const char *name = sd_catalogue_entry_get_name (entry);
  const char *code = sd_catalogue_entry_get_resource_code (entry);

  if (name == NULL || *name == '\0')
    name = _("(no name)");
  if (code == NULL || *code == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s (%s)", name, code);
}

static char *
pad (const char *text,
     guint       width)
{
  guint used = _sd_cli_display_width (text);

  return g_strdup_printf ("%s%*s", text, (int) (width > used ? width - used : 0), "");
}

static char *
finding_field_label (const SdFinding *finding)
{
  if (finding->field == NULL || *finding->field == '\0')
    return g_strdup (_("Entry"));
  return sd_catalogue_entry_field_label (finding->field);
}

static void
print_findings (GPtrArray *findings)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  guint severity_width = 0;
  guint field_width = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = findings->pdata[i];
      char *field = finding_field_label (finding);

      g_ptr_array_add (fields, field);
      severity_width = MAX (severity_width,
                            _sd_cli_display_width (sd_severity_get_label (finding->severity)));
      field_width = MAX (field_width, _sd_cli_display_width (field));
    }
  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = findings->pdata[i];
      g_autofree char *severity = pad (sd_severity_get_label (finding->severity), severity_width);
      g_autofree char *field = pad (fields->pdata[i], field_width);

      g_print ("%s  %s  %s\n", severity, field, finding->message);
    }
}

static char *
summary_counts (guint errors,
                guint warnings)
{
  g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u error", "%u errors", errors),
                                        errors);
  g_autofree char *w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u warning", "%u warnings", warnings),
                                        warnings);

  /* Translators: "2 errors, 1 warning" */
  return g_strdup_printf (_("%s, %s"), e, w);
}

static const char *
verdict (guint errors,
         guint warnings)
{
  if (errors > 0)
    return _("The entry does not pass the check: fix the errors before publishing it.");
  if (warnings > 0)
    return _("The entry passes the check; review the warnings.");
  return _("The entry passes the check with no findings.");
}

static void
print_report (SdPolicy         *policy,
              SdCatalogueEntry *entry,
              GPtrArray        *findings)
{
  g_autoptr(SdCliTable) header = _sd_cli_table_new ();
  g_autoptr(SdCliTable) footer = _sd_cli_table_new ();
  g_autofree char *title = entry_title (entry);
  g_autofree char *heading = _sd_cli_policy_heading (policy);
  guint errors = sd_compliance_count (findings, SD_SEVERITY_ERROR);
  guint warnings = sd_compliance_count (findings, SD_SEVERITY_WARNING);
  g_autofree char *counts = summary_counts (errors, warnings);

  _sd_cli_table_field (header, 0, _("Entry"), title);
  _sd_cli_table_field (header, 0, _("Profile"), heading);
  _sd_cli_table_print (header);
  if (findings->len > 0)
    {
      g_print ("\n");
      print_findings (findings);
    }
  g_print ("\n");
  _sd_cli_table_field (footer, 0, _("Summary"), counts);
  _sd_cli_table_print (footer);
  g_print ("%s\n", verdict (errors, warnings));
}

static void
print_report_json (SdPolicy   *policy,
                   const char *path,
                   GPtrArray  *findings)
{
  JsonObject *report = json_object_new ();
  JsonArray *array = json_array_sized_new (findings->len);
  guint errors = sd_compliance_count (findings, SD_SEVERITY_ERROR);

  for (guint i = 0; i < findings->len; i++)
    json_array_add_element (array, sd_finding_to_json (findings->pdata[i]));
  json_object_set_string_member (report, "profile", sd_policy_get_id (policy));
  json_object_set_string_member (report, "file", path);
  json_object_set_boolean_member (report, "passed", errors == 0);
  json_object_set_int_member (report, "errors", errors);
  json_object_set_int_member (report, "warnings",
                              sd_compliance_count (findings, SD_SEVERITY_WARNING));
  json_object_set_array_member (report, "findings", array);
  _sd_cli_print_json_object (report);
}

SdCliExit
_sd_cli_run_check (const SdCliContext *ctx)
{
  SdCliExit exit_code = SD_CLI_EXIT_OK;
  g_autoptr(SdPolicy) policy = _sd_cli_load_policy (ctx->profile_id, &exit_code);
  g_autoptr(SdCatalogueEntry) entry = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  if (policy == NULL)
    return exit_code;
  entry = load_entry (ctx->args[0]);
  if (entry == NULL)
    return SD_CLI_EXIT_USAGE;

  findings = sd_compliance_check (policy, entry);
  if (ctx->json)
    print_report_json (policy, ctx->args[0], findings);
  else
    print_report (policy, entry, findings);
  return sd_compliance_count (findings, SD_SEVERITY_ERROR) > 0 ? SD_CLI_EXIT_FAILED
                                                               : SD_CLI_EXIT_OK;
}
