/* sd-platform-server.c — the central sharing platform's HTTPS server.
 *
 * SoupServer 3.2 parses HTTP; everything else a server facing untrusted
 * clients needs is here:
 *
 * - the router: exact segment matching of "/api/v1/…/{param}" patterns,
 *   404 and 405 (with Allow) as problems;
 * - the body limit while reading: an early handler refuses a too large
 *   Content-Length before a byte of the body is read, and "got-chunk"
 *   stops a chunked body as soon as it passes the limit. SoupServer 3.2
 *   would read the whole body whatever status we set, so both take the
 *   connection over (soup_server_message_steal_connection), write the 413
 *   themselves and close;
 * - the request and idle timeouts (SoupServer 3.2 has neither): a guard
 *   per connection gives the TLS handshake and each request (headers and
 *   body, until "request-read") request_timeout_s, and a kept-alive
 *   connection idle_timeout_s between requests; past them it takes the
 *   connection over and closes it, with a 408 when a request had begun.
 *   It also works around libsoup 3.2 never closing a kept-alive
 *   connection its client closed (see "Timeouts and the body limit");
 * - authentication (bearer tokens, sd-auth.h), role checks with the
 *   denials audited, Content-Type and the JSON guard before a handler sees
 *   a body;
 * - the language of each response, from Accept-Language, by switching the
 *   thread's LC_MESSAGES (uselocale) around the handler: gettext honours
 *   the thread locale, so one process answers in Chinese and English.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "sd-auth.h"
#include "sd-json-guard.h"
#include "sd-platform-server.h"

#define JSON_CONTENT_TYPE    "application/json; charset=utf-8"
#define PROBLEM_CONTENT_TYPE "application/problem+json; charset=utf-8"
#define API_PREFIX           "/api/v1"
#define AUTH_REALM           "Bearer realm=\"sharedesk\""

/* After answering 408 or 413 on a connection we took over, the client may
 * still be sending. Closing a socket with unread data makes the kernel
 * send a reset, which can destroy our response before the client reads it;
 * so we half-close and discard (never store) what still arrives, for a
 * bounded time and amount, like Apache's lingering close. */
#define LINGER_TIMEOUT_MS  2000
#define LINGER_MAX_BYTES   (8 * 1024 * 1024)
#define DRAIN_BLOCK        (16 * 1024)
#define DRAIN_READS_PER_DISPATCH 64

static const SdPlatformLimits default_limits = {
  .max_body_bytes = 1024 * 1024,
  .max_upload_bytes = 64 * 1024 * 1024,
  .request_timeout_s = 30,
  .idle_timeout_s = 60,
};

typedef struct {
  char           *method;
  char           *pattern;
  char          **segments;     /* the pattern's path segments */
  guint           n_literals;   /* segments that are not {params}: the more, the more specific */
  SdRouteFlags    flags;
  guint           roles;
  SdRouteHandler  handler;
  gpointer        user_data;
} Route;

struct _SdPlatformServer {
  GObject           parent_instance;

  SdPlatformLimits  limits;
  SdJsonGuardLimits guard_limits;

  /* owned */
  SoupServer       *soup;
  SdStorage        *storage;
  SdPolicy         *policy;
  SdCalendar       *calendar;
  GPtrArray        *routes;      /* of Route, in registration order */
  GHashTable       *guards;      /* ConnectionGuard set: connections on a timer */
  GPtrArray        *closings;    /* of Closing: connections taken over */
  GMutex            clock_lock;
  GTimeSpan         clock_offset; /* added to the real time: tests, demos */
  locale_t          locale_zh;   /* LC_GLOBAL_LOCALE when not available */
  locale_t          locale_en;
};

G_DEFINE_FINAL_TYPE (SdPlatformServer, sd_platform_server, G_TYPE_OBJECT)

struct _SdPlatformRequest {
  SdPlatformServer  *server;
  SoupServerMessage *msg;
  const Route       *route;
  GHashTable        *params;     /* name → value */
  GHashTable        *query;      /* name → value, or NULL */
  SdUser            *user;
  JsonNode          *body;
  GDateTime         *now;
  GError            *audit_error;  /* the first audit row that could not be written */
};

const SdPlatformLimits *
sd_platform_limits_default (void)
{
  return &default_limits;
}

/* ------------------------------------------------------------------ */
/* Languages                                                          */

/* A copy of the process's locale with only LC_MESSAGES replaced, so that
 * the character set and everything else stay as configured. */
static locale_t
messages_locale_new (const char *name)
{
  locale_t base = duplocale (LC_GLOBAL_LOCALE);
  locale_t locale;

  if (base == (locale_t) 0)
    return LC_GLOBAL_LOCALE;

  locale = newlocale (LC_MESSAGES_MASK, name, base);
  if (locale == (locale_t) 0)
    {
      g_debug ("Locale %s is not available; answering in the process's language", name);
      freelocale (base);
      return LC_GLOBAL_LOCALE;
    }
  return locale;
}

static void
messages_locale_free (locale_t locale)
{
  if (locale != LC_GLOBAL_LOCALE && locale != (locale_t) 0)
    freelocale (locale);
}

/* Simplified Chinese for zh, zh-CN, zh-SG and zh-Hans*; Traditional
 * variants are not offered, so they fall through to the next choice. */
static gboolean
is_simplified_chinese (const char *tag)
{
  return g_ascii_strcasecmp (tag, "zh") == 0 ||
         g_ascii_strcasecmp (tag, "zh-CN") == 0 ||
         g_ascii_strcasecmp (tag, "zh-SG") == 0 ||
         g_ascii_strncasecmp (tag, "zh-Hans", 7) == 0;
}

static gboolean
is_english (const char *tag)
{
  return g_str_equal (tag, "*") ||
         g_ascii_strcasecmp (tag, "en") == 0 ||
         g_ascii_strncasecmp (tag, "en-", 3) == 0;
}

/* The best of the languages we speak in @accept_language (RFC 9110
 * §12.5.4, by quality); English when it names neither. */
static gboolean
prefers_chinese (const char *accept_language)
{
  GSList *tags, *l;
  gboolean chinese = FALSE;

  if (accept_language == NULL)
    return FALSE;

  tags = soup_header_parse_quality_list (accept_language, NULL);
  for (l = tags; l != NULL; l = l->next)
    {
      if (is_simplified_chinese (l->data))
        {
          chinese = TRUE;
          break;
        }
      if (is_english (l->data))
        break;
    }
  soup_header_free_list (tags);
  return chinese;
}

static locale_t
request_locale (SdPlatformServer  *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (prefers_chinese (soup_message_headers_get_list (headers, "Accept-Language")))
    return self->locale_zh;
  return self->locale_en;
}

