-- Schema version 1: carts, orders, stored replies, customers, and the migration log.
--
-- Every table's primary key starts with (partner_tenant, customer_id), so that the data can be
-- sharded on them. Times are INTEGER counts of 100 ns ticks since 1970-01-01T00:00:00Z (the
-- resolution of Partner Center timestamps). Documents are the contract's JSON
-- (partnercenter/json.h) without `links` and `attributes`, which the API layer renders.

CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

CREATE TABLE carts (
  partner_tenant  TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  cart_id         TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version > 0),
  status          TEXT NOT NULL CHECK (status IN ('Active', 'Ordered')),
  expiration      INTEGER,  -- NULL: never expires
  document        TEXT NOT NULL,  -- partnercenter::Cart
  checkout_result TEXT,  -- partnercenter::CartCheckoutResult, once Ordered
  PRIMARY KEY (partner_tenant, customer_id, cart_id)
);

-- The expiry sweep reads Active carts oldest expiration first.
CREATE INDEX carts_active_by_expiration ON carts (expiration) WHERE status = 'Active';

CREATE TABLE orders (
  partner_tenant TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  order_id       TEXT NOT NULL,
  cart_id        TEXT NOT NULL,
  created        INTEGER,  -- the order's creationDate; NULL sorts first
  document       TEXT NOT NULL,  -- partnercenter::Order
  PRIMARY KEY (partner_tenant, customer_id, order_id),
  FOREIGN KEY (partner_tenant, customer_id, cart_id)
    REFERENCES carts (partner_tenant, customer_id, cart_id)
);

-- ListOrders: a customer's orders, oldest first, then by id.
CREATE INDEX orders_by_created ON orders (partner_tenant, customer_id, created, order_id);
-- The orders of one cart; also what keeps the foreign key check cheap when a cart is deleted.
CREATE INDEX orders_by_cart ON orders (partner_tenant, customer_id, cart_id);

CREATE TABLE replies (
  partner_tenant TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  request_id     TEXT NOT NULL,
  method         TEXT NOT NULL,
  path           TEXT NOT NULL,
  body_digest    TEXT NOT NULL,
  created        INTEGER NOT NULL,
  payload        BLOB NOT NULL,  -- opaque to the store
  PRIMARY KEY (partner_tenant, customer_id, request_id, method, path, body_digest)
);

-- The reply sweep deletes oldest first.
CREATE INDEX replies_by_created ON replies (created);

CREATE TABLE customers (
  partner_tenant TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  country        TEXT NOT NULL,
  currency       TEXT NOT NULL,
  company_name   TEXT NOT NULL,
  PRIMARY KEY (partner_tenant, customer_id)
);
