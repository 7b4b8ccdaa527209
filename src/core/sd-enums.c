/* placeholder: implementation in progress */
#include "sd-enums.h"
