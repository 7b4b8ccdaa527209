/* test-catalogue-entry.c — the catalogue entry, its JSON form, diffs and labels. */
#include <string.h>

#include "sd-test-utils.h"

static SdCatalogueEntry *
load_full_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  SdCatalogueEntry *entry;

  data = sd_test_read_data ("entry-full.json", &length);
  entry = sd_catalogue_entry_new_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static SdInformationItem *
get_item (SdCatalogueEntry *entry, guint index)
{
  GListModel *items = G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry));
  SdInformationItem *item = g_list_model_get_item (items, index);

  g_assert_nonnull (item);
  /* The store keeps its reference: the caller borrows the item. */
  g_object_unref (item);
  return item;
}

static SdInformationItem *
make_item (const char *name, const char *type_code, guint length, const char *kind)
{
  SdInformationItem *item = sd_information_item_new ();

  sd_information_item_set_name (item, name);
  sd_information_item_set_type_code (item, type_code);
  sd_information_item_set_length (item, length);
  sd_information_item_set_identifier_kind (item, kind);
  return item;
}

/* ---- Reading and writing ------------------------------------------------ */

static void
test_full_fixture_values (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  const char *methods[] = { "api", "online-query", "subscription", NULL };
  const char *related[] = { "1050201/000011", "1020101/000003", NULL };
  SdInformationItem *item;

  g_assert_cmpstr (sd_catalogue_entry_get_id (entry), ==, "entry-0192");
  g_assert_cmpstr (sd_catalogue_entry_get_classification_code (entry), ==, "1050201");
  g_assert_cmpstr (sd_catalogue_entry_get_resource_code (entry), ==, "1050201/000012");
  g_assert_cmpstr (sd_catalogue_entry_get_name (entry), ==, "道路运输经营许可信息");
  g_assert_cmpstr (sd_catalogue_entry_get_provider_name (entry), ==, "交通运输部");
  g_assert_cmpstr (sd_catalogue_entry_get_provider_uscc (entry), ==, "11100000000019713D");
  g_assert_cmpstr (sd_catalogue_entry_get_format_kind (entry), ==, "database");
  g_assert_cmpstr (sd_catalogue_entry_get_format_type (entry), ==, "KingbaseES");
  g_assert_cmpstr (sd_catalogue_entry_get_share_type (entry), ==, "unconditional");
  g_assert_cmpstr (sd_catalogue_entry_get_share_conditions (entry), ==, "");
  g_assert_cmpstr (sd_catalogue_entry_get_share_scope (entry), ==,
                   "交通运输部机关各司局、部属单位及省级交通运输主管部门");
  g_assert_true (g_strv_equal (sd_catalogue_entry_get_share_methods (entry), methods));
  g_assert_null (sd_catalogue_entry_get_share_recipients (entry)[0]);
  g_assert_true (sd_catalogue_entry_get_open_to_public (entry));
  g_assert_cmpstr (sd_catalogue_entry_get_update_cycle (entry), ==, "daily");
  g_assert_cmpstr (sd_catalogue_entry_get_security_level (entry), ==, "general");
  g_assert_cmpstr (sd_catalogue_entry_get_release_date (entry), ==, "2026-03-02");
  g_assert_true (g_strv_equal (sd_catalogue_entry_get_related_codes (entry), related));
  g_assert_true (sd_catalogue_entry_get_contains_personal_info (entry));
  g_assert_false (sd_catalogue_entry_get_contains_commercial_secret (entry));
  g_assert_false (sd_catalogue_entry_get_external (entry));
  g_assert_cmpuint (sd_catalogue_entry_get_version (entry), ==, 3);
  g_assert_cmpint (sd_catalogue_entry_get_state (entry), ==, SD_ENTRY_STATE_PUBLISHED);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_catalogue_entry_get_information_items (entry))), ==, 9);
  item = get_item (entry, 3);
  g_assert_cmpstr (sd_information_item_get_name (item), ==, "法定代表人身份证号码");
  g_assert_cmpstr (sd_information_item_get_type_code (item), ==, "C");
  g_assert_cmpuint (sd_information_item_get_length (item), ==, 18);
  g_assert_cmpstr (sd_information_item_get_description (item), ==, "居民身份证号码");
  g_assert_cmpstr (sd_information_item_get_identifier_kind (item), ==, "ric");
}

