package io.tributary.capture.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns changes of the {@code tributary_subscription} table (ship: {@code db/tributary_subscription.sql}) into
 * records of the compacted subscriptions topic: an insert, update or snapshot read publishes the row's
 * {@code definition} with {@code id} set to the row's id; a delete publishes a tombstone. Truncations are not
 * mirrored (they carry no ids): delete the rows instead.
 */
public final class SubscriptionRows {

    /** A record for the subscriptions topic: key the subscription id, value its JSON or {@code null} to delete. */
    public record Mirror(String id, String json) {
    }

    private final String schema;
    private final String table;

    /** @param table the mirrored table, {@code schema.table} */
    public SubscriptionRows(String table) {
        String[] parts = table.split("\\.", 2);
        this.schema = parts[0];
        this.table = parts[1];
    }

    /** Whether a change record is of the mirrored table. */
    public boolean covers(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
            return false;
        }
        Struct source = value.getStruct("source");
        return schema.equals(source.getString("schema")) && table.equals(source.getString("table"));
    }

    /** The subscriptions-topic record of a change of the mirrored table; empty for a truncation. */
    public Optional<Mirror> mirror(SourceRecord record) {
        Struct value = (Struct) record.value();
        String op = value.getString("op");
        if ("t".equals(op)) {
            return Optional.empty();
        }
        if ("d".equals(op)) {
            Struct key = (Struct) record.key();
            return Optional.of(new Mirror(ColumnValues.row(key).path("id").asText(), null));
        }
        ObjectNode row = ColumnValues.row(value.getStruct("after"));
        String id = row.path("id").asText();
        JsonNode definition = row.get("definition");
        ObjectNode subscription = definition != null && definition.isObject() ? ((ObjectNode) definition).deepCopy()
                : Json.mapper().createObjectNode();
        subscription.put("id", id);
        return Optional.of(new Mirror(id, Json.write(subscription)));
    }
}
