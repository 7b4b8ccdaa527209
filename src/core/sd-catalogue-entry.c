/* sd-catalogue-entry.c — a 政务数据目录 entry and its JSON form.
 *
 * One table (entry_members) describes the JSON form: member names, their
 * order, where each lives in the struct and its label for people. Parsing,
 * writing, copying, diffing and field labels all walk that table, so the
 * wire format, the field paths and the labels cannot drift apart.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "sd-catalogue-entry.h"

G_DEFINE_QUARK (sd-catalogue-error-quark, sd_catalogue_error)

struct _SdCatalogueEntry
{
  GObject       parent_instance;

  char         *id;
  char         *classification_code;
  char         *resource_code;
  char         *name;
  char         *abstract;
  char         *provider_name;
  char         *provider_uscc;
  char         *format_kind;
  char         *format_type;
  GListStore   *information_items;
  char         *share_type;
  char         *share_conditions;
  char         *share_legal_basis;
  char         *share_scope;
  GStrv         share_methods;
  GStrv         share_recipients;
  gboolean      open_to_public;
  char         *open_conditions;
  char         *update_cycle;
  char         *source_system;
  char         *security_level;
  char         *release_date;
  GStrv         related_codes;
  gboolean      personal_info;
  gboolean      commercial_secret;
  gboolean      external;
  guint         version;
  SdEntryState  state;
};

G_DEFINE_FINAL_TYPE (SdCatalogueEntry, sd_catalogue_entry, G_TYPE_OBJECT)

typedef enum {
  MEMBER_STRING,
  MEMBER_STRV,
  MEMBER_BOOLEAN,
  MEMBER_OBJECT,
  MEMBER_ITEMS,
  MEMBER_VERSION,
  MEMBER_STATE,
} MemberKind;

typedef struct _Member Member;

struct _Member
{
  const char   *name;
  MemberKind    kind;
  gsize         offset;     /* of the field in SdCatalogueEntry; 0 for objects */
  const Member *children;   /* MEMBER_OBJECT only, NULL-name terminated */
  const char   *label;      /* field label, a msgid */
};

#define FIELD(member) G_STRUCT_OFFSET (SdCatalogueEntry, member)

static const Member provider_members[] = {
  { "name", MEMBER_STRING, FIELD (provider_name), NULL, N_("Provider's name") },
  { "uscc", MEMBER_STRING, FIELD (provider_uscc), NULL, N_("Provider's unified social credit code") },
  { NULL }
};

static const Member format_members[] = {
  { "kind", MEMBER_STRING, FIELD (format_kind), NULL, N_("Format kind") },
  { "type", MEMBER_STRING, FIELD (format_type), NULL, N_("Format type") },
  { NULL }
};

static const Member share_members[] = {
  { "type", MEMBER_STRING, FIELD (share_type), NULL, N_("Share type") },
  { "conditions", MEMBER_STRING, FIELD (share_conditions), NULL, N_("Share conditions") },
  { "legal_basis", MEMBER_STRING, FIELD (share_legal_basis), NULL, N_("Legal basis") },
  { "scope", MEMBER_STRING, FIELD (share_scope), NULL, N_("Share scope") },
  { "methods", MEMBER_STRV, FIELD (share_methods), NULL, N_("Share methods") },
  { "recipients", MEMBER_STRV, FIELD (share_recipients), NULL, N_("Share recipients") },
  { NULL }
};

static const Member open_members[] = {
  { "to_public", MEMBER_BOOLEAN, FIELD (open_to_public), NULL, N_("Open to the public") },
  { "conditions", MEMBER_STRING, FIELD (open_conditions), NULL, N_("Open conditions") },
  { NULL }
};

static const Member sensitivity_members[] = {
  { "personal_info", MEMBER_BOOLEAN, FIELD (personal_info), NULL, N_("Contains personal information") },
  { "commercial_secret", MEMBER_BOOLEAN, FIELD (commercial_secret), NULL, N_("Contains commercial secrets") },
  { NULL }
};

