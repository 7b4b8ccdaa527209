/* sd-demo-data.h — the templates of `sharedesk-platform demo`: departments
 * and catalogue entries of a realistic demo platform for one profile.
 *
 * Everything is generated from fixed tables and a fixed seed, so every run
 * makes the same data. Nothing here touches the storage.
 */
#pragma once

#include "sd-catalogue-entry.h"
#include "sd-policy.h"
#include "sd-storage.h"

G_BEGIN_DECLS

/* Departments with consumer and provider users in the demo: the first
 * SD_DEMO_STAFFED_DEPARTMENTS of sd_demo_departments_new(). */
#define SD_DEMO_STAFFED_DEPARTMENTS 8

/* The departments of @profile_id (at least 20), each with a valid
 * 统一社会信用代码 of a government organ, a responsible person and a
 * contact; an array of SdDepartment. */
GPtrArray *sd_demo_departments_new (const char *profile_id);

/* The catalogue entries (at least 300) of @departments for @policy, in
 * their final state (draft, submitted, published), without ids; an array
 * of SdCatalogueEntry. Published ones pass sd_compliance_check() without
 * errors; drafts and submitted ones have findings. */
GPtrArray *sd_demo_entries_new     (SdPolicy  *policy,
                                    GPtrArray *departments);

G_END_DECLS
