#include "auth/token_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace cartd::auth {
namespace {

constexpr std::size_t kPlenty = 1 << 20;

VerifiedClaims ClaimsFor(std::string_view token) {
  VerifiedClaims claims;
  claims.principal.partner_tenant = std::string(token);
  claims.principal.app_id = "app";
  claims.principal.app_only = true;
  claims.expires = Timestamp(std::chrono::seconds(1000));
  claims.not_before = Timestamp(std::chrono::seconds(10));
  return claims;
}

void ExpectCached(const TokenCache& cache, std::string_view token) {
  const std::optional<VerifiedClaims> found = cache.Find(token);
  ASSERT_TRUE(found.has_value()) << token;
  EXPECT_EQ(found->principal.partner_tenant, token);
  EXPECT_EQ(found->principal.app_id, "app");
  EXPECT_TRUE(found->principal.app_only);
  EXPECT_EQ(found->expires, Timestamp(std::chrono::seconds(1000)));
  EXPECT_EQ(found->not_before, Timestamp(std::chrono::seconds(10)));
}

TEST(TokenCacheTest, FindsWhatWasInsertedAndNothingElse) {
  TokenCache cache(10, kPlenty);
  EXPECT_EQ(cache.Find("a.b.c"), std::nullopt);
  cache.Insert("a.b.c", ClaimsFor("a.b.c"));
  ExpectCached(cache, "a.b.c");
  EXPECT_EQ(cache.Find("a.b.d"), std::nullopt);
  EXPECT_EQ(cache.Find("a.b.c "), std::nullopt);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TokenCacheTest, EvictsTheOldestEntryBeyondMaxEntries) {
  TokenCache cache(2, kPlenty);
  cache.Insert("one", ClaimsFor("one"));
  cache.Insert("two", ClaimsFor("two"));
  cache.Insert("one", ClaimsFor("one"));  // already present: neither duplicated nor refreshed
  cache.Insert("three", ClaimsFor("three"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find("one"), std::nullopt);
  ExpectCached(cache, "two");
  ExpectCached(cache, "three");
}

TEST(TokenCacheTest, EvictsTheOldestEntriesBeyondMaxBytes) {
  const std::string token_a(1000, 'a');
  const std::string token_b(1000, 'b');
  const std::string token_c(1000, 'c');
  // Two 1000-byte tokens with their overhead and claims (under 500 bytes each) fit; three
  // tokens exceed the bound by their text alone.
  TokenCache cache(100, 3000);
  cache.Insert(token_a, ClaimsFor("x"));
  cache.Insert(token_b, ClaimsFor("x"));
  EXPECT_EQ(cache.size(), 2u);
  cache.Insert(token_c, ClaimsFor("x"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find(token_a), std::nullopt);
  EXPECT_TRUE(cache.Find(token_b).has_value());
  EXPECT_TRUE(cache.Find(token_c).has_value());
}

TEST(TokenCacheTest, DoesNotStoreAnEntryLargerThanMaxBytes) {
  TokenCache cache(100, 500);
  cache.Insert("small", ClaimsFor("small"));
  cache.Insert(std::string(1000, 'x'), ClaimsFor("x"));
  EXPECT_EQ(cache.size(), 1u);
  ExpectCached(cache, "small");
}

TEST(TokenCacheTest, ZeroEntriesDisablesTheCache) {
  TokenCache cache(0, kPlenty);
  cache.Insert("a.b.c", ClaimsFor("a.b.c"));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find("a.b.c"), std::nullopt);
}

TEST(TokenCacheTest, ConcurrentInsertsAndFindsStayConsistent) {
  TokenCache cache(64, kPlenty);
  constexpr int kThreads = 4;
  constexpr int kTokensPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < kTokensPerThread; ++i) {
        const std::string token = "t" + std::to_string(t) + "-" + std::to_string(i);
        cache.Insert(token, ClaimsFor(token));
        cache.Insert("shared", ClaimsFor("shared"));
        // Another thread may have evicted it already, but whatever is found must be its own.
        if (const auto found = cache.Find(token)) {
          EXPECT_EQ(found->principal.partner_tenant, token);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(cache.size(), 64u);
}

}  // namespace
}  // namespace cartd::auth