/* In the order of the JSON form, which is also the order of diffs and of
 * compliance findings. */
static const Member entry_members[] = {
  { "id", MEMBER_STRING, FIELD (id), NULL, N_("Entry ID") },
  { "classification_code", MEMBER_STRING, FIELD (classification_code), NULL, N_("Classification code") },
  { "resource_code", MEMBER_STRING, FIELD (resource_code), NULL, N_("Resource code") },
  { "name", MEMBER_STRING, FIELD (name), NULL, N_("Resource name") },
  { "abstract", MEMBER_STRING, FIELD (abstract), NULL, N_("Abstract") },
  { "provider", MEMBER_OBJECT, 0, provider_members, N_("Provider") },
  { "format", MEMBER_OBJECT, 0, format_members, N_("Format") },
  { "information_items", MEMBER_ITEMS, FIELD (information_items), NULL, N_("Information items") },
  { "share", MEMBER_OBJECT, 0, share_members, N_("Share attributes") },
  { "open", MEMBER_OBJECT, 0, open_members, N_("Open attributes") },
  { "update_cycle", MEMBER_STRING, FIELD (update_cycle), NULL, N_("Update cycle") },
  { "source_system", MEMBER_STRING, FIELD (source_system), NULL, N_("Source system") },
  { "security_level", MEMBER_STRING, FIELD (security_level), NULL, N_("Security level") },
  { "release_date", MEMBER_STRING, FIELD (release_date), NULL, N_("Release date") },
  { "related_codes", MEMBER_STRV, FIELD (related_codes), NULL, N_("Related resource codes") },
  { "sensitivity", MEMBER_OBJECT, 0, sensitivity_members, N_("Sensitivity") },
  { "external", MEMBER_BOOLEAN, FIELD (external), NULL, N_("Out-of-industry data") },
  { "version", MEMBER_VERSION, FIELD (version), NULL, N_("Version") },
  { "state", MEMBER_STATE, FIELD (state), NULL, N_("State") },
  { NULL }
};

#undef FIELD

/* The members of an information item, in its JSON order, with the labels
 * used after "Information item 3: ". */
static const struct {
  const char *name;
  const char *label;
} item_members[] = {
  { "name", N_("name") },
  { "type_code", N_("data type") },
  { "length", N_("length") },
  { "description", N_("description") },
  { "identifier_kind", N_("identifier kind") },
};

#define INFORMATION_ITEMS "information_items"

/* Struct field access through the table's offsets. */
#define STRING_FIELD(self, m)  G_STRUCT_MEMBER (char *, (self), (m)->offset)
#define STRV_FIELD(self, m)    G_STRUCT_MEMBER (GStrv, (self), (m)->offset)
#define BOOLEAN_FIELD(self, m) G_STRUCT_MEMBER (gboolean, (self), (m)->offset)

static const Member *
find_member (const Member *members, const char *name)
{
  for (const Member *m = members; m->name != NULL; m++)
    if (g_str_equal (m->name, name))
      return m;
  return NULL;
}

/* NULL is stored as "" (and as an empty list) so that getters and the JSON
 * form never see NULL. */
static void
replace_string (char **field, const char *value)
{
  char *copy = g_strdup (value != NULL ? value : "");

  g_free (*field);
  *field = copy;
}

static void
replace_strv (GStrv *field, const char * const *value)
{
  GStrv copy = value != NULL ? g_strdupv ((GStrv) value) : g_new0 (char *, 1);

  g_strfreev (*field);
  *field = copy;
}

static void
init_members (SdCatalogueEntry *self, const Member *members)
{
  for (const Member *m = members; m->name != NULL; m++)
    switch (m->kind)
      {
      case MEMBER_STRING:
        STRING_FIELD (self, m) = g_strdup ("");
        break;
      case MEMBER_STRV:
        STRV_FIELD (self, m) = g_new0 (char *, 1);
        break;
      case MEMBER_OBJECT:
        init_members (self, m->children);
        break;
      case MEMBER_BOOLEAN:
      case MEMBER_ITEMS:
      case MEMBER_VERSION:
      case MEMBER_STATE:
        break;
      }
}

