/* test-csv.c — the CSV reader's edge cases (quotes, line breaks, BOM,
 * encoding) and the cell checks against information items. */
#include "config.h"

#include <string.h>

#include "sd-csv.h"
#include "sd-test-utils.h"

/* Parsing */

typedef struct {
  const char *name;
  const char *text;
  const char *expected;   /* records joined by "\n", fields by "|" */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "simple", "a,b\n1,2\n", "a|b\n1|2" },
  { "crlf", "a,b\r\n1,2\r\n", "a|b\n1|2" },
  { "no-final-newline", "a,b\n1,2", "a|b\n1|2" },
  { "bom", "\xEF\xBB\xBF" "a,b\n1,2\n", "a|b\n1|2" },
  { "quoted-comma", "a,b\n\"x,y\",2\n", "a|b\nx,y|2" },
  { "quoted-newline", "a,b\n\"line1\nline2\",2\n", "a|b\nline1\nline2|2" },
  { "quoted-crlf-kept", "a\n\"l1\r\nl2\"\n", "a\nl1\r\nl2" },
  { "doubled-quote", "a\n\"say \"\"hi\"\"\"\n", "a\nsay \"hi\"" },
  { "empty-quoted", "a,b\n\"\",2\n", "a|b\n|2" },
  { "empty-fields", "a,b,c\n,,\n", "a|b|c\n||" },
  { "chinese", "姓名,单位\n\"张三，李四\",市交通局\n", "姓名|单位\n张三，李四|市交通局" },
  { "header-only", "a,b\n", "a|b" },
  { "blank-line-is-record", "a\n\n1\n", "a\n\n1" },
  { "cr-inside-field", "a\nx\ry\n", "a\nx\ry" },
};

static char *
join_records (GPtrArray *records)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *record = g_strjoinv ("|", records->pdata[i]);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, record);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_parse_case (gconstpointer data)
{
  const ParseCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = sd_csv_parse (test->text, strlen (test->text), &error);
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (records);
  joined = join_records (records);
  g_assert_cmpstr (joined, ==, test->expected);
}

typedef struct {
  const char *name;
  const char *text;
  gssize      length;     /* -1: strlen */
  int         code;
  const char *mention;
} ParseErrorCase;

static const ParseErrorCase parse_error_cases[] = {
  { "empty", "", -1, SD_CSV_ERROR_EMPTY, "empty" },
  { "bom-only", "\xEF\xBB\xBF", -1, SD_CSV_ERROR_EMPTY, "empty" },
  { "unterminated", "a\n1\n\"open\n", -1, SD_CSV_ERROR_SYNTAX, "Line 3" },
  { "quote-in-unquoted", "a\nx\"y\n", -1, SD_CSV_ERROR_SYNTAX, "Line 2" },
  { "text-after-quote", "a,b\n\"x\"y,2\n", -1, SD_CSV_ERROR_SYNTAX, "Line 2" },
  { "invalid-utf8", "a\nok\n\xFF\xFE\n", -1, SD_CSV_ERROR_ENCODING, "line 3" },
  { "gbk", "a\n\xD5\xC5\xC8\xFD\n", -1, SD_CSV_ERROR_ENCODING, "UTF-8" },
  { "nul-byte", "a\nx\0y\n", 6, SD_CSV_ERROR_ENCODING, "UTF-8" },
};

static void
test_parse_error_case (gconstpointer data)
{
  const ParseErrorCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gsize length = test->length >= 0 ? (gsize) test->length : strlen (test->text);

  records = sd_csv_parse (test->text, length, &error);
  g_assert_null (records);
  g_assert_error (error, SD_CSV_ERROR, test->code);
  g_assert_nonnull (strstr (error->message, test->mention));
}

/* Cells */

typedef struct {
  const char *name;
  const char *type_code;
  guint       length;
  const char *identifier_kind;
  const char *value;
  gboolean    valid;
  const char *mention;    /* in the message when invalid */
} CellCase;

