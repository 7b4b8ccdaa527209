/* platform-load.c — load benchmark of sharedesk-platform over HTTPS.
 *
 * N concurrent HTTPS keep-alive connections on loopback against the real
 * platform (SdPlatformServer with every route, a real SQLite file seeded
 * with generated catalogue entries), and — measured in the same run — a
 * bare SoupServer whose handler returns a fixed 2 KB JSON: the ceiling
 * that TLS, HTTP/1.1 and libsoup allow on this machine. Prints requests/s
 * and p50/p99 latency per scenario and the ratio to the ceiling.
 *
 * Both servers run in threads of their own (their own GMainContext), like
 * tests/sd-platform-test-utils.c. The clients are a few threads, each with
 * its own GMainContext and SoupSession driving its share of the
 * connections: every connection sends its next request as soon as the
 * previous one finished. Requests that start during the warm-up or end
 * after the measured window are not counted.
 *
 * Not run by `meson test`: `meson test -C build --benchmark`, or run the
 * binary (see docs/performance.md and --help).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sd-auth.h"
#include "sd-identifiers.h"
#include "sd-platform-routes.h"
#include "sd-platform-server.h"
#include "sd-storage-catalogue.h"
#include "sd-test-utils.h"

#define BENCH_PASSWORD    "bench-password-not-secret"
#define BENCH_CONSUMER    "bench-consumer"
#define BENCH_REVIEWER    "bench-reviewer"
#define BENCH_PROFILE     "mot-2021"
#define SEED_BATCH        10000
#define CEILING_BODY_SIZE 2048
#define N_SEARCH_TERMS    64
#define PAGE_LIMIT        20

/* Options */

static int      opt_connections = 50;
static int      opt_duration = 10;
static int      opt_warmup = 1;
static int      opt_entries = 100000;
static int      opt_threads = 2;
static int      opt_page_depth = 50;
static char    *opt_scenario = NULL;
static char    *opt_db_dir = NULL;
static gboolean opt_search_scaling = FALSE;
static gboolean opt_strict = FALSE;

static const GOptionEntry option_entries[] = {
  { "connections", 'c', 0, G_OPTION_ARG_INT, &opt_connections,
    "Concurrent HTTPS keep-alive connections (50)", "N" },
  { "duration", 'd', 0, G_OPTION_ARG_INT, &opt_duration,
    "Measured seconds per scenario, after the warm-up (10)", "S" },
  { "warmup", 0, 0, G_OPTION_ARG_INT, &opt_warmup,
    "Warm-up seconds per scenario, not measured (1)", "S" },
  { "entries", 'n', 0, G_OPTION_ARG_INT, &opt_entries,
    "Catalogue entries to seed (100000)", "N" },
  { "page-depth", 0, 0, G_OPTION_ARG_INT, &opt_page_depth,
    "page reads go to one of the first N pages of 20 (50; 0: anywhere in the catalogue)", "N" },
  { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads,
    "Client threads sharing the connections (2)", "N" },
  { "scenario", 's', 0, G_OPTION_ARG_STRING, &opt_scenario,
    "ceiling|me|departments|page|search|apply|all (all)", "NAME" },
  { "search-scaling", 0, 0, G_OPTION_ARG_NONE, &opt_search_scaling,
    "Compare search latency at 10,000 and 1,000,000 entries", NULL },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db_dir,
    "Keep seeded databases in DIR and reuse them (default: a temporary dir)", "DIR" },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    "Exit with 1 on any non-2xx response or missed target", NULL },
  { NULL }
};

/* Generated catalogue: names of 交通运输 data from templates */

static const char * const regions[] = {
  "北京市", "天津市", "河北省", "山西省", "辽宁省", "吉林省", "上海市", "江苏省", "浙江省",
  "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "四川省",
};

/* One provider department per subject; subject 0 (SD_TEST_USCC_PROVIDER)
 * is the department the apply scenario applies to, and a support user
 * decides. */
static const char * const subjects[] = {
  "道路运输", "水路运输", "公路建设", "港口管理", "航道养护", "城市公交", "出租汽车",
  "轨道交通", "交通安全", "工程质量", "运输执法", "邮政快递", "民航运输", "铁路货运",
  "物流枢纽", "交通投资", "路网运行", "应急保障", "船舶检验", "海事监管",
};

static const char * const data_kinds[] = {
  "企业基本信息", "经营许可证", "车辆登记数据", "从业人员资格", "行政处罚记录",
  "统计年报", "监测数据", "信用评价结果", "投诉举报记录", "监督检查记录",
  "项目审批信息", "资金拨付明细", "事故报告", "设施台账", "运行日报",
  "违法违章记录", "培训考核成绩", "设备维护记录", "收费站流量", "客流统计",
  "货运量统计", "应急预案", "安全隐患排查", "环保监测数据", "服务质量考核",
};

#define N_REGIONS    G_N_ELEMENTS (regions)
#define N_SUBJECTS   G_N_ELEMENTS (subjects)
#define N_DATA_KINDS G_N_ELEMENTS (data_kinds)
#define N_TEMPLATES  (N_SUBJECTS * N_DATA_KINDS)

typedef struct {
  guint region;
  guint subject;
  guint kind;
  guint sequence;   /* 1.. within the subject × kind classification */
} EntryShape;

static EntryShape
entry_shape (guint index)
{
  EntryShape shape = {
    .subject = index % N_SUBJECTS,
    .kind = (index / N_SUBJECTS) % N_DATA_KINDS,
    .sequence = index / N_TEMPLATES + 1,
    .region = (index / N_TEMPLATES) % N_REGIONS,
  };

  return shape;
}

static char *
entry_id (guint index)
{
  return g_strdup_printf ("bench-%07u", index);
}

static char *
entry_name (guint index)
{
  EntryShape shape = entry_shape (index);

  return g_strconcat (regions[shape.region], subjects[shape.subject], data_kinds[shape.kind], NULL);
}

