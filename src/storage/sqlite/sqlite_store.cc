#include "storage/sqlite/sqlite_store.h"

#include <charconv>
#include <exception>
#include <utility>

#include "partnercenter/json.h"
#include "storage/common/documents.h"
#include "storage/common/encoded_write.h"
#include "storage/common/reply_payload.h"
#include "storage/sqlite/group_commit.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/read_pool.h"
#include "storage/sqlite/sqlite_connection.h"

namespace cartd::storage {
namespace {

using sqlite::AccessMode;
using sqlite::Connection;
using sqlite::Query;

// The statements of the store. Parameters are numbered so that each constant can be read
// against the Bind calls that use it.

constexpr char kSelectCart[] =
    "SELECT version, status, expiration, document, checkout_result FROM carts "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND cart_id = ?3";
constexpr char kListCarts[] =
    "SELECT cart_id, version, document, checkout_result FROM carts "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 ORDER BY cart_id";
constexpr char kInsertCart[] =
    "INSERT INTO carts (partner_tenant, customer_id, cart_id, version, status, expiration, "
    "document, checkout_result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";
constexpr char kUpdateCart[] =
    "UPDATE carts SET version = ?4, status = ?5, expiration = ?6, document = ?7, "
    "checkout_result = ?8 "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND cart_id = ?3 AND version = ?9";
constexpr char kDeleteExpiredCarts[] =
    "DELETE FROM carts WHERE rowid IN (SELECT rowid FROM carts "
    "WHERE status = 'Active' AND expiration < ?1 ORDER BY expiration LIMIT ?2)";

constexpr char kSelectOrder[] =
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND order_id = ?3";
// A page of a customer's orders (CartStore::ListOrders): the first ?4 after the position whose id
// is ?3 and whose creation date is ?5 (kListOrdersAfter) or none (kListOrdersAfterUndated, which
// also reads the first page: from the position of no date and the id "", before every order).
// NULL sorts first. Both read the index orders_by_created from the position on.
constexpr char kListOrdersAfter[] =
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND (created, order_id) > (?5, ?3) "
    "ORDER BY created, order_id LIMIT ?4";
constexpr char kListOrdersAfterUndated[] =
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND (created IS NOT NULL OR order_id > ?3) "
    "ORDER BY created, order_id LIMIT ?4";
constexpr char kListPendingOrders[] =
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE status = 'pending' AND created < ?1 ORDER BY created LIMIT ?2";
constexpr char kInsertOrder[] =
    "INSERT INTO orders (partner_tenant, customer_id, order_id, cart_id, created, document, "
    "version, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";
constexpr char kUpdateOrder[] =
    "UPDATE orders SET version = ?4, status = ?5, document = ?6 "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND order_id = ?3 AND version = ?7";

constexpr char kSelectSubscription[] =
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND subscription_id = ?3";
// Pages of a customer's subscriptions, as kListOrdersAfter(Undated) page orders. The OfOrder
// statements keep those of the order ?6, found by the index of an order's subscriptions and then
// sorted: left to itself, SQLite would walk all the customer's subscriptions in list order.
constexpr char kListSubscriptionsAfter[] =
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND (created, subscription_id) > (?5, ?3) "
    "ORDER BY created, subscription_id LIMIT ?4";
constexpr char kListSubscriptionsAfterUndated[] =
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 "
    "AND (created IS NOT NULL OR subscription_id > ?3) "
    "ORDER BY created, subscription_id LIMIT ?4";
constexpr char kListSubscriptionsOfOrderAfter[] =
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "INDEXED BY subscriptions_by_order "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND order_id = ?6 "
    "AND (created, subscription_id) > (?5, ?3) "
    "ORDER BY created, subscription_id LIMIT ?4";
constexpr char kListSubscriptionsOfOrderAfterUndated[] =
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "INDEXED BY subscriptions_by_order "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND order_id = ?6 "
    "AND (created IS NOT NULL OR subscription_id > ?3) "
    "ORDER BY created, subscription_id LIMIT ?4";
constexpr char kInsertSubscription[] =
    "INSERT INTO subscriptions (partner_tenant, customer_id, subscription_id, order_id, created, "
    "document) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
constexpr char kUpdateSubscription[] =
    "UPDATE subscriptions SET document = ?5 "
    "WHERE partner_tenant = ?1 AND customer_id = ?2 AND subscription_id = ?3 AND order_id = ?4";

constexpr char kSelectReply[] =
    "SELECT payload FROM replies WHERE partner_tenant = ?1 AND customer_id = ?2 "
    "AND request_id = ?3 AND method = ?4 AND path = ?5 AND body_digest = ?6 AND created >= ?7";
constexpr char kInsertReply[] =
    "INSERT INTO replies (partner_tenant, customer_id, request_id, method, path, body_digest, "
    "created, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT DO UPDATE SET created = excluded.created, payload = excluded.payload "
    "WHERE replies.created < ?9";
constexpr char kDeleteRepliesBefore[] =
    "DELETE FROM replies WHERE rowid IN "
    "(SELECT rowid FROM replies WHERE created < ?1 ORDER BY created LIMIT ?2)";

constexpr char kSelectClockOffset[] = "SELECT offset_ticks FROM stand_in_clock WHERE id = 1";
constexpr char kAdvanceClockOffset[] =
    "INSERT INTO stand_in_clock (id, offset_ticks) VALUES (1, ?1) "
    "ON CONFLICT (id) DO UPDATE SET offset_ticks = max(offset_ticks, excluded.offset_ticks)";
// Children before parents, for the foreign keys.
constexpr const char* kDeleteEverything[] = {
    "DELETE FROM subscriptions", "DELETE FROM orders",    "DELETE FROM replies",
    "DELETE FROM carts",         "DELETE FROM customers", "DELETE FROM stand_in_clock"};

constexpr char kCountCarts[] = "SELECT status, COUNT(*) FROM carts GROUP BY status";
// Bytes, not characters: the documents are cast to BLOB before length() (SQLite 3.40 has no
// octet_length). Both subqueries read one partner's rows by the partner-first primary keys.
constexpr char kStoredBytes[] =
    "SELECT (SELECT COALESCE(SUM(length(CAST(document AS BLOB)) + "
    "COALESCE(length(CAST(checkout_result AS BLOB)), 0)), 0) FROM carts "
    "WHERE partner_tenant = ?1) + "
    "(SELECT COALESCE(SUM(length(payload)), 0) FROM replies WHERE partner_tenant = ?1)";

constexpr char kSelectCustomer[] =
    "SELECT country, currency, company_name FROM customers "
    "WHERE partner_tenant = ?1 AND customer_id = ?2";
constexpr char kListAllCustomers[] =
    "SELECT partner_tenant, customer_id, country, currency, company_name FROM customers "
    "ORDER BY partner_tenant, customer_id";
constexpr char kListCustomersOfPartner[] =
    "SELECT partner_tenant, customer_id, country, currency, company_name FROM customers "
    "WHERE partner_tenant = ?1 ORDER BY customer_id";
constexpr char kUpsertCustomer[] =
    "INSERT INTO customers (partner_tenant, customer_id, country, currency, company_name) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (partner_tenant, customer_id) DO UPDATE SET "
    "country = excluded.country, currency = excluded.currency, "
    "company_name = excluded.company_name";
constexpr char kDeleteCustomer[] =
    "DELETE FROM customers WHERE partner_tenant = ?1 AND customer_id = ?2";

// The cart `key`; only its head when that is `*known` (CartStore::FindChangedCart): then the
// documents the row holds are not decoded, which is most of the cost of reading a cart.
StatusOr<std::optional<CartRead>> ReadCart(Connection& db, const CartKey& key,
                                           const CartHead* known) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectCart));
  query.BindText(1, key.partner_tenant).BindText(2, key.customer_id).BindText(3, key.cart_id);
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<CartRead>();
  CartRead read;
  CARTD_ASSIGN_OR_RETURN(
      read.head,
      HeadFromColumns(key, query.ColumnInt64(0), query.ColumnText(1),
                      query.ColumnIsNull(2) ? std::nullopt
                                            : std::optional<std::int64_t>(query.ColumnInt64(2))));
  if (known != nullptr && *known == read.head) return std::optional<CartRead>(std::move(read));
  CartRecord& record = read.record.emplace();
  record.key = key;
  record.version = read.head.version;
  CARTD_ASSIGN_OR_RETURN(
      record.cart, Decode(partnercenter::ParseCart(query.ColumnText(3), kStoredDocumentLimits),
                          "document of " + Describe(key)));
  if (!query.ColumnIsNull(4)) {
    CARTD_ASSIGN_OR_RETURN(
        record.checkout_result,
        Decode(partnercenter::ParseCartCheckoutResult(query.ColumnText(4), kStoredDocumentLimits),
               "checkout result of " + Describe(key)));
  }
  return std::optional<CartRead>(std::move(read));
}