/* The fixture is written in the exact form the writer produces, so parse →
 * write reproduces the file byte for byte, and write → parse → write is a
 * fixed point. */
static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) reparsed = NULL;
  g_autoptr(JsonNode) file_root = NULL;
  g_autoptr(JsonNode) written_root = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  file_text = g_strchomp (sd_test_read_data ("entry-full.json", NULL));
  first = sd_catalogue_entry_to_data (entry, TRUE);
  g_assert_cmpstr (first, ==, file_text);

  reparsed = sd_catalogue_entry_new_from_data (first, -1, &error);
  g_assert_no_error (error);
  second = sd_catalogue_entry_to_data (reparsed, TRUE);
  g_assert_cmpstr (second, ==, first);

  file_root = json_from_string (file_text, &error);
  g_assert_no_error (error);
  written_root = sd_catalogue_entry_to_json (reparsed);
  g_assert_true (json_node_equal (file_root, written_root));

  changes = sd_catalogue_entry_diff (entry, reparsed);
  g_assert_cmpuint (changes->len, ==, 0);
}

/* Every member is optional on input and every member is written. */
static void
test_defaults (void)
{
  static const char *expected =
    "{\"id\":\"\",\"classification_code\":\"\",\"resource_code\":\"\",\"name\":\"\","
    "\"abstract\":\"\",\"provider\":{\"name\":\"\",\"uscc\":\"\"},"
    "\"format\":{\"kind\":\"\",\"type\":\"\"},\"information_items\":[],"
    "\"share\":{\"type\":\"\",\"conditions\":\"\",\"legal_basis\":\"\",\"scope\":\"\","
    "\"methods\":[],\"recipients\":[]},\"open\":{\"to_public\":false,\"conditions\":\"\"},"
    "\"update_cycle\":\"\",\"source_system\":\"\",\"security_level\":\"\","
    "\"release_date\":\"\",\"related_codes\":[],"
    "\"sensitivity\":{\"personal_info\":false,\"commercial_secret\":false},"
    "\"external\":false,\"version\":1,\"state\":\"draft\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCatalogueEntry) fresh = sd_catalogue_entry_new ();
  g_autoptr(SdCatalogueEntry) parsed = NULL;
  g_autoptr(SdCatalogueEntry) partial = NULL;
  g_autofree char *fresh_text = sd_catalogue_entry_to_data (fresh, FALSE);
  g_autofree char *parsed_text = NULL;

  g_assert_cmpstr (fresh_text, ==, expected);

  parsed = sd_catalogue_entry_new_from_data ("{}", -1, &error);
  g_assert_no_error (error);
  parsed_text = sd_catalogue_entry_to_data (parsed, FALSE);
  g_assert_cmpstr (parsed_text, ==, expected);

  /* A partial draft keeps what it has and defaults the rest. */
  partial = sd_catalogue_entry_new_from_data (
    "{\"name\": \"船舶登记信息\", \"share\": {\"type\": \"conditional\"}, \"version\": 2}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_catalogue_entry_get_name (partial), ==, "船舶登记信息");
  g_assert_cmpstr (sd_catalogue_entry_get_share_type (partial), ==, "conditional");
  g_assert_cmpstr (sd_catalogue_entry_get_share_conditions (partial), ==, "");
  g_assert_cmpuint (sd_catalogue_entry_get_version (partial), ==, 2);
  g_assert_cmpint (sd_catalogue_entry_get_state (partial), ==, SD_ENTRY_STATE_DRAFT);
}

static void
test_setters (void)
{
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new ();
  const char *recipients[] = { SD_TEST_USCC_CONSUMER, NULL };
  g_autofree char *text = NULL;

  sd_catalogue_entry_set_name (entry, "危险货物道路运输企业信息");
  sd_catalogue_entry_set_share_recipients (entry, recipients);
  sd_catalogue_entry_set_external (entry, TRUE);
  sd_catalogue_entry_set_version (entry, 7);
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_SUBMITTED);
  text = sd_catalogue_entry_to_data (entry, FALSE);
  g_assert_nonnull (strstr (text, "\"name\":\"危险货物道路运输企业信息\""));
  g_assert_nonnull (strstr (text, "\"recipients\":[\"" SD_TEST_USCC_CONSUMER "\"]"));
  g_assert_nonnull (strstr (text, "\"external\":true"));
  g_assert_nonnull (strstr (text, "\"version\":7,\"state\":\"submitted\""));

  /* NULL clears to the empty value, never to NULL. */
  sd_catalogue_entry_set_name (entry, NULL);
  sd_catalogue_entry_set_share_recipients (entry, NULL);
  g_assert_cmpstr (sd_catalogue_entry_get_name (entry), ==, "");
  g_assert_nonnull (sd_catalogue_entry_get_share_recipients (entry));
  g_assert_null (sd_catalogue_entry_get_share_recipients (entry)[0]);
}

