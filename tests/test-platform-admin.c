/* test-platform-admin.c — departments, users and the audit route over
 * HTTPS: every admin route with the admin, the same with every other role
 * from two departments (403 and an "authz.denied" audit row), validation
 * errors with their field paths, conflicts, and an intact audit chain after
 * all of it. */
#include "config.h"

#include <string.h>

#include "sd-platform-test-utils.h"

typedef struct {
  SdTestPlatform *platform;
  char           *admin;    /* the admin's token */
} Fixture;

/* Everyone the test platform has, but the admin. */
static const char * const other_users[] = {
  "provider-a", "consumer-a", "provider-b", "consumer-b", "support", "supervisor",
};

#define OTHER_DEPARTMENT \
  "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"市交通运输局\"," \
  " \"responsible_person\": \"王局长\", \"contact\": \"0427-1234567\"}"

static void
set_up_profile (Fixture    *fixture,
                const char *profile_id)
{
  fixture->platform = sd_test_platform_start (profile_id, NULL);
  fixture->admin = sd_test_platform_login (fixture->platform, "admin");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up_profile (fixture, data != NULL ? data : "mot-2021");
}

/* After every test: whatever it did, the audit chain still verifies. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db_path = g_strdup (sd_test_platform_db_path (fixture->platform));
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_bad_id = -1;
  guint64 rows = 0;

  g_free (fixture->admin);
  sd_test_platform_stop (fixture->platform);

  storage = sd_storage_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_storage_audit_verify (storage, &first_bad_id, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first_bad_id, ==, 0);
  g_assert_cmpuint (rows, >, 0);
}

static JsonObject *
body_object (SdTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static SdTestResponse *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_test_message ("%s %s %s", method, path, body != NULL ? body : "");
  return sd_test_platform_request (fixture->platform, method, path, token, body);
}

static void
assert_problem_field (SdTestResponse *response,
                      guint           status,
                      const char     *type,
                      const char     *field)
{
  sd_test_assert_problem (response, status, type);
  g_assert_cmpstr (json_object_get_string_member_with_default (body_object (response), "field", NULL),
                   ==, field);
}

static const char *
problem_detail (SdTestResponse *response)
{
  return json_object_get_string_member (body_object (response), "detail");
}

/* Every audit record after @after, paging through the route. */
static JsonArray *
audit_after (Fixture *fixture,
             gint64   after)
{
  JsonArray *all = json_array_new ();

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/audit?after=%" G_GINT64_FORMAT "&limit=50", after);
      g_autoptr(SdTestResponse) page = request (fixture, "GET", path, fixture->admin, NULL);
      JsonArray *records;
      JsonNode *next;

      g_assert_cmpuint (page->status, ==, 200);
      records = json_object_get_array_member (body_object (page), "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (records, i)));
      next = json_object_get_member (body_object (page), "next_after");
      if (JSON_NODE_HOLDS_NULL (next))
        return all;
      after = json_node_get_int (next);
    }
}

static gint64
last_audit_id (Fixture *fixture)
{
  g_autoptr(JsonArray) records = audit_after (fixture, 0);
  guint n = json_array_get_length (records);

  g_assert_cmpuint (n, >, 0);
  return json_object_get_int_member (json_array_get_object_element (records, n - 1), "id");
}

static guint
count_audit (JsonArray  *records,
             const char *actor,
             const char *action,
             const char *object_id)
{
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if ((actor == NULL || g_strcmp0 (json_object_get_string_member (record, "actor"), actor) == 0) &&
          g_strcmp0 (json_object_get_string_member (record, "action"), action) == 0 &&
          (object_id == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (record, "object_id", NULL), object_id) == 0))
        count++;
    }
  return count;
}

/* --- who may do what ------------------------------------------------------ */

typedef struct {
  const char *method;
  const char *path;
  const char *body;
  guint       admin_status;
} AdminRoute;

