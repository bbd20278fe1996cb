package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiled subscription configs by their content, so that deliveries decoded one record at a time compile their
 * subscription's config once, not once per record. The content is the key (JSON trees compare by value): a
 * subscription whose config changes compiles its new config once, and the old entry ages out. Bounded: the cache
 * starts afresh past {@link #MAX_ENTRIES} distinct configs. A config that does not compile is not cached (its
 * exception is thrown each time). Thread-safe.
 */
final class CompiledConfigs<T> {

    static final int MAX_ENTRIES = 10_000;

    private final Map<JsonNode, T> compiled = new ConcurrentHashMap<>();
    private final Function<ObjectNode, T> compiler;

    CompiledConfigs(Function<ObjectNode, T> compiler) {
        this.compiler = compiler;
    }

    T get(ObjectNode config) {
        T known = compiled.get(config);
        if (known != null) {
            return known;
        }
        T fresh = compiler.apply(config);
        if (compiled.size() >= MAX_ENTRIES) {
            compiled.clear();
        }
        // A copy as the key: the caller's tree stays its own.
        compiled.put(config.deepCopy(), fresh);
        return fresh;
    }

    int size() {
        return compiled.size();
    }
}
