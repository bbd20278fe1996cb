package io.tributary.capture.engine;

import static io.tributary.capture.ReplicationSlots.awaitStreaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The capture-service as its own process, killed with SIGKILL while rows are committed continuously (among them
 * rows it cannot write as events) and started again: every committed good row reaches the events topic (re-read
 * ones with the same id), every bad one the dead-letter topic, none is missing and the capture never halts.
 */
@TributaryInfrastructure
class CaptureCrashIT {

    @Test
    void shouldLoseNoCommittedRowWhenKilledUnderLoadAmongChangesItCannotWrite(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_crash_poison");
        db.execute("CREATE TABLE ledger (id bigint PRIMARY KEY, company_id text, note text, doc jsonb)");
        try (var in = CaptureCrashIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            db.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        kafka.createTopics(1, "poisoned.events", "poisoned.capture-dlt");
        Path logs = Files.createDirectories(Path.of("target", "crash-it"));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // A 100 kB row is larger than this capture's events; a jsonb nested 250 deep cannot be converted.
        List<String> extra = List.of("--tributary.capture.max-event-bytes=65536",
                "--tributary.capture.restart.initial-interval=PT1S");
        Set<Long> good = ConcurrentHashMap.newKeySet();
        Set<Long> bad = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        String deep = "[".repeat(250) + "]".repeat(250);
        Process capture = start(kafka, db, logs.resolve("poisoned-1.log"), "poisoned", port, extra);
        Thread writer = new Thread(() -> {
            long id = 0;
            try (Connection connection = db.connect()) {
                while (writing.get()) {
                    id++;
                    if (id % 25 == 0) {
                        connection.createStatement().execute("INSERT INTO ledger VALUES (" + id
                                + ", 'co_1', repeat('x', 100000))");
                        bad.add(id);
                    } else if (id % 25 == 12) {
                        connection.createStatement().execute("INSERT INTO ledger VALUES (" + id
                                + ", 'co_1', 'deep', '" + deep + "')");
                        bad.add(id);
                    } else {
                        connection.createStatement().execute("INSERT INTO ledger VALUES (" + id + ", 'co_1')");
                        good.add(id);
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "poisoned-ledger-writer");
        try {
            awaitStreaming(db, "poisoned_slot", Duration.ofSeconds(120));
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readAll("poisoned.capture-dlt").size() > 10);
            capture.destroyForcibly().waitFor();
            int badAtKill = bad.size();
            Thread.sleep(1000);
            capture = start(kafka, db, logs.resolve("poisoned-2.log"), "poisoned", port, extra);
            awaitStreaming(db, "poisoned_slot", Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(30)).until(() -> bad.size() > badAtKill + 4);
            writing.set(false);
            writer.join();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Set<String> events = recordIds(kafka, "poisoned.events").keySet();
                assertThat(good.stream().filter(id -> !events.contains(String.valueOf(id))).sorted().toList())
                        .as("good rows missing from the events topic").isEmpty();
                Set<String> letters = deadLetterKeys(kafka, "poisoned.capture-dlt");
                assertThat(bad.stream().filter(id -> !letters.contains(String.valueOf(id))).sorted().toList())
                        .as("bad rows missing from the dead-letter topic").isEmpty();
            });
            Map<String, Set<String>> idsPerRecord = recordIds(kafka, "poisoned.events");
            assertThat(idsPerRecord.keySet()).as("no bad row became an event")
                    .noneMatch(id -> bad.contains(Long.parseLong(id)));
            assertThat(idsPerRecord.values()).as("a row read twice keeps its event id")
                    .allSatisfy(ids -> assertThat(ids).hasSize(1));
            for (var letter : kafka.readAll("poisoned.capture-dlt")) {
                long id = Long.parseLong(header(letter, io.tributary.model.DeadLetterHeaders.KEY));
                assertThat(header(letter, io.tributary.model.DeadLetterHeaders.REASON)).startsWith(id % 25 == 0
                        ? "the event is " : "the change could not be converted to an event: public.ledger.doc: ");
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var readiness = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + port + "/actuator/health/readiness")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).as("readiness of the restarted capture").isEqualTo(200);
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + port + "/actuator/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).as("the restarted capture never stopped")
                    .contains("tributary_capture_restarts_total{application=\"capture-service\"} 0.0")
                    .contains("tributary_capture_running{application=\"capture-service\"} 1.0");
            System.out.printf("capture killed among bad changes: %d good rows, %d bad (%d before the kill), all in"
                    + " place%n", good.size(), bad.size(), badAtKill);
        } finally {
            writing.set(false);
            writer.join();
            capture.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> db.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE slot_name = 'poisoned_slot'"));
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Set<String> deadLetterKeys(KafkaCluster kafka, String topic) {
        return kafka.readAll(topic).stream().map(r -> header(r, io.tributary.model.DeadLetterHeaders.KEY))
                .collect(Collectors.toSet());
    }

    private static Map<String, Set<String>> recordIds(KafkaCluster kafka, String topic) {
        return kafka.readAll(topic).stream().map(r -> EventEnvelope.fromJson(Json.parse(r.value())))
                .collect(Collectors.groupingBy(EventEnvelope::recordId,
                        Collectors.mapping(EventEnvelope::id, Collectors.toSet())));
    }

    private static Process start(KafkaCluster kafka, PostgresDatabase db, Path log, String name, int port,
            List<String> extra) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-exec.jar: run mvn package first"));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--tributary.capture.database.host=" + db.host(),
                "--tributary.capture.database.port=" + db.port(),
                "--tributary.capture.database.name=" + db.databaseName(),
                "--tributary.capture.database.user=" + db.user(),
                "--tributary.capture.database.password=" + db.password(),
                "--tributary.capture.slot-name=" + name + "_slot",
                "--tributary.capture.publication-name=" + name + "_pub",
                "--tributary.capture.topic-prefix=" + name,
                "--tributary.capture.offsets-topic=" + name + ".capture-offsets",
                "--tributary.capture.tables-topic=" + name + ".capture-tables",
                "--tributary.capture.tables[0].name=public.ledger",
                "--tributary.capture.tables[0].tenant-column=company_id"));
        command.addAll(extra);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
