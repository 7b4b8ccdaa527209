/* sd-data-test-seed.h — the catalogue entries, application and
 * authorisation the data and feedback tests start from, seeded in the
 * server's thread before it listens (header-only: both tests include it).
 *
 *   entry-data   published, items of every checked kind; consumer-b's
 *                department (SD_TEST_USCC_CONSUMER) is authorised on it
 *   entry-other  published, nobody authorised
 *   entry-draft  a draft
 */
#pragma once

#include "sd-platform-test-utils.h"
#include "sd-storage-cases.h"
#include "sd-storage-changes.h"
#include "sd-storage-catalogue.h"
#include "sd-storage-data.h"

#define SEED_PURPOSE "企业登记信息核验"

typedef struct {
  SdStorage *storage;            /* the server's, borrowed; locked per call */
  gint64     authorisation_id;
} DataSeed;

static void
seed_item (SdCatalogueEntry *entry,
           const char       *name,
           const char       *type_code,
           guint             length,
           const char       *identifier_kind)
{
  g_autoptr(SdInformationItem) item = sd_information_item_new ();

  sd_information_item_set_name (item, name);
  sd_information_item_set_type_code (item, type_code);
  sd_information_item_set_length (item, length);
  sd_information_item_set_identifier_kind (item, identifier_kind);
  g_list_store_append (sd_catalogue_entry_get_information_items (entry), item);
}

static void
seed_entry (SdStorage    *storage,
            const char   *id,
            const char   *resource_code,
            SdEntryState  state)
{
  g_autoptr(SdCatalogueEntry) entry = sd_test_entry (id, resource_code, "企业登记信息", state);
  g_autoptr(GError) error = NULL;

  seed_item (entry, "统一社会信用代码", "C", 18, "uscc");
  seed_item (entry, "法定代表人身份证号码", "C", 18, "ric");
  seed_item (entry, "成立日期", "D", 8, "");
  seed_item (entry, "注册资本", "N", 12, "");
  seed_item (entry, "名称", "C", 10, "");
  g_assert_true (sd_storage_add_entry (storage, entry, "seed", &error));
  g_assert_no_error (error);
}

static void
seed_data_setup (SdPlatformServer *server,
                 gpointer          user_data)
{
  DataSeed *seed = user_data;
  SdStorage *storage = sd_platform_server_get_storage (server);
  SdCaseRecord record = { 0, };
  SdAuthorisation authorisation = { 0, };
  g_autoptr(GError) error = NULL;

  seed->storage = storage;
  seed_entry (storage, "entry-data", "1010201/000001", SD_ENTRY_STATE_PUBLISHED);
  seed_entry (storage, "entry-other", "1010201/000002", SD_ENTRY_STATE_PUBLISHED);
  seed_entry (storage, "entry-draft", "1010201/000003", SD_ENTRY_STATE_DRAFT);

  record.kind = SD_CASE_APPLICATION;
  record.entry_id = (char *) "entry-data";
  record.consumer_uscc = (char *) SD_TEST_USCC_CONSUMER;
  record.provider_uscc = (char *) SD_TEST_USCC_PROVIDER;
  record.state = (char *) "approved";
  record.current_role = SD_ROLE_INVALID;
  record.json = (char *) "{\"purpose\": \"" SEED_PURPOSE "\"}";
  g_assert_true (sd_storage_add_case (storage, &record, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record.created_at, g_date_time_unref);
  g_clear_pointer (&record.updated_at, g_date_time_unref);

  authorisation.application_id = record.id;
  authorisation.entry_id = (char *) "entry-data";
  authorisation.consumer_uscc = (char *) SD_TEST_USCC_CONSUMER;
  authorisation.provider_uscc = (char *) SD_TEST_USCC_PROVIDER;
  g_assert_true (sd_storage_add_authorisation (storage, &authorisation, &error));
  g_assert_no_error (error);
  g_clear_pointer (&authorisation.granted_at, g_date_time_unref);
  seed->authorisation_id = authorisation.id;
}
