package io.tributary.capture;

import io.tributary.testkit.ServiceEndpointsContract;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@link ServiceEndpointsContract} for the capture-service, started without a broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=127.0.0.1:1", "tributary.capture.enabled=false"})
class CaptureApplicationStartupTest extends ServiceEndpointsContract {

    @Value("${local.server.port}")
    int port;

    @Override
    protected int port() {
        return port;
    }

    @Override
    protected String application() {
        return "capture-service";
    }
}
