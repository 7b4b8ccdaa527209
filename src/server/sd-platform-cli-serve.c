/* sd-platform-cli-serve.c — `sharedesk-platform serve`: the platform over
 * HTTPS until SIGINT or SIGTERM.
 *
 * There is no plaintext listener: a certificate and key are required. Once
 * listening, the URL goes to standard output (flushed), so that a script or
 * a test that asked for port 0 learns the port the system chose.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sd-platform-cli-private.h"
#include "sd-platform-routes.h"
#include "sd-platform-server.h"

typedef struct {
  char    *address;   /* numeric, without brackets */
  guint16  port;
} ListenAddress;

/* "127.0.0.1:8443" or "[::1]:8443". */
static gboolean
parse_listen (const char    *text,
              ListenAddress *listen)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      colon = close != NULL && close[1] == ':' ? close + 1 : NULL;
      if (colon != NULL)
        host = g_strndup (text + 1, close - text - 1);
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon != NULL)
        host = g_strndup (text, colon - text);
    }
  if (host != NULL)
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &port, NULL))
    {
      /* Translators: %s is what was given; keep ADDR:PORT */
      _sd_platform_cli_error (_("“%s” is not ADDR:PORT with a numeric address, e.g. 127.0.0.1:8443 or [::1]:8443 (port 0 picks a free one)."),
                              text);
      return FALSE;
    }
  listen->address = g_steal_pointer (&host);
  listen->port = (guint16) port;
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
server_url (const ListenAddress *listen,
            guint16              port)
{
  if (strchr (listen->address, ':') != NULL)
    return g_strdup_printf ("https://[%s]:%u/", listen->address, port);
  return g_strdup_printf ("https://%s:%u/", listen->address, port);
}

static SdPlatformServer *
start_server (const char          *db,
              GTlsCertificate     *certificate,
              const ListenAddress *listen)
{
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(SdPlatformServer) server = NULL;
  g_autoptr(GError) error = NULL;

  storage = _sd_platform_cli_open_storage (db, NULL);
  if (storage == NULL)
    return NULL;
  server = sd_platform_server_new (storage, certificate, NULL, &error);
  if (server == NULL)
    {
      /* Translators: %s says why */
      _sd_platform_cli_error (_("The platform cannot start: %s"), error->message);
      return NULL;
    }
  sd_platform_routes_register_all (server);
  if (!sd_platform_server_listen (server, listen->address, listen->port, &error))
    {
      /* Translators: the first %s is an address, %u a port, the last %s says why */
      _sd_platform_cli_error (_("Cannot listen on %s port %u: %s"),
                              listen->address, listen->port, error->message);
      return NULL;
    }
  return g_steal_pointer (&server);
}

SdPlatformExit
_sd_platform_cli_serve (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  g_autofree char *listen_text = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database"), N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_text,
      N_("The numeric address and port to listen on (port 0 picks a free one)"), N_("ADDR:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert,
      N_("The server certificate (PEM), followed by its chain"), N_("PEM") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The certificate’s private key (PEM)"), N_("PEM") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SdPlatformServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ListenAddress listen = { NULL, 0 };
  guint sigint_id;
  guint sigterm_id;

  if (!_sd_platform_cli_parse (command, entries) ||
      !_sd_platform_cli_require (db, "--db PATH") ||
      !_sd_platform_cli_require (listen_text, "--listen ADDR:PORT") ||
      !_sd_platform_cli_require (cert, "--tls-cert PEM") ||
      !_sd_platform_cli_require (key, "--tls-key PEM") ||
      !parse_listen (listen_text, &listen))
    return SD_PLATFORM_EXIT_USAGE;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  if (certificate == NULL)
    {
      /* Translators: %s says why */
      _sd_platform_cli_error (_("The TLS certificate or its key cannot be loaded: %s"), error->message);
      g_free (listen.address);
      return SD_PLATFORM_EXIT_FAILED;
    }
  server = start_server (db, certificate, &listen);
  if (server == NULL)
    {
      g_free (listen.address);
      return SD_PLATFORM_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  url = server_url (&listen, sd_platform_server_get_port (server));
  /* Not translated: scripts and tests read this line for the port. */
  g_print ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  sd_platform_server_disconnect (server);
  g_clear_object (&server);
  /* libsoup finishes closing the connections on the next iterations. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (listen.address);
  return SD_PLATFORM_EXIT_OK;
}
