package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed client of the capture-service's tables API ({@code /v1/tables}, admin keys only): which tables are
 * captured, attached and detached at runtime. Thread-safe; one instance per API URL and key.
 */
public final class TablesClient {

    private final ApiHttp http;

    /**
     * @param captureUrl the capture-service's base URL, such as {@code http://localhost:8081}
     * @param adminKey   an admin key
     */
    public TablesClient(String captureUrl, String adminKey) {
        this.http = new ApiHttp("capture API", captureUrl, adminKey);
    }

    /**
     * Starts capturing a table; returns once its changes are being captured, with its replica identity, primary
     * key and {@code warnings}.
     *
     * @param table        {@code schema.table}
     * @param tenantColumn the column holding the rows' tenant, or {@code null}
     * @param snapshot     whether to emit the existing rows as {@code read} events as well
     */
    public ObjectNode attach(String table, String tenantColumn, boolean snapshot) {
        ObjectNode body = Json.mapper().createObjectNode().put("name", table);
        if (tenantColumn != null) {
            body.put("tenantColumn", tenantColumn);
        }
        body.put("snapshot", snapshot);
        return (ObjectNode) http.send("POST", "v1/tables", body);
    }

    /** Stops capturing a table attached at runtime. */
    public void detach(String table) {
        http.send("DELETE", "v1/tables/" + URLEncoder.encode(table, StandardCharsets.UTF_8), null);
    }

    /** The captured tables, each with its tenant column, origin, replica identity and warnings. */
    public List<ObjectNode> list() {
        List<ObjectNode> tables = new ArrayList<>();
        JsonNode answer = http.send("GET", "v1/tables", null);
        answer.get("items").forEach(item -> tables.add((ObjectNode) item));
        return tables;
    }
}
