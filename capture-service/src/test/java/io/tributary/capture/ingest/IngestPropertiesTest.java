package io.tributary.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestPropertiesTest {

    @Test
    void shouldAcceptTheDefaults() {
        IngestProperties properties = new IngestProperties(1_048_576, 500, Duration.ofHours(24), 100_000, "tributary",
                0, null);
        assertThat(properties.schemas()).isEmpty();
        assertThat(properties.rateLimit()).isZero();
    }

    @Test
    void shouldListEveryInvalidSettingAtOnceWithItsKeyAndValue() {
        assertThatThrownBy(() -> new IngestProperties(1023, 0, Duration.ZERO, 0, "", -1,
                Map.of("invoice.created", " ")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.ingest.max-body-bytes = 1023: must be at least 1024",
                                "tributary.ingest.max-batch = 0: must be at least 1",
                                "tributary.ingest.dedupe-window = PT0S: must be a positive duration",
                                "tributary.ingest.dedupe-entries = 0: must be at least 1",
                                "tributary.ingest.topic-prefix = '': must be 1 to 100 characters of a-z, A-Z, 0-9,"
                                        + " '.', '_' and '-'",
                                "tributary.ingest.rate-limit = -1: must be 0 (no limit) or positive",
                                "tributary.ingest.schemas[invoice.created] = ' ': must not be empty"))
                .hasMessageStartingWith("invalid ingest configuration: tributary.ingest.max-body-bytes");
    }
}
