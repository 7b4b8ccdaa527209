/* sd-core.h — the domain core of ShareDesk: include this one header. */
#pragma once

#include "sd-application.h"
#include "sd-article.h"
#include "sd-calendar.h"
#include "sd-catalogue-entry.h"
#include "sd-change-registration.h"
#include "sd-compliance.h"
#include "sd-enums.h"
#include "sd-identifiers.h"
#include "sd-information-item.h"
#include "sd-objection.h"
#include "sd-policy.h"
#include "sd-rectification-case.h"
#include "sd-workflow.h"
