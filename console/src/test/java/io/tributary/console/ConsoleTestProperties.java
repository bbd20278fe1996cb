package io.tributary.console;

import io.tributary.testkit.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The console's properties every integration test sets: its ledger's database and the API keys it accepts. */
public final class ConsoleTestProperties {

    private ConsoleTestProperties() {
    }

    /** The ledger in {@code db}. */
    public static void ledger(DynamicPropertyRegistry registry, PostgresDatabase db) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    /** {@code key} as the configured admin key, {@code tributary.api.keys[0]}. */
    public static void adminKey(DynamicPropertyRegistry registry, String key) {
        registry.add("tributary.api.keys[0].key", () -> key);
        registry.add("tributary.api.keys[0].admin", () -> "true");
    }

    /** {@code key} as a configured key of {@code tenant}, {@code tributary.api.keys[index]}. */
    public static void tenantKey(DynamicPropertyRegistry registry, int index, String key, String tenant) {
        registry.add("tributary.api.keys[" + index + "].key", () -> key);
        registry.add("tributary.api.keys[" + index + "].tenant", () -> tenant);
    }
}