static void
clear_members (SdCatalogueEntry *self, const Member *members)
{
  for (const Member *m = members; m->name != NULL; m++)
    switch (m->kind)
      {
      case MEMBER_STRING:
        g_clear_pointer (&STRING_FIELD (self, m), g_free);
        break;
      case MEMBER_STRV:
        g_clear_pointer (&STRV_FIELD (self, m), g_strfreev);
        break;
      case MEMBER_OBJECT:
        clear_members (self, m->children);
        break;
      case MEMBER_BOOLEAN:
      case MEMBER_ITEMS:
      case MEMBER_VERSION:
      case MEMBER_STATE:
        break;
      }
}

static void
sd_catalogue_entry_finalize (GObject *object)
{
  SdCatalogueEntry *self = SD_CATALOGUE_ENTRY (object);

  clear_members (self, entry_members);
  g_clear_object (&self->information_items);

  G_OBJECT_CLASS (sd_catalogue_entry_parent_class)->finalize (object);
}

static void
sd_catalogue_entry_class_init (SdCatalogueEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_catalogue_entry_finalize;
}

static void
sd_catalogue_entry_init (SdCatalogueEntry *self)
{
  init_members (self, entry_members);
  self->information_items = g_list_store_new (SD_TYPE_INFORMATION_ITEM);
  self->version = 1;
  self->state = SD_ENTRY_STATE_DRAFT;
}

SdCatalogueEntry *
sd_catalogue_entry_new (void)
{
  return g_object_new (SD_TYPE_CATALOGUE_ENTRY, NULL);
}

static void
copy_items (GListStore *from, GListStore *to)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (from));

  g_list_store_remove_all (to);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdInformationItem) item = g_list_model_get_item (G_LIST_MODEL (from), i);
      g_autoptr(SdInformationItem) copy = sd_information_item_copy (item);

      g_list_store_append (to, copy);
    }
}

static void
copy_members (SdCatalogueEntry *from, SdCatalogueEntry *to, const Member *members)
{
  for (const Member *m = members; m->name != NULL; m++)
    switch (m->kind)
      {
      case MEMBER_STRING:
        replace_string (&STRING_FIELD (to, m), STRING_FIELD (from, m));
        break;
      case MEMBER_STRV:
        replace_strv (&STRV_FIELD (to, m), (const char * const *) STRV_FIELD (from, m));
        break;
      case MEMBER_BOOLEAN:
        BOOLEAN_FIELD (to, m) = BOOLEAN_FIELD (from, m);
        break;
      case MEMBER_OBJECT:
        copy_members (from, to, m->children);
        break;
      case MEMBER_ITEMS:
        copy_items (from->information_items, to->information_items);
        break;
      case MEMBER_VERSION:
        to->version = from->version;
        break;
      case MEMBER_STATE:
        to->state = from->state;
        break;
      }
}

SdCatalogueEntry *
sd_catalogue_entry_copy (SdCatalogueEntry *self)
{
  SdCatalogueEntry *copy;

  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);

  copy = sd_catalogue_entry_new ();
  copy_members (self, copy, entry_members);
  return copy;
}

/* ---- Reading the JSON form ---------------------------------------------- */

static char *
join_path (const char *prefix, const char *name)
{
  if (prefix == NULL)
    return g_strdup (name);
  return g_strconcat (prefix, ".", name, NULL);
}

