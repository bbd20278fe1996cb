package io.tributary.router.topology;

/**
 * The record limit of each handler topic as the broker enforces it: the topic's {@code max.message.bytes}. The
 * {@link RoutingProcessor} measures a delivery against the smaller of this and the router's own limit before it is
 * sent, so that a delivery the broker would refuse (a handler topic created with a smaller limit) is dead-lettered
 * on the spot instead of failing the producer's transaction and the stream thread.
 *
 * <p>Implementations are called on stream threads for every delivery and must answer from memory in the common case;
 * thread-safe.
 */
@FunctionalInterface
public interface HandlerTopicLimits {

    /** What the processor assumes when a topic's limit is not known: only the router's own limit applies. */
    int UNKNOWN = Integer.MAX_VALUE;

    /**
     * What a record batch takes beside its one record's key and value (the batch header, the record's own framing
     * and lengths): the margin kept below {@code max.message.bytes}, generous on purpose.
     */
    int RECORD_OVERHEAD_BYTES = 512;

    /** Knows no topic's limit: the broker alone decides (tests, and the after-send handler as the only guard). */
    HandlerTopicLimits NONE = topic -> UNKNOWN;

    /** The topic's {@code max.message.bytes}, or {@link #UNKNOWN}. */
    int maxMessageBytes(String topic);

    /** Forgets the topic's limit, so that the next {@link #maxMessageBytes} reads it again (the broker refused a record). */
    default void forget(String topic) {
    }

    /** The most bytes of key and value one record may take on a topic whose limit is {@code maxMessageBytes}. */
    static int maxRecordBytes(int maxMessageBytes) {
        return maxMessageBytes == UNKNOWN ? UNKNOWN : Math.max(0, maxMessageBytes - RECORD_OVERHEAD_BYTES);
    }
}
