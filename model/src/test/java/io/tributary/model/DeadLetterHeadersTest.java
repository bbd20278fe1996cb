package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.DeadLetterHeaders.ReasonCode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    private static final long OFFSET = 12_345_678L;
    private static final int PARTITION = 1234;
    private static final long TIMESTAMP = 1_767_225_600_000L;

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String shown(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return DeadLetterHeaders.text(headers, header);
    }

    @Test
    void shouldWriteTheProvenanceInSpringKafkasBinaryEncodingWithTheMarker() {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.writeOrigin(headers, "tributary.events", PARTITION, OFFSET, TIMESTAMP);

        assertThat(headers.lastHeader("kafka_original-partition").value())
                .isEqualTo(ByteBuffer.allocate(4).putInt(PARTITION).array());
        assertThat(headers.lastHeader("kafka_original-offset").value())
                .isEqualTo(ByteBuffer.allocate(8).putLong(OFFSET).array());
        assertThat(headers.lastHeader("kafka_original-timestamp").value())
                .isEqualTo(ByteBuffer.allocate(8).putLong(TIMESTAMP).array());
        assertThat(headers.lastHeader("kafka_original-topic").value()).isEqualTo(text("tributary.events"));
        assertThat(headers.lastHeader("tributary-header-encoding").value()).isEqualTo(text("binary"));
        assertThat(DeadLetterHeaders.originalPartition(headers)).isEqualTo(PARTITION);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(OFFSET);
        assertThat(DeadLetterHeaders.originalTimestamp(headers)).isEqualTo(TIMESTAMP);
        assertThat(shown(headers, "kafka_original-offset")).isEqualTo("12345678");
        assertThat(shown(headers, "kafka_original-partition")).isEqualTo("1234");
        assertThat(shown(headers, "kafka_original-timestamp")).isEqualTo("1767225600000");
    }

    @Test
    void shouldReplaceProvenanceAlreadyPresentInsteadOfAddingASecondValue() {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-offset", text("7"));
        DeadLetterHeaders.writeOrigin(headers, "t", 0, OFFSET, TIMESTAMP);
        assertThat(headers.headers("kafka_original-offset")).hasSize(1);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(OFFSET);
    }

    @Test
    void shouldReadTextWrittenByTheRouterAndTheClientBeforeTheMarkerExisted() {
        // Eight digits and four digits: the lengths of a binary long and int, which the length alone misreads.
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-topic", text("tributary.events"));
        headers.add("kafka_original-partition", text("1234"));
        headers.add("kafka_original-offset", text("12345678"));
        headers.add("kafka_original-timestamp", text("1767225600000"));

        assertThat(DeadLetterHeaders.originalPartition(headers)).isEqualTo(PARTITION);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(OFFSET);
        assertThat(DeadLetterHeaders.originalTimestamp(headers)).isEqualTo(TIMESTAMP);
        assertThat(shown(headers, "kafka_original-offset")).isEqualTo("12345678");
        assertThat(shown(headers, "kafka_original-partition")).isEqualTo("1234");
    }

    @Test
    void shouldReadShortAndNegativeTextOfOldRecords() {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-partition", text("0"));
        headers.add("kafka_original-offset", text("42"));
        headers.add("kafka_original-timestamp", text("-1"));
        assertThat(DeadLetterHeaders.originalPartition(headers)).isZero();
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(42L);
        assertThat(DeadLetterHeaders.originalTimestamp(headers)).isEqualTo(-1L);
    }

    @Test
    void shouldReadSpringKafkasRecovererOutputWrittenBeforeTheMarkerByItsTimestampType() {
        // The offset 0x3132333435363738 is eight bytes that are all ASCII digits ("12345678"): binary all the
        // same, because only spring-kafka's recoverer writes the timestamp type.
        long digitsLookAlike = ByteBuffer.wrap(text("12345678")).getLong();
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-topic", text("tributary.handler.webhook"));
        headers.add("kafka_original-partition", ByteBuffer.allocate(4).putInt(PARTITION).array());
        headers.add("kafka_original-offset", ByteBuffer.allocate(8).putLong(digitsLookAlike).array());
        headers.add("kafka_original-timestamp", ByteBuffer.allocate(8).putLong(TIMESTAMP).array());
        headers.add("kafka_original-timestamp-type", text("CreateTime"));

        assertThat(DeadLetterHeaders.originalPartition(headers)).isEqualTo(PARTITION);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(3_544_952_156_018_063_160L);
        assertThat(DeadLetterHeaders.originalTimestamp(headers)).isEqualTo(TIMESTAMP);
        assertThat(shown(headers, "kafka_original-offset")).isEqualTo("3544952156018063160");
    }

    @Test
    void shouldReadSpringKafkasRecovererOutputWithTheMarkerTheHandlersAdd() {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-partition", ByteBuffer.allocate(4).putInt(PARTITION).array());
        headers.add("kafka_original-offset", ByteBuffer.allocate(8).putLong(OFFSET).array());
        headers.add("kafka_original-timestamp-type", text("CreateTime"));
        DeadLetterHeaders.writeEncoding(headers);
        assertThat(DeadLetterHeaders.originalPartition(headers)).isEqualTo(PARTITION);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(OFFSET);
        assertThat(shown(headers, "kafka_original-offset")).isEqualTo("12345678");
    }

    @Test
    void shouldFallBackToBinaryForAnUnmarkedValueThatIsNotDecimal() {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-offset", ByteBuffer.allocate(8).putLong(OFFSET).array());
        headers.add("kafka_original-partition", ByteBuffer.allocate(4).putInt(PARTITION).array());
        assertThat(DeadLetterHeaders.originalOffset(headers)).isEqualTo(OFFSET);
        assertThat(DeadLetterHeaders.originalPartition(headers)).isEqualTo(PARTITION);
    }

    @Test
    void shouldShowAnUnreadableNumberInHexAndReadItAsAbsent() {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-offset", new byte[] {1, 2, 3});
        DeadLetterHeaders.writeEncoding(headers);
        assertThat(DeadLetterHeaders.originalOffset(headers)).isNull();
        assertThat(shown(headers, "kafka_original-offset")).isEqualTo("0x010203");
        assertThat(DeadLetterHeaders.originalPartition(new RecordHeaders())).isNull();
    }

    @Test
    void shouldWriteAndReadTheReasonCodeBesideTheReason() {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.writeReason(headers, ReasonCode.TOO_DEEP, "event depth 9 exceeds the maximum of 8");
        DeadLetterHeaders.writeReason(headers, ReasonCode.UNDECODABLE, "not JSON: x");
        assertThat(headers.headers("tributary-reason-code")).hasSize(1);
        assertThat(shown(headers, "tributary-reason-code")).isEqualTo("UNDECODABLE");
        assertThat(shown(headers, "tributary-reason")).isEqualTo("not JSON: x");
        assertThat(DeadLetterHeaders.reasonCode(headers)).isEqualTo(ReasonCode.UNDECODABLE);

        Headers unknown = new RecordHeaders();
        unknown.add("tributary-reason-code", text("SOMETHING_NEW"));
        assertThat(DeadLetterHeaders.reasonCode(unknown)).isNull();
        assertThat(DeadLetterHeaders.reasonCode(new RecordHeaders())).isNull();
    }

    @Test
    void shouldShowRetryCountersAsNumbersAndOtherHeadersAsText() {
        Headers headers = new RecordHeaders();
        headers.add("retry_topic-attempts", BigInteger.valueOf(300).toByteArray());
        headers.add("tributary-last-status", text("503"));
        headers.add("kafka_exception-message", null);
        assertThat(shown(headers, "retry_topic-attempts")).isEqualTo("300");
        assertThat(shown(headers, "tributary-last-status")).isEqualTo("503");
        assertThat(shown(headers, "kafka_exception-message")).isEqualTo("null");
    }
}
