package io.tributary.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigurationProblemsTest {

    @Test
    void shouldReturnWhenNothingIsWrong() {
        ConfigurationProblems problems = new ConfigurationProblems("webhook dispatcher", "tributary.webhook")
                .atLeast("concurrency", 1, 1).range("retry.multiplier", 3.0, 1, 10)
                .positive("timeout", Duration.ofSeconds(1)).notBlank("group-id", "g")
                .matches("name", "a_1", Pattern.compile("[a-z_0-9]+"), "lower case");
        problems.throwIfAny();
        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void shouldThrowEveryProblemOnceEachNamingItsFullKeyValueAndReason() {
        ConfigurationProblems problems = new ConfigurationProblems("webhook dispatcher", "tributary.webhook");
        problems.atLeast("concurrency", 0, 1);
        ConfigurationProblems retry = problems.nested("retry");
        retry.range("max-attempts", 0, 1, 100);
        retry.range("multiplier", 0.5, 1, 10);
        retry.range("max-interval", Duration.ofDays(8), Duration.ofMillis(10), Duration.ofDays(7));
        problems.positive("timeout", Duration.ZERO);
        problems.notBlank("group-id", " ");
        problems.notBlank("topic-prefix", null);
        problems.matches("slot", "A-1", Pattern.compile("[a-z]+"), "1 to 63 of a-z");
        problems.secret(false, "keys[0].key", "short-but-secret-key", "must be at least 16 characters");
        assertThat(retry.key("max-attempts")).isEqualTo("tributary.webhook.retry.max-attempts");
        assertThatThrownBy(problems::throwIfAny)
                .isInstanceOfSatisfying(ConfigurationProblems.InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "tributary.webhook.concurrency = 0: must be at least 1",
                            "tributary.webhook.retry.max-attempts = 0: must be from 1 to 100",
                            "tributary.webhook.retry.multiplier = 0.5: must be from 1.0 to 10.0",
                            "tributary.webhook.retry.max-interval = PT192H: must be a duration from PT0.01S to PT168H",
                            "tributary.webhook.timeout = PT0S: must be a positive duration",
                            "tributary.webhook.group-id = ' ': must not be empty",
                            "tributary.webhook.topic-prefix = (unset): must not be empty",
                            "tributary.webhook.slot = 'A-1': must be 1 to 63 of a-z",
                            "tributary.webhook.keys[0].key = …-key: must be at least 16 characters");
                    assertThat(e.getMessage()).isEqualTo("invalid webhook dispatcher configuration: "
                            + String.join("; ", e.problems()));
                });
    }
}