/* The department of a subject: 17 characters then the GB 32100 check
 * character, so that they are as valid as real ones. */
static char *
department_uscc (guint subject)
{
  g_autofree char *first17 = NULL;

  if (subject == 0)
    return g_strdup (SD_TEST_USCC_PROVIDER);
  first17 = g_strdup_printf ("111000000%08u", 1000 + subject);
  return g_strdup_printf ("%s%c", first17, sd_identifier_uscc_check_character (first17));
}

static char *
department_name (guint subject)
{
  return g_strdup_printf ("交通运输部%s司", subjects[subject]);
}

static void
add_information_items (SdCatalogueEntry *entry,
                       const EntryShape *shape)
{
  static const char * const item_names[] = { "统一社会信用代码", "名称", "登记日期", "状态" };
  const char * const *type_codes = sd_information_item_type_codes ();
  GListStore *items = sd_catalogue_entry_get_information_items (entry);

  for (gsize i = 0; i < G_N_ELEMENTS (item_names); i++)
    {
      g_autoptr(SdInformationItem) item = sd_information_item_new ();
      g_autofree char *description = g_strdup_printf ("%s的%s", data_kinds[shape->kind], item_names[i]);

      sd_information_item_set_name (item, item_names[i]);
      sd_information_item_set_type_code (item, type_codes[0]);
      sd_information_item_set_length (item, 64);
      sd_information_item_set_description (item, description);
      g_list_store_append (items, item);
    }
}

static SdCatalogueEntry *
bench_entry_new (guint index)
{
  EntryShape shape = entry_shape (index);
  SdCatalogueEntry *entry = sd_catalogue_entry_new ();
  g_autofree char *id = entry_id (index);
  g_autofree char *name = entry_name (index);
  g_autofree char *classification = g_strdup_printf ("307%02u%02u", shape.subject, shape.kind);
  g_autofree char *resource_code = sd_identifier_resource_code_build (classification, shape.sequence);
  g_autofree char *uscc = department_uscc (shape.subject);
  g_autofree char *provider = department_name (shape.subject);
  g_autofree char *abstract = g_strdup_printf ("%s辖区内%s领域的%s，按月归集更新。",
                                               regions[shape.region], subjects[shape.subject],
                                               data_kinds[shape.kind]);
  static const char * const methods[] = { "api", NULL };

  sd_catalogue_entry_set_id (entry, id);
  sd_catalogue_entry_set_classification_code (entry, classification);
  sd_catalogue_entry_set_resource_code (entry, resource_code);
  sd_catalogue_entry_set_name (entry, name);
  sd_catalogue_entry_set_abstract (entry, abstract);
  sd_catalogue_entry_set_provider_name (entry, provider);
  sd_catalogue_entry_set_provider_uscc (entry, uscc);
  sd_catalogue_entry_set_format_kind (entry, "database");
  sd_catalogue_entry_set_format_type (entry, "mysql");
  add_information_items (entry, &shape);
  sd_catalogue_entry_set_share_type (entry, "conditional");
  sd_catalogue_entry_set_share_conditions (entry, "仅限履行法定职责使用");
  sd_catalogue_entry_set_share_scope (entry, "交通运输行业各级管理部门");
  sd_catalogue_entry_set_share_methods (entry, methods);
  sd_catalogue_entry_set_update_cycle (entry, "monthly");
  sd_catalogue_entry_set_source_system (entry, "交通运输综合业务系统");
  sd_catalogue_entry_set_security_level (entry, "general");
  sd_catalogue_entry_set_release_date (entry, "2026-03-01");
  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_PUBLISHED);
  return entry;
}

/* Three-character substrings of generated names (the trigram index finds
 * any of them), the same for every catalogue size: a fixed seed. */
static GPtrArray *
search_terms_new (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);

  while (terms->len < N_SEARCH_TERMS)
    {
      g_autofree char *name = entry_name (g_rand_int_range (rand, 0, N_TEMPLATES * N_REGIONS));
      glong length = g_utf8_strlen (name, -1);
      glong start = g_rand_int_range (rand, 0, length - 2);
      const char *from = g_utf8_offset_to_pointer (name, start);
      const char *to = g_utf8_offset_to_pointer (from, 3);
      g_autofree char *term = g_strndup (from, to - from);

      g_ptr_array_add (terms, g_uri_escape_string (term, NULL, FALSE));
    }
  return terms;
}

/* Seeding */

static void
check (gboolean      ok,
       const GError *error,
       const char   *what)
{
  if (!ok)
    {
      g_printerr ("platform-load: %s: %s\n", what, error != NULL ? error->message : "failed");
      exit (2);
    }
}

static void
seed_department (SdStorage  *storage,
                 const char *uscc,
                 const char *name)
{
  SdDepartment department = {
    .uscc = (char *) uscc,
    .name = (char *) name,
    .responsible_person = (char *) "王五",
    .contact = (char *) "010-65292114",
  };
  g_autoptr(GError) error = NULL;

  check (sd_storage_add_department (storage, &department, &error), error, "adding a department");
}

static void
seed_user (SdStorage  *storage,
           const char *username,
           const char *department,
           SdRole      role,
           const char *password_hash)
{
  SdUser user = {
    .username = (char *) username,
    .display_name = (char *) username,
    .department_uscc = (char *) department,
    .roles = SD_ROLE_MASK (role),
    .password_hash = (char *) password_hash,
  };
  g_autoptr(GError) error = NULL;

  check (sd_storage_add_user (storage, &user, &error), error, "adding a user");
}

static void
seed_accounts (SdStorage *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sd_auth_hash_password (BENCH_PASSWORD, &error);

  check (hash != NULL, error, "hashing the password");
  for (guint subject = 0; subject < N_SUBJECTS; subject++)
    {
      g_autofree char *uscc = department_uscc (subject);
      g_autofree char *name = department_name (subject);

      seed_department (storage, uscc, name);
    }
  seed_department (storage, SD_TEST_USCC_CONSUMER, "交通运输部综合规划司");
  seed_user (storage, BENCH_CONSUMER, SD_TEST_USCC_CONSUMER, SD_ROLE_CONSUMER, hash);
  /* mot-2021: the technical support department reviews conditional
   * applications first (art. 12), so its approval is the decision. */
  seed_user (storage, BENCH_REVIEWER, NULL, SD_ROLE_SUPPORT, hash);
}

