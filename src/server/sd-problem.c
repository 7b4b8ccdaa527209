/* sd-problem.c — errors as application/problem+json (RFC 9457). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sd-auth.h"
#include "sd-catalogue-entry.h"
#include "sd-identifiers.h"
#include "sd-json-guard.h"
#include "sd-problem.h"
#include "sd-storage.h"
#include "sd-workflow.h"

#define PROBLEM_CONTENT_TYPE "application/problem+json; charset=utf-8"

/* RFC 6585; SoupStatus in libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429
#define STATUS_PRECONDITION_REQUIRED 428

typedef struct {
  const char *type;
  const char *title;   /* msgid, translated when asked for */
} ProblemTitle;

static const ProblemTitle titles[] = {
  { SD_PROBLEM_BAD_REQUEST, N_("Bad request") },
  { SD_PROBLEM_UNAUTHENTICATED, N_("Not authenticated") },
  { SD_PROBLEM_FORBIDDEN, N_("Not allowed") },
  { SD_PROBLEM_NOT_FOUND, N_("Not found") },
  { SD_PROBLEM_METHOD, N_("Method not allowed") },
  { SD_PROBLEM_CONFLICT, N_("Conflict with the current state") },
  { SD_PROBLEM_PRECONDITION, N_("Changed since it was read") },
  { SD_PROBLEM_TOO_LARGE, N_("Request body too large") },
  { SD_PROBLEM_MEDIA_TYPE, N_("Unsupported media type") },
  { SD_PROBLEM_VALIDATION, N_("Validation failed") },
  { SD_PROBLEM_PRECONDITION_REQUIRED, N_("Version required") },
  { SD_PROBLEM_THROTTLED, N_("Too many requests") },
  { SD_PROBLEM_TIMEOUT, N_("Request timed out") },
  { SD_PROBLEM_INTERNAL, N_("Internal error") },
};

const char *
sd_problem_type_title (const char *type)
{
  guint i;

  g_return_val_if_fail (type != NULL, NULL);

  for (i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].type, type))
      return _(titles[i].title);

  return _("Error");
}

static SdProblem *
problem_new_literal (guint       status,
                     const char *type,
                     const char *field,
                     const char *detail)
{
  SdProblem *problem = g_new0 (SdProblem, 1);

  problem->status = status;
  /* The types are string constants, but interning keeps the borrowed
   * pointer valid whatever a caller passes. */
  problem->type = g_intern_string (type);
  problem->field = g_strdup (field);
  problem->detail = g_strdup (detail);
  return problem;
}

SdProblem *
sd_problem_new (guint       status,
                const char *type,
                const char *field,
                const char *detail_format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  g_return_val_if_fail (status >= 400 && status < 600, NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (detail_format != NULL, NULL);

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);

  return problem_new_literal (status, type, field, detail);
}

