/* sd-compliance.c — a profile's compliance rules over a catalogue entry.
 *
 * Each rule id of sd-compliance.h is one function here. The profile says
 * which rules apply and with which severity and article; a rule the
 * profile does not list never runs.
 *
 * Every rule looks at one concern, so that one mistake gives one finding:
 * emptiness of a required field is C1-required's business, and the rules
 * about a value's form skip blank values. Where a dedicated rule covers a
 * required field with a more specific article (conditions, legal basis,
 * recipients, share methods, information items), C1-required leaves that
 * field to it — as long as the profile lists the dedicated rule.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "sd-compliance.h"
#include "sd-identifiers.h"

G_DEFINE_BOXED_TYPE (SdFinding, sd_finding, sd_finding_copy, sd_finding_free)

#define INFORMATION_ITEMS "information_items"

/* ---- Findings --------------------------------------------------------- */

SdFinding *
sd_finding_copy (const SdFinding *finding)
{
  SdFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (SdFinding, 1);
  copy->rule_id = g_strdup (finding->rule_id);
  copy->field = g_strdup (finding->field);
  copy->severity = finding->severity;
  copy->article = finding->article != NULL ? sd_article_copy (finding->article) : NULL;
  copy->message = g_strdup (finding->message);
  return copy;
}

void
sd_finding_free (SdFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->rule_id);
  g_free (finding->field);
  g_clear_pointer (&finding->article, sd_article_free);
  g_free (finding->message);
  g_free (finding);
}

JsonNode *
sd_finding_to_json (const SdFinding *finding)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (finding != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, finding->rule_id);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, finding->field);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, sd_severity_to_string (finding->severity));
  json_builder_set_member_name (builder, "article");
  if (finding->article != NULL)
    {
      g_autofree char *article = sd_article_to_string (finding->article);

      json_builder_add_string_value (builder, article);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, finding->message);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

guint
sd_compliance_count (GPtrArray  *findings,
                     SdSeverity  severity)
{
  guint count = 0;

  g_return_val_if_fail (findings != NULL, 0);

  for (guint i = 0; i < findings->len; i++)
    {
      const SdFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == severity)
        count++;
    }
  return count;
}

/* ---- The state of one run of one rule ------------------------------------ */

typedef struct {
  SdPolicy           *policy;
  SdCatalogueEntry   *entry;
  JsonNode           *json;         /* the entry's JSON form, for field paths */
  GPtrArray          *items;        /* of SdInformationItem */
  const SdShareType  *share_type;   /* NULL when blank or not the profile's */
  GPtrArray          *findings;
  GPtrArray          *strings;      /* labels and lists lent to messages */

  /* The rule being run. */
  const char         *rule_id;
  const SdPolicyRule *rule;
  const char         *article;      /* translated, for messages */
} Check;

static void add_finding (Check      *check,
                         const char *field,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_finding (Check      *check,
             const char *field,
             const char *format,
             ...)
{
  SdFinding *finding = g_new0 (SdFinding, 1);
  va_list args;

  va_start (args, format);
  finding->message = g_strdup_vprintf (format, args);
  va_end (args);

  finding->rule_id = g_strdup (check->rule_id);
  finding->field = g_strdup (field);
  finding->severity = check->rule->severity;
  finding->article = check->rule->article != NULL ? sd_article_copy (check->rule->article) : NULL;
  g_ptr_array_add (check->findings, finding);
}

/* Strings that live as long as the check, so messages can borrow them. */
static const char *
keep (Check *check, char *string)
{
  g_ptr_array_add (check->strings, string);
  return string;
}

static const char *
label (Check *check, const char *path)
{
  return keep (check, sd_catalogue_entry_field_label (path));
}

static const char *
item_path (Check *check, guint index, const char *member)
{
  if (member == NULL)
    return keep (check, g_strdup_printf (INFORMATION_ITEMS "[%u]", index));
  return keep (check, g_strdup_printf (INFORMATION_ITEMS "[%u].%s", index, member));
}

/* The values a field may take, for messages: "a, b, c". */
static const char *
join_ids (Check *check, const char * const *ids)
{
  return keep (check, g_strjoinv (", ", (GStrv) ids));
}

static const char *
join_item_ids (Check *check, GPtrArray *policy_items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < policy_items->len; i++)
    g_strv_builder_add (builder, ((const SdPolicyItem *) g_ptr_array_index (policy_items, i))->id);
  ids = g_strv_builder_end (builder);
  return join_ids (check, (const char * const *) ids);
}