static void
test_copy (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) copy = sd_catalogue_entry_copy (entry);
  g_autofree char *entry_text = sd_catalogue_entry_to_data (entry, FALSE);
  g_autofree char *copy_text = sd_catalogue_entry_to_data (copy, FALSE);

  g_assert_cmpstr (copy_text, ==, entry_text);

  /* The items are copies too: editing one leaves the other alone. */
  sd_information_item_set_length (get_item (copy, 0), 100);
  g_assert_cmpuint (sd_information_item_get_length (get_item (entry, 0)), ==, 200);
  g_assert_true (get_item (copy, 0) != get_item (entry, 0));
}

/* ---- Invalid input ------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *json;
  const char *message;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "not-json", "{\"name\": ", NULL },
  { "empty-document", "", "A catalogue entry must be a JSON object." },
  { "not-an-object", "[]", "A catalogue entry must be a JSON object." },
  { "string-document", "\"道路运输\"", "A catalogue entry must be a JSON object." },
  { "unknown-top", "{\"name\": \"x\", \"titel\": \"x\"}", "Unknown member “titel”." },
  { "unknown-nested", "{\"share\": {\"type\": \"conditional\", \"method\": [\"api\"]}}",
    "Unknown member “share.method”." },
  { "unknown-in-item", "{\"information_items\": [{\"name\": \"a\"}, {\"name\": \"b\", \"lengthx\": 3}]}",
    "Unknown member “information_items[1].lengthx”." },
  { "string-wrong-type", "{\"name\": 5}", "Member “name” must be a string." },
  { "string-null", "{\"abstract\": null}", "Member “abstract” must be a string." },
  { "nested-string-wrong-type", "{\"provider\": {\"uscc\": 11100000000019713}}",
    "Member “provider.uscc” must be a string." },
  { "object-wrong-type", "{\"provider\": \"交通运输部\"}", "Member “provider” must be an object." },
  { "list-wrong-type", "{\"related_codes\": \"1050201/000011\"}",
    "Member “related_codes” must be an array." },
  { "list-element-wrong-type", "{\"share\": {\"methods\": [\"api\", \"file\", 3]}}",
    "Member “share.methods[2]” must be a string." },
  { "boolean-wrong-type", "{\"open\": {\"to_public\": \"yes\"}}",
    "Member “open.to_public” must be true or false." },
  { "nested-boolean-wrong-type", "{\"sensitivity\": {\"personal_info\": 1}}",
    "Member “sensitivity.personal_info” must be true or false." },
  { "items-wrong-type", "{\"information_items\": {}}",
    "Member “information_items” must be an array." },
  { "item-not-object", "{\"information_items\": [{\"name\": \"a\"}, \"b\"]}",
    "Member “information_items[1]” must be an object." },
  { "item-member-wrong-type", "{\"information_items\": [{\"name\": \"a\"}, {\"type_code\": 1}]}",
    "Member “information_items[1].type_code” must be a string." },
  { "item-length-negative", "{\"information_items\": [{\"length\": -1}]}",
    "Member “information_items[0].length” must be a whole number from 0 to 4294967295." },
  { "item-length-fraction", "{\"information_items\": [{\"length\": 18.5}]}",
    "Member “information_items[0].length” must be a whole number from 0 to 4294967295." },
  { "item-length-string", "{\"information_items\": [{\"length\": \"18\"}]}",
    "Member “information_items[0].length” must be a whole number from 0 to 4294967295." },
  { "bad-state", "{\"state\": \"archived\"}",
    "Member “state” has the unknown state “archived”; expected draft, submitted, published or retired." },
  { "state-wrong-type", "{\"state\": 2}", "Member “state” must be a string." },
  { "version-zero", "{\"version\": 0}", "Member “version” must be a whole number from 1 to 4294967295." },
  { "version-negative", "{\"version\": -3}", "Member “version” must be a whole number from 1 to 4294967295." },
  { "version-string", "{\"version\": \"1\"}", "Member “version” must be a whole number from 1 to 4294967295." },
  { "version-too-large", "{\"version\": 4294967296}", "Member “version” must be a whole number from 1 to 4294967295." },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new_from_data (c->json, -1, &error);

  g_assert_null (entry);
  g_assert_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID);
  if (c->message != NULL)
    g_assert_cmpstr (error->message, ==, c->message);
  else
    g_assert_true (g_str_has_prefix (error->message, "The catalogue entry is not valid JSON: "));
}

static void
test_item_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(SdInformationItem) item = NULL;
  g_autoptr(SdInformationItem) bad = NULL;
  g_autofree char *text = NULL;

  node = json_from_string ("{\"name\": \"车牌号码\", \"length\": 12}", &error);
  g_assert_no_error (error);
  item = sd_information_item_new_from_json (node, &error);
  g_assert_no_error (error);
  written = sd_information_item_to_json (item);
  text = json_to_string (written, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"name\":\"车牌号码\",\"type_code\":\"\",\"length\":12,"
                   "\"description\":\"\",\"identifier_kind\":\"\"}");

  /* Alone, an item's member paths are its own member names. */
  g_clear_pointer (&node, json_node_unref);
  node = json_from_string ("{\"name\": \"车牌号码\", \"lengthx\": 12}", &error);
  g_assert_no_error (error);
  bad = sd_information_item_new_from_json (node, &error);
  g_assert_null (bad);
  g_assert_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Unknown member “lengthx”.");
  g_clear_error (&error);

  g_clear_pointer (&node, json_node_unref);
  node = json_from_string ("[1]", &error);
  g_assert_no_error (error);
  bad = sd_information_item_new_from_json (node, &error);
  g_assert_null (bad);
  g_assert_error (error, SD_CATALOGUE_ERROR, SD_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "An information item must be a JSON object.");
}

