#include "auth/log_text.h"

#include <gtest/gtest.h>

#include <string>

namespace cartd::auth {
namespace {

TEST(QuoteForLogTest, QuotesPrintableText) {
  EXPECT_EQ(QuoteForLog("HS512"), "\"HS512\"");
  EXPECT_EQ(QuoteForLog(""), "\"\"");
}

TEST(QuoteForLogTest, EscapesQuotesBackslashesAndControlBytes) {
  EXPECT_EQ(QuoteForLog("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(QuoteForLog("line\nnext\x7f\xc3"), R"("line\x0anext\x7f\xc3")");
}

TEST(QuoteForLogTest, CutsLongText) {
  const std::string quoted = QuoteForLog(std::string(100, 'x'));
  EXPECT_EQ(quoted, "\"" + std::string(64, 'x') + "\"...");
}

}  // namespace
}  // namespace cartd::auth