StatusOr<std::vector<CartRecord>> ReadCarts(Connection& db, std::string_view partner_tenant,
                                            std::string_view customer_id) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kListCarts));
  query.BindText(1, partner_tenant).BindText(2, customer_id);
  std::vector<CartRecord> carts;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    CartRecord record;
    record.key = CartKey{std::string(partner_tenant), std::string(customer_id),
                         std::string(query.ColumnText(0))};
    record.version = query.ColumnInt64(1);
    CARTD_ASSIGN_OR_RETURN(
        record.cart, Decode(partnercenter::ParseCart(query.ColumnText(2), kStoredDocumentLimits),
                            "document of " + Describe(record.key)));
    if (!query.ColumnIsNull(3)) {
      CARTD_ASSIGN_OR_RETURN(
          record.checkout_result,
          Decode(partnercenter::ParseCartCheckoutResult(query.ColumnText(3), kStoredDocumentLimits),
                 "checkout result of " + Describe(record.key)));
    }
    carts.push_back(std::move(record));
  }
  return carts;
}

// A row of kSelectOrder, kListOrdersAfter(Undated) or kListPendingOrders.
StatusOr<OrderRecord> OrderFromRow(const Query& query) {
  OrderRecord record;
  record.key = OrderKey{std::string(query.ColumnText(0)), std::string(query.ColumnText(1)),
                        std::string(query.ColumnText(2))};
  record.cart_id = std::string(query.ColumnText(3));
  record.version = query.ColumnInt64(4);
  CARTD_ASSIGN_OR_RETURN(
      record.order, Decode(partnercenter::ParseOrder(query.ColumnText(5), kStoredDocumentLimits),
                           "document of " + Describe(record.key)));
  return record;
}

