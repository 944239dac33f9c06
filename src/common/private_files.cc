#include "common/private_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace cartd {
namespace fs = std::filesystem;

Status CreatePrivateDirectories(const fs::path& dir) {
  // The missing directories, innermost first.
  std::vector<fs::path> missing;
  std::error_code error;
  for (fs::path at = dir; !at.empty() && !fs::exists(at, error); at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  if (missing.empty() && !fs::is_directory(dir, error)) {
    return InvalidInput("cannot create directory " + dir.string() + ": a file of that name exists");
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, error) && error) {
      return InvalidInput("cannot create directory " + it->string() + ": " + error.message());
    }
    fs::permissions(*it, fs::perms::owner_all, fs::perm_options::replace, error);
    if (error) {
      return InvalidInput("cannot make directory " + it->string() + " private: " + error.message());
    }
  }
  return Status::Ok();
}

Status CreatePrivateFile(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Ok();
    return InvalidInput("cannot create " + file.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  return Status::Ok();
}

std::optional<std::string> DescribeAccessByOthers(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) return std::nullopt;
  const fs::perms perms = status.permissions();
  const fs::perms others = fs::perms::group_all | fs::perms::others_all;
  if ((perms & others) == fs::perms::none) return std::nullopt;
  char mode[16];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(perms & fs::perms::mask));
  return path.string() + " is accessible to group or others (mode " + mode +
         "); it holds cartd's data: make it owner-only (chmod " +
         (fs::is_directory(status) ? "700 " : "600 ") + path.string() + ")";
}

}  // namespace cartd
