/* sd-platform-test-utils.h — a real platform on loopback for tests.
 *
 * Starts sharedesk-platform's server in-process, in a thread of its own
 * (its own GMainContext), on a free port of 127.0.0.1, with the committed
 * test certificate (tests/certs/server.pem, signed by tests/certs/ca.pem),
 * over a fresh SQLite file in the test's temporary dir. The client side is
 * a real SoupSession that trusts only tests/certs/ca.pem: certificate
 * verification is never switched off.
 */
#pragma once

#include <libsoup/soup.h>

#include "sd-platform-server.h"
#include "sd-test-utils.h"

G_BEGIN_DECLS

typedef struct _SdTestPlatform SdTestPlatform;

/* A platform running @profile_id, with departments, users (password
 * SD_TEST_PASSWORD) for every role in two departments:
 *   provider-a / consumer-a (SD_TEST_USCC_PROVIDER), provider-b /
 *   consumer-b (SD_TEST_USCC_CONSUMER), support, supervisor, admin.
 * @limits may be NULL for the defaults. */
SdTestPlatform *sd_test_platform_start      (const char             *profile_id,
                                             const SdPlatformLimits *limits);
/* Like sd_test_platform_start(), and runs @setup in the server's thread
 * after the platform's routes are registered and before it listens: the
 * place for a test's own routes (sd_platform_server_add_route()). */
typedef void (*SdTestPlatformSetup) (SdPlatformServer *server,
                                     gpointer          user_data);
SdTestPlatform *sd_test_platform_start_with_setup (const char             *profile_id,
                                                   const SdPlatformLimits *limits,
                                                   SdTestPlatformSetup     setup,
                                                   gpointer                user_data);
void            sd_test_platform_stop       (SdTestPlatform *platform);
/* "https://127.0.0.1:PORT" */
const char     *sd_test_platform_base_url   (SdTestPlatform *platform);
guint16         sd_test_platform_port       (SdTestPlatform *platform);
/* The server's storage file (for tests that open it directly after stop). */
const char     *sd_test_platform_db_path    (SdTestPlatform *platform);
/* A session trusting only tests/certs/ca.pem. */
SoupSession    *sd_test_platform_session    (SdTestPlatform *platform);
/* A new session (the caller's) trusting only tests/certs/@ca_name
 * ("ca.pem", "other-ca.pem"), without proxies: GIO's default proxy
 * resolver aborts under G_TEST_OPTION_ISOLATE_DIRS. */
SoupSession    *sd_test_platform_session_new (const char *ca_name);
/* Logs in and returns the bearer token, or fails the test. */
char           *sd_test_platform_login      (SdTestPlatform *platform,
                                             const char     *username);

/* A finished exchange. */
typedef struct {
  guint     status;
  char     *content_type;
  GBytes   *body;
  JsonNode *json;        /* parsed body when it is JSON, else NULL */
  SoupMessageHeaders *headers;
} SdTestResponse;

void            sd_test_response_free       (SdTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTestResponse, sd_test_response_free)

/* Sends @method @path (relative to the base URL) with @token (may be NULL)
 * and @json_body (may be NULL; sent as application/json). Blocks. */
SdTestResponse *sd_test_platform_request    (SdTestPlatform *platform,
                                             const char     *method,
                                             const char     *path,
                                             const char     *token,
                                             const char     *json_body);
/* Like sd_test_platform_request() with any body (@content_type, may be
 * NULL) and extra request headers as name, value, …, NULL (may be NULL):
 * If-Match, uploads. */
SdTestResponse *sd_test_platform_request_full (SdTestPlatform     *platform,
                                               const char         *method,
                                               const char         *path,
                                               const char         *token,
                                               const char         *content_type,
                                               GBytes             *body,
                                               const char * const *headers);
/* Moves the server's clock so that it is 10:00 in Beijing on @date
 * ("2026-02-13"): for deadline tests. */
void            sd_test_platform_set_today  (SdTestPlatform *platform,
                                             const char     *date);

/* Asserts a problem+json response with @status and @type. */
void            sd_test_assert_problem      (SdTestResponse *response,
                                             guint           status,
                                             const char     *type);

#define SD_TEST_PASSWORD "correct-horse-battery"

G_END_DECLS
