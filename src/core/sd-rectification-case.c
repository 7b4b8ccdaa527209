/* placeholder: implementation in progress */
#include "sd-rectification-case.h"
