/* sd-test-utils.h — helpers shared by the tests. */
#pragma once

#include "sd-core.h"

G_BEGIN_DECLS

/* Parses "YYYY-MM-DD" into @date or fails the test. */
void         sd_test_date             (GDate      *date,
                                       const char *iso);
/* The built-in calendar (2024–2026) or fails the test. */
SdCalendar  *sd_test_calendar         (void);
/* A built-in profile or fails the test. */
SdPolicy    *sd_test_policy           (const char *id);
/* A file of tests/data/ read whole, or fails the test. */
char        *sd_test_read_data        (const char *name,
                                       gsize      *length);
/* A request with its params given as NULL-terminated name, value pairs. */
SdWorkflowRequest *sd_test_request    (const char *action,
                                       SdRole      role,
                                       const char *department,
                                       const char *iso_date,
                                       ...) G_GNUC_NULL_TERMINATED;

/* Fails the test unless @date is the day @iso ("YYYY-MM-DD"), or, when
 * @iso is NULL, unless @date is invalid (no date). */
void         sd_test_assert_date      (const GDate *date,
                                       const char  *iso);
/* A catalogue entry of the fixture provider (SD_TEST_USCC_PROVIDER). */
SdCatalogueEntry *sd_test_entry       (const char  *id,
                                       const char  *resource_code,
                                       const char  *name,
                                       SdEntryState state);
/* The event at @index of a workflow history, or fails the test. */
SdWorkflowEvent *sd_test_event_at     (GPtrArray   *history,
                                       guint        index);

/* A stored case with one member replaced: table rows for the tests that
 * a tampered case is refused. */
typedef struct {
  const char *name;
  const char *member;
  const char *value;     /* JSON text */
} SdTestJsonEdit;

/* Replaces the member @edit->member of the JSON object @node by the value
 * of the JSON text @edit->value, or fails the test. */
void         sd_test_json_edit        (JsonNode             *node,
                                       const SdTestJsonEdit *edit);
/* Adds @func once per row of @edits, at "@prefix/<row name>". */
void         sd_test_add_json_edits   (const char           *prefix,
                                       const SdTestJsonEdit *edits,
                                       gsize                 n_edits,
                                       GTestDataFunc         func);

/* Valid 统一社会信用代码 of fictitious departments for fixtures. */
#define SD_TEST_USCC_PROVIDER  "11100000000013127D"
#define SD_TEST_USCC_CONSUMER  "111000000000131433"
#define SD_TEST_USCC_OTHER     "91110000600037341L"

G_END_DECLS
