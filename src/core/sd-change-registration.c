/* placeholder: implementation in progress */
#include "sd-change-registration.h"
