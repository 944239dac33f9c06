#include "auth/dev_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace cartd::auth {
namespace {

namespace fs = std::filesystem;

class DevKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cartd-dev-key-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  static void WriteFile(const fs::path& path, const std::string& bytes, mode_t mode) {
    std::ofstream(path, std::ios::binary) << bytes;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }

  fs::path root_;
};

TEST_F(DevKeyTest, CreatesDirectoryAndA32ByteKeyWithMode0600) {
  const fs::path data_dir = root_ / "nested" / "data";
  const StatusOr<std::string> key = LoadOrCreateDevKey(data_dir);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), 32u);
  EXPECT_NE(*key, std::string(32, '\0'));

  struct stat info {};
  ASSERT_EQ(::stat((data_dir / "dev-signing-key").c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(info.st_size, 32);

  // Nothing but the key is left in the directory (the temporary file is gone).
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"dev-signing-key"});
}

TEST_F(DevKeyTest, IsStableAcrossCalls) {
  const StatusOr<std::string> first = LoadOrCreateDevKey(root_);
  const StatusOr<std::string> second = LoadOrCreateDevKey(root_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
}

TEST_F(DevKeyTest, DifferentDirectoriesGetDifferentKeys) {
  const StatusOr<std::string> a = LoadOrCreateDevKey(root_ / "a");
  const StatusOr<std::string> b = LoadOrCreateDevKey(root_ / "b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(DevKeyTest, ConcurrentFirstCallsAgreeOnOneKey) {
  constexpr int kThreads = 8;
  std::vector<std::string> keys(kThreads);
  std::vector<Status> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      StatusOr<std::string> key = LoadOrCreateDevKey(root_);
      statuses[i] = key.status();
      if (key.ok()) keys[i] = *key;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].ToString();
    EXPECT_EQ(keys[i], keys[0]);
  }
  EXPECT_EQ(keys[0].size(), 32u);
}

TEST_F(DevKeyTest, ReturnsAnOperatorSuppliedKeyAsItIs) {
  const std::string supplied = "an operator-chosen secret of more than 32 bytes\n";
  WriteFile(root_ / "dev-signing-key", supplied, 0600);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(*key, supplied);
}

TEST_F(DevKeyTest, RefusesAShortKeyFile) {
  WriteFile(root_ / "dev-signing-key", "short", 0600);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_);
  EXPECT_EQ(key.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(key.status().message().find("holds 5 bytes"), std::string::npos)
      << key.status().message();
}

TEST_F(DevKeyTest, RefusesAnOversizedKeyFile) {
  WriteFile(root_ / "dev-signing-key", std::string(5000, 'k'), 0600);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_);
  EXPECT_EQ(key.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(key.status().message().find("longer than 4096 bytes"), std::string::npos)
      << key.status().message();
}

TEST_F(DevKeyTest, RefusesAKeyFileOthersCanRead) {
  WriteFile(root_ / "dev-signing-key", std::string(32, 'k'), 0644);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_);
  EXPECT_EQ(key.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(key.status().message().find("must be mode 0600"), std::string::npos)
      << key.status().message();
}

TEST_F(DevKeyTest, RefusesAKeyPathThatIsADirectory) {
  fs::create_directory(root_ / "dev-signing-key");
  ::chmod((root_ / "dev-signing-key").c_str(), 0700);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_);
  EXPECT_EQ(key.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(key.status().message().find("is not a regular file"), std::string::npos)
      << key.status().message();
}

TEST_F(DevKeyTest, DataDirThatIsAFileIsAnInternalError) {
  WriteFile(root_ / "not-a-dir", "x", 0600);
  const StatusOr<std::string> key = LoadOrCreateDevKey(root_ / "not-a-dir");
  EXPECT_EQ(key.status().code(), ErrorCode::kInternal);
  EXPECT_NE(key.status().message().find("cannot create directory"), std::string::npos)
      << key.status().message();
}

}  // namespace
}  // namespace cartd::auth
