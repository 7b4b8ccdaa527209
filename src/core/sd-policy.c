/* sd-policy.c — policy profiles: parsing, look-ups and serialisation.
 *
 * The parser is strict on purpose: a profile is the law the platform
 * enforces, so a typo in a member name or an article must stop the load
 * rather than silently drop a rule. Every error names the JSON path of the
 * offending member (e.g. "share_types[1].stages[0].forward_to").
 * docs/policy-format.md fixes the format.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sd-core-private.h"
#include "sd-policy.h"
#include "sd-workflow-private.h"

struct _SdPolicy
{
  GObject parent_instance;

  char          *id;
  char          *title;
  char          *label;
  char          *document_number;
  char          *issuer;
  char          *platform;
  char          *effective_date;
  char          *calendar;
  GStrv          core_fields;
  SdArticle     *core_fields_article;
  GPtrArray     *share_types;
  GPtrArray     *share_methods;
  GPtrArray     *update_cycles;
  GPtrArray     *security_levels;
  GPtrArray     *basic_categories;
  GPtrArray     *negotiation_levels;
  GPtrArray     *objection_stages;
  SdPolicyStage *rectification_stage;
  GPtrArray     *violation_kinds;
  GPtrArray     *sanctions;
  GPtrArray     *provisions;
  GPtrArray     *rules;
};

G_DEFINE_FINAL_TYPE (SdPolicy, sd_policy, G_TYPE_OBJECT)

G_DEFINE_QUARK (sd-policy-error-quark, sd_policy_error)

static const char * const builtin_ids[] = {
  "mot-2021",
  "state-council-2016",
  "panjin-2016",
  NULL
};

static const char * const stage_actions[] = {
  "approve", "refuse", "request-materials", "forward", "answer", "respond", NULL
};

static const char * const provision_units[] = {
  "working-days", "months", "month-day", NULL
};

/* Members each kind of object may have, in the order they are written. */
static const char * const profile_members[] = {
  "id", "title", "label", "document_number", "issuer", "platform",
  "effective_date", "calendar", "core_fields", "share_types", "share_methods",
  "update_cycles", "security_levels", "basic_categories", "negotiation_levels",
  "objection_stages", "rectification_stage", "violation_kinds", "sanctions",
  "provisions", "rules", NULL
};
static const char * const core_fields_members[] = { "article", "fields", NULL };
static const char * const item_members[] = { "id", "label", "article", NULL };
static const char * const role_item_members[] = { "id", "label", "article", "role", NULL };
static const char * const stage_members[] = {
  "id", "label", "role", "deadline_wd", "article", "actions",
  "delegate_role", "delegation_article", "forward_to", NULL
};
static const char * const share_type_members[] = {
  "id", "code", "label", "article", "required_fields", "methods", "stages",
  "negotiation", "open_to_public_allowed", NULL
};
static const char * const provision_members[] = { "id", "label", "article", "value", "unit", NULL };
static const char * const rule_members[] = { "id", "severity", "article", NULL };

/* ------------------------------------------------------------------ */
/* The element structs                                                 */

static void
policy_item_free (SdPolicyItem *item)
{
  g_free (item->id);
  g_free (item->label);
  g_clear_pointer (&item->article, sd_article_free);
  g_free (item);
}

void
_sd_policy_stage_free (SdPolicyStage *stage)
{
  if (stage == NULL)
    return;
  g_free (stage->id);
  g_free (stage->label);
  g_clear_pointer (&stage->article, sd_article_free);
  g_strfreev (stage->actions);
  g_clear_pointer (&stage->delegation_article, sd_article_free);
  g_free (stage->forward_to);
  g_free (stage);
}

static void
share_type_free (SdShareType *share_type)
{
  g_free (share_type->id);
  g_free (share_type->label);
  g_clear_pointer (&share_type->article, sd_article_free);
  g_strfreev (share_type->required_fields);
  g_strfreev (share_type->methods);
  g_clear_pointer (&share_type->stages, g_ptr_array_unref);
  g_free (share_type);
}

static void
provision_free (SdProvision *provision)
{
  g_free (provision->id);
  g_free (provision->label);
  g_clear_pointer (&provision->article, sd_article_free);
  g_free (provision->unit);
  g_free (provision);
}

static void
policy_rule_free (SdPolicyRule *rule)
{
  g_free (rule->id);
  g_clear_pointer (&rule->article, sd_article_free);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPolicyItem, policy_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPolicyStage, _sd_policy_stage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdShareType, share_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdProvision, provision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPolicyRule, policy_rule_free)

/* Every element struct starts with its "char *id", which lets one function
 * check any list for duplicate ids. */
static const char *
element_id (gconstpointer element)
{
  return *(char * const *) element;
}

/* ------------------------------------------------------------------ */
/* Reading JSON members with their paths                               */

/* One JSON object being read: its path for error messages and the profile
 * the articles in it belong to. */
typedef struct {
  JsonObject *object;
  const char *path;        /* "" for the profile itself */
  const char *profile_id;
} Reader;

static char *
member_path (const char *parent,
             const char *name)
{
  if (*parent == '\0')
    return g_strdup (name);
  return g_strconcat (parent, ".", name, NULL);
}