static const char *
join_share_type_ids (Check *check)
{
  GPtrArray *types = sd_policy_get_share_types (check->policy);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < types->len; i++)
    g_strv_builder_add (builder, ((const SdShareType *) g_ptr_array_index (types, i))->id);
  ids = g_strv_builder_end (builder);
  return join_ids (check, (const char * const *) ids);
}

/* Blank = nothing but white space, including the ideographic space
 * (U+3000) that Chinese input methods type. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static SdInformationItem *
get_item (Check *check, guint index)
{
  return g_ptr_array_index (check->items, index);
}

static gboolean
share_type_requires (const SdShareType *share_type, const char *field)
{
  return share_type != NULL && share_type->required_fields != NULL
         && g_strv_contains ((const char * const *) share_type->required_fields, field);
}

static gboolean
share_type_allows_methods (const SdShareType *share_type)
{
  return share_type->methods != NULL && share_type->methods[0] != NULL;
}

/* ---- Field paths ------------------------------------------------------------ */

/* The node at a field path of the entry's JSON form ("share.methods",
 * "information_items[1].name"), or NULL. */
static JsonNode *
lookup_path (JsonNode *root, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 0);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      guint64 index = 0;

      if (bracket != NULL)
        {
          char *end = NULL;

          index = g_ascii_strtoull (bracket + 1, &end, 10);
          if (end == bracket + 1 || g_strcmp0 (end, "]") != 0)
            return NULL;
          *bracket = '\0';
        }

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || (node = json_object_get_member (json_node_get_object (node), parts[i])) == NULL)
        return NULL;

      if (bracket != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (node)
              || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
        }
    }
  return node;
}

/* Required-field semantics: lists (information items, share methods,
 * recipients, related codes) must not be empty, strings must not be blank;
 * booleans and numbers always have a value. */
static gboolean
field_is_empty (Check *check, const char *path)
{
  JsonNode *node = lookup_path (check->json, path);

  if (node == NULL)
    {
      g_warning ("Profile %s requires the field “%s”, which catalogue entries do not have",
                 sd_policy_get_id (check->policy), path);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return is_blank (json_node_get_string (node));
  return FALSE;
}

/* Every path of the entry in the order of its JSON form, containers before
 * their members: the order findings are reported in. */
static void
collect_paths (JsonNode *node, const char *path, GHashTable *order)
{
  if (path != NULL)
    g_hash_table_insert (order, g_strdup (path), GUINT_TO_POINTER (g_hash_table_size (order)));

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *child = path != NULL ? g_strconcat (path, ".", l->data, NULL)
                                                : g_strdup (l->data);

          collect_paths (json_object_get_member (object, l->data), child, order);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          collect_paths (json_array_get_element (array, i), child, order);
        }
    }
}

static guint
field_position (GHashTable *order, const char *path)
{
  gpointer position;

  if (g_hash_table_lookup_extended (order, path, NULL, &position))
    return GPOINTER_TO_UINT (position);
  return G_MAXUINT;
}

static int
compare_by_field (gconstpointer a, gconstpointer b, gpointer order)
{
  const SdFinding *fa = *(const SdFinding * const *) a;
  const SdFinding *fb = *(const SdFinding * const *) b;
  guint pa = field_position (order, fa->field);
  guint pb = field_position (order, fb->field);

  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/* ---- The rules ---------------------------------------------------------------- */

/* Required fields a dedicated rule reports with its own article. */
static const struct {
  const char *field;
  const char *rule_id;
} dedicated_rules[] = {
  { INFORMATION_ITEMS, "items-present" },
  { "share.conditions", "C6-conditions" },
  { "share.legal_basis", "C6-legal-basis" },
  { "share.recipients", "C5p-recipients" },
  { "share.methods", "share-method" },
};

static gboolean
has_dedicated_rule (Check *check, const char *field)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dedicated_rules); i++)
    if (g_str_equal (dedicated_rules[i].field, field))
      return sd_policy_find_rule (check->policy, dedicated_rules[i].rule_id) != NULL;
  return FALSE;
}

