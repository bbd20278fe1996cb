package io.tributary.client.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.client.EventPublisher;
import io.tributary.client.IngestClient;
import io.tributary.client.OutboxWriter;
import io.tributary.client.SubscriptionsClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TributaryClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryClientAutoConfiguration.class));

    @Test
    void shouldMakeEachClientWhenItsSettingsArePresent() {
        runner.withPropertyValues("tributary.client.bootstrap-servers=127.0.0.1:9092",
                "tributary.client.source=/services/billing", "tributary.client.ingest-url=http://127.0.0.1:8081",
                "tributary.client.admin-url=http://127.0.0.1:8082", "tributary.client.api-key=key-0123456789abcdef")
                .run(context -> assertThat(context).hasSingleBean(EventPublisher.class)
                        .hasSingleBean(IngestClient.class).hasSingleBean(SubscriptionsClient.class)
                        .hasSingleBean(OutboxWriter.class));
    }

    @Test
    void shouldMakeOnlyTheOutboxWriterWithoutSettings() {
        runner.run(context -> assertThat(context).hasSingleBean(OutboxWriter.class)
                .doesNotHaveBean(EventPublisher.class).doesNotHaveBean(IngestClient.class)
                .doesNotHaveBean(SubscriptionsClient.class));
    }
}
