package io.tributary.console.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind each of Tributary's consumer groups is: the groups whose id starts with the topic prefix (the
 * router's {@code tributary-router}, {@code tributary-webhook-dispatcher}, {@code tributary-sync-worker},
 * {@code tributary-console}), each with the end offsets minus its committed offsets, summed over its partitions.
 * Thread-safe (the Kafka admin client is).
 */
public final class ConsumerLag implements AutoCloseable {

    /** The most one look at the broker may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One group: its lag summed over the partitions it committed offsets for, and the most behind partition's. */
    public record Group(String id, long lag, long maxPartitionLag, int partitions) {
    }

    /** The groups by id, or why they are unknown. */
    public record Report(List<Group> groups, String unknown) {
    }

    private final Admin admin;
    private final String prefix;

    public ConsumerLag(String bootstrapServers, String groupPrefix) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(properties);
        this.prefix = groupPrefix;
    }

    /** The lag of every group of the prefix now, by id; unknown with the reason when the broker does not answer. */
    public Report report() {
        try {
            List<String> ids = admin.listConsumerGroups().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .map(listing -> listing.groupId()).filter(id -> id.startsWith(prefix)).sorted().toList();
            List<Group> groups = new ArrayList<>();
            for (String id : ids) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                        : admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long lag = 0;
                long max = 0;
                for (var end : ends.entrySet()) {
                    long behind = Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
                    lag += behind;
                    max = Math.max(max, behind);
                }
                groups.add(new Group(id, lag, max, ends.size()));
            }
            return new Report(groups, null);
        } catch (ExecutionException e) {
            return new Report(List.of(), "the broker did not answer: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new Report(List.of(), "the broker did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(List.of(), "interrupted");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