/* ------------------------------------------------------------------ */
/* Connections taken over: a final response, then a lingering close   */

typedef struct {
  SdPlatformServer *server;       /* unowned; NULL once it let go */
  GIOStream        *stream;
  GSocket          *socket;
  GCancellable     *cancellable;
  GBytes           *response;
  GSource          *deadline;
  GSource          *drain;
  gsize             drained;
  gboolean          finished;
} Closing;

static void
closing_clear (Closing *closing)
{
  g_clear_object (&closing->stream);
  g_clear_object (&closing->socket);
  g_clear_object (&closing->cancellable);
  g_clear_pointer (&closing->response, g_bytes_unref);
}

static Closing *
closing_ref (Closing *closing)
{
  return g_rc_box_acquire (closing);
}

static void
closing_unref (Closing *closing)
{
  g_rc_box_release_full (closing, (GDestroyNotify) closing_clear);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Closes the socket itself: the TLS connection may be half-way through
 * something, and its own close would wait for the peer. */
static void
closing_finish (Closing *closing)
{
  SdPlatformServer *server = closing->server;

  if (closing->finished)
    return;
  closing->finished = TRUE;

  g_cancellable_cancel (closing->cancellable);
  destroy_source (&closing->deadline);
  destroy_source (&closing->drain);
  g_socket_close (closing->socket, NULL);

  closing->server = NULL;
  if (server != NULL)
    g_ptr_array_remove_fast (server->closings, closing);  /* drops the list's reference */
}

static gboolean
closing_deadline_cb (gpointer user_data)
{
  closing_finish (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
closing_drain_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  Closing *closing = user_data;
  char buffer[DRAIN_BLOCK];

  for (guint i = 0; i < DRAIN_READS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE,
                                                 NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        break;  /* the client closed, or the connection failed */
      closing->drained += n;
      if (closing->drained > LINGER_MAX_BYTES)
        break;
      if (i + 1 == DRAIN_READS_PER_DISPATCH)
        return G_SOURCE_CONTINUE;  /* let the other connections have a turn */
    }

  g_clear_pointer (&closing->drain, g_source_unref);
  closing_finish (closing);
  return G_SOURCE_REMOVE;
}

static void
closing_linger (Closing *closing)
{
  /* FIN after the response: the client reads it, then end of stream. */
  g_socket_shutdown (closing->socket, FALSE, TRUE, NULL);

  closing->drain = g_socket_create_source (closing->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (closing->drain, G_SOURCE_FUNC (closing_drain_cb), closing, NULL);
  g_source_attach (closing->drain, g_main_context_get_thread_default ());
}

static void
closing_output_closed_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Closing *closing = user_data;

  /* An error only means the client went away first. */
  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
  if (!closing->finished)
    closing_linger (closing);
  closing_unref (closing);
}

static void
closing_response_written_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  Closing *closing = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    closing_finish (closing);
  else if (!closing->finished)
    /* close_notify, so that the client sees a clean end of the TLS stream */
    g_output_stream_close_async (G_OUTPUT_STREAM (source), G_PRIORITY_DEFAULT,
                                 closing->cancellable, closing_output_closed_cb,
                                 closing_ref (closing));
  closing_unref (closing);
}

/* Takes @msg's connection (over @socket) away from SoupServer, writes
 * @response (raw HTTP, may be NULL) and closes it. */
static void
take_over_connection (SdPlatformServer  *self,
                      SoupServerMessage *msg,
                      GSocket           *socket,
                      GBytes            *response)
{
  g_autoptr(SoupServerMessage) hold = g_object_ref (msg);
  g_autoptr(GIOStream) stream = NULL;
  Closing *closing;

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL || response == NULL)
    {
      /* Nothing to say: the client sees the connection end. */
      g_socket_close (socket, NULL);
      return;
    }

  closing = g_rc_box_new0 (Closing);
  closing->server = self;
  closing->stream = g_steal_pointer (&stream);
  closing->socket = g_object_ref (socket);
  closing->cancellable = g_cancellable_new ();
  closing->response = g_bytes_ref (response);
  g_ptr_array_add (self->closings, closing);

  closing->deadline = g_timeout_source_new (LINGER_TIMEOUT_MS);
  g_source_set_callback (closing->deadline, closing_deadline_cb, closing, NULL);
  g_source_attach (closing->deadline, g_main_context_get_thread_default ());

  g_output_stream_write_all_async (g_io_stream_get_output_stream (closing->stream),
                                   g_bytes_get_data (response, NULL),
                                   g_bytes_get_size (response),
                                   G_PRIORITY_DEFAULT, closing->cancellable,
                                   closing_response_written_cb, closing_ref (closing));
}

/* A complete HTTP/1.1 response carrying @problem, for a connection we
 * write to ourselves. */
static GBytes *
raw_problem_response (const SdProblem *problem)
{
  g_autofree char *body = sd_problem_to_json (problem);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  GString *response = g_string_new (NULL);

  g_string_append_printf (response, "HTTP/1.1 %u %s\r\n", problem->status,
                          soup_status_get_phrase (problem->status));
  g_string_append_printf (response, "Date: %s\r\n", date);
  g_string_append (response, "Content-Type: " PROBLEM_CONTENT_TYPE "\r\n");
  g_string_append_printf (response, "Content-Length: %zu\r\n", strlen (body));
  g_string_append (response, "Cache-Control: no-store\r\n");
  g_string_append (response, "Connection: close\r\n\r\n");
  g_string_append (response, body);
  return g_string_free_to_bytes (response);
}

/* ------------------------------------------------------------------ */
/* Timeouts and the body limit, per connection                         */

/* What libsoup 3.2 does, and why the guard is per connection: the first
 * message of a connection starts ("request-started") when it is accepted,
 * before the TLS handshake; every later one only when its first bytes are
 * read. Between two requests nothing tells us the connection is idle.
 * Worse, a later message that reads the end of the connection (the
 * client's close_notify or FIN) fails without telling SoupServer, which
 * then keeps the connection, its descriptor and its TLS session until it
 * stops. So the guard lives with the connection's GSocket, watches the
 * socket itself between requests, and when the next request's bytes
 * arrive it hands the connection back to SoupServer as a new one
 * (soup_server_accept_iostream): the first message of a connection does
 * end it properly, whatever it reads. */
typedef enum {
  PHASE_WAITING,    /* for a request's first byte: idle timeout */
  PHASE_READING,    /* headers and body: request timeout */
  PHASE_HANDLING,   /* read completely: no timer */
} Phase;

