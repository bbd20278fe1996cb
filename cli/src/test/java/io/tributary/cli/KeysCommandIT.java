package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.auth.ApiKeys;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tributary keys} against a real broker, checked by a key store as the services run it. */
@TributaryInfrastructure
class KeysCommandIT {

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldCreateListAndRevokeKeysThatServicesAccept(KafkaCluster kafka) throws Exception {
        String[] store = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", "cli.api-keys"};
        assertThat(run(concat(new String[] {"keys", "create", "--tenant", "acme", "--description", "billing"}, store)))
                .isEqualTo(0);
        String key = out.toString().strip();
        assertThat(key).startsWith("trb_");
        String id = err.toString().replaceAll("(?s).*created (key_[0-9a-f]+).*", "$1");
        assertThat(err.toString()).contains("shown only this once");

        try (ApiKeyStore service = new ApiKeyStore(ApiKeys.of(Map.of()), kafka.bootstrapServers(), "cli.api-keys")) {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> service.authenticate("Bearer " + key).isPresent());
            assertThat(service.authenticate("Bearer " + key)).contains(new ApiCaller("acme", false));

            assertThat(run(concat(new String[] {"keys", "list"}, store))).isEqualTo(0);
            assertThat(out.toString()).contains(id, "tenant acme", "billing").doesNotContain(key);

            assertThat(run(concat(new String[] {"keys", "revoke", id}, store))).isEqualTo(0);
            assertThat(out.toString()).startsWith("revoked " + id);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> service.authenticate("Bearer " + key).isEmpty());
        }

        assertThat(run(concat(new String[] {"keys", "revoke", "key_000000000000"}, store))).isNotZero();
        assertThat(err.toString()).contains("no key key_000000000000");
        assertThat(run(concat(new String[] {"keys", "create"}, store))).isEqualTo(2);
        assertThat(err.toString()).contains("--tenant", "--admin");
        assertThat(run(concat(new String[] {"keys", "create", "--tenant", "a", "--admin"}, store))).isEqualTo(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
