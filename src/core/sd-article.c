/* placeholder: implementation in progress */
#include "sd-article.h"
