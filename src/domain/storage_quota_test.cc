// The per-partner storage quota: the ledger (StorageQuota) on the in-memory store and a fake
// clock, then the quota as CartService applies it to creates, replaces and checkouts.
#include "domain/storage_quota.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "domain/cart_service.h"
#include "domain/cart_store_wrapper.h"
#include "domain/list_pages.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;
using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using ::testing::HasSubstr;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
constexpr std::int64_t kKiB = 1024;

Timestamp Start() { return Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20)); }

// A store that counts how often the ledger reads a partner's figure.
class CountingStore final : public CartStoreWrapper {
 public:
  CountingStore() : CartStoreWrapper(std::make_unique<storage::MemoryStore>()) {}
  StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) override {
    ++reads;
    return CartStoreWrapper::StoredBytes(partner_tenant);
  }
  std::atomic<int> reads{0};
};

// Stores a cart of `partner_tenant` straight into the store (as another node would), and returns
// the bytes it stored.
std::int64_t StoreDirectly(CartStore& store, const std::string& partner_tenant,
                           std::size_t padding) {
  CartRecord cart;
  cart.key = CartKey{partner_tenant, kCustomer, "cart-" + std::to_string(padding)};
  cart.version = 1;
  cart.cart.last_modified_user = std::string(padding, 'x');
  std::int64_t bytes = 0;
  CartWrite write;
  write.cart = cart;
  write.admit = [&bytes](std::int64_t b) {
    bytes = b;
    return Status::Ok();
  };
  EXPECT_THAT(store.Commit(write), IsOk());
  return bytes;
}

class StorageQuotaTest : public ::testing::Test {
 protected:
  StorageQuota MakeQuota(std::int64_t max_bytes) {
    return StorageQuota(store_, clock_,
                        StorageQuotaOptions{.max_bytes = max_bytes,
                                            .refresh_after = std::chrono::minutes(1),
                                            .reply_retention = std::chrono::hours(24)});
  }

  FakeClock clock_{Start()};
  CountingStore store_;
};

TEST_F(StorageQuotaTest, WithoutAQuotaEverythingIsAdmittedAndTheStoreIsNeverRead) {
  StorageQuota quota = MakeQuota(0);
  EXPECT_FALSE(quota.enabled());
  EXPECT_THAT(quota.Reserve(kPartner, std::int64_t{1} << 40), IsOk());
  quota.Settle(kPartner, std::int64_t{1} << 40, true);
  EXPECT_EQ(store_.reads.load(), 0);
  EXPECT_EQ(quota.refusals(), 0);
}

TEST_F(StorageQuotaTest, TheFirstWriteReadsTheStoreAndLaterOnesAreAddedUp) {
  const std::int64_t stored = StoreDirectly(store_, kPartner, 1000);
  StorageQuota quota = MakeQuota(64 * kKiB);

  ASSERT_THAT(quota.Reserve(kPartner, 500), IsOk());
  EXPECT_EQ(store_.reads.load(), 1);
  EXPECT_EQ(quota.CachedUsage(kPartner), stored);
  quota.Settle(kPartner, 500, true);
  EXPECT_EQ(quota.CachedUsage(kPartner), stored + 500);

  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(quota.Reserve(kPartner, 100), IsOk());
    quota.Settle(kPartner, 100, true);
  }
  EXPECT_EQ(store_.reads.load(), 1);
  EXPECT_EQ(quota.CachedUsage(kPartner), stored + 1500);
  EXPECT_EQ(quota.LargestUsage(), stored + 1500);
}

TEST_F(StorageQuotaTest, AFigureOlderThanTheBoundIsReadAgain) {
  StorageQuota quota = MakeQuota(64 * kKiB);
  ASSERT_THAT(quota.Reserve(kPartner, 100), IsOk());
  quota.Settle(kPartner, 100, true);  // never reached the store: the ledger over-counts
  EXPECT_EQ(quota.CachedUsage(kPartner), 100);

  clock_.Advance(std::chrono::seconds(59));
  ASSERT_THAT(quota.Reserve(kPartner, 100), IsOk());
  quota.Settle(kPartner, 100, false);
  EXPECT_EQ(store_.reads.load(), 1);

  clock_.Advance(std::chrono::seconds(1));
  ASSERT_THAT(quota.Reserve(kPartner, 100), IsOk());
  quota.Settle(kPartner, 100, false);
  EXPECT_EQ(store_.reads.load(), 2);
  EXPECT_EQ(quota.CachedUsage(kPartner), 0);  // the store's figure
}

