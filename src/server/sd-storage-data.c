/* sd-storage-data.c — datasets, subscriptions and feedback. */
#include "config.h"

#include "sd-storage-private.h"

const char _sd_storage_schema_data[] =
  "CREATE TABLE data_placeholder (id INTEGER PRIMARY KEY) STRICT;";
