package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    @TempDir
    Path home;

    @Test
    void shouldPreferTheFlagThenTheEnvironmentThenTheLocalStacksFile() throws Exception {
        Path file = home.resolve(".tributary/dev/endpoints.env");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# written by tributary dev\nTRIBUTARY_ADMIN_URL='http://127.0.0.1:18082'\n"
                + "TRIBUTARY_ADMIN_KEY=dev-admin-key\n");
        Endpoints fromFile = new Endpoints(Map.of("TRIBUTARY_HOME", home.toString()));
        assertThat(fromFile.require(null, "TRIBUTARY_ADMIN_URL", "--admin-url")).isEqualTo("http://127.0.0.1:18082");
        assertThat(fromFile.require(null, "TRIBUTARY_ADMIN_KEY", "--key")).isEqualTo("dev-admin-key");

        Endpoints fromEnv = new Endpoints(Map.of("TRIBUTARY_HOME", home.toString(),
                "TRIBUTARY_ADMIN_URL", "https://router.prod:8443"));
        assertThat(fromEnv.require(null, "TRIBUTARY_ADMIN_URL", "--admin-url")).isEqualTo("https://router.prod:8443");
        assertThat(fromEnv.require("http://flag", "TRIBUTARY_ADMIN_URL", "--admin-url")).isEqualTo("http://flag");
    }

    @Test
    void shouldSayHowToGiveAMissingSetting() {
        Endpoints none = new Endpoints(Map.of("TRIBUTARY_HOME", home.toString()));
        assertThatThrownBy(() -> none.require(null, "TRIBUTARY_ADMIN_KEY", "--key"))
                .hasMessage("no --key given: pass --key, set TRIBUTARY_ADMIN_KEY, or start the local stack with"
                        + " ./tributary dev");
    }
}
