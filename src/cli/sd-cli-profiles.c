/* sd-cli-profiles.c — `profiles` (the three profiles side by side) and
 * `profile show ID` (one profile with every list and article). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sd-cli-private.h"

static const struct {
  const char *id;
  const char *label;
} action_labels[] = {
  { "approve", N_("Approve") },
  { "refuse", N_("Refuse") },
  { "request-materials", N_("Request materials") },
  { "forward", N_("Forward") },
  { "answer", N_("Answer") },
  { "respond", N_("Respond") },
};

static const char *
action_label (const char *action)
{
  for (gsize i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (strcmp (action_labels[i].id, action) == 0)
      return _(action_labels[i].label);
  return action;
}

/* Joins the strings of @parts (consumed) with @separator. */
static char *
join_parts (GPtrArray  *parts,
            const char *separator)
{
  g_autoptr(GPtrArray) owned = parts;

  g_ptr_array_add (owned, NULL);
  return g_strjoinv (separator, (char **) owned->pdata);
}

static gboolean
articles_equal (const SdArticle *a,
                const SdArticle *b)
{
  g_autofree char *sa = a != NULL ? sd_article_to_string (a) : NULL;
  g_autofree char *sb = b != NULL ? sd_article_to_string (b) : NULL;

  return g_strcmp0 (sa, sb) == 0;
}

static gboolean
stages_share_article (GPtrArray *stages)
{
  for (guint i = 1; i < stages->len; i++)
    {
      const SdPolicyStage *first = stages->pdata[0];
      const SdPolicyStage *stage = stages->pdata[i];

      if (!articles_equal (first->article, stage->article))
        return FALSE;
    }
  return TRUE;
}

/* "First review by the technical support department, within 3 working days" */
static char *
stage_summary (const SdPolicyStage *stage,
               gboolean             with_article)
{
  const char *label = sd_policy_stage_get_label (stage);
  g_autofree char *text = NULL;

  if (stage->deadline_wd > 0)
    {
      g_autofree char *days = _sd_cli_working_days (stage->deadline_wd);

      /* Translators: a review stage and its time limit, "提供部门审核 7 个工作日" */
      text = g_strdup_printf (_("%s, within %s"), label, days);
    }
  else
    /* Translators: %s is a review stage the regulation gives no time limit */
    text = g_strdup_printf (_("%s, no time limit set"), label);
  return with_article ? _sd_cli_with_article (text, stage->article) : g_steal_pointer (&text);
}

/* The stages in order, joined by arrows, with their article(s). A stage
 * reached only when the one before forwards the case (panjin-2016 art. 18:
 * the center approves, or consults the provider) is said to be optional. */
static char *
flow_summary (GPtrArray *stages)
{
  gboolean one_article = stages_share_article (stages);
  g_autoptr(GString) flow = g_string_new (NULL);
  const SdPolicyStage *first = stages->pdata[0];

  for (guint i = 0; i < stages->len; i++)
    {
      const SdPolicyStage *stage = stages->pdata[i];
      const SdPolicyStage *previous = i > 0 ? stages->pdata[i - 1] : NULL;
      g_autofree char *summary = stage_summary (stage, !one_article);

      if (previous != NULL && g_strcmp0 (previous->forward_to, stage->id) == 0)
        /* Translators: between two review stages when the second happens
         * only if the first forwards the case: "center review; if
         * forwarded: consultation with the provider" */
        g_string_append (flow, _("; if forwarded: "));
      else if (previous != NULL)
        g_string_append (flow, " → ");
      g_string_append (flow, summary);
    }
  return one_article ? _sd_cli_with_article (flow->str, first->article)
                     : g_string_free (g_steal_pointer (&flow), FALSE);
}

static char *
negotiation_summary (SdPolicy *policy)
{
  GPtrArray *levels = sd_policy_get_negotiation_levels (policy);
  GPtrArray *parts = NULL;
  g_autofree char *ladder = NULL;
  const SdPolicyItem *first;

  if (levels->len == 0)
    return g_strdup (_("negotiation between the departments"));
  parts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < levels->len; i++)
    g_ptr_array_add (parts, g_strdup (sd_policy_item_get_label (levels->pdata[i])));
  /* The level labels say what happens: "Negotiation between …" */
  ladder = join_parts (parts, " → ");
  first = levels->pdata[0];
  return _sd_cli_with_article (ladder, first->article);
}

