/* sd-platform-routes.h — the platform's resources, each registering its
 * routes on the server. One file per resource group. */
#pragma once

#include "sd-platform-server.h"

G_BEGIN_DECLS

/* POST /api/v1/session (log in), DELETE /api/v1/session, GET /api/v1/me */
void sd_platform_routes_session     (SdPlatformServer *server);
/* GET /api/v1/profile: the profile (sd_policy_to_json) and calendar years */
void sd_platform_routes_profile     (SdPlatformServer *server);
/* /api/v1/departments and /api/v1/users (admin; departments readable by all) */
void sd_platform_routes_admin       (SdPlatformServer *server);
/* GET /api/v1/audit (supervisor, admin) */
void sd_platform_routes_audit       (SdPlatformServer *server);
/* GET /statistics, /reports/{year} */
void sd_platform_routes_statistics  (SdPlatformServer *server);
/* Projects, milestones and catalogue receipts; the change feed. */
void sd_platform_routes_projects    (SdPlatformServer *server);
void sd_platform_routes_changes     (SdPlatformServer *server);
/* Datasets (upload, query, download), subscriptions and feedback */
void sd_platform_routes_data        (SdPlatformServer *server);
/* /api/v1/catalogue, change registrations, resource codes */
void sd_platform_routes_catalogue   (SdPlatformServer *server);
/* /api/v1/applications (with actions and attachments), /api/v1/negotiations */
void sd_platform_routes_applications (SdPlatformServer *server);
/* /api/v1/authorisations: lists, the 3-month unused list, revocation */
void sd_platform_routes_authorisations (SdPlatformServer *server);
/* /api/v1/objections, /api/v1/rectifications and /api/v1/catalogue-triggers
 * (supervision: objections, rectification cases, catalogue-update triggers) */
void sd_platform_routes_objections     (SdPlatformServer *server);
void sd_platform_routes_rectifications (SdPlatformServer *server);
void sd_platform_routes_catalogue_triggers (SdPlatformServer *server);

/* Every group above. */
void sd_platform_routes_register_all (SdPlatformServer *server);

G_END_DECLS
