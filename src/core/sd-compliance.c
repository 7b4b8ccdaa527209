/* placeholder: implementation in progress */
#include "sd-compliance.h"