/* How an application for data of this share type is decided. */
static char *
share_type_flow (SdPolicy          *policy,
                 const SdShareType *share_type)
{
  const SdProvision *auto_grant;

  if (share_type->stages->len > 0)
    {
      g_autofree char *flow = flow_summary (share_type->stages);
      g_autofree char *negotiation = NULL;

      if (!share_type->negotiation)
        return g_steal_pointer (&flow);
      negotiation = negotiation_summary (policy);
      /* Translators: the first %s is the review flow, the second the
       * negotiation that follows a refusal */
      return g_strdup_printf (_("%s; if refused: %s"), flow, negotiation);
    }
  if (share_type->negotiation)
    return negotiation_summary (policy);
  auto_grant = sd_policy_get_provision (policy, "application.auto-grant");
  return _sd_cli_with_article (_("granted at once after identity verification"),
                               auto_grant != NULL ? auto_grant->article : share_type->article);
}

static char *
objection_summary (SdPolicy *policy)
{
  GPtrArray *stages = sd_policy_get_objection_stages (policy);

  if (stages->len == 0)
    return g_strdup (_("no objection procedure in this regulation"));
  return flow_summary (stages);
}

static char *
rectification_summary (SdPolicy *policy)
{
  const SdPolicyStage *stage = sd_policy_get_rectification_stage (policy);
  g_autofree char *text = NULL;

  if (stage == NULL)
    return g_strdup (_("no rectification procedure in this regulation"));
  if (stage->deadline_wd > 0)
    return stage_summary (stage, TRUE);
  /* Translators: %s is the stage, e.g. "Department response" */
  text = g_strdup_printf (_("%s, by the date the rectification notice sets"),
                          sd_policy_stage_get_label (stage));
  return _sd_cli_with_article (text, stage->article);
}

/* "15 working days", "3 months", "2/28 (month/day)" */
static char *
provision_value (const SdProvision *provision)
{
  const char *unit = provision->unit;
  int value = provision->value;

  if (g_strcmp0 (unit, "working-days") == 0)
    return _sd_cli_working_days (value);
  if (g_strcmp0 (unit, "months") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", value), value);
  if (g_strcmp0 (unit, "month-day") == 0)
    /* Translators: a day of the year; the first %d is the month, the second the day */
    return g_strdup_printf (_("%d/%d (month/day)"), value / 100, value % 100);
  if (value != 0)
    return g_strdup_printf ("%d", value);
  return NULL;
}

/* The provision @id and its period ("3 months"), or NULL when the
 * regulation does not have it. */
static const SdProvision *
find_provision_period (SdPolicy    *policy,
                       const char  *id,
                       char       **period)
{
  const SdProvision *provision = sd_policy_get_provision (policy, id);
  char *value;

  if (provision == NULL)
    return NULL;
  value = provision_value (provision);
  *period = value != NULL ? value : g_strdup ("");
  return provision;
}

static char *
update_deadline_summary (SdPolicy *policy)
{
  g_autofree char *period = NULL;
  g_autofree char *text = NULL;
  const SdProvision *provision = find_provision_period (policy, "catalogue.update-deadline", &period);

  if (provision == NULL)
    return g_strdup (_("no deadline in this regulation"));
  /* Translators: %s is a period, "15 working days" */
  text = g_strdup_printf (_("within %s after a law or the department’s functions change"), period);
  return _sd_cli_with_article (text, provision->article);
}

static char *
change_notice_summary (SdPolicy *policy)
{
  g_autofree char *period = NULL;
  g_autofree char *text = NULL;
  const SdProvision *provision = find_provision_period (policy, "catalogue.change-notice", &period);

  if (provision == NULL)
    return g_strdup (_("no notice period in this regulation"));
  /* Translators: %s is a period, "3 months" */
  text = g_strdup_printf (_("%s before a change to data in use takes effect"), period);
  return _sd_cli_with_article (text, provision->article);
}

static char *
unused_authorisation_summary (SdPolicy *policy)
{
  g_autofree char *period = NULL;
  g_autofree char *text = NULL;
  const SdProvision *provision = find_provision_period (policy, "authorisation.unused-revocation",
                                                        &period);

  if (provision == NULL)
    return g_strdup (_("no revocation period in this regulation"));
  /* Translators: %s is a period, "3 months" */
  text = g_strdup_printf (_("may be revoked after %s without use"), period);
  return _sd_cli_with_article (text, provision->article);
}

/* The articles of @items without their item numbers, "mot-2021 art. 23". */
static char *
items_articles (GPtrArray *items)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < items->len; i++)
    {
      const SdPolicyItem *item = items->pdata[i];
      SdArticle whole;
      char *text;

      if (item->article == NULL)
        continue;
      whole = *item->article;
      whole.item = 0;
      text = sd_article_format (&whole);
      if (g_ptr_array_find_with_equal_func (parts, text, g_str_equal, NULL))
        g_free (text);
      else
        g_ptr_array_add (parts, text);
    }
  return join_parts (parts, _sd_cli_list_separator ());
}

