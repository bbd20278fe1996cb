-- Where each source record lives in each sync target, and what was synced last. The sync-worker creates it when
-- missing in tributary.sync.database; one row per target, tenant, source table and record.
CREATE TABLE IF NOT EXISTS external_integration_mapping (
    provider        text        NOT NULL,
    tenant          text        NOT NULL DEFAULT '-',
    source_table    text        NOT NULL,
    record_id       text        NOT NULL,
    external_id     text,
    last_event_id   text        NOT NULL,
    last_event_time timestamptz,
    status          text        NOT NULL CHECK (status IN ('SYNCED', 'DELETED')),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, tenant, source_table, record_id)
);
