package io.tributary.sync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.handler.ListenerConsumers;
import io.tributary.sync.config.SyncProperties;
import io.tributary.sync.store.MappingStore;
import io.tributary.sync.target.JdbcTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Readiness of the sync-worker (health component {@code sync}, in the readiness group): DOWN while any of its
 * listener containers (the handler topics' and their retry topics', each consumer thread) is not running, while the
 * database of {@code external_integration_mapping} does not answer, or while a {@code jdbc} target cannot take rows
 * (its database does not answer, its table or a mapped column is missing). Each check runs when health is asked
 * for. A consumer that stops is logged once with the reason; a target that becomes unusable or usable again is
 * logged once. The gauge {@code tributary_sync_listener_consumers} counts consumer threads by state
 * ({@code running}, {@code stopped}). UP with {@code consuming: false} when {@code tributary.sync.enabled} is off.
 * Thread-safe.
 */
@Component("syncHealthIndicator")
public class SyncHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(SyncHealthIndicator.class);

    private final SyncProperties properties;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final ObjectProvider<Syncer> syncer;
    private final ObjectProvider<MappingStore> store;
    private final Map<String, String> lastProblems = new ConcurrentHashMap<>();

    public SyncHealthIndicator(SyncProperties properties, ObjectProvider<KafkaListenerEndpointRegistry> registry,
            ObjectProvider<Syncer> syncer, ObjectProvider<MappingStore> store, MeterRegistry meters) {
        this.properties = properties;
        this.registry = registry;
        this.syncer = syncer;
        this.store = store;
        for (boolean running : new boolean[] {true, false}) {
            Gauge.builder("tributary.sync.listener.consumers", () -> consumers().stream()
                            .filter(c -> c.isRunning() == running).count())
                    .description("Consumer threads of the sync-worker's listener containers, by state")
                    .tag("state", running ? "running" : "stopped").register(meters);
        }
    }

    @Override
    public Health health() {
        if (!properties.enabled()) {
            return Health.up().withDetail("consuming", false).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<MessageListenerContainer> consumers = consumers();
        String consumerProblem = ListenerConsumers.problem(consumers, MessageListenerContainer::getListenerId);
        if (consumerProblem != null) {
            problems.add(consumerProblem);
        }
        details.put("listenerConsumers", ListenerConsumers.summary(consumers));
        MappingStore mappings = store.getIfAvailable();
        if (mappings != null) {
            String problem = check("database", databaseProblem(mappings));
            details.put("database", problem == null ? "UP" : problem);
            if (problem != null) {
                problems.add("database: " + problem);
            }
        }
        Syncer worker = syncer.getIfAvailable();
        if (worker != null) {
            worker.targets().forEach((name, target) -> {
                String problem = target.system() instanceof JdbcTarget jdbc
                        ? check("target " + name, jdbc.problem(target.mapping().fields())) : null;
                details.put("target." + name, problem == null ? "UP" : problem);
                if (problem != null) {
                    problems.add("target " + name + ": " + problem);
                }
            });
        }
        Health.Builder health = problems.isEmpty() ? Health.up() : Health.down().withDetail("problems", problems);
        return health.withDetails(details).build();
    }

    /** Logs once that a consumer thread stopped and why; readiness is DOWN until it runs again. */
    @EventListener
    public void onConsumerStopped(ConsumerStoppedEvent event) {
        ListenerConsumers.logStopped(LOG, "Sync", event, MessageListenerContainer::getListenerId);
    }

    private List<MessageListenerContainer> consumers() {
        return ListenerConsumers.of(registry.getIfAvailable());
    }

    private static String databaseProblem(MappingStore mappings) {
        try (Connection connection = mappings.connect()) {
            return connection.isValid(5) ? null : "does not answer";
        } catch (SQLException e) {
            return e.getMessage() + " (SQLState " + e.getSQLState() + ")";
        }
    }

    /** Logs a component's change between usable and unusable once. */
    private String check(String component, String problem) {
        String before = problem == null ? lastProblems.remove(component) : lastProblems.put(component, problem);
        if (problem != null && !problem.equals(before)) {
            LOG.warn("Sync {} is unusable: {}", component, problem);
        } else if (problem == null && before != null) {
            LOG.info("Sync {} is usable again", component);
        }
        return problem;
    }
}