/* ---- Information items through the GListStore ------------------------------ */

static char *
item_names (SdCatalogueEntry *entry)
{
  g_autoptr(JsonNode) root = sd_catalogue_entry_to_json (entry);
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "information_items");
  g_autoptr(GString) names = g_string_new ("");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, json_object_get_string_member (item, "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_items_store (void)
{
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new ();
  GListStore *store = sd_catalogue_entry_get_information_items (entry);
  g_autoptr(SdInformationItem) plate = make_item ("车牌号码", "C", 12, "");
  g_autoptr(SdInformationItem) owner = make_item ("车主身份证号码", "C", 18, "ric");
  g_autoptr(SdInformationItem) date = make_item ("登记日期", "D", 8, "");
  g_autofree char *names = NULL;

  g_assert_true (G_IS_LIST_MODEL (store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == SD_TYPE_INFORMATION_ITEM);

  g_list_store_append (store, plate);
  g_list_store_append (store, owner);
  g_list_store_append (store, date);
  names = item_names (entry);
  g_assert_cmpstr (names, ==, "车牌号码,车主身份证号码,登记日期");

  /* Reorder: move the date to the front. */
  g_list_store_remove (store, 2);
  g_list_store_insert (store, 0, date);
  g_free (names);
  names = item_names (entry);
  g_assert_cmpstr (names, ==, "登记日期,车牌号码,车主身份证号码");

  g_list_store_remove (store, 1);
  g_free (names);
  names = item_names (entry);
  g_assert_cmpstr (names, ==, "登记日期,车主身份证号码");

  /* The entry holds the item objects themselves: edits show at once. */
  sd_information_item_set_name (owner, "所有人身份证号码");
  g_free (names);
  names = item_names (entry);
  g_assert_cmpstr (names, ==, "登记日期,所有人身份证号码");

  g_list_store_remove_all (store);
  g_free (names);
  names = item_names (entry);
  g_assert_cmpstr (names, ==, "");
}

/* ---- Differences ---------------------------------------------------------- */

static void
assert_change (GPtrArray  *changes,
               guint       index,
               const char *path,
               const char *old_value,
               const char *new_value)
{
  const SdFieldChange *change;

  g_assert_cmpuint (index, <, changes->len);
  change = g_ptr_array_index (changes, index);
  g_assert_cmpstr (change->path, ==, path);
  g_assert_cmpstr (change->old_value, ==, old_value);
  g_assert_cmpstr (change->new_value, ==, new_value);
}

static void
test_diff_identical (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) other = sd_catalogue_entry_copy (entry);
  g_autoptr(GPtrArray) changes = NULL;

  /* Version and state are the history, not the content. */
  sd_catalogue_entry_set_version (other, 4);
  sd_catalogue_entry_set_state (other, SD_ENTRY_STATE_DRAFT);
  changes = sd_catalogue_entry_diff (entry, other);
  g_assert_cmpuint (changes->len, ==, 0);
}

static void
test_diff_fields (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) other = sd_catalogue_entry_copy (entry);
  g_autoptr(GPtrArray) changes = NULL;
  const char *methods[] = { "api", NULL };

  /* Set in an order unlike the field order: the diff follows the fields. */
  sd_catalogue_entry_set_open_to_public (other, FALSE);
  sd_catalogue_entry_set_share_methods (other, methods);
  sd_catalogue_entry_set_name (other, "道路运输经营许可证信息");
  sd_catalogue_entry_set_provider_uscc (other, SD_TEST_USCC_PROVIDER);
  sd_catalogue_entry_set_share_conditions (other, "仅限履行行业监管职责使用");

  changes = sd_catalogue_entry_diff (entry, other);
  g_assert_cmpuint (changes->len, ==, 5);
  assert_change (changes, 0, "name", "\"道路运输经营许可信息\"", "\"道路运输经营许可证信息\"");
  assert_change (changes, 1, "provider.uscc", "\"11100000000019713D\"", "\"" SD_TEST_USCC_PROVIDER "\"");
  assert_change (changes, 2, "share.conditions", "\"\"", "\"仅限履行行业监管职责使用\"");
  assert_change (changes, 3, "share.methods", "[\"api\",\"online-query\",\"subscription\"]", "[\"api\"]");
  assert_change (changes, 4, "open.to_public", "true", "false");
}

