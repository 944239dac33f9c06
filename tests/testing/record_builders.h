// Builders of stored records for storage tests: carts, orders, replies and customers with
// realistic, fully populated fields, so that a round trip through a store checks every member.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/cart_store.h"
#include "domain/customer.h"
#include "domain/records.h"

namespace cartd::test {

// 2024-05-01T10:00:00Z plus `offset`: a fixed origin for test timestamps.
Timestamp TestTime(Ticks offset = Ticks(0));

// A key under `partner_tenant` and `customer_id` with a new random cart id.
CartKey NewCartKey(const std::string& partner_tenant, const std::string& customer_id);
// A key of `cart`'s customer with a new random 12-hex-digit order id.
OrderKey NewOrderKey(const CartKey& cart);

// An Active cart using every stored field (the contract sample's partnercenter::test::FullCart:
// a line with an add-on, participants, provisioning context, renewal, custom term end date and a
// line error with additional information) and a legacy line, without what the API layer renders,
// every timestamp with sub-second ticks. Created at TestTime(), expires 7 days later.
CartRecord FullCart(const CartKey& key, std::int64_t version = 1);
// A one-line Active cart expiring at `expiration`.
CartRecord SimpleCart(const CartKey& key, std::int64_t version, Timestamp expiration);
// `cart` after a checkout that placed `orders`: the next version, Ordered, with a checkout result
// listing the orders and one order error.
CartRecord OrderedCart(const CartRecord& cart, const std::vector<OrderRecord>& orders);

// An order of the cart `cart` with every stored field (the contract sample's
// partnercenter::test::FullOrder, without what the API layer renders), created at `created`.
OrderRecord FullOrder(const CartKey& cart, const OrderKey& key, Timestamp created);

// A subscription bought by line `line` of `order`, with every stored field.
SubscriptionRecord FullSubscription(const OrderRecord& order, int line = 0);

// `order` after a change to `status` (version + 1), and the change that makes it, with
// `subscriptions` set to `subscription_status`.
OrderChange ChangeOrder(const OrderRecord& order, const std::string& status,
                        std::vector<SubscriptionRecord> subscriptions = {},
                        const std::string& subscription_status = "active");

// The idempotency key of a PUT of `cart` under `request_id`.
IdempotencyKey ReplyKey(const CartKey& cart, const std::string& request_id);
// A reply to store with a write, created at `created`.
ReplyToStore MakeReply(const IdempotencyKey& key, Timestamp created,
                       ReplyKind kind = ReplyKind::kCart);
// What FindReply must return for the reply `write` stored: its version and its cart without links
// and attributes (kCart), or its checkout result as stored (kCheckout).
StoredReply ExpectedReply(const CartWrite& write);

Customer MakeCustomer(const std::string& partner_tenant, const std::string& id,
                      const std::string& company_name = "Contoso");

// A write creating `cart` (expected_version 0).
CartWrite CreateWrite(CartRecord cart);
// A write replacing version `cart.version - 1` with `cart`.
CartWrite UpdateWrite(CartRecord cart);

}  // namespace cartd::test

namespace cartd {

// GoogleTest printers: records as their JSON documents, so that a failed comparison shows which
// member differs.
void PrintTo(const CartRecord& record, std::ostream* os);
void PrintTo(const OrderRecord& record, std::ostream* os);
void PrintTo(const StoredReply& reply, std::ostream* os);
void PrintTo(const SubscriptionRecord& record, std::ostream* os);
void PrintTo(const Customer& customer, std::ostream* os);

}  // namespace cartd
