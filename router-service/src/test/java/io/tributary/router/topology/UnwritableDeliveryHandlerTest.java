package io.tributary.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnwritableDeliveryHandlerTest {

    DeliveryFailures failures;
    UnwritableDeliveryHandler handler;

    @BeforeEach
    void configure() {
        failures = new DeliveryFailures();
        handler = new UnwritableDeliveryHandler();
        handler.configure(Map.of(UnwritableDeliveryHandler.FAILURES_CONFIG, failures,
                UnwritableDeliveryHandler.HANDLER_PREFIX_CONFIG, "tributary.handler."));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, "sub/key".getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldNoteARefusedDeliveryByItsIdAndFailTheTask() {
        ProductionExceptionHandlerResponse response = handler.handle(null, record("tributary.handler.webhook",
                "{\"deliveryId\":\"e-1:sub_a\",\"subscription\":{\"id\":\"sub_a\"},\"event\":{}}"),
                new RecordTooLargeException("too large for the topic"));

        assertThat(response).isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(failures.take("e-1:sub_a")).isEqualTo(new DeliveryFailures.Failure("tributary.handler.webhook",
                "org.apache.kafka.common.errors.RecordTooLargeException", "too large for the topic"));
        assertThat(failures.size()).isZero();
    }

    @Test
    void shouldRetryARetriableErrorWithoutNotingIt() {
        assertThat(handler.handle(null, record("tributary.handler.webhook", "{\"deliveryId\":\"e-1:sub_a\"}"),
                new TimeoutException("expired"))).isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(failures.size()).isZero();
    }

    @Test
    void shouldFailWithoutNotingARefusalOfARecordThatIsNotADelivery() {
        assertThat(handler.handle(null, record("tributary.events-dlt", "{\"deliveryId\":\"e-1:sub_a\"}"),
                new InvalidRecordException("bad"))).isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(handler.handle(null, record("tributary.handler.webhook", "not json"),
                new InvalidRecordException("bad"))).isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(failures.size()).isZero();
    }

    @Test
    void shouldReadTheDeliveryIdWhereverItIsAmongTheTopLevelFields() {
        assertThat(UnwritableDeliveryHandler.deliveryId("{\"event\":{\"deliveryId\":\"inner\"},\"deliveryId\":\"d\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("d");
        assertThat(UnwritableDeliveryHandler.deliveryId("{\"deliveryId\":7}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(UnwritableDeliveryHandler.deliveryId("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(UnwritableDeliveryHandler.deliveryId(null)).isNull();
    }

    @Test
    void shouldRefuseAConfigurationWithoutTheRegistry() {
        assertThatThrownBy(() -> new UnwritableDeliveryHandler().configure(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("UnwritableDeliveryHandler needs tributary.router.delivery-failures (a DeliveryFailures)"
                        + " and tributary.router.handler-topic-prefix (a topic prefix)");
    }

    @Test
    void shouldForgetTheOldestNotesBeyondItsCapacity() {
        for (int i = 0; i <= DeliveryFailures.CAPACITY; i++) {
            failures.record("d-" + i, new DeliveryFailures.Failure("t", "E", "m"));
        }
        assertThat(failures.size()).isEqualTo(DeliveryFailures.CAPACITY);
        assertThat(failures.take("d-0")).isNull();
        assertThat(failures.take("d-" + DeliveryFailures.CAPACITY)).isNotNull();
    }
}