typedef struct {
  SdPlatformServer  *server;     /* unowned: guards go before the server */
  GSocket           *socket;     /* unowned: the guard lives in its data */
  /* The message through which the connection can be taken over: the
   * request being read, or between requests the last one answered. */
  SoupServerMessage *msg;
  gboolean           msg_started;   /* @msg is a request being read */
  gboolean           connected;     /* TLS handshake done */
  Phase              phase;
  GSource           *timer;
  GSource           *first_byte;
  guint64            body_bytes;
  guint64            body_limit;    /* of the request being read */
} ConnectionGuard;

/* Declared static first: G_DEFINE_QUARK alone defines an exported function. */
static GQuark connection_guard_quark (void);
G_DEFINE_QUARK (sd-platform-connection-guard, connection_guard)
/* On the remote address of a connection handed back to SoupServer, which
 * has no GSocket for it: the GSocket. */
static GQuark renewed_socket_quark (void);
G_DEFINE_QUARK (sd-platform-renewed-socket, renewed_socket)

static void got_headers_cb  (SoupServerMessage *msg, gpointer user_data);
static void got_chunk_cb    (SoupServerMessage *msg, GBytes *chunk, gpointer user_data);
static void connected_cb    (SoupServerMessage *msg, gpointer user_data);
static void disconnected_cb (SoupServerMessage *msg, gpointer user_data);

static GSocket *
socket_for_message (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  GSocketAddress *remote;

  if (socket != NULL)
    return socket;
  remote = soup_server_message_get_remote_address (msg);
  return remote != NULL ? g_object_get_qdata (G_OBJECT (remote), renewed_socket_quark ()) : NULL;
}

static ConnectionGuard *
guard_for_message (SoupServerMessage *msg)
{
  GSocket *socket = socket_for_message (msg);

  return socket != NULL ? g_object_get_qdata (G_OBJECT (socket), connection_guard_quark ()) : NULL;
}

static void
guard_stop_timers (ConnectionGuard *guard)
{
  destroy_source (&guard->timer);
  destroy_source (&guard->first_byte);
}

static void
guard_release_message (ConnectionGuard *guard)
{
  if (guard->msg == NULL)
    return;
  g_signal_handlers_disconnect_by_data (guard->msg, guard);
  g_clear_object (&guard->msg);
  guard->msg_started = FALSE;
}

/* @msg becomes the guard's handle on the connection. */
static void
guard_hold_message (ConnectionGuard   *guard,
                    SoupServerMessage *msg,
                    gboolean           started)
{
  if (guard->msg != msg)
    {
      guard_release_message (guard);
      guard->msg = g_object_ref (msg);
      g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), guard);
    }
  guard->msg_started = started;
}

static void
guard_free (ConnectionGuard *guard)
{
  guard_stop_timers (guard);
  guard_release_message (guard);
  if (guard->server != NULL)
    g_hash_table_remove (guard->server->guards, guard);
  g_free (guard);
}

/* The connection is over: the guard goes. Not only when its GSocket is
 * finalized, because libsoup 3.2 leaks a reference to every accepted
 * GSocket (fixed in 3.3.0), which would keep the guard too. @guard is
 * freed. */
static void
guard_done (ConnectionGuard *guard)
{
  g_autoptr(GSocket) socket = g_object_ref (guard->socket);

  g_object_set_qdata (G_OBJECT (socket), connection_guard_quark (), NULL);
}

static GSource *
guard_add_timer (ConnectionGuard *guard,
                 guint            seconds,
                 GSourceFunc      expired)
{
  /* Milliseconds, not g_timeout_source_new_seconds(): that one may fire up
   * to a second late, which matters for limits of one or two seconds. */
  GSource *timer = g_timeout_source_new ((guint) MIN ((guint64) seconds * 1000, G_MAXUINT));

  g_source_set_callback (timer, expired, guard, NULL);
  g_source_attach (timer, g_main_context_get_thread_default ());
  return timer;
}

/* Whether libsoup can hand the connection over: through a message of a
 * connection past its handshake and still connected ("disconnected"
 * releases the message), and never through an answered message once
 * libsoup may have read the next request's bytes. */
static gboolean
guard_can_take_over (ConnectionGuard *guard)
{
  return guard->server != NULL && guard->msg != NULL && guard->connected &&
         (guard->msg_started || guard->phase == PHASE_WAITING) &&
         !g_socket_is_closed (guard->socket);
}

/* Ends the connection; with @response (raw HTTP) when it can be taken
 * over. Otherwise the socket is shut down under libsoup: during the
 * handshake that makes it fail, and libsoup closes; later it is closed
 * here too. */
static void
guard_end_connection (ConnectionGuard *guard,
                      GBytes          *response)
{
  SdPlatformServer *self = guard->server;
  g_autoptr(SoupServerMessage) msg = NULL;
  g_autoptr(GSocket) socket = g_object_ref (guard->socket);
  gboolean can_take_over = guard_can_take_over (guard);
  gboolean connected = guard->connected;

  if (guard->msg != NULL)
    msg = g_object_ref (guard->msg);
  guard_done (guard);

  if (can_take_over)
    take_over_connection (self, msg, socket, response);
  else if (!g_socket_is_closed (socket))
    {
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      /* During the handshake a thread of the TLS backend may be polling
       * the socket: the shutdown wakes it, the handshake fails and libsoup
       * closes the connection itself. */
      if (connected)
        g_socket_close (socket, NULL);
    }
}

