#include "cartd/store_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cartd {
namespace {

using ::cartd::test::StatusIs;
using ::testing::HasSubstr;

std::filesystem::path SqlitePathOf(std::string_view url) {
  StatusOr<StoreLocation> location = ParseStoreUrl(url, "/data");
  EXPECT_TRUE(location.ok()) << url << ": " << location.status().ToString();
  if (!location.ok()) return {};
  EXPECT_EQ(location->kind, StoreLocation::Kind::kSqlite) << url;
  return location->sqlite_path;
}

TEST(ParseStoreUrlTest, SqlitePaths) {
  EXPECT_EQ(SqlitePathOf(""), "/data/cartd.db");
  EXPECT_EQ(SqlitePathOf("sqlite:///var/lib/cartd/cartd.db"), "/var/lib/cartd/cartd.db");
  EXPECT_EQ(SqlitePathOf("sqlite://var/cartd.db"), "var/cartd.db");
  EXPECT_EQ(SqlitePathOf("sqlite://cartd.db"), "cartd.db");
  EXPECT_EQ(SqlitePathOf("sqlite://./x.db"), "./x.db");
  EXPECT_EQ(SqlitePathOf("sqlite:///my data/caf%C3%A9%3F.db"), "/my data/caf\xc3\xa9?.db");
}

TEST(ParseStoreUrlTest, PostgresUrlsAreKeptAsWritten) {
  for (const char* url : {"postgresql://cartd:secret@db:5433/carts?pool_size=4",
                          "postgres://h1:5432,h2:5432/db", "postgresql:///db"}) {
    StatusOr<StoreLocation> location = ParseStoreUrl(url, "/data");
    ASSERT_TRUE(location.ok()) << url << ": " << location.status().ToString();
    EXPECT_EQ(location->kind, StoreLocation::Kind::kPostgres);
    EXPECT_EQ(location->postgres_uri, url);
  }
}

TEST(ParseStoreUrlTest, MemoryIsTheInProcessStore) {
  StatusOr<StoreLocation> location = ParseStoreUrl("memory://", "/data");
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_EQ(location->kind, StoreLocation::Kind::kMemory);
  EXPECT_EQ(DescribeStore(*location), "memory://");
  for (const char* url : {"memory://x", "memory:///x", "memory://?a=b"}) {
    EXPECT_THAT(ParseStoreUrl(url, "/data").status().message(),
                HasSubstr("memory:// takes nothing else"))
        << url;
  }
}

TEST(ParseStoreUrlTest, RefusesWhatNamesNoStore) {
  EXPECT_THAT(ParseStoreUrl("sqlite://", "/data"), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(ParseStoreUrl("sqlite://", "/data").status().message(), HasSubstr("names no file"));
  EXPECT_THAT(ParseStoreUrl("sqlite:///x.db?mode=ro", "/data").status().message(),
              HasSubstr("takes no query or fragment"));
  for (const char* url : {"mysql://user@db/cartd", "SQLITE:///x.db", "sqlite:x.db", "/var/x.db",
                          "postgresql:db", "sqlite:///50%.db"}) {
    StatusOr<StoreLocation> location = ParseStoreUrl(url, "/data");
    EXPECT_THAT(location, StatusIs(ErrorCode::kInvalidInput)) << url;
    EXPECT_THAT(location.status().message(),
                HasSubstr("use sqlite:///path/to/file.db, postgresql://user@host/db or memory://"))
        << url;
  }
}

TEST(DescribeStoreTest, ShowsTheUrlWithPasswordsMasked) {
  StoreLocation sqlite;
  sqlite.sqlite_path = "/var/x.db";
  EXPECT_EQ(DescribeStore(sqlite), "sqlite:///var/x.db");
  auto postgres = [](std::string uri) {
    StoreLocation location;
    location.kind = StoreLocation::Kind::kPostgres;
    location.postgres_uri = std::move(uri);
    return DescribeStore(location);
  };
  EXPECT_EQ(postgres("postgresql://nobody@127.0.0.1:1/none"),
            "postgresql://nobody@127.0.0.1:1/none");
  EXPECT_EQ(postgres("postgresql://u:s%40cret@h/db?sslmode=require"),
            "postgresql://u:***@h/db?sslmode=require");
  EXPECT_EQ(postgres("postgresql://u@h/db?password=secret&sslmode=require"),
            "postgresql://u@h/db?password=***&sslmode=require");
}

}  // namespace
}  // namespace cartd
