package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tributary.dev.StackPlan.Database;
import io.tributary.dev.StackPlan.Ports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackPlanTest {

    private static final Database DB = new Database("127.0.0.1", 15432, "tributary", "tributary", "pw");
    private static final Path DATA = Path.of("/clone/.tributary/dev");
    private static final Map<String, String> KEYS = Map.of("TRIBUTARY_ADMIN_KEY", "trb_dev_admin_1",
            "TRIBUTARY_INGEST_KEY", "trb_dev_ingest_2");

    private static DevCommand dev(String... args) {
        DevCommand command = new DevCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldGiveEachServiceOfTheLocalStackItsExactArguments() {
        DevCommand command = dev("--table", "public.orders:tenant_id", "--table", "public.invoices",
                "--service-arg", "capture-service=--tributary.ingest.rate-limit=0",
                "--service-arg", "console=--tributary.console.page-size=10");

        StackPlan plan = command.plan(Ports.DEFAULT, "127.0.0.1:9092", DB, DATA, KEYS);

        assertThat(plan.services()).extracting(StackPlan.Service::name).containsExactly("capture-service",
                "router-service", "webhook-dispatcher", "sync-worker", "console");
        assertThat(plan.services()).extracting(StackPlan.Service::port).containsExactly(8081, 8082, 8083, 8084, 8085);
        assertThat(plan.service("capture-service").arguments()).containsExactly(
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
                "--tributary.capture.database.host=127.0.0.1", "--tributary.capture.database.port=15432",
                "--tributary.capture.database.name=tributary", "--tributary.capture.database.user=tributary",
                "--tributary.capture.slot-name=tributary_dev", "--tributary.capture.publication-name=tributary_dev",
                "--management.endpoint.health.group.readiness.show-details=always",
                "--tributary.capture.tables[0].name=public.orders",
                "--tributary.capture.tables[0].tenant-column=tenant_id",
                "--tributary.capture.tables[1].name=public.invoices",
                "--tributary.ingest.rate-limit=0");
        assertThat(plan.service("router-service").arguments()).containsExactly(
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092", "--tributary.router.partitions=3",
                "--tributary.router.streams.state.dir=/clone/.tributary/dev/router-state",
                "--tributary.router.streams.commit.interval.ms=100");
        assertThat(plan.service("webhook-dispatcher").arguments()).containsExactly(
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092", "--tributary.webhook.allowed-cidrs[0]=127.0.0.0/8",
                "--tributary.webhook.retry.max-attempts=4", "--tributary.webhook.retry.initial-interval=PT2S",
                "--tributary.webhook.retry.multiplier=2", "--tributary.webhook.retry.max-interval=PT10S",
                "--tributary.webhook.circuit-breaker.failure-rate-percent=100",
                "--tributary.webhook.circuit-breaker.open-duration=PT5S");
        assertThat(plan.service("sync-worker").arguments()).containsExactly(
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
                "--tributary.sync.database.url=jdbc:postgresql://127.0.0.1:15432/tributary",
                "--tributary.sync.database.user=tributary");
        assertThat(plan.service("console").arguments()).containsExactly(
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/tributary",
                "--spring.datasource.username=tributary", "--tributary.console.capture-url=http://127.0.0.1:8081",
                "--tributary.console.router-url=http://127.0.0.1:8082", "--tributary.console.page-size=10");
    }

    @Test
    void shouldPassTheKeysAndTheDatabasePasswordByEnvironment() {
        StackPlan plan = dev().plan(Ports.DEFAULT, "127.0.0.1:9092", DB, DATA, KEYS);

        assertThat(plan.environment()).containsOnly(entry("TRIBUTARY_API_KEYS_0_KEY", "trb_dev_admin_1"),
                entry("TRIBUTARY_API_KEYS_0_ADMIN", "true"), entry("TRIBUTARY_API_KEYS_1_KEY", "trb_dev_ingest_2"),
                entry("TRIBUTARY_API_KEYS_1_TENANT", "demo"), entry("TRIBUTARY_CAPTURE_DATABASE_PASSWORD", "pw"),
                entry("TRIBUTARY_SYNC_DATABASE_PASSWORD", "pw"), entry("SPRING_DATASOURCE_PASSWORD", "pw"));
        assertThat(plan.services()).allSatisfy(service -> assertThat(String.join(" ", service.arguments()))
                .doesNotContain("trb_dev_", "pw"));
    }

    @Test
    void shouldPrintTheEndpointsOfThePlan() {
        DevCommand command = dev("--port-base", "9081", "--receiver-port", "9190");
        Ports ports = new Ports(9081, 9092, 15432, 9190);
        StackPlan plan = command.plan(ports, "127.0.0.1:9092", DB, DATA, KEYS);

        assertThat(command.endpoints(plan, ports, "127.0.0.1:9092", DB, KEYS).values()).containsExactly(
                entry("TRIBUTARY_KAFKA", "127.0.0.1:9092"),
                entry("TRIBUTARY_PG_URL", "jdbc:postgresql://127.0.0.1:15432/tributary?user=tributary&password=pw"),
                entry("TRIBUTARY_PG_DSN", "postgresql://tributary:pw@127.0.0.1:15432/tributary"),
                entry("TRIBUTARY_ADMIN_URL", "http://127.0.0.1:9082"),
                entry("TRIBUTARY_ADMIN_KEY", "trb_dev_admin_1"),
                entry("TRIBUTARY_INGEST_URL", "http://127.0.0.1:9081"),
                entry("TRIBUTARY_INGEST_KEY", "trb_dev_ingest_2"),
                entry("TRIBUTARY_CAPTURE_URL", "http://127.0.0.1:9081"),
                entry("TRIBUTARY_CONSOLE_URL", "http://127.0.0.1:9085/console"),
                entry("TRIBUTARY_DEMO_RECEIVER_URL", "http://127.0.0.1:9190"));
        assertThat(dev("--no-demo").endpoints(plan, ports, "127.0.0.1:9092", DB, KEYS).values())
                .doesNotContainKey("TRIBUTARY_DEMO_RECEIVER_URL");
    }

    @Test
    void shouldRefuseAServiceArgumentForAServiceNotInTheStack() {
        assertThatThrownBy(() -> dev("--service-arg", "sync=--x=1").plan(Ports.DEFAULT, "k:9092", DB, DATA, KEYS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--service-arg must be SERVICE=ARG with"
                        + " SERVICE one of [capture-service, router-service, webhook-dispatcher, sync-worker, console],"
                        + " got sync=--x=1");
        assertThatThrownBy(() -> dev("--service-arg", "=--x=1").plan(Ports.DEFAULT, "k:9092", DB, DATA, KEYS))
                .hasMessageEndingWith("got =--x=1");
    }

    @Test
    void shouldNameEveryPortTheStackTakesAndTheOptionThatMovesIt() {
        assertThat(Ports.DEFAULT.used(true, true, true)).containsExactly(
                entry(8081, "capture-service (--port-base)"), entry(8082, "router-service (--port-base + 1)"),
                entry(8083, "webhook-dispatcher (--port-base + 2)"), entry(8084, "sync-worker (--port-base + 3)"),
                entry(8085, "console (--port-base + 4)"), entry(9092, "Kafka (--kafka-port)"),
                entry(9093, "the Kafka controller (--kafka-port + 1)"), entry(15432, "PostgreSQL (--pg-port)"),
                entry(8090, "the demo receiver (--receiver-port)"));
        assertThat(Ports.DEFAULT.used(false, false, false)).containsOnlyKeys(8081, 8082, 8083, 8084, 8085);
    }

    @Test
    void shouldPackEveryPortOfAStackInARow() {
        Ports ports = Ports.packed(20000);

        assertThat(ports).isEqualTo(new Ports(20000, 20005, 20007, 20008));
        assertThat(Ports.PACKED_COUNT).isEqualTo(9);
        assertThat(ports.used(true, true, true).keySet()).containsExactlyInAnyOrder(20000, 20001, 20002, 20003,
                20004, 20005, 20006, 20007, 20008);
        assertThat(ports.devOptions()).containsExactly("--port-base", "20000", "--kafka-port", "20005", "--pg-port",
                "20007", "--receiver-port", "20008");
    }

    @Test
    void shouldWireOtherStacksAndAddTheirOwnArguments() {
        StackPlan plan = StackPlan.builder(List.of("router-service", "sync-worker"), "127.0.0.1:7000", DB,
                        Path.of("/tmp/chaos"))
                .port("router-service", 7001).port("sync-worker", 7002).adminKey("trb_chaos").slot("tributary_chaos")
                .arguments("sync-worker", List.of("--tributary.sync.retry.max-attempts=12")).build();

        assertThat(plan.services()).containsExactly(
                new StackPlan.Service("router-service", 7001, List.of("--spring.kafka.bootstrap-servers=127.0.0.1:7000",
                        "--tributary.router.partitions=3", "--tributary.router.streams.state.dir=/tmp/chaos/router-state",
                        "--tributary.router.streams.commit.interval.ms=100")),
                new StackPlan.Service("sync-worker", 7002, List.of("--spring.kafka.bootstrap-servers=127.0.0.1:7000",
                        "--tributary.sync.database.url=jdbc:postgresql://127.0.0.1:15432/tributary",
                        "--tributary.sync.database.user=tributary", "--tributary.sync.retry.max-attempts=12")));
        assertThat(plan.environment()).containsOnlyKeys("TRIBUTARY_API_KEYS_0_KEY", "TRIBUTARY_API_KEYS_0_ADMIN",
                "TRIBUTARY_CAPTURE_DATABASE_PASSWORD", "TRIBUTARY_SYNC_DATABASE_PASSWORD", "SPRING_DATASOURCE_PASSWORD");
        assertThat(plan.service("router-service").url()).isEqualTo("http://127.0.0.1:7001");
        assertThatThrownBy(() -> plan.service("console")).hasMessage("no service console in the plan");
        assertThatThrownBy(() -> StackPlan.builder(List.of("router-service"), "k", DB, Path.of("/d")).build())
                .hasMessage("no port for router-service");
    }

    @Test
    void shouldKeepTheLocalStacksFilesInItsDataDirectory() {
        StackPlan.DataDir files = new StackPlan.DataDir(DATA);

        assertThat(List.of(files.endpoints(), files.keys(), files.demoSecret(), files.logs(), files.kafka(),
                files.postgres(), files.routerState())).containsExactly(DATA.resolve("endpoints.env"),
                DATA.resolve("keys.env"), DATA.resolve("demo-secret"), DATA.resolve("logs"), DATA.resolve("kafka"),
                DATA.resolve("postgres"), DATA.resolve("router-state"));
    }
}
