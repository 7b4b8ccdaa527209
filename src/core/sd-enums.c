/* sd-enums.c — wire names and translated labels of the shared enumerations.
 *
 * The wire names are the ones of JSON, the API and the policy profiles; they
 * never change with the locale. Each table is indexed by the enum value.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-enums.h"

typedef struct {
  const char *name;
  const char *label;   /* msgid, translated at access */
  const char *context; /* msgctxt of the label, or NULL */
} EnumValue;

static const EnumValue roles[] = {
  [SD_ROLE_PROVIDER]   = { "provider",   N_("Provider department"), NULL },
  [SD_ROLE_CONSUMER]   = { "consumer",   N_("Consumer department"), NULL },
  [SD_ROLE_SUPPORT]    = { "support",    N_("Technical support department"), NULL },
  [SD_ROLE_SUPERVISOR] = { "supervisor", N_("Supervising department"), NULL },
  [SD_ROLE_ADMIN]      = { "admin",      N_("Platform administrator"), NULL },
};

/* Short words like "Draft" or "Error" are ambiguous on their own, so their
 * labels carry a context for translators. */
static const EnumValue entry_states[] = {
  [SD_ENTRY_STATE_DRAFT]     = { "draft",     NC_("entry state", "Draft"), "entry state" },
  [SD_ENTRY_STATE_SUBMITTED] = { "submitted", NC_("entry state", "Submitted"), "entry state" },
  [SD_ENTRY_STATE_PUBLISHED] = { "published", NC_("entry state", "Published"), "entry state" },
  [SD_ENTRY_STATE_RETIRED]   = { "retired",   NC_("entry state", "Retired"), "entry state" },
};

static const EnumValue severities[] = {
  [SD_SEVERITY_ERROR]   = { "error",   NC_("severity", "Error"), "severity" },
  [SD_SEVERITY_WARNING] = { "warning", NC_("severity", "Warning"), "severity" },
};

static int
value_from_name (const EnumValue *values,
                 gsize            n_values,
                 const char      *name)
{
  if (name == NULL)
    return -1;

  for (gsize i = 0; i < n_values; i++)
    if (g_str_equal (values[i].name, name))
      return (int) i;

  return -1;
}

static const EnumValue *
lookup (const EnumValue *values,
        gsize            n_values,
        int              value)
{
  if (value < 0 || (gsize) value >= n_values)
    return NULL;
  return &values[value];
}

static const char *
value_get_label (const EnumValue *value)
{
  if (value == NULL)
    return NULL;
  if (value->context != NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, value->context, value->label);
  return g_dgettext (GETTEXT_PACKAGE, value->label);
}

const char *
sd_role_to_string (SdRole role)
{
  const EnumValue *value = lookup (roles, G_N_ELEMENTS (roles), role);

  return value != NULL ? value->name : NULL;
}

SdRole
sd_role_from_string (const char *name)
{
  return (SdRole) value_from_name (roles, G_N_ELEMENTS (roles), name);
}

const char *
sd_role_get_label (SdRole role)
{
  return value_get_label (lookup (roles, G_N_ELEMENTS (roles), role));
}

const char *
sd_entry_state_to_string (SdEntryState state)
{
  const EnumValue *value = lookup (entry_states, G_N_ELEMENTS (entry_states), state);

  return value != NULL ? value->name : NULL;
}

SdEntryState
sd_entry_state_from_string (const char *name)
{
  return (SdEntryState) value_from_name (entry_states, G_N_ELEMENTS (entry_states), name);
}

const char *
sd_entry_state_get_label (SdEntryState state)
{
  return value_get_label (lookup (entry_states, G_N_ELEMENTS (entry_states), state));
}

const char *
sd_severity_to_string (SdSeverity severity)
{
  const EnumValue *value = lookup (severities, G_N_ELEMENTS (severities), severity);

  return value != NULL ? value->name : NULL;
}

SdSeverity
sd_severity_from_string (const char *name)
{
  return (SdSeverity) value_from_name (severities, G_N_ELEMENTS (severities), name);
}

const char *
sd_severity_get_label (SdSeverity severity)
{
  return value_get_label (lookup (severities, G_N_ELEMENTS (severities), severity));
}