static void
check_required_item_names (Check *check)
{
  for (guint i = 0; i < check->items->len; i++)
    if (is_blank (sd_information_item_get_name (get_item (check, i))))
      {
        const char *field = item_path (check, i, "name");

        /* Translators: %s is a field label such as “Resource name”, then an
         * article such as “mot-2021 art. 8” */
        add_finding (check, field, _("%s must be given (%s)."), label (check, field), check->article);
      }
}

static void
check_c1_required (Check *check)
{
  const char * const *core = sd_policy_get_core_fields (check->policy);

  for (guint i = 0; core != NULL && core[i] != NULL; i++)
    if (!has_dedicated_rule (check, core[i]) && field_is_empty (check, core[i]))
      add_finding (check, core[i], _("%s must be given (%s)."), label (check, core[i]), check->article);

  if (check->share_type != NULL && check->share_type->required_fields != NULL)
    {
      GStrv required = check->share_type->required_fields;

      for (guint i = 0; required[i] != NULL; i++)
        {
          if (core != NULL && g_strv_contains (core, required[i]))
            continue;
          if (!has_dedicated_rule (check, required[i]) && field_is_empty (check, required[i]))
            add_finding (check, required[i],
                         /* Translators: a field label, a share type such as
                          * “Conditional sharing”, an article */
                         _("%s must be given for share type “%s” (%s)."),
                         label (check, required[i]), sd_share_type_get_label (check->share_type),
                         check->article);
        }
    }

  /* Information items are core metadata as name, data type and the rest:
   * an item without a name says nothing. */
  if (core != NULL && g_strv_contains (core, INFORMATION_ITEMS))
    check_required_item_names (check);
}

/* A finding for a value an identifier validator refused, with its reason. */
static void
check_identifier (Check       *check,
                  const char  *field,
                  const char  *value,
                  gboolean   (*validate) (const char *, GError **))
{
  g_autoptr(GError) error = NULL;

  if (is_blank (value) || validate (value, &error))
    return;

  add_finding (check, field,
               /* Translators: a field label, its value, an article, then the
                * validator's explanation (a sentence without final stop) */
               _("%s “%s” is invalid (%s). %s."),
               label (check, field), value, check->article, error->message);
}

static void
check_classification_form (Check *check)
{
  check_identifier (check, "classification_code",
                    sd_catalogue_entry_get_classification_code (check->entry),
                    sd_identifier_validate_classification);
}

static void
check_resource_code_form (Check *check)
{
  check_identifier (check, "resource_code",
                    sd_catalogue_entry_get_resource_code (check->entry),
                    sd_identifier_validate_resource_code);
}

static void
check_resource_code_classification (Check *check)
{
  const char *classification = sd_catalogue_entry_get_classification_code (check->entry);
  const char *code = sd_catalogue_entry_get_resource_code (check->entry);
  g_autofree char *prefix = NULL;

  /* Malformed codes are the form rules' findings. */
  if (!sd_identifier_validate_classification (classification, NULL)
      || (prefix = sd_identifier_resource_code_get_classification (code)) == NULL)
    return;

  if (!g_str_equal (prefix, classification))
    add_finding (check, "resource_code",
                 /* Translators: a field label, its value, the classification
                  * code, an article */
                 _("%s “%s” must begin with the classification code “%s” (%s)."),
                 label (check, "resource_code"), code, classification, check->article);
}

static void
check_provider_uscc (Check *check)
{
  check_identifier (check, "provider.uscc",
                    sd_catalogue_entry_get_provider_uscc (check->entry),
                    sd_identifier_validate_uscc);
}

static void
check_items_present (Check *check)
{
  if (check->items->len == 0)
    add_finding (check, INFORMATION_ITEMS,
                 /* Translators: a field label (a list), an article */
                 _("%s must not be empty (%s)."),
                 label (check, INFORMATION_ITEMS), check->article);
}

static void
check_item_name_unique (Check *check)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < check->items->len; i++)
    {
      const char *name = sd_information_item_get_name (get_item (check, i));
      g_autofree char *key = g_strstrip (g_strdup (name));
      gpointer first;

      if (*key == '\0')
        continue;

      if (g_hash_table_lookup_extended (seen, key, NULL, &first))
        {
          const char *field = item_path (check, i, "name");

          add_finding (check, field,
                       /* Translators: a field label such as “Information item 3:
                        * name”, the name, the position (from 1) of the item that
                        * has it already, an article */
                       _("%s “%s” is already used by information item %u (%s)."),
                       label (check, field), name, GPOINTER_TO_UINT (first) + 1, check->article);
        }
      else
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (i));
    }
}

