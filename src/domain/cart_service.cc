#include "domain/cart_service.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>
#include <utility>

#include "common/ids.h"
#include "domain/cart_errors.h"
#include "domain/checkout.h"
#include "domain/list_pages.h"

namespace cartd {
namespace {

using partnercenter::Cart;
using partnercenter::CartStatus;

// The customer's subscriptions are read for coterm end dates a page of this many at a time.
constexpr int kSubscriptionsPerPage = 500;

void PauseBeforeRetry(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int ceiling_us = 50 << std::min(attempt, 8);
  std::uniform_int_distribution<int> jitter(0, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(jitter(random)));
}

Status TooMuchContention(const CartKey& key) {
  return Unavailable("cart " + key.cart_id + " is changing too often to apply this change; retry");
}

// Partner Center's answer when a cart is being processed by another request (409/800064).
Status CheckoutOvertaken(const CartKey& key) {
  return Status(ErrorCode::kCheckoutInProgress,
                "Cart " + key.cart_id + " is being processed by another request; retry later.");
}

Status CartNotFound(std::string_view cart_id) {
  return NotFound("Unable to retrieve cart id " + std::string(cart_id) + ".");
}

std::optional<ReplyToStore> MakeReply(const IdempotencyKey* key, ReplyKind kind, Timestamp now,
                                      Ticks retention) {
  if (key == nullptr) return std::nullopt;
  return ReplyToStore{
      .key = *key, .kind = kind, .created_at = now, .expired_before = now - retention};
}

// Whether `stored` already has the lines and attestation a replacement would give it.
bool SameContent(const Cart& stored, const std::vector<partnercenter::CartLineItem>& lines,
                 const Cart& draft) {
  return stored.line_items == lines && stored.partner_on_record_attestation_accepted ==
                                           draft.partner_on_record_attestation_accepted;
}

Status PreconditionFailed(const CartRecord& current) {
  std::string etag = ETagOf(current);
  return Status(ErrorCode::kPreconditionFailed,
                "The cart has changed: If-Match does not match its current ETag " + etag + ".")
      .WithDetail(std::make_shared<CurrentETag>(std::move(etag)));
}

// The lines of `cart` that carry an error, or nullptr when none does.
std::shared_ptr<CartLineErrors> FindLineErrors(const Cart& cart) {
  auto errors = std::make_shared<CartLineErrors>();
  ForEachLine(cart.line_items,
              [&](const partnercenter::CartLineItem& line, const partnercenter::CartLineItem*) {
                if (line.error)
                  errors->lines.push_back({.id = line.id.value_or(-1), .error = *line.error});
              });
  if (errors->lines.empty()) return nullptr;
  return errors;
}

Status LineErrorsStatus(std::shared_ptr<CartLineErrors> errors) {
  std::string message = "Error in cart item(s):";
  for (const CartLineErrors::Line& line : errors->lines) {
    message +=
        " line " + std::to_string(line.id) + " (" + std::to_string(line.error.error_code) + ")";
  }
  return Status(ErrorCode::kCartHasErrors, message + ".").WithDetail(std::move(errors));
}

}  // namespace

CartService::CartService(CartStore& store, const Clock& clock, const CatalogHolder& catalog,
                         CartServiceOptions options)
    : store_(store),
      clock_(clock),
      catalog_(catalog),
      options_(std::move(options)),
      quota_(store, clock,
             StorageQuotaOptions{.max_bytes = options_.partner_storage_quota,
                                 .refresh_after = options_.storage_quota_refresh,
                                 .reply_retention = options_.reply_retention}) {}

StatusOr<Customer> CartService::AuthorizeCustomer(const Principal& caller,
                                                  std::string_view customer_id) const {
  CARTD_ASSIGN_OR_RETURN(std::optional<Customer> customer,
                         store_.FindCustomer(caller.partner_tenant, customer_id));
  if (!customer) {
    return Status(ErrorCode::kCustomerForbidden, "The partner has no relationship with customer " +
                                                     std::string(customer_id) + ".");
  }
  return *std::move(customer);
}

StatusOr<CartRecord> CartService::CreateCart(const Principal& caller, const Customer& customer,
                                             const Cart& draft,
                                             const IdempotencyKey* idempotency_key) {
  CARTD_RETURN_IF_ERROR(CheckLineItems(draft.line_items, options_.limits));
  const std::shared_ptr<const Catalog> catalog = catalog_.Get();
  const Timestamp now = clock_.Now();

  CartRecord record;
  record.version = 1;
  record.cart.creation_timestamp = now;
  record.cart.last_modified_timestamp = now;
  record.cart.expiration_timestamp = now + options_.cart_ttl;
  record.cart.last_modified_user = caller.Actor();
  record.cart.status = CartStatus::kActive;
  record.cart.partner_on_record_attestation_accepted = draft.partner_on_record_attestation_accepted;
  CARTD_ASSIGN_OR_RETURN(const LineContext context, LineContextFor(customer, draft, now));
  record.cart.line_items = PrepareLines(draft.line_items, customer, catalog.get(), context);

  // A new random id collides with a stored one only by astronomical bad luck; a second id is
  // the whole remedy.
  CartWrite write{
      .cart = std::move(record),
      .expected_version = 0,
      .new_orders = {},
      .new_subscriptions = {},
      .reply = MakeReply(idempotency_key, ReplyKind::kCart, now, options_.reply_retention),
      .admit = nullptr};
  for (int attempt = 0; attempt < 2; ++attempt) {
    write.cart.key = CartKey{customer.partner_tenant, customer.id, NewGuid()};
    write.cart.cart.id = write.cart.key.cart_id;
    const Status status = Commit(write);
    if (status.ok()) return std::move(write.cart);
    if (status.code() != ErrorCode::kConflict) return status;
  }
  return Internal("could not find an unused cart id");
}

StatusOr<CartRecord> CartService::GetCart(const Customer& customer,
                                          std::string_view cart_id) const {
  return FindLiveCart(CartKey{customer.partner_tenant, customer.id, std::string(cart_id)});
}

StatusOr<CartRead> CartService::GetChangedCart(const Customer& customer, std::string_view cart_id,
                                               const std::optional<CartHead>& known) const {
  const CartKey key{customer.partner_tenant, customer.id, std::string(cart_id)};
  if (!known) {
    CARTD_ASSIGN_OR_RETURN(CartRecord record, FindLiveCart(key));
    return CartRead{.head = HeadOf(record), .record = std::move(record)};
  }
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRead> read, store_.FindChangedCart(key, *known));
  if (!read) return CartNotFound(key.cart_id);
  CARTD_RETURN_IF_ERROR(CheckLive(key, read->head));
  return *std::move(read);
}

