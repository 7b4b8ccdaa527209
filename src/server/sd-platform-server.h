/* sd-platform-server.h — the central sharing platform's HTTPS server.
 *
 * A SoupServer 3.2 with only a TLS listener (there is no plaintext one),
 * a route table under /api/v1, and the guards SoupServer lacks: a request
 * body limit enforced while reading (413 before the body is read when
 * Content-Length is too large, and as soon as a chunked body grows past
 * it), a timeout for reading a request (408 and close) and an idle timeout
 * for kept-alive connections, and the JSON guard (sd-json-guard.h) before
 * any body reaches json-glib. Every response to an error is
 * application/problem+json (sd-problem.h).
 *
 * Handlers run on the server's main context. A handler gets an
 * SdPlatformRequest with the authenticated user (routes are authenticated
 * unless registered with SD_ROUTE_PUBLIC), the path parameters, the
 * query and — for methods with a body — the guarded, parsed JSON body.
 * Role checks declared with the route are made before the handler runs;
 * denials are 403 and audited as "authz.denied".
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sd-calendar.h"
#include "sd-policy.h"
#include "sd-problem.h"
#include "sd-storage.h"

G_BEGIN_DECLS

typedef struct _SdPlatformRequest SdPlatformRequest;

#define SD_TYPE_PLATFORM_SERVER (sd_platform_server_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformServer, sd_platform_server, SD, PLATFORM_SERVER, GObject)

typedef void (*SdRouteHandler) (SdPlatformServer  *server,
                                SdPlatformRequest *request,
                                gpointer           user_data);

typedef enum {
  SD_ROUTE_AUTHENTICATED = 0,       /* default: a valid bearer token */
  SD_ROUTE_PUBLIC        = 1 << 0,  /* no token needed (log-in) */
  /* The body is not JSON (a CSV upload, an attachment): it is not parsed,
   * the handler reads it with sd_platform_request_get_raw_body() and
   * checks its media type; the upload limit applies instead of the JSON
   * body limit. */
  SD_ROUTE_RAW_BODY      = 1 << 1,
} SdRouteFlags;

typedef struct {
  gsize  max_body_bytes;       /* default 1 MiB */
  gsize  max_upload_bytes;     /* SD_ROUTE_RAW_BODY routes; default 64 MiB */
  guint  request_timeout_s;    /* headers + body must arrive within; default 30 */
  guint  idle_timeout_s;       /* keep-alive connection with no request; default 60 */
} SdPlatformLimits;

const SdPlatformLimits *sd_platform_limits_default (void);

/* @storage must be initialised (has a profile). @limits may be NULL. */
SdPlatformServer *sd_platform_server_new           (SdStorage              *storage,
                                                    GTlsCertificate        *certificate,
                                                    const SdPlatformLimits *limits,
                                                    GError                **error);
/* Listens on @address (numeric, e.g. "127.0.0.1" or "::1") and @port (0
 * picks a free port: see _get_port). */
gboolean          sd_platform_server_listen        (SdPlatformServer *self,
                                                    const char       *address,
                                                    guint16           port,
                                                    GError          **error);
guint16           sd_platform_server_get_port      (SdPlatformServer *self);
void              sd_platform_server_disconnect    (SdPlatformServer *self);

SdStorage        *sd_platform_server_get_storage   (SdPlatformServer *self);
SdPolicy         *sd_platform_server_get_policy    (SdPlatformServer *self);
/* Built-in years plus those imported into the storage. */
SdCalendar       *sd_platform_server_get_calendar  (SdPlatformServer *self);
/* Shifts the server's clock (request "now", "today") by @offset from the
 * real time: for tests of deadlines and for demonstrations. Thread-safe. */
void              sd_platform_server_set_clock_offset (SdPlatformServer *self,
                                                       GTimeSpan         offset);
/* Reloads the calendar after an import. */
gboolean          sd_platform_server_reload_calendar (SdPlatformServer *self,
                                                      GError          **error);

/* Registers @handler for @method and @pattern ("/api/v1/departments/{uscc}":
 * segments in braces are parameters). @roles: SD_ROLE_MASK bits of which
 * the user needs at least one; 0 = any authenticated user. */
void              sd_platform_server_add_route     (SdPlatformServer *self,
                                                    const char       *method,
                                                    const char       *pattern,
                                                    SdRouteFlags      flags,
                                                    guint             roles,
                                                    SdRouteHandler    handler,
                                                    gpointer          user_data);
/* The flags and roles a route was registered with; FALSE when there is
 * no route @method @pattern (for the generated authorisation test). */
gboolean          sd_platform_server_lookup_route  (SdPlatformServer *self,
                                                    const char       *method,
                                                    const char       *pattern,
                                                    SdRouteFlags     *flags,
                                                    guint            *roles);
/* "GET /api/v1/me", ... in registration order (for the OpenAPI test). */
GStrv             sd_platform_server_list_routes   (SdPlatformServer *self);

/* The request as a handler sees it. Borrowed; valid during the handler. */
SoupServerMessage *sd_platform_request_get_message (SdPlatformRequest *request);
SdUser           *sd_platform_request_get_user     (SdPlatformRequest *request);  /* NULL on public routes */
const char       *sd_platform_request_get_param    (SdPlatformRequest *request,
                                                    const char        *name);
const char       *sd_platform_request_get_query    (SdPlatformRequest *request,
                                                    const char        *name);
/* The parsed body (object or array), or NULL when the method has none. */
JsonNode         *sd_platform_request_get_body     (SdPlatformRequest *request);
GDateTime        *sd_platform_request_get_now      (SdPlatformRequest *request);
/* The day in China (UTC+8) at the request's "now": the day a workflow
 * action is taken, for working-day deadlines. */
void              sd_platform_request_get_today    (SdPlatformRequest *request,
                                                    GDate             *today);
/* SD_ROUTE_RAW_BODY routes: the body as sent (owned) and its media type
 * without parameters (NULL when none was sent). */
GBytes           *sd_platform_request_get_raw_body (SdPlatformRequest *request);
const char       *sd_platform_request_get_content_type (SdPlatformRequest *request);
/* Responses. The status defaults to 200. */
void              sd_platform_request_respond_json (SdPlatformRequest *request,
                                                    guint              status,
                                                    JsonNode          *body);
void              sd_platform_request_respond_problem (SdPlatformRequest *request,
                                                       const SdProblem   *problem);
void              sd_platform_request_respond_error   (SdPlatformRequest *request,
                                                       const GError      *error,
                                                       const char        *field);
/* Appends to the audit log as the request's user. */
void              sd_platform_request_audit        (SdPlatformRequest *request,
                                                    const char        *action,
                                                    const char        *object_type,
                                                    const char        *object_id,
                                                    JsonNode          *detail);

G_END_DECLS