static const AdminRoute admin_routes[] = {
  { "POST", "/api/v1/departments", OTHER_DEPARTMENT, 201 },
  { "GET", "/api/v1/users", NULL, 200 },
  { "POST", "/api/v1/users",
    "{\"username\": \"new-consumer\", \"display_name\": \"李四\", \"department\": \"" SD_TEST_USCC_CONSUMER "\","
    " \"roles\": [\"consumer\"], \"password\": \"a-long-enough-password\"}", 201 },
  { "GET", "/api/v1/users/provider-a", NULL, 200 },
  { "PATCH", "/api/v1/users/provider-a", "{\"display_name\": \"张三（提供部门）\"}", 200 },
};

static void
test_admin_routes_by_role (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 before = last_audit_id (fixture);
  g_autoptr(JsonArray) records = NULL;

  for (gsize u = 0; u < G_N_ELEMENTS (other_users); u++)
    {
      g_autofree char *token = sd_test_platform_login (fixture->platform, other_users[u]);
      gboolean reads_audit = g_strcmp0 (other_users[u], "supervisor") == 0;
      g_autoptr(SdTestResponse) audit = request (fixture, "GET", "/api/v1/audit", token, NULL);

      for (gsize r = 0; r < G_N_ELEMENTS (admin_routes); r++)
        {
          g_autoptr(SdTestResponse) denied = request (fixture, admin_routes[r].method,
                                                      admin_routes[r].path, token,
                                                      admin_routes[r].body);

          sd_test_assert_problem (denied, 403, SD_PROBLEM_FORBIDDEN);
        }
      /* The audit route: supervisors and admins only. */
      if (reads_audit)
        g_assert_cmpuint (audit->status, ==, 200);
      else
        sd_test_assert_problem (audit, 403, SD_PROBLEM_FORBIDDEN);
    }

  /* Every denial is in the audit log, by the user denied. */
  records = audit_after (fixture, before);
  for (gsize u = 0; u < G_N_ELEMENTS (other_users); u++)
    {
      guint expected = G_N_ELEMENTS (admin_routes) +
                       (g_strcmp0 (other_users[u], "supervisor") == 0 ? 0 : 1);

      g_test_message ("denials of %s", other_users[u]);
      g_assert_cmpuint (count_audit (records, other_users[u], "authz.denied", NULL), ==, expected);
    }
  /* Nothing was changed by the denied requests. */
  g_assert_cmpuint (count_audit (records, NULL, "department.create", NULL), ==, 0);
  g_assert_cmpuint (count_audit (records, NULL, "user.create", NULL), ==, 0);
  g_assert_cmpuint (count_audit (records, NULL, "user.update", NULL), ==, 0);

  /* The admin may do all of it. */
  for (gsize r = 0; r < G_N_ELEMENTS (admin_routes); r++)
    {
      g_autoptr(SdTestResponse) allowed = request (fixture, admin_routes[r].method, admin_routes[r].path,
                                                   fixture->admin, admin_routes[r].body);

      g_assert_cmpuint (allowed->status, ==, admin_routes[r].admin_status);
    }
}

static void
test_departments_readable_by_all (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char *everyone[G_N_ELEMENTS (other_users) + 1];

  memcpy (everyone, other_users, sizeof other_users);
  everyone[G_N_ELEMENTS (other_users)] = "admin";
  for (gsize u = 0; u < G_N_ELEMENTS (everyone); u++)
    {
      g_autofree char *token = sd_test_platform_login (fixture->platform, everyone[u]);
      g_autoptr(SdTestResponse) list = request (fixture, "GET", "/api/v1/departments", token, NULL);
      g_autoptr(SdTestResponse) one = request (fixture, "GET", "/api/v1/departments/" SD_TEST_USCC_CONSUMER,
                                               token, NULL);
      g_autoptr(SdTestResponse) missing = request (fixture, "GET", "/api/v1/departments/" SD_TEST_USCC_OTHER,
                                                   token, NULL);
      JsonArray *departments;
      gboolean found_provider = FALSE, found_consumer = FALSE;

      g_assert_cmpuint (list->status, ==, 200);
      departments = json_object_get_array_member (body_object (list), "departments");
      for (guint i = 0; i < json_array_get_length (departments); i++)
        {
          JsonObject *department = json_array_get_object_element (departments, i);
          const char *uscc = json_object_get_string_member (department, "uscc");

          found_provider |= g_strcmp0 (uscc, SD_TEST_USCC_PROVIDER) == 0;
          found_consumer |= g_strcmp0 (uscc, SD_TEST_USCC_CONSUMER) == 0;
          g_assert_nonnull (json_object_get_string_member (department, "responsible_person"));
        }
      g_assert_true (found_provider && found_consumer);

      g_assert_cmpuint (one->status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (body_object (one), "uscc"), ==, SD_TEST_USCC_CONSUMER);
      sd_test_assert_problem (missing, 404, SD_PROBLEM_NOT_FOUND);
      g_assert_nonnull (strstr (problem_detail (missing), SD_TEST_USCC_OTHER));
    }
}

