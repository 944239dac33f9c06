#include "common/private_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace cartd {
namespace {
namespace fs = std::filesystem;

class PrivateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/cartd-private-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  static unsigned Mode(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }

  fs::path root_;
};

TEST_F(PrivateFilesTest, NewDirectoriesAreOwnerOnlyWhateverTheUmask) {
  const mode_t old_umask = ::umask(022);
  const Status status = CreatePrivateDirectories(root_ / "a" / "b");
  ::umask(old_umask);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Mode(root_ / "a"), 0700u);
  EXPECT_EQ(Mode(root_ / "a" / "b"), 0700u);
}

TEST_F(PrivateFilesTest, ExistingDirectoriesKeepTheirMode) {
  fs::create_directory(root_ / "shared");
  fs::permissions(root_ / "shared", fs::perms(0755), fs::perm_options::replace);
  ASSERT_TRUE(CreatePrivateDirectories(root_ / "shared").ok());
  EXPECT_EQ(Mode(root_ / "shared"), 0755u);
}

TEST_F(PrivateFilesTest, AFileWhereTheDirectoryShouldBeIsAnError) {
  std::ofstream(root_ / "not-a-dir") << "x";
  const Status status = CreatePrivateDirectories(root_ / "not-a-dir");
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "cannot create directory " + (root_ / "not-a-dir").string() +
                                  ": a file of that name exists");
}

TEST_F(PrivateFilesTest, NewFilesAreOwnerOnlyAndExistingOnesKeepTheirContent) {
  const fs::path db = root_ / "carts.db";
  ASSERT_TRUE(CreatePrivateFile(db).ok());
  EXPECT_EQ(Mode(db), 0600u);
  EXPECT_EQ(fs::file_size(db), 0u);

  std::ofstream(db) << "kept";
  ASSERT_TRUE(CreatePrivateFile(db).ok());
  EXPECT_EQ(fs::file_size(db), 4u);
}

TEST_F(PrivateFilesTest, AFileInAMissingDirectoryIsAnErrorNamingIt) {
  const Status status = CreatePrivateFile(root_ / "missing" / "carts.db");
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_NE(status.message().find("missing/carts.db"), std::string::npos) << status.ToString();
}

TEST_F(PrivateFilesTest, AccessByOthersIsDescribedWithTheModeAndTheFix) {
  const fs::path dir = root_ / "data";
  fs::create_directory(dir);
  fs::permissions(dir, fs::perms(0755), fs::perm_options::replace);
  EXPECT_EQ(DescribeAccessByOthers(dir),
            dir.string() +
                " is accessible to group or others (mode 0755); it holds cartd's "
                "data: make it owner-only (chmod 700 " +
                dir.string() + ")");

  fs::permissions(dir, fs::perms(0700), fs::perm_options::replace);
  EXPECT_EQ(DescribeAccessByOthers(dir), std::nullopt);

  const fs::path file = dir / "carts.db";
  std::ofstream(file) << "x";
  fs::permissions(file, fs::perms(0640), fs::perm_options::replace);
  EXPECT_EQ(DescribeAccessByOthers(file),
            file.string() +
                " is accessible to group or others (mode 0640); it holds cartd's "
                "data: make it owner-only (chmod 600 " +
                file.string() + ")");
  EXPECT_EQ(DescribeAccessByOthers(dir / "absent"), std::nullopt);
}

}  // namespace
}  // namespace cartd
