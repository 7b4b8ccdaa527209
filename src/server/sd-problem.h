/* sd-problem.h — errors as application/problem+json (RFC 9457).
 *
 *   {"type": "urn:sharedesk:problem:validation", "title": "<translated>",
 *    "status": 422, "detail": "<translated, specific>", "field": "share.conditions"}
 *
 * "type" is stable and documented in docs/api/openapi.yaml; "title" is the
 * translated short form of the type; "detail" says exactly what is wrong;
 * "field" is the JSON path of the offending member for validation errors.
 * Titles and details follow the request's Accept-Language (zh-CN or en).
 */
#pragma once

#include <glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The stable problem types. */
#define SD_PROBLEM_BAD_REQUEST       "urn:sharedesk:problem:bad-request"        /* 400 malformed body or query */
#define SD_PROBLEM_UNAUTHENTICATED   "urn:sharedesk:problem:unauthenticated"    /* 401 */
#define SD_PROBLEM_FORBIDDEN         "urn:sharedesk:problem:forbidden"          /* 403 */
#define SD_PROBLEM_NOT_FOUND         "urn:sharedesk:problem:not-found"          /* 404 */
#define SD_PROBLEM_METHOD            "urn:sharedesk:problem:method-not-allowed" /* 405 */
#define SD_PROBLEM_CONFLICT          "urn:sharedesk:problem:conflict"           /* 409 state conflict */
#define SD_PROBLEM_PRECONDITION      "urn:sharedesk:problem:precondition-failed"   /* 412 stale If-Match */
#define SD_PROBLEM_TOO_LARGE         "urn:sharedesk:problem:payload-too-large"  /* 413 */
#define SD_PROBLEM_MEDIA_TYPE        "urn:sharedesk:problem:unsupported-media-type" /* 415 */
#define SD_PROBLEM_VALIDATION        "urn:sharedesk:problem:validation"         /* 422 */
#define SD_PROBLEM_PRECONDITION_REQUIRED "urn:sharedesk:problem:precondition-required" /* 428 */
#define SD_PROBLEM_THROTTLED         "urn:sharedesk:problem:too-many-requests"  /* 429 */
#define SD_PROBLEM_TIMEOUT           "urn:sharedesk:problem:request-timeout"    /* 408 */
#define SD_PROBLEM_INTERNAL          "urn:sharedesk:problem:internal"           /* 500 */

typedef struct {
  guint        status;
  const char  *type;
  char        *detail;    /* translated */
  char        *field;     /* JSON path or NULL */
} SdProblem;

SdProblem  *sd_problem_new          (guint        status,
                                     const char  *type,
                                     const char  *field,
                                     const char  *detail_format,
                                     ...) G_GNUC_PRINTF (4, 5);
/* Maps a GError of the core or server domains onto a problem:
 * SD_WORKFLOW_ERROR ROLE/DEPARTMENT/NOT_RECIPIENT → 403, STATE → 409,
 * MISSING_FIELD/INVALID_VALUE/TOO_SOON/NOT_APPLICABLE → 422;
 * SD_CATALOGUE_ERROR → 422; SD_JSON_GUARD_ERROR TOO_LARGE → 413, else 400;
 * SD_STORAGE_ERROR NOT_FOUND → 404, CONFLICT → 409, STALE → 412;
 * anything else → 500 with a generic detail (the real one is logged). */
SdProblem  *sd_problem_new_from_error (const GError *error,
                                       const char   *field);
void        sd_problem_free         (SdProblem   *problem);
const char *sd_problem_type_title   (const char  *type);   /* translated */
char       *sd_problem_to_json      (const SdProblem *problem);  /* with "title" and "status" */
/* Sets status, Content-Type application/problem+json and the body. */
void        sd_problem_respond      (const SdProblem   *problem,
                                     SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdProblem, sd_problem_free)

G_END_DECLS