static char *
violation_summary (SdPolicy *policy)
{
  GPtrArray *kinds = sd_policy_get_violation_kinds (policy);
  g_autofree char *articles = items_articles (kinds);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u kind", "%u kinds", kinds->len),
                                            kinds->len);

  if (*articles == '\0')
    return g_steal_pointer (&count);
  return g_strdup_printf ("%s (%s)", count, articles);
}

static void
add_identity_fields (SdCliTable *table,
                     SdPolicy   *policy)
{
  g_autofree char *regulation = g_strdup_printf ("%s (%s)", sd_policy_get_title (policy),
                                                 sd_policy_get_document_number (policy));
  g_autofree char *calendar = _sd_cli_calendar_label (sd_policy_get_calendar_id (policy));

  _sd_cli_table_field (table, 2, _("Regulation"), regulation);
  _sd_cli_table_field (table, 2, _("Issuer"), sd_policy_get_issuer (policy));
  _sd_cli_table_field (table, 2, _("Platform"), sd_policy_get_platform_label (policy));
  _sd_cli_table_field (table, 2, _("Calendar"), calendar);
}

static void
add_share_type_summaries (SdCliTable *table,
                          SdPolicy   *policy)
{
  GPtrArray *share_types = sd_policy_get_share_types (policy);

  _sd_cli_table_field (table, 2, _("Share types"), NULL);
  for (guint i = 0; i < share_types->len; i++)
    {
      const SdShareType *share_type = share_types->pdata[i];
      g_autofree char *flow = share_type_flow (policy, share_type);

      _sd_cli_table_field (table, 4, sd_share_type_get_label (share_type), flow);
    }
}

static void
add_overview (SdCliTable *table,
              SdPolicy   *policy)
{
  g_autofree char *heading = _sd_cli_policy_heading (policy);
  g_autofree char *objections = objection_summary (policy);
  g_autofree char *rectification = rectification_summary (policy);
  g_autofree char *update = update_deadline_summary (policy);
  g_autofree char *notice = change_notice_summary (policy);
  g_autofree char *unused = unused_authorisation_summary (policy);
  g_autofree char *violations = violation_summary (policy);

  _sd_cli_table_heading (table, 0, heading);
  add_identity_fields (table, policy);
  add_share_type_summaries (table, policy);
  _sd_cli_table_field (table, 2, _("Objections"), objections);
  _sd_cli_table_field (table, 2, _("Rectification"), rectification);
  _sd_cli_table_field (table, 2, _("Catalogue update"), update);
  _sd_cli_table_field (table, 2, _("Change notice"), notice);
  _sd_cli_table_field (table, 2, _("Unused authorisations"), unused);
  _sd_cli_table_field (table, 2, _("Violation kinds"), violations);
}

static GPtrArray *
load_builtin_policies (SdCliExit *exit_code)
{
  g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *ids = sd_policy_list_builtin ();

  for (gsize i = 0; ids[i] != NULL; i++)
    {
      SdPolicy *policy = _sd_cli_load_policy (ids[i], exit_code);

      if (policy == NULL)
        return NULL;
      g_ptr_array_add (policies, policy);
    }
  return g_steal_pointer (&policies);
}

