/* sd-routes-catalogue-private.h — what the catalogue route files share:
 * loading an entry as the caller may see it, the department check,
 * versions as ETags, and the change registration a published entry's
 * edit is made under. */
#pragma once

#include "sd-catalogue-entry.h"
#include "sd-routes-private.h"

G_BEGIN_DECLS

/* The entry @entry_id when the caller may see it: published and retired
 * entries everyone, drafts and submitted entries their provider
 * department and platform staff. Otherwise responds 404 (an invisible
 * draft is reported as missing: its existence is the department's
 * business) and returns NULL. */
SdCatalogueEntry *_sd_catalogue_load_visible   (SdPlatformServer  *server,
                                                SdPlatformRequest *request,
                                                const char        *entry_id);
/* TRUE when the caller belongs to the entry's provider department; else
 * responds 403 (audited) and returns FALSE. */
gboolean          _sd_catalogue_require_department (SdPlatformRequest *request,
                                                    SdCatalogueEntry  *entry);
gboolean          _sd_catalogue_is_own_department  (SdPlatformRequest *request,
                                                    const char        *uscc);
/* The version an If-Match header names ("\"3\""). *@present is FALSE
 * when there is none. FALSE after responding 400 for a malformed one. */
gboolean          _sd_catalogue_if_match        (SdPlatformRequest *request,
                                                 gboolean          *present,
                                                 guint             *version);
/* Sets ETag: "<version>". */
void              _sd_catalogue_set_etag        (SdPlatformRequest *request,
                                                 guint              version);

/* An effective change registration of @entry_id not yet applied: its
 * case id, or 0 when there is none (or on error, set). */
gint64            _sd_catalogue_applicable_change (SdPlatformServer *server,
                                                   const char       *entry_id,
                                                   GError          **error);

void              _sd_platform_routes_change_registrations (SdPlatformServer *server);

G_END_DECLS