typedef struct {
  guint first;
  guint count;
} SeedBatch;

static gboolean
seed_batch_cb (SdStorage  *storage,
               gpointer    data,
               GError    **error)
{
  const SeedBatch *batch = data;

  for (guint index = batch->first; index < batch->first + batch->count; index++)
    {
      g_autoptr(SdCatalogueEntry) entry = bench_entry_new (index);

      if (!sd_storage_add_entry (storage, entry, "bench-seed", error))
        return FALSE;
    }
  return TRUE;
}

static void
seed_entries (SdStorage *storage,
              guint      n_entries)
{
  gint64 started = g_get_monotonic_time ();
  double seconds;

  for (guint first = 0; first < n_entries; first += SEED_BATCH)
    {
      SeedBatch batch = { first, MIN (SEED_BATCH, n_entries - first) };
      g_autoptr(GError) error = NULL;

      check (sd_storage_transaction (storage, seed_batch_cb, &batch, &error), error,
             "seeding entries");
      if ((first / SEED_BATCH) % 10 == 9)
        g_printerr ("  ... %u entries\n", first + batch.count);
    }
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  printf ("seeded %u entries in %.1f s (%.0f entries/s)\n",
          n_entries, seconds, n_entries / MAX (seconds, 1e-6));
}

static void
remove_database (const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", ".seeded" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_printerr ("platform-load: could not remove %s: %s\n", path, g_strerror (errno));
    }
}

/* "DIR/platform-N.db", seeded unless a finished seeding left its marker. */
static char *
prepare_database (const char *dir,
                  guint       n_entries)
{
  g_autofree char *name = g_strdup_printf ("platform-%u.db", n_entries);
  g_autofree char *db_path = g_build_filename (dir, name, NULL);
  g_autofree char *marker = g_strconcat (db_path, ".seeded", NULL);
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    {
      printf ("reusing %s (%u entries)\n", db_path, n_entries);
      return g_steal_pointer (&db_path);
    }

  remove_database (db_path);
  storage = sd_storage_open (db_path, &error);
  check (storage != NULL, error, "opening the database");
  check (sd_storage_init_profile (storage, BENCH_PROFILE, &error), error, "initialising");
  seed_accounts (storage);
  seed_entries (storage, n_entries);
  check (g_file_set_contents (marker, "", 0, &error), error, "writing the seeded marker");
  return g_steal_pointer (&db_path);
}

/* Servers, each in a thread of its own */

typedef GObject *(*ServerCreateFunc) (gpointer   data,
                                      guint16   *port,
                                      GError   **error);
typedef void     (*ServerStopFunc)   (GObject   *server);

typedef struct {
  ServerCreateFunc  create;
  ServerStopFunc    stop;
  gpointer          data;

  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  GMutex            mutex;
  GCond             cond;
  gboolean          ready;
  guint16           port;
  char             *failure;
  clockid_t         cpu_clock;   /* the server thread's CPU time */
} ServerThread;

/* tests/certs/@name, or in $SHAREDESK_TEST_CERTS when set. */
static char *
cert_path (const char *name)
{
  const char *dir = g_getenv ("SHAREDESK_TEST_CERTS");

  return g_build_filename (dir != NULL ? dir : BENCH_CERTS_DIR, name, NULL);
}

static GTlsCertificate *
load_certificate (GError **error)
{
  g_autofree char *cert_file = cert_path ("server.pem");
  g_autofree char *key_file = cert_path ("server-key.pem");

  return g_tls_certificate_new_from_files (cert_file, key_file, error);
}

static void
server_thread_report (ServerThread *server_thread,
                      guint16       port,
                      const GError *error)
{
  g_mutex_lock (&server_thread->mutex);
  server_thread->port = port;
  if (error != NULL)
    server_thread->failure = g_strdup (error->message);
  server_thread->ready = TRUE;
  g_cond_signal (&server_thread->cond);
  g_mutex_unlock (&server_thread->mutex);
}

static gpointer
server_thread_main (gpointer user_data)
{
  ServerThread *server_thread = user_data;
  g_autoptr(GObject) server = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = 0;

  g_main_context_push_thread_default (server_thread->context);
  pthread_getcpuclockid (pthread_self (), &server_thread->cpu_clock);
  server = server_thread->create (server_thread->data, &port, &error);
  server_thread_report (server_thread, port, error);
  if (server != NULL)
    {
      g_main_loop_run (server_thread->loop);
      server_thread->stop (server);
    }
  g_clear_object (&server);
  /* libsoup finishes the connections it closed on the next iterations. */
  while (g_main_context_iteration (server_thread->context, FALSE))
    ;
  g_main_context_pop_thread_default (server_thread->context);
  return NULL;
}

static ServerThread *
server_thread_start (const char       *name,
                     ServerCreateFunc  create,
                     ServerStopFunc    stop,
                     gpointer          data)
{
  ServerThread *server_thread = g_new0 (ServerThread, 1);

  server_thread->create = create;
  server_thread->stop = stop;
  server_thread->data = data;
  g_mutex_init (&server_thread->mutex);
  g_cond_init (&server_thread->cond);
  server_thread->context = g_main_context_new ();
  server_thread->loop = g_main_loop_new (server_thread->context, FALSE);
  server_thread->thread = g_thread_new (name, server_thread_main, server_thread);

  g_mutex_lock (&server_thread->mutex);
  while (!server_thread->ready)
    g_cond_wait (&server_thread->cond, &server_thread->mutex);
  g_mutex_unlock (&server_thread->mutex);
  if (server_thread->failure != NULL)
    {
      g_printerr ("platform-load: the %s server did not start: %s\n", name, server_thread->failure);
      exit (2);
    }
  return server_thread;
}

