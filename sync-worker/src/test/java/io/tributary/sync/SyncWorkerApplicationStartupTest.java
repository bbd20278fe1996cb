package io.tributary.sync;

import io.tributary.testkit.ServiceEndpointsContract;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@link ServiceEndpointsContract} for the sync-worker, started without a broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=127.0.0.1:1", "tributary.sync.enabled=false"})
class SyncWorkerApplicationStartupTest extends ServiceEndpointsContract {

    @Value("${local.server.port}")
    int port;

    @Override
    protected int port() {
        return port;
    }

    @Override
    protected String application() {
        return "sync-worker";
    }
}