static char *
element_path (const char *parent,
              guint       index)
{
  return g_strdup_printf ("%s[%u]", parent, index);
}

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;
  GError *invalid;

  va_start (args, format);
  invalid = g_error_new_valist (SD_POLICY_ERROR, SD_POLICY_ERROR_INVALID, format, args);
  va_end (args);
  g_propagate_error (error, invalid);
  return FALSE;
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
reader_init (Reader             *reader,
             JsonNode           *node,
             const char         *path,
             const char         *profile_id,
             const char * const *allowed,
             GError            **error)
{
  g_autoptr(GList) names = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (*path == '\0')
        return set_invalid (error, _("A policy profile must be a JSON object"));
      return set_invalid (error,
                          /* Translators: %s is a JSON path, e.g. share_types[1] */
                          _("“%s” must be an object"), path);
    }

  reader->object = json_node_get_object (node);
  reader->path = path;
  reader->profile_id = profile_id;

  names = json_object_get_members (reader->object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *unknown = member_path (path, l->data);

        return set_invalid (error,
                            /* Translators: %s is a JSON path, e.g. share_types[1].colour */
                            _("Unknown member “%s” in the policy profile"), unknown);
      }

  return TRUE;
}

/* The member @name, or NULL with an error when it is missing. */
static JsonNode *
reader_require (Reader      *reader,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (reader->object, name);

  if (node == NULL)
    {
      g_autofree char *path = member_path (reader->path, name);

      set_invalid (error,
                   /* Translators: %s is a JSON path, e.g. share_types[1].label */
                   _("Missing member “%s” in the policy profile"), path);
    }
  return node;
}

static gboolean
read_string (JsonNode    *node,
             const char  *path,
             char       **out,
             GError     **error)
{
  if (!holds_type (node, G_TYPE_STRING) || *json_node_get_string (node) == '\0')
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. share_types[1].label */
                        _("“%s” must be a non-empty string"), path);

  *out = json_node_dup_string (node);
  return TRUE;
}

static gboolean
reader_string (Reader      *reader,
               const char  *name,
               char       **out,
               GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  return node != NULL && read_string (node, path, out, error);
}

static gboolean
reader_optional_string (Reader      *reader,
                        const char  *name,
                        char       **out,
                        GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = json_object_get_member (reader->object, name);

  *out = NULL;
  return node == NULL || read_string (node, path, out, error);
}

static gboolean
read_int (JsonNode    *node,
          const char  *path,
          int         *out,
          GError     **error)
{
  gint64 value;

  if (!holds_type (node, G_TYPE_INT64))
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. share_types[1].code */
                        _("“%s” must be a whole number"), path);

  value = json_node_get_int (node);
  if (value < 0)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. objection_stages[0].deadline_wd */
                        _("“%s” must not be negative"), path);
  if (value > G_MAXINT)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. objection_stages[0].deadline_wd */
                        _("“%s” is too large"), path);

  *out = (int) value;
  return TRUE;
}

static gboolean
reader_int (Reader      *reader,
            const char  *name,
            int         *out,
            GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  return node != NULL && read_int (node, path, out, error);
}

static gboolean
reader_boolean (Reader      *reader,
                const char  *name,
                gboolean    *out,
                GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  if (node == NULL)
    return FALSE;
  if (!holds_type (node, G_TYPE_BOOLEAN))
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. share_types[1].negotiation */
                        _("“%s” must be true or false"), path);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonArray *
reader_array (Reader      *reader,
              const char  *name,
              GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error,
                   /* Translators: %s is a JSON path, e.g. share_types[1].stages */
                   _("“%s” must be an array"), path);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
reader_string_array (Reader      *reader,
                     const char  *name,
                     GStrv       *out,
                     GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonArray *array = reader_array (reader, name, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *value_path = element_path (path, i);
      g_autofree char *value = NULL;

      if (!read_string (json_array_get_element (array, i), value_path, &value, error))
        return FALSE;
      g_strv_builder_add (builder, value);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_role (JsonNode    *node,
           const char  *path,
           SdRole      *out,
           GError     **error)
{
  g_autofree char *name = NULL;

  if (!read_string (node, path, &name, error))
    return FALSE;

  *out = sd_role_from_string (name);
  if (*out == SD_ROLE_INVALID)
    return set_invalid (error,
                        /* Translators: the first %s is the value found, the second a
                         * JSON path; keep the role names, they are the data format */
                        _("“%s” at “%s” is not a role (provider, consumer, support, supervisor or admin)"),
                        name, path);
  return TRUE;
}

static gboolean
reader_role (Reader      *reader,
             const char  *name,
             SdRole      *out,
             GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  return node != NULL && read_role (node, path, out, error);
}

static gboolean
reader_optional_role (Reader      *reader,
                      const char  *name,
                      SdRole      *out,
                      GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = json_object_get_member (reader->object, name);

  *out = SD_ROLE_INVALID;
  return node == NULL || read_role (node, path, out, error);
}

static gboolean
read_article (JsonNode    *node,
              const char  *path,
              const char  *profile_id,
              gboolean     nullable,
              SdArticle  **out,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!holds_type (node, G_TYPE_STRING))
    {
      if (nullable)
        return set_invalid (error,
                            /* Translators: %s is a JSON path; keep “art. 12” */
                            _("“%s” must be an article such as “art. 12” or null"), path);
      return set_invalid (error,
                          /* Translators: %s is a JSON path; keep “art. 12” */
                          _("“%s” must be an article such as “art. 12”"), path);
    }

  *out = sd_article_parse (profile_id, json_node_get_string (node), &local_error);
  if (*out == NULL)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, then the reason */
                        _("Invalid article at “%s”: %s"), path, local_error->message);
  return TRUE;
}