static void
server_thread_stop (ServerThread *server_thread)
{
  if (server_thread == NULL)
    return;
  g_main_loop_quit (server_thread->loop);
  g_thread_join (server_thread->thread);
  g_main_loop_unref (server_thread->loop);
  g_main_context_unref (server_thread->context);
  g_mutex_clear (&server_thread->mutex);
  g_cond_clear (&server_thread->cond);
  g_free (server_thread->failure);
  g_free (server_thread);
}

/* µs of CPU the server's thread has used: every request of the
 * platform is handled on it (handlers, JSON, SQLite, TLS), so its
 * utilisation says whether the server or the client was the bottleneck. */
static gint64
server_thread_cpu_usec (ServerThread *server_thread)
{
  struct timespec spent;

  if (clock_gettime (server_thread->cpu_clock, &spent) != 0)
    return 0;
  return (gint64) spent.tv_sec * G_USEC_PER_SEC + spent.tv_nsec / 1000;
}

static char *
server_thread_base_url (ServerThread *server_thread)
{
  return g_strdup_printf ("https://127.0.0.1:%u", server_thread->port);
}

/* The platform: every route, over the seeded file. The storage is opened
 * in the server's thread and lives as long as the server (it holds a
 * reference). */
static GObject *
platform_create (gpointer   data,
                 guint16   *port,
                 GError   **error)
{
  const char *db_path = data;
  g_autoptr(SdStorage) storage = sd_storage_open (db_path, error);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SdPlatformServer) server = NULL;

  if (storage == NULL)
    return NULL;
  certificate = load_certificate (error);
  if (certificate == NULL)
    return NULL;
  server = sd_platform_server_new (storage, certificate, NULL, error);
  if (server == NULL)
    return NULL;
  sd_platform_routes_register_all (server);
  if (!sd_platform_server_listen (server, "127.0.0.1", 0, error))
    return NULL;
  *port = sd_platform_server_get_port (server);
  return G_OBJECT (g_steal_pointer (&server));
}

static void
platform_stop (GObject *server)
{
  sd_platform_server_disconnect (SD_PLATFORM_SERVER (server));
}

/* The ceiling: a bare SoupServer over the same TLS, one handler. */
static char ceiling_body[CEILING_BODY_SIZE + 1];

static void
ceiling_body_init (void)
{
  static const char head[] = "{\"items\":[],\"total\":0,\"padding\":\"";
  static const char tail[] = "\"}";
  gsize padding = CEILING_BODY_SIZE - strlen (head) - strlen (tail);

  memset (ceiling_body, 'x', CEILING_BODY_SIZE);
  memcpy (ceiling_body, head, strlen (head));
  memcpy (ceiling_body + strlen (head) + padding, tail, strlen (tail));
  ceiling_body[CEILING_BODY_SIZE] = '\0';
}

static void
ceiling_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    ceiling_body, CEILING_BODY_SIZE);
}