static void
test_diff_items (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) other = sd_catalogue_entry_copy (entry);
  g_autoptr(GPtrArray) changes = NULL;
  SdInformationItem *item = get_item (other, 1);

  sd_information_item_set_length (item, 20);
  sd_information_item_set_identifier_kind (item, "org-code");
  changes = sd_catalogue_entry_diff (entry, other);
  g_assert_cmpuint (changes->len, ==, 2);
  assert_change (changes, 0, "information_items[1].length", "18", "20");
  assert_change (changes, 1, "information_items[1].identifier_kind", "\"uscc\"", "\"org-code\"");
}

static void
test_diff_items_added_removed (void)
{
  g_autoptr(SdCatalogueEntry) entry = load_full_entry ();
  g_autoptr(SdCatalogueEntry) other = sd_catalogue_entry_copy (entry);
  g_autoptr(SdInformationItem) added = make_item ("注销日期", "D", 8, "");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) reverse = NULL;
  static const char *added_json =
    "{\"name\":\"注销日期\",\"type_code\":\"D\",\"length\":8,\"description\":\"\",\"identifier_kind\":\"\"}";

  g_list_store_append (sd_catalogue_entry_get_information_items (other), added);
  sd_catalogue_entry_set_update_cycle (other, "weekly");

  changes = sd_catalogue_entry_diff (entry, other);
  g_assert_cmpuint (changes->len, ==, 2);
  assert_change (changes, 0, "information_items[9]", NULL, added_json);
  assert_change (changes, 1, "update_cycle", "\"daily\"", "\"weekly\"");

  reverse = sd_catalogue_entry_diff (other, entry);
  g_assert_cmpuint (reverse->len, ==, 2);
  assert_change (reverse, 0, "information_items[9]", added_json, NULL);
  assert_change (reverse, 1, "update_cycle", "\"weekly\"", "\"daily\"");
}