static void
print_policies_json (GPtrArray *policies)
{
  JsonArray *array = json_array_sized_new (policies->len);
  JsonNode *root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < policies->len; i++)
    json_array_add_element (array, sd_policy_to_json (policies->pdata[i]));
  json_node_take_array (root, array);
  _sd_cli_print_json (root);
}

SdCliExit
_sd_cli_run_profiles (const SdCliContext *ctx)
{
  SdCliExit exit_code = SD_CLI_EXIT_OK;
  g_autoptr(GPtrArray) policies = load_builtin_policies (&exit_code);
  g_autoptr(SdCliTable) table = NULL;

  if (policies == NULL)
    return exit_code;
  if (ctx->json)
    {
      print_policies_json (policies);
      return SD_CLI_EXIT_OK;
    }

  table = _sd_cli_table_new ();
  for (guint i = 0; i < policies->len; i++)
    {
      if (i > 0)
        _sd_cli_table_blank (table);
      add_overview (table, policies->pdata[i]);
    }
  _sd_cli_table_print (table);
  g_print ("\n%s\n", _("Every list of a profile, with its articles: sharedesk-cli profile show ID"));
  return SD_CLI_EXIT_OK;
}

/* --- profile show --------------------------------------------------- */

/* A blank line, then rows that align among themselves. */
static void
start_section (SdCliTable *table)
{
  _sd_cli_table_blank (table);
  _sd_cli_table_group (table);
}

static char *
article_or_dash (const SdArticle *article)
{
  return article != NULL ? sd_article_format (article) : g_strdup ("—");
}

static char *
label_with_id (const char *label,
               const char *id)
{
  if (g_strcmp0 (label, id) == 0)
    return g_strdup (id);
  return g_strdup_printf ("%s (%s)", label, id);
}

static char *
field_labels (const char * const *paths)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
    g_ptr_array_add (parts, sd_catalogue_entry_field_label (paths[i]));
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("none")));
  return join_parts (parts, _sd_cli_list_separator ());
}

static char *
method_labels (SdPolicy           *policy,
               const char * const *methods)
{
  GPtrArray *known = sd_policy_get_share_methods (policy);
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; methods != NULL && methods[i] != NULL; i++)
    {
      const SdPolicyItem *item = sd_policy_item_find (known, methods[i]);

      g_ptr_array_add (parts, g_strdup (item != NULL ? sd_policy_item_get_label (item) : methods[i]));
    }
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("none")));
  return join_parts (parts, _sd_cli_list_separator ());
}

static char *
action_list (const char * const *actions)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; actions != NULL && actions[i] != NULL; i++)
    g_ptr_array_add (parts, g_strdup (action_label (actions[i])));
  return join_parts (parts, _sd_cli_list_separator ());
}

static const SdPolicyStage *
find_stage (GPtrArray  *stages,
            const char *id)
{
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      const SdPolicyStage *stage = stages->pdata[i];

      if (g_strcmp0 (stage->id, id) == 0)
        return stage;
    }
  return NULL;
}

static void
add_stage_links (SdCliTable          *table,
                 guint                indent,
                 GPtrArray           *siblings,
                 const SdPolicyStage *stage)
{
  if (stage->delegate_role != SD_ROLE_INVALID)
    {
      g_autofree char *delegation = _sd_cli_with_article (sd_role_get_label (stage->delegate_role),
                                                          stage->delegation_article);

      _sd_cli_table_field (table, indent, _("May be delegated to"), delegation);
    }
  if (stage->forward_to != NULL)
    {
      const SdPolicyStage *next = find_stage (siblings, stage->forward_to);
      g_autofree char *target = label_with_id (next != NULL ? sd_policy_stage_get_label (next)
                                                            : stage->forward_to,
                                               stage->forward_to);

      _sd_cli_table_field (table, indent, _("Forwards to"), target);
    }
}

