package io.tributary.model.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyPropertiesTest {

    @Test
    void shouldAcceptTenantAndAdminKeysAndDefaultTheRest() {
        ApiKeyProperties properties = new ApiKeyProperties(List.of(
                new ApiKeyProperties.Key("tenant-key-0123456789", "co_1", false),
                new ApiKeyProperties.Key("admin-key-0123456789", null, true)), "tributary.api-keys", null);
        assertThat(properties.keys()).hasSize(2);
        assertThat(properties.keyStore()).isEqualTo("tributary.api-keys");
        assertThat(properties.visibilityTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new ApiKeyProperties(null, " ", Duration.ofSeconds(3)).keyStore()).as("no store").isNull();
    }

    @Test
    void shouldListEveryInvalidKeyAtOnceWithTheKeyMasked() {
        assertThatThrownBy(() -> new ApiKeyProperties(List.of(
                new ApiKeyProperties.Key("short-secret", null, false),
                new ApiKeyProperties.Key("abc", "co_1", true),
                new ApiKeyProperties.Key(null, " ", false)), "bad topic", Duration.ZERO))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "tributary.api.keys[0].key = …cret: must be at least 16 characters",
                            "tributary.api.keys[0].tenant = (unset): must be set, or admin=true for an admin key",
                            "tributary.api.keys[1].key = …: must be at least 16 characters",
                            "tributary.api.keys[1].tenant = 'co_1': must be unset for an admin key (admin=true)",
                            "tributary.api.keys[2].key = (unset): must be at least 16 characters",
                            "tributary.api.keys[2].tenant = ' ': must not be empty",
                            "tributary.api.key-store = 'bad topic': must be a topic name: 1 to 249 of a-z, A-Z, 0-9,"
                                    + " '.', '_' and '-'",
                            "tributary.api.visibility-timeout = PT0S: must be a positive duration");
                    assertThat(e.getMessage()).startsWith("invalid API key configuration: ")
                            .doesNotContain("short-secret");
                });
    }
}
