package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterPropertiesTest {

    @Test
    void shouldAcceptTheDefaultsAndPassStreamsSettingsThrough() {
        RouterProperties properties = new RouterProperties(true, "tributary-router", "tributary", 8, 6, (short) -1,
                Map.of("num.stream.threads", "2"));
        assertThat(properties.streams()).containsExactly(Map.entry("num.stream.threads", "2"));
        assertThat(new RouterProperties(true, "r", "t", 0, 1, (short) 3, null).streams()).isEmpty();
    }

    @Test
    void shouldListEveryInvalidSettingAtOnceWithItsKeyAndValue() {
        assertThatThrownBy(() -> new RouterProperties(true, "", "a/b", 1001, 0, (short) 0, null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.router.application-id = '': must not be empty",
                                "tributary.router.topic-prefix = 'a/b': must be 1 to 100 characters of a-z, A-Z, 0-9,"
                                        + " '.', '_' and '-'",
                                "tributary.router.max-depth = 1001: must be from 0 to 1000",
                                "tributary.router.partitions = 0: must be at least 1",
                                "tributary.router.replication-factor = 0: must be -1 (the broker's default) or at"
                                        + " least 1"))
                .hasMessageStartingWith("invalid router configuration: tributary.router.application-id");
        assertThatThrownBy(() -> new RouterProperties(true, "r", "t", -1, 1, (short) -2, null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly("tributary.router.max-depth = -1: must be from 0 to 1000",
                                "tributary.router.replication-factor = -2: must be -1 (the broker's default) or at"
                                        + " least 1"));
    }
}