/* A stage in full: role, time limit, actions, delegation, article. */
static void
add_stage_details (SdCliTable          *table,
                   guint                indent,
                   guint                number,
                   GPtrArray           *siblings,
                   const SdPolicyStage *stage)
{
  g_autofree char *title = label_with_id (sd_policy_stage_get_label (stage), stage->id);
  g_autofree char *heading = number > 0 ? g_strdup_printf ("%u. %s", number, title)
                                        : g_steal_pointer (&title);
  g_autofree char *deadline = stage->deadline_wd > 0 ? _sd_cli_working_days (stage->deadline_wd)
                                                     : g_strdup (_("none set"));
  g_autofree char *actions = action_list ((const char * const *) stage->actions);
  g_autofree char *article = article_or_dash (stage->article);

  _sd_cli_table_heading (table, indent, heading);
  _sd_cli_table_field (table, indent + 2, _("Role"), sd_role_get_label (stage->role));
  _sd_cli_table_field (table, indent + 2, _("Time limit"), deadline);
  _sd_cli_table_field (table, indent + 2, _("Actions"), actions);
  add_stage_links (table, indent + 2, siblings, stage);
  _sd_cli_table_field (table, indent + 2, _("Article"), article);
}

static void
add_stage_list (SdCliTable *table,
                guint       indent,
                GPtrArray  *stages)
{
  for (guint i = 0; i < stages->len; i++)
    add_stage_details (table, indent, i + 1, stages, stages->pdata[i]);
}

static void
add_share_type_details (SdCliTable        *table,
                        SdPolicy          *policy,
                        const SdShareType *share_type)
{
  g_autofree char *title = label_with_id (sd_share_type_get_label (share_type), share_type->id);
  g_autofree char *code = g_strdup_printf ("%u", share_type->code);
  g_autofree char *article = article_or_dash (share_type->article);
  g_autofree char *required = field_labels ((const char * const *) share_type->required_fields);
  g_autofree char *methods = method_labels (policy, (const char * const *) share_type->methods);
  g_autofree char *flow = share_type_flow (policy, share_type);

  _sd_cli_table_group (table);
  _sd_cli_table_heading (table, 2, title);
  _sd_cli_table_field (table, 4, _("National code"), code);
  _sd_cli_table_field (table, 4, _("Article"), article);
  _sd_cli_table_field (table, 4, _("Required fields"), required);
  _sd_cli_table_field (table, 4, _("Share methods"), methods);
  _sd_cli_table_field (table, 4, _("Applications"), flow);
  _sd_cli_table_field (table, 4, _("Open to the public"),
                       share_type->open_to_public_allowed ? _("allowed") : _("not allowed"));
  if (share_type->stages->len > 0)
    {
      _sd_cli_table_field (table, 4, _("Review stages"), NULL);
      add_stage_list (table, 6, share_type->stages);
    }
}

/* A list of items, one per line: "article  label (id)". The article
 * comes first: it is short, so the labels line up after it. */
static void
add_item_list (SdCliTable *table,
               const char *title,
               GPtrArray  *items)
{
  start_section (table);
  _sd_cli_table_field (table, 0, title, items->len == 0 ? _("none") : NULL);
  for (guint i = 0; i < items->len; i++)
    {
      const SdPolicyItem *item = items->pdata[i];
      g_autofree char *label = label_with_id (sd_policy_item_get_label (item), item->id);
      g_autofree char *article = article_or_dash (item->article);
      g_autofree char *with_role = NULL;

      if (item->role != SD_ROLE_INVALID)
        /* Translators: a negotiation level and the role that decides there */
        with_role = g_strdup_printf (_("%s; decided by: %s"), label, sd_role_get_label (item->role));
      _sd_cli_table_item (table, 2, article, with_role != NULL ? with_role : label);
    }
}

static void
add_core_fields (SdCliTable *table,
                 SdPolicy   *policy)
{
  const char * const *fields = sd_policy_get_core_fields (policy);
  g_autofree char *title = _sd_cli_with_article (_("Core fields"),
                                                 sd_policy_get_core_fields_article (policy));

  start_section (table);
  _sd_cli_table_field (table, 0, title, NULL);
  for (gsize i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *label = sd_catalogue_entry_field_label (fields[i]);
      g_autofree char *line = label_with_id (label, fields[i]);

      _sd_cli_table_heading (table, 2, line);
    }
}

