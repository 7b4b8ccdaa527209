/* test-article.c — parsing and formatting of article references. */
#include "config.h"

#include <locale.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sd-test-utils.h"

typedef struct {
  const char *text;
  guint       number;
  guint       item;
  const char *machine;   /* sd_article_to_string() */
} ValidCase;

static const ValidCase valid_cases[] = {
  { "art. 12",    12, 0, "mot-2021 art. 12" },
  { "art. 7(1)",   7, 1, "mot-2021 art. 7(1)" },
  { "art. 1",      1, 0, "mot-2021 art. 1" },
  { "art. 36(7)", 36, 7, "mot-2021 art. 36(7)" },
  { "art. 10(2)", 10, 2, "mot-2021 art. 10(2)" },
  { "art. 9999",  9999, 0, "mot-2021 art. 9999" },
};

static void
test_parse_valid (gconstpointer data)
{
  const ValidCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdArticle) article = sd_article_parse ("mot-2021", test->text, &error);
  g_autofree char *machine = NULL;
  g_autofree char *formatted = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_assert_cmpstr (article->profile_id, ==, "mot-2021");
  g_assert_cmpuint (article->number, ==, test->number);
  g_assert_cmpuint (article->item, ==, test->item);

  machine = sd_article_to_string (article);
  g_assert_cmpstr (machine, ==, test->machine);

  /* Tests run in the C locale: the translated form is the English one. */
  formatted = sd_article_format (article);
  g_assert_cmpstr (formatted, ==, test->machine);
}

static const char * const invalid_cases[] = {
  "",
  "12",
  "art.12",
  "art  12",
  "art 12",
  "Art. 12",
  "art. ",
  "art. 0",
  "art. 012",
  "art. -1",
  "art. +1",
  "art. 12 ",
  " art. 12",
  "art. 12a",
  "art. 10000",
  "art. 7()",
  "art. 7(0)",
  "art. 7(01)",
  "art. 7(1",
  "art. 7 (1)",
  "art. 7(1) ",
  "art. 7(1)x",
  "art. 7(1)(2)",
  "art. 7(x)",
  "第7条",
  "art. ７",
};

static void
test_parse_invalid (gconstpointer data)
{
  const char *text = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdArticle) article = sd_article_parse ("mot-2021", text, &error);

  g_assert_null (article);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  /* The message quotes what was found, so that the author can find it. */
  g_assert_nonnull (strstr (error->message, text));
  g_assert_nonnull (strstr (error->message, "art. 7(1)"));
}

static void
test_parse_null_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdArticle) article = sd_article_parse ("panjin-2016", NULL, &error);

  g_assert_null (article);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_parse_ignores_error_pointer (void)
{
  g_autoptr(SdArticle) good = sd_article_parse ("panjin-2016", "art. 20", NULL);
  g_autoptr(SdArticle) bad = sd_article_parse ("panjin-2016", "art. twenty", NULL);

  g_assert_nonnull (good);
  g_assert_null (bad);
}

static void
test_copy (void)
{
  g_autoptr(SdArticle) article = sd_article_parse ("state-council-2016", "art. 10(1)", NULL);
  g_autoptr(SdArticle) copy = sd_article_copy (article);
  g_autofree char *text = NULL;

  g_assert_nonnull (copy);
  g_assert_true (copy != article);
  g_assert_true (copy->profile_id != article->profile_id);
  g_assert_cmpstr (copy->profile_id, ==, "state-council-2016");
  g_assert_cmpuint (copy->number, ==, 10);
  g_assert_cmpuint (copy->item, ==, 1);

  /* The copy owns its profile id. */
  g_clear_pointer (&article, sd_article_free);
  text = sd_article_to_string (copy);
  g_assert_cmpstr (text, ==, "state-council-2016 art. 10(1)");
}

static void
test_boxed (void)
{
  g_autoptr(SdArticle) article = sd_article_parse ("panjin-2016", "art. 36(2)", NULL);
  SdArticle *copy;
  g_autofree char *text = NULL;

  g_assert_true (G_TYPE_IS_BOXED (SD_TYPE_ARTICLE));
  g_assert_cmpstr (g_type_name (SD_TYPE_ARTICLE), ==, "SdArticle");

  copy = g_boxed_copy (SD_TYPE_ARTICLE, article);
  text = sd_article_to_string (copy);
  g_assert_cmpstr (text, ==, "panjin-2016 art. 36(2)");
  g_boxed_free (SD_TYPE_ARTICLE, copy);
}

static void
test_boxed_value (void)
{
  g_autoptr(SdArticle) article = sd_article_parse ("mot-2021", "art. 14", NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  const SdArticle *held;

  g_value_init (&value, SD_TYPE_ARTICLE);
  g_value_set_boxed (&value, article);
  held = g_value_get_boxed (&value);
  g_assert_true (held != article);
  g_assert_cmpuint (held->number, ==, 14);
}

/* The Chinese forms come from the zh_CN catalogue built into
 * SHAREDESK_LOCALEDIR; skipped until it carries the article formats. */
static void
test_format_chinese (void)
{
  const char *localedir = g_getenv ("SHAREDESK_LOCALEDIR");
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr(SdArticle) whole = sd_article_parse ("mot-2021", "art. 12", NULL);
  g_autoptr(SdArticle) item = sd_article_parse ("mot-2021", "art. 7(1)", NULL);
  g_autofree char *whole_text = NULL;
  g_autofree char *item_text = NULL;
  gboolean translated;

  if (localedir == NULL)
    {
      g_test_skip ("SHAREDESK_LOCALEDIR is not set");
      return;
    }
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  translated = !g_str_equal (g_dgettext (GETTEXT_PACKAGE, "%s art. %u"), "%s art. %u");
  if (translated)
    {
      whole_text = sd_article_format (whole);
      item_text = sd_article_format (item);
    }
  setlocale (LC_ALL, saved_locale);

  if (!translated)
    {
      g_test_skip ("the zh_CN catalogue does not translate the article formats yet");
      return;
    }
  g_assert_cmpstr (whole_text, ==, "mot-2021 第12条");
  g_assert_cmpstr (item_text, ==, "mot-2021 第7条第(1)项");
}

static void
test_free_null (void)
{
  sd_article_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/article/parse/valid/%u", i);

      g_test_add_data_func (path, &valid_cases[i], test_parse_valid);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/article/parse/invalid/%u", i);

      g_test_add_data_func (path, invalid_cases[i], test_parse_invalid);
    }
  g_test_add_func ("/article/parse/null-text", test_parse_null_text);
  g_test_add_func ("/article/parse/no-error-pointer", test_parse_ignores_error_pointer);
  g_test_add_func ("/article/copy", test_copy);
  g_test_add_func ("/article/boxed", test_boxed);
  g_test_add_func ("/article/boxed-value", test_boxed_value);
  g_test_add_func ("/article/format/zh-cn", test_format_chinese);
  g_test_add_func ("/article/free-null", test_free_null);

  return g_test_run ();
}