static gboolean
holds_value_of_type (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean fail_type (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sets an SD_CATALOGUE_ERROR_INVALID and returns FALSE, for tail calls. */
static gboolean
fail_type (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SD_CATALOGUE_ERROR,
                                                SD_CATALOGUE_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
read_string (JsonNode *node, const char *path, char **field, GError **error)
{
  if (!holds_value_of_type (node, G_TYPE_STRING))
    /* Translators: %s is a member path such as “share.conditions” */
    return fail_type (error, _("Member “%s” must be a string."), path);

  replace_string (field, json_node_get_string (node));
  return TRUE;
}

/* The array @node holds, or NULL with an error naming @path. */
static JsonArray *
get_array (JsonNode *node, const char *path, GError **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);

  /* Translators: %s is a member path such as “share.methods” */
  fail_type (error, _("Member “%s” must be an array."), path);
  return NULL;
}

static gboolean
read_strv (JsonNode *node, const char *path, GStrv *field, GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = get_array (node, path, error);
  guint n;

  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_value_of_type (element, G_TYPE_STRING))
        {
          g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

          return fail_type (error, _("Member “%s” must be a string."), element_path);
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (*field);
  *field = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_boolean (JsonNode *node, const char *path, gboolean *field, GError **error)
{
  if (!holds_value_of_type (node, G_TYPE_BOOLEAN))
    /* Translators: %s is a member path such as “open.to_public” */
    return fail_type (error, _("Member “%s” must be true or false."), path);

  *field = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_items (JsonNode *node, const char *path, GListStore *store, GError **error)
{
  JsonArray *array = get_array (node, path, error);
  guint n;

  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  g_list_store_remove_all (store);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autoptr(SdInformationItem) item = NULL;

      item = _sd_information_item_new_from_json_at (json_array_get_element (array, i),
                                                    item_path, error);
      if (item == NULL)
        return FALSE;
      g_list_store_append (store, item);
    }
  return TRUE;
}

static gboolean
read_version (JsonNode *node, const char *path, guint *field, GError **error)
{
  gint64 value;

  if (!holds_value_of_type (node, G_TYPE_INT64)
      || (value = json_node_get_int (node)) < 1 || value > G_MAXUINT)
    {
      g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                   /* Translators: the first %s is a member path such as
                    * “information_items[1].length”; then the smallest and
                    * the largest value allowed */
                   _("Member “%s” must be a whole number from %u to %u."),
                   path, 1u, G_MAXUINT);
      return FALSE;
    }
  *field = (guint) value;
  return TRUE;
}

static gboolean
read_state (JsonNode *node, const char *path, SdEntryState *field, GError **error)
{
  SdEntryState state;

  if (!holds_value_of_type (node, G_TYPE_STRING))
    return fail_type (error, _("Member “%s” must be a string."), path);

  state = sd_entry_state_from_string (json_node_get_string (node));
  if (state == SD_ENTRY_STATE_INVALID)
    {
      g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                   /* Translators: %s is the member path “state”, then the value found */
                   _("Member “%s” has the unknown state “%s”; expected draft, submitted, published or retired."),
                   path, json_node_get_string (node));
      return FALSE;
    }
  *field = state;
  return TRUE;
}

static gboolean read_object (SdCatalogueEntry  *self,
                             const Member      *members,
                             JsonNode          *node,
                             const char        *prefix,
                             GError           **error);

static gboolean
read_member (SdCatalogueEntry  *self,
             const Member      *m,
             JsonNode          *node,
             const char        *path,
             GError           **error)
{
  switch (m->kind)
    {
    case MEMBER_STRING:
      return read_string (node, path, &STRING_FIELD (self, m), error);
    case MEMBER_STRV:
      return read_strv (node, path, &STRV_FIELD (self, m), error);
    case MEMBER_BOOLEAN:
      return read_boolean (node, path, &BOOLEAN_FIELD (self, m), error);
    case MEMBER_OBJECT:
      return read_object (self, m->children, node, path, error);
    case MEMBER_ITEMS:
      return read_items (node, path, self->information_items, error);
    case MEMBER_VERSION:
      return read_version (node, path, &self->version, error);
    case MEMBER_STATE:
      return read_state (node, path, &self->state, error);
    }
  g_assert_not_reached ();
}

/* @prefix is NULL for the entry itself, else the object's path. */
static gboolean
read_object (SdCatalogueEntry  *self,
             const Member      *members,
             JsonNode          *node,
             const char        *prefix,
             GError           **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (prefix == NULL)
        {
          g_set_error_literal (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                               _("A catalogue entry must be a JSON object."));
          return FALSE;
        }
      /* Translators: %s is a member path such as “provider” */
      return fail_type (error, _("Member “%s” must be an object."), prefix);
    }

  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const Member *m = find_member (members, name);
      g_autofree char *path = join_path (prefix, name);

      if (m == NULL)
        {
          g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                       _("Unknown member “%s”."), path);
          return FALSE;
        }
      if (!read_member (self, m, json_object_get_member (object, name), path, error))
        return FALSE;
    }
  return TRUE;
}

