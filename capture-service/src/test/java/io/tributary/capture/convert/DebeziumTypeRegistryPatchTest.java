package io.tributary.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.TypeRegistry;
import org.junit.jupiter.api.Test;

/**
 * The capture carries a patched copy of Debezium's {@code TypeRegistry} (an enum without labels or a domain over an
 * enum stopped Debezium 3.5.0.Final at start). The copy must be the class that is loaded, and it was taken from one
 * Debezium version: a change of version must check the patch again.
 */
class DebeziumTypeRegistryPatchTest {

    @Test
    void shouldLoadThePatchedTypeRegistryFromTheCaptureService() {
        String location = TypeRegistry.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(location).doesNotContain("debezium-connector-postgres");
    }

    @Test
    void shouldBeBuiltAgainstTheDebeziumVersionThePatchWasTakenFrom() {
        assertThat(io.debezium.connector.postgresql.Module.version())
                .as("TypeRegistry was copied from Debezium 3.5.0.Final: compare it with the new version's, carry the"
                        + " enum_values null check over (or drop the copy if upstream fixed it), then update this test")
                .isEqualTo("3.5.0.Final");
    }
}