/* --- departments ------------------------------------------------------------ */

static void
test_create_department (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SdTestResponse) created = request (fixture, "POST", "/api/v1/departments", fixture->admin,
                                               OTHER_DEPARTMENT);
  g_autoptr(SdTestResponse) again = request (fixture, "POST", "/api/v1/departments", fixture->admin,
                                             OTHER_DEPARTMENT);
  g_autoptr(SdTestResponse) read = request (fixture, "GET", "/api/v1/departments/" SD_TEST_USCC_OTHER,
                                            fixture->admin, NULL);
  g_autoptr(JsonArray) records = NULL;
  JsonObject *department;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"),
                   ==, "/api/v1/departments/" SD_TEST_USCC_OTHER);
  department = body_object (created);
  g_assert_cmpstr (json_object_get_string_member (department, "name"), ==, "市交通运输局");
  g_assert_cmpstr (json_object_get_string_member (department, "responsible_person"), ==, "王局长");
  g_assert_cmpstr (json_object_get_string_member (department, "contact"), ==, "0427-1234567");

  assert_problem_field (again, 409, SD_PROBLEM_CONFLICT, NULL);
  g_assert_nonnull (strstr (problem_detail (again), SD_TEST_USCC_OTHER));

  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body_object (read), "name"), ==, "市交通运输局");

  records = audit_after (fixture, 0);
  g_assert_cmpuint (count_audit (records, "admin", "department.create", SD_TEST_USCC_OTHER), ==, 1);
}

typedef struct {
  const char *body;
  guint       status;
  const char *type;
  const char *field;
  const char *detail;   /* a part of the detail, or NULL */
} BadBody;

static const BadBody bad_departments[] = {
  { "{\"uscc\": \"11100000000013127A\", \"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"1\"}",
    422, SD_PROBLEM_VALIDATION, "uscc", "11100000000013127A" },
  { "{\"uscc\": \"1110000000001312\", \"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"1\"}",
    422, SD_PROBLEM_VALIDATION, "uscc", "1110000000001312" },
  { "{\"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"1\"}",
    422, SD_PROBLEM_VALIDATION, "uscc", "统一社会信用代码" },
  { "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"responsible_person\": \"王\", \"contact\": \"1\"}",
    422, SD_PROBLEM_VALIDATION, "name", NULL },
  { "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"局\", \"contact\": \"1\"}",
    422, SD_PROBLEM_VALIDATION, "responsible_person", "mot-2021 art. 22" },
  { "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"  \"}",
    422, SD_PROBLEM_VALIDATION, "contact", "mot-2021 art. 22" },
  { "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"1\", \"phone\": \"2\"}",
    400, SD_PROBLEM_BAD_REQUEST, "phone", "phone" },
  { "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": 5, \"responsible_person\": \"王\", \"contact\": \"1\"}",
    400, SD_PROBLEM_BAD_REQUEST, "name", "a string" },
  { "{\"uscc\": null, \"name\": \"局\", \"responsible_person\": \"王\", \"contact\": \"1\"}",
    400, SD_PROBLEM_BAD_REQUEST, "uscc", "a string" },
  { "[]", 400, SD_PROBLEM_BAD_REQUEST, NULL, "JSON object" },
};

