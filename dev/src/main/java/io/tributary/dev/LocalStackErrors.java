package io.tributary.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the local stack can meet on a fresh machine, each as one line that names the fix (a port in use, no
 * PostgreSQL binaries, a directory the postgres user cannot reach, too little memory, a broker that does not come
 * up), and where PostgreSQL keeps its files when the postgres user cannot reach the data directory.
 */
final class LocalStackErrors {

    /** Memory each service's JVM may take beyond its heap (metaspace, code cache, threads, buffers), in MiB. */
    static final long SERVICE_OVERHEAD_MIB = 150;
    /** The in-process broker, PostgreSQL and this JVM, in MiB. */
    static final long STACK_BASE_MIB = 700;

    private LocalStackErrors() {
    }

    static String portInUse(int port, String what) {
        return "port " + port + " for " + what + " is in use: stop what listens there (ss -ltnp 'sport = :" + port
                + "') or choose another port with the option named";
    }

    static String noPostgresBinaries() {
        return "no PostgreSQL server binaries found (looked in TRIBUTARY_PG_BIN, /usr/lib/postgresql/*/bin and PATH):"
                + " install them (apt-get install postgresql) or set TRIBUTARY_PG_URL to a database with"
                + " wal_level=logical";
    }

    static String unreachableDirectory(Path wanted, Path fallback) {
        return "PostgreSQL runs as the postgres user, which can reach neither " + wanted + " nor " + fallback
                + ": run from a directory whose parents others may enter (chmod o+x), choose one with --data-dir, or"
                + " set TRIBUTARY_PG_URL to a database with wal_level=logical";
    }

    static String postgresDidNotStart(String cause, Path log) {
        return "PostgreSQL did not start (" + firstLine(cause) + "): see " + log + "; ./tributary dev --fresh starts"
                + " from empty data, or set TRIBUTARY_PG_URL to a database with wal_level=logical";
    }

    static String tooLittleMemory(long availableMib, long neededMib) {
        return "only " + availableMib + " MiB of memory is available and the local stack needs about " + neededMib
                + " MiB: close other programs, or give each service a smaller heap with --service-java-opts"
                + " (e.g. '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1')";
    }

    static String brokerDidNotStart(String bootstrap, String cause) {
        return "Kafka did not come up on " + bootstrap + " (" + firstLine(cause) + "): ./tributary dev --fresh starts"
                + " from empty Kafka data, --kafka-port chooses other ports, or set TRIBUTARY_KAFKA to a running broker";
    }

    /** The first line of a message, for errors that carry a tool's whole output. */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String stripped = message.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).strip();
    }

    /**
     * The memory the stack needs, in MiB: half of each service's heap ({@code -Xmx} of the service JVM options, 512
     * MiB when none is named; a service seldom fills it) and its overhead, and the broker, PostgreSQL and this JVM.
     */
    static long neededMib(String serviceJavaOpts, int services) {
        long heap = 512;
        for (String option : serviceJavaOpts.trim().split("\\s+")) {
            if (option.matches("-Xmx\\d+[kKmMgG]?")) {
                long amount = Long.parseLong(option.substring(4).replaceAll("[kKmMgG]$", ""));
                char unit = Character.toLowerCase(option.charAt(option.length() - 1));
                heap = switch (unit) {
                    case 'g' -> amount * 1024;
                    case 'm' -> amount;
                    case 'k' -> amount / 1024;
                    default -> amount / (1024 * 1024);
                };
            }
        }
        return STACK_BASE_MIB + services * (heap / 2 + SERVICE_OVERHEAD_MIB);
    }

    /** {@code MemAvailable} of {@code /proc/meminfo}, in MiB; -1 when it cannot be read (not Linux). */
    static long availableMib(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Where PostgreSQL keeps its files: {@code <data>/postgres} when the server's user can reach it; for root (the
     * server then runs as the postgres user) when it cannot, a directory in the system's temporary directory named
     * from a hash of the data directory, so the next start finds it again. A data directory the first start has
     * yet to create is judged by its nearest existing parent, which it is made in (with the same permissions the
     * next start finds), so the first start and the next choose alike.
     */
    static Path postgresDir(Path data, boolean root, Path tmp) {
        Path wanted = data.resolve("postgres");
        Path existing = data.toAbsolutePath().normalize();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!root || reachableByPostgres(existing)) {
            return wanted;
        }
        return tmp.resolve("tributary-dev-postgres-" + hash(data.toAbsolutePath().normalize().toString()));
    }

    /** Whether the postgres user can enter the directory (every parent on the way included). */
    static boolean reachableByPostgres(Path dir) {
        try {
            Process test = new ProcessBuilder(List.of("runuser", "-u", "postgres", "--", "test", "-x",
                    dir.toAbsolutePath().toString())).redirectErrorStream(true).start();
            test.getInputStream().readAllBytes();
            return test.waitFor(30, TimeUnit.SECONDS) && test.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