// Every row `query` yields, each made by `from_row`.
template <typename Record, typename FromRow>
StatusOr<std::vector<Record>> AllRows(Query& query, FromRow from_row) {
  std::vector<Record> records;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return records;
    CARTD_ASSIGN_OR_RETURN(Record record, from_row(query));
    records.push_back(std::move(record));
  }
}

StatusOr<std::optional<OrderRecord>> ReadOrder(Connection& db, const OrderKey& key) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectOrder));
  query.BindText(1, key.partner_tenant).BindText(2, key.customer_id).BindText(3, key.order_id);
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<OrderRecord>();
  CARTD_ASSIGN_OR_RETURN(OrderRecord record, OrderFromRow(query));
  return std::optional<OrderRecord>(std::move(record));
}

// Binds the page's parameters of a kList*After(Undated) statement: ?3 the id after which it
// starts, ?4 its size, ?5 the creation date it starts after (when there is one).
void BindPage(Query& query, const ListPage& page) {
  // "" rather than a null view, which would bind NULL.
  query.BindText(3, page.after ? std::string_view(page.after->id) : std::string_view(""))
      .BindInt64(4, page.limit);
  if (page.after && page.after->created) query.BindInt64(5, ToTicks(*page.after->created));
}

// Whether a page starts after a position with a creation date (a kList*After statement) or not
// (kList*AfterUndated).
bool AfterDated(const ListPage& page) { return page.after && page.after->created; }

StatusOr<std::vector<OrderRecord>> ReadOrders(Connection& db, std::string_view partner_tenant,
                                              std::string_view customer_id, const ListPage& page) {
  CARTD_ASSIGN_OR_RETURN(Query query,
                         db.Prepare(AfterDated(page) ? kListOrdersAfter : kListOrdersAfterUndated));
  query.BindText(1, partner_tenant).BindText(2, customer_id);
  BindPage(query, page);
  return AllRows<OrderRecord>(query, OrderFromRow);
}

StatusOr<std::vector<OrderRecord>> ReadPendingOrders(Connection& db, Timestamp created_before,
                                                     int limit) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kListPendingOrders));
  query.BindInt64(1, ToTicks(created_before)).BindInt64(2, limit);
  return AllRows<OrderRecord>(query, OrderFromRow);
}

// A row of kSelectSubscription or a kListSubscriptions* statement.
StatusOr<SubscriptionRecord> SubscriptionFromRow(const Query& query) {
  SubscriptionRecord record;
  record.key = SubscriptionKey{std::string(query.ColumnText(0)), std::string(query.ColumnText(1)),
                               std::string(query.ColumnText(2))};
  record.order_id = std::string(query.ColumnText(3));
  CARTD_ASSIGN_OR_RETURN(
      record.subscription,
      Decode(partnercenter::ParseSubscription(query.ColumnText(4), kStoredDocumentLimits),
             "document of " + Describe(record.key)));
  return record;
}

