-- Up Migration

-- The aggregated catalogue: one row per SKU, whatever the number of vendors selling it.
-- on_hand is the sum of fresh vendor stock (maintained by the sync and by confirmations);
-- reserved is the sum of PENDING order lines. available = on_hand - reserved, floored at 0:
-- a sync may lower on_hand below reserved, and confirmation settles the difference.
CREATE TABLE products (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku         text NOT NULL UNIQUE,
  name        text NOT NULL,
  on_hand     integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved    integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vendors (
  id                   text PRIMARY KEY,
  name                 text NOT NULL,
  shape                text NOT NULL CHECK (shape IN ('page-json', 'cursor-json', 'csv-export')),
  -- NULL: the simulated vendor served by this stack at VENDOR_BASE_URL/{id}
  base_url             text,
  -- NULL: the configured default (STALE_AFTER_SECONDS)
  stale_after_seconds  integer CHECK (stale_after_seconds > 0),
  enabled              boolean NOT NULL DEFAULT true,
  -- the end of the last sync that read this vendor completely; staleness counts from here
  last_synced_at       timestamptz
);

CREATE TABLE vendor_stock (
  vendor_id   text NOT NULL REFERENCES vendors (id),
  product_id  uuid NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity >= 0),
  price       numeric(12, 2) NOT NULL CHECK (price >= 0),
  currency    char(3) NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, product_id)
);
CREATE INDEX vendor_stock_product ON vendor_stock (product_id);

CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  status           text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'FAILED', 'CANCELLED')),
  failure_reason   text,
  attempts         integer NOT NULL DEFAULT 0,
  idempotency_key  text UNIQUE,
  request_hash     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_by_created ON orders (created_at DESC, id DESC);
CREATE INDEX orders_by_status ON orders (status, created_at DESC, id DESC);

CREATE TABLE order_lines (
  order_id    uuid NOT NULL REFERENCES orders (id),
  line_no     integer NOT NULL,
  product_id  uuid NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Which vendor supplies how much of a line. Planned before any vendor is called, so a
-- retry after a crash re-sends the same vendor orders instead of choosing new vendors.
CREATE TABLE order_allocations (
  order_id         uuid NOT NULL REFERENCES orders (id),
  product_id       uuid NOT NULL REFERENCES products (id),
  vendor_id        text NOT NULL REFERENCES vendors (id),
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price       numeric(12, 2) NOT NULL,
  currency         char(3) NOT NULL,
  status           text NOT NULL CHECK (status IN ('planned', 'placed', 'refused', 'cancelled')),
  vendor_order_id  text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, product_id, vendor_id)
);

-- Transactional outbox: written in the order's transaction, published after commit,
-- and by the relay for whatever the broker did not take.
CREATE TABLE outbox (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id          uuid NOT NULL REFERENCES orders (id),
  payload           jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  published_at      timestamptz,
  publish_attempts  integer NOT NULL DEFAULT 0,
  last_error        text
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE sync_runs (
  id           uuid PRIMARY KEY,
  trigger      text NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX sync_runs_recent ON sync_runs (started_at DESC);

CREATE TABLE sync_run_vendors (
  run_id         uuid NOT NULL REFERENCES sync_runs (id),
  vendor_id      text NOT NULL REFERENCES vendors (id),
  status         text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  rows_seen      integer NOT NULL DEFAULT 0,
  rows_changed   integer NOT NULL DEFAULT 0,
  rows_rejected  integer NOT NULL DEFAULT 0,
  pages          integer NOT NULL DEFAULT 0,
  error          text,
  duration_ms    integer NOT NULL,
  PRIMARY KEY (run_id, vendor_id)
);

-- The simulated vendors this stack serves itself (functions/vendorMock).
INSERT INTO vendors (id, name, shape) VALUES
  ('acme', 'Acme Wholesale', 'page-json'),
  ('globex', 'Globex Supply', 'cursor-json'),
  ('initech', 'Initech Distribution', 'csv-export');

-- Down Migration
DROP TABLE sync_run_vendors, sync_runs, outbox, order_allocations, order_lines, orders,
  vendor_stock, vendors, products;
