/* sd-article.h — a reference to an article of one of the regulations.
 *
 * Every rule, deadline and violation kind in a policy profile carries the
 * article it comes from, written in the profile JSON as "art. 12" or
 * "art. 7(1)" (article 7, item 1). Displayed as "mot-2021 art. 7(1)" in
 * English and "mot-2021 第7条第(1)项" in Chinese.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_TYPE_ARTICLE (sd_article_get_type ())

typedef struct _SdArticle SdArticle;

struct _SdArticle {
  char  *profile_id;   /* "mot-2021" */
  guint  number;       /* 12 */
  guint  item;         /* 1 for "(1)", 0 when the whole article is meant */
};

GType       sd_article_get_type   (void) G_GNUC_CONST;

/* Parses "art. 12" or "art. 7(1)"; sets G_IO_ERROR_INVALID_DATA otherwise. */
SdArticle  *sd_article_parse      (const char       *profile_id,
                                   const char       *text,
                                   GError          **error);
SdArticle  *sd_article_copy       (const SdArticle  *self);
void        sd_article_free       (SdArticle        *self);

/* Machine form, locale independent: "mot-2021 art. 7(1)". */
char       *sd_article_to_string  (const SdArticle  *self);
/* Translated form for people. */
char       *sd_article_format     (const SdArticle  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdArticle, sd_article_free)

G_END_DECLS
