/* sd-test-utils.c — helpers shared by the tests. */
#include "sd-test-utils.h"

#include <stdarg.h>

void
sd_test_date (GDate *date, const char *iso)
{
  g_date_clear (date, 1);
  if (!sd_date_parse_iso (iso, date))
    g_error ("not a date: %s", iso);
}

SdCalendar *
sd_test_calendar (void)
{
  g_autoptr(GError) error = NULL;
  SdCalendar *calendar = sd_calendar_new ();
  const char *srcdir = g_getenv ("SHAREDESK_SOURCE_DIR");
  g_autofree char *dir = NULL;

  /* The built-in years, read from the source tree so that the test does
   * not depend on the user's data dir. */
  g_assert_nonnull (srcdir);
  dir = g_build_filename (srcdir, "data", "holidays", NULL);
  sd_calendar_load_directory (calendar, dir, &error);
  g_assert_no_error (error);
  return calendar;
}

SdPolicy *
sd_test_policy (const char *id)
{
  g_autoptr(GError) error = NULL;
  SdPolicy *policy = sd_policy_load_builtin (id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (policy);
  return policy;
}

char *
sd_test_read_data (const char *name, gsize *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

SdWorkflowRequest *
sd_test_request (const char *action,
                 SdRole      role,
                 const char *department,
                 const char *iso_date,
                 ...)
{
  GDate date;
  SdWorkflowRequest *request;
  va_list args;
  const char *name;

  sd_test_date (&date, iso_date);
  request = sd_workflow_request_new (action, role, department, &date);
  va_start (args, iso_date);
  while ((name = va_arg (args, const char *)) != NULL)
    sd_workflow_request_set (request, name, va_arg (args, const char *));
  va_end (args);
  return request;
}

void
sd_test_assert_date (const GDate *date,
                     const char  *iso)
{
  g_autofree char *text = NULL;

  if (iso == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  g_assert_true (g_date_valid (date));
  text = sd_date_to_iso (date);
  g_assert_cmpstr (text, ==, iso);
}

SdCatalogueEntry *
sd_test_entry (const char   *id,
               const char   *resource_code,
               const char   *name,
               SdEntryState  state)
{
  SdCatalogueEntry *entry = sd_catalogue_entry_new ();

  sd_catalogue_entry_set_id (entry, id);
  sd_catalogue_entry_set_resource_code (entry, resource_code);
  sd_catalogue_entry_set_name (entry, name);
  sd_catalogue_entry_set_provider_uscc (entry, SD_TEST_USCC_PROVIDER);
  sd_catalogue_entry_set_state (entry, state);
  return entry;
}

SdWorkflowEvent *
sd_test_event_at (GPtrArray *history,
                  guint      index)
{
  g_assert_cmpuint (index, <, history->len);
  return g_ptr_array_index (history, index);
}

void
sd_test_json_edit (JsonNode             *node,
                   const SdTestJsonEdit *edit)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value = json_from_string (edit->value, &error);

  g_assert_no_error (error);
  json_object_set_member (json_node_get_object (node), edit->member, value);
}

void
sd_test_add_json_edits (const char           *prefix,
                        const SdTestJsonEdit *edits,
                        gsize                 n_edits,
                        GTestDataFunc         func)
{
  for (gsize i = 0; i < n_edits; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, edits[i].name);

      g_test_add_data_func (path, &edits[i], func);
    }
}
