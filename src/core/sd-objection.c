/* placeholder: implementation in progress */
#include "sd-objection.h"