static const CellCase cell_cases[] = {
  { "empty-always-fits", "I", 2, "uscc", "", TRUE, NULL },
  { "character/fits", "C", 4, "", "市交通局", TRUE, NULL },
  { "character/too-long", "C", 3, "", "市交通局", FALSE, "4 characters" },
  { "character/no-length", "C", 0, "", "任意长度的文本", TRUE, NULL },
  { "numeric/integer", "N", 10, "", "12345", TRUE, NULL },
  { "numeric/decimal", "N", 10, "", "-12.5", TRUE, NULL },
  { "numeric/letters", "N", 10, "", "12a", FALSE, "12a" },
  { "numeric/two-points", "N", 10, "", "1.2.3", FALSE, "1.2.3" },
  { "numeric/trailing-point", "N", 10, "", "12.", FALSE, "12." },
  { "numeric/too-long", "N", 3, "", "1234", FALSE, "at most 3" },
  { "integer/valid", "I", 0, "", "+42", TRUE, NULL },
  { "integer/decimal", "I", 0, "", "4.2", FALSE, "4.2" },
  { "currency/valid", "Y", 0, "", "100.00", TRUE, NULL },
  { "date/valid", "D", 8, "", "2026-02-28", TRUE, NULL },
  { "date/not-real", "D", 8, "", "2026-02-30", FALSE, "2026-02-30" },
  { "date/compact", "D", 8, "", "20260228", FALSE, "20260228" },
  { "date/slashes", "D", 8, "", "2026/02/28", FALSE, "2026/02/28" },
  { "date-time/space", "T", 0, "", "2026-02-28 13:45:00", TRUE, NULL },
  { "date-time/iso-utc", "T", 0, "", "2026-02-28T05:45:00Z", TRUE, NULL },
  { "date-time/bad-hour", "T", 0, "", "2026-02-28 25:00:00", FALSE, "25:00" },
  { "date-time/date-only", "T", 0, "", "2026-02-28", FALSE, "2026-02-28" },
  { "logical/valid", "L", 1, "", "是", TRUE, NULL },
  { "logical/invalid", "L", 1, "", "maybe", FALSE, "maybe" },
  { "uscc/valid", "C", 18, "uscc", "91350100M000100Y43", TRUE, NULL },
  { "uscc/check", "C", 18, "uscc", "91350100M000100Y4X", FALSE, "should be “3”" },
  { "uscc/too-long", "C", 18, "uscc", "91350100M000100Y433", FALSE, "19 characters" },
  { "ric/valid", "C", 18, "ric", "11010519491231002X", TRUE, NULL },
  { "ric/check", "C", 18, "ric", "110105194912310023", FALSE, "should be “X”" },
  { "ric/future-birth", "C", 18, "ric", "110105203012310024", FALSE, NULL },
  { "org-code/not-checked", "C", 10, "org-code", "ABCDEFGH-1", TRUE, NULL },
};

static void
test_cell_case (gconstpointer data)
{
  const CellCase *test = data;
  g_autoptr(SdInformationItem) item = sd_information_item_new ();
  g_autoptr(GError) error = NULL;
  GDate today;
  gboolean valid;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 10, G_DATE_JULY, 2026);
  sd_information_item_set_name (item, "项");
  sd_information_item_set_type_code (item, test->type_code);
  sd_information_item_set_length (item, test->length);
  sd_information_item_set_identifier_kind (item, test->identifier_kind);
  valid = sd_csv_check_cell (item, test->value, &today, &error);
  if (test->valid)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
      return;
    }
  g_assert_false (valid);
  g_assert_error (error, SD_CSV_ERROR, SD_CSV_ERROR_CELL);
  if (test->mention != NULL && strstr (error->message, test->mention) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, test->mention);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/csv/parse/", parse_cases[i].name, NULL);

      g_test_add_data_func (path, &parse_cases[i], test_parse_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (parse_error_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/csv/parse-error/", parse_error_cases[i].name, NULL);

      g_test_add_data_func (path, &parse_error_cases[i], test_parse_error_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/csv/cell/", cell_cases[i].name, NULL);

      g_test_add_data_func (path, &cell_cases[i], test_cell_case);
    }
  return g_test_run ();
}