StatusOr<CartRecord> CartService::ReplaceCart(const Principal& caller, const Customer& customer,
                                              std::string_view cart_id, const Cart& draft,
                                              const std::optional<ETagCondition>& if_match,
                                              const IdempotencyKey* idempotency_key) {
  if (!if_match && options_.require_if_match) {
    return Status(ErrorCode::kPreconditionRequired,
                  "This service requires If-Match with the cart's ETag on updates.");
  }
  CARTD_RETURN_IF_ERROR(CheckLineItems(draft.line_items, options_.limits));
  const std::shared_ptr<const Catalog> catalog = catalog_.Get();
  CARTD_ASSIGN_OR_RETURN(const LineContext context, LineContextFor(customer, draft, clock_.Now()));
  const std::vector<partnercenter::CartLineItem> lines =
      PrepareLines(draft.line_items, customer, catalog.get(), context);
  const CartKey key{customer.partner_tenant, customer.id, std::string(cart_id)};

  for (int attempt = 0; attempt < options_.max_write_attempts; ++attempt) {
    if (attempt > 0) PauseBeforeRetry(attempt);
    CARTD_ASSIGN_OR_RETURN(CartRecord current, FindLiveCart(key));
    if (current.cart.status == CartStatus::kOrdered) {
      return Status(ErrorCode::kCartOrdered,
                    "Cart " + key.cart_id + " has been checked out and cannot be changed.");
    }
    if (if_match && !Matches(*if_match, ETagOf(current))) {
      if (idempotency_key == nullptr && SameContent(current.cart, lines, draft)) return current;
      return PreconditionFailed(current);
    }
    const Timestamp now = clock_.Now();
    const std::int64_t read_version = current.version;
    CartWrite write{
        .cart = std::move(current),
        .expected_version = read_version,
        .new_orders = {},
        .new_subscriptions = {},
        .reply = MakeReply(idempotency_key, ReplyKind::kCart, now, options_.reply_retention),
        .admit = nullptr};
    CartRecord& next = write.cart;
    next.version = read_version + 1;
    next.cart.line_items = lines;
    next.cart.partner_on_record_attestation_accepted = draft.partner_on_record_attestation_accepted;
    next.cart.last_modified_timestamp = now;
    next.cart.last_modified_user = caller.Actor();
    const Status status = Commit(write);
    if (status.ok()) return std::move(write.cart);
    if (status.code() != ErrorCode::kConflict) return status;
    if (options_.on_write_conflict) options_.on_write_conflict("update");
    // Changed underneath us: read again. With If-Match the next round reports the mismatch (or
    // finds the change already made); without it the last writer wins.
  }
  return TooMuchContention(key);
}