static gboolean
idle_expired_cb (gpointer user_data)
{
  ConnectionGuard *guard = user_data;

  g_clear_pointer (&guard->timer, g_source_unref);
  g_debug ("Closing a connection idle for %u s", guard->server->limits.idle_timeout_s);
  guard_end_connection (guard, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
request_expired_cb (gpointer user_data)
{
  ConnectionGuard *guard = user_data;
  SdPlatformServer *self = guard->server;
  g_autoptr(SdProblem) problem = NULL;
  g_autoptr(GBytes) response = NULL;
  locale_t previous;

  g_clear_pointer (&guard->timer, g_source_unref);
  g_debug ("Closing a connection whose request took more than %u s",
           self->limits.request_timeout_s);

  /* The headers may be incomplete, Accept-Language with them: English. */
  previous = uselocale (self->locale_en);
  problem = sd_problem_new (SOUP_STATUS_REQUEST_TIMEOUT, SD_PROBLEM_TIMEOUT, NULL,
                            /* Translators: %u is a number of seconds */
                            _("The request was not received completely within %u seconds."),
                            self->limits.request_timeout_s);
  response = raw_problem_response (problem);
  uselocale (previous);

  guard_end_connection (guard, response);
  return G_SOURCE_REMOVE;
}

static void
guard_start_reading (ConnectionGuard *guard)
{
  if (guard->phase != PHASE_WAITING || guard->server == NULL)
    return;
  guard_stop_timers (guard);
  guard->phase = PHASE_READING;
  guard->timer = guard_add_timer (guard, guard->server->limits.request_timeout_s,
                                  request_expired_cb);
}

static GIOStream *
base_stream (GIOStream *stream)
{
  GIOStream *base = NULL;

  /* libsoup wraps the TLS connection in a SoupIOStream. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream") != NULL)
    g_object_get (stream, "base-iostream", &base, NULL);
  return base != NULL ? base : g_object_ref (stream);
}

/* Hands the connection back to SoupServer as a new one, before libsoup
 * reads the bytes that have just arrived (see the comment above). */
static void
guard_renew_connection (ConnectionGuard *guard)
{
  SdPlatformServer *self = guard->server;
  g_autoptr(GSocket) socket = g_object_ref (guard->socket);
  g_autoptr(SoupServerMessage) msg = g_object_ref (guard->msg);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) base = NULL;

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    {
      guard_end_connection (guard, NULL);  /* the peer is gone already */
      return;
    }

  /* Our handlers go first, so that the steal is no disconnection to us. */
  guard_release_message (guard);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      guard_done (guard);
      g_socket_close (socket, NULL);
      return;
    }

  base = base_stream (stream);
  g_object_set_qdata_full (G_OBJECT (remote), renewed_socket_quark (),
                           g_object_ref (socket), g_object_unref);
  /* "request-started" comes at once and finds the guard, still waiting,
   * through @remote. The request may well be handled before this returns. */
  soup_server_accept_iostream (self->soup, base, local, remote, NULL);
}

static gboolean first_byte_cb (GSocket *socket, GIOCondition condition, gpointer user_data);

/* At a higher priority than libsoup's own sources, so that the guard sees
 * the socket before libsoup reads from it. */
static void
guard_watch_socket (ConnectionGuard *guard)
{
  guard->first_byte = g_socket_create_source (guard->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_priority (guard->first_byte, G_PRIORITY_DEFAULT - 1);
  g_source_set_callback (guard->first_byte, G_SOURCE_FUNC (first_byte_cb), guard, NULL);
  g_source_attach (guard->first_byte, g_main_context_get_thread_default ());
}

static gboolean
first_byte_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  ConnectionGuard *guard = user_data;
  g_autoptr(GError) error = NULL;
  GInputVector vector;
  char byte;
  int flags = G_SOCKET_MSG_PEEK;
  gboolean blocking;
  gssize n;

  g_clear_pointer (&guard->first_byte, g_source_unref);
  if (g_socket_is_closed (socket))
    {
      guard_done (guard);
      return G_SOURCE_REMOVE;
    }

  /* A peek, never a wait: the bytes are libsoup's to read. */
  vector.buffer = &byte;
  vector.size = 1;
  blocking = g_socket_get_blocking (socket);
  g_socket_set_blocking (socket, FALSE);
  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);
  g_socket_set_blocking (socket, blocking);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    guard_watch_socket (guard);          /* nothing after all */
  else if (n <= 0)
    guard_end_connection (guard, NULL);  /* the client closed or broke it */
  else if (!guard->msg_started && guard_can_take_over (guard))
    guard_renew_connection (guard);      /* may free @guard */
  else
    guard_start_reading (guard);
  return G_SOURCE_REMOVE;
}

/* Waits for the next request on @guard's kept-alive connection. */
static void
guard_wait (ConnectionGuard *guard)
{
  SdPlatformServer *self = guard->server;

  guard_stop_timers (guard);
  guard->phase = PHASE_WAITING;
  guard->body_bytes = 0;
  guard_watch_socket (guard);
  guard->timer = guard_add_timer (guard, self->limits.idle_timeout_s, idle_expired_cb);
}

static void
respond_too_large (SdPlatformServer  *self,
                   ConnectionGuard   *guard,
                   SoupServerMessage *msg,
                   guint64            declared_length)
{
  g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, guard->body_limit);
  g_autoptr(SdProblem) problem = NULL;
  g_autoptr(GBytes) response = NULL;
  locale_t previous = uselocale (request_locale (self, msg));

  if (declared_length > 0)
    {
      g_autofree char *length = g_strdup_printf ("%" G_GUINT64_FORMAT, declared_length);

      problem = sd_problem_new (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, SD_PROBLEM_TOO_LARGE, NULL,
                                /* Translators: both are numbers of bytes */
                                _("The request body of %s bytes is larger than the limit of %s bytes."),
                                length, limit);
    }
  else
    problem = sd_problem_new (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, SD_PROBLEM_TOO_LARGE, NULL,
                              /* Translators: %s is a number of bytes */
                              _("The request body is larger than the limit of %s bytes."),
                              limit);
  response = raw_problem_response (problem);
  uselocale (previous);

  guard_hold_message (guard, msg, TRUE);
  guard->connected = TRUE;  /* headers were read: the handshake is long done */
  guard_end_connection (guard, response);
}

/* For chunked bodies, whose size nobody announced: counted as they come. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  ConnectionGuard *guard = user_data;

  if (guard->server == NULL)
    return;
  guard->body_bytes += g_bytes_get_size (chunk);
  if (guard->body_bytes > guard->body_limit)
    respond_too_large (guard->server, guard, msg, 0);
}

/* A request whose bytes were already buffered (pipelined) starts without
 * the socket becoming readable: its headers are the first sign. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  ConnectionGuard *guard = user_data;

  guard->connected = TRUE;
  guard_start_reading (guard);
}

/* The handshake is done: the first request gets its own full time. */
static void
connected_cb (SoupServerMessage *msg,
              gpointer           user_data)
{
  ConnectionGuard *guard = user_data;

  guard->connected = TRUE;
  if (guard->phase == PHASE_READING)
    {
      destroy_source (&guard->timer);
      guard->timer = guard_add_timer (guard, guard->server->limits.request_timeout_s,
                                      request_expired_cb);
    }
}

/* libsoup closed the connection, or we took it over. */
static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  guard_done (user_data);
}

static const Route *find_route (SdPlatformServer   *self,
                               const char         *method,
                               const char * const *segments,
                               GPtrArray          *allowed);
static char **path_segments (const char *path);

/* Uploads (SD_ROUTE_RAW_BODY) may be larger than JSON requests. */
static guint64
body_limit (SdPlatformServer *self,
            const char       *method,
            const char       *path)
{
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  g_auto(GStrv) segments = path_segments (path);
  const Route *route = find_route (self, method, (const char * const *) segments, allowed);

  if (route != NULL && (route->flags & SD_ROUTE_RAW_BODY))
    return self->limits.max_upload_bytes;
  return self->limits.max_body_bytes;
}

