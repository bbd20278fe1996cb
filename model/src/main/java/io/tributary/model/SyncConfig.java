package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code config} of a subscription the sync-worker delivers ({@code SYNC}, or another type bound to a sync
 * target), compiled: which target, configured in the sync-worker under {@code tributary.sync.targets.<name>}, its
 * deliveries go to. The mapping and the credentials are the target's, never the subscription's. {@link #check} returns
 * every problem with its full path ({@code config.target}); {@link #compile} builds the record from a document
 * {@link #check} accepts and throws {@link InvalidInputException} otherwise; {@link #of} compiles once per distinct
 * config. No other code reads the config's keys.
 *
 * <p>Adding a setting is one record component, one validation in {@code read} and one test in
 * {@code SyncConfigTest}. Immutable and thread-safe.
 *
 * @param target the name of a configured sync target: 1 to 64 letters, digits, {@code _} and {@code -}
 */
public record SyncConfig(String target) {

    public static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final CompiledConfigs<SyncConfig> COMPILED = new CompiledConfigs<>(SyncConfig::compile);

    public SyncConfig {
        Objects.requireNonNull(target, "target");
    }

    /** Every problem of a sync config document, each with its path under {@code config}; empty when valid. */
    public static List<FieldError> check(JsonNode config) {
        List<FieldError> errors = new ArrayList<>();
        read(config, errors);
        return errors;
    }

    /** The compiled config of a document; {@link InvalidInputException} with every problem when it is invalid. */
    public static SyncConfig compile(JsonNode config) {
        List<FieldError> errors = new ArrayList<>();
        SyncConfig compiled = read(config, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid sync config", errors);
        }
        return compiled;
    }

    /** {@link #compile}, cached by the document's content. */
    public static SyncConfig of(ObjectNode config) {
        return COMPILED.get(config);
    }

    private static SyncConfig read(JsonNode config, List<FieldError> errors) {
        if (config != null && !config.isNull() && !config.isObject()) {
            errors.add(new FieldError("config", "must be an object"));
            return null;
        }
        JsonNode target = config == null ? null : config.get("target");
        if (target == null || target.isNull()) {
            errors.add(new FieldError("config.target", "is required for a SYNC subscription: the name of a"
                    + " target configured in the sync-worker (tributary.sync.targets.<name>)"));
            return null;
        }
        if (!target.isTextual() || !TARGET.matcher(target.textValue()).matches()) {
            errors.add(new FieldError("config.target", "must be the name of a target configured in the"
                    + " sync-worker (tributary.sync.targets.<name>): 1 to 64 letters, digits, _ and -"));
            return null;
        }
        return new SyncConfig(target.textValue());
    }
}
