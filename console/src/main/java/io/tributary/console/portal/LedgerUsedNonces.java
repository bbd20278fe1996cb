package io.tributary.console.portal;

import io.tributary.console.ledger.LedgerWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The nonces of opened portal links, claimed in the ledger's database ({@code portal_link_uses}): the primary key
 * makes a claim succeed once across every console instance sharing the database, and rows of expired links are
 * deleted as claims are made. Thread-safe.
 */
final class LedgerUsedNonces implements PortalLinks.UsedNonces {

    private static final String TABLE = LedgerWriter.SCHEMA + ".portal_link_uses";

    private final JdbcTemplate jdbc;

    LedgerUsedNonces(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String nonce, Instant expires, Instant now) {
        jdbc.update("DELETE FROM " + TABLE + " WHERE expires_at <= ?", now.atOffset(ZoneOffset.UTC));
        return jdbc.update("INSERT INTO " + TABLE + " (nonce, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING", nonce,
                expires.atOffset(ZoneOffset.UTC)) == 1;
    }
}