static gboolean
reader_article (Reader      *reader,
                const char  *name,
                gboolean     nullable,
                SdArticle  **out,
                GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = reader_require (reader, name, error);

  *out = NULL;
  return node != NULL && read_article (node, path, reader->profile_id, nullable, out, error);
}

static gboolean
reader_optional_article (Reader      *reader,
                         const char  *name,
                         SdArticle  **out,
                         GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonNode *node = json_object_get_member (reader->object, name);

  *out = NULL;
  return node == NULL || read_article (node, path, reader->profile_id, FALSE, out, error);
}

static guint
digits_value (const char *text,
              gsize       length)
{
  guint value = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return 0;
      value = value * 10 + (guint) (text[i] - '0');
    }
  return value;
}

/* Exactly YYYY-MM-DD, and a real day. */
static gboolean
is_iso_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  return year != 0 && g_date_valid_dmy (day, month, year);
}

static gboolean
reader_date (Reader      *reader,
             const char  *name,
             char       **out,
             GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  g_autofree char *text = NULL;

  if (!reader_string (reader, name, &text, error))
    return FALSE;

  if (!is_iso_date (text))
    return set_invalid (error,
                        /* Translators: the first %s is the value found, the second a JSON path */
                        _("“%s” at “%s” is not a date written YYYY-MM-DD"), text, path);

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Parsing the elements                                                */

typedef gpointer (*ParseFunc) (JsonNode    *node,
                               const char  *path,
                               const char  *profile_id,
                               GError     **error);

static gboolean
check_unique_ids (GPtrArray   *elements,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < elements->len; i++)
    {
      const char *id = element_id (g_ptr_array_index (elements, i));

      if (!g_hash_table_add (seen, (gpointer) id))
        {
          g_autofree char *id_path = g_strdup_printf ("%s[%u].id", path, i);

          return set_invalid (error,
                              /* Translators: the first %s is an id, the second a JSON path */
                              _("Duplicate id “%s” at “%s”"), id, id_path);
        }
    }
  return TRUE;
}

/* Parses the array @name of @reader with @parse into a new array whose
 * elements are freed by @free_func; ids must be unique. */
static GPtrArray *
reader_list (Reader         *reader,
             const char     *name,
             ParseFunc       parse,
             GDestroyNotify  free_func,
             GError        **error)
{
  g_autofree char *path = member_path (reader->path, name);
  JsonArray *array = reader_array (reader, name, error);
  g_autoptr(GPtrArray) elements = NULL;

  if (array == NULL)
    return NULL;

  elements = g_ptr_array_new_with_free_func (free_func);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = element_path (path, i);
      gpointer parsed = parse (json_array_get_element (array, i), element,
                               reader->profile_id, error);

      if (parsed == NULL)
        return NULL;
      g_ptr_array_add (elements, parsed);
    }

  if (!check_unique_ids (elements, path, error))
    return NULL;
  return g_steal_pointer (&elements);
}

static SdPolicyItem *
parse_item_members (JsonNode           *node,
                    const char         *path,
                    const char         *profile_id,
                    const char * const *members,
                    GError            **error)
{
  g_autoptr(SdPolicyItem) item = g_new0 (SdPolicyItem, 1);
  Reader reader;

  item->role = SD_ROLE_INVALID;
  if (!reader_init (&reader, node, path, profile_id, members, error)
      || !reader_string (&reader, "id", &item->id, error)
      || !reader_string (&reader, "label", &item->label, error)
      || !reader_article (&reader, "article", TRUE, &item->article, error))
    return NULL;

  return g_steal_pointer (&item);
}

static gpointer
parse_item (JsonNode    *node,
            const char  *path,
            const char  *profile_id,
            GError     **error)
{
  return parse_item_members (node, path, profile_id, item_members, error);
}

/* Negotiation levels name who decides at that level. */
static gpointer
parse_role_item (JsonNode    *node,
                 const char  *path,
                 const char  *profile_id,
                 GError     **error)
{
  g_autoptr(SdPolicyItem) item = parse_item_members (node, path, profile_id,
                                                     role_item_members, error);
  Reader reader;

  if (item == NULL)
    return NULL;

  reader = (Reader) { json_node_get_object (node), path, profile_id };
  if (!reader_role (&reader, "role", &item->role, error))
    return NULL;
  return g_steal_pointer (&item);
}

/* A basic category's id is the classification-code prefix it covers. */
static gpointer
parse_basic_category (JsonNode    *node,
                      const char  *path,
                      const char  *profile_id,
                      GError     **error)
{
  g_autoptr(SdPolicyItem) item = parse_item (node, path, profile_id, error);

  if (item == NULL)
    return NULL;

  for (const char *p = item->id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_autofree char *id_path = member_path (path, "id");

        set_invalid (error,
                     /* Translators: the first %s is an id, the second a JSON path */
                     _("Basic category “%s” at “%s” must be a classification-code prefix (digits only)"),
                     item->id, id_path);
        return NULL;
      }

  return g_steal_pointer (&item);
}

static gboolean
check_actions (SdPolicyStage  *stage,
               const char     *path,
               GError        **error)
{
  for (guint i = 0; stage->actions[i] != NULL; i++)
    if (!g_strv_contains (stage_actions, stage->actions[i]))
      {
        g_autofree char *action_path = g_strdup_printf ("%s.actions[%u]", path, i);

        return set_invalid (error,
                            /* Translators: the first %s is the value found, the second a
                             * JSON path; keep the action names, they are the data format */
                            _("“%s” at “%s” is not a stage action (approve, refuse, request-materials, forward, answer or respond)"),
                            stage->actions[i], action_path);
      }
  return TRUE;
}

