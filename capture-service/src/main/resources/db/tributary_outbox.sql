-- Tributary's transactional outbox. An application inserts a row in the same transaction as its business write;
-- the capture-service emits it as an event of type event_type whose id is idempotency_key. Rows may be deleted
-- right after the insert (in the same transaction or later): the capture reads the insert from the WAL, and
-- deletes of outbox rows are ignored. A periodic cleanup keeps the table small:
--   DELETE FROM tributary_outbox WHERE created_at < now() - interval '1 day';
CREATE TABLE IF NOT EXISTS tributary_outbox (
    id              bigserial PRIMARY KEY,
    tenant          text,
    event_type      text        NOT NULL CHECK (event_type ~ '^[A-Za-z0-9_.:/-]+$' AND length(event_type) <= 256),
    source          text        NOT NULL DEFAULT '/services/outbox',
    subject         text,
    payload         jsonb       NOT NULL,
    idempotency_key text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 256),
    correlation_id  text,
    causation_id    text,
    depth           integer     NOT NULL DEFAULT 0 CHECK (depth >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
