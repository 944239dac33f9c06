// Files and directories only their owner may read: cartd's data directory holds carts, orders
// and (without --jwks) the development signing key.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/status.h"

namespace cartd {

// Creates `dir` and any missing parents with mode 0700 (directories that exist are left as they
// are). Errors: kInvalidInput ("cannot create directory <path>: <reason>"), also when `dir` is a
// file.
Status CreatePrivateDirectories(const std::filesystem::path& dir);

// Creates `file` empty with mode 0600 when it does not exist, so that what opens it next (SQLite,
// which also gives its -wal and -shm files the database's mode) keeps it private. An existing
// file is left as it is. Errors: kInvalidInput naming the file and the reason.
Status CreatePrivateFile(const std::filesystem::path& file);

// When `path` exists and group or others have any access to it, a sentence saying so (with its
// mode in octal) for a start-up warning; nullopt otherwise.
std::optional<std::string> DescribeAccessByOthers(const std::filesystem::path& path);

}  // namespace cartd
