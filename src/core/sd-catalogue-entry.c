/* placeholder: implementation in progress */
#include "sd-catalogue-entry.h"