static void
check_item_type_code (Check *check)
{
  const char * const *codes = sd_information_item_type_codes ();

  for (guint i = 0; i < check->items->len; i++)
    {
      const char *code = sd_information_item_get_type_code (get_item (check, i));
      const char *field = item_path (check, i, "type_code");

      if (is_blank (code))
        add_finding (check, field, _("%s must be given (%s)."), label (check, field), check->article);
      else if (!g_strv_contains (codes, code))
        add_finding (check, field,
                     /* Translators: a field label, its value, an article, the
                      * list of the codes allowed */
                     _("%s “%s” is not a national data type code (%s); use one of: %s."),
                     label (check, field), code, check->article, join_ids (check, codes));
    }
}

static void
check_item_length (Check *check)
{
  for (guint i = 0; i < check->items->len; i++)
    {
      SdInformationItem *item = get_item (check, i);
      const char *code = sd_information_item_get_type_code (item);

      if ((g_str_equal (code, "C") || g_str_equal (code, "N"))
          && sd_information_item_get_length (item) == 0)
        {
          const char *field = item_path (check, i, "length");

          add_finding (check, field,
                       /* Translators: a field label such as “Information item 2:
                        * length”, an article */
                       _("%s must be given for character and numeric data (%s)."),
                       label (check, field), check->article);
        }
    }
}

static void
check_share_type (Check *check)
{
  const char *type = sd_catalogue_entry_get_share_type (check->entry);

  if (!is_blank (type) && check->share_type == NULL)
    add_finding (check, "share.type",
                 /* Translators: a field label, its value, an article, the
                  * list of the values allowed */
                 _("%s “%s” is not one of this profile's values (%s); use one of: %s."),
                 label (check, "share.type"), type, check->article, join_share_type_ids (check));
}

/* National share type codes: 1 无条件, 2 有条件, 3 不予共享 (and
 * panjin-2016's special sharing, which also carries code 3). */
static guint
share_type_code (Check *check)
{
  return check->share_type != NULL ? check->share_type->code : 0;
}

static void
check_c6_conditions (Check *check)
{
  if ((share_type_code (check) == 2 || share_type_requires (check->share_type, "share.conditions"))
      && is_blank (sd_catalogue_entry_get_share_conditions (check->entry)))
    add_finding (check, "share.conditions",
                 /* Translators: a field label, an article */
                 _("%s must be given for conditional sharing (%s)."),
                 label (check, "share.conditions"), check->article);
}

static void
check_c6_legal_basis (Check *check)
{
  if ((share_type_code (check) == 3 || share_type_requires (check->share_type, "share.legal_basis"))
      && is_blank (sd_catalogue_entry_get_share_legal_basis (check->entry)))
    add_finding (check, "share.legal_basis", _("%s must be given for share type “%s” (%s)."),
                 label (check, "share.legal_basis"), sd_share_type_get_label (check->share_type),
                 check->article);
}

static void
check_c7_basic_unconditional (Check *check)
{
  const char *classification = sd_catalogue_entry_get_classification_code (check->entry);
  const SdPolicyItem *category;

  if (check->share_type == NULL || check->share_type->code == 1
      || !sd_identifier_validate_classification (classification, NULL))
    return;

  category = sd_policy_find_basic_category (check->policy, classification);
  if (category != NULL)
    add_finding (check, "share.type",
                 /* Translators: a field label (“Share type”), the
                  * classification code, a basic data category such as
                  * “Basic data on means of transport”, an article */
                 _("%s must be unconditional for classification “%s”, which belongs to “%s” (%s)."),
                 label (check, "share.type"), classification,
                 sd_policy_item_get_label (category), check->article);
}

static void
check_c7p_privacy (Check *check)
{
  if (share_type_code (check) == 1
      && (sd_catalogue_entry_get_contains_personal_info (check->entry)
          || sd_catalogue_entry_get_contains_commercial_secret (check->entry)))
    add_finding (check, "share.type",
                 /* Translators: a field label (“Share type”), an article */
                 _("%s cannot be unconditional for data containing personal information or commercial secrets (%s)."),
                 label (check, "share.type"), check->article);
}