/* "forward" needs a stage to forward to, and a forward_to is only
 * reachable through "forward". Whether that stage exists is checked with
 * the whole flow, in check_forwards(). */
static gboolean
check_forward_pairing (SdPolicyStage  *stage,
                       const char     *path,
                       GError        **error)
{
  gboolean forwards = g_strv_contains ((const char * const *) stage->actions, "forward");

  if (forwards && stage->forward_to == NULL)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. objection_stages[0] */
                        _("Stage “%s” allows “forward” but has no forward_to"), path);
  if (!forwards && stage->forward_to != NULL)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. objection_stages[0] */
                        _("Stage “%s” has a forward_to but does not allow “forward”"), path);
  return TRUE;
}

static gboolean
check_delegation_pairing (SdPolicyStage  *stage,
                          const char     *path,
                          GError        **error)
{
  if ((stage->delegate_role == SD_ROLE_INVALID) != (stage->delegation_article == NULL))
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. share_types[1].stages[1] */
                        _("Stage “%s” needs both delegate_role and delegation_article, or neither"),
                        path);
  return TRUE;
}

static gpointer
parse_stage (JsonNode    *node,
             const char  *path,
             const char  *profile_id,
             GError     **error)
{
  g_autoptr(SdPolicyStage) stage = g_new0 (SdPolicyStage, 1);
  Reader reader;
  int deadline = 0;

  stage->role = SD_ROLE_INVALID;
  stage->delegate_role = SD_ROLE_INVALID;
  if (!reader_init (&reader, node, path, profile_id, stage_members, error)
      || !reader_string (&reader, "id", &stage->id, error)
      || !reader_string (&reader, "label", &stage->label, error)
      || !reader_role (&reader, "role", &stage->role, error)
      || !reader_int (&reader, "deadline_wd", &deadline, error)
      || !reader_article (&reader, "article", FALSE, &stage->article, error)
      || !reader_string_array (&reader, "actions", &stage->actions, error)
      || !reader_optional_role (&reader, "delegate_role", &stage->delegate_role, error)
      || !reader_optional_article (&reader, "delegation_article", &stage->delegation_article, error)
      || !reader_optional_string (&reader, "forward_to", &stage->forward_to, error)
      || !check_actions (stage, path, error)
      || !check_forward_pairing (stage, path, error)
      || !check_delegation_pairing (stage, path, error))
    return NULL;

  stage->deadline_wd = (guint) deadline;
  return g_steal_pointer (&stage);
}

const SdPolicyStage *
_sd_policy_find_stage (GPtrArray  *stages,
                       const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (stages, i);

      if (g_str_equal (stage->id, id))
        return stage;
    }
  return NULL;
}

/* A stage forwards within its own flow: the stages of one share type, or
 * the objection stages. */
static gboolean
check_forwards (GPtrArray   *stages,
                const char  *path,
                GError     **error)
{
  for (guint i = 0; i < stages->len; i++)
    {
      const SdPolicyStage *stage = g_ptr_array_index (stages, i);

      if (stage->forward_to != NULL && _sd_policy_find_stage (stages, stage->forward_to) == NULL)
        {
          g_autofree char *forward_path = g_strdup_printf ("%s[%u].forward_to", path, i);

          return set_invalid (error,
                              /* Translators: the first %s is a JSON path, the second a stage id */
                              _("“%s” names the stage “%s”, which is not in the same flow"),
                              forward_path, stage->forward_to);
        }
    }
  return TRUE;
}

static GPtrArray *
reader_stages (Reader      *reader,
               const char  *name,
               GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  g_autoptr(GPtrArray) stages = reader_list (reader, name, parse_stage,
                                             (GDestroyNotify) _sd_policy_stage_free, error);

  if (stages == NULL || !check_forwards (stages, path, error))
    return NULL;
  return g_steal_pointer (&stages);
}

static gboolean
check_share_type_code (Reader      *reader,
                       int          code,
                       GError     **error)
{
  g_autofree char *path = member_path (reader->path, "code");

  if (code < 1 || code > 3)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. share_types[0].code */
                        _("“%s” must be 1, 2 or 3 (the national share type code)"), path);
  return TRUE;
}

static gpointer
parse_share_type (JsonNode    *node,
                  const char  *path,
                  const char  *profile_id,
                  GError     **error)
{
  g_autoptr(SdShareType) share_type = g_new0 (SdShareType, 1);
  Reader reader;
  int code = 0;

  if (!reader_init (&reader, node, path, profile_id, share_type_members, error)
      || !reader_string (&reader, "id", &share_type->id, error)
      || !reader_int (&reader, "code", &code, error)
      || !check_share_type_code (&reader, code, error)
      || !reader_string (&reader, "label", &share_type->label, error)
      || !reader_article (&reader, "article", FALSE, &share_type->article, error)
      || !reader_string_array (&reader, "required_fields", &share_type->required_fields, error)
      || !reader_string_array (&reader, "methods", &share_type->methods, error)
      || !(share_type->stages = reader_stages (&reader, "stages", error))
      || !reader_boolean (&reader, "negotiation", &share_type->negotiation, error)
      || !reader_boolean (&reader, "open_to_public_allowed",
                          &share_type->open_to_public_allowed, error))
    return NULL;

  share_type->code = (guint) code;
  return g_steal_pointer (&share_type);
}

