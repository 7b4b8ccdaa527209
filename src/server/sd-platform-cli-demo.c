/* sd-platform-cli-demo.c — `sharedesk-platform demo`: a platform full of
 * realistic data to try the API and the app on.
 *
 * Departments and catalogue entries come from the templates of
 * sd-demo-data.c. The cases are driven through the real core machines
 * (SdApplication, SdObjection, SdRectificationCase, SdChangeRegistration)
 * with requests dated in the past, following short scripts of actions; a
 * script the profile does not allow (forwarding where no stage forwards,
 * escalating where there is no negotiation) is skipped, so every profile
 * gets every state its own machines can reach. Everything is stored
 * through the storage API in one transaction: a demo that fails leaves
 * nothing behind.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sd-application.h"
#include "sd-auth.h"
#include "sd-change-registration.h"
#include "sd-demo-data.h"
#include "sd-objection.h"
#include "sd-platform-cli-private.h"
#include "sd-rectification-case.h"
#include "sd-routes-private.h"
#include "sd-storage-cases.h"
#include "sd-storage-catalogue.h"

#define ACTOR "system"
#define DEFAULT_PASSWORD "sharedesk-demo"
#define MAX_STEPS 4

typedef struct {
  const char *profile_id;
  SdPolicy   *policy;
  SdCalendar *calendar;
  const char *password_hash;
  GDate       today;              /* China */
  gboolean    initialise;         /* the database has no profile yet */
  GPtrArray  *departments;        /* of SdDepartment */
  GPtrArray  *entries;            /* of SdCatalogueEntry */
  GPtrArray  *usernames;          /* of char*, the users created */
  GHashTable *counts;             /* "kind\tstate" → count */
  guint       serial;             /* of the cases made, for dates and choices */
} Demo;

typedef struct {
  const char *steps[MAX_STEPS + 1];
} Script;

static void
count (Demo       *demo,
       const char *kind,
       const char *state)
{
  char *key = g_strconcat (kind, "\t", state, NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (demo->counts, key));

  g_hash_table_replace (demo->counts, key, GUINT_TO_POINTER (n + 1));
}

static SdDepartment *
department_at (Demo  *demo,
               guint  index)
{
  return g_ptr_array_index (demo->departments, index % demo->departments->len);
}

/* Dates */

static void
days_ago (Demo  *demo,
          guint  days,
          GDate *date)
{
  *date = demo->today;
  g_date_subtract_days (date, days);
}

/* The day of the next step of a case: a few days later, never after today. */
static void
next_day (Demo  *demo,
          GDate *date,
          guint  step)
{
  g_date_add_days (date, 1 + (demo->serial + step) % 4);
  if (g_date_compare (date, &demo->today) > 0)
    *date = demo->today;
}

/* Recent cases for the work lists, older ones for overdue stages and
 * authorisations unused for months. */
static void
case_start (Demo     *demo,
            gboolean  old,
            GDate    *date)
{
  if (old)
    days_ago (demo, 120 + (demo->serial * 13) % 90, date);
  else
    days_ago (demo, 5 + (demo->serial * 11) % 50, date);
}

static char *
date_or_null (const GDate *date)
{
  return date != NULL && g_date_valid (date) ? sd_date_to_iso (date) : NULL;
}

/* 10:00 in China on @date, in UTC. */
static GDateTime *
china_morning (const GDate *date)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (china, g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date), 10, 0, 0);

  return g_date_time_to_utc (local);
}

/* Departments and users */

