#include "auth/dev_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>
#include <utility>

#include "common/ids.h"
#include "common/private_files.h"

namespace cartd::auth {
namespace {

constexpr std::size_t kMaxKeyFileBytes = 4096;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now so that a failing close (which can report a failed write) is seen.
  bool Close() {
    const int fd = std::exchange(fd_, -1);
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

Status SystemError(std::string what, const std::filesystem::path& path, int error) {
  return Internal(std::move(what) + " " + path.string() + ": " + std::strerror(error));
}

// nullopt when the file does not exist; the key bytes otherwise.
StatusOr<std::optional<std::string>> ReadKeyFile(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return SystemError("cannot open", path, errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return SystemError("cannot stat", path, errno);
  if (!S_ISREG(info.st_mode)) return InvalidInput(path.string() + " is not a regular file");
  if ((info.st_mode & 077) != 0) {
    return InvalidInput(path.string() +
                        " is accessible to group or others; the signing key must be mode 0600");
  }
  std::string key;
  char buffer[512];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return SystemError("cannot read", path, errno);
    }
    if (n == 0) break;
    key.append(buffer, static_cast<std::size_t>(n));
    if (key.size() > kMaxKeyFileBytes) {
      return InvalidInput(path.string() + " is longer than " + std::to_string(kMaxKeyFileBytes) +
                          " bytes");
    }
  }
  if (key.size() < kDevKeyBytes) {
    return InvalidInput(path.string() + " holds " + std::to_string(key.size()) +
                        " bytes; an HS256 key needs at least " + std::to_string(kDevKeyBytes));
  }
  return std::optional<std::string>(std::move(key));
}

Status WriteAll(int fd, const std::string& bytes, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SystemError("cannot write", path, errno);
    }
    written += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status SyncDirectory(const std::filesystem::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return SystemError("cannot open directory", dir, errno);
  if (::fsync(fd.get()) != 0) return SystemError("cannot fsync directory", dir, errno);
  return Status::Ok();
}

// Writes a new key under a temporary name and links it to `path`. Also OK when another process
// linked its key first: either way `path` then holds the key.
Status CreateKeyFile(const std::filesystem::path& dir, const std::filesystem::path& path) {
  std::string temp_name = (dir / (path.filename().string() + ".tmp-XXXXXX")).string();
  // mkstemp creates the file with mode 0600, so the key is never readable by others.
  FileDescriptor fd(::mkostemp(temp_name.data(), O_CLOEXEC));
  if (fd.get() < 0) return SystemError("cannot create a file in", dir, errno);
  const std::filesystem::path temp_path = temp_name;

  std::string key(kDevKeyBytes, '\0');
  RandomBytes(reinterpret_cast<unsigned char*>(key.data()), key.size());
  Status status = WriteAll(fd.get(), key, temp_path);
  if (status.ok() && ::fsync(fd.get()) != 0) status = SystemError("cannot fsync", temp_path, errno);
  if (status.ok() && !fd.Close()) status = SystemError("cannot close", temp_path, errno);
  bool linked = false;
  if (status.ok()) {
    // link() fails with EEXIST instead of replacing, unlike rename(): the first key wins.
    if (::link(temp_name.c_str(), path.c_str()) == 0) {
      linked = true;
    } else if (errno != EEXIST) {
      status = SystemError("cannot create", path, errno);
    }
  }
  ::unlink(temp_name.c_str());
  CARTD_RETURN_IF_ERROR(status);
  return linked ? SyncDirectory(dir) : Status::Ok();
}

}  // namespace

StatusOr<std::string> LoadOrCreateDevKey(const std::filesystem::path& data_dir) {
  return LoadOrCreateSecret(data_dir, kDevKeyFileName);
}

StatusOr<std::string> LoadOrCreateSecret(const std::filesystem::path& data_dir,
                                         std::string_view file_name) {
  if (Status created = CreatePrivateDirectories(data_dir); !created.ok()) {
    return Internal(created.message());
  }
  const std::filesystem::path path = data_dir / file_name;

  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> existing, ReadKeyFile(path));
  if (existing) return std::move(*existing);
  CARTD_RETURN_IF_ERROR(CreateKeyFile(data_dir, path));
  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> created, ReadKeyFile(path));
  if (!created) return Internal(path.string() + " disappeared right after it was created");
  return std::move(*created);
}

}  // namespace cartd::auth