StatusOr<std::optional<SubscriptionRecord>> ReadSubscription(Connection& db,
                                                             const SubscriptionKey& key) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectSubscription));
  query.BindText(1, key.partner_tenant)
      .BindText(2, key.customer_id)
      .BindText(3, key.subscription_id);
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<SubscriptionRecord>();
  CARTD_ASSIGN_OR_RETURN(SubscriptionRecord record, SubscriptionFromRow(query));
  return std::optional<SubscriptionRecord>(std::move(record));
}

StatusOr<std::vector<SubscriptionRecord>> ReadSubscriptions(
    Connection& db, std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, const ListPage& page) {
  const char* statement =
      order_id ? (AfterDated(page) ? kListSubscriptionsOfOrderAfter
                                   : kListSubscriptionsOfOrderAfterUndated)
               : (AfterDated(page) ? kListSubscriptionsAfter : kListSubscriptionsAfterUndated);
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(statement));
  query.BindText(1, partner_tenant).BindText(2, customer_id);
  BindPage(query, page);
  if (order_id) query.BindText(6, *order_id);
  return AllRows<SubscriptionRecord>(query, SubscriptionFromRow);
}

// The stored status of an order: what the completion sweep selects on.
std::string_view StoredStatus(const partnercenter::Order& order) {
  return order.status ? std::string_view(*order.status) : std::string_view("pending");
}

StatusOr<std::optional<StoredReply>> ReadReply(Connection& db, const IdempotencyKey& key,
                                               Timestamp not_before) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectReply));
  query.BindText(1, key.partner_tenant)
      .BindText(2, key.customer_id)
      .BindText(3, key.request_id)
      .BindText(4, key.method)
      .BindText(5, key.path)
      .BindText(6, key.body_digest)
      .BindInt64(7, ToTicks(not_before));
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<StoredReply>();
  CARTD_ASSIGN_OR_RETURN(StoredReply reply, DecodeReplyPayload(query.ColumnBlob(0)));
  return std::optional<StoredReply>(std::move(reply));
}

StatusOr<std::optional<Customer>> ReadCustomer(Connection& db, std::string_view partner_tenant,
                                               std::string_view customer_id) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectCustomer));
  query.BindText(1, partner_tenant).BindText(2, customer_id);
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<Customer>();
  return std::optional<Customer>(Customer{
      .partner_tenant = std::string(partner_tenant),
      .id = std::string(customer_id),
      .country = std::string(query.ColumnText(0)),
      .currency = std::string(query.ColumnText(1)),
      .company_name = std::string(query.ColumnText(2)),
  });
}

StatusOr<std::vector<Customer>> ReadCustomers(Connection& db, std::string_view partner_tenant) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(partner_tenant.empty() ? kListAllCustomers
                                                                        : kListCustomersOfPartner));
  if (!partner_tenant.empty()) query.BindText(1, partner_tenant);
  std::vector<Customer> customers;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    customers.push_back(Customer{
        .partner_tenant = std::string(query.ColumnText(0)),
        .id = std::string(query.ColumnText(1)),
        .country = std::string(query.ColumnText(2)),
        .currency = std::string(query.ColumnText(3)),
        .company_name = std::string(query.ColumnText(4)),
    });
  }
  return customers;
}

StatusOr<Ticks> ReadClockOffset(Connection& db) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(kSelectClockOffset));
  CARTD_ASSIGN_OR_RETURN(bool row, InContext(query.Step(), [] { return "read the clock"; }));
  return Ticks(row ? query.ColumnInt64(0) : 0);
}

