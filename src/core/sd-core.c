/* sd-core.c — one-time set-up of the core library. */

#include "config.h"

#include "sd-core-private.h"
#include "sd-core-resources.h"

void
_sd_core_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      sd_core_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

guint
_sd_parse_digits (const char *text,
                  guint       count)
{
  guint value = 0;

  for (guint i = 0; i < count; i++)
    value = value * 10 + (guint) (text[i] - '0');
  return value;
}
