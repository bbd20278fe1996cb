package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.client.DeliveryListener;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterHeaders.ReasonCode;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tributary dlt list} and {@code dlt show} read the provenance of every writer's dead letters, in the one
 * encoding and as written before it: a dead letter of offset 12,345,678 in partition 1234 shows that offset,
 * whether its eight digits were written as text or its eight bytes as a binary long.
 */
@TributaryInfrastructure
class DeadLetterHeadersIT {

    private static final int PARTITION = 1234;
    private static final long OFFSET = 12_345_678L;
    private static final long TIMESTAMP = 1_767_225_600_000L;
    private static final String DLT = "dh.handler.webhook-dlt";

    private StringWriter out;
    private String bootstrap;

    private int run(String... args) {
        out = new StringWriter();
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(bootstrap);
        return cli.execute(all.toArray(String[]::new));
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** What the router and the client library write now: DeadLetterHeaders' writer. */
    private static Headers written(String topic, ReasonCode code, String reason) {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.writeOrigin(headers, topic, PARTITION, OFFSET, TIMESTAMP);
        DeadLetterHeaders.writeException(headers, IllegalStateException.class.getName(), reason);
        DeadLetterHeaders.writeReason(headers, code, reason);
        return headers;
    }

    /** What spring-kafka's DeadLetterPublishingRecoverer writes, and the handlers' headers function beside it. */
    private static Headers recoverer(boolean withHandlerHeaders) {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-topic", text("dh.handler.webhook"));
        headers.add("kafka_original-partition", ByteBuffer.allocate(4).putInt(PARTITION).array());
        headers.add("kafka_original-offset", ByteBuffer.allocate(8).putLong(OFFSET).array());
        headers.add("kafka_original-timestamp", ByteBuffer.allocate(8).putLong(TIMESTAMP).array());
        headers.add("kafka_original-timestamp-type", text("CreateTime"));
        headers.add("kafka_dlt-original-consumer-group", text("tributary-webhook-dispatcher"));
        headers.add("kafka_exception-fqcn", text("io.tributary.handler.DeliveryFailure$Retryable"));
        headers.add("kafka_exception-message", text("HTTP 503 from the spring-kafka recoverer"));
        headers.add("retry_topic-attempts", BigInteger.valueOf(5).toByteArray());
        headers.add("tributary-last-status", text("503"));
        if (withHandlerHeaders) {
            DeadLetterHeaders.writeReason(headers, ReasonCode.RETRIES_EXHAUSTED,
                    "HTTP 503 from the spring-kafka recoverer");
            DeadLetterHeaders.writeEncoding(headers);
        }
        return headers;
    }

    /** What the router (and, with the attempts, the client library) wrote before the one encoding: decimal text. */
    private static Headers textBefore(String topic, String message, String attempts) {
        Headers headers = new RecordHeaders();
        headers.add("kafka_original-topic", text(topic));
        headers.add("kafka_original-partition", text(Integer.toString(PARTITION)));
        headers.add("kafka_original-offset", text(Long.toString(OFFSET)));
        headers.add("kafka_original-timestamp", text(Long.toString(TIMESTAMP)));
        headers.add("kafka_exception-fqcn", text(IllegalStateException.class.getName()));
        headers.add("kafka_exception-message", text(message));
        if (attempts != null) {
            headers.add("tributary-attempts", text(attempts));
        }
        return headers;
    }

    @Test
    void shouldShowTheOriginalOffsetOfEveryWritersDeadLetter(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        kafka.createTopics(1, DLT);
        List<Headers> letters = List.of(
                written("tributary.events", ReasonCode.TOO_DEEP, "from the router"),
                written("dh.handler.search", ReasonCode.RETRIES_EXHAUSTED, "from the client library"),
                recoverer(true),
                textBefore("tributary.events", "from the router before", null),
                textBefore("dh.handler.search", "from the client library before", "3"),
                recoverer(false));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < letters.size(); i++) {
                producer.send(new ProducerRecord<>(DLT, 0, "dead-" + i, "{\"n\": " + i + "}", letters.get(i)))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(run("dlt", "list", "--topic", DLT)).isEqualTo(0);
        List<String> lines = out.toString().lines().skip(1).toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).contains(" tributary.events/1234/12345678 ").endsWith("TOO_DEEP from the router");
        assertThat(lines.get(1)).contains(" dh.handler.search/1234/12345678 ")
                .endsWith("RETRIES_EXHAUSTED from the client library");
        assertThat(lines.get(2)).contains(" dh.handler.webhook/1234/12345678 ")
                .endsWith("RETRIES_EXHAUSTED HTTP 503 from the spring-kafka recoverer");
        assertThat(lines.get(3)).contains(" tributary.events/1234/12345678 ").endsWith(" from the router before");
        assertThat(lines.get(4)).contains(" dh.handler.search/1234/12345678 ")
                .endsWith(" from the client library before");
        assertThat(lines.get(5)).contains(" dh.handler.webhook/1234/12345678 ")
                .endsWith(" HTTP 503 from the spring-kafka recoverer");
        assertThat(lines.get(2).split("\\s+")[2]).as("attempts made").isEqualTo("4");
        assertThat(lines.get(4).split("\\s+")[2]).as("attempts made").isEqualTo("3");

        for (int i = 0; i < letters.size(); i++) {
            assertThat(run("dlt", "show", "--topic", DLT, "--id", "0:" + i)).isEqualTo(0);
            assertThat(out.toString()).as("dead letter %d", i).contains("key: dead-" + i,
                    "header kafka_original-partition: 1234", "header kafka_original-offset: 12345678",
                    "header kafka_original-timestamp: 1767225600000");
        }
    }

    @Test
    void shouldShowTheOffsetOfADeadLetterTheClientLibraryWrote(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        String topic = "dl.handler.search";
        kafka.createTopics(1, topic, topic + "-dlt");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "poison-" + i, "{not a delivery " + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        try (DeliveryListener listener = DeliveryListener.builder(bootstrap, topic, "dl-indexer")
                .handler(delivery -> { }).start()) {
            kafka.consume(topic + "-dlt", 3, Duration.ofSeconds(60));
        }
        assertThat(run("dlt", "list", "--topic", topic + "-dlt")).isEqualTo(0);
        // One line per dead letter, though a parser's message may run over more than one.
        List<String> lines = out.toString().lines().filter(line -> line.contains(" dl.handler.search/0/")).toList();
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).startsWith("0:" + i + " ").contains(" dl.handler.search/0/" + i + " ")
                    .contains(" UNDECODABLE ");
        }
        assertThat(run("dlt", "show", "--topic", topic + "-dlt", "--id", "0:2")).isEqualTo(0);
        assertThat(out.toString()).contains("key: poison-2", "header kafka_original-offset: 2",
                "header kafka_original-partition: 0", "header tributary-reason-code: UNDECODABLE",
                "header tributary-header-encoding: binary");
    }
}
