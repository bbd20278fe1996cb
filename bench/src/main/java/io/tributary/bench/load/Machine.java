package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the run ran on, from the JVM and /proc, for the results file. */
final class Machine {

    private Machine() {
    }

    static ObjectNode describe() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        json.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        json.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        json.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        json.put("loadAverageAtStart", loadAverage());
        return json;
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
