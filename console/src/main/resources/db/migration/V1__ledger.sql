-- The console's ledger: every event, delivery, delivery attempt and dead letter Tributary's topics carried.
-- Each table has a natural key, and every insert is ON CONFLICT DO NOTHING on it: a record read twice (a replay,
-- a restart before the offsets were committed) is stored once. seq orders rows that share a time, for paging.

CREATE TABLE events (
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    event_id    text        NOT NULL,
    tenant      text,
    type        text        NOT NULL,
    source      text        NOT NULL,
    table_name  text,
    record_id   text,
    operation   text,
    at          timestamptz NOT NULL,
    data        jsonb,
    -- What a subscription's filter is tested against: data.new of a row change (data.old for a DELETE), the
    -- whole data of any other event. The filter search is `subject @> filter`, as a subscription's is.
    subject     jsonb,
    PRIMARY KEY (event_id)
);
CREATE INDEX events_at ON events (at DESC, seq DESC);
CREATE INDEX events_tenant_at ON events (tenant, at DESC, seq DESC);
CREATE INDEX events_type ON events (type text_pattern_ops);
CREATE INDEX events_record ON events (record_id);
CREATE INDEX events_subject ON events USING gin (subject jsonb_path_ops);

CREATE TABLE deliveries (
    seq               bigint GENERATED ALWAYS AS IDENTITY,
    delivery_id       text        NOT NULL,
    event_id          text        NOT NULL,
    subscription_id   text        NOT NULL,
    subscription_name text,
    tenant            text,
    handler_type      text        NOT NULL,
    endpoint_host     text,
    event_type        text        NOT NULL,
    table_name        text,
    record_id         text,
    at                timestamptz NOT NULL,
    PRIMARY KEY (delivery_id)
);
CREATE INDEX deliveries_at ON deliveries (at DESC, seq DESC);
CREATE INDEX deliveries_tenant_at ON deliveries (tenant, at DESC, seq DESC);
CREATE INDEX deliveries_subscription_at ON deliveries (subscription_id, at DESC, seq DESC);
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE INDEX deliveries_record ON deliveries (record_id);

-- One row per attempt; a replayed delivery starts its attempts again at 1 at a later time, so the time is part
-- of the key.
CREATE TABLE attempts (
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    delivery_id     text        NOT NULL,
    attempt         integer     NOT NULL,
    at              timestamptz NOT NULL,
    subscription_id text,
    event_id        text,
    outcome         text        NOT NULL,
    http_status     integer     NOT NULL,
    latency_ms      bigint      NOT NULL,
    endpoint_host   text,
    error           text,
    response_body   text,
    PRIMARY KEY (delivery_id, attempt, at)
);
CREATE INDEX attempts_at ON attempts (at DESC, seq DESC);

CREATE TABLE dead_letters (
    seq                bigint GENERATED ALWAYS AS IDENTITY,
    topic              text        NOT NULL,
    kafka_partition    integer     NOT NULL,
    kafka_offset       bigint      NOT NULL,
    at                 timestamptz NOT NULL,
    reason             text,
    reason_code        text,
    exception          text,
    last_status        integer,
    original_topic     text,
    original_partition integer,
    original_offset    bigint,
    tenant             text,
    event_id           text,
    delivery_id        text,
    subscription_id    text,
    event_type         text,
    value_bytes        integer     NOT NULL,
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letters_at ON dead_letters (at DESC, seq DESC);
CREATE INDEX dead_letters_tenant_at ON dead_letters (tenant, at DESC, seq DESC);
CREATE INDEX dead_letters_event ON dead_letters (event_id);
