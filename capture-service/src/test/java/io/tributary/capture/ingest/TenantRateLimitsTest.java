package io.tributary.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantRateLimitsTest {

    @Test
    void shouldLimitEachTenantSeparatelyAndAdmitWholeRequestsOnly() {
        // A period of an hour: nothing refreshes while the test runs.
        TenantRateLimits limits = new TenantRateLimits(10, Duration.ofHours(1));
        assertThat(limits.admit(Map.of("acme", 6))).isEmpty();
        assertThat(limits.admit(Map.of("acme", 5))).contains(Duration.ofHours(1));
        assertThat(limits.admit(Map.of("acme", 4))).isEmpty();
        assertThat(limits.admit(Map.of("acme", 1))).isPresent();
        assertThat(limits.admit(Map.of("globex", 10))).isEmpty();
        java.util.Map<String, Integer> noTenant = new java.util.HashMap<>();
        noTenant.put(null, 10);
        assertThat(limits.admit(noTenant)).isEmpty();
        assertThat(limits.admit(noTenant)).isPresent();
    }

    @Test
    void shouldAdmitEverythingWhenDisabled() {
        TenantRateLimits limits = new TenantRateLimits(0, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(limits.admit(Map.of("acme", 1000))).isEmpty();
        }
    }
}
