/* sd-article.c — references to articles of the regulations. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sd-article.h"

G_DEFINE_BOXED_TYPE (SdArticle, sd_article, sd_article_copy, sd_article_free)

/* No regulation has anywhere near this many articles or items; the bound
 * keeps the digits from overflowing a guint. */
#define MAX_NUMBER 9999

static SdArticle *
article_new (const char *profile_id,
             guint       number,
             guint       item)
{
  SdArticle *self = g_new0 (SdArticle, 1);

  self->profile_id = g_strdup (profile_id);
  self->number = number;
  self->item = item;
  return self;
}

/* Reads a positive decimal number without sign, leading zero or spaces and
 * advances @p past it; FALSE if there is none. */
static gboolean
read_number (const char **p,
             guint       *number)
{
  const char *s = *p;
  guint value = 0;

  if (!g_ascii_isdigit (*s) || *s == '0')
    return FALSE;

  for (; g_ascii_isdigit (*s); s++)
    {
      value = value * 10 + (guint) (*s - '0');
      if (value > MAX_NUMBER)
        return FALSE;
    }

  *number = value;
  *p = s;
  return TRUE;
}

static gboolean
parse_reference (const char *text,
                 guint      *number,
                 guint      *item)
{
  const char *p = text;

  if (!g_str_has_prefix (p, "art. "))
    return FALSE;
  p += strlen ("art. ");

  if (!read_number (&p, number))
    return FALSE;

  *item = 0;
  if (*p == '(')
    {
      p++;
      if (!read_number (&p, item) || *p != ')')
        return FALSE;
      p++;
    }

  return *p == '\0';
}

SdArticle *
sd_article_parse (const char  *profile_id,
                  const char  *text,
                  GError     **error)
{
  guint number = 0;
  guint item = 0;

  g_return_val_if_fail (profile_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || !parse_reference (text, &number, &item))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is what was found instead of an
                    * article reference; keep “art. 12” and “art. 7(1)”
                    * as they are, they are the data format. */
                   _("“%s” is not an article reference such as “art. 12” or “art. 7(1)”"),
                   text != NULL ? text : "");
      return NULL;
    }

  return article_new (profile_id, number, item);
}

SdArticle *
sd_article_copy (const SdArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return article_new (self->profile_id, self->number, self->item);
}

void
sd_article_free (SdArticle *self)
{
  if (self == NULL)
    return;

  g_free (self->profile_id);
  g_free (self);
}

char *
sd_article_to_string (const SdArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->item != 0)
    return g_strdup_printf ("%s art. %u(%u)", self->profile_id, self->number, self->item);
  return g_strdup_printf ("%s art. %u", self->profile_id, self->number);
}

char *
sd_article_format (const SdArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->item != 0)
    /* Translators: an article and item of a regulation: the profile id
     * (e.g. “mot-2021”), the article number, the item number. Chinese:
     * “%s 第%u条第(%u)项”. */
    return g_strdup_printf (_("%s art. %u(%u)"), self->profile_id, self->number, self->item);

  /* Translators: an article of a regulation: the profile id (e.g.
   * “mot-2021”) and the article number. Chinese: “%s 第%u条”. */
  return g_strdup_printf (_("%s art. %u"), self->profile_id, self->number);
}