static gboolean
check_unit (Reader       *reader,
            SdProvision  *provision,
            GError      **error)
{
  g_autofree char *unit_path = member_path (reader->path, "unit");
  g_autofree char *value_path = member_path (reader->path, "value");
  guint month = provision->value / 100;
  guint day = provision->value % 100;

  if (!g_strv_contains (provision_units, provision->unit))
    return set_invalid (error,
                        /* Translators: the first %s is the value found, the second a
                         * JSON path; keep the unit names, they are the data format */
                        _("“%s” at “%s” is not a unit (working-days, months or month-day)"),
                        provision->unit, unit_path);

  /* Any year will do: a deadline set on 29 February is not a thing. */
  if (g_str_equal (provision->unit, "month-day")
      && !g_date_valid_dmy (day, month, 2023))
    return set_invalid (error,
                        /* Translators: %d is a number, %s a JSON path */
                        _("%d at “%s” is not a month and day written MMDD (e.g. 228 for 28 February)"),
                        provision->value, value_path);
  return TRUE;
}

/* "value" and "unit" go together: a number without its unit means nothing. */
static gboolean
reader_provision_value (Reader       *reader,
                        SdProvision  *provision,
                        GError      **error)
{
  gboolean has_value = json_object_has_member (reader->object, "value");
  gboolean has_unit = json_object_has_member (reader->object, "unit");

  if (has_value != has_unit)
    return set_invalid (error,
                        /* Translators: %s is a JSON path, e.g. provisions[3] */
                        _("Provision “%s” needs both value and unit, or neither"), reader->path);
  if (!has_value)
    return TRUE;

  return reader_int (reader, "value", &provision->value, error)
         && reader_string (reader, "unit", &provision->unit, error)
         && check_unit (reader, provision, error);
}

static gpointer
parse_provision (JsonNode    *node,
                 const char  *path,
                 const char  *profile_id,
                 GError     **error)
{
  g_autoptr(SdProvision) provision = g_new0 (SdProvision, 1);
  Reader reader;

  if (!reader_init (&reader, node, path, profile_id, provision_members, error)
      || !reader_string (&reader, "id", &provision->id, error)
      || !reader_string (&reader, "label", &provision->label, error)
      || !reader_article (&reader, "article", FALSE, &provision->article, error)
      || !reader_provision_value (&reader, provision, error))
    return NULL;

  return g_steal_pointer (&provision);
}

static gboolean
reader_severity (Reader      *reader,
                 const char  *name,
                 SdSeverity  *out,
                 GError     **error)
{
  g_autofree char *path = member_path (reader->path, name);
  g_autofree char *value = NULL;

  if (!reader_string (reader, name, &value, error))
    return FALSE;

  *out = sd_severity_from_string (value);
  if (*out == SD_SEVERITY_INVALID)
    return set_invalid (error,
                        /* Translators: the first %s is the value found, the second a
                         * JSON path; keep “error” and “warning”, they are the data format */
                        _("“%s” at “%s” is not a severity (error or warning)"), value, path);
  return TRUE;
}

static gpointer
parse_rule (JsonNode    *node,
            const char  *path,
            const char  *profile_id,
            GError     **error)
{
  g_autoptr(SdPolicyRule) rule = g_new0 (SdPolicyRule, 1);
  Reader reader;

  rule->severity = SD_SEVERITY_INVALID;
  if (!reader_init (&reader, node, path, profile_id, rule_members, error)
      || !reader_string (&reader, "id", &rule->id, error)
      || !reader_severity (&reader, "severity", &rule->severity, error)
      || !reader_article (&reader, "article", FALSE, &rule->article, error))
    return NULL;

  return g_steal_pointer (&rule);
}

/* ------------------------------------------------------------------ */
/* Parsing the profile                                                 */

static gboolean
parse_core_fields (SdPolicy    *self,
                   Reader      *profile,
                   GError     **error)
{
  JsonNode *node = reader_require (profile, "core_fields", error);
  Reader reader;

  return node != NULL
         && reader_init (&reader, node, "core_fields", self->id, core_fields_members, error)
         && reader_article (&reader, "article", FALSE, &self->core_fields_article, error)
         && reader_string_array (&reader, "fields", &self->core_fields, error);
}

static gboolean
parse_rectification_stage (SdPolicy    *self,
                           Reader      *profile,
                           GError     **error)
{
  JsonNode *node = reader_require (profile, "rectification_stage", error);
  g_autoptr(GPtrArray) flow = NULL;

  if (node == NULL)
    return FALSE;

  self->rectification_stage = parse_stage (node, "rectification_stage", self->id, error);
  if (self->rectification_stage == NULL)
    return FALSE;

  /* Its own flow: a forward_to can only name itself. */
  flow = g_ptr_array_new ();
  g_ptr_array_add (flow, self->rectification_stage);
  if (self->rectification_stage->forward_to != NULL
      && _sd_policy_find_stage (flow, self->rectification_stage->forward_to) == NULL)
    return set_invalid (error,
                        _("“%s” names the stage “%s”, which is not in the same flow"),
                        "rectification_stage.forward_to",
                        self->rectification_stage->forward_to);
  return TRUE;
}