StatusOr<CheckoutOutcome> CartService::Checkout(const Principal& caller, const Customer& customer,
                                                std::string_view cart_id,
                                                const std::optional<ETagCondition>& if_match,
                                                const IdempotencyKey* idempotency_key) {
  const CartKey key{customer.partner_tenant, customer.id, std::string(cart_id)};
  for (int attempt = 0; attempt < options_.max_write_attempts; ++attempt) {
    if (attempt > 0) PauseBeforeRetry(attempt);
    // Read inside the loop: whether the cart is still orderable must be decided on the state the
    // write is conditioned on, or two racing checkouts could both order.
    CARTD_ASSIGN_OR_RETURN(CartRecord current, FindLiveCart(key));
    if (current.cart.status == CartStatus::kOrdered) {
      if (!current.checkout_result)
        return Internal("ordered cart " + key.cart_id + " has no result");
      partnercenter::CartCheckoutResult result = *current.checkout_result;
      return CheckoutOutcome{
          .cart = std::move(current), .result = std::move(result), .repeated = true};
    }
    if (if_match && !Matches(*if_match, ETagOf(current))) return PreconditionFailed(current);
    if (std::shared_ptr<CartLineErrors> errors = FindLineErrors(current.cart)) {
      return LineErrorsStatus(std::move(errors));
    }

    const Timestamp now = clock_.Now();
    const std::shared_ptr<const Catalog> catalog = catalog_.Get();
    PlacedOrders placed = PlaceOrders(current, customer, catalog.get(), now);
    if (placed.records.empty()) {
      // Nothing was ordered, so nothing changes: the caller may fix the catalog or cart and retry.
      return CheckoutOutcome{
          .cart = std::move(current), .result = std::move(placed.result), .repeated = false};
    }
    CARTD_RETURN_IF_ERROR(CheckSubscriptionLimit(customer, placed.subscriptions.size()));

    const std::int64_t read_version = current.version;
    CartWrite write{
        .cart = std::move(current),
        .expected_version = read_version,
        .new_orders = std::move(placed.records),
        .new_subscriptions = std::move(placed.subscriptions),
        .reply = MakeReply(idempotency_key, ReplyKind::kCheckout, now, options_.reply_retention),
        .admit = nullptr};
    CartRecord& next = write.cart;
    next.version = read_version + 1;
    next.cart.status = CartStatus::kOrdered;
    next.cart.last_modified_timestamp = now;
    next.cart.last_modified_user = caller.Actor();
    next.checkout_result = placed.result;
    const Status status = Commit(write);
    if (status.ok()) {
      return CheckoutOutcome{
          .cart = std::move(write.cart), .result = std::move(placed.result), .repeated = false};
    }
    if (status.code() != ErrorCode::kConflict) return status;
    if (options_.on_write_conflict) options_.on_write_conflict("checkout");
    // Another request changed the cart first; if it was a checkout, the next round returns its
    // stored result instead of ordering a second time.
  }
  return CheckoutOvertaken(key);
}

StatusOr<std::optional<StoredReply>> CartService::FindReply(const IdempotencyKey& key) const {
  return store_.FindReply(key, clock_.Now() - options_.reply_retention);
}

