/* test-platform-openapi.c — keeps docs/api/openapi.yaml true: every route
 * the running platform registers is documented under "paths", and every
 * documented operation exists in the router.
 *
 * The YAML is read minimally, without a YAML library: under the top-level
 * "paths:" key, a path is a key at two spaces of indent and its operations
 * are keys at four. The document is written to keep to that layout.
 */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"

static const char * const http_methods[] = {
  "get", "put", "post", "delete", "options", "head", "patch", "trace",
};

static char *
read_openapi (void)
{
  const char *srcdir = g_getenv ("SHAREDESK_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_nonnull (srcdir);
  path = g_build_filename (srcdir, "docs", "api", "openapi.yaml", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
is_http_method (const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS (http_methods); i++)
    if (strcmp (word, http_methods[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "key:" (nothing after the colon) at exactly @indent spaces, or NULL. */
static char *
key_at_indent (const char *line,
               guint       indent)
{
  const char *key = line + indent;
  gsize length = strlen (line);

  if (length <= indent || strspn (line, " ") != indent || line[length - 1] != ':')
    return NULL;
  return g_strndup (key, length - indent - 1);
}

/* "METHOD /path" for each operation under "paths:". */
static GPtrArray *
documented_operations (const char *yaml)
{
  g_auto(GStrv) lines = g_strsplit (yaml, "\n", -1);
  GPtrArray *operations = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  gboolean in_paths = FALSE;

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchomp (lines[i]);
      g_autofree char *key = NULL;

      g_assert_null (strchr (line, '\t'));
      /* Blank lines and comments change nothing. */
      if (line[strspn (line, " ")] == '\0' || line[strspn (line, " ")] == '#')
        continue;
      if (line[0] != ' ')
        {
          in_paths = strcmp (line, "paths:") == 0;
          continue;
        }
      if (!in_paths)
        continue;
      if ((key = key_at_indent (line, 2)) != NULL)
        {
          g_assert_true (g_str_has_prefix (key, "/api/v1/"));
          g_free (path);
          path = g_steal_pointer (&key);
        }
      else if ((key = key_at_indent (line, 4)) != NULL && is_http_method (key))
        {
          g_autofree char *method = g_ascii_strup (key, -1);

          g_assert_nonnull (path);
          g_ptr_array_add (operations, g_strconcat (method, " ", path, NULL));
        }
    }
  return operations;
}

static gboolean
contains (GPtrArray  *strings,
          const char *value)
{
  return g_ptr_array_find_with_equal_func (strings, value, g_str_equal, NULL);
}

/* Runs in the server's thread once its routes are registered. */
static void
take_routes (SdPlatformServer *server,
             gpointer          user_data)
{
  GStrv *routes = user_data;

  *routes = sd_platform_server_list_routes (server);
}

static void
test_routes_documented (void)
{
  g_auto(GStrv) routes = NULL;
  SdTestPlatform *platform = sd_test_platform_start_with_setup ("mot-2021", NULL, take_routes, &routes);
  g_autofree char *yaml = read_openapi ();
  g_autoptr(GPtrArray) documented = documented_operations (yaml);
  g_autoptr(GPtrArray) registered = g_ptr_array_new ();

  g_assert_nonnull (routes);
  g_assert_cmpuint (g_strv_length (routes), >, 0);

  for (gsize i = 0; routes[i] != NULL; i++)
    {
      g_test_message ("route %s", routes[i]);
      g_ptr_array_add (registered, routes[i]);
      if (!contains (documented, routes[i]))
        g_error ("%s is not documented in docs/api/openapi.yaml", routes[i]);
    }
  for (guint i = 0; i < documented->len; i++)
    if (!contains (registered, documented->pdata[i]))
      g_error ("docs/api/openapi.yaml documents %s, which the router does not have",
               (const char *) documented->pdata[i]);
  g_assert_cmpuint (documented->len, ==, registered->len);

  /* And the running platform answers each one: without a token, 401 (or
   * 422 for a log-in without credentials, 404 for a receipt code that
   * is none) — never 405, and 404 only there. */
  for (guint i = 0; i < documented->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (documented->pdata[i], " ", 2);
      g_autoptr(GRegex) parameter = g_regex_new ("\\{[a-z_]+\\}", 0, 0, NULL);
      g_autofree char *path = g_regex_replace_literal (parameter, parts[1], -1, 0, "x", 0, NULL);
      g_autoptr(SdTestResponse) response = sd_test_platform_request (platform, parts[0], path, NULL,
                                                                     g_str_equal (parts[0], "GET") ||
                                                                     g_str_equal (parts[0], "DELETE")
                                                                     ? NULL : "{}");

      g_test_message ("%s %s -> %u", parts[0], path, response->status);
      if (g_str_equal (documented->pdata[i], "POST /api/v1/session"))
        sd_test_assert_problem (response, 422, SD_PROBLEM_VALIDATION);
      /* Public: anyone may check a printed receipt; "x" is no code. */
      else if (g_str_equal (documented->pdata[i], "GET /api/v1/receipts/verify/{code}"))
        sd_test_assert_problem (response, 404, SD_PROBLEM_NOT_FOUND);
      else
        sd_test_assert_problem (response, 401, SD_PROBLEM_UNAUTHENTICATED);
    }

  sd_test_platform_stop (platform);
}

/* Every problem type the server can send is documented. */
static void
test_problem_types_documented (void)
{
  const char *types[] = {
    SD_PROBLEM_BAD_REQUEST, SD_PROBLEM_UNAUTHENTICATED, SD_PROBLEM_FORBIDDEN, SD_PROBLEM_NOT_FOUND,
    SD_PROBLEM_METHOD, SD_PROBLEM_CONFLICT, SD_PROBLEM_PRECONDITION, SD_PROBLEM_TOO_LARGE,
    SD_PROBLEM_MEDIA_TYPE, SD_PROBLEM_VALIDATION, SD_PROBLEM_PRECONDITION_REQUIRED,
    SD_PROBLEM_THROTTLED, SD_PROBLEM_TIMEOUT, SD_PROBLEM_INTERNAL,
  };
  g_autofree char *yaml = read_openapi ();

  g_assert_true (g_str_has_prefix (yaml, "openapi: 3.0.3\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (strstr (yaml, types[i]) == NULL)
      g_error ("the problem type %s is not in docs/api/openapi.yaml", types[i]);
}

/* The minimal reader itself: it must see what it is meant to see. */
static void
test_reader (void)
{
  const char *yaml =
    "openapi: 3.0.3\n"
    "paths:\n"
    "  /api/v1/a:\n"
    "    get:\n"
    "      responses:\n"
    "        '200':\n"
    "          description: ok\n"
    "    parameters:\n"
    "      - name: x\n"
    "\n"
    "  # a comment\n"
    "  /api/v1/b/{id}:\n"
    "    patch:\n"
    "      summary: patch:\n"
    "    delete:\n"
    "components:\n"
    "  /api/v1/not-a-path:\n"
    "    get:\n";
  g_autoptr(GPtrArray) operations = documented_operations (yaml);

  g_assert_cmpuint (operations->len, ==, 3);
  g_assert_cmpstr (operations->pdata[0], ==, "GET /api/v1/a");
  g_assert_cmpstr (operations->pdata[1], ==, "PATCH /api/v1/b/{id}");
  g_assert_cmpstr (operations->pdata[2], ==, "DELETE /api/v1/b/{id}");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/platform/openapi/reader", test_reader);
  g_test_add_func ("/platform/openapi/routes-documented", test_routes_documented);
  g_test_add_func ("/platform/openapi/problem-types-documented", test_problem_types_documented);
  return g_test_run ();
}
