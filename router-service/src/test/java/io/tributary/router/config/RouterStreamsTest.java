package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.TopicLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterStreamsTest {

    @Test
    void shouldTakeKafkasRecordLimitForDeliveriesUnlessTheProducerIsConfiguredOtherwise() {
        assertThat(RouterStreams.maxRecordBytes(Map.of())).isEqualTo(TopicLayout.MAX_RECORD_BYTES);
        assertThat(RouterStreams.maxRecordBytes(Map.of("max.request.size", "1048576")))
                .isEqualTo(TopicLayout.MAX_RECORD_BYTES);
        assertThat(RouterStreams.maxRecordBytes(Map.of("producer.max.request.size", "4194304",
                "max.request.size", "100000"))).isEqualTo(4_194_304 - 512);
        assertThat(RouterStreams.maxRecordBytes(Map.of("max.request.size", "100000"))).isEqualTo(100_000 - 512);
    }

    @Test
    void shouldRefuseAMaxRequestSizeThatIsNotANumberOfBytes() {
        assertThatThrownBy(() -> RouterStreams.maxRecordBytes(Map.of("producer.max.request.size", "1MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tributary.router.streams.producer.max.request.size must be a number of bytes of at least"
                        + " 1536, got 1MB");
        assertThatThrownBy(() -> RouterStreams.maxRecordBytes(Map.of("max.request.size", "100")))
                .hasMessage("tributary.router.streams.max.request.size must be a number of bytes of at least 1536,"
                        + " got 100");
    }
}
