// The development HS256 secret: generated into the data directory at first start so that a
// fresh cartd accepts tokens minted by `cartd token` without any key setup.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cartd::auth {

// The file name of the secret inside the data directory.
inline constexpr char kDevKeyFileName[] = "dev-signing-key";

// The secret's length when this function creates it (RFC 7518 §3.2: at least the hash size).
inline constexpr std::size_t kDevKeyBytes = 32;

// Returns the bytes of `data_dir`/dev-signing-key. When the file does not exist it is created
// (and `data_dir` with it, if missing) holding kDevKeyBytes random bytes, mode 0600, written and
// fsynced under a temporary name and then linked into place, so that a crash never leaves a
// partial key and concurrent first starts all end up with the same key. An existing file is
// returned as it is (an operator may supply their own secret), within the checks below.
// Thread-safe and safe across processes.
// Errors:
//   kInvalidInput  the existing file is shorter than kDevKeyBytes or longer than 4 KiB, is not a
//                  regular file, or is accessible to group or others (chmod 600 fixes that)
//   kInternal      the directory or file cannot be created, read or written (the message names
//                  the path and the system error)
StatusOr<std::string> LoadOrCreateDevKey(const std::filesystem::path& data_dir);

// The same for another secret of the data directory, in the file `file_name`.
StatusOr<std::string> LoadOrCreateSecret(const std::filesystem::path& data_dir,
                                         std::string_view file_name);

}  // namespace cartd::auth
