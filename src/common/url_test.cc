#include "common/url.h"

#include <gtest/gtest.h>

namespace cartd {
namespace {

TEST(ParseOperatorUrlTest, ReadsWhatAUrlCannotHoldAsPercentEncoded) {
  const auto url = ParseOperatorUrl("sqlite:///my data/caf\xc3\xa9\"<x>.db");
  ASSERT_TRUE(url) << url.error().message();
  EXPECT_EQ(url->buffer(), "sqlite:///my%20data/caf%C3%A9%22%3Cx%3E.db");
  EXPECT_EQ(url->path(), "/my data/caf\xc3\xa9\"<x>.db");
}

TEST(ParseOperatorUrlTest, KeepsTheEscapesAndDelimitersWritten) {
  const auto url = ParseOperatorUrl("postgresql://u:p%40ss@[::1]:5433/db?sslmode=require#f");
  ASSERT_TRUE(url) << url.error().message();
  EXPECT_EQ(url->buffer(), "postgresql://u:p%40ss@[::1]:5433/db?sslmode=require#f");
  EXPECT_EQ(url->password(), "p@ss");
  EXPECT_EQ(url->host(), "[::1]");
  EXPECT_EQ(url->port_number(), 5433);
}

TEST(ParseOperatorUrlTest, RefusesWhatIsMalformedEvenSo) {
  for (const char* bad : {"", "no scheme", "/var/cartd.db", "sqlite:///a%zz", "x://[::1/db"}) {
    EXPECT_FALSE(ParseOperatorUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace cartd