static void
check_c5p_recipients (Check *check)
{
  const char * const *recipients = sd_catalogue_entry_get_share_recipients (check->entry);

  if (check->share_type == NULL
      || !(g_str_equal (check->share_type->id, "special")
           || share_type_requires (check->share_type, "share.recipients")))
    return;

  if (recipients[0] == NULL)
    {
      add_finding (check, "share.recipients", _("%s must be given for share type “%s” (%s)."),
                   label (check, "share.recipients"), sd_share_type_get_label (check->share_type),
                   check->article);
      return;
    }

  for (guint i = 0; recipients[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!sd_identifier_validate_uscc (recipients[i], &error))
        add_finding (check, "share.recipients",
                     /* Translators: a field label, the value, an article, then
                      * the validator's explanation (a sentence without final stop) */
                     _("%s: “%s” is not a valid unified social credit code (%s). %s."),
                     label (check, "share.recipients"), recipients[i], check->article,
                     error->message);
    }
}

/* panjin-2016 art. 16: the form each kind of identifier has. */
static gboolean
identifier_form (const char *kind, guint *length)
{
  if (g_str_equal (kind, "ric") || g_str_equal (kind, "uscc"))
    *length = 18;
  else if (g_str_equal (kind, "org-code"))
    *length = 9;
  else
    return FALSE;
  return TRUE;
}

static void
check_item_identifier (Check *check, guint index)
{
  SdInformationItem *item = get_item (check, index);
  const char *kind = sd_information_item_get_identifier_kind (item);
  const char * const *kinds = sd_information_item_identifier_kinds ();
  guint length;

  if (!g_strv_contains (kinds, kind))
    {
      const char *field = item_path (check, index, "identifier_kind");

      add_finding (check, field,
                   /* Translators: a field label, its value, an article, the
                    * list of the values allowed */
                   _("%s “%s” is not a known identifier kind (%s); use one of: %s."),
                   label (check, field), kind, check->article, join_ids (check, kinds + 1));
      return;
    }

  if (!identifier_form (kind, &length))
    return;

  if (!g_str_equal (sd_information_item_get_type_code (item), "C"))
    {
      const char *field = item_path (check, index, "type_code");

      add_finding (check, field,
                   /* Translators: a field label, an identifier kind such as
                    * “Resident identity card number”, an article */
                   _("%s must be “C” (character) for identifier kind “%s” (%s)."),
                   label (check, field), sd_information_item_identifier_kind_label (kind),
                   check->article);
    }
  if (sd_information_item_get_length (item) != length)
    {
      const char *field = item_path (check, index, "length");

      add_finding (check, field,
                   /* Translators: a field label, the length required, an
                    * identifier kind such as “Resident identity card number”,
                    * an article */
                   _("%s must be %u for identifier kind “%s” (%s)."),
                   label (check, field), length, sd_information_item_identifier_kind_label (kind),
                   check->article);
    }
}

static void
check_c10_identifier (Check *check)
{
  for (guint i = 0; i < check->items->len; i++)
    check_item_identifier (check, i);
}

static void
check_c10_personal_identifier (Check *check)
{
  if (!sd_catalogue_entry_get_contains_personal_info (check->entry))
    return;

  for (guint i = 0; i < check->items->len; i++)
    if (g_str_equal (sd_information_item_get_identifier_kind (get_item (check, i)), "ric"))
      return;

  add_finding (check, INFORMATION_ITEMS,
               /* Translators: a field label (“Information items”), an
                * identifier kind (“Resident identity card number”), an article */
               _("%s must include an item of identifier kind “%s” when the entry contains personal information (%s)."),
               label (check, INFORMATION_ITEMS), sd_information_item_identifier_kind_label ("ric"),
               check->article);
}

static void
check_share_method (Check *check)
{
  const char * const *methods = sd_catalogue_entry_get_share_methods (check->entry);
  const SdShareType *type = check->share_type;
  const char *type_label;

  if (type == NULL)
    return;

  type_label = sd_share_type_get_label (type);
  if (!share_type_allows_methods (type))
    {
      if (methods[0] != NULL)
        add_finding (check, "share.methods",
                     /* Translators: a field label, a share type such as “Not
                      * shared”, an article */
                     _("%s must be empty for share type “%s” (%s)."),
                     label (check, "share.methods"), type_label, check->article);
      return;
    }

  if (methods[0] == NULL)
    {
      add_finding (check, "share.methods", _("%s must be given for share type “%s” (%s)."),
                   label (check, "share.methods"), type_label, check->article);
      return;
    }

  for (guint i = 0; methods[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) type->methods, methods[i]))
      add_finding (check, "share.methods",
                   /* Translators: a field label, the value, a share type such as
                    * “Conditional sharing”, an article, the list of the values
                    * allowed */
                   _("%s: “%s” is not allowed for share type “%s” (%s); use one of: %s."),
                   label (check, "share.methods"), methods[i], type_label, check->article,
                   join_ids (check, (const char * const *) type->methods));
}