SdCatalogueEntry *
sd_catalogue_entry_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(SdCatalogueEntry) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = sd_catalogue_entry_new ();
  if (!read_object (self, entry_members, node, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

SdCatalogueEntry *
sd_catalogue_entry_new_from_data (const char  *json,
                                  gssize       length,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                   /* Translators: %s is the JSON parser's own message */
                   _("The catalogue entry is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                           _("A catalogue entry must be a JSON object."));
      return NULL;
    }
  return sd_catalogue_entry_new_from_json (root, error);
}

/* ---- Writing the JSON form ---------------------------------------------- */

static void
write_strv (JsonBuilder *builder, GStrv strv)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
write_items (JsonBuilder *builder, GListStore *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdInformationItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      json_builder_add_value (builder, sd_information_item_to_json (item));
    }
  json_builder_end_array (builder);
}

static void
write_object (SdCatalogueEntry *self, const Member *members, JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  for (const Member *m = members; m->name != NULL; m++)
    {
      json_builder_set_member_name (builder, m->name);
      switch (m->kind)
        {
        case MEMBER_STRING:
          json_builder_add_string_value (builder, STRING_FIELD (self, m));
          break;
        case MEMBER_STRV:
          write_strv (builder, STRV_FIELD (self, m));
          break;
        case MEMBER_BOOLEAN:
          json_builder_add_boolean_value (builder, BOOLEAN_FIELD (self, m));
          break;
        case MEMBER_OBJECT:
          write_object (self, m->children, builder);
          break;
        case MEMBER_ITEMS:
          write_items (builder, self->information_items);
          break;
        case MEMBER_VERSION:
          json_builder_add_int_value (builder, self->version);
          break;
        case MEMBER_STATE:
          json_builder_add_string_value (builder, sd_entry_state_to_string (self->state));
          break;
        }
    }
  json_builder_end_object (builder);
}

JsonNode *
sd_catalogue_entry_to_json (SdCatalogueEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);

  write_object (self, entry_members, builder);
  return json_builder_get_root (builder);
}

char *
sd_catalogue_entry_to_data (SdCatalogueEntry *self,
                            gboolean          pretty)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);

  root = sd_catalogue_entry_to_json (self);
  return json_to_string (root, pretty);
}

/* ---- Differences between versions --------------------------------------- */