// Runs on the writer thread inside the write's savepoint. The reply is stored first so that a
// repeated request is reported as answered (kAlreadyExists) even when its cart has moved on.
Status ApplyCartWrite(Connection& db, const EncodedWrite& encoded) {
  const CartWrite& write = encoded.write;
  const CartRecord& cart = write.cart;

  if (write.reply.has_value()) {
    const ReplyToStore& reply = *write.reply;
    CARTD_ASSIGN_OR_RETURN(Query insert, db.Prepare(kInsertReply));
    insert.BindText(1, reply.key.partner_tenant)
        .BindText(2, reply.key.customer_id)
        .BindText(3, reply.key.request_id)
        .BindText(4, reply.key.method)
        .BindText(5, reply.key.path)
        .BindText(6, reply.key.body_digest)
        .BindInt64(7, ToTicks(reply.created_at))
        .BindBlob(8, *encoded.reply_payload)
        .BindInt64(9, ToTicks(reply.expired_before));
    CARTD_RETURN_IF_ERROR(InContext(insert.Run(), [&] { return "store " + Describe(reply.key); }));
    if (db.Changes() == 0) {
      return Status(ErrorCode::kAlreadyExists,
                    "request " + reply.key.request_id + " has already been answered");
    }
  }

  CARTD_ASSIGN_OR_RETURN(Query upsert,
                         db.Prepare(write.expected_version == 0 ? kInsertCart : kUpdateCart));
  upsert.BindText(1, cart.key.partner_tenant)
      .BindText(2, cart.key.customer_id)
      .BindText(3, cart.key.cart_id)
      .BindInt64(4, cart.version)
      .BindText(5, encoded.status)
      .BindText(7, encoded.cart_document);
  if (cart.cart.expiration_timestamp.has_value()) {
    upsert.BindInt64(6, ToTicks(*cart.cart.expiration_timestamp));
  } else {
    upsert.BindNull(6);
  }
  if (encoded.checkout_document.has_value()) {
    upsert.BindText(8, *encoded.checkout_document);
  } else {
    upsert.BindNull(8);
  }
  if (write.expected_version != 0) upsert.BindInt64(9, write.expected_version);
  CARTD_RETURN_IF_ERROR(InContext(upsert.Run(), [&] { return "write " + Describe(cart.key); }));
  if (db.Changes() == 0) {
    if (write.expected_version == 0)
      return Conflict("cart " + cart.key.cart_id + " already exists");
    return Conflict("cart " + cart.key.cart_id + " is not at version " +
                    std::to_string(write.expected_version));
  }

  for (std::size_t i = 0; i < write.new_orders.size(); ++i) {
    const OrderRecord& order = write.new_orders[i];
    CARTD_ASSIGN_OR_RETURN(Query insert, db.Prepare(kInsertOrder));
    insert.BindText(1, order.key.partner_tenant)
        .BindText(2, order.key.customer_id)
        .BindText(3, order.key.order_id)
        .BindText(4, order.cart_id)
        .BindText(6, encoded.order_documents[i])
        .BindInt64(7, order.version)
        .BindText(8, StoredStatus(order.order));
    if (order.order.creation_date.has_value()) {
      insert.BindInt64(5, ToTicks(*order.order.creation_date));
    } else {
      insert.BindNull(5);
    }
    CARTD_RETURN_IF_ERROR(InContext(insert.Run(), [&] { return "store " + Describe(order.key); }));
    if (db.Changes() == 0) return Conflict("order " + order.key.order_id + " already exists");
  }
  for (std::size_t i = 0; i < write.new_subscriptions.size(); ++i) {
    const SubscriptionRecord& subscription = write.new_subscriptions[i];
    CARTD_ASSIGN_OR_RETURN(Query insert, db.Prepare(kInsertSubscription));
    insert.BindText(1, subscription.key.partner_tenant)
        .BindText(2, subscription.key.customer_id)
        .BindText(3, subscription.key.subscription_id)
        .BindText(4, subscription.order_id)
        .BindText(6, encoded.subscription_documents[i]);
    if (subscription.subscription.creation_date.has_value()) {
      insert.BindInt64(5, ToTicks(*subscription.subscription.creation_date));
    } else {
      insert.BindNull(5);
    }
    CARTD_RETURN_IF_ERROR(
        InContext(insert.Run(), [&] { return "store " + Describe(subscription.key); }));
    if (db.Changes() == 0) {
      return Conflict("subscription " + subscription.key.subscription_id + " already exists");
    }
  }
  return Status::Ok();
}

// Runs on the writer thread inside the change's savepoint.
Status ApplyOrderChange(Connection& db, const EncodedOrderChange& encoded) {
  const OrderChange& change = encoded.change;
  const OrderRecord& order = change.order;
  CARTD_ASSIGN_OR_RETURN(Query update, db.Prepare(kUpdateOrder));
  update.BindText(1, order.key.partner_tenant)
      .BindText(2, order.key.customer_id)
      .BindText(3, order.key.order_id)
      .BindInt64(4, order.version)
      .BindText(5, StoredStatus(order.order))
      .BindText(6, encoded.order_document)
      .BindInt64(7, change.expected_version);
  CARTD_RETURN_IF_ERROR(InContext(update.Run(), [&] { return "change " + Describe(order.key); }));
  if (db.Changes() == 0) {
    return Conflict("order " + order.key.order_id + " is not at version " +
                    std::to_string(change.expected_version));
  }
  for (std::size_t i = 0; i < change.subscriptions.size(); ++i) {
    const SubscriptionRecord& subscription = change.subscriptions[i];
    CARTD_ASSIGN_OR_RETURN(Query replace, db.Prepare(kUpdateSubscription));
    replace.BindText(1, subscription.key.partner_tenant)
        .BindText(2, subscription.key.customer_id)
        .BindText(3, subscription.key.subscription_id)
        .BindText(4, subscription.order_id)
        .BindText(5, encoded.subscription_documents[i]);
    CARTD_RETURN_IF_ERROR(
        InContext(replace.Run(), [&] { return "change " + Describe(subscription.key); }));
    if (db.Changes() == 0) {
      return Conflict("subscription " + subscription.key.subscription_id + " does not exist");
    }
  }
  return Status::Ok();
}

