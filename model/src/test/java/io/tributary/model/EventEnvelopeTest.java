package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.serde.TributarySerdes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    static final String ROW_CHANGE = """
            {"specversion":"1.0","id":"0/16B3748:0","source":"/postgres/shop/public/salesOrder",
             "type":"salesOrder.delete","time":"2024-01-15T10:30:00Z","subject":"so_1","tenant":"co_123",
             "correlationid":"c-1","causationid":"e-0","depth":2,"traceparent":"00-abc-01",
             "datacontenttype":"application/json",
             "data":{"table":"salesOrder","schema":"public","operation":"DELETE","recordId":"so_1",
                     "new":null,"old":{"status":"cancelled","amount":12345678901234567890.000001},"changed":null}}
            """;

    @Test
    void shouldReadTheRowChangeOfTheDesignAndWriteItBackUnchanged() {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse(ROW_CHANGE));
        assertThat(event.operation()).isEqualTo(Operation.DELETE);
        assertThat(event.table()).isEqualTo("salesOrder");
        assertThat(event.recordId()).isEqualTo("so_1");
        assertThat(event.depth()).isEqualTo(2);
        assertThat(event.extensions()).containsKey("traceparent");
        assertThat(event.filterSubject()).isEqualTo(event.oldRow());
        assertThat(event.recordKey()).isEqualTo("co_123//postgres/shop/public/salesOrder/so_1");
        assertThat(event.toJson()).isEqualTo(Json.parse(ROW_CHANGE));
        assertThat(Json.write(event.toJson())).contains("12345678901234567890.000001");
    }

    @Test
    void shouldUseTheWholeDataAsFilterSubjectOfAnApplicationEvent() {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("""
                {"specversion":"1.0","id":"k-1","source":"/services/billing","type":"invoice.created",
                 "data":{"invoiceId":"inv_1","total":10}}"""));
        assertThat(event.isRowChange()).isFalse();
        assertThat(event.filterSubject().get("invoiceId").asText()).isEqualTo("inv_1");
        assertThat(event.recordKey()).isEqualTo("-//services/billing/k-1");
    }

    @Test
    void shouldReportEveryInvalidAttribute() {
        assertThatThrownBy(() -> EventEnvelope.fromJson(Json.parse("""
                {"specversion":"0.3","source":"","type":7,"time":"yesterday","depth":-1,"Bad_Name":1,"x":{}}""")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::toString).containsExactly(
                                "specversion: must be \"1.0\"",
                                "id: is required",
                                "source: must not be empty",
                                "type: must be a string, got a number",
                                "time: must be an RFC 3339 timestamp such as 2024-01-15T10:30:00Z",
                                "depth: must be a whole number from 0 to 1000",
                                "Bad_Name: an extension attribute name must be 1 to 20 lower-case letters or digits",
                                "x: an extension attribute must be a string, number or boolean"));
    }

    @Test
    void shouldRoundTripThroughTheSerdeAndRefuseBadBytesWithTheReason() {
        var serde = TributarySerdes.envelope();
        EventEnvelope event = EventEnvelope.fromJson(Json.parse(ROW_CHANGE));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", event))).isEqualTo(event);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a JSON event");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t",
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("type: is required");
    }

    @Test
    void shouldCarryTheSubscriptionAndEventInADelivery() {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse(ROW_CHANGE));
        Subscription subscription = Subscription.fromJson(Json.parse(SubscriptionValidatorTest.VALID));
        Delivery delivery = Delivery.of(event, subscription);
        assertThat(delivery.deliveryId()).isEqualTo("0/16B3748:0:sub_1");
        assertThat(delivery.recordKey()).isEqualTo("sub_1/co_123//postgres/shop/public/salesOrder/so_1");
        var serde = TributarySerdes.delivery();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", delivery)))
                .isEqualTo(delivery);
        assertThatThrownBy(() -> Delivery.fromJson(Json.parse("{\"deliveryId\":\"d\",\"subscription\":{},\"event\":{}}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path)
                        .contains("subscription.id", "subscription.type", "event.specversion", "event.id"));
    }
}
