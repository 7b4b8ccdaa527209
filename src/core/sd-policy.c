/* placeholder: implementation in progress */
#include "sd-policy.h"
