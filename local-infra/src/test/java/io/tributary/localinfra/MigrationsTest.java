package io.tributary.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void shouldReadCaptureServicesMigrationsFromTheClassPath() {
        assertThat(Migrations.RESOURCES).containsExactly("/db/tributary_outbox.sql", "/db/tributary_subscription.sql");
        assertThat(Migrations.read("/db/tributary_outbox.sql")).contains("tributary_outbox");
        assertThat(Migrations.read("/db/tributary_subscription.sql"))
                .contains("CREATE TABLE IF NOT EXISTS tributary_subscription");
    }

    @Test
    void shouldNameAMigrationThatIsMissing() {
        assertThatThrownBy(() -> Migrations.read("/db/nope.sql")).isInstanceOf(IllegalStateException.class)
                .hasMessage("no migration /db/nope.sql on the class path");
    }
}