void
sd_field_change_free (SdFieldChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static void
add_change (GPtrArray *changes, const char *path, JsonNode *old_node, JsonNode *new_node)
{
  SdFieldChange *change = g_new0 (SdFieldChange, 1);

  change->path = g_strdup (path);
  change->old_value = old_node != NULL ? json_to_string (old_node, FALSE) : NULL;
  change->new_value = new_node != NULL ? json_to_string (new_node, FALSE) : NULL;
  g_ptr_array_add (changes, change);
}

static void
diff_leaf (GPtrArray *changes, const char *path, JsonNode *old_node, JsonNode *new_node)
{
  if (!json_node_equal (old_node, new_node))
    add_change (changes, path, old_node, new_node);
}

/* Items are compared by position: an inserted item shows as changes to
 * the items after it. That matches how people read two versions side by
 * side, and needs no identity an item does not have. */
static void
diff_items (GPtrArray *changes, const char *path, JsonNode *old_node, JsonNode *new_node)
{
  JsonArray *old_items = json_node_get_array (old_node);
  JsonArray *new_items = json_node_get_array (new_node);
  guint n_old = json_array_get_length (old_items);
  guint n_new = json_array_get_length (new_items);

  for (guint i = 0; i < MAX (n_old, n_new); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *old_item = i < n_old ? json_array_get_element (old_items, i) : NULL;
      JsonNode *new_item = i < n_new ? json_array_get_element (new_items, i) : NULL;

      if (old_item == NULL || new_item == NULL)
        {
          add_change (changes, item_path, old_item, new_item);
          continue;
        }

      for (gsize k = 0; k < G_N_ELEMENTS (item_members); k++)
        {
          const char *name = item_members[k].name;
          g_autofree char *member_path = g_strconcat (item_path, ".", name, NULL);

          diff_leaf (changes, member_path,
                     json_object_get_member (json_node_get_object (old_item), name),
                     json_object_get_member (json_node_get_object (new_item), name));
        }
    }
}

static void
diff_object (GPtrArray    *changes,
             const Member *members,
             const char   *prefix,
             JsonObject   *old_object,
             JsonObject   *new_object)
{
  for (const Member *m = members; m->name != NULL; m++)
    {
      g_autofree char *path = join_path (prefix, m->name);
      JsonNode *old_node = json_object_get_member (old_object, m->name);
      JsonNode *new_node = json_object_get_member (new_object, m->name);

      switch (m->kind)
        {
        case MEMBER_OBJECT:
          diff_object (changes, m->children, path,
                       json_node_get_object (old_node), json_node_get_object (new_node));
          break;
        case MEMBER_ITEMS:
          diff_items (changes, path, old_node, new_node);
          break;
        case MEMBER_VERSION:
        case MEMBER_STATE:
          /* The version history itself, not a change of content. */
          break;
        case MEMBER_STRING:
        case MEMBER_STRV:
        case MEMBER_BOOLEAN:
          diff_leaf (changes, path, old_node, new_node);
          break;
        }
    }
}

GPtrArray *
sd_catalogue_entry_diff (SdCatalogueEntry *self,
                         SdCatalogueEntry *other)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonNode) old_root = NULL;
  g_autoptr(JsonNode) new_root = NULL;

  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (other), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_field_change_free);
  old_root = sd_catalogue_entry_to_json (self);
  new_root = sd_catalogue_entry_to_json (other);
  diff_object (changes, entry_members, NULL,
               json_node_get_object (old_root), json_node_get_object (new_root));
  return g_steal_pointer (&changes);
}

/* ---- Accessors ------------------------------------------------------------ */

/* The string and boolean fields all have the same trivial accessor pair. */
#define DEFINE_STRING_ACCESSORS(field)                                        \
  const char *                                                                \
  sd_catalogue_entry_get_##field (SdCatalogueEntry *self)                     \
  {                                                                           \
    g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);                \
    return self->field;                                                       \
  }                                                                           \
                                                                              \
  void                                                                        \
  sd_catalogue_entry_set_##field (SdCatalogueEntry *self, const char *value)  \
  {                                                                           \
    g_return_if_fail (SD_IS_CATALOGUE_ENTRY (self));                          \
    replace_string (&self->field, value);                                     \
  }

#define DEFINE_STRV_ACCESSORS(field)                                          \
  const char * const *                                                        \
  sd_catalogue_entry_get_##field (SdCatalogueEntry *self)                     \
  {                                                                           \
    g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);                \
    return (const char * const *) self->field;                                \
  }                                                                           \
                                                                              \
  void                                                                        \
  sd_catalogue_entry_set_##field (SdCatalogueEntry  *self,                    \
                                  const char * const *value)                  \
  {                                                                           \
    g_return_if_fail (SD_IS_CATALOGUE_ENTRY (self));                          \
    replace_strv (&self->field, value);                                       \
  }

