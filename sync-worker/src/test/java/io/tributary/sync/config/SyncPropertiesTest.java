package io.tributary.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.handler.RetryProperties;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncPropertiesTest {

    private static final SyncProperties.Database DATABASE = new SyncProperties.Database("jdbc:postgresql://db/x",
            "u", "secret-password");

    private static SyncProperties properties(RetryProperties retry, Map<String, SyncProperties.Target> targets) {
        return new SyncProperties(true, "tributary", "tributary-sync-worker", 2, List.of("SYNC"), DATABASE, retry,
                targets);
    }

    private static SyncProperties.Target jdbc(Map<String, String> mapping, SyncProperties.Jdbc jdbc) {
        return new SyncProperties.Target("jdbc", mapping, false, jdbc, null);
    }

    @Test
    void shouldAcceptTargetsAndDefaultTheRetrySchedule() {
        SyncProperties properties = properties(null, Map.of(
                "warehouse", jdbc(Map.of("id", "new.id"), new SyncProperties.Jdbc("jdbc:postgresql://w/x", null, null,
                        "public.customers", List.of("id"))),
                "crm", new SyncProperties.Target("http", Map.of("email", "new.email"), true, null,
                        new SyncProperties.Http("https://crm.example", "", "/{externalId}", "/{externalId}", "/id",
                                null, Duration.ofSeconds(10)))));
        assertThat(properties.retry().schedule()).isEqualTo(new RetrySchedule(8, Duration.ofSeconds(5), 3.0,
                Duration.ofHours(1)));
        assertThat(properties.targets()).containsOnlyKeys("warehouse", "crm");
    }

    @Test
    void shouldListEveryInvalidSettingAtOnceWithItsKeyAndValue() {
        assertThatThrownBy(() -> new SyncProperties(true, "tributary", "", 0, List.of("sync-it"), null,
                new RetryProperties(0, Duration.ofSeconds(5), 3.0, Duration.ofHours(1)), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.sync.group-id = '': must not be empty",
                                "tributary.sync.concurrency = 0: must be at least 1",
                                "tributary.sync.handler-types[0] = 'sync-it': must be a handler type such as SYNC:"
                                        + " letters, digits and _ starting with a letter",
                                "tributary.sync.database.url = (unset): is required (the database holding"
                                        + " external_integration_mapping and the source rows)",
                                "tributary.sync.retry.max-attempts = 0: must be from 1 to 100"))
                .hasMessageStartingWith("invalid sync configuration: tributary.sync.group-id");
    }

    @Test
    void shouldNotNeedADatabaseWhenDisabled() {
        assertThat(new SyncProperties(false, "tributary", "g", 2, List.of("SYNC"), null, null, null).targets())
                .isEmpty();
    }

    @Test
    void shouldValidateEveryTarget() {
        assertThatThrownBy(() -> properties(null, Map.of(
                "a", jdbc(Map.of("email", "new.email", "bad", "new..x"), new SyncProperties.Jdbc(null, null, null,
                        "public.t", List.of("id"))),
                "b", new SyncProperties.Target("http", Map.of(), false, null,
                        new SyncProperties.Http(null, "", "/{externalId}", "/{externalId}", "/id", null, Duration.ZERO)),
                "c", new SyncProperties.Target("ftp", Map.of("x", "new.x"), false, null, null))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.sync.targets.a.mapping.bad = 'new..x': path 'new..x' has an empty segment",
                                "tributary.sync.targets.a.jdbc.url = (unset): must not be empty",
                                "tributary.sync.targets.a.mapping.id = (unset): must map the key column id of"
                                        + " jdbc.key-columns",
                                "tributary.sync.targets.b.mapping = {}: must name at least one field",
                                "tributary.sync.targets.b.http.base-url = (unset): must not be empty",
                                "tributary.sync.targets.b.http.timeout = PT0S: must be a positive duration",
                                "tributary.sync.targets.c.provider = 'ftp': must be jdbc or http"));
    }
}
