-- Up Migration

-- State of the simulated vendor APIs, in a schema of their own so that they stay a
-- separate "system" that the aggregator only reaches over HTTP.
CREATE SCHEMA vendor_mock;

CREATE TABLE vendor_mock.vendors (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  shape            text NOT NULL,
  latency_ms       integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
  error_rate       double precision NOT NULL DEFAULT 0 CHECK (error_rate BETWEEN 0 AND 1),
  timeout_rate     double precision NOT NULL DEFAULT 0 CHECK (timeout_rate BETWEEN 0 AND 1),
  rate_limit_rate  double precision NOT NULL DEFAULT 0 CHECK (rate_limit_rate BETWEEN 0 AND 1),
  reject_orders    boolean NOT NULL DEFAULT false
);

CREATE TABLE vendor_mock.stock (
  vendor_id  text NOT NULL REFERENCES vendor_mock.vendors (id),
  sku        text NOT NULL,
  name       text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity >= 0),
  price      numeric(12, 2) NOT NULL CHECK (price >= 0),
  currency   char(3) NOT NULL DEFAULT 'EUR',
  PRIMARY KEY (vendor_id, sku)
);

CREATE TABLE vendor_mock.orders (
  vendor_id        text NOT NULL REFERENCES vendor_mock.vendors (id),
  reference        text NOT NULL,
  sku              text NOT NULL,
  quantity         integer NOT NULL CHECK (quantity > 0),
  vendor_order_id  text NOT NULL,
  status           text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'cancelled')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, reference, sku)
);

-- The seeded catalogue: 30 SKUs, 20 of them sold by two or three vendors at different prices.
CREATE FUNCTION vendor_mock.reset() RETURNS void LANGUAGE sql AS $$
  DELETE FROM vendor_mock.orders;
  DELETE FROM vendor_mock.stock;
  DELETE FROM vendor_mock.vendors;
  INSERT INTO vendor_mock.vendors (id, name, shape) VALUES
    ('acme', 'Acme Wholesale', 'page-json'),
    ('globex', 'Globex Supply', 'cursor-json'),
    ('initech', 'Initech Distribution', 'csv-export');
  INSERT INTO vendor_mock.stock (vendor_id, sku, name, quantity, price)
  SELECT v.id, format('SKU-%s', lpad(n::text, 4, '0')), format('Catalogue item %s', n),
         10 + (n * v.k) % 40, round((5 + n * 1.25 + v.k * 0.5)::numeric, 2)
  FROM generate_series(1, 30) AS n
  JOIN (VALUES ('acme', 1, 1, 20), ('globex', 3, 11, 30), ('initech', 7, 1, 5), ('initech', 7, 15, 25))
       AS v (id, k, first_n, last_n) ON n BETWEEN v.first_n AND v.last_n;
$$;

SELECT vendor_mock.reset();

-- Down Migration
DROP SCHEMA vendor_mock CASCADE;
