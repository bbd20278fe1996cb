package io.tributary.capture.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.capture.engine.CaptureEngine;
import io.tributary.capture.engine.CaptureStatus;
import io.tributary.capture.engine.SlotLag;
import io.tributary.capture.tables.CaptureTables;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs row-change capture for the life of the application when {@code tributary.capture.enabled} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tributary.capture.enabled", havingValue = "true", matchIfMissing = true)
class CaptureConfiguration {

    @Bean(destroyMethod = "close")
    CaptureTables captureTables(CaptureProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new CaptureTables(properties, bootstrapServers);
    }

    /** Whether the capture is capturing, for readiness ({@link CaptureHealthConfiguration}) and the gauge. */
    @Bean
    CaptureStatus captureStatus() {
        return new CaptureStatus();
    }

    @Bean
    SmartLifecycle captureLifecycle(CaptureProperties properties, CaptureTables tables,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers, MeterRegistry registry,
            CaptureStatus status) {
        SlotLag lag = new SlotLag(properties);
        // Held strongly: a gauge keeps only a weak reference to its object by default, and nothing else holds this
        // one, so it would read NaN after the next garbage collection.
        Gauge.builder("tributary.capture.slot.lag", lag, SlotLag::bytes).strongReference(true).baseUnit("bytes")
                .description("WAL the replication slot holds back").register(registry);
        return new SmartLifecycle() {
            private CaptureEngine engine;

            @Override
            public synchronized void start() {
                engine = new CaptureEngine(properties, tables, bootstrapServers, registry, status);
                engine.start();
            }

            @Override
            public synchronized void stop() {
                if (engine != null) {
                    engine.close();
                    engine = null;
                }
            }

            @Override
            public synchronized boolean isRunning() {
                return engine != null;
            }
        };
    }
}