/* Share types may only offer methods the profile declares. */
static gboolean
check_share_type_methods (SdPolicy  *self,
                          GError   **error)
{
  for (guint i = 0; i < self->share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (self->share_types, i);

      for (guint j = 0; share_type->methods[j] != NULL; j++)
        if (sd_policy_item_find (self->share_methods, share_type->methods[j]) == NULL)
          {
            g_autofree char *path = g_strdup_printf ("share_types[%u].methods[%u]", i, j);

            return set_invalid (error,
                                /* Translators: the first %s is a method id, the second a
                                 * JSON path; keep “share_methods”, it is the data format */
                                _("Method “%s” at “%s” is not one of the profile’s share_methods"),
                                share_type->methods[j], path);
          }
    }
  return TRUE;
}

static gboolean
parse_lists (SdPolicy  *self,
             Reader    *profile,
             GError   **error)
{
  GDestroyNotify free_item = (GDestroyNotify) policy_item_free;

  return (self->share_methods = reader_list (profile, "share_methods", parse_item, free_item, error))
         && (self->share_types = reader_list (profile, "share_types", parse_share_type,
                                              (GDestroyNotify) share_type_free, error))
         && check_share_type_methods (self, error)
         && (self->update_cycles = reader_list (profile, "update_cycles", parse_item, free_item, error))
         && (self->security_levels = reader_list (profile, "security_levels", parse_item, free_item, error))
         && (self->basic_categories = reader_list (profile, "basic_categories", parse_basic_category,
                                                   free_item, error))
         && (self->negotiation_levels = reader_list (profile, "negotiation_levels", parse_role_item,
                                                     free_item, error))
         && (self->objection_stages = reader_stages (profile, "objection_stages", error))
         && (self->violation_kinds = reader_list (profile, "violation_kinds", parse_item, free_item, error))
         && (self->sanctions = reader_list (profile, "sanctions", parse_item, free_item, error))
         && (self->provisions = reader_list (profile, "provisions", parse_provision,
                                             (GDestroyNotify) provision_free, error))
         && (self->rules = reader_list (profile, "rules", parse_rule,
                                        (GDestroyNotify) policy_rule_free, error));
}

static gboolean
parse_profile (SdPolicy  *self,
               JsonNode  *root,
               GError   **error)
{
  Reader profile;

  if (root == NULL)
    return set_invalid (error, _("A policy profile must be a JSON object"));

  /* The id comes first: every article in the profile refers to it. */
  if (!reader_init (&profile, root, "", "", profile_members, error)
      || !reader_string (&profile, "id", &self->id, error))
    return FALSE;
  profile.profile_id = self->id;

  return reader_string (&profile, "title", &self->title, error)
         && reader_string (&profile, "label", &self->label, error)
         && reader_string (&profile, "document_number", &self->document_number, error)
         && reader_string (&profile, "issuer", &self->issuer, error)
         && reader_string (&profile, "platform", &self->platform, error)
         && reader_date (&profile, "effective_date", &self->effective_date, error)
         && reader_string (&profile, "calendar", &self->calendar, error)
         && parse_core_fields (self, &profile, error)
         && parse_lists (self, &profile, error)
         && parse_rectification_stage (self, &profile, error);
}

