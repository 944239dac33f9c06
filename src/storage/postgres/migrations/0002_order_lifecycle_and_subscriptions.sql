-- Schema version 2: the order lifecycle (a version and a status column, so that a completion or
-- cancellation is one conditional update and the completion sweep finds pending orders by index)
-- and the subscriptions an order's lines create. Keys and documents as in version 1.

ALTER TABLE orders ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'pending';
-- json, not jsonb: a document may hold \u0000, which only jsonb refuses.
UPDATE orders SET status = COALESCE(document::json ->> 'status', 'pending');

-- The completion sweep reads pending orders oldest first.
CREATE INDEX orders_pending_by_created ON orders (created) WHERE status = 'pending';

CREATE TABLE subscriptions (
  partner_tenant  text COLLATE "C" NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  subscription_id text COLLATE "C" NOT NULL,
  order_id        text COLLATE "C" NOT NULL,
  created         bigint,  -- the subscription's creationDate; NULL sorts first
  document        text NOT NULL,  -- partnercenter::Subscription
  PRIMARY KEY (partner_tenant, customer_id, subscription_id),
  FOREIGN KEY (partner_tenant, customer_id, order_id)
    REFERENCES orders (partner_tenant, customer_id, order_id)
);

-- ListSubscriptions: a customer's subscriptions, oldest first, then by id; and those of one order.
CREATE INDEX subscriptions_by_created
  ON subscriptions (partner_tenant, customer_id, created NULLS FIRST, subscription_id);
CREATE INDEX subscriptions_by_order ON subscriptions (partner_tenant, customer_id, order_id);