/* Runs once the headers are in, before SoupServer reads any of the body. */
static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SdPlatformServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  ConnectionGuard *guard = guard_for_message (msg);
  goffset length;

  if (guard == NULL)
    return;
  guard->body_limit = body_limit (self, soup_server_message_get_method (msg), path);
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return;
  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > guard->body_limit)
    respond_too_large (self, guard, msg, (guint64) length);
}

static ConnectionGuard *
guard_new (SdPlatformServer *self,
           GSocket          *socket)
{
  ConnectionGuard *guard = g_new0 (ConnectionGuard, 1);

  guard->server = self;
  guard->socket = socket;
  guard->body_limit = self->limits.max_body_bytes;
  g_hash_table_add (self->guards, guard);
  g_object_set_qdata_full (G_OBJECT (socket), connection_guard_quark (), guard,
                           (GDestroyNotify) guard_free);
  return guard;
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  SdPlatformServer *self = user_data;
  GSocket *socket = socket_for_message (msg);
  ConnectionGuard *guard;

  if (socket == NULL)
    return;  /* a connection handed to SoupServer by someone else */

  /* Cached by libsoup from now on: taking the connection over asks for
   * them, when the peer may be gone and they could not be read. */
  soup_server_message_get_local_address (msg);
  soup_server_message_get_remote_address (msg);

  guard = g_object_get_qdata (G_OBJECT (socket), connection_guard_quark ());
  if (guard == NULL)
    {
      /* A new connection: its first message starts before the handshake,
       * which libsoup announces with the message's "connected". The
       * handshake gets the request time, then the first request again
       * (the TLS backend reads the handshake in a thread of its own, so
       * the socket shows nothing of it here anyway). */
      guard = guard_new (self, socket);
      /* Responses go out in more than one write (headers, body): without
       * this, Nagle's algorithm holds the last one back until the client
       * acknowledges the first, tens of milliseconds with delayed ACKs. */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      guard_hold_message (guard, msg, TRUE);
      if (g_signal_lookup ("connected", SOUP_TYPE_SERVER_MESSAGE) != 0)
        g_signal_connect (msg, "connected", G_CALLBACK (connected_cb), guard);
      guard->phase = PHASE_WAITING;
      guard_start_reading (guard);
    }
  else
    {
      /* A later request, whose first bytes have arrived. */
      guard_hold_message (guard, msg, TRUE);
      guard->body_bytes = 0;
      guard->body_limit = self->limits.max_body_bytes;
      guard_start_reading (guard);
    }

  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), guard);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), guard);
}

static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  ConnectionGuard *guard = guard_for_message (msg);

  if (guard == NULL)
    return;
  guard_stop_timers (guard);
  guard->phase = PHASE_HANDLING;
}

/* "request-finished", and "request-aborted": libsoup calls a response
 * of status 500 aborted too, and keeps the connection alive after it. */
static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  ConnectionGuard *guard = guard_for_message (msg);

  if (guard == NULL)
    return;

  /* Kept as the handle on the connection until the next request; the
   * bodies were sent and are not needed any more. If libsoup does not keep
   * the connection alive, "disconnected" follows at once. */
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  guard_hold_message (guard, msg, FALSE);
  guard_wait (guard);
}

/* ------------------------------------------------------------------ */
/* Routes                                                             */

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

/* "/api/v1/users/{id}" → {"api", "v1", "users", "{id}"} */
static char **
path_segments (const char *path)
{
  return g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
}

static gboolean
segment_is_param (const char *segment)
{
  gsize length = strlen (segment);

  return length > 2 && segment[0] == '{' && segment[length - 1] == '}';
}

static gboolean
route_matches (const Route        *route,
               const char * const *segments)
{
  guint i;

  if (g_strv_length (route->segments) != g_strv_length ((char **) segments))
    return FALSE;

  for (i = 0; route->segments[i] != NULL; i++)
    {
      if (segment_is_param (route->segments[i]))
        {
          if (segments[i][0] == '\0')
            return FALSE;
        }
      else if (!g_str_equal (route->segments[i], segments[i]))
        return FALSE;
    }
  return TRUE;
}

static GHashTable *
route_params (const Route        *route,
              const char * const *segments)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; route->segments[i] != NULL; i++)
    if (segment_is_param (route->segments[i]))
      g_hash_table_insert (params,
                           g_strndup (route->segments[i] + 1, strlen (route->segments[i]) - 2),
                           g_strdup (segments[i]));
  return params;
}

static gboolean
pattern_is_valid (const char *pattern)
{
  g_auto(GStrv) segments = NULL;

  if (!g_str_equal (pattern, API_PREFIX) && !g_str_has_prefix (pattern, API_PREFIX "/"))
    return FALSE;
  segments = path_segments (pattern);
  for (guint i = 0; segments[i] != NULL; i++)
    if (segments[i][0] == '\0' || (strchr (segments[i], '{') != NULL && !segment_is_param (segments[i])))
      return FALSE;
  return TRUE;
}

void
sd_platform_server_add_route (SdPlatformServer *self,
                              const char       *method,
                              const char       *pattern,
                              SdRouteFlags      flags,
                              guint             roles,
                              SdRouteHandler    handler,
                              gpointer          user_data)
{
  Route *route;

  g_return_if_fail (SD_IS_PLATFORM_SERVER (self));
  g_return_if_fail (method != NULL && method[0] != '\0');
  g_return_if_fail (pattern != NULL && pattern_is_valid (pattern));
  g_return_if_fail (handler != NULL);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *other = g_ptr_array_index (self->routes, i);

      g_return_if_fail (!g_str_equal (other->method, method) ||
                        !g_str_equal (other->pattern, pattern));
    }

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = path_segments (pattern);
  for (guint i = 0; route->segments[i] != NULL; i++)
    if (!segment_is_param (route->segments[i]))
      route->n_literals++;
  route->flags = flags;
  route->roles = roles;
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

gboolean
sd_platform_server_lookup_route (SdPlatformServer *self,
                                 const char       *method,
                                 const char       *pattern,
                                 SdRouteFlags     *flags,
                                 guint            *roles)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), FALSE);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (!g_str_equal (route->method, method) || !g_str_equal (route->pattern, pattern))
        continue;
      if (flags != NULL)
        *flags = route->flags;
      if (roles != NULL)
        *roles = route->roles;
      return TRUE;
    }
  return FALSE;
}

GStrv
sd_platform_server_list_routes (SdPlatformServer *self)
{
  GStrvBuilder *builder;
  GStrv routes;

  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autofree char *line = g_strdup_printf ("%s %s", route->method, route->pattern);

      g_strv_builder_add (builder, line);
    }
  routes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return routes;
}