static guint16
listening_port (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  guint16 port = uris != NULL ? g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

static GObject *
ceiling_create (gpointer   data,
                guint16   *port,
                GError   **error)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate (error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  if (certificate == NULL)
    return NULL;
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, "/", ceiling_handler, NULL, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return NULL;
  *port = listening_port (server);
  return G_OBJECT (g_steal_pointer (&server));
}

static void
ceiling_stop (GObject *server)
{
  soup_server_disconnect (SOUP_SERVER (server));
}

/* Clients */

static SoupSession *
client_session_new (guint max_connections)
{
  g_autofree char *ca_file = cert_path ("ca.pem");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  SoupSession *session;

  database = g_tls_file_database_new (ca_file, &error);
  check (database != NULL, error, "loading ca.pem");

  session = soup_session_new_with_options ("timeout", 60,
                                           "max-conns", max_connections,
                                           "max-conns-per-host", max_connections,
                                           NULL);
  /* Only the test CA; and no proxy lookups on loopback. */
  soup_session_set_tls_database (session, database);
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

static JsonObject *
response_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static char *
login (const char *base_url,
       const char *username)
{
  g_autoptr(SoupSession) session = client_session_new (1);
  g_autofree char *uri = g_strconcat (base_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *request = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                              username, BENCH_PASSWORD);
  g_autoptr(GBytes) request_body = g_bytes_new (request, strlen (request));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  check (body != NULL, error, "logging in");
  object = response_object (body);
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED || object == NULL ||
      !json_object_has_member (object, "token"))
    {
      g_printerr ("platform-load: logging in as %s: HTTP %u\n", username, soup_message_get_status (msg));
      exit (2);
    }
  return g_strdup (json_object_get_string_member (object, "token"));
}

/* Scenarios and the kinds of requests they send */

typedef enum {
  SCENARIO_CEILING,
  SCENARIO_ME,
  SCENARIO_DEPARTMENTS,
  SCENARIO_PAGE,
  SCENARIO_SEARCH,
  SCENARIO_APPLY,
  N_SCENARIOS
} Scenario;

static const char * const scenario_names[N_SCENARIOS] = {
  "ceiling", "me", "departments", "page", "search", "apply",
};

typedef enum {
  KIND_CEILING,
  KIND_ME,
  KIND_DEPARTMENTS,
  KIND_PAGE,
  KIND_SEARCH,
  KIND_SUBMIT,
  KIND_DECIDE,
  N_KINDS
} RequestKind;

static const char * const kind_names[N_KINDS] = {
  "ceiling", "me", "departments", "page", "search", "apply-submit", "apply-decide",
};

typedef struct {
  GArray     *latencies;   /* gint64 µs of the successful requests in the window */
  guint64     errors;      /* non-2xx responses and failed exchanges in the window */
  GHashTable *statuses;    /* of the errors: status (0: no response) → count */
} KindStats;

static void
kind_stats_init (KindStats *stats)
{
  stats->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  stats->errors = 0;
  stats->statuses = g_hash_table_new (NULL, NULL);
}

static void
kind_stats_clear (KindStats *stats)
{
  g_clear_pointer (&stats->latencies, g_array_unref);
  g_clear_pointer (&stats->statuses, g_hash_table_unref);
}

static void
kind_stats_add_error (KindStats *stats,
                      guint      status,
                      guint64    count)
{
  gpointer key = GUINT_TO_POINTER (status);
  guint64 before = GPOINTER_TO_SIZE (g_hash_table_lookup (stats->statuses, key));

  stats->errors += count;
  g_hash_table_insert (stats->statuses, key, GSIZE_TO_POINTER (before + count));
}

static void
kind_stats_merge (KindStats       *into,
                  const KindStats *from)
{
  GHashTableIter iter;
  gpointer status, count;

  g_array_append_vals (into->latencies, from->latencies->data, from->latencies->len);
  g_hash_table_iter_init (&iter, from->statuses);
  while (g_hash_table_iter_next (&iter, &status, &count))
    kind_stats_add_error (into, GPOINTER_TO_UINT (status), GPOINTER_TO_SIZE (count));
}

/* What every client thread of a run shares, read-only. */
typedef struct {
  Scenario    scenario;
  const char *base_url;
  const char *consumer_token;
  const char *reviewer_token;
  guint       n_entries;
  GPtrArray  *search_terms;     /* URI-escaped */
  gint64      measure_from;     /* monotonic µs */
  gint64      measure_until;
} Run;

typedef struct _Worker Worker;

typedef struct {
  Worker      *worker;
  RequestKind  kind;
  gint64       started;
  gint64       application_id;  /* apply: submitted, to be decided next; 0 = submit */
} Connection;

struct _Worker {
  const Run    *run;
  guint         n_connections;
  Connection   *connections;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupSession  *session;
  GRand        *rand;
  guint         in_flight;
  KindStats     stats[N_KINDS];
};

static void connection_send (Connection *connection);

/* A request's headers and body go out in two writes: with Nagle's
 * algorithm the body then waits for the server's delayed ACK (tens of
 * milliseconds per POST). Like curl, send at once. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  GIOStream *base = connection;

  if (event != G_SOCKET_CLIENT_CONNECTED)
    return;
  if (G_IS_TLS_CONNECTION (base))
    g_object_get (base, "base-io-stream", &base, NULL);
  else
    g_object_ref (base);
  if (G_IS_SOCKET_CONNECTION (base))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_object_unref (base);
}

static SoupMessage *
request_new (const Run  *run,
             const char *method,
             const char *path,
             const char *token,
             const char *json_body)
{
  g_autofree char *uri = g_strconcat (run->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert (msg != NULL);
  g_signal_connect (msg, "network-event", G_CALLBACK (network_event_cb), NULL);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  if (json_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  return msg;
}

static SoupMessage *
page_request (Worker *worker)
{
  const Run *run = worker->run;
  guint last = run->n_entries > PAGE_LIMIT ? run->n_entries - PAGE_LIMIT : 0;
  guint offset;

  /* People browse the first pages (and search or filter for the rest);
   * an offset costs O(offset) index steps, measured apart with
   * --page-depth 0. */
  if (opt_page_depth > 0)
    last = MIN (last, (guint) opt_page_depth * PAGE_LIMIT - PAGE_LIMIT);
  offset = g_rand_int_range (worker->rand, 0, last + 1);
  g_autofree char *path = g_strdup_printf ("/api/v1/catalogue?offset=%u&limit=%u", offset, PAGE_LIMIT);

  return request_new (run, "GET", path, run->consumer_token, NULL);
}

static SoupMessage *
search_request (Worker *worker)
{
  const Run *run = worker->run;
  const char *term = g_ptr_array_index (run->search_terms,
                                        g_rand_int_range (worker->rand, 0, run->search_terms->len));
  g_autofree char *path = g_strdup_printf ("/api/v1/catalogue?q=%s&limit=%u", term, PAGE_LIMIT);

  return request_new (run, "GET", path, run->consumer_token, NULL);
}

/* An application for an entry of the reviewer's department (subject 0). */
static SoupMessage *
submit_request (Worker *worker)
{
  const Run *run = worker->run;
  guint n_own = MAX (run->n_entries / N_SUBJECTS, 1);
  g_autofree char *id = entry_id (g_rand_int_range (worker->rand, 0, n_own) * N_SUBJECTS);
  g_autofree char *body =
    g_strdup_printf ("{\"entry_id\":\"%s\",\"purpose\":\"%s\"}", id,
                     "用于道路运输企业信用监管和行政许可审查（性能基准测试）");

  return request_new (run, "POST", "/api/v1/applications", run->consumer_token, body);
}

static SoupMessage *
decide_request (Worker *worker,
                gint64  application_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/applications/%" G_GINT64_FORMAT "/actions",
                                           application_id);

  return request_new (worker->run, "POST", path, worker->run->reviewer_token,
                      "{\"action\":\"approve\"}");
}

static SoupMessage *
connection_next_request (Connection *connection)
{
  Worker *worker = connection->worker;
  const Run *run = worker->run;

  switch (run->scenario)
    {
    case SCENARIO_CEILING:
      connection->kind = KIND_CEILING;
      return request_new (run, "GET", "/", NULL, NULL);
    case SCENARIO_ME:
      connection->kind = KIND_ME;
      return request_new (run, "GET", "/api/v1/me", run->consumer_token, NULL);
    case SCENARIO_DEPARTMENTS:
      connection->kind = KIND_DEPARTMENTS;
      return request_new (run, "GET", "/api/v1/departments", run->consumer_token, NULL);
    case SCENARIO_PAGE:
      connection->kind = KIND_PAGE;
      return page_request (worker);
    case SCENARIO_SEARCH:
      connection->kind = KIND_SEARCH;
      return search_request (worker);
    case SCENARIO_APPLY:
      connection->kind = connection->application_id == 0 ? KIND_SUBMIT : KIND_DECIDE;
      return connection->application_id == 0 ? submit_request (worker)
                                              : decide_request (worker, connection->application_id);
    case N_SCENARIOS:
    default:
      g_assert_not_reached ();
    }
}

