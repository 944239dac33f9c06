#include "tests/testing/temp_dir.h"

#include <stdlib.h>

#include <cstdio>
#include <string>
#include <system_error>

namespace cartd::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cartd-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace cartd::test
