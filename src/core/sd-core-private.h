/* sd-core-private.h — internals shared between the core's files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the core's GResource (policies, holiday calendars) once. The
 * core is a static library, so the resource is registered by hand rather
 * than by a constructor the linker could drop. */
void _sd_core_ensure_resources (void);

/* The value of @count ASCII digits at @text; the caller has checked they
 * are digits. */
guint _sd_parse_digits (const char *text,
                        guint       count);

#define SD_RESOURCE_PREFIX "/io/github/sharedesk/ShareDesk"

G_END_DECLS
