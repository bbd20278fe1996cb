package io.tributary.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMachineTest {

    @TempDir
    Path dir;

    @Test
    void shouldTellAFreePortFromOneInUse() throws Exception {
        int port = LocalMachine.freePort();
        assertThat(LocalMachine.isFree(port)).isTrue();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LocalMachine.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void shouldDeleteADirectoryWithEverythingInItAndNothingThatIsNotThere() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("stack/logs/old"));
        Files.writeString(tree.resolve("a.log"), "a");
        Files.writeString(dir.resolve("stack/keys.env"), "k");
        Files.writeString(dir.resolve("kept"), "kept");

        LocalMachine.deleteRecursively(dir.resolve("stack"));
        LocalMachine.deleteRecursively(dir.resolve("never-made"));

        assertThat(dir.resolve("stack")).doesNotExist();
        assertThat(dir.resolve("kept")).hasContent("kept");
    }
}
