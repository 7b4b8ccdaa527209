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

/* Every enumeration has the same three functions over its table. */
#define DEFINE_ENUM_FUNCTIONS(Type, prefix, table)                         \
  const char *                                                             \
  prefix##_to_string (Type value)                                          \
  {                                                                        \
    const EnumValue *entry = lookup (table, G_N_ELEMENTS (table), value);  \
                                                                           \
    return entry != NULL ? entry->name : NULL;                             \
  }                                                                        \
                                                                           \
  Type                                                                     \
  prefix##_from_string (const char *name)                                  \
  {                                                                        \
    return (Type) value_from_name (table, G_N_ELEMENTS (table), name);     \
  }                                                                        \
                                                                           \
  const char *                                                             \
  prefix##_get_label (Type value)                                          \
  {                                                                        \
    return value_get_label (lookup (table, G_N_ELEMENTS (table), value));  \
  }

DEFINE_ENUM_FUNCTIONS (SdRole, sd_role, roles)
DEFINE_ENUM_FUNCTIONS (SdEntryState, sd_entry_state, entry_states)
DEFINE_ENUM_FUNCTIONS (SdSeverity, sd_severity, severities)
