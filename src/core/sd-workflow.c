/* placeholder: implementation in progress */
#include "sd-workflow.h"
