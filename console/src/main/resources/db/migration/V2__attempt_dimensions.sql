-- Attempts carry what a search of them needs on their own (the webhook dispatcher writes it beside each attempt):
-- tenant, subscription name, event type, table, record id and the delivery's record key. Attempts written before
-- these fields existed keep NULL in them.
ALTER TABLE attempts
    ADD COLUMN tenant            text,
    ADD COLUMN subscription_name text,
    ADD COLUMN event_type        text,
    ADD COLUMN table_name        text,
    ADD COLUMN record_id         text,
    ADD COLUMN record_key        text;
CREATE INDEX attempts_tenant_at ON attempts (tenant, at DESC, seq DESC);
CREATE INDEX attempts_subscription_at ON attempts (subscription_id, at DESC, seq DESC);
CREATE INDEX attempts_record ON attempts (record_id);
CREATE INDEX attempts_event_type ON attempts (event_type text_pattern_ops);

-- A delivery keeps the subscription settings it was routed with, secrets masked (a secret is never stored in the
-- ledger), its record key, and where its record is on its handler topic: the delivery's page shows the headers it
-- was sent with, and "resend now" sends that record again.
ALTER TABLE deliveries
    ADD COLUMN record_key          text,
    ADD COLUMN subscription_config jsonb,
    ADD COLUMN kafka_topic         text,
    ADD COLUMN kafka_partition     integer,
    ADD COLUMN kafka_offset        bigint;