/* The most specific route for @method at @segments, or NULL; @allowed
 * collects the methods the path accepts (for 405's Allow). */
static const Route *
find_route (SdPlatformServer   *self,
            const char         *method,
            const char * const *segments,
            GPtrArray          *allowed)
{
  const Route *best = NULL;

  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);

      if (!route_matches (route, segments))
        continue;
      if (!g_ptr_array_find_with_equal_func (allowed, route->method, g_str_equal, NULL))
        g_ptr_array_add (allowed, route->method);
      if (g_str_equal (route->method, method) &&
          (best == NULL || route->n_literals > best->n_literals))
        best = route;
    }
  return best;
}

/* ------------------------------------------------------------------ */
/* The clock                                                          */

static GDateTime *
server_now (SdPlatformServer *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->clock_lock);

  return g_date_time_add (now, self->clock_offset);
}

void
sd_platform_server_set_clock_offset (SdPlatformServer *self,
                                     GTimeSpan         offset)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SD_IS_PLATFORM_SERVER (self));

  locker = g_mutex_locker_new (&self->clock_lock);
  self->clock_offset = offset;
}

/* ------------------------------------------------------------------ */
/* The request as handlers see it                                     */

static void
request_free (SdPlatformRequest *request)
{
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->user, sd_user_free);
  g_clear_pointer (&request->body, json_node_unref);
  g_clear_error (&request->audit_error);
  g_clear_pointer (&request->now, g_date_time_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPlatformRequest, request_free)

SoupServerMessage *
sd_platform_request_get_message (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->msg;
}

SdUser *
sd_platform_request_get_user (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->user;
}

const char *
sd_platform_request_get_param (SdPlatformRequest *request,
                               const char        *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (request->params, name);
}

const char *
sd_platform_request_get_query (SdPlatformRequest *request,
                               const char        *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

JsonNode *
sd_platform_request_get_body (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->body;
}

GDateTime *
sd_platform_request_get_now (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return request->now;
}

/* Working days, deadlines and "today" are China's: UTC+8 all year. */
void
sd_platform_request_get_today (SdPlatformRequest *request,
                               GDate             *today)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (today != NULL);

  local = g_date_time_to_timezone (request->now, china);
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

GBytes *
sd_platform_request_get_raw_body (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
}

const char *
sd_platform_request_get_content_type (SdPlatformRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (request->msg), NULL);
}

void
sd_platform_request_respond_json (SdPlatformRequest *request,
                                  guint              status,
                                  JsonNode          *body)
{
  SoupServerMessage *msg;

  g_return_if_fail (request != NULL);

  msg = request->msg;
  soup_server_message_set_status (msg, status != 0 ? status : SOUP_STATUS_OK, NULL);
  /* set_response() appends: drop whatever was set before. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                        text, strlen (text));
    }
  else
    soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

static void
respond_problem (SoupServerMessage *msg,
                 const SdProblem   *problem)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  sd_problem_respond (problem, msg);
  /* RFC 9110 §15.5.2: every 401 names the scheme that would work. */
  if (problem->status == SOUP_STATUS_UNAUTHORIZED &&
      soup_message_headers_get_one (headers, "WWW-Authenticate") == NULL)
    soup_message_headers_replace (headers, "WWW-Authenticate", AUTH_REALM);
}

void
sd_platform_request_respond_problem (SdPlatformRequest *request,
                                     const SdProblem   *problem)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (problem != NULL);

  respond_problem (request->msg, problem);
}

void
sd_platform_request_respond_error (SdPlatformRequest *request,
                                   const GError      *error,
                                   const char        *field)
{
  g_autoptr(SdProblem) problem = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (error != NULL);

  problem = sd_problem_new_from_error (error, field);
  respond_problem (request->msg, problem);
}

static gboolean
audit_append (SdPlatformServer  *self,
              const char        *actor,
              const char        *action,
              const char        *object_type,
              const char        *object_id,
              JsonNode          *detail,
              GError           **error)
{
  if (sd_storage_audit_append (self->storage, actor, action, object_type, object_id,
                               detail, error))
    return TRUE;
  g_message ("Could not append “%s” to the audit log: %s", action, (*error)->message);
  return FALSE;
}

void
sd_platform_request_audit (SdPlatformRequest *request,
                           const char        *action,
                           const char        *object_type,
                           const char        *object_id,
                           JsonNode          *detail)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (action != NULL);

  /* Nothing happens unaudited: the handler's transaction is rolled back
   * and the request answered 500 (see call_handler). */
  if (!audit_append (request->server,
                     request->user != NULL ? request->user->username : "anonymous",
                     action, object_type, object_id, detail, &error) &&
      request->audit_error == NULL)
    request->audit_error = g_steal_pointer (&error);
}

/* ------------------------------------------------------------------ */
/* Dispatch: route, authenticate, authorise, check the body, handle    */

static void
respond_new_problem (SoupServerMessage *msg,
                     SdProblem         *problem)
{
  g_autoptr(SdProblem) owned = problem;

  respond_problem (msg, owned);
}

static gboolean
method_has_body (const char *method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") ||
         g_str_equal (method, "PATCH");
}

static gboolean
run_handler (SdStorage *storage,
             gpointer   data,
             GError   **error)
{
  SdPlatformRequest *request = data;

  request->route->handler (request->server, request, request->route->user_data);
  if (request->audit_error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (request->audit_error));
  return FALSE;
}

/* A handler that changes state runs in one storage transaction, so that
 * the change and its audit row are written together or not at all (a
 * crash between the two must not leave an unaudited change). The
 * transaction commits whatever the response: a refused log-in still has
 * to record its failure for throttling. A read whose access could not be
 * audited (data queries and downloads are) is not answered either. */
static void
call_handler (SdPlatformServer  *self,
              SdPlatformRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *method = request->route->method;
  gboolean done;

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    done = run_handler (self->storage, request, &error);
  else
    done = sd_storage_transaction (self->storage, run_handler, request, &error);
  if (!done)
    {
      g_message ("%s %s was not committed: %s", method, request->route->pattern, error->message);
      respond_new_problem (request->msg,
                           sd_problem_new (SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                           SD_PROBLEM_INTERNAL, NULL, "%s",
                                           _("The platform could not complete the request.")));
    }
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char        *path,
                            GPtrArray         *allowed)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < allowed->len; i++)
    g_string_append_printf (allow, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (allowed, i));
  respond_new_problem (msg, sd_problem_new (SOUP_STATUS_METHOD_NOT_ALLOWED, SD_PROBLEM_METHOD, NULL,
                                            /* Translators: a path, a method (GET) and a list of methods */
                                            _("%s does not accept the method %s; it accepts %s."),
                                            path, soup_server_message_get_method (msg),
                                            allow->str));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allow->str);
}

