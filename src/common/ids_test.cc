#include "common/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cartd {
namespace {

TEST(IdsTest, NewGuidIsCanonicalVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string guid = NewGuid();
    ASSERT_EQ(guid.size(), 36u);
    EXPECT_EQ(guid[14], '4');
    EXPECT_TRUE(guid[19] == '8' || guid[19] == '9' || guid[19] == 'a' || guid[19] == 'b');
    EXPECT_EQ(CanonicalGuid(guid), guid);
    EXPECT_TRUE(seen.insert(guid).second);
  }
}

TEST(IdsTest, RandomBytesNeverRepeatAcrossBlocksOrThreads) {
  // Slices of a thread's block (many blocks' worth), large requests that bypass the block, and
  // other threads' blocks: no two 16-byte draws alike, none all zero.
  std::set<std::string> seen;
  auto draw = [](std::size_t size) {
    std::string bytes(size, '\0');
    RandomBytes(reinterpret_cast<unsigned char*>(bytes.data()), size);
    return bytes;
  };
  for (int i = 0; i < 2000; ++i) {
    const std::string bytes = draw(16);
    EXPECT_NE(bytes, std::string(16, '\0'));
    EXPECT_TRUE(seen.insert(bytes).second);
  }
  const std::string large = draw(8192);
  EXPECT_TRUE(seen.insert(large.substr(0, 16)).second);
  EXPECT_TRUE(seen.insert(large.substr(8176)).second);
  std::vector<std::string> from_threads(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < from_threads.size(); ++t) {
    threads.emplace_back([&, t] { from_threads[t] = draw(16); });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& bytes : from_threads) EXPECT_TRUE(seen.insert(bytes).second);
}

TEST(IdsTest, NewHexIdHasTheLengthAskedFor) {
  const std::string id = NewHexId(12);
  ASSERT_EQ(id.size(), 12u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(IdsTest, CanonicalGuidLowercasesAndAcceptsBraces) {
  EXPECT_EQ(CanonicalGuid("D6BF25B7-E0A8-4F2D-A31B-97B55CFC774D"),
            "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d");
  EXPECT_EQ(CanonicalGuid("{d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d}"),
            "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d");
}

TEST(IdsTest, CanonicalGuidRefusesEverythingElse) {
  EXPECT_EQ(CanonicalGuid(""), std::nullopt);
  EXPECT_EQ(CanonicalGuid("not-a-guid"), std::nullopt);
  EXPECT_EQ(CanonicalGuid("d6bf25b7e0a84f2da31b97b55cfc774d"), std::nullopt);
  EXPECT_EQ(CanonicalGuid("d6bf25b7-e0a8-4f2d-a31b-97b55cfc774g"), std::nullopt);
  EXPECT_EQ(CanonicalGuid("d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d0"), std::nullopt);
  EXPECT_EQ(CanonicalGuid("{d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"), std::nullopt);
}

}  // namespace
}  // namespace cartd
