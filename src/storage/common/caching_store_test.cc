#include "storage/common/caching_store.h"

#include <gmock/gmock.h>

#include <memory>
#include <optional>
#include <utility>

#include "storage/memory/memory_store.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::storage {
namespace {

using test::CreateWrite;
using test::FullCart;
using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using test::UpdateWrite;
using ::testing::Optional;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";

// Counts how the cache reads the store beneath it: whole carts, or heads first.
class CountingStore final : public CartStoreWrapper {
 public:
  using CartStoreWrapper::CartStoreWrapper;
  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override {
    ++whole_reads;
    return CartStoreWrapper::FindCart(key);
  }
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override {
    ++head_reads;
    return CartStoreWrapper::FindChangedCart(key, known);
  }
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override {
    ++customer_reads;
    return CartStoreWrapper::FindCustomer(partner_tenant, customer_id);
  }
  int whole_reads = 0;
  int head_reads = 0;
  int customer_reads = 0;
};

// The write check reads the store too, which the counts below leave out; the conformance suite
// and every other test run with it.
CachingOptions Options(std::chrono::milliseconds customer_staleness = std::chrono::hours(1)) {
  return CachingOptions{.capacity_bytes = 1 << 20,
                        .customer_staleness = customer_staleness,
                        .check_kept_writes = false};
}

class CachingStoreTest : public ::testing::Test {
 protected:
  CachingStoreTest() {
    auto counting = std::make_unique<CountingStore>(std::make_unique<MemoryStore>());
    beneath_ = counting.get();
    cache_ = std::make_unique<CachingStore>(std::move(counting), Options());
  }

  CountingStore* beneath_;
  std::unique_ptr<CachingStore> cache_;
  const CartKey key_ = test::NewCartKey(kPartner, kCustomer);
};

TEST_F(CachingStoreTest, AWrittenCartIsReadBackThroughItsHeadOnly) {
  const CartRecord cart = FullCart(key_);
  ASSERT_THAT(cache_->Commit(CreateWrite(cart)), IsOk());
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(cart)));
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(cart)));
  EXPECT_EQ(beneath_->whole_reads, 0);
  EXPECT_EQ(beneath_->head_reads, 2);
  EXPECT_EQ(cache_->size(), 1u);
}

TEST_F(CachingStoreTest, ACartReadWholeOnceIsThenReadThroughItsHead) {
  const CartRecord cart = FullCart(key_);
  ASSERT_THAT(beneath_->Commit(CreateWrite(cart)), IsOk());
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(cart)));
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(cart)));
  EXPECT_EQ(beneath_->whole_reads, 1);
  EXPECT_EQ(beneath_->head_reads, 1);
}

TEST_F(CachingStoreTest, LinksAndAttributesOfAWriteAreNotKept) {
  CartRecord cart = FullCart(key_);
  CartRecord rendered = cart;
  rendered.cart.attributes = partnercenter::ResourceAttributes{"\"1\"", "Cart"};
  ASSERT_THAT(cache_->Commit(CreateWrite(rendered)), IsOk());
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(cart)));
}

TEST_F(CachingStoreTest, ACartChangedBeneathTheCacheIsReadAsChanged) {
  const CartRecord v1 = FullCart(key_, 1);
  ASSERT_THAT(cache_->Commit(CreateWrite(v1)), IsOk());
  CartRecord v2 = FullCart(key_, 2);
  v2.cart.line_items.pop_back();
  ASSERT_THAT(beneath_->Commit(UpdateWrite(v2)), IsOk());  // another node, or `cartd admin`

  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(v2)));
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(v2)));
  EXPECT_EQ(beneath_->whole_reads, 0);
}

TEST_F(CachingStoreTest, ACartDeletedBeneathTheCacheIsGone) {
  ASSERT_THAT(cache_->Commit(CreateWrite(FullCart(key_))), IsOk());
  ASSERT_THAT(beneath_->DeleteEverything(), IsOk());
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(std::nullopt));
  EXPECT_EQ(cache_->size(), 0u);
}

TEST_F(CachingStoreTest, AFailedWriteDropsWhatWasKept) {
  const CartRecord v1 = FullCart(key_, 1);
  ASSERT_THAT(cache_->Commit(CreateWrite(v1)), IsOk());
  CartRecord stale = FullCart(key_, 3);  // expects version 2: a conflict
  EXPECT_THAT(cache_->Commit(UpdateWrite(stale)), StatusIs(ErrorCode::kConflict));
  EXPECT_EQ(cache_->size(), 0u);
  EXPECT_THAT(cache_->FindCart(key_), IsOkAndHolds(Optional(v1)));
  EXPECT_EQ(beneath_->whole_reads, 1);
}