#define DEFINE_BOOLEAN_ACCESSORS(name, field)                                 \
  gboolean                                                                    \
  sd_catalogue_entry_get_##name (SdCatalogueEntry *self)                      \
  {                                                                           \
    g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), FALSE);               \
    return self->field;                                                       \
  }                                                                           \
                                                                              \
  void                                                                        \
  sd_catalogue_entry_set_##name (SdCatalogueEntry *self, gboolean value)      \
  {                                                                           \
    g_return_if_fail (SD_IS_CATALOGUE_ENTRY (self));                          \
    self->field = !!value;                                                    \
  }

DEFINE_STRING_ACCESSORS (id)
DEFINE_STRING_ACCESSORS (classification_code)
DEFINE_STRING_ACCESSORS (resource_code)
DEFINE_STRING_ACCESSORS (name)
DEFINE_STRING_ACCESSORS (abstract)
DEFINE_STRING_ACCESSORS (provider_name)
DEFINE_STRING_ACCESSORS (provider_uscc)
DEFINE_STRING_ACCESSORS (format_kind)
DEFINE_STRING_ACCESSORS (format_type)
DEFINE_STRING_ACCESSORS (share_type)
DEFINE_STRING_ACCESSORS (share_conditions)
DEFINE_STRING_ACCESSORS (share_legal_basis)
DEFINE_STRING_ACCESSORS (share_scope)
DEFINE_STRV_ACCESSORS (share_methods)
DEFINE_STRV_ACCESSORS (share_recipients)
DEFINE_BOOLEAN_ACCESSORS (open_to_public, open_to_public)
DEFINE_STRING_ACCESSORS (open_conditions)
DEFINE_STRING_ACCESSORS (update_cycle)
DEFINE_STRING_ACCESSORS (source_system)
DEFINE_STRING_ACCESSORS (security_level)
DEFINE_STRING_ACCESSORS (release_date)
DEFINE_STRV_ACCESSORS (related_codes)
DEFINE_BOOLEAN_ACCESSORS (contains_personal_info, personal_info)
DEFINE_BOOLEAN_ACCESSORS (contains_commercial_secret, commercial_secret)
DEFINE_BOOLEAN_ACCESSORS (external, external)

GListStore *
sd_catalogue_entry_get_information_items (SdCatalogueEntry *self)
{
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), NULL);
  return self->information_items;
}

guint
sd_catalogue_entry_get_version (SdCatalogueEntry *self)
{
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), 0);
  return self->version;
}

void
sd_catalogue_entry_set_version (SdCatalogueEntry *self, guint version)
{
  g_return_if_fail (SD_IS_CATALOGUE_ENTRY (self));
  g_return_if_fail (version >= 1);
  self->version = version;
}

SdEntryState
sd_catalogue_entry_get_state (SdCatalogueEntry *self)
{
  g_return_val_if_fail (SD_IS_CATALOGUE_ENTRY (self), SD_ENTRY_STATE_INVALID);
  return self->state;
}

void
sd_catalogue_entry_set_state (SdCatalogueEntry *self, SdEntryState state)
{
  g_return_if_fail (SD_IS_CATALOGUE_ENTRY (self));
  g_return_if_fail (state != SD_ENTRY_STATE_INVALID);
  self->state = state;
}

/* ---- Field labels --------------------------------------------------------- */

/* The label of a dotted path without list indices, or NULL. */
static const char *
find_member_label (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 0);
  const Member *members = entry_members;
  const Member *m = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (members == NULL || (m = find_member (members, parts[i])) == NULL)
        return NULL;
      members = m->children;
    }
  return m != NULL ? _(m->label) : NULL;
}

static const char *
find_item_member_label (const char *name)
{
  for (gsize k = 0; k < G_N_ELEMENTS (item_members); k++)
    if (g_str_equal (item_members[k].name, name))
      return _(item_members[k].label);
  return NULL;
}

/* Splits "share.methods[2]" or "information_items[2].name" into the list
 * path, the index and what follows the closing bracket. */
