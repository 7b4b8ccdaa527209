/* sd-storage-projects.c — projects, milestones and catalogue receipts. */
#include "config.h"

#include "sd-storage-private.h"

const char _sd_storage_schema_projects[] =
  "CREATE TABLE projects_placeholder (id INTEGER PRIMARY KEY) STRICT;";
