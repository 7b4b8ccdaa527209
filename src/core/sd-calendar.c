/* placeholder: implementation in progress */
#include "sd-calendar.h"
