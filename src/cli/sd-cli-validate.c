/* sd-cli-validate.c — `validate uscc|ric|resource-code VALUE…` */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sd-cli-private.h"

typedef gboolean (*ValidateFunc) (const char  *value,
                                  GError     **error);

static gboolean
validate_ric (const char  *value,
              GError     **error)
{
  /* Birth dates are checked against today. */
  return sd_identifier_validate_ric (value, NULL, error);
}

static const struct {
  const char   *kind;
  ValidateFunc  validate;
} validators[] = {
  { "uscc", sd_identifier_validate_uscc },
  { "ric", validate_ric },
  { "resource-code", sd_identifier_validate_resource_code },
};

static ValidateFunc
find_validator (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (validators); i++)
    if (strcmp (validators[i].kind, kind) == 0)
      return validators[i].validate;
  return NULL;
}

static JsonNode *
result_to_json (const char   *value,
                const GError *error)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, "value", value);
  json_object_set_boolean_member (object, "valid", error == NULL);
  if (error != NULL)
    json_object_set_string_member (object, "reason", error->message);
  else
    json_object_set_null_member (object, "reason");
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static void
print_result (const char   *value,
              const GError *error)
{
  if (error == NULL)
    /* Translators: %s is the value checked, e.g. a 统一社会信用代码 */
    g_print (_("%s: valid"), value);
  else
    /* Translators: the first %s is the value checked, the second says
     * what is wrong with it */
    g_print (_("%s: %s"), value, error->message);
  g_print ("\n");
}

SdCliExit
_sd_cli_run_validate (const SdCliContext *ctx)
{
  ValidateFunc validate = find_validator (ctx->args[0]);
  g_autoptr(JsonArray) results = json_array_new ();
  gboolean all_valid = TRUE;

  if (validate == NULL)
    {
      /* Translators: %s is what the user typed; keep the three kinds as they are */
      _sd_cli_error (_("Unknown kind of identifier “%s”: use uscc (统一社会信用代码), ric (居民身份证号码) or resource-code (信息资源代码)."),
                     ctx->args[0]);
      _sd_cli_usage_hint ();
      return SD_CLI_EXIT_USAGE;
    }

  for (guint i = 1; i < ctx->n_args; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!validate (ctx->args[i], &error))
        all_valid = FALSE;
      if (ctx->json)
        json_array_add_element (results, result_to_json (ctx->args[i], error));
      else
        print_result (ctx->args[i], error);
    }

  if (ctx->json)
    {
      JsonNode *root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, results);
      _sd_cli_print_json (root);
    }
  return all_valid ? SD_CLI_EXIT_OK : SD_CLI_EXIT_FAILED;
}