/* After a submit, the next request of the connection decides it; after a
 * decision (or a failed submit) it submits again. */
static void
connection_advance (Connection *connection,
                    guint       status,
                    GBytes     *body)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *id;

  if (connection->kind != KIND_SUBMIT)
    {
      connection->application_id = 0;
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return;
  object = response_object (body);
  id = object != NULL ? json_object_get_member (object, "id") : NULL;
  /* Case ids are integers; anything else leaves the connection submitting. */
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    connection->application_id = json_node_get_int (id);
}

static void
connection_record (Connection *connection,
                   guint       status,
                   gint64      finished)
{
  Worker *worker = connection->worker;
  KindStats *stats = &worker->stats[connection->kind];
  gint64 latency = finished - connection->started;

  if (connection->started < worker->run->measure_from || finished > worker->run->measure_until)
    return;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    g_array_append_val (stats->latencies, latency);
  else
    kind_stats_add_error (stats, status, 1);
}

static void
connection_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Connection *connection = user_data;
  Worker *worker = connection->worker;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  guint status = body != NULL ? soup_message_get_status (msg) : 0;
  gint64 finished = g_get_monotonic_time ();

  connection_record (connection, status, finished);
  connection_advance (connection, status, body);
  g_object_unref (msg);

  if (finished < worker->run->measure_until)
    {
      connection_send (connection);
      return;
    }
  if (--worker->in_flight == 0)
    g_main_loop_quit (worker->loop);
}

static void
connection_send (Connection *connection)
{
  Worker *worker = connection->worker;
  SoupMessage *msg = connection_next_request (connection);

  connection->started = g_get_monotonic_time ();
  /* The message is unreferenced in connection_done(). */
  soup_session_send_and_read_async (worker->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    connection_done, connection);
}

static gpointer
worker_main (gpointer user_data)
{
  Worker *worker = user_data;

  g_main_context_push_thread_default (worker->context);
  worker->session = client_session_new (worker->n_connections);
  worker->in_flight = worker->n_connections;
  for (guint i = 0; i < worker->n_connections; i++)
    connection_send (&worker->connections[i]);
  g_main_loop_run (worker->loop);

  g_clear_object (&worker->session);
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

static Worker *
worker_start (const Run *run,
              guint      index,
              guint      n_connections)
{
  Worker *worker = g_new0 (Worker, 1);
  g_autofree char *name = g_strdup_printf ("bench-client-%u", index);

  worker->run = run;
  worker->n_connections = n_connections;
  worker->connections = g_new0 (Connection, n_connections);
  for (guint i = 0; i < n_connections; i++)
    worker->connections[i].worker = worker;
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  worker->rand = g_rand_new_with_seed (index + 1);
  for (guint kind = 0; kind < N_KINDS; kind++)
    kind_stats_init (&worker->stats[kind]);
  worker->thread = g_thread_new (name, worker_main, worker);
  return worker;
}

static void
worker_join (Worker    *worker,
             KindStats *totals)
{
  g_thread_join (worker->thread);
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      kind_stats_merge (&totals[kind], &worker->stats[kind]);
      kind_stats_clear (&worker->stats[kind]);
    }
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
  g_rand_free (worker->rand);
  g_free (worker->connections);
  g_free (worker);
}

/* Results */