StatusOr<int> CartService::Sweep(Ticks grace, int limit) {
  const Timestamp now = clock_.Now();
  CARTD_ASSIGN_OR_RETURN(int carts, store_.DeleteExpiredCarts(now - grace, limit));
  StatusOr<int> replies = store_.DeleteRepliesBefore(now - options_.reply_retention, limit);
  // Whatever was deleted, every partner's figure is read again before its next write.
  if (carts > 0 || !replies.ok() || *replies > 0) quota_.MarkStale();
  if (!replies.ok()) return replies.status();
  return carts + *replies;
}

Status CartService::Commit(CartWrite& write) {
  if (!quota_.enabled()) return store_.Commit(write);
  const std::string partner_tenant = write.cart.key.partner_tenant;
  std::optional<std::int64_t> reserved;
  write.admit = [&](std::int64_t bytes) {
    CARTD_RETURN_IF_ERROR(quota_.Reserve(partner_tenant, bytes));
    reserved = bytes;
    return Status::Ok();
  };
  const Status status = store_.Commit(write);
  write.admit = nullptr;  // it refers to this frame
  if (reserved) quota_.Settle(partner_tenant, *reserved, status.ok());
  return status;
}

Status CartService::CheckSubscriptionLimit(const Customer& customer,
                                           std::size_t new_subscriptions) const {
  const SandboxLimits& limits = options_.sandbox_limits;
  if (!limits.enabled || new_subscriptions == 0) return Status::Ok();
  std::int64_t live = 0;
  CARTD_RETURN_IF_ERROR(ListSubscriptionsByPage(
      store_, customer.partner_tenant, customer.id, std::nullopt, /*page_size=*/500,
      [&](std::vector<SubscriptionRecord>& page) {
        live += std::count_if(page.begin(), page.end(), [](const SubscriptionRecord& record) {
          return record.subscription.status != "deleted" && record.subscription.status != "expired";
        });
      }));
  if (live + static_cast<std::int64_t>(new_subscriptions) <= limits.subscriptions_per_customer) {
    return Status::Ok();
  }
  return Status(ErrorCode::kSandboxSubscriptionLimit,
                "The desired number of subscriptions exceeded the maximum number of subscriptions "
                "allowed per customer: the integration sandbox allows " +
                    std::to_string(limits.subscriptions_per_customer) + "; the customer has " +
                    std::to_string(live) + " and this checkout would add " +
                    std::to_string(new_subscriptions) + ".");
}

StatusOr<LineContext> CartService::LineContextFor(const Customer& customer, const Cart& draft,
                                                  Timestamp now) const {
  LineContext context;
  context.now = now;
  if (options_.sandbox_limits.enabled) {
    context.max_licences = options_.sandbox_limits.licences_per_subscription;
  }
  bool coterms = false;
  ForEachLine(draft.line_items,
              [&](const partnercenter::CartLineItem& line, const partnercenter::CartLineItem*) {
                coterms = coterms || line.custom_term_end_date.has_value();
              });
  if (!coterms) return context;
  CARTD_RETURN_IF_ERROR(ListSubscriptionsByPage(
      store_, customer.partner_tenant, customer.id, std::nullopt, kSubscriptionsPerPage,
      [&](std::vector<SubscriptionRecord>& page) {
        for (const SubscriptionRecord& record : page) {
          const partnercenter::Subscription& subscription = record.subscription;
          const bool live = subscription.status != "deleted" && subscription.status != "expired";
          if (live && subscription.commitment_end_date) {
            context.coterm_end_dates.push_back(*subscription.commitment_end_date);
          }
        }
      }));
  return context;
}

StatusOr<CartRecord> CartService::FindLiveCart(const CartKey& key) const {
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRecord> record, store_.FindCart(key));
  if (!record) return CartNotFound(key.cart_id);
  CARTD_RETURN_IF_ERROR(CheckLive(key, HeadOf(*record)));
  return *std::move(record);
}

Status CartService::CheckLive(const CartKey& key, const CartHead& head) const {
  if (head.status == CartStatus::kActive && head.expiration && *head.expiration <= clock_.Now()) {
    return NotFound("Unable to retrieve cart id " + key.cart_id + ": the cart expired at " +
                    partnercenter::FormatTimestamp(*head.expiration) + ".");
  }
  return Status::Ok();
}

}  // namespace cartd
