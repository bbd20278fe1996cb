package io.tributary.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the shell-sourceable {@code endpoints.env} the local stack ({@code ./tributary dev}) writes: one
 * {@code NAME=value} a line, the value optionally in single quotes (a quote inside written {@code '\''}, as a
 * shell reads it) or double quotes; lines starting with {@code #} are comments.
 */
public final class EndpointsFile {

    private EndpointsFile() {
    }

    /** The values in file order; empty when the file does not exist. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq).trim(), unquote(line.substring(eq + 1).trim()));
            }
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("'\\''", "'");
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
