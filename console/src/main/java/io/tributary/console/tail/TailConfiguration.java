package io.tributary.console.tail;

import io.tributary.console.ledger.LedgerWriter;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The live tails, fed by the ledger's writer, and ended with the console session that opened them. */
@Configuration(proxyBeanMethods = false)
class TailConfiguration {

    @Bean(destroyMethod = "close")
    EventTails eventTails(LedgerWriter writer, Clock clock) {
        EventTails tails = new EventTails(clock);
        writer.onEventsStored(tails::stored);
        return tails;
    }

    @Bean
    HttpSessionListener tailsEndWithTheirSession(EventTails tails) {
        return new HttpSessionListener() {
            @Override
            public void sessionDestroyed(HttpSessionEvent event) {
                tails.closeOwnedBy(event.getSession().getId());
            }
        };
    }
}
