#include "storage/postgres/postgres_store.h"

#include <exception>
#include <span>
#include <utility>

#include "partnercenter/json.h"
#include "storage/common/documents.h"
#include "storage/common/encoded_write.h"
#include "storage/common/reply_payload.h"
#include "storage/postgres/connection_pool.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/postgres_connection.h"
#include "storage/postgres/sql_state.h"

namespace cartd::storage {
namespace {

using postgres::Connection;
using postgres::ConnectionPool;
using postgres::Params;
using postgres::PipelineResult;
using postgres::Result;
using postgres::Statement;
using postgres::Step;

// The statements of the store. Each names the partner tenant and customer first: on a sharded
// deployment that is what routes it to the one shard holding the rows (docs/scale-out.md).

constexpr Statement kBegin{"begin", "BEGIN ISOLATION LEVEL READ COMMITTED", false};
constexpr Statement kCommit{"commit", "COMMIT", false};
constexpr Statement kRollback{"rollback", "ROLLBACK", false};

constexpr Statement kSelectCart{"cartd_select_cart",
                                "SELECT version, document, checkout_result FROM carts "
                                "WHERE partner_tenant = $1 AND customer_id = $2 AND cart_id = $3"};
// As kSelectCart for a reader that holds the head ($4, $5, $6): the documents are NULL when that
// is still the cart's head, so an unchanged cart's documents never cross the network.
constexpr Statement kSelectChangedCart{
    "cartd_select_changed_cart",
    "SELECT version, status, expiration, "
    "CASE WHEN unchanged THEN NULL ELSE document END, "
    "CASE WHEN unchanged THEN NULL ELSE checkout_result END "
    "FROM (SELECT *, version = $4::bigint AND status = $5::text "
    "AND expiration IS NOT DISTINCT FROM $6::bigint AS unchanged FROM carts "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND cart_id = $3) AS cart"};
constexpr Statement kListCarts{"cartd_list_carts",
                               "SELECT version, document, checkout_result, cart_id FROM carts "
                               "WHERE partner_tenant = $1 AND customer_id = $2 ORDER BY cart_id"};
constexpr Statement kInsertCart{
    "cartd_insert_cart",
    "INSERT INTO carts (partner_tenant, customer_id, cart_id, version, status, expiration, "
    "document, checkout_result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"};
constexpr Statement kUpdateCart{
    "cartd_update_cart",
    "UPDATE carts SET version = $4, status = $5, expiration = $6, document = $7, "
    "checkout_result = $8 "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND cart_id = $3 AND version = $9"};
// SKIP LOCKED: nodes sweeping at the same time take different carts instead of queueing.
constexpr Statement kDeleteExpiredCarts{
    "cartd_delete_expired_carts",
    "DELETE FROM carts WHERE (partner_tenant, customer_id, cart_id) IN "
    "(SELECT partner_tenant, customer_id, cart_id FROM carts "
    "WHERE status = 'Active' AND expiration < $1 ORDER BY expiration LIMIT $2 "
    "FOR UPDATE SKIP LOCKED)"};

constexpr Statement kSelectOrder{
    "cartd_select_order",
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND order_id = $3"};
// A page of a customer's orders (CartStore::ListOrders): the first $4 after the position whose id
// is $3 and whose creation date is $5 (kListOrdersAfter) or none (kListOrdersAfterUndated, which
// also reads the first page: from the position of no date and the id "", before every order).
// Both read the index orders_by_created from the position on.
constexpr Statement kListOrdersAfter{
    "cartd_list_orders_after",
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND (created, order_id) > ($5, $3) "
    "ORDER BY created NULLS FIRST, order_id LIMIT $4"};
constexpr Statement kListOrdersAfterUndated{
    "cartd_list_orders_after_undated",
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND (created IS NOT NULL OR order_id > $3) "
    "ORDER BY created NULLS FIRST, order_id LIMIT $4"};
// Across every customer, for the completion sweep: the one statement that is not routed to one
// shard (on a sharded deployment it fans out; it runs once a sweep interval).
constexpr Statement kListPendingOrders{
    "cartd_list_pending_orders",
    "SELECT partner_tenant, customer_id, order_id, cart_id, version, document FROM orders "
    "WHERE status = 'pending' AND created < $1 ORDER BY created LIMIT $2"};
constexpr Statement kInsertOrder{
    "cartd_insert_order",
    "INSERT INTO orders (partner_tenant, customer_id, order_id, cart_id, created, document, "
    "version, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"};
constexpr Statement kUpdateOrder{
    "cartd_update_order",
    "UPDATE orders SET version = $4, status = $5, document = $6 "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND order_id = $3 AND version = $7"};

constexpr Statement kSelectSubscription{
    "cartd_select_subscription",
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND subscription_id = $3"};
// Pages of a customer's subscriptions, as kListOrdersAfter(Undated) page orders. The OfOrder
// statements keep those of the order $3, and take the page's parameters one place later ($4 the
// id, $5 the size, $6 the creation date).
constexpr Statement kListSubscriptionsAfter{
    "cartd_list_subscriptions_after",
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND (created, subscription_id) > ($5, $3) "
    "ORDER BY created NULLS FIRST, subscription_id LIMIT $4"};
constexpr Statement kListSubscriptionsAfterUndated{
    "cartd_list_subscriptions_after_undated",
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = $1 AND customer_id = $2 "
    "AND (created IS NOT NULL OR subscription_id > $3) "
    "ORDER BY created NULLS FIRST, subscription_id LIMIT $4"};
constexpr Statement kListSubscriptionsOfOrderAfter{
    "cartd_list_subscriptions_of_order_after",
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND order_id = $3 "
    "AND (created, subscription_id) > ($6, $4) "
    "ORDER BY created NULLS FIRST, subscription_id LIMIT $5"};
constexpr Statement kListSubscriptionsOfOrderAfterUndated{
    "cartd_list_subscriptions_of_order_after_undated",
    "SELECT partner_tenant, customer_id, subscription_id, order_id, document FROM subscriptions "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND order_id = $3 "
    "AND (created IS NOT NULL OR subscription_id > $4) "
    "ORDER BY created NULLS FIRST, subscription_id LIMIT $5"};
constexpr Statement kInsertSubscription{
    "cartd_insert_subscription",
    "INSERT INTO subscriptions (partner_tenant, customer_id, subscription_id, order_id, created, "
    "document) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"};
constexpr Statement kUpdateSubscription{
    "cartd_update_subscription",
    "UPDATE subscriptions SET document = $5 "
    "WHERE partner_tenant = $1 AND customer_id = $2 AND subscription_id = $3 AND order_id = $4"};

constexpr Statement kSelectReply{
    "cartd_select_reply",
    "SELECT payload FROM replies WHERE partner_tenant = $1 AND customer_id = $2 "
    "AND request_id = $3 AND method = $4 AND path = $5 AND body_digest = $6 AND created >= $7"};
// Inserts the reply, or replaces one stored under the same key before $9 (past its retention);
// changes no row when the key holds a live reply. A concurrent insert of the same key waits for
// the first transaction and then sees its reply.
constexpr Statement kUpsertReply{
    "cartd_upsert_reply",
    "INSERT INTO replies (partner_tenant, customer_id, request_id, method, path, body_digest, "
    "created, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (partner_tenant, customer_id, request_id, method, path, body_digest) "
    "DO UPDATE SET created = excluded.created, payload = excluded.payload "
    "WHERE replies.created < $9"};
constexpr Statement kDeleteRepliesBefore{
    "cartd_delete_replies_before",
    "DELETE FROM replies "
    "WHERE (partner_tenant, customer_id, request_id, method, path, body_digest) IN "
    "(SELECT partner_tenant, customer_id, request_id, method, path, body_digest FROM replies "
    "WHERE created < $1 ORDER BY created LIMIT $2 FOR UPDATE SKIP LOCKED)"};

constexpr Statement kCountCarts{"cartd_count_carts",
                                "SELECT status, count(*) FROM carts GROUP BY status"};
// octet_length reads a stored value's size without decompressing or fetching it from TOAST. Both
// subqueries read one partner's rows by the partner-first primary keys.
constexpr Statement kStoredBytes{
    "cartd_stored_bytes",
    "SELECT (SELECT COALESCE(SUM(octet_length(document) + "
    "COALESCE(octet_length(checkout_result), 0)), 0) FROM carts WHERE partner_tenant = $1)::bigint "
    "+ (SELECT COALESCE(SUM(octet_length(payload)), 0) FROM replies "
    "WHERE partner_tenant = $1)::bigint"};

constexpr Statement kSelectClockOffset{"cartd_select_clock_offset",
                                       "SELECT offset_ticks FROM stand_in_clock WHERE id = 1"};
constexpr Statement kAdvanceClockOffset{
    "cartd_advance_clock_offset",
    "INSERT INTO stand_in_clock (id, offset_ticks) VALUES (1, $1) ON CONFLICT (id) DO UPDATE "
    "SET offset_ticks = GREATEST(stand_in_clock.offset_ticks, excluded.offset_ticks) "
    "RETURNING offset_ticks"};
// One statement, so that the reset is one transaction; TRUNCATE of all the tables together
// satisfies their foreign keys.
constexpr Statement kDeleteEverything{
    "cartd_delete_everything",
    "TRUNCATE subscriptions, orders, replies, carts, customers, stand_in_clock"};

constexpr Statement kSelectCustomer{"cartd_select_customer",
                                    "SELECT country, currency, company_name FROM customers "
                                    "WHERE partner_tenant = $1 AND customer_id = $2"};
constexpr Statement kListAllCustomers{
    "cartd_list_all_customers",
    "SELECT partner_tenant, customer_id, country, currency, company_name FROM customers "
    "ORDER BY partner_tenant, customer_id"};
constexpr Statement kListCustomersOfPartner{
    "cartd_list_customers_of_partner",
    "SELECT partner_tenant, customer_id, country, currency, company_name FROM customers "
    "WHERE partner_tenant = $1 ORDER BY customer_id"};
constexpr Statement kUpsertCustomer{
    "cartd_upsert_customer",
    "INSERT INTO customers (partner_tenant, customer_id, country, currency, company_name) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (partner_tenant, customer_id) DO UPDATE SET "
    "country = excluded.country, currency = excluded.currency, "
    "company_name = excluded.company_name"};
constexpr Statement kDeleteCustomer{
    "cartd_delete_customer",
    "DELETE FROM customers WHERE partner_tenant = $1 AND customer_id = $2"};

constexpr Statement kSchemaVersion{"cartd_schema_version",
                                   "SELECT coalesce(max(version), 0) FROM schema_migrations"};

// Deadlocks and serialization failures: how often a transaction is run again before the call
// fails with kUnavailable.
constexpr int kMaxTransientRetries = 3;

Params& OptionalTicks(Params& params, const std::optional<Timestamp>& t) {
  return t.has_value() ? params.Int64(ToTicks(*t)) : params.Null();
}

// Whether a page starts after a position with a creation date (a kList*After statement) or not
// (kList*AfterUndated).
bool AfterDated(const ListPage& page) { return page.after && page.after->created; }

// Adds the page's parameters of a kList*After(Undated) statement: the id after which it starts,
// its size, and the creation date it starts after (when there is one).
Params& PageParams(Params& params, const ListPage& page) {
  // "" rather than a null view, which would be sent as NULL.
  params.Text(page.after ? std::string_view(page.after->id) : std::string_view(""))
      .Int64(page.limit);
  if (AfterDated(page)) params.Int64(ToTicks(*page.after->created));
  return params;
}

// One try of an operation, on one connection.
class Attempt {
 public:
  explicit Attempt(Connection& db) : db_(db) {}

  PipelineResult Run(std::span<const Step> steps) {
    PipelineResult result = db_.Run(steps);
    if (!result.status.ok()) sql_state_ = result.sql_state;
    return result;
  }
  PipelineResult Run(Step step) { return Run(std::span<const Step>(&step, 1)); }

  // To be called before sending the statement that commits (COMMIT, or a write outside a
  // transaction): if the connection is lost after that, whether the write happened is unknown,
  // so the operation must not be run again.
  void MarkCommitSent() { commit_sent_ = true; }

  Connection& db() { return db_; }
  bool commit_sent() const { return commit_sent_; }
  const std::string& sql_state() const { return sql_state_; }

 private:
  Connection& db_;
  bool commit_sent_ = false;
  std::string sql_state_;  // of the last failed pipeline
};

// Runs `work` (a callable taking Attempt& and returning StatusOr<T>) on a pooled connection.
// Runs it again, on a new connection, when the connection broke before anything could have been
// committed (once: a second break means the server is really gone), and after a deadlock or
// serialization failure (a few times). Leaves no transaction open on a connection it returns.
template <typename T, typename Work>
StatusOr<T> Execute(ConnectionPool& pool, const Work& work) {
  bool replaced = false;
  int transient_failures = 0;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire());
    Attempt attempt(*lease);
    StatusOr<T> result = work(attempt);
    if (lease->broken()) {
      // The other idle connections most likely went the same way (a restart, a network cut).
      pool.DiscardIdle();
      if (!result.ok() && !attempt.commit_sent() && !replaced) {
        replaced = true;
        continue;
      }
      return result;
    }
    if (lease->InTransaction()) {
      Step rollback{&kRollback, {}};
      if (!lease->Run(std::span<const Step>(&rollback, 1)).status.ok()) lease.Discard();
    }
    if (!result.ok() && postgres::IsTransientSqlState(attempt.sql_state())) {
      if (++transient_failures <= kMaxTransientRetries) continue;
      return Unavailable(result.status().message() + " (still failing after " +
                         std::to_string(kMaxTransientRetries) + " retries)");
    }
    return result;
  }
}

// Row `row` of kSelectCart or kListCarts (version, document, checkout_result first), or of
// kSelectChangedCart (version first, then document and checkout_result from `first_document`).
StatusOr<CartRecord> CartFromRow(const Result& rows, const CartKey& key, int row = 0,
                                 int first_document = 1) {
  CartRecord record;
  record.key = key;
  CARTD_ASSIGN_OR_RETURN(record.version, rows.Int64(row, 0));
  CARTD_ASSIGN_OR_RETURN(
      record.cart,
      Decode(partnercenter::ParseCart(rows.Text(row, first_document), kStoredDocumentLimits),
             "document of " + Describe(key)));
  if (!rows.IsNull(row, first_document + 1)) {
    CARTD_ASSIGN_OR_RETURN(record.checkout_result,
                           Decode(partnercenter::ParseCartCheckoutResult(
                                      rows.Text(row, first_document + 1), kStoredDocumentLimits),
                                  "checkout result of " + Describe(key)));
  }
  return record;
}

// A row of kSelectOrder, kListOrdersAfter(Undated) or kListPendingOrders.
StatusOr<OrderRecord> OrderFromRow(const Result& rows, int row) {
  OrderRecord record;
  record.key = OrderKey{std::string(rows.Text(row, 0)), std::string(rows.Text(row, 1)),
                        std::string(rows.Text(row, 2))};
  record.cart_id = std::string(rows.Text(row, 3));
  CARTD_ASSIGN_OR_RETURN(record.version, rows.Int64(row, 4));
  CARTD_ASSIGN_OR_RETURN(record.order,
                         Decode(partnercenter::ParseOrder(rows.Text(row, 5), kStoredDocumentLimits),
                                "document of " + Describe(record.key)));
  return record;
}

// A row of kSelectSubscription or a kListSubscriptions* statement.
StatusOr<SubscriptionRecord> SubscriptionFromRow(const Result& rows, int row) {
  SubscriptionRecord record;
  record.key = SubscriptionKey{std::string(rows.Text(row, 0)), std::string(rows.Text(row, 1)),
                               std::string(rows.Text(row, 2))};
  record.order_id = std::string(rows.Text(row, 3));
  CARTD_ASSIGN_OR_RETURN(record.subscription, Decode(partnercenter::ParseSubscription(
                                                         rows.Text(row, 4), kStoredDocumentLimits),
                                                     "document of " + Describe(record.key)));
  return record;
}

// Every row of `rows`, each made by `from_row(rows, row)`.
template <typename Record, typename FromRow>
StatusOr<std::vector<Record>> AllRows(const Result& rows, FromRow from_row) {
  std::vector<Record> records;
  records.reserve(static_cast<std::size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) {
    CARTD_ASSIGN_OR_RETURN(Record record, from_row(rows, row));
    records.push_back(std::move(record));
  }
  return records;
}

// The stored status of an order: what the completion sweep selects on.
std::string_view StoredStatus(const partnercenter::Order& order) {
  return order.status ? std::string_view(*order.status) : std::string_view("pending");
}

Customer CustomerFromRow(const Result& rows, int row) {
  return Customer{
      .partner_tenant = std::string(rows.Text(row, 0)),
      .id = std::string(rows.Text(row, 1)),
      .country = std::string(rows.Text(row, 2)),
      .currency = std::string(rows.Text(row, 3)),
      .company_name = std::string(rows.Text(row, 4)),
  };
}

// BEGIN, the reply, the cart, the orders: the statements of one Commit, sent as one pipeline.
std::vector<Step> CommitSteps(const EncodedWrite& encoded) {
  const CartWrite& write = encoded.write;
  const CartRecord& cart = write.cart;
  std::vector<Step> steps;
  steps.reserve(3 + write.new_orders.size() + write.new_subscriptions.size());
  steps.push_back(Step{&kBegin, {}});

  if (write.reply.has_value()) {
    const ReplyToStore& reply = *write.reply;
    Step& upsert = steps.emplace_back(Step{&kUpsertReply, {}});
    upsert.params.Text(reply.key.partner_tenant)
        .Text(reply.key.customer_id)
        .Bytes(reply.key.request_id)
        .Text(reply.key.method)
        .Bytes(reply.key.path)
        .Text(reply.key.body_digest)
        .Int64(ToTicks(reply.created_at))
        .Bytes(*encoded.reply_payload)
        .Int64(ToTicks(reply.expired_before));
  }

  Step& upsert =
      steps.emplace_back(Step{write.expected_version == 0 ? &kInsertCart : &kUpdateCart, {}});
  upsert.params.Text(cart.key.partner_tenant)
      .Text(cart.key.customer_id)
      .Text(cart.key.cart_id)
      .Int64(cart.version)
      .Text(encoded.status);
  OptionalTicks(upsert.params, cart.cart.expiration_timestamp).Text(encoded.cart_document);
  if (encoded.checkout_document.has_value()) {
    upsert.params.Text(*encoded.checkout_document);
  } else {
    upsert.params.Null();
  }
  if (write.expected_version != 0) upsert.params.Int64(write.expected_version);

  for (std::size_t i = 0; i < write.new_orders.size(); ++i) {
    const OrderRecord& order = write.new_orders[i];
    Step& insert = steps.emplace_back(Step{&kInsertOrder, {}});
    insert.params.Text(order.key.partner_tenant)
        .Text(order.key.customer_id)
        .Text(order.key.order_id)
        .Text(order.cart_id);
    OptionalTicks(insert.params, order.order.creation_date)
        .Text(encoded.order_documents[i])
        .Int64(order.version)
        .Text(StoredStatus(order.order));
  }
  for (std::size_t i = 0; i < write.new_subscriptions.size(); ++i) {
    const SubscriptionRecord& subscription = write.new_subscriptions[i];
    Step& insert = steps.emplace_back(Step{&kInsertSubscription, {}});
    insert.params.Text(subscription.key.partner_tenant)
        .Text(subscription.key.customer_id)
        .Text(subscription.key.subscription_id)
        .Text(subscription.order_id);
    OptionalTicks(insert.params, subscription.subscription.creation_date)
        .Text(encoded.subscription_documents[i]);
  }
  return steps;
}

StatusOr<bool> CommitSent(Attempt& attempt);

// One try of a Commit. Every statement is conditional (ON CONFLICT, WHERE version = ...), so none
// fails for a lost race: each reports "no row changed" instead, and the transaction is then
// rolled back (by Execute) rather than committed.
StatusOr<bool> CommitOnce(Attempt& attempt, const EncodedWrite& encoded) {
  const CartWrite& write = encoded.write;
  const CartKey& key = write.cart.key;
  const std::vector<Step> steps = CommitSteps(encoded);
  PipelineResult sent = attempt.Run(steps);

  // Results: BEGIN, [reply], cart, orders... The reply is looked at first, so that a request
  // answered before is reported as such even when its cart has moved on since.
  std::size_t next = 1;
  if (write.reply.has_value()) {
    if (sent.results.size() > next && sent.results[next].affected() == 0) {
      return Status(ErrorCode::kAlreadyExists,
                    "request " + write.reply->key.request_id + " has already been answered");
    }
    ++next;
  }
  if (!sent.status.ok()) return sent.status;
  if (sent.results[next].affected() == 0) {
    if (write.expected_version == 0) return Conflict("cart " + key.cart_id + " already exists");
    return Conflict("cart " + key.cart_id + " is not at version " +
                    std::to_string(write.expected_version));
  }
  for (const OrderRecord& order : write.new_orders) {
    if (sent.results[++next].affected() == 0) {
      return Conflict("order " + order.key.order_id + " already exists");
    }
  }
  for (const SubscriptionRecord& subscription : write.new_subscriptions) {
    if (sent.results[++next].affected() == 0) {
      return Conflict("subscription " + subscription.key.subscription_id + " already exists");
    }
  }
  return CommitSent(attempt);
}

// Sends COMMIT for a transaction whose statements all succeeded.
StatusOr<bool> CommitSent(Attempt& attempt) {
  attempt.MarkCommitSent();
  PipelineResult committed = attempt.Run(Step{&kCommit, {}});
  if (!committed.status.ok() && attempt.db().broken()) {
    return Unavailable(
        "the connection was lost during COMMIT, so the write may or may not be "
        "stored: " +
        committed.status.message());
  }
  if (!committed.status.ok()) return committed.status;
  return true;
}

// One try of a CommitOrderChange, conditional like CommitOnce.
StatusOr<bool> ChangeOrderOnce(Attempt& attempt, const EncodedOrderChange& encoded) {
  const OrderChange& change = encoded.change;
  const OrderRecord& order = change.order;
  std::vector<Step> steps;
  steps.reserve(2 + change.subscriptions.size());
  steps.push_back(Step{&kBegin, {}});
  Step& update = steps.emplace_back(Step{&kUpdateOrder, {}});
  update.params.Text(order.key.partner_tenant)
      .Text(order.key.customer_id)
      .Text(order.key.order_id)
      .Int64(order.version)
      .Text(StoredStatus(order.order))
      .Text(encoded.order_document)
      .Int64(change.expected_version);
  for (std::size_t i = 0; i < change.subscriptions.size(); ++i) {
    const SubscriptionRecord& subscription = change.subscriptions[i];
    Step& replace = steps.emplace_back(Step{&kUpdateSubscription, {}});
    replace.params.Text(subscription.key.partner_tenant)
        .Text(subscription.key.customer_id)
        .Text(subscription.key.subscription_id)
        .Text(subscription.order_id)
        .Text(encoded.subscription_documents[i]);
  }
  PipelineResult sent = attempt.Run(steps);
  if (!sent.status.ok()) return sent.status;
  if (sent.results[1].affected() == 0) {
    return Conflict("order " + order.key.order_id + " is not at version " +
                    std::to_string(change.expected_version));
  }
  for (std::size_t i = 0; i < change.subscriptions.size(); ++i) {
    if (sent.results[2 + i].affected() == 0) {
      return Conflict("subscription " + change.subscriptions[i].key.subscription_id +
                      " does not exist");
    }
  }
  return CommitSent(attempt);
}

Status CheckOptions(const PostgresOptions& options) {
  if (options.uri.empty()) return InvalidInput("the PostgreSQL store needs a connection URI");
  if (options.pool_size < 1) return InvalidInput("pool_size must be at least 1");
  if (options.connect_timeout.count() <= 0 || options.statement_timeout.count() <= 0 ||
      options.pool_timeout.count() <= 0 || options.migration_timeout.count() <= 0) {
    return InvalidInput("PostgreSQL store timeouts must be positive");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<PostgresStore>> OpenPostgresStore(const PostgresOptions& options) {
  CARTD_RETURN_IF_ERROR(CheckOptions(options));
  auto context = [] { return "open PostgreSQL store"; };
  auto pool = std::make_unique<ConnectionPool>(
      postgres::ConnectOptions{.uri = options.uri,
                               .connect_timeout = options.connect_timeout,
                               .statement_timeout = options.statement_timeout},
      options.pool_size, options.pool_timeout);
  int version = 0;
  {
    CARTD_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, InContext(pool->Acquire(), context));
    CARTD_ASSIGN_OR_RETURN(
        int applied, InContext(postgres::ApplyMigrations(*lease, postgres::EmbeddedMigrations(),
                                                         options.migration_timeout),
                               context));
    (void)applied;
    CARTD_ASSIGN_OR_RETURN(version, InContext(postgres::RecordedSchemaVersion(*lease), context));
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool), version));
}

PostgresStore::PostgresStore(std::unique_ptr<postgres::ConnectionPool> pool, int schema_version)
    : pool_(std::move(pool)), schema_version_(schema_version) {}

PostgresStore::~PostgresStore() = default;

StatusOr<std::optional<CartRecord>> PostgresStore::FindCart(const CartKey& key) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<CartRecord>> {
    Step select{&kSelectCart, {}};
    select.params.Text(key.partner_tenant).Text(key.customer_id).Text(key.cart_id);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    std::optional<CartRecord> cart;
    if (found.results[0].rows() > 0) {
      CARTD_ASSIGN_OR_RETURN(cart, CartFromRow(found.results[0], key));
    }
    return cart;
  };
  return InContext(Execute<std::optional<CartRecord>>(*pool_, find),
                   [&] { return "find " + Describe(key); });
}

StatusOr<std::optional<CartRead>> PostgresStore::FindChangedCart(const CartKey& key,
                                                                 const CartHead& known) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<CartRead>> {
    Step select{&kSelectChangedCart, {}};
    select.params.Text(key.partner_tenant).Text(key.customer_id).Text(key.cart_id);
    select.params.Int64(known.version).Text(partnercenter::ToString(known.status));
    OptionalTicks(select.params, known.expiration);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    const Result& rows = found.results[0];
    if (rows.rows() == 0) return std::optional<CartRead>();
    CartRead read;
    CARTD_ASSIGN_OR_RETURN(const std::int64_t version, rows.Int64(0, 0));
    std::optional<std::int64_t> expiration;
    if (!rows.IsNull(0, 2)) {
      CARTD_ASSIGN_OR_RETURN(expiration, rows.Int64(0, 2));
    }
    CARTD_ASSIGN_OR_RETURN(read.head, HeadFromColumns(key, version, rows.Text(0, 1), expiration));
    if (rows.IsNull(0, 3)) {
      if (read.head != known) return Internal("stored " + Describe(key) + " has no document");
      return std::optional<CartRead>(std::move(read));
    }
    CARTD_ASSIGN_OR_RETURN(read.record, CartFromRow(rows, key, 0, /*first_document=*/3));
    return std::optional<CartRead>(std::move(read));
  };
  return InContext(Execute<std::optional<CartRead>>(*pool_, find),
                   [&] { return "find " + Describe(key); });
}

Status PostgresStore::Commit(const CartWrite& write) {
  std::optional<EncodedWrite> encoded;
  CARTD_RETURN_IF_ERROR(EncodeWrite(write, encoded));
  CARTD_RETURN_IF_ERROR(Admit(*encoded));
  StatusOr<bool> committed =
      Execute<bool>(*pool_, [&encoded](Attempt& attempt) { return CommitOnce(attempt, *encoded); });
  return InContext(committed.status(), [&] { return "write " + Describe(write.cart.key); });
}

StatusOr<std::optional<OrderRecord>> PostgresStore::FindOrder(const OrderKey& key) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<OrderRecord>> {
    Step select{&kSelectOrder, {}};
    select.params.Text(key.partner_tenant).Text(key.customer_id).Text(key.order_id);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    if (found.results[0].rows() == 0) return std::optional<OrderRecord>();
    CARTD_ASSIGN_OR_RETURN(OrderRecord record, OrderFromRow(found.results[0], 0));
    return std::optional<OrderRecord>(std::move(record));
  };
  return InContext(Execute<std::optional<OrderRecord>>(*pool_, find),
                   [&] { return "find " + Describe(key); });
}

