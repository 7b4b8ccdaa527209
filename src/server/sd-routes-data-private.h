/* sd-routes-data-private.h — what the data and feedback routes share. */
#pragma once

#include "sd-catalogue-entry.h"
#include "sd-platform-server.h"

G_BEGIN_DECLS

/* SdMemberSpec has no integer type. Takes the member @name out of the
 * request's body object, so that _sd_request_body_object() then checks
 * the others, and sets *@value when it is an integer from @min to @max.
 * Otherwise responds — 400 for another JSON type, 422 out of range or
 * missing when @required — and returns FALSE. *@present says whether the
 * member was there. A body that is no object is left to
 * _sd_request_body_object(). */
gboolean          _sd_request_take_integer (SdPlatformRequest *request,
                                            const char        *name,
                                            gboolean           required,
                                            gint64             min,
                                            gint64             max,
                                            gint64            *value,
                                            gboolean          *present);

/* A new JSON array node holding a new, empty array (owned). */
JsonNode         *_sd_json_array_node_new  (void);

/* The catalogue entry @entry_id, or NULL after responding 404. */
SdCatalogueEntry *_sd_data_lookup_entry    (SdPlatformServer  *server,
                                            SdPlatformRequest *request,
                                            const char        *entry_id);

/* Whether the request's user acts for @uscc. */
gboolean          _sd_user_in_department   (SdPlatformRequest *request,
                                            const char        *uscc);

/* POST and GET /api/v1/feedback (sd-routes-feedback.c); registered by
 * sd_platform_routes_data(). */
void              _sd_platform_routes_feedback (SdPlatformServer *server);

G_END_DECLS