static void
check_bad_bodies (Fixture       *fixture,
                  const char    *method,
                  const char    *path,
                  const BadBody *cases,
                  gsize          n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(SdTestResponse) response = request (fixture, method, path, fixture->admin, cases[i].body);

      assert_problem_field (response, cases[i].status, cases[i].type, cases[i].field);
      if (cases[i].detail != NULL)
        g_assert_nonnull (strstr (problem_detail (response), cases[i].detail));
    }
}

static void
test_department_validation (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SdTestResponse) list = NULL;

  check_bad_bodies (fixture, "POST", "/api/v1/departments", bad_departments, G_N_ELEMENTS (bad_departments));
  /* None of them was stored. */
  list = request (fixture, "GET", "/api/v1/departments", fixture->admin, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body_object (list), "departments")),
                    ==, 2);
}

/* The article cited for the responsible person follows the profile. */
typedef struct {
  const char *profile_id;
  const char *article;   /* NULL: the profile has none */
} ArticleCase;

static const ArticleCase article_cases[] = {
  { "mot-2021", "mot-2021 art. 22" },
  { "state-council-2016", "state-council-2016 art. 23" },
  { "panjin-2016", NULL },
};

static void
test_responsible_person_article (gconstpointer data)
{
  const ArticleCase *article = data;
  Fixture fixture;
  g_autoptr(SdTestResponse) response = NULL;

  set_up_profile (&fixture, article->profile_id);
  response = request (&fixture, "POST", "/api/v1/departments", fixture.admin,
                      "{\"uscc\": \"" SD_TEST_USCC_OTHER "\", \"name\": \"局\", \"contact\": \"1\"}");
  assert_problem_field (response, 422, SD_PROBLEM_VALIDATION, "responsible_person");
  if (article->article != NULL)
    g_assert_nonnull (strstr (problem_detail (response), article->article));
  else
    g_assert_null (strstr (problem_detail (response), "art."));
  fixture_tear_down (&fixture, NULL);
}

/* --- users ---------------------------------------------------------------- */

static void
test_create_user (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *body = "{\"username\": \"wang.wu\", \"display_name\": \"王五\","
                     " \"department\": \"" SD_TEST_USCC_PROVIDER "\","
                     " \"roles\": [\"provider\", \"consumer\"], \"password\": \"" SD_TEST_PASSWORD "\"}";
  g_autoptr(SdTestResponse) created = request (fixture, "POST", "/api/v1/users", fixture->admin, body);
  g_autoptr(SdTestResponse) again = request (fixture, "POST", "/api/v1/users", fixture->admin, body);
  g_autoptr(SdTestResponse) staff = request (fixture, "POST", "/api/v1/users", fixture->admin,
                                             "{\"username\": \"helpdesk\", \"display_name\": \"技术支持\","
                                             " \"roles\": [\"support\"], \"password\": \"helpdesk-password\"}");
  g_autoptr(SdTestResponse) read = request (fixture, "GET", "/api/v1/users/wang.wu", fixture->admin, NULL);
  g_autoptr(SdTestResponse) list = request (fixture, "GET", "/api/v1/users", fixture->admin, NULL);
  g_autoptr(SdTestResponse) missing = request (fixture, "GET", "/api/v1/users/nobody", fixture->admin, NULL);
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) records = NULL;
  JsonObject *user;
  JsonArray *roles, *users;
  gboolean listed = FALSE;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, "/api/v1/users/wang.wu");
  user = body_object (created);
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "wang.wu");
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "王五");
  g_assert_cmpstr (json_object_get_string_member (user, "department"), ==, SD_TEST_USCC_PROVIDER);
  g_assert_false (json_object_has_member (user, "password"));
  g_assert_false (json_object_has_member (user, "password_hash"));
  roles = json_object_get_array_member (user, "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "provider");
  g_assert_cmpstr (json_array_get_string_element (roles, 1), ==, "consumer");

  assert_problem_field (again, 409, SD_PROBLEM_CONFLICT, NULL);
  g_assert_nonnull (strstr (problem_detail (again), "wang.wu"));

  /* Platform staff need no department. */
  g_assert_cmpuint (staff->status, ==, 201);
  g_assert_true (json_object_get_null_member (body_object (staff), "department"));

  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body_object (read), "display_name"), ==, "王五");
  g_assert_cmpuint (list->status, ==, 200);
  users = json_object_get_array_member (body_object (list), "users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    listed |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (users, i), "username"),
                         "wang.wu") == 0;
  g_assert_true (listed);
  sd_test_assert_problem (missing, 404, SD_PROBLEM_NOT_FOUND);

  /* The new user can log in with the password given (SD_TEST_PASSWORD). */
  token = sd_test_platform_login (fixture->platform, "wang.wu");
  g_assert_nonnull (token);

  records = audit_after (fixture, 0);
  g_assert_cmpuint (count_audit (records, "admin", "user.create", "wang.wu"), ==, 1);
  g_assert_cmpuint (count_audit (records, "admin", "user.create", "helpdesk"), ==, 1);
}

