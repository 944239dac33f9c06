#include "common/second_formatter.h"

#include <gtest/gtest.h>

namespace cartd {
namespace {

TEST(SecondFormatterTest, FormatsEachSecondItIsGiven) {
  SecondFormatter formatter("%a, %d %b %Y %H:%M:%S GMT");
  EXPECT_EQ(formatter.Format(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(formatter.Format(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  // 2026-11-21T03:04:05Z, then back to an earlier second: nothing stale is returned.
  EXPECT_EQ(formatter.Format(1795230245), "Sat, 21 Nov 2026 03:04:05 GMT");
  EXPECT_EQ(formatter.Format(59), "Thu, 01 Jan 1970 00:00:59 GMT");
}

}  // namespace
}  // namespace cartd
