package io.tributary.router.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a failed stream thread's static member out of the consumer group once the thread has ended, so that its
 * replacement gets the partitions at once. Kafka Streams replaces a failed thread with one of a new index, hence a
 * new {@code group.instance.id} ({@code <instance id>-<thread index>}); the failed thread's consumer does not leave
 * the group, so without this the rebalance waits for the failed member's {@code session.timeout.ms} (45 s by
 * default), during which its partitions are not routed. Thread-safe; close it once.
 */
final class FailedMembers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailedMembers.class);
    private static final Pattern THREAD_INDEX = Pattern.compile("-StreamThread-(\\d+)$");
    /** How long the removal waits for the failed thread to end before removing its member anyway. */
    private static final long THREAD_END_WAIT_MILLIS = 30_000;

    private final String groupId;
    private final String groupInstanceId;
    private final Admin admin;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "router-failed-members");
        thread.setDaemon(true);
        return thread;
    });

    FailedMembers(String bootstrapServers, String groupId, String groupInstanceId) {
        this.groupId = groupId;
        this.groupInstanceId = groupInstanceId;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The static member id of the stream thread with this name, or {@code null} if the name has no index. */
    static String memberId(String groupInstanceId, String threadName) {
        Matcher matcher = THREAD_INDEX.matcher(threadName);
        return matcher.find() ? groupInstanceId + "-" + matcher.group(1) : null;
    }

    /** Removes the member of this failing stream thread from the group once the thread has ended. */
    void removeWhenEnded(Thread failed) {
        String member = memberId(groupInstanceId, failed.getName());
        if (member == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_END_WAIT_MILLIS);
        executor.execute(new Runnable() {
            @Override
            public void run() {
                if (failed.isAlive() && System.nanoTime() < deadline) {
                    executor.schedule(this, 100, TimeUnit.MILLISECONDS);
                    return;
                }
                admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(
                        List.of(new MemberToRemove(member)))).all().whenComplete((done, failure) -> {
                            if (failure == null) {
                                LOG.info("Removed the failed stream thread's member {} from group {}", member, groupId);
                            } else {
                                // Already gone (its session ended first, or the group rebalanced): nothing to do.
                                LOG.info("Could not remove the failed stream thread's member {} from group {}: {}",
                                        member, groupId, failure.toString());
                            }
                        });
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close();
    }
}
