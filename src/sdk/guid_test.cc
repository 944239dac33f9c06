#include "sdk/guid.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace partnercenter::internal {
namespace {

TEST(GuidTest, IsLowercaseVersion4InCanonicalForm) {
  for (int i = 0; i < 100; ++i) {
    const std::string guid = NewGuid();
    EXPECT_THAT(guid, ::testing::MatchesRegex(
                          "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  }
}

TEST(GuidTest, DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewGuid());
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace partnercenter::internal