static gboolean
parse_query (SdPlatformRequest *request)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->msg));
  GHashTableIter iter;
  gpointer name, value;

  if (query == NULL)
    return TRUE;

  request->query = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (request->query != NULL)
    {
      g_hash_table_iter_init (&iter, request->query);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (!g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
          {
            g_clear_pointer (&request->query, g_hash_table_unref);
            break;
          }
    }
  if (request->query != NULL)
    return TRUE;

  respond_new_problem (request->msg,
                       sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST, NULL, "%s",
                                       _("The query string is not correctly percent-encoded UTF-8.")));
  return FALSE;
}

static gboolean
authenticate (SdPlatformRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  g_autoptr(GError) error = NULL;
  const char *challenge;

  request->user = sd_auth_authenticate (request->server->storage,
                                        soup_message_headers_get_one (headers, "Authorization"),
                                        request->now, &error);
  if (request->user != NULL)
    return TRUE;

  if (error->domain != SD_AUTH_ERROR)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }

  /* RFC 6750 §3: a presented token that does not work is invalid_token. */
  challenge = error->code == SD_AUTH_ERROR_NO_TOKEN ?
              AUTH_REALM : AUTH_REALM ", error=\"invalid_token\"";
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "WWW-Authenticate", challenge);
  respond_new_problem (request->msg, sd_problem_new (SOUP_STATUS_UNAUTHORIZED,
                                                     SD_PROBLEM_UNAUTHENTICATED, NULL,
                                                     "%s", error->message));
  return FALSE;
}

static char *
role_labels (guint roles)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    {
      if ((roles & SD_ROLE_MASK (role)) == 0)
        continue;
      if (labels->len > 0)
        /* Translators: separates role names in a list, as in "provider, consumer" */
        g_string_append (labels, _(", "));
      g_string_append (labels, sd_role_get_label (role));
    }
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

static JsonNode *
denial_detail (SdPlatformRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, request->route->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_uri_get_path (soup_server_message_get_uri (request->msg)));
  json_builder_set_member_name (builder, "required_roles");
  json_builder_begin_array (builder);
  for (SdRole role = SD_ROLE_PROVIDER; role <= SD_ROLE_ADMIN; role++)
    if (request->route->roles & SD_ROLE_MASK (role))
      json_builder_add_string_value (builder, sd_role_to_string (role));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
authorise (SdPlatformRequest *request)
{
  const Route *route = request->route;
  g_autofree char *object_id = NULL;
  g_autofree char *needed = NULL;
  g_autofree char *held = NULL;
  g_autoptr(JsonNode) detail = NULL;

  if (route->roles == 0 || (request->user->roles & route->roles) != 0)
    return TRUE;

  object_id = g_strdup_printf ("%s %s", route->method, route->pattern);
  detail = denial_detail (request);
  sd_platform_request_audit (request, "authz.denied", "route", object_id, detail);

  needed = role_labels (route->roles);
  held = role_labels (request->user->roles);
  respond_new_problem (request->msg,
                       sd_problem_new (SOUP_STATUS_FORBIDDEN, SD_PROBLEM_FORBIDDEN, NULL,
                                       /* Translators: both are lists of role names */
                                       _("This needs one of the roles %s; your account has %s."),
                                       needed, held[0] != '\0' ? held : _("no role")));
  return FALSE;
}

static gboolean
content_type_is_json (SoupMessageHeaders *headers)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;
  /* RFC 8259 §8.1: JSON between systems is UTF-8. */
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

static gboolean
read_body (SdPlatformRequest *request)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  JsonNodeType type;

  if (!content_type_is_json (headers))
    {
      content_type = soup_message_headers_get_one (headers, "Content-Type");
      if (content_type != NULL)
        respond_new_problem (msg, sd_problem_new (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                                  SD_PROBLEM_MEDIA_TYPE, NULL,
                                                  /* Translators: %s is a media type such as text/plain */
                                                  _("The request body must be JSON sent as application/json (UTF-8), not %s."),
                                                  content_type));
      else
        respond_new_problem (msg, sd_problem_new (SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                                  SD_PROBLEM_MEDIA_TYPE, NULL, "%s",
                                                  _("The request body must be JSON sent as application/json (UTF-8); the request has no Content-Type.")));
      return FALSE;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->body = sd_json_guard_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       &request->server->guard_limits, &error);
  if (request->body == NULL)
    {
      sd_platform_request_respond_error (request, error, NULL);
      return FALSE;
    }

  type = JSON_NODE_TYPE (request->body);
  if (type != JSON_NODE_OBJECT && type != JSON_NODE_ARRAY)
    {
      respond_new_problem (msg, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                NULL, "%s",
                                                _("The request body must be a JSON object or array.")));
      return FALSE;
    }
  return TRUE;
}