static void
add_share_types (SdCliTable *table,
                 SdPolicy   *policy)
{
  GPtrArray *share_types = sd_policy_get_share_types (policy);

  start_section (table);
  _sd_cli_table_field (table, 0, _("Share types"), NULL);
  for (guint i = 0; i < share_types->len; i++)
    add_share_type_details (table, policy, share_types->pdata[i]);
}

static void
add_procedures (SdCliTable *table,
                SdPolicy   *policy)
{
  GPtrArray *objection_stages = sd_policy_get_objection_stages (policy);
  const SdPolicyStage *rectification = sd_policy_get_rectification_stage (policy);

  start_section (table);
  _sd_cli_table_field (table, 0, _("Objection stages"),
                       objection_stages->len == 0 ? _("none") : NULL);
  add_stage_list (table, 2, objection_stages);
  start_section (table);
  _sd_cli_table_field (table, 0, _("Rectification"), rectification == NULL ? _("none") : NULL);
  if (rectification != NULL)
    add_stage_details (table, 2, 0, NULL, rectification);
}

static void
add_provisions (SdCliTable *table,
                SdPolicy   *policy)
{
  GPtrArray *provisions = sd_policy_get_provisions (policy);

  start_section (table);
  _sd_cli_table_field (table, 0, _("Provisions"), provisions->len == 0 ? _("none") : NULL);
  for (guint i = 0; i < provisions->len; i++)
    {
      const SdProvision *provision = provisions->pdata[i];
      g_autofree char *label = label_with_id (sd_provision_get_label (provision), provision->id);
      g_autofree char *value = provision_value (provision);
      g_autofree char *article = article_or_dash (provision->article);
      g_autofree char *detail = value != NULL ? g_strdup_printf ("%s: %s", label, value)
                                              : g_steal_pointer (&label);

      _sd_cli_table_item (table, 2, article, detail);
    }
}

static void
add_rules (SdCliTable *table,
           SdPolicy   *policy)
{
  GPtrArray *rules = sd_policy_get_rules (policy);

  start_section (table);
  _sd_cli_table_field (table, 0, _("Compliance rules"), rules->len == 0 ? _("none") : NULL);
  for (guint i = 0; i < rules->len; i++)
    {
      const SdPolicyRule *rule = rules->pdata[i];
      g_autofree char *article = article_or_dash (rule->article);
      g_autofree char *detail = g_strdup_printf ("%s, %s", sd_severity_get_label (rule->severity),
                                                 article);

      _sd_cli_table_item (table, 2, rule->id, detail);
    }
}

static void
add_lists (SdCliTable *table,
           SdPolicy   *policy)
{
  add_item_list (table, _("Negotiation levels"), sd_policy_get_negotiation_levels (policy));
  add_item_list (table, _("Share methods"), sd_policy_get_share_methods (policy));
  add_item_list (table, _("Update cycles"), sd_policy_get_update_cycles (policy));
  add_item_list (table, _("Security levels"), sd_policy_get_security_levels (policy));
  add_item_list (table, _("Basic data categories (must be shared unconditionally)"),
                 sd_policy_get_basic_categories (policy));
  add_item_list (table, _("Violation kinds"), sd_policy_get_violation_kinds (policy));
  add_item_list (table, _("Sanctions"), sd_policy_get_sanctions (policy));
}

static void
print_profile (SdPolicy *policy)
{
  g_autoptr(SdCliTable) table = _sd_cli_table_new ();
  g_autofree char *heading = _sd_cli_policy_heading (policy);

  _sd_cli_table_heading (table, 0, heading);
  add_identity_fields (table, policy);
  add_core_fields (table, policy);
  add_share_types (table, policy);
  add_procedures (table, policy);
  add_lists (table, policy);
  add_provisions (table, policy);
  add_rules (table, policy);
  _sd_cli_table_print (table);
}

SdCliExit
_sd_cli_run_profile_show (const SdCliContext *ctx)
{
  SdCliExit exit_code = SD_CLI_EXIT_OK;
  g_autoptr(SdPolicy) policy = _sd_cli_load_policy (ctx->args[0], &exit_code);

  if (policy == NULL)
    return exit_code;
  if (ctx->json)
    _sd_cli_print_json (sd_policy_to_json (policy));
  else
    print_profile (policy);
  return SD_CLI_EXIT_OK;
}