TEST_F(StorageQuotaTest, AWriteThatWouldCrossIsDecidedOnTheStoresFigure) {
  StorageQuota quota = MakeQuota(10 * kKiB);
  // The ledger believes 9 KiB are stored; the store holds nothing.
  ASSERT_THAT(quota.Reserve(kPartner, 9 * kKiB), IsOk());
  quota.Settle(kPartner, 9 * kKiB, true);
  ASSERT_EQ(store_.reads.load(), 1);

  // 2 KiB more would cross by the ledger's figure: the store is read, and has room.
  ASSERT_THAT(quota.Reserve(kPartner, 2 * kKiB), IsOk());
  EXPECT_EQ(store_.reads.load(), 2);
  quota.Settle(kPartner, 2 * kKiB, false);
  EXPECT_EQ(quota.CachedUsage(kPartner), 0);
  EXPECT_EQ(quota.refusals(), 0);

  // Another node stores 9 KiB: a write that fits the ledger's fresh figure is admitted (that node's
  // writes are seen at the next read), one that would cross it is refused on the store's figure.
  const std::int64_t elsewhere = StoreDirectly(store_, kPartner, 9 * kKiB);
  ASSERT_THAT(quota.Reserve(kPartner, 5 * kKiB), IsOk());
  quota.Settle(kPartner, 5 * kKiB, true);
  EXPECT_EQ(store_.reads.load(), 2);
  const Status refused = quota.Reserve(kPartner, 6 * kKiB);
  EXPECT_THAT(refused, StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_EQ(store_.reads.load(), 3);
  EXPECT_EQ(quota.CachedUsage(kPartner), elsewhere);
  EXPECT_EQ(quota.refusals(), 1);
  EXPECT_THAT(refused.message(), HasSubstr("storage quota of 10 KiB"));
  EXPECT_THAT(refused.message(), HasSubstr("this request would store 6 KiB more"));
  EXPECT_THAT(refused.message(), HasSubstr("24 hours"));
  EXPECT_THAT(refused.message(), HasSubstr("expire"));

  // Exactly up to the quota is allowed.
  ASSERT_THAT(quota.Reserve(kPartner, 10 * kKiB - elsewhere), IsOk());
  EXPECT_THAT(quota.Reserve(kPartner, 1), StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_EQ(quota.refusals(), 2);
}

TEST_F(StorageQuotaTest, WritesInFlightCountUntilSettled) {
  StorageQuota quota = MakeQuota(10 * kKiB);
  ASSERT_THAT(quota.Reserve(kPartner, 6 * kKiB), IsOk());
  EXPECT_THAT(quota.Reserve(kPartner, 6 * kKiB), StatusIs(ErrorCode::kStorageQuotaExceeded));
  quota.Settle(kPartner, 6 * kKiB, false);  // the first write failed: its bytes are released
  ASSERT_THAT(quota.Reserve(kPartner, 6 * kKiB), IsOk());
  quota.Settle(kPartner, 6 * kKiB, true);
  EXPECT_EQ(quota.CachedUsage(kPartner), 6 * kKiB);
}

TEST_F(StorageQuotaTest, EachPartnerHasItsOwnQuota) {
  StorageQuota quota = MakeQuota(10 * kKiB);
  const std::int64_t stored = StoreDirectly(store_, kPartner, 9 * kKiB);
  EXPECT_THAT(quota.Reserve(kPartner, 10 * kKiB - stored + 1),
              StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_THAT(quota.Reserve(kOtherPartner, 10 * kKiB), IsOk());
}

TEST_F(StorageQuotaTest, MarkStaleHasEveryFigureReadAgain) {
  StorageQuota quota = MakeQuota(10 * kKiB);
  for (const char* partner : {kPartner, kOtherPartner}) {
    ASSERT_THAT(quota.Reserve(partner, kKiB), IsOk());
    quota.Settle(partner, kKiB, true);
  }
  ASSERT_EQ(store_.reads.load(), 2);
  quota.MarkStale();
  for (const char* partner : {kPartner, kOtherPartner}) {
    ASSERT_THAT(quota.Reserve(partner, kKiB), IsOk());
    quota.Settle(partner, kKiB, false);
    EXPECT_EQ(quota.CachedUsage(partner), 0) << partner;
  }
  EXPECT_EQ(store_.reads.load(), 4);
}

TEST_F(StorageQuotaTest, AStoreThatCannotBeReadFailsTheWrite) {
  class Unreachable final : public CartStoreWrapper {
   public:
    Unreachable() : CartStoreWrapper(std::make_unique<storage::MemoryStore>()) {}
    StatusOr<std::int64_t> StoredBytes(std::string_view) override {
      return Unavailable("store down");
    }
  } store;
  StorageQuotaOptions options;
  options.max_bytes = kKiB;
  StorageQuota quota(store, clock_, options);
  EXPECT_THAT(quota.Reserve(kPartner, 1), StatusIs(ErrorCode::kUnavailable));
  EXPECT_EQ(quota.refusals(), 0);
}

TEST(FormatBytesTest, NamesTheLargestWholeUnit) {
  EXPECT_EQ(FormatBytes(0), "0 bytes");
  EXPECT_EQ(FormatBytes(1), "1 byte");
  EXPECT_EQ(FormatBytes(1023), "1023 bytes");
  EXPECT_EQ(FormatBytes(1024), "1 KiB");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(std::int64_t{256} << 20), "256 MiB");
  EXPECT_EQ(FormatBytes(std::int64_t{3} << 29), "1.5 GiB");
}

// ---------------------------------------------------------------------------------------------
// The quota as CartService applies it

CartLineItem Line(int quantity) {
  CartLineItem line;
  line.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  line.quantity = quantity;
  line.billing_cycle = BillingCycle::kMonthly;
  line.term_duration = "P1M";
  return line;
}

Cart Draft(int lines) {
  Cart cart;
  for (int i = 0; i < lines; ++i) cart.line_items.push_back(Line(i + 1));
  return cart;
}

IdempotencyKey KeyFor(const Customer& customer, const std::string& request_id) {
  return IdempotencyKey{.partner_tenant = customer.partner_tenant,
                        .customer_id = customer.id,
                        .request_id = request_id,
                        .method = "PUT",
                        .path = "/v1/customers/c/carts/x",
                        .body_digest = "d"};
}

class CartServiceQuotaTest : public ::testing::Test {
 protected:
  // A quota that holds `carts` carts like Draft(10) and not one more.
  void StartWithRoomFor(int carts) {
    // Measure one such cart on a service without a quota.
    storage::MemoryStore scratch;
    CartService measuring(scratch, clock_, catalog_, CartServiceOptions{});
    ASSERT_THAT(measuring.CreateCart(caller_, customer_, Draft(10), nullptr), IsOk());
    ASSERT_OK_AND_ASSIGN(cart_bytes_, scratch.StoredBytes(kPartner));
    CartServiceOptions options;
    options.partner_storage_quota = carts * cart_bytes_ + cart_bytes_ / 2;
    service_ = std::make_unique<CartService>(store_, clock_, catalog_, options);
  }

  StatusOr<CartRecord> Create(const Principal& caller, const Customer& customer) {
    return service_->CreateCart(caller, customer, Draft(10), nullptr);
  }

  FakeClock clock_{Start()};
  CatalogHolder catalog_;  // no catalog: lines are not checked against one
  CountingStore store_;
  std::unique_ptr<CartService> service_;
  std::int64_t cart_bytes_ = 0;
  Principal caller_{
      .partner_tenant = kPartner, .user_object_id = "u", .app_id = "", .app_only = false};
  Principal other_caller_{
      .partner_tenant = kOtherPartner, .user_object_id = "u", .app_id = "", .app_only = false};
  Customer customer_{.partner_tenant = kPartner,
                     .id = kCustomer,
                     .country = "US",
                     .currency = "USD",
                     .company_name = "Contoso"};
  Customer other_customer_{.partner_tenant = kOtherPartner,
                           .id = kOtherCustomer,
                           .country = "US",
                           .currency = "USD",
                           .company_name = "Fabrikam"};
};

TEST_F(CartServiceQuotaTest, ACreateOverTheQuotaIsRefusedAndStoresNothing) {
  ASSERT_NO_FATAL_FAILURE(StartWithRoomFor(3));
  for (int i = 0; i < 3; ++i) ASSERT_THAT(Create(caller_, customer_), IsOk()) << i;
  ASSERT_OK_AND_ASSIGN(const std::int64_t before, store_.StoredBytes(kPartner));
  EXPECT_EQ(before, 3 * cart_bytes_);

  const StatusOr<CartRecord> refused = Create(caller_, customer_);
  EXPECT_THAT(refused, StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_THAT(store_.CountCarts(), IsOkAndHolds(::testing::FieldsAre(3, 0)));
  EXPECT_THAT(store_.StoredBytes(kPartner), IsOkAndHolds(before));
  EXPECT_EQ(service_->quota().refusals(), 1);
  EXPECT_EQ(service_->quota().LargestUsage(), before);

  // Another partner is not affected.
  EXPECT_THAT(Create(other_caller_, other_customer_), IsOk());
}

TEST_F(CartServiceQuotaTest, StoredRepliesCountAgainstTheQuota) {
  ASSERT_NO_FATAL_FAILURE(StartWithRoomFor(3));
  // Each create with an idempotency key stores the cart twice over: as the cart and as the reply.
  const IdempotencyKey first = KeyFor(customer_, "first");
  ASSERT_THAT(service_->CreateCart(caller_, customer_, Draft(10), &first), IsOk());
  const IdempotencyKey second = KeyFor(customer_, "second");
  EXPECT_THAT(service_->CreateCart(caller_, customer_, Draft(10), &second),
              StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_THAT(service_->FindReply(second), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_.CountCarts(), IsOkAndHolds(::testing::FieldsAre(1, 0)));
}

TEST_F(CartServiceQuotaTest, AReplaceOrCheckoutOverTheQuotaLeavesTheCartUnchanged) {
  ASSERT_NO_FATAL_FAILURE(StartWithRoomFor(2));
  ASSERT_OK_AND_ASSIGN(const CartRecord cart, Create(caller_, customer_));
  ASSERT_THAT(Create(caller_, customer_), IsOk());

  // The replacement's bytes are counted in full before the previous state is freed.
  EXPECT_THAT(
      service_->ReplaceCart(caller_, customer_, cart.key.cart_id, Draft(10), std::nullopt, nullptr),
      StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_THAT(service_->Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, nullptr),
              StatusIs(ErrorCode::kStorageQuotaExceeded));
  EXPECT_THAT(store_.FindCart(cart.key), IsOkAndHolds(::testing::Optional(cart)));
  EXPECT_THAT(ListAllOrders(store_, kPartner, kCustomer), IsOkAndHolds(::testing::IsEmpty()));
  EXPECT_EQ(service_->quota().refusals(), 2);

  // A small replacement fits (what it frees is seen at the next read of the store).
  ASSERT_OK_AND_ASSIGN(
      const CartRecord smaller,
      service_->ReplaceCart(caller_, customer_, cart.key.cart_id, Draft(1), std::nullopt, nullptr));
  EXPECT_EQ(smaller.version, 2);
}

TEST_F(CartServiceQuotaTest, WhatTheSweepDeletesNoLongerCounts) {
  ASSERT_NO_FATAL_FAILURE(StartWithRoomFor(2));
  ASSERT_THAT(Create(caller_, customer_), IsOk());
  ASSERT_THAT(Create(caller_, customer_), IsOk());
  ASSERT_THAT(Create(caller_, customer_), StatusIs(ErrorCode::kStorageQuotaExceeded));
  const int reads = store_.reads.load();

  clock_.Advance(std::chrono::days(7) + std::chrono::hours(2));
  ASSERT_THAT(service_->Sweep(std::chrono::hours(1), 100), IsOkAndHolds(2));
  EXPECT_THAT(store_.StoredBytes(kPartner), IsOkAndHolds(0));
  ASSERT_THAT(Create(caller_, customer_), IsOk());
  ASSERT_THAT(Create(caller_, customer_), IsOk());
  // Read twice since: by this test above, and by the ledger once after the sweep.
  EXPECT_EQ(store_.reads.load(), reads + 2);
  EXPECT_EQ(service_->quota().CachedUsage(kPartner), 2 * cart_bytes_);
}

TEST_F(CartServiceQuotaTest, WithoutAQuotaTheStoreIsNeverMeasured) {
  CartService service(store_, clock_, catalog_, CartServiceOptions{});
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(service.CreateCart(caller_, customer_, Draft(10), nullptr), IsOk());
  }
  EXPECT_EQ(store_.reads.load(), 0);
}

}  // namespace
}  // namespace cartd
