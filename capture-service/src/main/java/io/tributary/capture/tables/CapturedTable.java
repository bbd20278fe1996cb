package io.tributary.capture.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;

/**
 * A captured table: its {@code schema.table} name, the column holding its rows' tenant ({@code null} for none), and
 * whether it comes from configuration ({@code tributary.capture.tables}) or was attached at runtime.
 */
public record CapturedTable(String name, String tenantColumn, boolean configured) {

    /** The record kept on the tables topic. */
    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode().put("name", name);
        node.put("tenantColumn", tenantColumn);
        return Json.write(node);
    }

    /** A runtime attachment read back from the tables topic. */
    public static CapturedTable fromJson(String json) {
        JsonNode node = Json.parse(json);
        JsonNode tenant = node.get("tenantColumn");
        return new CapturedTable(node.path("name").asText(), tenant == null || tenant.isNull() ? null : tenant.asText(),
                false);
    }
}
