package io.tributary.webhook;

import io.tributary.testkit.ServiceEndpointsContract;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@link ServiceEndpointsContract} for the webhook-dispatcher, started without a broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=127.0.0.1:1", "tributary.webhook.enabled=false"})
class WebhookDispatcherApplicationStartupTest extends ServiceEndpointsContract {

    @Value("${local.server.port}")
    int port;

    @Override
    protected int port() {
        return port;
    }

    @Override
    protected String application() {
        return "webhook-dispatcher";
    }
}
