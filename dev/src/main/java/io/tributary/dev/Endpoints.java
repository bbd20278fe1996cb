package io.tributary.dev;

import io.tributary.client.EndpointsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack's {@code endpoints.env}: shell-sourceable {@code NAME=value} lines that every other
 * {@code tributary} command reads when no flag or environment variable says otherwise. {@code demoReceiverUrl} is the
 * demo receiver's base URL ({@code http://127.0.0.1:8090}; its hooks are under {@code /hooks/}), or null without the
 * demo. {@code consoleUrl} is the console's pages ({@code http://127.0.0.1:8085/console}), or null without it.
 */
record Endpoints(String kafka, String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String captureUrl, String adminUrl, String adminKey, String ingestKey, String demoReceiverUrl,
        String consoleUrl) {

    Endpoints(String kafka, String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
            String captureUrl, String adminUrl, String adminKey, String ingestKey) {
        this(kafka, pgHost, pgPort, pgDatabase, pgUser, pgPassword, captureUrl, adminUrl, adminKey, ingestKey, null);
    }

    Endpoints(String kafka, String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
            String captureUrl, String adminUrl, String adminKey, String ingestKey, String demoReceiverUrl) {
        this(kafka, pgHost, pgPort, pgDatabase, pgUser, pgPassword, captureUrl, adminUrl, adminKey, ingestKey,
                demoReceiverUrl, null);
    }

    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("TRIBUTARY_KAFKA", kafka);
        values.put("TRIBUTARY_PG_URL", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase + "?user="
                + pgUser + "&password=" + pgPassword);
        values.put("TRIBUTARY_PG_DSN", "postgresql://" + pgUser + ":" + pgPassword + "@" + pgHost + ":" + pgPort + "/"
                + pgDatabase);
        values.put("TRIBUTARY_ADMIN_URL", adminUrl);
        values.put("TRIBUTARY_ADMIN_KEY", adminKey);
        values.put("TRIBUTARY_INGEST_URL", captureUrl);
        values.put("TRIBUTARY_INGEST_KEY", ingestKey);
        values.put("TRIBUTARY_CAPTURE_URL", captureUrl);
        if (consoleUrl != null) {
            values.put("TRIBUTARY_CONSOLE_URL", consoleUrl);
        }
        if (demoReceiverUrl != null) {
            values.put("TRIBUTARY_DEMO_RECEIVER_URL", demoReceiverUrl);
        }
        return values;
    }

    /** The file's text: a comment, then one single-quoted assignment per line. */
    String render() {
        StringBuilder text = new StringBuilder("# Written by ./tributary dev while the local stack runs."
                + " Use: . .tributary/dev/endpoints.env\n");
        values().forEach((name, value) -> text.append(name).append("='").append(value.replace("'", "'\\''"))
                .append("'\n"));
        return text.toString();
    }

    /** The same for a person: aligned, unquoted. */
    String describe() {
        StringBuilder text = new StringBuilder();
        int width = Math.max(22, values().keySet().stream().mapToInt(String::length).max().orElse(0));
        values().forEach((name, value) -> text.append(String.format("  %-" + width + "s %s%n", name, value)));
        return text.toString();
    }

    /** The values of an existing file, to keep its keys across runs; empty when there is none. */
    static Map<String, String> read(Path file) throws IOException {
        return EndpointsFile.read(file);
    }
}
