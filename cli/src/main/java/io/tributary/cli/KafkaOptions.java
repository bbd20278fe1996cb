package io.tributary.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is, for the operator commands that talk to it directly. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: TRIBUTARY_KAFKA or the local stack's).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "tributary",
            description = "Prefix of Tributary's topics (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    String bootstrap() {
        return Endpoints.fromSystem().require(bootstrapServers, "TRIBUTARY_KAFKA", "--bootstrap-servers");
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000));
    }

    /** The future's value, or one clear line: an unreachable broker, an unknown topic, ... */
    static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException
                    ? "no such topic" : cause.getMessage();
            throw new IllegalStateException(what + ": " + reason, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the Kafka cluster did not answer within 20 s (is it running"
                    + " and reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(20);
    }
}
