// A fresh, empty directory for one test, removed with everything in it when the TempDir goes out
// of scope. Real files in a private place: tests never share state through the file system.
#pragma once

#include <filesystem>
#include <string>

namespace cartd::test {

// Not thread-safe to construct concurrently with destruction of the same object; distinct
// TempDirs are independent.
class TempDir {
 public:
  // Creates "<system temp dir>/cartd-XXXXXX". Aborts the test binary when that fails, since no test
  // could run meaningfully without it.
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // path() / name.
  std::filesystem::path File(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `text` to `path`: beside it first, then renamed into place, so that a reader (a server
// reloading the file) never sees half of it.
void WriteFile(const std::filesystem::path& path, const std::string& text);
// The whole content of `path`; "" when it cannot be read.
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace cartd::test
