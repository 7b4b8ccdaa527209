/* sd-information-item.c — one 信息项 of a catalogue entry.
 *
 * An item is plain data: five members, no validation beyond the JSON form.
 * Whether the values fit the national element set (data type codes,
 * lengths, identifier kinds) is the compliance checker's business, so a
 * draft can hold anything a department typed in.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-catalogue-entry.h"
#include "sd-information-item.h"

struct _SdInformationItem
{
  GObject  parent_instance;

  char    *name;
  char    *type_code;
  guint    length;
  char    *description;
  char    *identifier_kind;
};

G_DEFINE_FINAL_TYPE (SdInformationItem, sd_information_item, G_TYPE_OBJECT)

typedef struct {
  const char *code;
  const char *label;
} CodeLabel;

/* 政务信息资源目录编制指南: the data type codes of 信息项, in the guide's
 * order. The labels have a context: "Date" or "General" alone mean other
 * things elsewhere (日期型 is not 日期, 通用型 is not 一般). */
static const CodeLabel type_codes[] = {
  { "C", NC_("data type", "Character") },
  { "N", NC_("data type", "Numeric") },
  { "Y", NC_("data type", "Currency") },
  { "D", NC_("data type", "Date") },
  { "T", NC_("data type", "Date and time") },
  { "L", NC_("data type", "Logical") },
  { "M", NC_("data type", "Memo") },
  { "G", NC_("data type", "General") },
  { "B", NC_("data type", "Double precision") },
  { "I", NC_("data type", "Integer") },
  { "F", NC_("data type", "Floating point") },
};

/* panjin-2016 art. 16: how shared records identify persons, legal persons
 * and city objects. */
static const CodeLabel identifier_kinds[] = {
  { "", N_("Not an identifier") },
  { "ric", N_("Resident identity card number") },
  { "uscc", N_("Unified social credit code") },
  { "org-code", N_("Organisation code") },
  { "coordinates", N_("Coordinates") },
  { "city-code", N_("City unified code") },
};

static void
sd_information_item_finalize (GObject *object)
{
  SdInformationItem *self = SD_INFORMATION_ITEM (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->type_code, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->identifier_kind, g_free);

  G_OBJECT_CLASS (sd_information_item_parent_class)->finalize (object);
}

static void
sd_information_item_class_init (SdInformationItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_information_item_finalize;
}

static void
sd_information_item_init (SdInformationItem *self)
{
  self->name = g_strdup ("");
  self->type_code = g_strdup ("");
  self->description = g_strdup ("");
  self->identifier_kind = g_strdup ("");
}

SdInformationItem *
sd_information_item_new (void)
{
  return g_object_new (SD_TYPE_INFORMATION_ITEM, NULL);
}

SdInformationItem *
sd_information_item_copy (SdInformationItem *self)
{
  SdInformationItem *copy;

  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);

  copy = sd_information_item_new ();
  sd_information_item_set_name (copy, self->name);
  sd_information_item_set_type_code (copy, self->type_code);
  sd_information_item_set_length (copy, self->length);
  sd_information_item_set_description (copy, self->description);
  sd_information_item_set_identifier_kind (copy, self->identifier_kind);
  return copy;
}

/* NULL is stored as "" so that getters and the JSON form never see NULL. */
static void
replace_string (char **field, const char *value)
{
  char *copy = g_strdup (value != NULL ? value : "");

  g_free (*field);
  *field = copy;
}

const char *
sd_information_item_get_name (SdInformationItem *self)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);
  return self->name;
}

void
sd_information_item_set_name (SdInformationItem *self, const char *name)
{
  g_return_if_fail (SD_IS_INFORMATION_ITEM (self));
  replace_string (&self->name, name);
}

const char *
sd_information_item_get_type_code (SdInformationItem *self)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);
  return self->type_code;
}

void
sd_information_item_set_type_code (SdInformationItem *self, const char *type_code)
{
  g_return_if_fail (SD_IS_INFORMATION_ITEM (self));
  replace_string (&self->type_code, type_code);
}

guint
sd_information_item_get_length (SdInformationItem *self)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), 0);
  return self->length;
}

void
sd_information_item_set_length (SdInformationItem *self, guint length)
{
  g_return_if_fail (SD_IS_INFORMATION_ITEM (self));
  self->length = length;
}

const char *
sd_information_item_get_description (SdInformationItem *self)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);
  return self->description;
}

void
sd_information_item_set_description (SdInformationItem *self, const char *description)
{
  g_return_if_fail (SD_IS_INFORMATION_ITEM (self));
  replace_string (&self->description, description);
}

const char *
sd_information_item_get_identifier_kind (SdInformationItem *self)
{
  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);
  return self->identifier_kind;
}