static void
check_listed_value (Check *check, const char *field, const char *value, GPtrArray *allowed)
{
  if (!is_blank (value) && sd_policy_item_find (allowed, value) == NULL)
    add_finding (check, field,
                 _("%s “%s” is not one of this profile's values (%s); use one of: %s."),
                 label (check, field), value, check->article, join_item_ids (check, allowed));
}

static void
check_update_cycle (Check *check)
{
  check_listed_value (check, "update_cycle", sd_catalogue_entry_get_update_cycle (check->entry),
                      sd_policy_get_update_cycles (check->policy));
}

static void
check_security_level (Check *check)
{
  check_listed_value (check, "security_level", sd_catalogue_entry_get_security_level (check->entry),
                      sd_policy_get_security_levels (check->policy));
}

static gboolean
contains_case_insensitive (const char * const *strv, const char *value)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], value) == 0)
      return TRUE;
  return FALSE;
}

static void
check_format (Check *check)
{
  const char *kind = sd_catalogue_entry_get_format_kind (check->entry);
  const char *type = sd_catalogue_entry_get_format_type (check->entry);
  const char * const *types;

  if (is_blank (kind))
    return;

  types = sd_catalogue_format_types (kind);
  if (types == NULL)
    {
      add_finding (check, "format.kind",
                   /* Translators: a field label, its value, an article, the
                    * list of the values allowed */
                   _("%s “%s” is not in the national element set (%s); use one of: %s."),
                   label (check, "format.kind"), kind, check->article,
                   join_ids (check, sd_catalogue_format_kinds ()));
      return;
    }

  /* An empty list means any type (self-describing formats, interfaces). */
  if (types[0] != NULL && !is_blank (type) && !contains_case_insensitive (types, type))
    add_finding (check, "format.type",
                 /* Translators: a field label, its value, a format kind such as
                  * “Database”, an article, the list of the values allowed */
                 _("%s “%s” is not a type of format kind “%s” (%s); use one of: %s."),
                 label (check, "format.type"), type, sd_catalogue_format_kind_label (kind),
                 check->article, join_ids (check, types));
}

/* Strictly YYYY-MM-DD: g_date_set_parse() would take many other forms. */
static gboolean
is_iso_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1
         && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
check_release_date (Check *check)
{
  const char *date = sd_catalogue_entry_get_release_date (check->entry);

  if (!is_blank (date) && !is_iso_date (date))
    add_finding (check, "release_date",
                 /* Translators: a field label, its value, an article */
                 _("%s “%s” is not a real date of the form YYYY-MM-DD (%s)."),
                 label (check, "release_date"), date, check->article);
}

static void
check_related_codes (Check *check)
{
  const char * const *codes = sd_catalogue_entry_get_related_codes (check->entry);
  const char *own = sd_catalogue_entry_get_resource_code (check->entry);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!is_blank (own) && g_str_equal (codes[i], own))
        add_finding (check, "related_codes",
                     /* Translators: a field label, the entry's resource code, an article */
                     _("%s must not include the entry's own code “%s” (%s)."),
                     label (check, "related_codes"), own, check->article);
      else if (!sd_identifier_validate_resource_code (codes[i], &error))
        add_finding (check, "related_codes",
                     /* Translators: a field label, the value, an article, then
                      * the validator's explanation (a sentence without final stop) */
                     _("%s: “%s” is not a valid resource code (%s). %s."),
                     label (check, "related_codes"), codes[i], check->article, error->message);
    }
}

/* Two cases. Opening data to the public that the share type keeps from
 * other departments contradicts the share type. And conditionally shared
 * data opened to the public must say on which conditions (开放条件): the
 * national element set pairs the open flag with its conditions, and
 * "conditional between departments, unconditional for everybody" cannot
 * be what the provider meant. Unconditionally shared data may be opened
 * without conditions. */
