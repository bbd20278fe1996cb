package io.tributary.router.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's {@link ProductionExceptionHandler}: decides, per record, what happens when the producer refuses a
 * record after the router sent it.
 * <ul>
 *   <li>A retriable error (a timeout, too few in-sync replicas) is retried: the task is processed again from its
 *       last commit, as Kafka Streams' default handler does.</li>
 *   <li>Any other refusal of a delivery on a handler topic (too large for the topic, an invalid record, a policy
 *       violation) is noted in the shared {@link DeliveryFailures} by delivery id, and the task fails. Under
 *       exactly-once the producer's transaction cannot commit after such an error, so continuing would only fail
 *       later; the failed thread is replaced, the events since the last commit are processed again, and the
 *       {@link RoutingProcessor} dead-letters the noted delivery with the producer's reason and routes the rest.</li>
 *   <li>A refusal of any other record (the events dead-letter topic, a changelog) fails the task: those records
 *       are bounded by the router itself, so their refusal is a fault of the cluster, not of one event.</li>
 * </ul>
 * A too-large delivery rarely reaches the producer: the processor measures each one first against the router's
 * limit and its handler topic's own {@code max.message.bytes} ({@link HandlerTopicLimits}) and dead-letters it
 * without failing anything. What is left here is what cannot be known before the send: a topic whose limit was
 * lowered since the router learned it, a limit the router could not read, a policy of the broker. Configured by Kafka
 * Streams from the properties {@link #FAILURES_CONFIG} (the process's {@link DeliveryFailures}) and
 * {@link #HANDLER_PREFIX_CONFIG} (the prefix of handler topics). Thread-safe.
 */
public final class UnwritableDeliveryHandler implements ProductionExceptionHandler {

    /** The Streams property holding the process's {@link DeliveryFailures} instance. */
    public static final String FAILURES_CONFIG = "tributary.router.delivery-failures";
    /** The Streams property holding the prefix of handler topics, {@code <prefix>.handler.}. */
    public static final String HANDLER_PREFIX_CONFIG = "tributary.router.handler-topic-prefix";

    private static final Logger LOG = LoggerFactory.getLogger(UnwritableDeliveryHandler.class);
    private static final JsonFactory JSON = new JsonFactory();

    private DeliveryFailures failures;
    private String handlerPrefix;

    @Override
    public void configure(Map<String, ?> configs) {
        Object registry = configs.get(FAILURES_CONFIG);
        Object prefix = configs.get(HANDLER_PREFIX_CONFIG);
        if (!(registry instanceof DeliveryFailures) || !(prefix instanceof String)) {
            throw new IllegalArgumentException(UnwritableDeliveryHandler.class.getSimpleName() + " needs "
                    + FAILURES_CONFIG + " (a DeliveryFailures) and " + HANDLER_PREFIX_CONFIG + " (a topic prefix)");
        }
        this.failures = (DeliveryFailures) registry;
        this.handlerPrefix = (String) prefix;
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        String deliveryId = record.topic().startsWith(handlerPrefix) ? deliveryId(record.value()) : null;
        if (deliveryId == null) {
            LOG.error("Kafka refused a record for {}; the task fails and is processed again", record.topic(),
                    exception);
            return ProductionExceptionHandlerResponse.FAIL;
        }
        failures.record(deliveryId, new DeliveryFailures.Failure(record.topic(), exception.getClass().getName(),
                exception.getMessage()));
        LOG.warn("Kafka refused delivery {} for {} ({}: {}); the events since the last commit are processed again"
                + " and this delivery is dead-lettered", deliveryId, record.topic(), exception.getClass().getSimpleName(),
                exception.getMessage());
        return ProductionExceptionHandlerResponse.FAIL;
    }

    /** The {@code deliveryId} of a delivery's JSON, the first field the router writes; {@code null} if absent. */
    static String deliveryId(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (field.equals("deliveryId")) {
                    return token == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