static gboolean
split_index (const char *path, char **list_path, guint *index, const char **rest)
{
  const char *open = strchr (path, '[');
  const char *close;
  guint64 value;

  if (open == NULL || open == path || (close = strchr (open, ']')) == NULL)
    return FALSE;

  {
    g_autofree char *digits = g_strndup (open + 1, close - open - 1);

    if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT - 1, &value, NULL))
      return FALSE;
  }

  *list_path = g_strndup (path, open - path);
  *index = (guint) value;
  *rest = close + 1;
  return TRUE;
}

static char *
item_field_label (guint index, const char *rest)
{
  const char *member_label;

  if (*rest == '\0')
    /* Translators: %u is the item's position, counted from 1 */
    return g_strdup_printf (_("Information item %u"), index + 1);

  if (rest[0] != '.' || (member_label = find_item_member_label (rest + 1)) == NULL)
    return NULL;

  /* Translators: %u is the item's position, counted from 1; %s is a
   * member label such as “data type” */
  return g_strdup_printf (_("Information item %u: %s"), index + 1, member_label);
}

char *
sd_catalogue_entry_field_label (const char *path)
{
  g_autofree char *list_path = NULL;
  const char *rest = NULL;
  const char *label;
  char *result = NULL;
  guint index = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!split_index (path, &list_path, &index, &rest))
    {
      label = find_member_label (path);
      return g_strdup (label != NULL ? label : path);
    }

  if (g_str_equal (list_path, INFORMATION_ITEMS))
    result = item_field_label (index, rest);
  else if (*rest == '\0' && (label = find_member_label (list_path)) != NULL)
    /* Translators: a list field's label, then the element's position
     * counted from 1: “Share methods, item 2” */
    result = g_strdup_printf (_("%s, item %u"), label, index + 1);

  return result != NULL ? result : g_strdup (path);
}

/* ---- Formats of the national element set ---------------------------------- */

static const char * const electronic_file_types[] = {
  "OFD", "wps", "xml", "txt", "doc", "docx", "html", "pdf", "ppt", NULL
};
static const char * const spreadsheet_types[] = { "et", "xls", "xlsx", NULL };
static const char * const database_types[] = {
  "Dm", "KingbaseES", "access", "dbf", "dbase", "sysbase", "oracle", "sqlserver", "db2", NULL
};
static const char * const image_types[] = { "jpg", "gif", "bmp", NULL };
static const char * const streaming_media_types[] = { "swf", "rm", "mpg", NULL };
/* Self-describing formats and service interfaces take any type. */
static const char * const any_type[] = { NULL };

static const struct {
  const char         *kind;
  const char         *label;
  const char * const *types;
} format_kinds[] = {
  { "electronic-file", N_("Electronic file"), electronic_file_types },
  { "spreadsheet", N_("Spreadsheet"), spreadsheet_types },
  { "database", N_("Database"), database_types },
  { "image", N_("Graphics and images"), image_types },
  { "streaming-media", N_("Streaming media"), streaming_media_types },
  { "self-describing", N_("Self-describing format"), any_type },
  { "service-interface", N_("Service interface"), any_type },
};

static const char * const format_kind_ids[] = {
  "electronic-file", "spreadsheet", "database", "image", "streaming-media",
  "self-describing", "service-interface", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (format_kind_ids) == G_N_ELEMENTS (format_kinds) + 1);

const char * const *
sd_catalogue_format_kinds (void)
{
  return format_kind_ids;
}

/* The index of @kind in format_kinds, or -1. */
static int
find_format_kind (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_kinds); i++)
    if (g_str_equal (format_kinds[i].kind, kind))
      return (int) i;
  return -1;
}

/* Unknown kinds are returned as they are. */
const char *
sd_catalogue_format_kind_label (const char *kind)
{
  int i;

  g_return_val_if_fail (kind != NULL, NULL);

  i = find_format_kind (kind);
  return i >= 0 ? _(format_kinds[i].label) : kind;
}

/* NULL for an unknown kind. */
const char * const *
sd_catalogue_format_types (const char *kind)
{
  int i;

  g_return_val_if_fail (kind != NULL, NULL);

  i = find_format_kind (kind);
  return i >= 0 ? format_kinds[i].types : NULL;
}