static gboolean
add_departments (SdStorage  *storage,
                 Demo       *demo,
                 GError    **error)
{
  for (guint i = 0; i < demo->departments->len; i++)
    if (!sd_storage_add_department (storage, g_ptr_array_index (demo->departments, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
add_user (SdStorage   *storage,
          Demo        *demo,
          const char  *username,
          const char  *display_name,
          const char  *department_uscc,
          guint        roles,
          GError     **error)
{
  SdUser user = { 0, };

  user.username = (char *) username;
  user.display_name = (char *) display_name;
  user.department_uscc = (char *) department_uscc;
  user.roles = roles;
  user.password_hash = (char *) demo->password_hash;
  if (!sd_storage_add_user (storage, &user, error))
    return FALSE;
  g_ptr_array_add (demo->usernames, g_strdup (username));
  return TRUE;
}

static gboolean
add_department_users (SdStorage  *storage,
                      Demo       *demo,
                      guint       index,
                      GError    **error)
{
  SdDepartment *department = department_at (demo, index);
  g_autofree char *provider = g_strdup_printf ("provider-%02u", index + 1);
  g_autofree char *consumer = g_strdup_printf ("consumer-%02u", index + 1);
  g_autofree char *provider_name = g_strdup_printf ("%s（数据提供）", department->responsible_person);
  g_autofree char *consumer_name = g_strdup_printf ("%s数据使用联络员", department->name);

  return add_user (storage, demo, provider, provider_name, department->uscc,
                   SD_ROLE_MASK (SD_ROLE_PROVIDER), error) &&
         add_user (storage, demo, consumer, consumer_name, department->uscc,
                   SD_ROLE_MASK (SD_ROLE_CONSUMER), error);
}

static gboolean
add_users (SdStorage  *storage,
           Demo       *demo,
           GError    **error)
{
  g_autoptr(SdUser) admin = sd_storage_get_user (storage, "admin", NULL);

  for (guint i = 0; i < SD_DEMO_STAFFED_DEPARTMENTS; i++)
    if (!add_department_users (storage, demo, i, error))
      return FALSE;
  /* A freshly initialised platform keeps its administrator and password. */
  return add_user (storage, demo, "support", "数据共享平台运维支撑", NULL,
                   SD_ROLE_MASK (SD_ROLE_SUPPORT), error) &&
         add_user (storage, demo, "supervisor", "数据共享工作监督检查", NULL,
                   SD_ROLE_MASK (SD_ROLE_SUPERVISOR), error) &&
         (admin != NULL ||
          add_user (storage, demo, "admin", "平台管理员", NULL, SD_ROLE_MASK (SD_ROLE_ADMIN), error));
}

/* Catalogue entries */

static const char *
entry_actor (Demo             *demo,
             SdCatalogueEntry *entry,
             char            **owned)
{
  for (guint i = 0; i < SD_DEMO_STAFFED_DEPARTMENTS; i++)
    if (g_strcmp0 (department_at (demo, i)->uscc, sd_catalogue_entry_get_provider_uscc (entry)) == 0)
      return *owned = g_strdup_printf ("provider-%02u", i + 1);
  return ACTOR;
}

static gboolean
store_in_state (SdStorage         *storage,
                SdCatalogueEntry  *entry,
                SdEntryState       state,
                const char        *actor,
                GError           **error)
{
  sd_catalogue_entry_set_state (entry, state);
  return sd_storage_update_entry (storage, entry, sd_catalogue_entry_get_version (entry),
                                  actor, error);
}

/* Stored as a draft, then submitted and published as a provider does,
 * each step a version. */
static gboolean
add_entry (SdStorage         *storage,
           Demo              *demo,
           SdCatalogueEntry  *entry,
           GError           **error)
{
  SdEntryState target = sd_catalogue_entry_get_state (entry);
  g_autofree char *owned = NULL;
  const char *actor = entry_actor (demo, entry, &owned);

  sd_catalogue_entry_set_state (entry, SD_ENTRY_STATE_DRAFT);
  if (!sd_storage_add_entry (storage, entry, actor, error))
    return FALSE;
  if (target >= SD_ENTRY_STATE_SUBMITTED &&
      !store_in_state (storage, entry, SD_ENTRY_STATE_SUBMITTED, actor, error))
    return FALSE;
  if (target >= SD_ENTRY_STATE_PUBLISHED &&
      !store_in_state (storage, entry, SD_ENTRY_STATE_PUBLISHED, actor, error))
    return FALSE;
  count (demo, "entries", sd_entry_state_to_string (target));
  return TRUE;
}

static gboolean
add_entries (SdStorage  *storage,
             Demo       *demo,
             GError    **error)
{
  for (guint i = 0; i < demo->entries->len; i++)
    if (!add_entry (storage, demo, g_ptr_array_index (demo->entries, i), error))
      return FALSE;
  return TRUE;
}

/* The @n-th published entry of share type @share_type (any when NULL),
 * or NULL when there is none. */
static SdCatalogueEntry *
published_entry (Demo       *demo,
                 const char *share_type,
                 guint       n)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();

  for (guint i = 0; i < demo->entries->len; i++)
    {
      SdCatalogueEntry *entry = g_ptr_array_index (demo->entries, i);

      if (sd_catalogue_entry_get_state (entry) == SD_ENTRY_STATE_PUBLISHED &&
          (share_type == NULL || g_strcmp0 (sd_catalogue_entry_get_share_type (entry), share_type) == 0))
        g_ptr_array_add (matches, entry);
    }
  if (matches->len == 0)
    return NULL;
  return g_ptr_array_index (matches, (n * 7) % matches->len);
}

/* A department with users that may use @entry: a listed recipient of
 * special data, else any staffed department but the provider. */
static const char *
consumer_for (Demo             *demo,
              SdCatalogueEntry *entry)
{
  const char * const *recipients = sd_catalogue_entry_get_share_recipients (entry);
  const char *provider = sd_catalogue_entry_get_provider_uscc (entry);

  if (recipients != NULL && recipients[0] != NULL)
    return recipients[demo->serial % g_strv_length ((char **) recipients)];
  for (guint i = 0; i < SD_DEMO_STAFFED_DEPARTMENTS; i++)
    {
      SdDepartment *department = department_at (demo, (demo->serial + i) % SD_DEMO_STAFFED_DEPARTMENTS);

      if (g_strcmp0 (department->uscc, provider) != 0)
        return department->uscc;
    }
  g_assert_not_reached ();
}

/* Requests */

typedef struct {
  const char *action;
  const char *name;
  const char *value;
} ActionParam;

static const ActionParam action_params[] = {
  { "refuse", "basis", "依据《中华人民共和国数据安全法》第三十八条，申请用途超出申请部门履行职责所需的范围。" },
  { "request-materials", "materials", "加盖公章的数据共享申请函、数据安全保护承诺书和使用场景说明。" },
  { "supply-materials", "note", "已补充上传申请函、安全保护承诺书和使用场景说明。" },
  { "escalate", "reason", "数据为本部门履行监管职责所必需，请求上一级协调。" },
  { "reopen", "reason", "答复所称已更正的记录在最新数据中仍然存在错误。" },
  { "return", "reason", "整改材料未说明数据更新机制，请补充后重新提交。" },
  { "answer", "reply", "已对相关记录逐条核实，并在下一更新周期内同步到共享平台。" },
  { "respond", "plan", "一、梳理目录与数据差异；二、补齐缺失字段；三、建立按月更新机制。" },
  { "respond", "evidence", "整改工作方案及数据更新记录已上传。" },
};

static SdWorkflowRequest *
new_request (const char  *action,
             SdRole       role,
             const char  *department,
             const GDate *date)
{
  SdWorkflowRequest *request = sd_workflow_request_new (action, role, department, date);

  for (gsize i = 0; i < G_N_ELEMENTS (action_params); i++)
    if (g_str_equal (action_params[i].action, action))
      sd_workflow_request_set (request, action_params[i].name, action_params[i].value);
  return request;
}

static gboolean
is_consumer_action (const char *action)
{
  static const char * const actions[] = {
    "withdraw", "escalate", "supply-materials", "acknowledge-agreement", "close", "reopen", NULL
  };

  return g_strv_contains (actions, action);
}

static const char *
department_of_role (SdRole      role,
                    const char *provider,
                    const char *consumer)
{
  if (role == SD_ROLE_PROVIDER)
    return provider;
  if (role == SD_ROLE_CONSUMER)
    return consumer;
  return NULL;
}

static char *
json_text (JsonNode *node)
{
  char *text = json_to_string (node, FALSE);

  json_node_unref (node);
  return text;
}

static gboolean
store_case (SdStorage     *storage,
            SdCaseRecord  *record,
            const GDate   *due,
            JsonNode      *json,
            GError       **error)
{
  record->due_date = date_or_null (due);
  record->json = json_text (json);
  return sd_storage_add_case (storage, record, error);
}

/* Applications */

static const Script application_scripts[] = {
  { { NULL } },
  { { "approve" } },
  { { "approve", "approve" } },
  { { "forward" } },
  { { "forward", "approve" } },
  { { "request-materials" } },
  { { "request-materials", "supply-materials" } },
  { { "approve", "request-materials" } },
  { { "refuse" } },
  { { "approve", "refuse" } },
  { { "forward", "refuse" } },
  { { "refuse", "escalate" } },
  { { "refuse", "escalate", "approve" } },
  { { "refuse", "escalate", "refuse", "escalate" } },
  { { "approve", "delegate" } },
  { { "approve", "delegate", "approve" } },
  { { "withdraw" } },
  { { "approve", "withdraw" } },
  { { "acknowledge-agreement" } },
  { { "approve", "acknowledge-agreement" } },
  { { "approve", "approve", "acknowledge-agreement" } },
  { { "forward", "approve", "acknowledge-agreement" } },
};

static const char * const purposes[] = {
  "开展跨部门联合监管，核验市场主体资质和经营状况。",
  "办理政务服务事项时核验申请人信息，实现材料免提交。",
  "编制年度统计分析报告，支撑行业运行监测。",
  "开展信用分级分类监管，实施守信激励和失信惩戒。",
};

static SdWorkflowRequest *
application_request (SdApplication *application,
                     const char    *action,
                     const GDate   *date)
{
  const char *provider = sd_application_get_provider (application);
  const char *consumer = sd_application_get_consumer (application);
  SdRole role = sd_application_get_current_role (application);

  if (is_consumer_action (action))
    role = SD_ROLE_CONSUMER;
  else if (g_str_equal (action, "delegate"))
    role = SD_ROLE_PROVIDER;
  return new_request (action, role, department_of_role (role, provider, consumer), date);
}

/* Runs @script on a new application; NULL when the profile does not allow
 * one of its steps. */
static SdApplication *
run_application (Demo             *demo,
                 SdCatalogueEntry *entry,
                 const char       *purpose_kind,
                 const Script     *script,
                 gboolean          old)
{
  g_autoptr(SdWorkflowRequest) submit = NULL;
  g_autoptr(SdApplication) application = NULL;
  GDate date;

  case_start (demo, old, &date);
  submit = new_request ("submit", SD_ROLE_CONSUMER, consumer_for (demo, entry), &date);
  sd_workflow_request_set (submit, "purpose", purposes[demo->serial % G_N_ELEMENTS (purposes)]);
  sd_workflow_request_set (submit, "purpose_kind", purpose_kind);
  application = sd_application_new (demo->policy, demo->calendar, entry, submit, NULL);
  if (application == NULL)
    return NULL;
  for (guint i = 0; script->steps[i] != NULL; i++)
    {
      g_autoptr(SdWorkflowRequest) request = NULL;

      next_day (demo, &date, i);
      request = application_request (application, script->steps[i], &date);
      if (!sd_application_apply (application, request, NULL))
        return NULL;
    }
  return g_steal_pointer (&application);
}

/* Granted on the day of the last step; the old ones never used since. */
static gboolean
add_authorisation (SdStorage      *storage,
                   Demo           *demo,
                   SdApplication  *application,
                   gint64          application_id,
                   gboolean        old,
                   GError        **error)
{
  GPtrArray *history = sd_application_get_history (application);
  SdWorkflowEvent *last = g_ptr_array_index (history, history->len - 1);
  g_autoptr(SdAuthorisation) authorisation = g_new0 (SdAuthorisation, 1);
  GDate used;

  authorisation->application_id = application_id;
  authorisation->entry_id = g_strdup (sd_application_get_entry_id (application));
  authorisation->consumer_uscc = g_strdup (sd_application_get_consumer (application));
  authorisation->provider_uscc = g_strdup (sd_application_get_provider (application));
  authorisation->granted_at = china_morning (&last->date);
  if (!old || demo->serial % 2 == 0)
    {
      days_ago (demo, demo->serial % 5, &used);
      authorisation->last_used_at = china_morning (&used);
    }
  if (!sd_storage_add_authorisation (storage, authorisation, error))
    return FALSE;
  count (demo, "authorisations", authorisation->last_used_at != NULL ? "used" : "never-used");
  return TRUE;
}

static gboolean
store_application (SdStorage      *storage,
                   Demo           *demo,
                   SdApplication  *application,
                   gboolean        old,
                   GError        **error)
{
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  const char *state = sd_application_get_state (application);

  record->kind = SD_CASE_APPLICATION;
  record->entry_id = g_strdup (sd_application_get_entry_id (application));
  record->consumer_uscc = g_strdup (sd_application_get_consumer (application));
  record->provider_uscc = g_strdup (sd_application_get_provider (application));
  record->state = g_strdup (state);
  record->current_role = sd_application_get_current_role (application);
  record->current_department = g_strdup (sd_application_get_current_department (application));
  if (!store_case (storage, record, sd_application_get_due_date (application),
                   sd_application_to_json (application), error))
    return FALSE;
  count (demo, "applications", state);
  return !g_str_equal (state, "authorised") ||
         add_authorisation (storage, demo, application, record->id, old, error);
}

/* Every script on entries of @share_type, twice (recent and old) when the
 * profile allows it. */
static gboolean
add_applications_of (SdStorage          *storage,
                     Demo               *demo,
                     const SdShareType  *share_type,
                     const char         *purpose_kind,
                     GError            **error)
{
  for (gsize s = 0; s < G_N_ELEMENTS (application_scripts); s++)
    for (int old = 0; old < 2; old++)
      {
        SdCatalogueEntry *entry = published_entry (demo, share_type->id, demo->serial++);
        g_autoptr(SdApplication) application = NULL;

        if (entry == NULL)
          return TRUE;
        application = run_application (demo, entry, purpose_kind, &application_scripts[s], old);
        if (application == NULL)
          break;
        if (!store_application (storage, demo, application, old, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
add_applications (SdStorage  *storage,
                  Demo       *demo,
                  GError    **error)
{
  GPtrArray *share_types = sd_policy_get_share_types (demo->policy);

  for (guint i = 0; i < share_types->len; i++)
    {
      const SdShareType *share_type = g_ptr_array_index (share_types, i);

      if (!add_applications_of (storage, demo, share_type, "duty", error))
        return FALSE;
      /* Development use has a route of its own for data granted at once
       * (panjin-2016 art. 24). */
      if (share_type->stages->len == 0 && !share_type->negotiation &&
          !add_applications_of (storage, demo, share_type, "development", error))
        return FALSE;
    }
  return TRUE;
}

/* Objections */

static const Script objection_scripts[] = {
  { { NULL } },
  { { "answer" } },
  { { "answer", "close" } },
  { { "answer", "reopen" } },
  { { "forward" } },
  { { "forward", "answer" } },
  { { "forward", "answer", "close" } },
};

static const char * const objection_results[] = { "confirmed", "corrected", "rejected" };

static SdObjection *
run_objection (Demo             *demo,
               SdCatalogueEntry *entry,
               const Script     *script,
               gboolean          old)
{
  g_autoptr(SdWorkflowRequest) raise = NULL;
  g_autoptr(SdObjection) objection = NULL;
  GDate date;

  case_start (demo, old, &date);
  raise = new_request ("raise", SD_ROLE_CONSUMER, consumer_for (demo, entry), &date);
  sd_workflow_request_set (raise, "description",
                           "部分记录的统一社会信用代码与登记信息不一致，且有效期字段为空。");
  sd_workflow_request_set (raise, "evidence", "抽查记录清单（共23条）");
  objection = sd_objection_new (demo->policy, demo->calendar, entry, raise, NULL);
  if (objection == NULL)
    return NULL;
  for (guint i = 0; script->steps[i] != NULL; i++)
    {
      const char *action = script->steps[i];
      SdRole role = is_consumer_action (action) ? SD_ROLE_CONSUMER
                                                : sd_objection_get_current_role (objection);
      g_autoptr(SdWorkflowRequest) request = NULL;

      next_day (demo, &date, i);
      request = new_request (action, role,
                             department_of_role (role, sd_objection_get_provider (objection),
                                                 sd_objection_get_consumer (objection)),
                             &date);
      if (g_str_equal (action, "answer"))
        sd_workflow_request_set (request, "result",
                                 objection_results[demo->serial % G_N_ELEMENTS (objection_results)]);
      if (!sd_objection_apply (objection, request, NULL))
        return NULL;
    }
  return g_steal_pointer (&objection);
}

static gboolean
store_objection (SdStorage         *storage,
                 Demo              *demo,
                 SdCatalogueEntry  *entry,
                 SdObjection       *objection,
                 GError           **error)
{
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  const char *state = sd_objection_get_state (objection);

  record->kind = SD_CASE_OBJECTION;
  record->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  record->consumer_uscc = g_strdup (sd_objection_get_consumer (objection));
  record->provider_uscc = g_strdup (sd_objection_get_provider (objection));
  record->state = g_strdup (state);
  record->current_role = sd_objection_get_current_role (objection);
  record->current_department = g_strdup (department_of_role (record->current_role,
                                                             record->provider_uscc,
                                                             record->consumer_uscc));
  if (!store_case (storage, record, sd_objection_get_due_date (objection),
                   sd_objection_to_json (objection), error))
    return FALSE;
  count (demo, "objections", state);
  return TRUE;
}

static gboolean
add_objections (SdStorage  *storage,
                Demo       *demo,
                GError    **error)
{
  for (gsize s = 0; s < G_N_ELEMENTS (objection_scripts); s++)
    for (int old = 0; old < 2; old++)
      {
        SdCatalogueEntry *entry = published_entry (demo, NULL, demo->serial++);
        g_autoptr(SdObjection) objection = run_objection (demo, entry, &objection_scripts[s], old);

        if (objection == NULL)
          break;
        if (!store_objection (storage, demo, entry, objection, error))
          return FALSE;
      }
  return TRUE;
}

/* Rectification cases */

static const Script rectification_scripts[] = {
  { { NULL } },
  { { "respond" } },
  { { "respond", "accept" } },
  { { "escalate" } },
  { { "respond", "return" } },
  { { "respond", "escalate" } },
  { { "escalate", "respond" } },
};

static const char *
policy_item_id (GPtrArray *items,
                guint      n)
{
  const SdPolicyItem *item = g_ptr_array_index (items, n % items->len);

  return item->id;
}

/* The notice's time limit: 20 days after @date. */
static void
set_due_after (SdWorkflowRequest *request,
               const GDate       *date)
{
  GDate due = *date;
  g_autofree char *text = NULL;

  g_date_add_days (&due, 20);
  text = sd_date_to_iso (&due);
  sd_workflow_request_set (request, "due_date", text);
}

static SdWorkflowRequest *
rectification_request (Demo                *demo,
                       SdRectificationCase *rectification,
                       const char          *action,
                       const GDate         *date)
{
  SdWorkflowRequest *request;

  if (g_str_equal (action, "respond"))
    return new_request (action, SD_ROLE_PROVIDER,
                        sd_rectification_case_get_department (rectification), date);
  request = new_request (action, SD_ROLE_SUPERVISOR, NULL, date);
  if (g_str_equal (action, "return"))
    set_due_after (request, date);
  if (g_str_equal (action, "escalate"))
    {
      sd_workflow_request_set (request, "sanction",
                               policy_item_id (sd_policy_get_sanctions (demo->policy), demo->serial));
      sd_workflow_request_set (request, "reason", "逾期未按通知要求完成整改。");
    }
  return request;
}

static SdRectificationCase *
run_rectification (Demo         *demo,
                   const Script *script,
                   gboolean      old)
{
  g_autoptr(SdWorkflowRequest) open = NULL;
  g_autoptr(SdRectificationCase) rectification = NULL;
  GDate date;

  case_start (demo, old, &date);
  open = new_request ("open", SD_ROLE_SUPERVISOR, NULL, &date);
  sd_workflow_request_set (open, "department", department_at (demo, demo->serial)->uscc);
  sd_workflow_request_set (open, "violation_kind",
                           policy_item_id (sd_policy_get_violation_kinds (demo->policy), demo->serial));
  sd_workflow_request_set (open, "description",
                           "季度检查发现目录中部分数据长期未更新，与实际掌握的数据不一致。");
  set_due_after (open, &date);
  rectification = sd_rectification_case_new (demo->policy, demo->calendar, open, NULL);
  if (rectification == NULL)
    return NULL;
  for (guint i = 0; script->steps[i] != NULL; i++)
    {
      g_autoptr(SdWorkflowRequest) request = NULL;

      next_day (demo, &date, i);
      request = rectification_request (demo, rectification, script->steps[i], &date);
      if (!sd_rectification_case_apply (rectification, request, NULL))
        return NULL;
    }
  return g_steal_pointer (&rectification);
}

static gboolean
store_rectification (SdStorage            *storage,
                     Demo                 *demo,
                     SdRectificationCase  *rectification,
                     GError              **error)
{
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  const char *state = sd_rectification_case_get_state (rectification);
  const char *department = sd_rectification_case_get_department (rectification);

  record->kind = SD_CASE_RECTIFICATION;
  record->consumer_uscc = g_strdup (department);
  record->state = g_strdup (state);
  record->current_role = sd_rectification_case_get_current_role (rectification);
  record->current_department = g_strdup (department_of_role (record->current_role,
                                                             department, department));
  if (!store_case (storage, record, sd_rectification_case_get_due_date (rectification),
                   sd_rectification_case_to_json (rectification), error))
    return FALSE;
  count (demo, "rectifications", state);
  return TRUE;
}

static gboolean
add_rectifications (SdStorage  *storage,
                    Demo       *demo,
                    GError    **error)
{
  for (gsize s = 0; s < G_N_ELEMENTS (rectification_scripts); s++)
    for (int old = 0; old < 2; old++)
      {
        g_autoptr(SdRectificationCase) rectification = NULL;

        demo->serial++;
        rectification = run_rectification (demo, &rectification_scripts[s], old);
        if (rectification == NULL)
          break;
        if (!store_rectification (storage, demo, rectification, error))
          return FALSE;
      }
  return TRUE;
}

/* Change registrations */

typedef struct {
  guint       registered_days_ago;
  const char *then;              /* "take-effect", "withdraw" or NULL */
  guint       then_days_ago;
} RegistrationScript;

/* Effective dates 100 days after registration: beyond mot-2021's three
 * months of notice (art. 9) even for data in use. */
static const RegistrationScript registration_scripts[] = {
  { 10, NULL, 0 },
  { 200, "take-effect", 95 },
  { 40, "withdraw", 3 },
};

static guint
active_authorisations (SdStorage         *storage,
                       SdCatalogueEntry  *entry,
                       GError           **error)
{
  g_autoptr(GPtrArray) list = sd_storage_list_authorisations (storage, NULL,
                                                              sd_catalogue_entry_get_id (entry),
                                                              TRUE, NULL, error);

  return list != NULL ? list->len : 0;
}

static SdChangeRegistration *
run_registration (SdStorage                 *storage,
                  Demo                      *demo,
                  SdCatalogueEntry          *entry,
                  const RegistrationScript  *script,
                  GError                   **error)
{
  const char *provider = sd_catalogue_entry_get_provider_uscc (entry);
  g_autoptr(SdWorkflowRequest) registration = NULL;
  g_autoptr(SdChangeRegistration) change = NULL;
  g_autofree char *effective_text = NULL;
  GDate date, effective;
  guint in_use;

  in_use = active_authorisations (storage, entry, error);
  if (error != NULL && *error != NULL)
    return NULL;
  days_ago (demo, script->registered_days_ago, &date);
  effective = date;
  g_date_add_days (&effective, 100);
  effective_text = sd_date_to_iso (&effective);
  registration = new_request ("register", SD_ROLE_PROVIDER, provider, &date);
  sd_workflow_request_set (registration, "description",
                           "按新版数据标准调整信息项，增加数据更新时间字段。");
  sd_workflow_request_set (registration, "effective_date", effective_text);
  change = sd_change_registration_new (demo->policy, entry, in_use, registration, error);
  if (change == NULL)
    return NULL;
  if (script->then != NULL)
    {
      g_autoptr(SdWorkflowRequest) request = NULL;

      days_ago (demo, script->then_days_ago, &date);
      request = new_request (script->then, SD_ROLE_PROVIDER, provider, &date);
      if (!sd_change_registration_apply (change, request, error))
        return NULL;
    }
  return g_steal_pointer (&change);
}

static gboolean
store_registration (SdStorage             *storage,
                    Demo                  *demo,
                    SdCatalogueEntry      *entry,
                    SdChangeRegistration  *change,
                    GError               **error)
{
  g_autoptr(SdCaseRecord) record = g_new0 (SdCaseRecord, 1);
  const char *state = sd_change_registration_get_state (change);
  gboolean open = g_str_equal (state, "registered");

  record->kind = SD_CASE_CHANGE_REGISTRATION;
  record->entry_id = g_strdup (sd_catalogue_entry_get_id (entry));
  record->provider_uscc = g_strdup (sd_catalogue_entry_get_provider_uscc (entry));
  record->state = g_strdup (state);
  record->current_role = open ? SD_ROLE_PROVIDER : SD_ROLE_INVALID;
  record->current_department = open ? g_strdup (record->provider_uscc) : NULL;
  if (!store_case (storage, record, NULL, sd_change_registration_to_json (change), error))
    return FALSE;
  count (demo, "change-registrations", state);
  return TRUE;
}

/* The registrations' scripts suit every profile: a failure is a bug. */
static gboolean
add_registrations (SdStorage  *storage,
                   Demo       *demo,
                   GError    **error)
{
  for (gsize s = 0; s < G_N_ELEMENTS (registration_scripts); s++)
    for (guint copy = 0; copy < 2; copy++)
      {
        SdCatalogueEntry *entry = published_entry (demo, NULL, demo->serial++);
        g_autoptr(SdChangeRegistration) change = run_registration (storage, demo, entry,
                                                                   &registration_scripts[s], error);

        if (change == NULL || !store_registration (storage, demo, entry, change, error))
          return FALSE;
      }
  return TRUE;
}

/* Summary */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "kind\tstate" keys in order. */
static GPtrArray *
sorted_count_keys (Demo *demo)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, demo->counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* {"departments": 22, "users": 19, "entries": {"published": 270, …}, …} */
static JsonNode *
summary_to_json (Demo *demo)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = sorted_count_keys (demo);
  g_autofree char *open_kind = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, demo->profile_id);
  json_builder_set_member_name (builder, "departments");
  json_builder_add_int_value (builder, demo->departments->len);
  json_builder_set_member_name (builder, "users");
  json_builder_add_int_value (builder, demo->usernames->len);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (keys, i), "\t", 2);

      if (g_strcmp0 (open_kind, parts[0]) != 0)
        {
          if (open_kind != NULL)
            json_builder_end_object (builder);
          g_free (open_kind);
          open_kind = g_strdup (parts[0]);
          json_builder_set_member_name (builder, parts[0]);
          json_builder_begin_object (builder);
        }
      json_builder_set_member_name (builder, parts[1]);
      json_builder_add_int_value (builder,
                                  GPOINTER_TO_UINT (g_hash_table_lookup (demo->counts,
                                                                         g_ptr_array_index (keys, i))));
    }
  if (open_kind != NULL)
    json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
load_demo (SdStorage  *storage,
           gpointer    data,
           GError    **error)
{
  Demo *demo = data;
  g_autoptr(JsonNode) summary = NULL;

  if (demo->initialise &&
      (!sd_storage_init_profile (storage, demo->profile_id, error) ||
       !sd_storage_audit_append (storage, ACTOR, "platform.init", "profile",
                                 demo->profile_id, NULL, error)))
    return FALSE;
  if (!add_departments (storage, demo, error) ||
      !add_users (storage, demo, error) ||
      !add_entries (storage, demo, error) ||
      !add_applications (storage, demo, error) ||
      !add_objections (storage, demo, error) ||
      !add_rectifications (storage, demo, error) ||
      !add_registrations (storage, demo, error))
    return FALSE;
  summary = summary_to_json (demo);
  return sd_storage_audit_append (storage, ACTOR, "demo.load", "profile", demo->profile_id,
                                  summary, error);
}

static void
print_summary (Demo       *demo,
               const char *db,
               gboolean    default_password)
{
  g_autoptr(GPtrArray) keys = sorted_count_keys (demo);
  g_autofree char *users = NULL;

  g_ptr_array_add (demo->usernames, NULL);
  users = g_strjoinv (", ", (char **) demo->usernames->pdata);
  g_ptr_array_remove_index (demo->usernames, demo->usernames->len - 1);

  /* Translators: the first %s is a file name, the second a profile id, the
   * third the profile's name */
  g_print (_("Loaded the demo platform into %s for the profile %s (%s):"),
           db, demo->profile_id, sd_policy_get_label (demo->policy));
  g_print ("\n");
  /* Translators: %u is a number of departments */
  g_print (g_dngettext (GETTEXT_PACKAGE, "  %u department", "  %u departments",
                        demo->departments->len), demo->departments->len);
  g_print ("\n");
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (keys, i), "\t", 2);

      /* The kinds and states are wire names, as the API writes them. */
      g_print ("  %-22s %-22s %4u\n", parts[0], parts[1],
               GPOINTER_TO_UINT (g_hash_table_lookup (demo->counts, g_ptr_array_index (keys, i))));
    }
  /* Translators: %s is a list of usernames */
  g_print (_("Users: %s"), users);
  g_print ("\n");
  if (default_password)
    {
      /* Translators: %s is the demo password */
      g_print (_("Every demo user’s password is “%s”."), DEFAULT_PASSWORD);
      g_print ("\n");
    }
  else
    {
      g_print ("%s", _("Every demo user’s password is the one in the password file."));
      g_print ("\n");
    }
}

/* Setup */

/* TRUE when @storage may take the demo; *initialise when it has no profile
 * yet. Prints why not. */
static gboolean
check_database (SdStorage  *storage,
                const char *db,
                const char *profile_id,
                gboolean   *initialise)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autofree char *existing = sd_storage_get_profile_id (storage, &error);

  *initialise = existing == NULL;
  if (existing == NULL && !g_error_matches (error, SD_STORAGE_ERROR, SD_STORAGE_ERROR_NOT_INITIALISED))
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The database “%s” cannot be used: %s"), db, error->message);
      return FALSE;
    }
  g_clear_error (&error);
  if (existing != NULL && !g_str_equal (existing, profile_id))
    {
      /* Translators: the first %s is a file name, the second and third profile ids */
      _sd_platform_cli_error (_("The database “%s” runs the profile %s, not %s: a platform runs one profile for its whole life."),
                              db, existing, profile_id);
      return FALSE;
    }
  departments = sd_storage_list_departments (storage, &error);
  if (departments == NULL)
    {
      _sd_platform_cli_error ("%s", error->message);
      return FALSE;
    }
  if (departments->len > 0)
    {
      /* Translators: %s is a file name */
      _sd_platform_cli_error (_("The database “%s” has departments already: the demo only goes into a new or freshly initialised platform."),
                              db);
      return FALSE;
    }
  return TRUE;
}