SdPolicy *
sd_policy_new_from_data (GBytes  *json,
                         GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(SdPolicy) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &length);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) length, &local_error))
    {
      set_invalid (error,
                   /* Translators: %s is the JSON parser's message */
                   _("The policy profile is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  self = g_object_new (SD_TYPE_POLICY, NULL);
  if (!parse_profile (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Built-in profiles                                                   */

const char * const *
sd_policy_list_builtin (void)
{
  return builtin_ids;
}

SdPolicy *
sd_policy_load_builtin (const char  *id,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SdPolicy) self = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_strv_contains (builtin_ids, id))
    {
      g_autofree char *known = g_strjoinv (", ", (GStrv) builtin_ids);

      g_set_error (error, SD_POLICY_ERROR, SD_POLICY_ERROR_NOT_FOUND,
                   /* Translators: the first %s is the id asked for, the second the
                    * comma-separated list of built-in profile ids */
                   _("No built-in policy profile “%s”; the built-in profiles are %s"),
                   id, known);
      return NULL;
    }

  _sd_core_ensure_resources ();
  path = g_strdup_printf (SD_RESOURCE_PREFIX "/policies/%s.json", id);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  self = sd_policy_new_from_data (bytes, error);
  if (self == NULL)
    return NULL;

  /* A profile filed under the wrong name would cite the wrong regulation
   * in every article. */
  if (!g_str_equal (self->id, id))
    {
      set_invalid (error,
                   /* Translators: the first %s is the built-in profile's name, the
                    * second the id written in it */
                   _("The built-in profile “%s” declares the id “%s”"), id, self->id);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sd_policy_finalize (GObject *object)
{
  SdPolicy *self = SD_POLICY (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->label);
  g_free (self->document_number);
  g_free (self->issuer);
  g_free (self->platform);
  g_free (self->effective_date);
  g_free (self->calendar);
  g_strfreev (self->core_fields);
  g_clear_pointer (&self->core_fields_article, sd_article_free);
  g_clear_pointer (&self->share_types, g_ptr_array_unref);
  g_clear_pointer (&self->share_methods, g_ptr_array_unref);
  g_clear_pointer (&self->update_cycles, g_ptr_array_unref);
  g_clear_pointer (&self->security_levels, g_ptr_array_unref);
  g_clear_pointer (&self->basic_categories, g_ptr_array_unref);
  g_clear_pointer (&self->negotiation_levels, g_ptr_array_unref);
  g_clear_pointer (&self->objection_stages, g_ptr_array_unref);
  g_clear_pointer (&self->rectification_stage, _sd_policy_stage_free);
  g_clear_pointer (&self->violation_kinds, g_ptr_array_unref);
  g_clear_pointer (&self->sanctions, g_ptr_array_unref);
  g_clear_pointer (&self->provisions, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_policy_parent_class)->finalize (object);
}

static void
sd_policy_class_init (SdPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_policy_finalize;
}

static void
sd_policy_init (SdPolicy *self)
{
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

/* Labels are English msgids; the translation is looked up at access so
 * that the profile follows the locale of whoever displays it. */
static const char *
translate (const char *label)
{
  return g_dgettext (GETTEXT_PACKAGE, label);
}

const char *
sd_policy_get_id (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->id;
}

const char *
sd_policy_get_title (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->title;
}

const char *
sd_policy_get_label (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return translate (self->label);
}

const char *
sd_policy_get_document_number (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->document_number;
}

const char *
sd_policy_get_issuer (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return translate (self->issuer);
}

const char *
sd_policy_get_platform_label (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return translate (self->platform);
}

const char *
sd_policy_get_calendar_id (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->calendar;
}

GPtrArray *
sd_policy_get_share_types (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->share_types;
}

const SdShareType *
sd_policy_find_share_type (SdPolicy   *self,
                           const char *id)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (self->share_types, i);

      if (g_str_equal (share_type->id, id))
        return share_type;
    }
  return NULL;
}

const char * const *
sd_policy_get_core_fields (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return (const char * const *) self->core_fields;
}

const SdArticle *
sd_policy_get_core_fields_article (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->core_fields_article;
}

GPtrArray *
sd_policy_get_basic_categories (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->basic_categories;
}

const SdPolicyItem *
sd_policy_find_basic_category (SdPolicy   *self,
                               const char *classification_code)
{
  const SdPolicyItem *best = NULL;

  g_return_val_if_fail (SD_IS_POLICY (self), NULL);

  if (classification_code == NULL)
    return NULL;

  /* The longest prefix wins, should a profile ever list both a 项 and one
   * of its 目. */
  for (guint i = 0; i < self->basic_categories->len; i++)
    {
      const SdPolicyItem *category = g_ptr_array_index (self->basic_categories, i);

      if (g_str_has_prefix (classification_code, category->id)
          && (best == NULL || strlen (category->id) > strlen (best->id)))
        best = category;
    }
  return best;
}

GPtrArray *
sd_policy_get_update_cycles (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->update_cycles;
}

GPtrArray *
sd_policy_get_share_methods (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->share_methods;
}

GPtrArray *
sd_policy_get_security_levels (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->security_levels;
}

GPtrArray *
sd_policy_get_violation_kinds (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->violation_kinds;
}

GPtrArray *
sd_policy_get_sanctions (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->sanctions;
}

GPtrArray *
sd_policy_get_negotiation_levels (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->negotiation_levels;
}

GPtrArray *
sd_policy_get_objection_stages (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->objection_stages;
}

const SdPolicyStage *
sd_policy_get_rectification_stage (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->rectification_stage;
}

const SdPolicyItem *
sd_policy_item_find (GPtrArray  *items,
                     const char *id)
{
  g_return_val_if_fail (items != NULL, NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const SdPolicyItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->id, id))
        return item;
    }
  return NULL;
}

const char *
sd_policy_item_get_label (const SdPolicyItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return translate (item->label);
}

const char *
sd_policy_stage_get_label (const SdPolicyStage *stage)
{
  g_return_val_if_fail (stage != NULL, NULL);
  return translate (stage->label);
}

const char *
sd_share_type_get_label (const SdShareType *share_type)
{
  g_return_val_if_fail (share_type != NULL, NULL);
  return translate (share_type->label);
}

const char *
sd_provision_get_label (const SdProvision *provision)
{
  g_return_val_if_fail (provision != NULL, NULL);
  return translate (provision->label);
}

gboolean
sd_policy_stage_allows (const SdPolicyStage *stage,
                        const char          *action)
{
  g_return_val_if_fail (stage != NULL, FALSE);

  return action != NULL
         && g_strv_contains ((const char * const *) stage->actions, action);
}

const SdPolicyStage *
sd_share_type_find_stage (const SdShareType *share_type,
                          const char        *stage_id)
{
  g_return_val_if_fail (share_type != NULL, NULL);

  return _sd_policy_find_stage (share_type->stages, stage_id);
}

GPtrArray *
sd_policy_get_provisions (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->provisions;
}

const SdProvision *
sd_policy_get_provision (SdPolicy   *self,
                         const char *id)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->provisions->len; i++)
    {
      const SdProvision *provision = g_ptr_array_index (self->provisions, i);

      if (g_str_equal (provision->id, id))
        return provision;
    }
  return NULL;
}

GPtrArray *
sd_policy_get_rules (SdPolicy *self)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);
  return self->rules;
}

