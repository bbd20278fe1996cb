package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's supervisor over real child JVMs: a service that dies is reported, a stopped stack is not. */
class StackSupervisorTest {

    @TempDir
    Path dir;

    private final List<ServiceProcess> services = new ArrayList<>();

    /** A child JVM that runs until it is stopped, as a service does. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            Thread.currentThread().join();
        }
    }

    private Path idleJar() throws IOException {
        Path jar = dir.resolve("idle-exec.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Idle.class.getName());
        String entry = Idle.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                var bytes = Idle.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private StackSupervisor supervisorOfTwo() throws IOException {
        Path jar = idleJar();
        for (String name : List.of("capture-service", "router-service")) {
            ServiceProcess service = new ServiceProcess(name, jar, 1, List.of(), Map.of(), dir.resolve("logs"));
            service.javaOptions(List.of("-Xmx32m"));
            service.start();
            services.add(service);
        }
        return new StackSupervisor(services);
    }

    @AfterEach
    void killAll() throws InterruptedException {
        for (ServiceProcess service : services) {
            service.kill();
        }
    }

    @Test
    void shouldReportAServiceThatDiesWhileTheStackRuns() throws Exception {
        StackSupervisor supervisor = supervisorOfTwo();
        assertThat(supervisor.unexpectedlyStopped()).isEmpty();

        services.get(1).kill();

        assertThat(supervisor.unexpectedlyStopped()).map(ServiceProcess::name).contains("router-service");
        assertThat(supervisor.stopping()).isFalse();
    }

    @Test
    void shouldReportNothingWhenTheStackStopsItsServices() throws Exception {
        StackSupervisor supervisor = supervisorOfTwo();

        supervisor.stopAll(Duration.ofSeconds(10));

        assertThat(services).noneMatch(ServiceProcess::isAlive);
        assertThat(supervisor.stopping()).isTrue();
        assertThat(supervisor.unexpectedlyStopped()).isEmpty();
    }

    @Test
    void shouldReportNothingForAServiceThatExitsOnceTheStackIsStopping() throws Exception {
        StackSupervisor supervisor = supervisorOfTwo();

        supervisor.markStopping();
        services.get(0).stop(Duration.ofSeconds(10));

        assertThat(services.get(0).isAlive()).isFalse();
        assertThat(supervisor.unexpectedlyStopped()).isEmpty();
    }
}
