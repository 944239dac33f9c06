-- Schema version 1: carts, orders, stored replies, customers, and the migration log.
--
-- Every table's primary key starts with (partner_tenant, customer_id), and every statement the
-- store runs for a request names both, so that the data can be distributed on them: all rows of
-- one customer live together, and a request touches one place (docs/scale-out.md).
--
-- Times are bigint counts of 100 ns ticks since 1970-01-01T00:00:00Z (the resolution of Partner
-- Center timestamps). Documents are the contract's JSON (partnercenter/json.h) without `links`
-- and `attributes`, which the API layer renders. They are text, not jsonb: the store never looks
-- inside them (what its statements filter and sort on has a column of its own), text keeps the
-- codec's output byte for byte and costs the server no parsing on write nor re-serialising on
-- read, and jsonb refuses strings containing \u0000, which JSON allows.
--
-- Identifiers compare bytewise (COLLATE "C"), so that orderings do not depend on the database's
-- locale and are those of the SQLite store.

CREATE TABLE schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE carts (
  partner_tenant  text COLLATE "C" NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  cart_id         text COLLATE "C" NOT NULL,
  version         bigint NOT NULL CHECK (version > 0),
  status          text NOT NULL CHECK (status IN ('Active', 'Ordered')),
  expiration      bigint,  -- NULL: never expires
  document        text NOT NULL,  -- partnercenter::Cart
  checkout_result text,  -- partnercenter::CartCheckoutResult, once Ordered
  PRIMARY KEY (partner_tenant, customer_id, cart_id)
);

-- The expiry sweep reads Active carts oldest expiration first.
CREATE INDEX carts_active_by_expiration ON carts (expiration) WHERE status = 'Active';

CREATE TABLE orders (
  partner_tenant text COLLATE "C" NOT NULL,
  customer_id    text COLLATE "C" NOT NULL,
  order_id       text COLLATE "C" NOT NULL,
  cart_id        text COLLATE "C" NOT NULL,
  created        bigint,  -- the order's creationDate; NULL sorts first
  document       text NOT NULL,  -- partnercenter::Order
  PRIMARY KEY (partner_tenant, customer_id, order_id),
  FOREIGN KEY (partner_tenant, customer_id, cart_id)
    REFERENCES carts (partner_tenant, customer_id, cart_id)
);

-- ListOrders: a customer's orders, oldest first, then by id.
CREATE INDEX orders_by_created
  ON orders (partner_tenant, customer_id, created NULLS FIRST, order_id);
-- The orders of one cart; also what keeps the foreign key check cheap when a cart is deleted.
CREATE INDEX orders_by_cart ON orders (partner_tenant, customer_id, cart_id);

-- The request id and path are stored as the bytes received: HTTP allows header and target bytes
-- that are not UTF-8, which a text column would refuse.
CREATE TABLE replies (
  partner_tenant text COLLATE "C" NOT NULL,
  customer_id    text COLLATE "C" NOT NULL,
  request_id     bytea NOT NULL,
  method         text COLLATE "C" NOT NULL,
  path           bytea NOT NULL,
  body_digest    text COLLATE "C" NOT NULL,
  created        bigint NOT NULL,
  payload        bytea NOT NULL,  -- opaque to the store
  PRIMARY KEY (partner_tenant, customer_id, request_id, method, path, body_digest)
);

-- The reply sweep deletes oldest first.
CREATE INDEX replies_by_created ON replies (created);

CREATE TABLE customers (
  partner_tenant text COLLATE "C" NOT NULL,
  customer_id    text COLLATE "C" NOT NULL,
  country        text NOT NULL,
  currency       text NOT NULL,
  company_name   text NOT NULL,
  PRIMARY KEY (partner_tenant, customer_id)
);