typedef struct {
  const char *name;
  guint       connections;
  guint64     requests;      /* successful, in the window */
  double      per_second;
  double      p50_ms;
  double      p99_ms;
  guint64     errors;
  char       *error_detail;  /* "HTTP 404 ×1234" or NULL */
  double      server_cpu;    /* the server thread's share of one core in the window */
  double      server_us;     /* its CPU µs per request of the scenario */
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->error_detail, g_free);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest rank. */
static double
percentile_ms (GArray *sorted,
               double  fraction)
{
  gsize rank;

  if (sorted->len == 0)
    return 0;
  rank = (gsize) (fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1000.0;
}

static char *
error_detail (KindStats *stats)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer status, count;

  if (stats->errors == 0)
    return NULL;
  g_hash_table_iter_init (&iter, stats->statuses);
  while (g_hash_table_iter_next (&iter, &status, &count))
    {
      g_autofree char *what = GPOINTER_TO_UINT (status) == 0
        ? g_strdup ("no response")
        : g_strdup_printf ("HTTP %u", GPOINTER_TO_UINT (status));

      g_string_append_printf (text, "%s%s ×%" G_GSIZE_FORMAT, text->len > 0 ? ", " : "",
                              what, GPOINTER_TO_SIZE (count));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static Row
row_from_stats (RequestKind  kind,
                KindStats   *stats,
                guint        connections)
{
  Row row = {
    .name = kind_names[kind],
    .connections = connections,
    .requests = stats->latencies->len,
    .errors = stats->errors,
    .error_detail = error_detail (stats),
  };

  g_array_sort (stats->latencies, compare_gint64);
  row.per_second = (double) (row.requests + row.errors) / opt_duration;
  row.p50_ms = percentile_ms (stats->latencies, 0.50);
  row.p99_ms = percentile_ms (stats->latencies, 0.99);
  return row;
}

/* A server under test, with the tokens of the bench users (NULL for the
 * ceiling). */
typedef struct {
  char         *db_path;
  ServerThread *server;
  char         *base_url;
  char         *consumer_token;
  char         *reviewer_token;
  guint         n_entries;
} Target;

static Target *
platform_start (const char *dir,
                guint       n_entries)
{
  Target *target = g_new0 (Target, 1);

  target->n_entries = n_entries;
  target->db_path = prepare_database (dir, n_entries);
  target->server = server_thread_start ("bench-platform", platform_create, platform_stop,
                                        target->db_path);
  target->base_url = server_thread_base_url (target->server);
  target->consumer_token = login (target->base_url, BENCH_CONSUMER);
  target->reviewer_token = login (target->base_url, BENCH_REVIEWER);
  return target;
}

static Target *
ceiling_start (void)
{
  Target *target = g_new0 (Target, 1);

  target->server = server_thread_start ("bench-ceiling", ceiling_create, ceiling_stop, NULL);
  target->base_url = server_thread_base_url (target->server);
  return target;
}

static void
target_free (Target *target)
{
  if (target == NULL)
    return;
  server_thread_stop (target->server);
  g_free (target->db_path);
  g_free (target->base_url);
  g_free (target->consumer_token);
  g_free (target->reviewer_token);
  g_free (target);
}

static void
sleep_until (gint64 monotonic_usec)
{
  gint64 now = g_get_monotonic_time ();

  if (monotonic_usec > now)
    g_usleep (monotonic_usec - now);
}

/* Runs @scenario for the warm-up and the measured window; appends a row
 * per kind of request it sent to @rows. */
static void
run_scenario (Scenario    scenario,
              Target     *target,
              GPtrArray  *search_terms,
              GArray     *rows)
{
  guint n_threads = CLAMP (opt_threads, 1, opt_connections);
  g_autofree Worker **workers = g_new0 (Worker *, n_threads);
  KindStats totals[N_KINDS];
  Run run = {
    .scenario = scenario,
    .base_url = target->base_url,
    .consumer_token = target->consumer_token,
    .reviewer_token = target->reviewer_token,
    .n_entries = target->n_entries,
    .search_terms = search_terms,
  };
  guint first_row = rows->len;
  guint64 served = 0;
  gint64 cpu_from, cpu_until;

  g_printerr ("running %s: %d connections, %d s warm-up + %d s ...\n",
              scenario_names[scenario], opt_connections, opt_warmup, opt_duration);
  for (guint kind = 0; kind < N_KINDS; kind++)
    kind_stats_init (&totals[kind]);
  run.measure_from = g_get_monotonic_time () + (gint64) opt_warmup * G_USEC_PER_SEC;
  run.measure_until = run.measure_from + (gint64) opt_duration * G_USEC_PER_SEC;
  for (guint i = 0; i < n_threads; i++)
    {
      /* The connections spread evenly: the first threads take the remainder. */
      guint share = opt_connections / n_threads + (i < opt_connections % n_threads ? 1 : 0);

      workers[i] = worker_start (&run, i, share);
    }
  sleep_until (run.measure_from);
  cpu_from = server_thread_cpu_usec (target->server);
  sleep_until (run.measure_until);
  cpu_until = server_thread_cpu_usec (target->server);
  for (guint i = 0; i < n_threads; i++)
    worker_join (workers[i], totals);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      if (totals[kind].latencies->len > 0 || totals[kind].errors > 0)
        {
          Row row = row_from_stats (kind, &totals[kind], opt_connections);

          served += row.requests + row.errors;
          g_array_append_val (rows, row);
        }
      kind_stats_clear (&totals[kind]);
    }
  /* Nothing finished inside the window: say so rather than print nothing. */
  if (rows->len == first_row)
    {
      Row row = { .name = scenario_names[scenario], .connections = opt_connections };

      g_array_append_val (rows, row);
    }
  for (guint i = first_row; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      row->server_cpu = (cpu_until - cpu_from) / ((double) opt_duration * G_USEC_PER_SEC);
      row->server_us = served > 0 ? (cpu_until - cpu_from) / (double) served : 0;
    }
}

static const Row *
find_row (GArray     *rows,
          const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (g_array_index (rows, Row, i).name, name))
      return &g_array_index (rows, Row, i);
  return NULL;
}

static gboolean
print_table (GArray *rows)
{
  const Row *ceiling = find_row (rows, "ceiling");
  gboolean clean = TRUE;

  printf ("\n%-14s %6s %9s %8s %8s %8s %8s %8s %8s %8s %9s\n",
          "scenario", "conns", "requests", "req/s", "p50 ms", "p99 ms", "errors", "ceiling",
          "srv cpu", "srv µs", "srv cap/s");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *ratio = ceiling != NULL && ceiling->per_second > 0
        ? g_strdup_printf ("%.0f%%", 100.0 * row->per_second / ceiling->per_second)
        : g_strdup ("-");

      printf ("%-14s %6u %9" G_GUINT64_FORMAT " %8.0f %8.2f %8.2f %8" G_GUINT64_FORMAT
              " %8s %7.0f%% %8.0f %9.0f\n",
              row->name, row->connections, row->requests, row->per_second,
              row->p50_ms, row->p99_ms, row->errors, ratio,
              100 * row->server_cpu, row->server_us,
              row->server_us > 0 ? G_USEC_PER_SEC / row->server_us : 0);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (row->requests + row->errors == 0)
        {
          clean = FALSE;
          printf ("WARNING: %s: no request finished inside the measured window\n", row->name);
          continue;
        }
      if (row->errors == 0)
        continue;
      clean = FALSE;
      printf ("WARNING: %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
              " responses were not 2xx (%s): its figures do not measure the route\n",
              row->name, row->errors, row->requests + row->errors, row->error_detail);
    }
  return clean;
}

/* The target: page reads at ≥ 50% of the ceiling, p99 < 25 ms. */
static gboolean
print_page_target (GArray *rows)
{
  const Row *ceiling = find_row (rows, "ceiling");
  const Row *page = find_row (rows, "page");
  double ratio;
  gboolean met;

  if (ceiling == NULL || page == NULL || ceiling->per_second <= 0)
    return TRUE;
  if (page->errors > 0 || page->requests == 0)
    {
      printf ("target page ≥ 50%% of ceiling, p99 < 25 ms: NOT MEASURED (errors)\n");
      return FALSE;
    }
  ratio = page->per_second / ceiling->per_second;
  met = ratio >= 0.5 && page->p99_ms < 25.0;
  printf ("target page ≥ 50%% of ceiling, p99 < 25 ms: %s (%.0f%%, p99 %.2f ms;"
          " server capacity %.0f%% of the ceiling server's)\n",
          met ? "MET" : "MISSED", 100 * ratio, page->p99_ms,
          page->server_us > 0 ? 100 * ceiling->server_us / page->server_us : 0);
  return met;
}

