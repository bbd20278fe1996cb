-- Subscriptions managed with SQL. The capture-service mirrors this table into the compacted subscriptions topic,
-- the router's single source of truth: an INSERT or UPDATE publishes `definition` (the subscription JSON of the
-- admin API, with `id` set to the row's id), a DELETE removes the subscription (a tombstone). The router
-- validates every record: an invalid definition is quarantined, logged and listed by GET
-- /v1/subscriptions/quarantined, and every other subscription keeps working. Apply before starting the capture.
--   INSERT INTO tributary_subscription (id, definition) VALUES ('sub_orders_confirmed',
--     '{"name": "orders-confirmed", "tenant": "co_1", "table": "orders", "type": "WEBHOOK",
--       "config": {"url": "https://hooks.example.com/orders"}, "filter": {"status": "confirmed"}}');
CREATE TABLE IF NOT EXISTS tributary_subscription (
    id         text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.:-]{1,128}$'),
    definition jsonb       NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