const SdPolicyRule *
sd_policy_find_rule (SdPolicy   *self,
                     const char *rule_id)
{
  g_return_val_if_fail (SD_IS_POLICY (self), NULL);

  if (rule_id == NULL)
    return NULL;

  for (guint i = 0; i < self->rules->len; i++)
    {
      const SdPolicyRule *rule = g_ptr_array_index (self->rules, i);

      if (g_str_equal (rule->id, rule_id))
        return rule;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Serialisation: the input format, member for member                  */

/* The article as written in a profile, relative to it: "art. 7(1)". */
static char *
article_to_profile_text (const SdArticle *article)
{
  if (article->item != 0)
    return g_strdup_printf ("art. %u(%u)", article->number, article->item);
  return g_strdup_printf ("art. %u", article->number);
}

static void
add_article (JsonBuilder     *builder,
             const char      *name,
             const SdArticle *article)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (article == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = article_to_profile_text (article);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_item (JsonBuilder        *builder,
          const SdPolicyItem *item)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", item->id);
  add_string (builder, "label", item->label);
  add_article (builder, "article", item->article);
  if (item->role != SD_ROLE_INVALID)
    add_string (builder, "role", sd_role_to_string (item->role));
  json_builder_end_object (builder);
}

static void
add_stage (JsonBuilder         *builder,
           const SdPolicyStage *stage)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", stage->id);
  add_string (builder, "label", stage->label);
  add_string (builder, "role", sd_role_to_string (stage->role));
  json_builder_set_member_name (builder, "deadline_wd");
  json_builder_add_int_value (builder, stage->deadline_wd);
  add_article (builder, "article", stage->article);
  add_strv (builder, "actions", (const char * const *) stage->actions);
  if (stage->delegate_role != SD_ROLE_INVALID)
    {
      add_string (builder, "delegate_role", sd_role_to_string (stage->delegate_role));
      add_article (builder, "delegation_article", stage->delegation_article);
    }
  if (stage->forward_to != NULL)
    add_string (builder, "forward_to", stage->forward_to);
  json_builder_end_object (builder);
}

static void
add_share_type (JsonBuilder       *builder,
                const SdShareType *share_type)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", share_type->id);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, share_type->code);
  add_string (builder, "label", share_type->label);
  add_article (builder, "article", share_type->article);
  add_strv (builder, "required_fields", (const char * const *) share_type->required_fields);
  add_strv (builder, "methods", (const char * const *) share_type->methods);
  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < share_type->stages->len; i++)
    add_stage (builder, g_ptr_array_index (share_type->stages, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "negotiation");
  json_builder_add_boolean_value (builder, share_type->negotiation);
  json_builder_set_member_name (builder, "open_to_public_allowed");
  json_builder_add_boolean_value (builder, share_type->open_to_public_allowed);
  json_builder_end_object (builder);
}

static void
add_provision (JsonBuilder       *builder,
               const SdProvision *provision)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", provision->id);
  add_string (builder, "label", provision->label);
  add_article (builder, "article", provision->article);
  if (provision->unit != NULL)
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, provision->value);
      add_string (builder, "unit", provision->unit);
    }
  json_builder_end_object (builder);
}

static void
add_rule (JsonBuilder        *builder,
          const SdPolicyRule *rule)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", rule->id);
  add_string (builder, "severity", sd_severity_to_string (rule->severity));
  add_article (builder, "article", rule->article);
  json_builder_end_object (builder);
}

typedef void (*AddFunc) (JsonBuilder *builder,
                         gconstpointer element);

static void
add_list (JsonBuilder *builder,
          const char  *name,
          GPtrArray   *elements,
          AddFunc      add)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < elements->len; i++)
    add (builder, g_ptr_array_index (elements, i));
  json_builder_end_array (builder);
}

static void
add_core_fields (JsonBuilder *builder,
                 SdPolicy    *self)
{
  json_builder_set_member_name (builder, "core_fields");
  json_builder_begin_object (builder);
  add_article (builder, "article", self->core_fields_article);
  add_strv (builder, "fields", (const char * const *) self->core_fields);
  json_builder_end_object (builder);
}

JsonNode *
sd_policy_to_json (SdPolicy *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AddFunc item = (AddFunc) add_item;

  g_return_val_if_fail (SD_IS_POLICY (self), NULL);

  /* Labels stay msgids, so that the client parses what the platform serves
   * with sd_policy_new_from_data() and translates them itself. */
  json_builder_begin_object (builder);
  add_string (builder, "id", self->id);
  add_string (builder, "title", self->title);
  add_string (builder, "label", self->label);
  add_string (builder, "document_number", self->document_number);
  add_string (builder, "issuer", self->issuer);
  add_string (builder, "platform", self->platform);
  add_string (builder, "effective_date", self->effective_date);
  add_string (builder, "calendar", self->calendar);
  add_core_fields (builder, self);
  add_list (builder, "share_types", self->share_types, (AddFunc) add_share_type);
  add_list (builder, "share_methods", self->share_methods, item);
  add_list (builder, "update_cycles", self->update_cycles, item);
  add_list (builder, "security_levels", self->security_levels, item);
  add_list (builder, "basic_categories", self->basic_categories, item);
  add_list (builder, "negotiation_levels", self->negotiation_levels, item);
  add_list (builder, "objection_stages", self->objection_stages, (AddFunc) add_stage);
  json_builder_set_member_name (builder, "rectification_stage");
  add_stage (builder, self->rectification_stage);
  add_list (builder, "violation_kinds", self->violation_kinds, item);
  add_list (builder, "sanctions", self->sanctions, item);
  add_list (builder, "provisions", self->provisions, (AddFunc) add_provision);
  add_list (builder, "rules", self->rules, (AddFunc) add_rule);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