/* The built-in years and those imported into the platform, as the
 * server's. */
static SdCalendar *
load_calendar (SdStorage  *storage,
               GError    **error)
{
  g_autoptr(SdCalendar) calendar = sd_calendar_new_builtin (error);
  g_autoptr(GHashTable) years = NULL;
  GHashTableIter iter;
  gpointer json;

  if (calendar == NULL)
    return NULL;
  years = sd_storage_list_calendar_years (storage, error);
  if (years == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, years);
  while (g_hash_table_iter_next (&iter, NULL, &json))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      if (!sd_calendar_load_year_data (calendar, bytes, error))
        return NULL;
    }
  return g_steal_pointer (&calendar);
}

static void
china_today (GDate *today)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (china);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

/* The demo users' password: the password file's, checked for strength,
 * or the documented default. NULL after saying why. */
static char *
read_demo_password (const char *password_file)
{
  if (password_file == NULL)
    return g_strdup (DEFAULT_PASSWORD);
  return _sd_platform_cli_read_password ("demo", password_file);
}

/* argon2id is slow on purpose: one hash serves every demo user. */
static char *
hash_demo_password (char *password)
{
  g_autoptr(GError) error = NULL;
  char *hash = sd_auth_hash_password (password, &error);

  memset (password, 0, strlen (password));
  if (hash == NULL)
    _sd_platform_cli_error ("%s", error->message);
  return hash;
}

