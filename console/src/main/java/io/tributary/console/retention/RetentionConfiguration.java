package io.tributary.console.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the ledger's retention: the sweeper and the expunge API's store. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    LedgerRetention ledgerRetention(JdbcTemplate jdbc, RetentionProperties properties) {
        return new LedgerRetention(jdbc, properties);
    }

    @Bean
    RetentionSweeper retentionSweeper(LedgerRetention retention, RetentionProperties properties,
            MeterRegistry meters) {
        return new RetentionSweeper(retention, properties, Clock.systemUTC(), meters);
    }
}
