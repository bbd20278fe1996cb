package io.tributary.cli;

import io.tributary.client.EndpointsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where Tributary runs, for commands that talk to it: a command-line flag wins, then the environment variable
 * ({@code TRIBUTARY_ADMIN_URL}, {@code TRIBUTARY_ADMIN_KEY}, ...), then the {@code endpoints.env} that
 * {@code tributary dev} writes ({@code $TRIBUTARY_HOME/.tributary/dev/endpoints.env}, or {@code TRIBUTARY_ENDPOINTS}).
 */
final class Endpoints {

    private final Map<String, String> environment;
    private final Map<String, String> file;

    Endpoints(Map<String, String> environment) {
        this.environment = environment;
        this.file = readFile(environment);
    }

    static Endpoints fromSystem() {
        return new Endpoints(System.getenv());
    }

    /** The value of a setting, or an error naming the flag and the variable that would give it. */
    String require(String flagValue, String variable, String flag) {
        return require(flagValue, flag, variable, new String[0]);
    }

    /**
     * The value of a setting: the flag, else the first of the variables set in the environment, else in the
     * local stack's file; or an error naming the flag and the first variable.
     */
    String require(String flagValue, String flag, String variable, String... fallbacks) {
        if (flagValue != null && !flagValue.isBlank()) {
            return flagValue;
        }
        java.util.List<String> variables = new java.util.ArrayList<>(java.util.List.of(fallbacks));
        variables.add(0, variable);
        String value = null;
        for (Map<String, String> source : java.util.List.of(environment, file)) {
            for (String name : variables) {
                if (value == null || value.isBlank()) {
                    value = source.get(name);
                }
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no " + flag + " given: pass " + flag + ", set " + variable
                    + ", or start the local stack with ./tributary dev");
        }
        return value;
    }

    private static Map<String, String> readFile(Map<String, String> environment) {
        Path path;
        if (environment.get("TRIBUTARY_ENDPOINTS") != null) {
            path = Path.of(environment.get("TRIBUTARY_ENDPOINTS"));
        } else {
            path = Path.of(environment.getOrDefault("TRIBUTARY_HOME", "."), ".tributary", "dev", "endpoints.env");
        }
        if (!Files.isReadable(path)) {
            return new HashMap<>();
        }
        try {
            return EndpointsFile.read(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
