// Store URLs: which CartStore a node uses (SPEC §6).
//   sqlite:///var/lib/cartd/cartd.db   an absolute path
//   sqlite://var/cartd.db              a path relative to the working directory
//   postgresql://user@host:5432/db     (also postgres://), any libpq connection URI
//   memory://                          in the process's memory: nothing on disk, gone at exit
// They are read with Boost.URL as common/url.h says: a character a URL cannot hold, such as a
// space, may be written as it is; a SQLite path is percent-decoded ("%3F" for a '?' in a name).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cartd {

struct StoreLocation {
  enum class Kind { kSqlite, kPostgres, kMemory };
  Kind kind = Kind::kSqlite;
  std::filesystem::path sqlite_path;  // kSqlite
  std::string postgres_uri;           // kPostgres
};

// Empty `url`: SQLite in `data_dir`/cartd.db. Errors: kInvalidInput naming what is wrong (an
// unknown scheme, a malformed URL, a SQLite URL with a query or no file). A PostgreSQL URL is
// checked further only when the store opens (storage::ParsePostgresUrl).
StatusOr<StoreLocation> ParseStoreUrl(std::string_view url, const std::filesystem::path& data_dir);

// For messages: the URL with any password (in the user information or a password= parameter)
// masked.
std::string DescribeStore(const StoreLocation& location);

}  // namespace cartd