static void
dispatch (SdPlatformServer  *self,
          SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  g_autoptr(SdPlatformRequest) request = NULL;
  g_auto(GStrv) segments = NULL;
  const Route *route;

  if (!g_utf8_validate (path, -1, NULL))
    {
      respond_new_problem (msg, sd_problem_new (SOUP_STATUS_BAD_REQUEST, SD_PROBLEM_BAD_REQUEST,
                                                NULL, "%s",
                                                _("The request path is not valid UTF-8.")));
      return;
    }

  segments = path_segments (path);
  route = find_route (self, method, (const char * const *) segments, allowed);
  if (route == NULL && allowed->len == 0)
    {
      respond_new_problem (msg, sd_problem_new (SOUP_STATUS_NOT_FOUND, SD_PROBLEM_NOT_FOUND, NULL,
                                                /* Translators: %s is a path such as /api/v1/users */
                                                _("There is no resource at %s."), path));
      return;
    }
  if (route == NULL)
    {
      respond_method_not_allowed (msg, path, allowed);
      return;
    }

  request = g_new0 (SdPlatformRequest, 1);
  request->server = self;
  request->msg = msg;
  request->route = route;
  request->params = route_params (route, (const char * const *) segments);
  request->now = server_now (self);

  if (!parse_query (request))
    return;
  if (!(route->flags & SD_ROUTE_PUBLIC) && (!authenticate (request) || !authorise (request)))
    return;
  if (method_has_body (method) && !(route->flags & SD_ROUTE_RAW_BODY) && !read_body (request))
    return;

  call_handler (self, request);

  if (soup_server_message_get_status (msg) == 0)
    {
      g_warning ("The handler of %s %s did not respond", route->method, route->pattern);
      respond_new_problem (msg, sd_problem_new (SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                                SD_PROBLEM_INTERNAL, NULL, "%s",
                                                _("The platform could not complete the request.")));
    }
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SdPlatformServer *self = user_data;
  locale_t previous = uselocale (request_locale (self, msg));

  dispatch (self, msg);
  uselocale (previous);

  /* Responses carry tokens and personal data: no cache keeps them. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

/* ------------------------------------------------------------------ */
/* The server                                                         */

static void
release_connections (SdPlatformServer *self)
{
  g_autoptr(GList) guards = g_hash_table_get_keys (self->guards);

  for (GList *l = guards; l != NULL; l = l->next)
    guard_done (l->data);

  while (self->closings->len > 0)
    closing_finish (g_ptr_array_index (self->closings, self->closings->len - 1));
}

static void
sd_platform_server_dispose (GObject *object)
{
  SdPlatformServer *self = SD_PLATFORM_SERVER (object);

  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  release_connections (self);
  g_clear_object (&self->storage);
  g_clear_object (&self->policy);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (sd_platform_server_parent_class)->dispose (object);
}

static void
sd_platform_server_finalize (GObject *object)
{
  SdPlatformServer *self = SD_PLATFORM_SERVER (object);

  g_ptr_array_unref (self->routes);
  g_hash_table_unref (self->guards);
  g_ptr_array_unref (self->closings);
  messages_locale_free (self->locale_zh);
  messages_locale_free (self->locale_en);
  g_mutex_clear (&self->clock_lock);

  G_OBJECT_CLASS (sd_platform_server_parent_class)->finalize (object);
}

static void
sd_platform_server_class_init (SdPlatformServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_platform_server_dispose;
  object_class->finalize = sd_platform_server_finalize;
}

static void
sd_platform_server_init (SdPlatformServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->guards = g_hash_table_new (NULL, NULL);
  self->closings = g_ptr_array_new_with_free_func ((GDestroyNotify) closing_unref);
  g_mutex_init (&self->clock_lock);
  self->locale_zh = messages_locale_new ("zh_CN.UTF-8");
  /* "C" and not an English locale: gettext then returns the msgids, and
   * ignores $LANGUAGE, whatever the process's own language. */
  self->locale_en = messages_locale_new ("C");
}

static gint
compare_years (gconstpointer a,
               gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

static SdCalendar *
load_calendar (SdStorage  *storage,
               GError    **error)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new_builtin (error);
  g_autoptr(GHashTable) years = NULL;
  g_autoptr(GList) keys = NULL;

  if (calendar == NULL)
    return NULL;
  years = sd_storage_list_calendar_years (storage, error);
  if (years == NULL)
    return NULL;

  /* In year order, so that an error names the same year every time. */
  keys = g_list_sort (g_hash_table_get_keys (years), compare_years);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *json = g_hash_table_lookup (years, l->data);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      if (!sd_calendar_load_year_data (calendar, bytes, error))
        {
          g_prefix_error (error,
                          /* Translators: %d is a year */
                          _("The holiday calendar for %d imported into the platform is invalid: "),
                          GPOINTER_TO_INT (l->data));
          return NULL;
        }
    }
  return g_steal_pointer (&calendar);
}

SdPlatformServer *
sd_platform_server_new (SdStorage              *storage,
                        GTlsCertificate        *certificate,
                        const SdPlatformLimits *limits,
                        GError                **error)
{
  g_autoptr(SdPlatformServer) self = NULL;
  g_autofree char *profile_id = NULL;

  g_return_val_if_fail (SD_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SD_TYPE_PLATFORM_SERVER, NULL);
  self->storage = g_object_ref (storage);
  self->limits = limits != NULL ? *limits : default_limits;
  /* A zero would answer every request at once: it means the default. */
  if (self->limits.max_body_bytes == 0)
    self->limits.max_body_bytes = default_limits.max_body_bytes;
  if (self->limits.max_upload_bytes == 0)
    self->limits.max_upload_bytes = MAX (self->limits.max_body_bytes,
                                         default_limits.max_upload_bytes);
  if (self->limits.request_timeout_s == 0)
    self->limits.request_timeout_s = default_limits.request_timeout_s;
  if (self->limits.idle_timeout_s == 0)
    self->limits.idle_timeout_s = default_limits.idle_timeout_s;
  self->guard_limits = *sd_json_guard_default_limits ();
  self->guard_limits.max_bytes = self->limits.max_body_bytes;

  profile_id = sd_storage_get_profile_id (storage, error);
  if (profile_id == NULL)
    return NULL;
  self->policy = sd_policy_load_builtin (profile_id, error);
  if (self->policy == NULL)
    return NULL;
  self->calendar = load_calendar (storage, error);
  if (self->calendar == NULL)
    return NULL;

  self->soup = soup_server_new ("tls-certificate", certificate, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_finished_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);

  return g_steal_pointer (&self);
}

gboolean
sd_platform_server_listen (SdPlatformServer *self,
                           const char       *address,
                           guint16           port,
                           GError          **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  inet_address = g_inet_address_new_from_string (address);
  if (inet_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given as the address to listen on */
                   _("“%s” is not a numeric IP address such as 127.0.0.1 or ::1."), address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet_address, port);
  /* HTTPS only: there is no plaintext listener. */
  return soup_server_listen (self->soup, socket_address, SOUP_SERVER_LISTEN_HTTPS, error);
}

guint16
sd_platform_server_get_port (SdPlatformServer *self)
{
  GSList *listeners;
  guint16 port = 0;

  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), 0);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) address = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (address))
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
    }
  g_slist_free (listeners);
  return port;
}

void
sd_platform_server_disconnect (SdPlatformServer *self)
{
  g_return_if_fail (SD_IS_PLATFORM_SERVER (self));

  soup_server_disconnect (self->soup);
  release_connections (self);
}

SdStorage *
sd_platform_server_get_storage (SdPlatformServer *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), NULL);
  return self->storage;
}

SdPolicy *
sd_platform_server_get_policy (SdPlatformServer *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), NULL);
  return self->policy;
}

SdCalendar *
sd_platform_server_get_calendar (SdPlatformServer *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), NULL);
  return self->calendar;
}

gboolean
sd_platform_server_reload_calendar (SdPlatformServer *self,
                                    GError          **error)
{
  SdCalendar *calendar;

  g_return_val_if_fail (SD_IS_PLATFORM_SERVER (self), FALSE);

  calendar = load_calendar (self->storage, error);
  if (calendar == NULL)
    return FALSE;
  g_set_object (&self->calendar, calendar);
  g_object_unref (calendar);
  return TRUE;
}
