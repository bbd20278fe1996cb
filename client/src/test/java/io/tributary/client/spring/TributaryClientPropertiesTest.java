package io.tributary.client.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class TributaryClientPropertiesTest {

    @Test
    void shouldAcceptASetUpAndAnEmptyClient() {
        assertThat(new TributaryClientProperties("127.0.0.1:9092", "/services/billing", "tributary",
                "http://127.0.0.1:8081", "https://router.example/", "key-0123456789abcdef", "tributary_outbox")
                .apiKey()).isEqualTo("key-0123456789abcdef");
        assertThat(new TributaryClientProperties(null, null, "tributary", null, null, null, "tributary_outbox")
                .source()).isNull();
    }

    @Test
    void shouldListEveryInvalidSettingAtOnceWithTheKeyMasked() {
        assertThatThrownBy(() -> new TributaryClientProperties("b:9092", " ", "a b", "capture:8081",
                "ftp://router", "short-api-key", ""))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "tributary.client.topic-prefix = 'a b': must be 1 to 100 characters of a-z, A-Z, 0-9,"
                                    + " '.', '_' and '-'",
                            "tributary.client.outbox-table = '': must not be empty",
                            "tributary.client.source = ' ': must not be empty",
                            "tributary.client.ingest-url = 'capture:8081': must be an http or https URL such as"
                                    + " http://capture:8081",
                            "tributary.client.admin-url = 'ftp://router': must be an http or https URL such as"
                                    + " http://router:8082",
                            "tributary.client.api-key = …-key: must be at least 16 characters");
                    assertThat(e.getMessage()).startsWith("invalid Tributary client configuration: ")
                            .doesNotContain("short-api-key");
                });
    }
}