#define USER_BODY(username, department, roles, password) \
  "{\"username\": " username ", \"display_name\": \"赵六\", \"department\": " department ", " \
  "\"roles\": " roles ", \"password\": " password "}"

static const BadBody bad_users[] = {
  { USER_BODY ("\"Zhao Liu\"", "null", "[\"support\"]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "username", "Zhao Liu" },
  { USER_BODY ("\"zhao\"", "null", "[\"support\", \"king\"]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "roles[1]", "king" },
  { USER_BODY ("\"zhao\"", "null", "[]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "roles", NULL },
  { USER_BODY ("\"zhao\"", "null", "[\"support\", 3]", "\"zhao-liu-password\""),
    400, SD_PROBLEM_BAD_REQUEST, "roles[1]", "a string" },
  { USER_BODY ("\"zhao\"", "null", "\"support\"", "\"zhao-liu-password\""),
    400, SD_PROBLEM_BAD_REQUEST, "roles", "array" },
  { USER_BODY ("\"zhao\"", "null", "[\"provider\"]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "department", NULL },
  { USER_BODY ("\"zhao\"", "\"" SD_TEST_USCC_OTHER "\"", "[\"consumer\"]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "department", SD_TEST_USCC_OTHER },
  { USER_BODY ("\"zhao\"", "\"" SD_TEST_USCC_OTHER "\"", "[\"supervisor\"]", "\"zhao-liu-password\""),
    422, SD_PROBLEM_VALIDATION, "department", SD_TEST_USCC_OTHER },
  { USER_BODY ("\"zhao\"", "null", "[\"support\"]", "\"short\""),
    422, SD_PROBLEM_VALIDATION, "password", "12" },
  { USER_BODY ("\"zhao\"", "7", "[\"support\"]", "\"zhao-liu-password\""),
    400, SD_PROBLEM_BAD_REQUEST, "department", NULL },
  { "{\"username\": \"zhao\", \"display_name\": \"赵六\", \"roles\": [\"support\"]}",
    422, SD_PROBLEM_VALIDATION, "password", NULL },
  { "{\"username\": \"zhao\", \"display_name\": \"赵六\", \"roles\": [\"support\"],"
    " \"password\": \"zhao-liu-password\", \"admin\": true}",
    400, SD_PROBLEM_BAD_REQUEST, "admin", NULL },
};

static void
test_user_validation (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SdTestResponse) missing = NULL;

  check_bad_bodies (fixture, "POST", "/api/v1/users", bad_users, G_N_ELEMENTS (bad_users));
  missing = request (fixture, "GET", "/api/v1/users/zhao", fixture->admin, NULL);
  sd_test_assert_problem (missing, 404, SD_PROBLEM_NOT_FOUND);
}

static void
test_patch_user (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *old_token = sd_test_platform_login (fixture->platform, "consumer-a");
  g_autoptr(SdTestResponse) renamed = NULL;
  g_autoptr(SdTestResponse) moved = NULL;
  g_autoptr(SdTestResponse) password = NULL;
  g_autoptr(SdTestResponse) old_session = NULL;
  g_autoptr(SdTestResponse) old_password = NULL;
  g_autoptr(SdTestResponse) new_password = NULL;
  g_autoptr(SdTestResponse) nothing = NULL;
  g_autoptr(JsonArray) records = NULL;
  JsonObject *user;
  JsonArray *roles;

  renamed = request (fixture, "PATCH", "/api/v1/users/consumer-a", fixture->admin,
                     "{\"display_name\": \"使用部门联络员\"}");
  g_assert_cmpuint (renamed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body_object (renamed), "display_name"), ==, "使用部门联络员");

  moved = request (fixture, "PATCH", "/api/v1/users/consumer-a", fixture->admin,
                   "{\"roles\": [\"consumer\", \"provider\"], \"department\": \"" SD_TEST_USCC_CONSUMER "\"}");
  g_assert_cmpuint (moved->status, ==, 200);
  user = body_object (moved);
  g_assert_cmpstr (json_object_get_string_member (user, "department"), ==, SD_TEST_USCC_CONSUMER);
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "使用部门联络员");
  roles = json_object_get_array_member (user, "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 2);

  /* A new password ends the sessions of the old one. */
  password = request (fixture, "PATCH", "/api/v1/users/consumer-a", fixture->admin,
                      "{\"password\": \"a-brand-new-password\"}");
  g_assert_cmpuint (password->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (body_object (password), "disabled"));
  old_session = request (fixture, "GET", "/api/v1/me", old_token, NULL);
  sd_test_assert_problem (old_session, 401, SD_PROBLEM_UNAUTHENTICATED);
  old_password = request (fixture, "POST", "/api/v1/session", NULL,
                          "{\"username\": \"consumer-a\", \"password\": \"" SD_TEST_PASSWORD "\"}");
  sd_test_assert_problem (old_password, 401, SD_PROBLEM_UNAUTHENTICATED);
  new_password = request (fixture, "POST", "/api/v1/session", NULL,
                          "{\"username\": \"consumer-a\", \"password\": \"a-brand-new-password\"}");
  g_assert_cmpuint (new_password->status, ==, 201);

  /* An empty change changes nothing and is not audited. */
  nothing = request (fixture, "PATCH", "/api/v1/users/consumer-a", fixture->admin, "{}");
  g_assert_cmpuint (nothing->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body_object (nothing), "username"), ==, "consumer-a");

  records = audit_after (fixture, 0);
  g_assert_cmpuint (count_audit (records, "admin", "user.update", "consumer-a"), ==, 3);
}

static const BadBody bad_patches[] = {
  { "{\"disabled\": \"yes\"}", 400, SD_PROBLEM_BAD_REQUEST, "disabled", "true or false" },
  { "{\"disabled\": 1}", 400, SD_PROBLEM_BAD_REQUEST, "disabled", NULL },
  { "{\"username\": \"renamed\"}", 400, SD_PROBLEM_BAD_REQUEST, "username", NULL },
  { "{\"roles\": [\"emperor\"]}", 422, SD_PROBLEM_VALIDATION, "roles[0]", "emperor" },
  { "{\"department\": null}", 422, SD_PROBLEM_VALIDATION, "department", NULL },
  { "{\"department\": \"" SD_TEST_USCC_OTHER "\"}", 422, SD_PROBLEM_VALIDATION, "department", NULL },
  { "{\"display_name\": \"\"}", 422, SD_PROBLEM_VALIDATION, "display_name", NULL },
  { "{\"password\": \"too-short\"}", 422, SD_PROBLEM_VALIDATION, "password", NULL },
};

static void
test_patch_user_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SdTestResponse) unknown = NULL;
  g_autoptr(SdTestResponse) self_disable = NULL;
  g_autoptr(SdTestResponse) self_demote = NULL;
  g_autoptr(SdTestResponse) me = NULL;

  check_bad_bodies (fixture, "PATCH", "/api/v1/users/provider-a", bad_patches, G_N_ELEMENTS (bad_patches));

  unknown = request (fixture, "PATCH", "/api/v1/users/nobody", fixture->admin, "{\"disabled\": true}");
  sd_test_assert_problem (unknown, 404, SD_PROBLEM_NOT_FOUND);
  g_assert_nonnull (strstr (problem_detail (unknown), "nobody"));

  /* The admin cannot lock themselves out. */
  self_disable = request (fixture, "PATCH", "/api/v1/users/admin", fixture->admin, "{\"disabled\": true}");
  sd_test_assert_problem (self_disable, 409, SD_PROBLEM_CONFLICT);
  self_demote = request (fixture, "PATCH", "/api/v1/users/admin", fixture->admin,
                         "{\"roles\": [\"supervisor\"]}");
  sd_test_assert_problem (self_demote, 409, SD_PROBLEM_CONFLICT);
  me = request (fixture, "GET", "/api/v1/me", fixture->admin, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_object_get_object_member (body_object (me), "user"),
                                                   "roles"), 0), ==, "admin");
}

/* --- the audit route ------------------------------------------------------ */

static void
test_audit_paging (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SdTestResponse) first = NULL;
  g_autoptr(SdTestResponse) second = NULL;
  g_autofree char *next_path = NULL;
  JsonArray *records, *more;
  gint64 next;

  /* Log-ins are audited: enough rows for three pages. */
  for (guint i = 0; i < 3; i++)
    g_free (sd_test_platform_login (fixture->platform, "supervisor"));
  first = request (fixture, "GET", "/api/v1/audit?limit=2", fixture->admin, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  records = json_object_get_array_member (body_object (first), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "id"), ==, 1);
  next = json_object_get_int_member (body_object (first), "next_after");
  g_assert_cmpint (next, ==, 2);
  /* The chain is visible: each row links to the one before. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 1), "prev_hash"),
                   ==, json_object_get_string_member (json_array_get_object_element (records, 0), "hash"));

  next_path = g_strdup_printf ("/api/v1/audit?after=%" G_GINT64_FORMAT "&limit=1", next);
  second = request (fixture, "GET", next_path, fixture->admin, NULL);
  g_assert_cmpuint (second->status, ==, 200);
  more = json_object_get_array_member (body_object (second), "records");
  g_assert_cmpuint (json_array_get_length (more), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (more, 0), "id"), ==, 3);
}

typedef struct {
  const char *query;
  const char *field;
} BadQuery;

static const BadQuery bad_queries[] = {
  { "limit=0", "limit" },
  { "limit=1001", "limit" },
  { "limit=ten", "limit" },
  { "after=-1", "after" },
  { "after=1e3", "after" },
};

static void
test_audit_bad_query (Fixture       *fixture,
                      gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/audit?", bad_queries[i].query, NULL);
      g_autoptr(SdTestResponse) response = request (fixture, "GET", path, fixture->admin, NULL);

      assert_problem_field (response, 400, SD_PROBLEM_BAD_REQUEST, bad_queries[i].field);
    }
}

#define add_platform_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_platform_test ("/platform/admin/routes-by-role", test_admin_routes_by_role);
  add_platform_test ("/platform/admin/departments-readable-by-all", test_departments_readable_by_all);
  add_platform_test ("/platform/admin/department/create", test_create_department);
  add_platform_test ("/platform/admin/department/validation", test_department_validation);
  for (gsize i = 0; i < G_N_ELEMENTS (article_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/platform/admin/department/responsible-person/%s",
                                               article_cases[i].profile_id);

      g_test_add_data_func (path, &article_cases[i], test_responsible_person_article);
    }
  add_platform_test ("/platform/admin/user/create", test_create_user);
  add_platform_test ("/platform/admin/user/validation", test_user_validation);
  add_platform_test ("/platform/admin/user/patch", test_patch_user);
  add_platform_test ("/platform/admin/user/patch-errors", test_patch_user_errors);
  add_platform_test ("/platform/admin/audit/paging", test_audit_paging);
  add_platform_test ("/platform/admin/audit/bad-query", test_audit_bad_query);
  return g_test_run ();
}