Status CheckOptions(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return InvalidInput("the SQLite store needs a database file path");
  }
  if (options.read_connections < 1) return InvalidInput("read_connections must be at least 1");
  if (options.max_batch_writes < 1) return InvalidInput("max_batch_writes must be at least 1");
  if (options.busy_timeout.count() < 0) return InvalidInput("busy_timeout must not be negative");
  return Status::Ok();
}

StatusOr<int> PragmaInt(Connection& db, const char* pragma) {
  CARTD_ASSIGN_OR_RETURN(std::string text, db.PragmaValue(pragma));
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Internal(std::string(pragma) + " returned \"" + text + "\"");
  }
  return value;
}

// Sets up the writer connection and migrates the schema; returns the resulting settings.
StatusOr<SqliteSettings> PrepareWriter(Connection& db) {
  // journal_mode answers with the mode now in effect, which stays "delete" (or "memory") when the
  // file system cannot hold the shared-memory index WAL needs.
  CARTD_ASSIGN_OR_RETURN(std::string journal_mode, db.PragmaValue("PRAGMA journal_mode = WAL"));
  if (journal_mode != "wal") {
    return Internal("cannot enable WAL mode (journal mode is " + journal_mode + ")");
  }
  CARTD_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL", "set synchronous"));
  CARTD_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON", "enable foreign keys"));
  CARTD_ASSIGN_OR_RETURN(int applied, sqlite::ApplyMigrations(db, sqlite::EmbeddedMigrations()));
  (void)applied;

  SqliteSettings settings;
  CARTD_ASSIGN_OR_RETURN(settings.journal_mode, db.PragmaValue("PRAGMA journal_mode"));
  CARTD_ASSIGN_OR_RETURN(settings.synchronous, PragmaInt(db, "PRAGMA synchronous"));
  CARTD_ASSIGN_OR_RETURN(int foreign_keys, PragmaInt(db, "PRAGMA foreign_keys"));
  settings.foreign_keys = foreign_keys != 0;
  CARTD_ASSIGN_OR_RETURN(settings.busy_timeout_ms, PragmaInt(db, "PRAGMA busy_timeout"));
  CARTD_ASSIGN_OR_RETURN(settings.schema_version, sqlite::RecordedSchemaVersion(db));
  return settings;
}

}  // namespace

StatusOr<std::unique_ptr<SqliteStore>> OpenSqliteStore(const SqliteOptions& options) {
  CARTD_RETURN_IF_ERROR(CheckOptions(options));
  auto context = [&options] { return "open SQLite store " + options.path.string(); };
  // The writer first: it creates the file and switches it to WAL, which read-only connections
  // can do neither of.
  CARTD_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> writer_db,
      InContext(Connection::Open(options.path, AccessMode::kReadWrite, options.busy_timeout),
                context));
  CARTD_ASSIGN_OR_RETURN(SqliteSettings settings, InContext(PrepareWriter(*writer_db), context));
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::ReadPool> readers,
                         InContext(sqlite::ReadPool::Open(options.path, options.read_connections,
                                                          options.busy_timeout),
                                   context));
  auto writer =
      std::make_unique<sqlite::GroupCommitWriter>(std::move(writer_db), options.max_batch_writes);
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(settings), std::move(readers), std::move(writer)));
}

SqliteStore::SqliteStore(SqliteSettings settings, std::unique_ptr<sqlite::ReadPool> readers,
                         std::unique_ptr<sqlite::GroupCommitWriter> writer)
    : settings_(std::move(settings)), readers_(std::move(readers)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() {
  // Readers close first so that the writer's connection is the last one: closing it then
  // checkpoints the WAL into the database file and removes it.
  readers_.reset();
  writer_.reset();
}

StatusOr<std::optional<CartRecord>> SqliteStore::FindCart(const CartKey& key) {
  auto db = readers_->Acquire();
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRead> read, InContext(ReadCart(*db, key, nullptr), [&] {
                           return "find " + Describe(key);
                         }));
  if (!read) return std::optional<CartRecord>();
  return std::move(read->record);
}

StatusOr<std::optional<CartRead>> SqliteStore::FindChangedCart(const CartKey& key,
                                                               const CartHead& known) {
  auto db = readers_->Acquire();
  return InContext(ReadCart(*db, key, &known), [&] { return "find " + Describe(key); });
}

