/* test-identifiers.c — the USCC, RIC, resource code and classification
 * validators.
 *
 * Every valid code here had its check character computed independently
 * (by hand, with the weights of GB 32100-2015 and GB 11643-1999) before it
 * was written down; every invalid one asserts the error code and the facts
 * the message must name.
 */
#include "sd-test-utils.h"

#define NO_ERROR (-1)
#define MAX_MENTIONS 3

typedef enum {
  KIND_USCC,
  KIND_RIC,
  KIND_RESOURCE_CODE,
  KIND_CLASSIFICATION,
} IdentifierKind;

typedef struct {
  const char     *name;     /* test path component */
  IdentifierKind  kind;
  const char     *value;
  int             code;     /* SdIdentifierError or NO_ERROR */
  const char     *mentions[MAX_MENTIONS];
} IdentifierCase;

/* The "today" of the RIC cases, so that they do not age. */
#define TODAY "2026-07-10"

static const IdentifierCase cases[] = {
  /* 统一社会信用代码 */
  { "uscc/valid/company-fujian", KIND_USCC, "91350100M000100Y43", NO_ERROR, { NULL } },
  { "uscc/valid/company-shenzhen", KIND_USCC, "914403001922038216", NO_ERROR, { NULL } },
  { "uscc/valid/public-institution", KIND_USCC, "121000004000007155", NO_ERROR, { NULL } },
  { "uscc/valid/social-organisation", KIND_USCC, "52110000500002345B", NO_ERROR, { NULL } },
  { "uscc/valid/letters-in-body", KIND_USCC, "91440300MA5G9Y6Q29", NO_ERROR, { NULL } },
  { "uscc/valid/check-31-is-zero", KIND_USCC, "9111010855KK4512N0", NO_ERROR, { NULL } },
  { "uscc/valid/fixture-provider", KIND_USCC, SD_TEST_USCC_PROVIDER, NO_ERROR, { NULL } },
  { "uscc/valid/fixture-consumer", KIND_USCC, SD_TEST_USCC_CONSUMER, NO_ERROR, { NULL } },
  { "uscc/valid/fixture-other", KIND_USCC, SD_TEST_USCC_OTHER, NO_ERROR, { NULL } },
  { "uscc/check/wrong", KIND_USCC, "91350100M000100Y4X", SD_IDENTIFIER_ERROR_CHECK,
    { "should be “3”", "not “X”", "position 18" } },
  { "uscc/check/zero-expected", KIND_USCC, "9111010855KK4512NY", SD_IDENTIFIER_ERROR_CHECK,
    { "should be “0”", "not “Y”" } },
  { "uscc/check/transposed", KIND_USCC, "91350100M000010Y43", SD_IDENTIFIER_ERROR_CHECK,
    { "should be “J”", "not “3”" } },
  { "uscc/length/17", KIND_USCC, "91350100M000100Y4", SD_IDENTIFIER_ERROR_LENGTH,
    { "17 characters", "needs 18" } },
  { "uscc/length/19", KIND_USCC, "91350100M000100Y433", SD_IDENTIFIER_ERROR_LENGTH,
    { "19 characters", "needs 18" } },
  { "uscc/length/1", KIND_USCC, "9", SD_IDENTIFIER_ERROR_LENGTH, { "has 1 character;" } },
  { "uscc/empty", KIND_USCC, "", SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "uscc/null", KIND_USCC, NULL, SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "uscc/letter/I", KIND_USCC, "91350100I000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“I” at position 9", "I, O, S, V, Z are never used" } },
  { "uscc/letter/O", KIND_USCC, "O1350100M000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“O” at position 1", "never used" } },
  { "uscc/letter/S", KIND_USCC, "91350100M00S100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“S” at position 12", "never used" } },
  { "uscc/letter/V", KIND_USCC, "91350100M000100V43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“V” at position 16", "never used" } },
  { "uscc/letter/Z", KIND_USCC, "91350100M000100Y4Z", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“Z” at position 18", "never used" } },
  { "uscc/lower-case/m", KIND_USCC, "91350100m000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“m” at position 9", "lower-case", "capital letters" } },
  { "uscc/lower-case/check", KIND_USCC, "91110000600037341l", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“l” at position 18", "lower-case" } },
  { "uscc/lower-case/i", KIND_USCC, "91350100i000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“i” at position 9", "never used" } },
  { "uscc/punctuation", KIND_USCC, "91350100-000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“-” at position 9", "only digits" } },
  { "uscc/space", KIND_USCC, "91350100M000100Y4 ", SD_IDENTIFIER_ERROR_CHARACTER,
    { "U+0020 at position 18" } },
  { "uscc/non-ascii/fullwidth-digit", KIND_USCC, "91350100M000100Y4３", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“３” at position 18" } },
  { "uscc/non-ascii/han", KIND_USCC, "9135010中M000100Y43", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“中” at position 8" } },
  { "uscc/non-utf8", KIND_USCC, "91350100M000100Y4\xff", SD_IDENTIFIER_ERROR_CHARACTER,
    { "UTF-8" } },

  /* 居民身份证号码 */
  { "ric/valid/standard-example", KIND_RIC, "11010519491231002X", NO_ERROR, { NULL } },
  { "ric/valid/check-0", KIND_RIC, "110105194912310070", NO_ERROR, { NULL } },
  { "ric/valid/check-1", KIND_RIC, "110105194912310011", NO_ERROR, { NULL } },
  { "ric/valid/nanjing", KIND_RIC, "32010619850412001X", NO_ERROR, { NULL } },
  { "ric/valid/leap-day", KIND_RIC, "440305200002291232", NO_ERROR, { NULL } },
  { "ric/valid/leap-day-2024", KIND_RIC, "110105202402291233", NO_ERROR, { NULL } },
  { "ric/valid/born-1900-01-01", KIND_RIC, "110105190001011231", NO_ERROR, { NULL } },
  { "ric/valid/born-today", KIND_RIC, "110105202607101237", NO_ERROR, { NULL } },
  { "ric/check/wrong", KIND_RIC, "110105194912310023", SD_IDENTIFIER_ERROR_CHECK,
    { "should be “X”", "not “3”", "position 18" } },
  { "ric/check/x-instead-of-digit", KIND_RIC, "32010619850412002X", SD_IDENTIFIER_ERROR_CHECK,
    { "should be “8”", "not “X”" } },
  { "ric/check/lower-case-x", KIND_RIC, "11010519491231002x", SD_IDENTIFIER_ERROR_CHARACTER,
    { "lower-case “x”", "capital “X”" } },
  { "ric/check/letter", KIND_RIC, "11010519491231002A", SD_IDENTIFIER_ERROR_CHARACTER,
    { "position 18", "digit or a capital “X”", "not “A”" } },
  { "ric/character/letter-in-body", KIND_RIC, "1101051949123100X2", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“X” at position 17", "not a digit" } },
  { "ric/character/fullwidth", KIND_RIC, "１10105194912310070", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“１” at position 1" } },
  { "ric/length/17", KIND_RIC, "11010519491231002", SD_IDENTIFIER_ERROR_LENGTH,
    { "17 characters", "needs 18" } },
  { "ric/length/15", KIND_RIC, "110105491231002", SD_IDENTIFIER_ERROR_LENGTH,
    { "15 characters", "needs 18" } },
  { "ric/length/19", KIND_RIC, "11010519491231002X0", SD_IDENTIFIER_ERROR_LENGTH,
    { "19 characters" } },
  { "ric/empty", KIND_RIC, "", SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "ric/non-utf8", KIND_RIC, "\xc3\x28" "0105194912310070", SD_IDENTIFIER_ERROR_CHARACTER,
    { "UTF-8" } },
  /* The bad dates carry correct check digits: the date alone is wrong. */
  { "ric/date/february-30", KIND_RIC, "110105199002301231", SD_IDENTIFIER_ERROR_DATE,
    { "19900230", "positions 7–14", "not a real date" } },
  { "ric/date/month-13", KIND_RIC, "11010519901301123X", SD_IDENTIFIER_ERROR_DATE,
    { "19901301", "not a real date" } },
  { "ric/date/month-00", KIND_RIC, "110105199000001235", SD_IDENTIFIER_ERROR_DATE,
    { "19900000", "not a real date" } },
  { "ric/date/february-29-2023", KIND_RIC, "110105202302291236", SD_IDENTIFIER_ERROR_DATE,
    { "20230229", "not a real date" } },
  { "ric/date/2099", KIND_RIC, "110105209901011234", SD_IDENTIFIER_ERROR_DATE,
    { "20990101", "future", TODAY } },
  { "ric/date/tomorrow", KIND_RIC, "110105202607111232", SD_IDENTIFIER_ERROR_DATE,
    { "20260711", "future" } },
  { "ric/date/1899", KIND_RIC, "110105189912311237", SD_IDENTIFIER_ERROR_DATE,
    { "18991231", "before 1900-01-01" } },
  { "ric/date/1880-standard-example", KIND_RIC, "440524188001010014", SD_IDENTIFIER_ERROR_DATE,
    { "18800101", "before 1900-01-01" } },

  /* 信息资源代码 */
  { "resource-code/valid/example", KIND_RESOURCE_CODE, "3070211760000002004006/000033", NO_ERROR, { NULL } },
  { "resource-code/valid/shortest", KIND_RESOURCE_CODE, "101/000001", NO_ERROR, { NULL } },
  { "resource-code/valid/last-sequence", KIND_RESOURCE_CODE, "20101/999999", NO_ERROR, { NULL } },
  { "resource-code/empty", KIND_RESOURCE_CODE, "", SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "resource-code/no-slash", KIND_RESOURCE_CODE, "3070211760000002004006000033", SD_IDENTIFIER_ERROR_FORM,
    { "no “/”", "sequence number" } },
  { "resource-code/two-slashes", KIND_RESOURCE_CODE, "307/021/000033", SD_IDENTIFIER_ERROR_FORM,
    { "more than one “/”" } },
  { "resource-code/sequence-5-digits", KIND_RESOURCE_CODE, "3070211760000002004006/00033", SD_IDENTIFIER_ERROR_LENGTH,
    { "“00033”", "5 digits", "needs 6" } },
  { "resource-code/sequence-7-digits", KIND_RESOURCE_CODE, "3070211760000002004006/0000033", SD_IDENTIFIER_ERROR_LENGTH,
    { "“0000033”", "7 digits", "needs 6" } },
  { "resource-code/sequence-empty", KIND_RESOURCE_CODE, "307021/", SD_IDENTIFIER_ERROR_LENGTH,
    { "nothing after the “/”", "six-digit" } },
  { "resource-code/sequence-zero", KIND_RESOURCE_CODE, "3070211760000002004006/000000", SD_IDENTIFIER_ERROR_FORM,
    { "000000", "starts at 000001" } },
  { "resource-code/sequence-letter", KIND_RESOURCE_CODE, "3070211760000002004006/00003a", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“a” at position 6", "sequence number" } },
  { "resource-code/class-0", KIND_RESOURCE_CODE, "0070211760000002004006/000033", SD_IDENTIFIER_ERROR_FORM,
    { "starts with 0", "1 (basic), 2 (thematic) or 3 (departmental)" } },
  { "resource-code/class-4", KIND_RESOURCE_CODE, "4070211760000002004006/000033", SD_IDENTIFIER_ERROR_FORM,
    { "starts with 4" } },
  { "resource-code/classification-letter", KIND_RESOURCE_CODE, "30702A1/000033", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“A” at position 6", "classification code" } },
  { "resource-code/classification-too-short", KIND_RESOURCE_CODE, "30/000033", SD_IDENTIFIER_ERROR_LENGTH,
    { "30 has 2 digits", "at least 3" } },
  { "resource-code/classification-empty", KIND_RESOURCE_CODE, "/000033", SD_IDENTIFIER_ERROR_EMPTY,
    { "classification code is empty" } },
  { "resource-code/space", KIND_RESOURCE_CODE, "307 021/000033", SD_IDENTIFIER_ERROR_CHARACTER,
    { "U+0020 at position 4" } },
  { "resource-code/non-utf8", KIND_RESOURCE_CODE, "307\xe4\xb8/000033", SD_IDENTIFIER_ERROR_CHARACTER,
    { "UTF-8" } },

  /* 分类代码 */
  { "classification/valid/department", KIND_CLASSIFICATION, "3070211760000002004006", NO_ERROR, { NULL } },
  { "classification/valid/basic", KIND_CLASSIFICATION, "101", NO_ERROR, { NULL } },
  { "classification/valid/thematic", KIND_CLASSIFICATION, "20304", NO_ERROR, { NULL } },
  { "classification/empty", KIND_CLASSIFICATION, "", SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "classification/null", KIND_CLASSIFICATION, NULL, SD_IDENTIFIER_ERROR_EMPTY, { "empty" } },
  { "classification/one-digit", KIND_CLASSIFICATION, "1", SD_IDENTIFIER_ERROR_LENGTH,
    { "1 has 1 digit;", "at least 3" } },
  { "classification/class-4", KIND_CLASSIFICATION, "401", SD_IDENTIFIER_ERROR_FORM,
    { "starts with 4" } },
  { "classification/class-9", KIND_CLASSIFICATION, "9", SD_IDENTIFIER_ERROR_FORM,
    { "starts with 9" } },
  { "classification/letter", KIND_CLASSIFICATION, "12a", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“a” at position 3" } },
  { "classification/slash", KIND_CLASSIFICATION, "101/000001", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“/” at position 4" } },
  { "classification/fullwidth", KIND_CLASSIFICATION, "１01", SD_IDENTIFIER_ERROR_CHARACTER,
    { "“１” at position 1" } },
  { "classification/non-utf8", KIND_CLASSIFICATION, "10\x80", SD_IDENTIFIER_ERROR_CHARACTER,
    { "UTF-8" } },
};

static gboolean
validate (const IdentifierCase  *test,
          GError               **error)
{
  GDate today;

  switch (test->kind)
    {
    case KIND_USCC:
      return sd_identifier_validate_uscc (test->value, error);
    case KIND_RIC:
      sd_test_date (&today, TODAY);
      return sd_identifier_validate_ric (test->value, &today, error);
    case KIND_RESOURCE_CODE:
      return sd_identifier_validate_resource_code (test->value, error);
    case KIND_CLASSIFICATION:
      return sd_identifier_validate_classification (test->value, error);
    default:
      g_assert_not_reached ();
    }
}

static void
test_identifier_case (gconstpointer data)
{
  const IdentifierCase *test = data;
  g_autoptr(GError) error = NULL;
  gboolean valid = validate (test, &error);

  if (test->code == NO_ERROR)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
      return;
    }

  g_assert_false (valid);
  g_assert_error (error, SD_IDENTIFIER_ERROR, test->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  for (guint i = 0; i < MAX_MENTIONS && test->mentions[i] != NULL; i++)
    {
      if (strstr (error->message, test->mentions[i]) == NULL)
        g_error ("message “%s” does not mention “%s”", error->message, test->mentions[i]);
    }
}

/* Without @today the validator uses the real date: a birth date decades
 * away on either side gives the same answer on any day this runs. */
static void
test_ric_real_today (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_identifier_validate_ric ("11010519491231002X", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (sd_identifier_validate_ric ("110105209901011234", NULL, &error));
  g_assert_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "20990101"));
}

/* Birth dates are compared with @today, not with the real date. */
static void
test_ric_today_parameter (void)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  sd_test_date (&today, "1949-12-30");
  g_assert_false (sd_identifier_validate_ric ("11010519491231002X", &today, &error));
  g_assert_error (error, SD_IDENTIFIER_ERROR, SD_IDENTIFIER_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "1949-12-30"));
  g_clear_error (&error);

  sd_test_date (&today, "1949-12-31");
  g_assert_true (sd_identifier_validate_ric ("11010519491231002X", &today, &error));
  g_assert_no_error (error);
}

static void
test_uscc_check_character (void)
{
  g_assert_cmpint (sd_identifier_uscc_check_character ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (sd_identifier_uscc_check_character ("11100000000013127"), ==, 'D');
  g_assert_cmpint (sd_identifier_uscc_check_character ("52110000500002345"), ==, 'B');
  g_assert_cmpint (sd_identifier_uscc_check_character ("9111010855KK4512N"), ==, '0');
  g_assert_cmpint (sd_identifier_uscc_check_character ("00000000000000000"), ==, '0');
  g_assert_cmpint (sd_identifier_uscc_check_character ("00000000000000001"), ==, '3');

  g_assert_cmpint (sd_identifier_uscc_check_character (NULL), ==, 0);
  g_assert_cmpint (sd_identifier_uscc_check_character (""), ==, 0);
  g_assert_cmpint (sd_identifier_uscc_check_character ("91350100M000100Y"), ==, 0);
  g_assert_cmpint (sd_identifier_uscc_check_character ("91350100M000100Y43"), ==, 0);
  g_assert_cmpint (sd_identifier_uscc_check_character ("91350100I000100Y4"), ==, 0);
  g_assert_cmpint (sd_identifier_uscc_check_character ("91350100m000100Y4"), ==, 0);
}

static void
test_ric_check_character (void)
{
  g_assert_cmpint (sd_identifier_ric_check_character ("11010519491231002"), ==, 'X');
  g_assert_cmpint (sd_identifier_ric_check_character ("11010519491231007"), ==, '0');
  g_assert_cmpint (sd_identifier_ric_check_character ("44052418800101001"), ==, '4');
  g_assert_cmpint (sd_identifier_ric_check_character ("32010619850412009"), ==, '5');

  g_assert_cmpint (sd_identifier_ric_check_character (NULL), ==, 0);
  g_assert_cmpint (sd_identifier_ric_check_character ("1101051949123100"), ==, 0);
  g_assert_cmpint (sd_identifier_ric_check_character ("11010519491231002X"), ==, 0);
  g_assert_cmpint (sd_identifier_ric_check_character ("1101051949123100A"), ==, 0);
}

static void
test_resource_code_build (void)
{
  g_autofree char *example = sd_identifier_resource_code_build ("3070211760000002004006", 33);
  g_autofree char *first = sd_identifier_resource_code_build ("101", 1);
  g_autofree char *last = sd_identifier_resource_code_build ("101", 999999);
  g_autofree char *zero = sd_identifier_resource_code_build ("101", 0);
  g_autofree char *too_big = sd_identifier_resource_code_build ("101", 1000000);
  g_autofree char *bad_class = sd_identifier_resource_code_build ("401", 1);
  g_autofree char *empty_class = sd_identifier_resource_code_build ("", 1);

  g_assert_cmpstr (example, ==, "3070211760000002004006/000033");
  g_assert_cmpstr (first, ==, "101/000001");
  g_assert_cmpstr (last, ==, "101/999999");
  g_assert_null (zero);
  g_assert_null (too_big);
  g_assert_null (bad_class);
  g_assert_null (empty_class);

  /* What is built validates. */
  g_assert_true (sd_identifier_validate_resource_code (example, NULL));
  g_assert_true (sd_identifier_validate_resource_code (last, NULL));
}

static void
test_resource_code_get_classification (void)
{
  g_autofree char *example = sd_identifier_resource_code_get_classification ("3070211760000002004006/000033");
  g_autofree char *shortest = sd_identifier_resource_code_get_classification ("101/000001");
  g_autofree char *bad_sequence = sd_identifier_resource_code_get_classification ("101/000000");
  g_autofree char *no_slash = sd_identifier_resource_code_get_classification ("101000001");
  g_autofree char *bad_class = sd_identifier_resource_code_get_classification ("401/000001");

  g_assert_cmpstr (example, ==, "3070211760000002004006");
  g_assert_cmpstr (shortest, ==, "101");
  g_assert_null (bad_sequence);
  g_assert_null (no_slash);
  g_assert_null (bad_class);
  g_assert_null (sd_identifier_resource_code_get_classification (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/identifiers/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_identifier_case);
    }

  g_test_add_func ("/identifiers/ric/real-today", test_ric_real_today);
  g_test_add_func ("/identifiers/ric/today-parameter", test_ric_today_parameter);
  g_test_add_func ("/identifiers/uscc/check-character", test_uscc_check_character);
  g_test_add_func ("/identifiers/ric/check-character", test_ric_check_character);
  g_test_add_func ("/identifiers/resource-code/build", test_resource_code_build);
  g_test_add_func ("/identifiers/resource-code/get-classification", test_resource_code_get_classification);

  return g_test_run ();
}