/* Items compare by position: removing the first shifts every other. */
static void
test_diff_items_by_position (void)
{
  g_autoptr(SdCatalogueEntry) entry = sd_catalogue_entry_new ();
  g_autoptr(SdCatalogueEntry) other = NULL;
  g_autoptr(SdInformationItem) first = make_item ("船名", "C", 60, "");
  g_autoptr(SdInformationItem) second = make_item ("船舶识别号", "C", 20, "");
  g_autoptr(GPtrArray) changes = NULL;

  g_list_store_append (sd_catalogue_entry_get_information_items (entry), first);
  g_list_store_append (sd_catalogue_entry_get_information_items (entry), second);
  other = sd_catalogue_entry_copy (entry);
  g_list_store_remove (sd_catalogue_entry_get_information_items (other), 0);

  changes = sd_catalogue_entry_diff (entry, other);
  g_assert_cmpuint (changes->len, ==, 3);
  assert_change (changes, 0, "information_items[0].name", "\"船名\"", "\"船舶识别号\"");
  assert_change (changes, 1, "information_items[0].length", "60", "20");
  assert_change (changes, 2, "information_items[1]",
                 "{\"name\":\"船舶识别号\",\"type_code\":\"C\",\"length\":20,\"description\":\"\",\"identifier_kind\":\"\"}",
                 NULL);
}

/* ---- Labels and national code lists ----------------------------------------- */

typedef struct {
  const char *path;
  const char *label;
} LabelCase;

static const LabelCase label_cases[] = {
  { "classification_code", "Classification code" },
  { "resource_code", "Resource code" },
  { "name", "Resource name" },
  { "provider.name", "Provider's name" },
  { "provider.uscc", "Provider's unified social credit code" },
  { "format.kind", "Format kind" },
  { "information_items", "Information items" },
  { "information_items[0]", "Information item 1" },
  { "information_items[2].type_code", "Information item 3: data type" },
  { "information_items[11].length", "Information item 12: length" },
  { "information_items[0].identifier_kind", "Information item 1: identifier kind" },
  { "share", "Share attributes" },
  { "share.type", "Share type" },
  { "share.conditions", "Share conditions" },
  { "share.legal_basis", "Legal basis" },
  { "share.methods", "Share methods" },
  { "share.methods[1]", "Share methods, item 2" },
  { "share.recipients", "Share recipients" },
  { "open.to_public", "Open to the public" },
  { "open.conditions", "Open conditions" },
  { "update_cycle", "Update cycle" },
  { "security_level", "Security level" },
  { "release_date", "Release date" },
  { "related_codes", "Related resource codes" },
  { "sensitivity.personal_info", "Contains personal information" },
  { "external", "Out-of-industry data" },
  /* Unknown paths come back as they are. */
  { "titel", "titel" },
  { "share.method", "share.method" },
  { "name.first", "name.first" },
  { "information_items[1].lengthx", "information_items[1].lengthx" },
  { "information_items[x].name", "information_items[x].name" },
  { "information_items[1]name", "information_items[1]name" },
  { "[1]", "[1]" },
};

static void
test_field_label (gconstpointer data)
{
  const LabelCase *c = data;
  g_autofree char *label = sd_catalogue_entry_field_label (c->path);

  g_assert_cmpstr (label, ==, c->label);
}