Status SqliteStore::Commit(const CartWrite& write) {
  std::optional<EncodedWrite> encoded;
  CARTD_RETURN_IF_ERROR(EncodeWrite(write, encoded));
  CARTD_RETURN_IF_ERROR(Admit(*encoded));
  return writer_->Submit([&encoded](Connection& db) { return ApplyCartWrite(db, *encoded); });
}

StatusOr<std::optional<OrderRecord>> SqliteStore::FindOrder(const OrderKey& key) {
  auto db = readers_->Acquire();
  return InContext(ReadOrder(*db, key), [&] { return "find " + Describe(key); });
}

StatusOr<std::vector<OrderRecord>> SqliteStore::ListOrders(std::string_view partner_tenant,
                                                           std::string_view customer_id,
                                                           const ListPage& page) {
  // SQLite reads a negative LIMIT as "no limit".
  if (page.limit <= 0) return std::vector<OrderRecord>();
  auto db = readers_->Acquire();
  return InContext(ReadOrders(*db, partner_tenant, customer_id, page), [&] {
    return "list orders of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

StatusOr<std::vector<OrderRecord>> SqliteStore::ListPendingOrders(Timestamp created_before,
                                                                  int limit) {
  // SQLite reads a negative LIMIT as "no limit".
  if (limit <= 0) return std::vector<OrderRecord>();
  auto db = readers_->Acquire();
  return InContext(ReadPendingOrders(*db, created_before, limit),
                   [] { return "list pending orders"; });
}

Status SqliteStore::CommitOrderChange(const OrderChange& change) {
  std::optional<EncodedOrderChange> encoded;
  CARTD_RETURN_IF_ERROR(EncodeOrderChange(change, encoded));
  return writer_->Submit([&encoded](Connection& db) { return ApplyOrderChange(db, *encoded); });
}

StatusOr<std::optional<SubscriptionRecord>> SqliteStore::FindSubscription(
    const SubscriptionKey& key) {
  auto db = readers_->Acquire();
  return InContext(ReadSubscription(*db, key), [&] { return "find " + Describe(key); });
}

StatusOr<std::vector<SubscriptionRecord>> SqliteStore::ListSubscriptions(
    std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, const ListPage& page) {
  if (page.limit <= 0) return std::vector<SubscriptionRecord>();
  auto db = readers_->Acquire();
  return InContext(ReadSubscriptions(*db, partner_tenant, customer_id, order_id, page), [&] {
    return "list subscriptions of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

StatusOr<std::optional<StoredReply>> SqliteStore::FindReply(const IdempotencyKey& key,
                                                            Timestamp not_before) {
  auto db = readers_->Acquire();
  return InContext(ReadReply(*db, key, not_before), [&] { return "find " + Describe(key); });
}

StatusOr<std::optional<Customer>> SqliteStore::FindCustomer(std::string_view partner_tenant,
                                                            std::string_view customer_id) {
  auto db = readers_->Acquire();
  return InContext(ReadCustomer(*db, partner_tenant, customer_id),
                   [&] { return "find " + DescribeCustomer(partner_tenant, customer_id); });
}

Status SqliteStore::PutCustomer(const Customer& customer) {
  return writer_->Submit([&customer](Connection& db) {
    CARTD_ASSIGN_OR_RETURN(Query upsert, db.Prepare(kUpsertCustomer));
    upsert.BindText(1, customer.partner_tenant)
        .BindText(2, customer.id)
        .BindText(3, customer.country)
        .BindText(4, customer.currency)
        .BindText(5, customer.company_name);
    return InContext(upsert.Run(), [&] {
      return "put " + DescribeCustomer(customer.partner_tenant, customer.id);
    });
  });
}

StatusOr<bool> SqliteStore::RemoveCustomer(std::string_view partner_tenant,
                                           std::string_view customer_id) {
  bool removed = false;
  Status written = writer_->Submit([&](Connection& db) {
    CARTD_ASSIGN_OR_RETURN(Query remove, db.Prepare(kDeleteCustomer));
    remove.BindText(1, partner_tenant).BindText(2, customer_id);
    CARTD_RETURN_IF_ERROR(InContext(
        remove.Run(), [&] { return "remove " + DescribeCustomer(partner_tenant, customer_id); }));
    removed = db.Changes() > 0;
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return removed;
}

StatusOr<std::vector<Customer>> SqliteStore::ListCustomers(std::string_view partner_tenant) {
  auto db = readers_->Acquire();
  return InContext(ReadCustomers(*db, partner_tenant), [] { return "list customers"; });
}

StatusOr<int> SqliteStore::DeleteExpiredCarts(Timestamp expired_before, int limit) {
  // SQLite reads a negative LIMIT as "no limit".
  if (limit <= 0) return 0;
  int deleted = 0;
  Status written = writer_->Submit([&](Connection& db) {
    CARTD_ASSIGN_OR_RETURN(Query remove, db.Prepare(kDeleteExpiredCarts));
    remove.BindInt64(1, ToTicks(expired_before)).BindInt64(2, limit);
    CARTD_RETURN_IF_ERROR(InContext(remove.Run(), [] { return "delete expired carts"; }));
    deleted = db.Changes();
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return deleted;
}

StatusOr<int> SqliteStore::DeleteRepliesBefore(Timestamp created_before, int limit) {
  if (limit <= 0) return 0;
  int deleted = 0;
  Status written = writer_->Submit([&](Connection& db) {
    CARTD_ASSIGN_OR_RETURN(Query remove, db.Prepare(kDeleteRepliesBefore));
    remove.BindInt64(1, ToTicks(created_before)).BindInt64(2, limit);
    CARTD_RETURN_IF_ERROR(InContext(remove.Run(), [] { return "delete old replies"; }));
    deleted = db.Changes();
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return deleted;
}

StatusOr<CartCounts> SqliteStore::CountCarts() {
  auto db = readers_->Acquire();
  CARTD_ASSIGN_OR_RETURN(Query count, db->Prepare(kCountCarts));
  CartCounts counts;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(bool row, InContext(count.Step(), [] { return "count carts"; }));
    if (!row) break;
    (count.ColumnText(0) == "Ordered" ? counts.ordered : counts.active) = count.ColumnInt64(1);
  }
  return counts;
}

StatusOr<std::int64_t> SqliteStore::StoredBytes(std::string_view partner_tenant) {
  auto db = readers_->Acquire();
  CARTD_ASSIGN_OR_RETURN(Query query, db->Prepare(kStoredBytes));
  query.BindText(1, partner_tenant);
  auto context = [&] { return "count stored bytes of partner " + std::string(partner_tenant); };
  CARTD_ASSIGN_OR_RETURN(bool row, InContext(query.Step(), context));
  if (!row) return Internal(context() + ": no row");
  return query.ColumnInt64(0);
}

Status SqliteStore::Ping() {
  auto db = readers_->Acquire();
  StatusOr<int> version = sqlite::RecordedSchemaVersion(*db);
  if (!version.ok()) return InContext(version.status(), [] { return "ping"; });
  const int expected = static_cast<int>(sqlite::EmbeddedMigrations().size());
  if (*version != expected) {
    return Internal("ping: schema version " + std::to_string(*version) + ", this build uses " +
                    std::to_string(expected));
  }
  return Status::Ok();
}

StatusOr<Ticks> SqliteStore::FindClockOffset() {
  auto db = readers_->Acquire();
  return ReadClockOffset(*db);
}

StatusOr<Ticks> SqliteStore::AdvanceClockOffset(Ticks offset) {
  Ticks stored{0};
  Status written = writer_->Submit([&](Connection& db) {
    CARTD_ASSIGN_OR_RETURN(Query advance, db.Prepare(kAdvanceClockOffset));
    advance.BindInt64(1, offset.count());
    CARTD_RETURN_IF_ERROR(InContext(advance.Run(), [] { return "advance the clock"; }));
    CARTD_ASSIGN_OR_RETURN(stored, ReadClockOffset(db));
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return stored;
}

StatusOr<std::vector<CartRecord>> SqliteStore::ListCarts(std::string_view partner_tenant,
                                                         std::string_view customer_id) {
  auto db = readers_->Acquire();
  return InContext(ReadCarts(*db, partner_tenant, customer_id), [&] {
    return "list carts of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

Status SqliteStore::DeleteEverything() {
  return writer_->Submit([&](Connection& db) {
    for (const char* sql : kDeleteEverything) {
      CARTD_ASSIGN_OR_RETURN(Query remove, db.Prepare(sql));
      CARTD_RETURN_IF_ERROR(InContext(remove.Run(), [] { return "delete everything"; }));
    }
    return Status::Ok();
  });
}

SqliteStats SqliteStore::stats() const {
  sqlite::GroupCommitCounters counters = writer_->counters();
  return SqliteStats{
      .writes = counters.writes,
      .transactions = counters.transactions,
      .failed_transactions = counters.failed_transactions,
      .last_batch_size = counters.last_batch_size,
      .queued = counters.queued,
      .in_flight = counters.in_flight,
  };
}

}  // namespace cartd::storage
