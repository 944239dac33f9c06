#include "common/lru_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cartd {
namespace {

using Cache = LruCache<std::string>;

std::shared_ptr<const std::string> Text(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

TEST(LruCacheTest, FindsWhatWasPut) {
  Cache cache(1 << 20);
  cache.Put("a", Text("first"), 5);
  const std::shared_ptr<const std::string> found = cache.Find("a");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "first");
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), 6u);  // the value's 5 bytes and the key's 1
}

TEST(LruCacheTest, PutReplacesTheValueUnderTheSameKey) {
  Cache cache(1 << 20);
  cache.Put("a", Text("first"), 5);
  cache.Put("a", Text("second"), 6);
  ASSERT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(*cache.Find("a"), "second");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), 7u);
}

TEST(LruCacheTest, AValueFoundStaysValidAfterItIsReplacedOrCleared) {
  Cache cache(1 << 20);
  cache.Put("a", Text("first"), 5);
  const std::shared_ptr<const std::string> found = cache.Find("a");
  cache.Put("a", Text("second"), 6);
  cache.Clear();
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "first");
}

TEST(LruCacheTest, StaysWithinItsCapacityByDroppingTheLeastRecentlyUsed) {
  // Eight shards of 4 KiB and entries of 1 KiB: a shard holds three at most.
  Cache cache(32 << 10);
  for (int i = 0; i < 200; ++i) cache.Put("cart-" + std::to_string(i), Text("x"), 1024);
  EXPECT_LE(cache.bytes(), std::size_t{32} << 10);
  EXPECT_GE(cache.size(), 8u);
  EXPECT_LE(cache.size(), 24u);
  EXPECT_NE(cache.Find("cart-199"), nullptr);
  EXPECT_EQ(cache.Find("cart-0"), nullptr);
}

TEST(LruCacheTest, AFindKeepsAnEntryFromBeingTheNextToGo) {
  Cache cache(32 << 10);
  cache.Put("keep", Text("x"), 1024);
  for (int i = 0; i < 200; ++i) {
    ASSERT_NE(cache.Find("keep"), nullptr) << "dropped before entry " << i;
    cache.Put("cart-" + std::to_string(i), Text("x"), 1024);
  }
  EXPECT_NE(cache.Find("keep"), nullptr);
}

TEST(LruCacheTest, AValueLargerThanAShardsShareIsNotKept) {
  Cache cache(32 << 10);
  cache.Put("big", Text("x"), 5000);
  EXPECT_EQ(cache.Find("big"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(LruCacheTest, EraseAndClearDropEntries) {
  Cache cache(1 << 20);
  cache.Put("a", Text("a"), 1);
  cache.Put("b", Text("b"), 1);
  cache.Erase("a");
  EXPECT_EQ(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("b"), nullptr);
  cache.Clear();
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(LruCacheTest, ZeroCapacityKeepsNothing) {
  Cache cache(0);
  cache.Put("a", Text("a"), 1);
  EXPECT_EQ(cache.Find("a"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace cartd