TEST_F(CachingStoreTest, WithoutCapacityEveryReadIsWhole) {
  auto counting = std::make_unique<CountingStore>(std::make_unique<MemoryStore>());
  CountingStore* beneath = counting.get();
  CachingOptions options = Options();
  options.capacity_bytes = 0;
  CachingStore uncached(std::move(counting), options);
  const CartRecord cart = FullCart(key_);
  ASSERT_THAT(uncached.Commit(CreateWrite(cart)), IsOk());
  EXPECT_THAT(uncached.FindCart(key_), IsOkAndHolds(Optional(cart)));
  EXPECT_EQ(beneath->whole_reads, 1);
  EXPECT_EQ(beneath->head_reads, 0);
}

const Customer kContoso{.partner_tenant = kPartner,
                        .id = kCustomer,
                        .country = "US",
                        .currency = "USD",
                        .company_name = "Contoso"};

TEST_F(CachingStoreTest, ACustomerIsReadOnceWithinItsStaleness) {
  ASSERT_THAT(beneath_->PutCustomer(kContoso), IsOk());
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  EXPECT_EQ(beneath_->customer_reads, 1);
  EXPECT_THAT(cache_->FindCustomer(kOtherPartner, kCustomer), IsOkAndHolds(std::nullopt));
}

TEST_F(CachingStoreTest, ACustomerChangedOrRemovedThroughTheCacheIsSeenAtOnce) {
  ASSERT_THAT(cache_->PutCustomer(kContoso), IsOk());
  ASSERT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  Customer moved = kContoso;
  moved.country = "NL";
  moved.currency = "EUR";
  ASSERT_THAT(cache_->PutCustomer(moved), IsOk());
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(moved)));
  ASSERT_THAT(cache_->RemoveCustomer(kPartner, kCustomer), IsOkAndHolds(true));
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
  ASSERT_THAT(cache_->PutCustomer(kContoso), IsOk());
  ASSERT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  ASSERT_THAT(cache_->DeleteEverything(), IsOk());
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
}

TEST_F(CachingStoreTest, ACustomerAddedBeneathTheCacheIsFoundAtOnce) {
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
  ASSERT_THAT(beneath_->PutCustomer(kContoso), IsOk());  // `cartd admin customers add`
  EXPECT_THAT(cache_->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
}

TEST_F(CachingStoreTest, ACustomerRemovedBeneathTheCacheIsGoneOnceTheStalenessHasPassed) {
  auto counting = std::make_unique<CountingStore>(std::make_unique<MemoryStore>());
  CountingStore* beneath = counting.get();
  CachingStore never_stale(std::move(counting), Options(std::chrono::milliseconds(0)));
  ASSERT_THAT(beneath->PutCustomer(kContoso), IsOk());
  ASSERT_THAT(never_stale.FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  ASSERT_THAT(beneath->RemoveCustomer(kPartner, kCustomer), IsOkAndHolds(true));
  EXPECT_THAT(never_stale.FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
  EXPECT_EQ(beneath->customer_reads, 2);
}

// The wrapped store's answer to a customer read is on its way back when another thread removes
// the customer through the cache: the removal must win.
TEST_F(CachingStoreTest, ACustomerRemovedWhileItWasBeingReadIsNotKept) {
  class RemovingWhileReading final : public CartStoreWrapper {
   public:
    using CartStoreWrapper::CartStoreWrapper;
    StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                   std::string_view customer_id) override {
      StatusOr<std::optional<Customer>> found =
          CartStoreWrapper::FindCustomer(partner_tenant, customer_id);
      if (cache != nullptr) {
        CachingStore* removing = std::exchange(cache, nullptr);
        EXPECT_THAT(removing->RemoveCustomer(partner_tenant, customer_id), IsOkAndHolds(true));
      }
      return found;
    }
    CachingStore* cache = nullptr;
  };
  auto racing = std::make_unique<RemovingWhileReading>(std::make_unique<MemoryStore>());
  RemovingWhileReading* beneath = racing.get();
  CachingStore cache(std::move(racing), Options());
  ASSERT_THAT(cache.PutCustomer(kContoso), IsOk());
  beneath->cache = &cache;

  EXPECT_THAT(cache.FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(kContoso)));
  EXPECT_THAT(cache.FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
}

}  // namespace
}  // namespace cartd::storage
