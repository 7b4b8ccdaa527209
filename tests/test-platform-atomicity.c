/* test-platform-atomicity.c — no change without its audit row.
 *
 * Every state-changing handler runs in one storage transaction with the
 * audit rows it appends. With a fault injected into the audit log (as a
 * full disk would cause), a request that would change state is answered
 * 500 and leaves nothing behind; once the fault is gone the same request
 * succeeds and is audited. Reads that are audited are refused likewise.
 */
#include "config.h"

#include "sd-platform-test-utils.h"
#include "sd-storage-private.h"

typedef struct {
  SdTestPlatform *platform;
  SdStorage      *storage;   /* the server's */
  char           *admin;
} Fixture;

static void
capture_storage (SdPlatformServer *server,
                 gpointer          user_data)
{
  Fixture *fixture = user_data;

  fixture->storage = sd_platform_server_get_storage (server);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->platform = sd_test_platform_start_with_setup ("mot-2021", NULL, capture_storage, fixture);
  fixture->admin = sd_test_platform_login (fixture->platform, "admin");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->admin);
  sd_test_platform_stop (fixture->platform);
}

#define NEW_DEPARTMENT \
  "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"市交通运输局\"," \
  " \"responsible_person\": \"王局长\", \"contact\": \"0427-1234567\"}"

static guint
audit_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sd_storage_audit_list (fixture->storage, 0, 100000, &error);
  g_assert_no_error (error);
  return records->len;
}

static void
test_write_rolled_back (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SdTestResponse) refused = NULL;
  g_autoptr(SdTestResponse) missing = NULL;
  g_autoptr(SdTestResponse) created = NULL;
  guint rows_before = audit_rows (fixture);

  _sd_storage_set_fail_audit (fixture->storage, TRUE);
  refused = sd_test_platform_request (fixture->platform, "POST", "/api/v1/departments",
                                      fixture->admin, NEW_DEPARTMENT);
  _sd_storage_set_fail_audit (fixture->storage, FALSE);
  sd_test_assert_problem (refused, 500, "urn:sharedesk:problem:internal");

  /* The department the handler inserted went with the transaction. */
  missing = sd_test_platform_request (fixture->platform, "GET",
                                      "/api/v1/departments/" SD_TEST_USCC_OTHER,
                                      fixture->admin, NULL);
  sd_test_assert_problem (missing, 404, "urn:sharedesk:problem:not-found");
  g_assert_cmpuint (audit_rows (fixture), ==, rows_before);

  created = sd_test_platform_request (fixture->platform, "POST", "/api/v1/departments",
                                      fixture->admin, NEW_DEPARTMENT);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (audit_rows (fixture), ==, rows_before + 1);
}

static void
test_log_out_rolled_back (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *token = sd_test_platform_login (fixture->platform, "consumer-a");
  g_autoptr(SdTestResponse) refused = NULL;
  g_autoptr(SdTestResponse) still_in = NULL;

  _sd_storage_set_fail_audit (fixture->storage, TRUE);
  refused = sd_test_platform_request (fixture->platform, "DELETE", "/api/v1/session", token, NULL);
  _sd_storage_set_fail_audit (fixture->storage, FALSE);
  sd_test_assert_problem (refused, 500, "urn:sharedesk:problem:internal");

  /* The revocation was undone with its missing audit row. */
  still_in = sd_test_platform_request (fixture->platform, "GET", "/api/v1/me", token, NULL);
  g_assert_cmpuint (still_in->status, ==, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/platform/atomicity/write-rolled-back", Fixture, NULL,
              fixture_set_up, test_write_rolled_back, fixture_tear_down);
  g_test_add ("/platform/atomicity/log-out-rolled-back", Fixture, NULL,
              fixture_set_up, test_log_out_rolled_back, fixture_tear_down);
  return g_test_run ();
}
