/* placeholder: implementation in progress */
#include "sd-information-item.h"
