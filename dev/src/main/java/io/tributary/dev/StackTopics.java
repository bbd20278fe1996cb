package io.tributary.dev;

import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Every topic a local stack's services use ({@link TopicLayout}), created on its broker unless it exists. */
public final class StackTopics {

    /** The partitions of each topic of a local stack (the router's {@code tributary.router.partitions}). */
    public static final int PARTITIONS = 3;

    private StackTopics() {
    }

    /**
     * Creates each topic of {@link TopicLayout#topics} with the default prefix, {@link #PARTITIONS} partitions and
     * the broker's replication factor, leaving existing ones as they are. Throws {@link IllegalStateException} when
     * the broker does not answer within {@code timeout} (its cause a {@link java.util.concurrent.TimeoutException}).
     */
    public static void create(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var topic : TopicLayout.topics(Topics.DEFAULT, PARTITIONS, (short) -1)) {
                TopicLayout.createIfMissing(admin, topic, timeout);
            }
        }
    }
}
