package io.tributary.console.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.TablesClient;
import io.tributary.client.TributaryApiException;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The captured tables, attached and detached through the capture-service's {@code /v1/tables} at
 * {@code tributary.console.capture-url}, as {@code tributary tables} does (the client module's {@link TablesClient}),
 * with the key of the operator who asks. A capture that cannot be reached or refuses is a {@link Refusal} with its
 * message (and its field reasons), never an error page. Thread-safe.
 */
public final class ConsoleTables {

    private static final Pattern NAME = Pattern.compile("[^\\s;]{1,200}(\\.[^\\s;]{1,200})?");
    private static final Pattern COLUMN = Pattern.compile("[^\\s;]{1,200}");

    /** What the capture said when it did not do what was asked, or why it could not be asked. */
    public static final class Refusal extends RuntimeException {

        private final List<FieldError> details;

        public Refusal(String message, List<FieldError> details) {
            super(message);
            this.details = List.copyOf(details);
        }

        public List<FieldError> details() {
            return details;
        }
    }

    /** A table to attach, read from a form: {@code schema.table}, its tenant column or null, and the snapshot. */
    public record Attach(String name, String tenantColumn, boolean snapshot) {

        /**
         * Reads {@code name}, {@code tenantColumn} (blank: none) and {@code snapshot} ({@code on} or {@code true}).
         *
         * @throws InvalidInputException naming each field that is wrong
         */
        public static Attach read(Map<String, String[]> parameters) {
            List<FieldError> errors = new ArrayList<>();
            String name = single(parameters, "name");
            if (name == null) {
                errors.add(new FieldError("name", "is required: the table as schema.table, such as public.orders"));
            } else if (!NAME.matcher(name).matches()) {
                errors.add(new FieldError("name", "must be a table as schema.table, without spaces, such as"
                        + " public.orders"));
            }
            String tenant = single(parameters, "tenantColumn");
            if (tenant != null && !COLUMN.matcher(tenant).matches()) {
                errors.add(new FieldError("tenantColumn", "must be one column name, without spaces"));
            }
            String snapshot = single(parameters, "snapshot");
            if (!errors.isEmpty()) {
                throw new InvalidInputException("invalid table", errors);
            }
            return new Attach(name, tenant, "on".equals(snapshot) || "true".equals(snapshot));
        }
    }

    private final String captureUrl;
    /**
     * One client (and so one HTTP client and its thread) per operator key, reused across pages; a handful of admin
     * keys at most, and forgotten all at once past {@value #MAX_CLIENTS}.
     */
    private final java.util.Map<String, TablesClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CLIENTS = 32;

    public ConsoleTables(String captureUrl) {
        this.captureUrl = captureUrl;
    }

    /** Where the capture-service is asked. */
    public String captureUrl() {
        return captureUrl;
    }

    /** The captured tables, each with its tenant column, origin, replica identity and warnings. */
    public List<ObjectNode> list(String key) {
        try {
            return client(key).list();
        } catch (TributaryApiException e) {
            throw refusal(e);
        }
    }

    /** Attaches a table: once its changes are captured, with the capture's answer (warnings included). */
    public ObjectNode attach(String key, Attach table) {
        try {
            return client(key).attach(table.name(), table.tenantColumn(), table.snapshot());
        } catch (TributaryApiException e) {
            throw refusal(e);
        }
    }

    /** Detaches a table attached at runtime. */
    public void detach(String key, String name) {
        try {
            client(key).detach(name);
        } catch (TributaryApiException e) {
            throw refusal(e);
        }
    }

    private TablesClient client(String key) {
        if (key == null) {
            throw new Refusal("this session does not hold the operator's key: sign out and in again", List.of());
        }
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(key)) {
            clients.clear();
        }
        return clients.computeIfAbsent(key, k -> new TablesClient(captureUrl, k));
    }

    static Refusal refusal(TributaryApiException e) {
        return new Refusal(e.status() == 0 ? e.getMessage() : "the capture-service answered " + e.status() + ": "
                + e.error(), e.details());
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 || values[0].isBlank() ? null : values[0].trim();
    }
}
