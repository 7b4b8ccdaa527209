/* placeholder: implementation in progress */
#include "sd-application.h"