void
sd_information_item_set_identifier_kind (SdInformationItem *self, const char *kind)
{
  g_return_if_fail (SD_IS_INFORMATION_ITEM (self));
  replace_string (&self->identifier_kind, kind);
}

/* A member path for messages: "length" alone, or "information_items[1].length"
 * when the item is read as part of an entry. */
static char *
member_path (const char *prefix, const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

static gboolean
read_string (JsonNode    *node,
             const char  *path,
             char       **field,
             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                   /* Translators: %s is a member path such as “information_items[1].name” */
                   _("Member “%s” must be a string."), path);
      return FALSE;
    }
  replace_string (field, json_node_get_string (node));
  return TRUE;
}

static gboolean
read_length (JsonNode    *node,
             const char  *path,
             guint       *field,
             GError     **error)
{
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || (value = json_node_get_int (node)) < 0 || value > G_MAXUINT)
    {
      g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                   /* Translators: the first %s is a member path such as
                    * “information_items[1].length”; then the smallest and
                    * the largest value allowed */
                   _("Member “%s” must be a whole number from %u to %u."),
                   path, 0u, G_MAXUINT);
      return FALSE;
    }
  *field = (guint) value;
  return TRUE;
}

static gboolean
read_member (SdInformationItem  *self,
             const char         *name,
             JsonNode           *node,
             const char         *path,
             GError            **error)
{
  if (g_str_equal (name, "name"))
    return read_string (node, path, &self->name, error);
  if (g_str_equal (name, "type_code"))
    return read_string (node, path, &self->type_code, error);
  if (g_str_equal (name, "length"))
    return read_length (node, path, &self->length, error);
  if (g_str_equal (name, "description"))
    return read_string (node, path, &self->description, error);
  if (g_str_equal (name, "identifier_kind"))
    return read_string (node, path, &self->identifier_kind, error);

  g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
               /* Translators: %s is a member path such as “share.method” */
               _("Unknown member “%s”."), path);
  return FALSE;
}

SdInformationItem *
_sd_information_item_new_from_json_at (JsonNode    *node,
                                       const char  *path,
                                       GError     **error)
{
  g_autoptr(SdInformationItem) self = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (path == NULL || *path == '\0')
        g_set_error_literal (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                             _("An information item must be a JSON object."));
      else
        g_set_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID,
                     /* Translators: %s is a member path such as “information_items[1]” */
                     _("Member “%s” must be an object."), path);
      return NULL;
    }

  self = sd_information_item_new ();
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *member = member_path (path, name);

      if (!read_member (self, name, json_object_get_member (object, name), member, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

SdInformationItem *
sd_information_item_new_from_json (JsonNode  *node,
                                   GError   **error)
{
  return _sd_information_item_new_from_json_at (node, NULL, error);
}

JsonNode *
sd_information_item_to_json (SdInformationItem *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SD_IS_INFORMATION_ITEM (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "type_code");
  json_builder_add_string_value (builder, self->type_code);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, self->length);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, self->description);
  json_builder_set_member_name (builder, "identifier_kind");
  json_builder_add_string_value (builder, self->identifier_kind);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char * const *
list_codes (const CodeLabel *table, gsize n_entries, const char * const **cache)
{
  if (g_once_init_enter (cache))
    {
      const char **codes = g_new0 (const char *, n_entries + 1);

      for (gsize i = 0; i < n_entries; i++)
        codes[i] = table[i].code;
      g_once_init_leave (cache, (const char * const *) codes);
    }
  return *cache;
}

/* Unknown codes have no label: they are returned as they are, so a list
 * can always show what a draft holds. @context is the labels' msgctxt or
 * NULL. */
static const char *
find_label (const CodeLabel *table, gsize n_entries, const char *context, const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (gsize i = 0; i < n_entries; i++)
    if (g_str_equal (table[i].code, code))
      return context != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, context, table[i].label)
                             : _(table[i].label);
  return code;
}

const char * const *
sd_information_item_type_codes (void)
{
  static const char * const *codes;

  return list_codes (type_codes, G_N_ELEMENTS (type_codes), &codes);
}

const char *
sd_information_item_type_code_label (const char *type_code)
{
  return find_label (type_codes, G_N_ELEMENTS (type_codes), "data type", type_code);
}

const char * const *
sd_information_item_identifier_kinds (void)
{
  static const char * const *kinds;

  return list_codes (identifier_kinds, G_N_ELEMENTS (identifier_kinds), &kinds);
}

const char *
sd_information_item_identifier_kind_label (const char *kind)
{
  return find_label (identifier_kinds, G_N_ELEMENTS (identifier_kinds), NULL, kind);
}