/* Driving it */

static gboolean
parse_scenarios (const char *name,
                 gboolean   *wanted)
{
  if (name == NULL || g_str_equal (name, "all"))
    {
      for (guint i = 0; i < N_SCENARIOS; i++)
        wanted[i] = TRUE;
      return TRUE;
    }
  for (guint i = 0; i < N_SCENARIOS; i++)
    if (g_str_equal (name, scenario_names[i]))
      {
        wanted[i] = TRUE;
        return TRUE;
      }
  return FALSE;
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = "unknown";
  g_auto(GStrv) lines = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      lines = g_strsplit (cpuinfo, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "model name") && strchr (lines[i], ':') != NULL)
          {
            model = g_strstrip (strchr (lines[i], ':') + 1);
            break;
          }
    }
  printf ("machine: %u CPUs (%s); client threads: %d\n",
          g_get_num_processors (), model, CLAMP (opt_threads, 1, opt_connections));
}

static gboolean
run_scenarios (const char *dir,
               gboolean   *wanted)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GPtrArray) terms = search_terms_new ();
  Target *platform = NULL;
  Target *ceiling = NULL;
  gboolean ok;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  if (wanted[SCENARIO_CEILING])
    {
      ceiling = ceiling_start ();
      run_scenario (SCENARIO_CEILING, ceiling, terms, rows);
    }
  for (Scenario scenario = SCENARIO_ME; scenario < N_SCENARIOS; scenario++)
    {
      if (!wanted[scenario])
        continue;
      if (platform == NULL)
        platform = platform_start (dir, opt_entries);
      run_scenario (scenario, platform, terms, rows);
    }
  ok = print_table (rows);
  ok = print_page_target (rows) && ok;
  target_free (platform);
  target_free (ceiling);
  return ok;
}

/* Search at 10,000 and at 1,000,000 entries: the latter should cost no
 * more than twice the former. */
static gboolean
run_search_scaling (const char *dir)
{
  static const guint sizes[] = { 10000, 1000000 };
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GPtrArray) terms = search_terms_new ();
  const Row *small, *large;
  gboolean clean, met;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      Target *platform = platform_start (dir, sizes[i]);
      guint first_row = rows->len;

      run_scenario (SCENARIO_SEARCH, platform, terms, rows);
      for (guint row = first_row; row < rows->len; row++)
        g_array_index (rows, Row, row).name = sizes[i] == 10000 ? "search@10k" : "search@1M";
      target_free (platform);
    }
  clean = print_table (rows);
  if (!clean || rows->len != 2)
    {
      printf ("target search@1M ≤ 2× search@10k: NOT MEASURED (errors)\n");
      return FALSE;
    }
  small = &g_array_index (rows, Row, 0);
  large = &g_array_index (rows, Row, 1);
  if (small->p50_ms <= 0 || small->server_us <= 0 || large->per_second <= 0)
    {
      printf ("target search@1M ≤ 2× search@10k: NOT MEASURED (no successful requests)\n");
      return FALSE;
    }
  /* The cost is the server's CPU per search: with client and server on
   * the same cores, latencies also measure the client. */
  met = large->server_us <= 2 * small->server_us;
  printf ("target search@1M ≤ 2× search@10k: %s (server µs/request ×%.2f; p50 ×%.2f,"
          " p99 ×%.2f, req/s ×%.2f)\n",
          met ? "MET" : "MISSED", large->server_us / small->server_us,
          large->p50_ms / small->p50_ms,
          small->p99_ms > 0 ? large->p99_ms / small->p99_ms : 0,
          large->per_second / small->per_second);
  return met;
}

static gboolean
options_valid (void)
{
  return opt_connections >= 1 && opt_duration >= 1 && opt_warmup >= 0 &&
         opt_entries >= PAGE_LIMIT && opt_entries <= 999999 * (int) N_TEMPLATES &&
         opt_threads >= 1;
}

static char *
database_dir (gboolean *temporary)
{
  g_autoptr(GError) error = NULL;
  char *dir;

  *temporary = opt_db_dir == NULL;
  if (opt_db_dir != NULL)
    {
      if (g_mkdir_with_parents (opt_db_dir, 0700) != 0)
        {
          g_printerr ("platform-load: cannot create %s: %s\n", opt_db_dir, g_strerror (errno));
          exit (2);
        }
      return g_strdup (opt_db_dir);
    }
  dir = g_dir_make_tmp ("sharedesk-bench-XXXXXX", &error);
  check (dir != NULL, error, "making a temporary dir");
  return dir;
}

static void
remove_temporary_databases (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— load benchmark of sharedesk-platform");
  g_autoptr(GError) error = NULL;
  gboolean wanted[N_SCENARIOS] = { FALSE, };
  g_autofree char *dir = NULL;
  gboolean temporary;
  gboolean ok;

  g_option_context_add_main_entries (context, option_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !options_valid () ||
      (!opt_search_scaling && !parse_scenarios (opt_scenario, wanted)))
    {
      g_printerr ("platform-load: %s\n", error != NULL ? error->message : "invalid options (see --help)");
      return 2;
    }
  /* Progress goes to stderr: keep the two in order. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  check (sd_auth_init (&error), error, "initialising libsodium");
  ceiling_body_init ();
  print_machine ();

  dir = database_dir (&temporary);
  ok = opt_search_scaling ? run_search_scaling (dir) : run_scenarios (dir, wanted);
  if (temporary)
    remove_temporary_databases (dir);
  return opt_strict && !ok ? 1 : 0;
}