static void
check_open_attribute (Check *check)
{
  if (check->share_type == NULL || !sd_catalogue_entry_get_open_to_public (check->entry))
    return;

  if (!check->share_type->open_to_public_allowed)
    add_finding (check, "open.to_public",
                 /* Translators: a field label (“Open to the public”), a share
                  * type such as “Not shared”, an article */
                 _("%s cannot be set for share type “%s” (%s)."),
                 label (check, "open.to_public"), sd_share_type_get_label (check->share_type),
                 check->article);
  else if (check->share_type->code == 2
           && is_blank (sd_catalogue_entry_get_open_conditions (check->entry)))
    add_finding (check, "open.conditions",
                 /* Translators: a field label (“Open conditions”), an article */
                 _("%s must be given when conditionally shared data is opened to the public (%s)."),
                 label (check, "open.conditions"), check->article);
}

/* In the order of sd-compliance.h. */
static const struct {
  const char *id;
  void      (*run) (Check *check);
} rules[] = {
  { "C1-required", check_c1_required },
  { "classification-form", check_classification_form },
  { "resource-code-form", check_resource_code_form },
  { "resource-code-classification", check_resource_code_classification },
  { "provider-uscc", check_provider_uscc },
  { "items-present", check_items_present },
  { "item-name-unique", check_item_name_unique },
  { "item-type-code", check_item_type_code },
  { "item-length", check_item_length },
  { "C5-share-type", check_share_type },
  { "C6-conditions", check_c6_conditions },
  { "C6-legal-basis", check_c6_legal_basis },
  { "C7-basic-unconditional", check_c7_basic_unconditional },
  { "C7p-privacy", check_c7p_privacy },
  { "C5p-recipients", check_c5p_recipients },
  { "C10-identifier", check_c10_identifier },
  { "C10-personal-identifier", check_c10_personal_identifier },
  { "share-method", check_share_method },
  { "update-cycle", check_update_cycle },
  { "security-level", check_security_level },
  { "format", check_format },
  { "release-date", check_release_date },
  { "related-codes", check_related_codes },
  { "open-attribute", check_open_attribute },
};

const char * const *
sd_compliance_rule_ids (void)
{
  static const char * const *ids;

  if (g_once_init_enter (&ids))
    {
      const char **list = g_new0 (const char *, G_N_ELEMENTS (rules) + 1);

      for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
        list[i] = rules[i].id;
      g_once_init_leave (&ids, (const char * const *) list);
    }
  return ids;
}

static GPtrArray *
list_items (SdCatalogueEntry *entry)
{
  GListModel *model = G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry));
  guint n = g_list_model_get_n_items (model);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

static void
run_rule (Check *check, gsize index)
{
  g_autofree char *article = NULL;

  check->rule_id = rules[index].id;
  check->rule = sd_policy_find_rule (check->policy, rules[index].id);
  if (check->rule == NULL)
    return;

  /* A rule without an article is the profile's own addition: name the
   * profile instead, so the message still says where the rule comes from. */
  article = check->rule->article != NULL ? sd_article_format (check->rule->article)
                                         : g_strdup (sd_policy_get_label (check->policy));
  check->article = article;
  rules[index].run (check);
  check->article = NULL;
}

GPtrArray *
sd_compliance_check (SdPolicy         *policy,
                     SdCatalogueEntry *entry)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GHashTable) order = NULL;
  const char *share_type_id;
  Check check = { 0 };

  g_return_val_if_fail (SD_IS_POLICY (policy), NULL);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (entry), NULL);

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_finding_free);
  items = list_items (entry);
  strings = g_ptr_array_new_with_free_func (g_free);
  json = sd_catalogue_entry_to_json (entry);
  share_type_id = sd_catalogue_entry_get_share_type (entry);

  check.policy = policy;
  check.entry = entry;
  check.json = json;
  check.items = items;
  check.share_type = is_blank (share_type_id) ? NULL : sd_policy_find_share_type (policy, share_type_id);
  check.findings = findings;
  check.strings = strings;

  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    run_rule (&check, i);

  /* g_ptr_array_sort_with_data() is stable: within a field, findings stay
   * in the order of the rules. */
  order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_paths (json, NULL, order);
  g_ptr_array_sort_with_data (findings, compare_by_field, order);

  return g_steal_pointer (&findings);
}