StatusOr<std::vector<OrderRecord>> PostgresStore::ListOrders(std::string_view partner_tenant,
                                                             std::string_view customer_id,
                                                             const ListPage& page) {
  if (page.limit <= 0) return std::vector<OrderRecord>();
  auto list = [&](Attempt& attempt) -> StatusOr<std::vector<OrderRecord>> {
    Step select{AfterDated(page) ? &kListOrdersAfter : &kListOrdersAfterUndated, {}};
    select.params.Text(partner_tenant).Text(customer_id);
    PageParams(select.params, page);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    return AllRows<OrderRecord>(found.results[0], OrderFromRow);
  };
  return InContext(Execute<std::vector<OrderRecord>>(*pool_, list), [&] {
    return "list orders of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

StatusOr<std::vector<OrderRecord>> PostgresStore::ListPendingOrders(Timestamp created_before,
                                                                    int limit) {
  if (limit <= 0) return std::vector<OrderRecord>();
  auto list = [&](Attempt& attempt) -> StatusOr<std::vector<OrderRecord>> {
    Step select{&kListPendingOrders, {}};
    select.params.Int64(ToTicks(created_before)).Int64(limit);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    return AllRows<OrderRecord>(found.results[0], OrderFromRow);
  };
  return InContext(Execute<std::vector<OrderRecord>>(*pool_, list),
                   [] { return "list pending orders"; });
}

Status PostgresStore::CommitOrderChange(const OrderChange& change) {
  std::optional<EncodedOrderChange> encoded;
  CARTD_RETURN_IF_ERROR(EncodeOrderChange(change, encoded));
  StatusOr<bool> committed = Execute<bool>(
      *pool_, [&encoded](Attempt& attempt) { return ChangeOrderOnce(attempt, *encoded); });
  return InContext(committed.status(), [&] { return "change " + Describe(change.order.key); });
}

StatusOr<std::optional<SubscriptionRecord>> PostgresStore::FindSubscription(
    const SubscriptionKey& key) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<SubscriptionRecord>> {
    Step select{&kSelectSubscription, {}};
    select.params.Text(key.partner_tenant).Text(key.customer_id).Text(key.subscription_id);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    if (found.results[0].rows() == 0) return std::optional<SubscriptionRecord>();
    CARTD_ASSIGN_OR_RETURN(SubscriptionRecord record, SubscriptionFromRow(found.results[0], 0));
    return std::optional<SubscriptionRecord>(std::move(record));
  };
  return InContext(Execute<std::optional<SubscriptionRecord>>(*pool_, find),
                   [&] { return "find " + Describe(key); });
}

StatusOr<std::vector<SubscriptionRecord>> PostgresStore::ListSubscriptions(
    std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, const ListPage& page) {
  if (page.limit <= 0) return std::vector<SubscriptionRecord>();
  auto list = [&](Attempt& attempt) -> StatusOr<std::vector<SubscriptionRecord>> {
    const Statement* statement =
        order_id ? (AfterDated(page) ? &kListSubscriptionsOfOrderAfter
                                     : &kListSubscriptionsOfOrderAfterUndated)
                 : (AfterDated(page) ? &kListSubscriptionsAfter : &kListSubscriptionsAfterUndated);
    Step select{statement, {}};
    select.params.Text(partner_tenant).Text(customer_id);
    if (order_id) select.params.Text(*order_id);
    PageParams(select.params, page);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    return AllRows<SubscriptionRecord>(found.results[0], SubscriptionFromRow);
  };
  return InContext(Execute<std::vector<SubscriptionRecord>>(*pool_, list), [&] {
    return "list subscriptions of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

StatusOr<std::optional<StoredReply>> PostgresStore::FindReply(const IdempotencyKey& key,
                                                              Timestamp not_before) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<std::string>> {
    Step select{&kSelectReply, {}};
    select.params.Text(key.partner_tenant)
        .Text(key.customer_id)
        .Bytes(key.request_id)
        .Text(key.method)
        .Bytes(key.path)
        .Text(key.body_digest)
        .Int64(ToTicks(not_before));
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    if (found.results[0].rows() == 0) return std::optional<std::string>();
    CARTD_ASSIGN_OR_RETURN(std::string payload, found.results[0].Bytes(0, 0));
    return std::optional<std::string>(std::move(payload));
  };
  StatusOr<std::optional<std::string>> payload = Execute<std::optional<std::string>>(*pool_, find);
  if (!payload.ok()) return InContext(payload.status(), [&] { return "find " + Describe(key); });
  if (!payload->has_value()) return std::optional<StoredReply>();
  CARTD_ASSIGN_OR_RETURN(StoredReply reply, InContext(DecodeReplyPayload(**payload),
                                                      [&] { return "read " + Describe(key); }));
  return std::optional<StoredReply>(std::move(reply));
}

StatusOr<std::optional<Customer>> PostgresStore::FindCustomer(std::string_view partner_tenant,
                                                              std::string_view customer_id) {
  auto find = [&](Attempt& attempt) -> StatusOr<std::optional<Customer>> {
    Step select{&kSelectCustomer, {}};
    select.params.Text(partner_tenant).Text(customer_id);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    const Result& rows = found.results[0];
    if (rows.rows() == 0) return std::optional<Customer>();
    return std::optional<Customer>(Customer{
        .partner_tenant = std::string(partner_tenant),
        .id = std::string(customer_id),
        .country = std::string(rows.Text(0, 0)),
        .currency = std::string(rows.Text(0, 1)),
        .company_name = std::string(rows.Text(0, 2)),
    });
  };
  return InContext(Execute<std::optional<Customer>>(*pool_, find),
                   [&] { return "find " + DescribeCustomer(partner_tenant, customer_id); });
}

Status PostgresStore::PutCustomer(const Customer& customer) {
  // Storing the same customer twice changes nothing, so even a write whose outcome is unknown is
  // safe to run again.
  auto put = [&](Attempt& attempt) -> StatusOr<bool> {
    Step upsert{&kUpsertCustomer, {}};
    upsert.params.Text(customer.partner_tenant)
        .Text(customer.id)
        .Text(customer.country)
        .Text(customer.currency)
        .Text(customer.company_name);
    PipelineResult stored = attempt.Run(std::move(upsert));
    if (!stored.status.ok()) return stored.status;
    return true;
  };
  return InContext(Execute<bool>(*pool_, put).status(),
                   [&] { return "put " + DescribeCustomer(customer.partner_tenant, customer.id); });
}

StatusOr<bool> PostgresStore::RemoveCustomer(std::string_view partner_tenant,
                                             std::string_view customer_id) {
  auto remove = [&](Attempt& attempt) -> StatusOr<bool> {
    Step remove_customer{&kDeleteCustomer, {}};
    remove_customer.params.Text(partner_tenant).Text(customer_id);
    attempt.MarkCommitSent();
    PipelineResult removed = attempt.Run(std::move(remove_customer));
    if (!removed.status.ok()) return removed.status;
    return removed.results[0].affected() > 0;
  };
  return InContext(Execute<bool>(*pool_, remove),
                   [&] { return "remove " + DescribeCustomer(partner_tenant, customer_id); });
}

StatusOr<std::vector<Customer>> PostgresStore::ListCustomers(std::string_view partner_tenant) {
  auto list = [&](Attempt& attempt) -> StatusOr<std::vector<Customer>> {
    Step select{partner_tenant.empty() ? &kListAllCustomers : &kListCustomersOfPartner, {}};
    if (!partner_tenant.empty()) select.params.Text(partner_tenant);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    std::vector<Customer> customers;
    for (int row = 0; row < found.results[0].rows(); ++row) {
      customers.push_back(CustomerFromRow(found.results[0], row));
    }
    return customers;
  };
  return InContext(Execute<std::vector<Customer>>(*pool_, list), [] { return "list customers"; });
}

StatusOr<int> PostgresStore::DeleteExpiredCarts(Timestamp expired_before, int limit) {
  if (limit <= 0) return 0;
  auto sweep = [&](Attempt& attempt) -> StatusOr<int> {
    Step remove{&kDeleteExpiredCarts, {}};
    remove.params.Int64(ToTicks(expired_before)).Int64(limit);
    attempt.MarkCommitSent();
    PipelineResult removed = attempt.Run(std::move(remove));
    if (!removed.status.ok()) return removed.status;
    return static_cast<int>(removed.results[0].affected());
  };
  return InContext(Execute<int>(*pool_, sweep), [] { return "delete expired carts"; });
}

StatusOr<int> PostgresStore::DeleteRepliesBefore(Timestamp created_before, int limit) {
  if (limit <= 0) return 0;
  auto sweep = [&](Attempt& attempt) -> StatusOr<int> {
    Step remove{&kDeleteRepliesBefore, {}};
    remove.params.Int64(ToTicks(created_before)).Int64(limit);
    attempt.MarkCommitSent();
    PipelineResult removed = attempt.Run(std::move(remove));
    if (!removed.status.ok()) return removed.status;
    return static_cast<int>(removed.results[0].affected());
  };
  return InContext(Execute<int>(*pool_, sweep), [] { return "delete old replies"; });
}

StatusOr<CartCounts> PostgresStore::CountCarts() {
  auto count = [&](Attempt& attempt) -> StatusOr<CartCounts> {
    PipelineResult counted = attempt.Run(Step{&kCountCarts, {}});
    if (!counted.status.ok()) return counted.status;
    const Result& rows = counted.results[0];
    CartCounts counts;
    for (int row = 0; row < rows.rows(); ++row) {
      CARTD_ASSIGN_OR_RETURN(std::int64_t n, rows.Int64(row, 1));
      (rows.Text(row, 0) == "Ordered" ? counts.ordered : counts.active) = n;
    }
    return counts;
  };
  return InContext(Execute<CartCounts>(*pool_, count), [] { return "count carts"; });
}

StatusOr<std::int64_t> PostgresStore::StoredBytes(std::string_view partner_tenant) {
  auto sum = [&](Attempt& attempt) -> StatusOr<std::int64_t> {
    Step select{&kStoredBytes, {}};
    select.params.Text(partner_tenant);
    PipelineResult summed = attempt.Run(std::move(select));
    if (!summed.status.ok()) return summed.status;
    return summed.results[0].Int64(0, 0);
  };
  return InContext(Execute<std::int64_t>(*pool_, sum),
                   [&] { return "count stored bytes of partner " + std::string(partner_tenant); });
}

Status PostgresStore::Ping() {
  auto read_version = [&](Attempt& attempt) -> StatusOr<std::int64_t> {
    PipelineResult read = attempt.Run(Step{&kSchemaVersion, {}});
    if (!read.status.ok()) return read.status;
    return read.results[0].Int64(0, 0);
  };
  StatusOr<std::int64_t> version = Execute<std::int64_t>(*pool_, read_version);
  if (!version.ok()) return InContext(version.status(), [] { return "ping"; });
  if (*version != schema_version_) {
    return Internal("ping: schema version " + std::to_string(*version) + ", this build uses " +
                    std::to_string(schema_version_));
  }
  return Status::Ok();
}

StatusOr<Ticks> PostgresStore::FindClockOffset() {
  auto read = [&](Attempt& attempt) -> StatusOr<Ticks> {
    PipelineResult found = attempt.Run(Step{&kSelectClockOffset, {}});
    if (!found.status.ok()) return found.status;
    if (found.results[0].rows() == 0) return Ticks(0);
    CARTD_ASSIGN_OR_RETURN(std::int64_t offset, found.results[0].Int64(0, 0));
    return Ticks(offset);
  };
  return InContext(Execute<Ticks>(*pool_, read), [] { return "read the clock"; });
}

StatusOr<Ticks> PostgresStore::AdvanceClockOffset(Ticks offset) {
  // Advancing to the same offset twice changes nothing, so a retry after an unknown outcome is
  // safe.
  auto advance = [&](Attempt& attempt) -> StatusOr<Ticks> {
    Step upsert{&kAdvanceClockOffset, {}};
    upsert.params.Int64(offset.count());
    PipelineResult stored = attempt.Run(std::move(upsert));
    if (!stored.status.ok()) return stored.status;
    CARTD_ASSIGN_OR_RETURN(std::int64_t stored_offset, stored.results[0].Int64(0, 0));
    return Ticks(stored_offset);
  };
  return InContext(Execute<Ticks>(*pool_, advance), [] { return "advance the clock"; });
}

StatusOr<std::vector<CartRecord>> PostgresStore::ListCarts(std::string_view partner_tenant,
                                                           std::string_view customer_id) {
  auto list = [&](Attempt& attempt) -> StatusOr<std::vector<CartRecord>> {
    Step select{&kListCarts, {}};
    select.params.Text(partner_tenant).Text(customer_id);
    PipelineResult found = attempt.Run(std::move(select));
    if (!found.status.ok()) return found.status;
    std::vector<CartRecord> carts;
    for (int row = 0; row < found.results[0].rows(); ++row) {
      const CartKey key{std::string(partner_tenant), std::string(customer_id),
                        std::string(found.results[0].Text(row, 3))};
      CARTD_ASSIGN_OR_RETURN(CartRecord cart, CartFromRow(found.results[0], key, row));
      carts.push_back(std::move(cart));
    }
    return carts;
  };
  return InContext(Execute<std::vector<CartRecord>>(*pool_, list), [&] {
    return "list carts of " + DescribeCustomer(partner_tenant, customer_id);
  });
}

Status PostgresStore::DeleteEverything() {
  auto remove = [&](Attempt& attempt) -> StatusOr<bool> {
    PipelineResult removed = attempt.Run(Step{&kDeleteEverything, {}});
    if (!removed.status.ok()) return removed.status;
    return true;
  };
  return InContext(Execute<bool>(*pool_, remove).status(), [] { return "delete everything"; });
}

PostgresStats PostgresStore::stats() const {
  const postgres::PoolCounters counters = pool_->counters();
  return PostgresStats{
      .connects = counters.connects,
      .connect_failures = counters.connect_failures,
      .discarded = counters.discarded,
      .open_connections = counters.open,
      .idle_connections = counters.idle,
  };
}

}  // namespace cartd::storage