static void
test_format_kinds (void)
{
  const char * const *kinds = sd_catalogue_format_kinds ();
  const char * const *types;

  g_assert_cmpuint (g_strv_length ((GStrv) kinds), ==, 7);
  g_assert_cmpstr (kinds[0], ==, "electronic-file");
  g_assert_cmpstr (kinds[6], ==, "service-interface");

  types = sd_catalogue_format_types ("database");
  g_assert_true (g_strv_contains (types, "oracle"));
  g_assert_true (g_strv_contains (types, "KingbaseES"));
  g_assert_false (g_strv_contains (types, "xlsx"));
  types = sd_catalogue_format_types ("spreadsheet");
  g_assert_true (g_strv_contains (types, "xlsx"));
  g_assert_true (g_strv_contains (sd_catalogue_format_types ("electronic-file"), "OFD"));
  g_assert_nonnull (sd_catalogue_format_types ("self-describing"));
  g_assert_null (sd_catalogue_format_types ("self-describing")[0]);
  g_assert_null (sd_catalogue_format_types ("service-interface")[0]);
  g_assert_null (sd_catalogue_format_types ("mongodb"));

  g_assert_cmpstr (sd_catalogue_format_kind_label ("database"), ==, "Database");
  g_assert_cmpstr (sd_catalogue_format_kind_label ("image"), ==, "Graphics and images");
  g_assert_cmpstr (sd_catalogue_format_kind_label ("hologram"), ==, "hologram");
}

static void
test_item_codes (void)
{
  const char * const *codes = sd_information_item_type_codes ();
  const char * const *kinds = sd_information_item_identifier_kinds ();
  const char *expected_codes[] = { "C", "N", "Y", "D", "T", "L", "M", "G", "B", "I", "F", NULL };
  const char *expected_kinds[] = { "", "ric", "uscc", "org-code", "coordinates", "city-code", NULL };

  g_assert_true (g_strv_equal (codes, expected_codes));
  g_assert_true (g_strv_equal (kinds, expected_kinds));
  g_assert_cmpstr (sd_information_item_type_code_label ("C"), ==, "Character");
  g_assert_cmpstr (sd_information_item_type_code_label ("T"), ==, "Date and time");
  g_assert_cmpstr (sd_information_item_type_code_label ("Q"), ==, "Q");
  g_assert_cmpstr (sd_information_item_identifier_kind_label ("ric"), ==, "Resident identity card number");
  g_assert_cmpstr (sd_information_item_identifier_kind_label ("uscc"), ==, "Unified social credit code");
  g_assert_cmpstr (sd_information_item_identifier_kind_label (""), ==, "Not an identifier");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/catalogue-entry/full-fixture", test_full_fixture_values);
  g_test_add_func ("/catalogue-entry/round-trip", test_round_trip);
  g_test_add_func ("/catalogue-entry/defaults", test_defaults);
  g_test_add_func ("/catalogue-entry/setters", test_setters);
  g_test_add_func ("/catalogue-entry/copy", test_copy);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalogue-entry/invalid/%s", invalid_cases[i].name);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }
  g_test_add_func ("/catalogue-entry/item-json", test_item_json);
  g_test_add_func ("/catalogue-entry/items-store", test_items_store);
  g_test_add_func ("/catalogue-entry/diff/identical", test_diff_identical);
  g_test_add_func ("/catalogue-entry/diff/fields", test_diff_fields);
  g_test_add_func ("/catalogue-entry/diff/items", test_diff_items);
  g_test_add_func ("/catalogue-entry/diff/items-added-removed", test_diff_items_added_removed);
  g_test_add_func ("/catalogue-entry/diff/items-by-position", test_diff_items_by_position);
  for (gsize i = 0; i < G_N_ELEMENTS (label_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalogue-entry/field-label/%zu", i);

      g_test_add_data_func (path, &label_cases[i], test_field_label);
    }
  g_test_add_func ("/catalogue-entry/format-kinds", test_format_kinds);
  g_test_add_func ("/catalogue-entry/item-codes", test_item_codes);

  return g_test_run ();
}
