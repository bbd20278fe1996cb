package io.tributary.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The rules of a redrive, shared by {@code tributary dlt redrive} and the console, so that both send the same
 * record and neither sends a dead letter twice:
 * <ul>
 *   <li>a dead letter of {@code <topic>-dlt} goes back to {@code <topic>}, with its key and value;</li>
 *   <li>its headers lose what the failed run added (spring-kafka's {@code kafka_*} and {@code retry_topic-*},
 *       Tributary's {@code tributary-*}), so it starts a fresh attempt budget, and gain
 *       {@link DeadLetterHeaders#REDRIVEN_FROM} naming where it came from;</li>
 *   <li>a delivery goes with its subscription's current settings, unless its subscription is gone, changed its
 *       type, or the caller asks for the settings it was routed with;</li>
 *   <li>each redrive is recorded under its {@link #mark mark} on the compacted {@link Topics#dltRedrives()} topic
 *       once it is acknowledged, and a dead letter whose mark is there is skipped.</li>
 * </ul>
 * Pure; thread-safe.
 */
public final class DeadLetterRedrive {

    /** The suffix of every dead-letter topic. */
    public static final String SUFFIX = "-dlt";

    private DeadLetterRedrive() {
    }

    /** The topic a dead letter of {@code deadLetterTopic} goes back to; throws when it is not a dead-letter topic. */
    public static String destination(String deadLetterTopic) {
        if (deadLetterTopic == null || !deadLetterTopic.endsWith(SUFFIX) || deadLetterTopic.length() == SUFFIX.length()) {
            throw new IllegalArgumentException("topic must be a dead-letter topic (ending in " + SUFFIX + "), got "
                    + deadLetterTopic);
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
    }

    /** The key of a redrive in the redrive ledger: {@code <dead-letter topic>/<partition>:<offset>}. */
    public static String mark(String deadLetterTopic, int partition, long offset) {
        return deadLetterTopic + "/" + partition + ":" + offset;
    }

    /** The headers a redriven record is sent with. */
    public static Headers headers(Headers deadLetter, String mark) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter) {
            if (!header.key().startsWith("retry_topic-") && !header.key().startsWith("kafka_")
                    && !header.key().startsWith("tributary-")) {
                headers.add(header);
            }
        }
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REDRIVEN_FROM, mark);
        return headers;
    }

    /** The value to redrive and what to say about its subscription settings ({@code ""} when nothing is worth it). */
    public record Value(byte[] value, String note) {
    }

    /**
     * The value to redrive: the dead letter's, with its subscription's current settings in place of those it was
     * routed with when they differ.
     *
     * @param value              the dead letter's value
     * @param delivery           the delivery it holds, or {@code null} when it holds none (sent as it is)
     * @param asRouted           keep the settings it was routed with
     * @param subscriptions      the subscriptions topic as it is now (id to record), asked only when needed
     * @param subscriptionsTopic its name, for the notes
     */
    public static Value current(byte[] value, Delivery delivery, boolean asRouted,
            Supplier<Map<String, String>> subscriptions, String subscriptionsTopic) {
        if (delivery == null || asRouted) {
            return new Value(value, "");
        }
        String subscriptionId = delivery.subscription().id();
        String record = subscriptions.get().get(subscriptionId);
        if (record == null) {
            return new Value(value, "(subscription " + subscriptionId + " no longer exists:"
                    + " with the settings it was routed with)");
        }
        Delivery.SubscriptionRef now;
        try {
            now = Subscription.fromJson(Json.parse(record)).reference();
        } catch (RuntimeException e) {
            return new Value(value, "(subscription " + subscriptionId + " on " + subscriptionsTopic
                    + " cannot be read: with the settings it was routed with)");
        }
        if (!now.type().equals(delivery.subscription().type())) {
            return new Value(value, "(subscription " + subscriptionId + " is now of type " + now.type()
                    + ": with the settings it was routed with)");
        }
        if (now.toJson().equals(delivery.subscription().toJson())) {
            return new Value(value, "");
        }
        ObjectNode json = (ObjectNode) Json.parse(new String(value, StandardCharsets.UTF_8));
        json.set("subscription", now.toJson());
        return new Value(Json.write(json).getBytes(StandardCharsets.UTF_8),
                "(with subscription " + subscriptionId + "'s current settings)");
    }
}