/* Status and type for a code of SD_WORKFLOW_ERROR. */
static gboolean
map_workflow_error (int          code,
                    guint       *status,
                    const char **type)
{
  switch ((SdWorkflowError) code)
    {
    case SD_WORKFLOW_ERROR_ROLE:
    case SD_WORKFLOW_ERROR_DEPARTMENT:
    case SD_WORKFLOW_ERROR_NOT_RECIPIENT:
      *status = SOUP_STATUS_FORBIDDEN;
      *type = SD_PROBLEM_FORBIDDEN;
      return TRUE;
    case SD_WORKFLOW_ERROR_STATE:
      *status = SOUP_STATUS_CONFLICT;
      *type = SD_PROBLEM_CONFLICT;
      return TRUE;
    case SD_WORKFLOW_ERROR_MISSING_FIELD:
    case SD_WORKFLOW_ERROR_INVALID_VALUE:
    case SD_WORKFLOW_ERROR_TOO_SOON:
    case SD_WORKFLOW_ERROR_NOT_APPLICABLE:
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *type = SD_PROBLEM_VALIDATION;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
map_storage_error (int          code,
                   guint       *status,
                   const char **type)
{
  switch ((SdStorageError) code)
    {
    case SD_STORAGE_ERROR_NOT_FOUND:
      *status = SOUP_STATUS_NOT_FOUND;
      *type = SD_PROBLEM_NOT_FOUND;
      return TRUE;
    case SD_STORAGE_ERROR_CONFLICT:
      *status = SOUP_STATUS_CONFLICT;
      *type = SD_PROBLEM_CONFLICT;
      return TRUE;
    case SD_STORAGE_ERROR_STALE:
      *status = SOUP_STATUS_PRECONDITION_FAILED;
      *type = SD_PROBLEM_PRECONDITION;
      return TRUE;
    /* FAILED, SCHEMA, NOT_INITIALISED: the platform's fault, not the caller's. */
    default:
      return FALSE;
    }
}

static gboolean
map_auth_error (int          code,
                guint       *status,
                const char **type)
{
  switch ((SdAuthError) code)
    {
    case SD_AUTH_ERROR_BAD_CREDENTIALS:
    case SD_AUTH_ERROR_DISABLED:
    case SD_AUTH_ERROR_NO_TOKEN:
    case SD_AUTH_ERROR_BAD_TOKEN:
      *status = SOUP_STATUS_UNAUTHORIZED;
      *type = SD_PROBLEM_UNAUTHENTICATED;
      return TRUE;
    case SD_AUTH_ERROR_THROTTLED:
      *status = STATUS_TOO_MANY_REQUESTS;
      *type = SD_PROBLEM_THROTTLED;
      return TRUE;
    case SD_AUTH_ERROR_WEAK_PASSWORD:
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *type = SD_PROBLEM_VALIDATION;
      return TRUE;
    /* FAILED: libsodium ran out of memory. */
    default:
      return FALSE;
    }
}

static gboolean
map_error (const GError  *error,
           guint         *status,
           const char   **type)
{
  if (error->domain == SD_WORKFLOW_ERROR)
    return map_workflow_error (error->code, status, type);

  /* Identifiers come from requests (a department's 统一社会信用代码, a
   * resource code): a wrong one is the caller's to fix. */
  if (error->domain == SD_CATALOGUE_ERROR || error->domain == SD_IDENTIFIER_ERROR)
    {
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *type = SD_PROBLEM_VALIDATION;
      return TRUE;
    }

  if (error->domain == SD_JSON_GUARD_ERROR)
    {
      gboolean too_large = error->code == SD_JSON_GUARD_ERROR_TOO_LARGE;

      *status = too_large ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE : SOUP_STATUS_BAD_REQUEST;
      *type = too_large ? SD_PROBLEM_TOO_LARGE : SD_PROBLEM_BAD_REQUEST;
      return TRUE;
    }

  if (error->domain == SD_STORAGE_ERROR)
    return map_storage_error (error->code, status, type);

  if (error->domain == SD_AUTH_ERROR)
    return map_auth_error (error->code, status, type);

  return FALSE;
}

SdProblem *
sd_problem_new_from_error (const GError *error,
                           const char   *field)
{
  guint status;
  const char *type;

  g_return_val_if_fail (error != NULL, NULL);

  if (map_error (error, &status, &type))
    return problem_new_literal (status, type, field, error->message);

  /* The real message may name files or SQL: it goes to the log, and the
   * caller gets a generic one. Not g_warning(): tests make warnings fatal,
   * and a 500 must stay a response, never an abort. */
  g_message ("Internal error answered with 500: %s (%s, code %d)",
             error->message, g_quark_to_string (error->domain), error->code);
  return problem_new_literal (SOUP_STATUS_INTERNAL_SERVER_ERROR, SD_PROBLEM_INTERNAL, NULL,
                              _("The platform could not complete the request because of an internal error; it has been logged."));
}

void
sd_problem_free (SdProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->detail);
  g_free (problem->field);
  g_free (problem);
}

char *
sd_problem_to_json (const SdProblem *problem)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (problem != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, problem->type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, sd_problem_type_title (problem->type));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, problem->status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, problem->detail);
  if (problem->field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, problem->field);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}


/* libsoup 3.2 knows no phrase for 428 and 429 (RFC 6585) and would send
 * "Unknown Error". */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case STATUS_PRECONDITION_REQUIRED:
      return "Precondition Required";
    case STATUS_TOO_MANY_REQUESTS:
      return "Too Many Requests";
    default:
      return NULL;
    }
}

void
sd_problem_respond (const SdProblem   *problem,
                    SoupServerMessage *msg)
{
  char *body;

  g_return_if_fail (problem != NULL);
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  body = sd_problem_to_json (problem);
  soup_server_message_set_status (msg, problem->status, reason_phrase (problem->status));
  /* set_response() appends: drop whatever a handler wrote before failing. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, PROBLEM_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}
