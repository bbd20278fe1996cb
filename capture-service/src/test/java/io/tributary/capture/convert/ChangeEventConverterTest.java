package io.tributary.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Change records shaped as Debezium's PostgreSQL connector emits them with {@link PgJsonConverter} installed:
 * primary-key changes, unchanged TOASTed values and values that could not be converted.
 */
class ChangeEventConverterTest {

    private static final Schema COLUMN = SchemaBuilder.string().optional().name(PgJsonConverter.SCHEMA_NAME).build();
    private static final Schema ROW = SchemaBuilder.struct().name("orders.Value")
            .field("id", COLUMN).field("tenant", COLUMN).field("body", COLUMN).optional().build();
    private static final Schema KEY = SchemaBuilder.struct().name("orders.Key").field("id", COLUMN).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("orders.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    private final ChangeEventConverter converter = new ChangeEventConverter("shop",
            new TenantColumns(Map.of("public.orders", "tenant")));

    private static Struct row(String id, String tenant, String body) {
        return new Struct(ROW).put("id", id).put("tenant", tenant).put("body", body);
    }

    private static SourceRecord record(String op, Struct before, Struct after, String keyId, ConnectHeaders headers) {
        Struct source = new Struct(SOURCE).put("schema", "public").put("table", "orders").put("lsn", 0x1A2B3CL)
                .put("ts_ms", 1_705_314_600_000L);
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op);
        return new SourceRecord(Map.of(), Map.of(), "tributary.public.orders", null, KEY, new Struct(KEY).put("id", keyId),
                ENVELOPE, value, null, headers);
    }

    @Test
    void shouldGiveBothHalvesOfAPrimaryKeyChangeTheirOwnStableIds() {
        ConnectHeaders onDelete = new ConnectHeaders();
        onDelete.add(ChangeEventConverter.NEW_KEY_HEADER, "{\"id\":2}", Schema.STRING_SCHEMA);
        ConnectHeaders onInsert = new ConnectHeaders();
        onInsert.add(ChangeEventConverter.OLD_KEY_HEADER, "{\"id\":1}", Schema.STRING_SCHEMA);
        EventEnvelope delete = converter.convert(record("d", row("1", "\"co_1\"", "\"x\""), null, "1", onDelete));
        EventEnvelope insert = converter.convert(record("c", null, row("2", "\"co_1\"", "\"x\""), "2", onInsert));
        EventEnvelope plain = converter.convert(record("c", null, row("3", "\"co_1\"", "\"x\""), "3", new ConnectHeaders()));

        assertThat(delete.id()).isEqualTo("0/1A2B3C:public.orders:1");
        assertThat(insert.id()).isEqualTo("0/1A2B3C:public.orders:2");
        assertThat(plain.id()).isEqualTo("0/1A2B3C:public.orders");
        assertThat(delete.recordKey()).isEqualTo("co_1//postgres/shop/public/orders/1");
        assertThat(insert.recordKey()).isEqualTo("co_1//postgres/shop/public/orders/2");
        assertThat(delete.tenant()).isEqualTo("co_1");
    }

    @Test
    void shouldLeaveAnUnchangedToastedValueOutOfTheRowAndNameIt() {
        EventEnvelope update = converter.convert(record("u", null,
                row("1", "\"co_1\"", PgJsonConverter.UNCHANGED), "1", new ConnectHeaders()));

        assertThat(Json.write(update.newRow())).isEqualTo("{\"id\":1,\"tenant\":\"co_1\"}");
        assertThat(Json.write(update.data().get("unchanged"))).isEqualTo("[\"body\"]");
        assertThat(update.data().get("changed").isNull()).isTrue();
    }

    @Test
    void shouldNameTheTableColumnAndReasonOfAValueThatCouldNotBeConverted() {
        SourceRecord bad = record("c", null, row("1", "\"co_1\"", PgJsonConverter.FAILED + "column of type int4: not a"
                + " number: 'x'"), "1", new ConnectHeaders());

        assertThatThrownBy(() -> converter.convert(bad)).isInstanceOf(ColumnConversionException.class)
                .hasMessage("public.orders.body: column of type int4: not a number: 'x'")
                .satisfies(e -> assertThat(((ColumnConversionException) e).column()).isEqualTo("body"));
    }

    @Test
    void shouldKeepNumbersExactAndPlain() {
        EventEnvelope insert = converter.convert(record("c", null, row("1", "\"co_1\"", "0.0000000100"), "1",
                new ConnectHeaders()));

        assertThat(Json.write(insert.newRow().get("body"))).isEqualTo("0.0000000100");
        assertThat(Json.write(insert.toJson())).contains("\"body\":0.0000000100");
    }
}
