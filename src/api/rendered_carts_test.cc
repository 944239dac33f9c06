#include "api/rendered_carts.h"

#include <gtest/gtest.h>

#include <string>

namespace cartd::api {
namespace {

CartKey Key(const std::string& cart_id) {
  return CartKey{"9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d",
                 cart_id};
}

TEST(RenderedCartsTest, FindsTheBodyWithTheHeadItWasRenderedFrom) {
  RenderedCarts carts(1 << 20);
  const CartHead head{.version = 3,
                      .status = partnercenter::CartStatus::kOrdered,
                      .expiration = Timestamp(Ticks(42))};
  carts.Put(Key("a"), head, R"({"id":"a"})");
  const std::shared_ptr<const RenderedCarts::Entry> found = carts.Find(Key("a"));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->head, head);
  EXPECT_EQ(found->body, R"({"id":"a"})");
  EXPECT_EQ(carts.Find(Key("b")), nullptr);
  carts.Erase(Key("a"));
  EXPECT_EQ(carts.Find(Key("a")), nullptr);
}

TEST(RenderedCartsTest, KeysAreTheWholeCartKey) {
  RenderedCarts carts(1 << 20);
  carts.Put(Key("a"), CartHead{.version = 1, .status = {}, .expiration = {}}, "mine");
  CartKey other_customer = Key("a");
  other_customer.customer_id = "0f0e7c1a-7b58-4a5e-9d1c-3a2b1c0d9e8f";
  EXPECT_EQ(carts.Find(other_customer), nullptr);
  CartKey other_partner = Key("a");
  other_partner.partner_tenant = "0f0e7c1a-7b58-4a5e-9d1c-3a2b1c0d9e8f";
  EXPECT_EQ(carts.Find(other_partner), nullptr);
  EXPECT_NE(carts.Find(Key("a")), nullptr);
}

TEST(RenderedCartsTest, EachEntryCountsItsBodyKeyAndOverhead) {
  RenderedCarts carts(1 << 20);
  carts.Put(Key("a"), CartHead{.version = 1, .status = {}, .expiration = {}},
            std::string(700, 'x'));
  EXPECT_GT(carts.bytes(), 700u + JoinedKey(Key("a")).size());
  EXPECT_LT(carts.bytes(), 700u + JoinedKey(Key("a")).size() + 512u);
}

}  // namespace
}  // namespace cartd::api
