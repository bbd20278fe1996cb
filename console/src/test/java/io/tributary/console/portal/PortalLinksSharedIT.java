package io.tributary.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Portal links opened through two console instances that share the ledger's database (two {@link PortalLinks}
 * with the same key, each with its own {@link LedgerUsedNonces}, on a real PostgreSQL with the console's own
 * migrations): a link opens the portal once across both, and the claims of expired links are deleted.
 */
@ExtendWith(PostgresExtension.class)
class PortalLinksSharedIT {

    static final byte[] KEY = "portal-link-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    static JdbcTemplate jdbc;

    @BeforeAll
    static void migrate() {
        PostgresDatabase db = PostgresExtension.database().createDatabase("console_portal_links");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("tributary_console")
                .defaultSchema("tributary_console").createSchemas(true).load().migrate();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(db.jdbcUrl(), db.user(), db.password(), true));
    }

    @Test
    void shouldOpenALinkOnceAcrossInstancesSharingTheDatabase() throws Exception {
        PortalLinks first = new PortalLinks(KEY, Duration.ofMinutes(15), new LedgerUsedNonces(jdbc));
        PortalLinks second = new PortalLinks(KEY, Duration.ofMinutes(15), new LedgerUsedNonces(jdbc));
        String token = first.issue("acme", NOW);

        assertThat(second.open(token, NOW.plusSeconds(5)).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> first.open(token, NOW.plusSeconds(6))).isInstanceOf(PortalLinks.Refused.class)
                .hasMessage("This link was used already; each link opens the portal once. Ask for a new one.");
        assertThatThrownBy(() -> second.open(token, NOW.plusSeconds(7))).isInstanceOf(PortalLinks.Refused.class)
                .hasMessage("This link was used already; each link opens the portal once. Ask for a new one.");

        String other = second.issue("globex", NOW);
        assertThat(first.open(other, NOW.plusSeconds(8)).tenant()).isEqualTo("globex");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tributary_console.portal_link_uses", Long.class))
                .isEqualTo(2);

        String later = first.issue("acme", NOW.plus(Duration.ofMinutes(20)));
        assertThat(second.open(later, NOW.plus(Duration.ofMinutes(21))).tenant()).isEqualTo("acme");
        assertThat(jdbc.queryForList("SELECT expires_at FROM tributary_console.portal_link_uses", Instant.class))
                .as("the claims of the two links that expired were deleted by the next claim")
                .containsExactly(NOW.plus(Duration.ofMinutes(35)));
    }
}