static SdPolicy *
load_policy (const char *profile_id)
{
  g_autoptr(GError) error = NULL;
  SdPolicy *policy = sd_policy_load_builtin (profile_id, &error);

  if (policy == NULL)
    {
      g_autofree char *profiles = g_strjoinv (", ", (char **) sd_policy_list_builtin ());

      /* Translators: the first %s is what was given, the second the list of profile ids */
      _sd_platform_cli_error (_("There is no policy profile “%s”: use one of %s."),
                              profile_id, profiles);
    }
  return policy;
}

static void
demo_clear (Demo *demo)
{
  g_clear_object (&demo->policy);
  g_clear_object (&demo->calendar);
  g_clear_pointer (&demo->departments, g_ptr_array_unref);
  g_clear_pointer (&demo->entries, g_ptr_array_unref);
  g_clear_pointer (&demo->usernames, g_ptr_array_unref);
  g_clear_pointer (&demo->counts, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

SdPlatformExit
_sd_platform_cli_demo (SdPlatformCommand *command)
{
  g_autofree char *db = NULL;
  g_autofree char *profile_id = NULL;
  g_autofree char *password_file = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The platform database to fill (new or freshly initialised)"), N_("PATH") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_id, N_("The policy profile the platform runs"), N_("ID") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the demo users’ password from the first line of FILE (default: sharedesk-demo)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_auto(Demo) demo = { 0, };
  g_autoptr(SdStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;

  if (!_sd_platform_cli_parse (command, entries) ||
      !_sd_platform_cli_require (db, "--db PATH") ||
      !_sd_platform_cli_require (profile_id, "--profile ID"))
    return SD_PLATFORM_EXIT_USAGE;
  demo.policy = load_policy (profile_id);
  if (demo.policy == NULL)
    return SD_PLATFORM_EXIT_USAGE;
  /* Before the database is created: a refused password leaves no file. */
  password = read_demo_password (password_file);
  if (password == NULL)
    return SD_PLATFORM_EXIT_FAILED;
  storage = sd_storage_open (db, &error);
  if (storage == NULL)
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The database “%s” cannot be used: %s"), db, error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  if (!check_database (storage, db, profile_id, &demo.initialise))
    return SD_PLATFORM_EXIT_FAILED;
  demo.calendar = load_calendar (storage, &error);
  if (demo.calendar == NULL)
    {
      _sd_platform_cli_error ("%s", error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  hash = hash_demo_password (password);
  if (hash == NULL)
    return SD_PLATFORM_EXIT_FAILED;

  demo.profile_id = profile_id;
  demo.password_hash = hash;
  china_today (&demo.today);
  demo.departments = sd_demo_departments_new (profile_id);
  demo.entries = sd_demo_entries_new (demo.policy, demo.departments);
  demo.usernames = g_ptr_array_new_with_free_func (g_free);
  demo.counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!sd_storage_transaction (storage, load_demo, &demo, &error))
    {
      /* Translators: the first %s is a file name, the second says why */
      _sd_platform_cli_error (_("The demo could not be loaded into “%s”; nothing was changed: %s"),
                              db, error->message);
      return SD_PLATFORM_EXIT_FAILED;
    }
  print_summary (&demo, db, password_file == NULL);
  return SD_PLATFORM_EXIT_OK;
}
