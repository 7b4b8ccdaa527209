/* placeholder: implementation in progress */
#include "sd-identifiers.h"
