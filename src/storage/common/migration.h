// A versioned schema migration, as both stores embed them: the files
// src/storage/<backend>/migrations/NNNN_name.sql, compiled into the binary by
// cartd_embed_migrations() (cmake/CartdHelpers.cmake).
#pragma once

#include <span>
#include <string_view>

#include "common/status.h"

namespace cartd::storage {

struct Migration {
  int version;            // 1, 2, ...: the file's number
  std::string_view name;  // the file name without ".sql", e.g. "0001_init"
  std::string_view sql;   // the file's content: one or more statements
};

// OK when `migrations` are numbered 1..n in order; kInternal naming the first that is not.
Status CheckMigrationNumbering(std::span<const Migration> migrations);

}  // namespace cartd::storage
