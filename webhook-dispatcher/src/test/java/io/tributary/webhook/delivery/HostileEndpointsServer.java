package io.tributary.webhook.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seven hostile endpoints of {@link HostileEndpointsLoadIT} in a process of their own, so that the CPU they spend
 * writing to the dispatcher (gigabyte bodies, endless chunks and headers, until each connection is reset) is not
 * taken from the dispatcher's JVM. Prints one line {@code <name> <port>} per endpoint, then {@code ready}, and runs
 * until its standard input ends (the test that started it closes it, or dies).
 */
public final class HostileEndpointsServer {

    /** The endpoints by name, in the order they are printed. */
    static final Map<String, HostileEndpoint.Behaviour> BEHAVIOURS = behaviours();

    private static Map<String, HostileEndpoint.Behaviour> behaviours() {
        Map<String, HostileEndpoint.Behaviour> behaviours = new LinkedHashMap<>();
        behaviours.put("slow-headers", HostileEndpoint.SLOW_HEADERS);
        behaviours.put("trickle", HostileEndpoint.TRICKLE);
        behaviours.put("huge", HostileEndpoint.HUGE_BODY);
        behaviours.put("endless", HostileEndpoint.ENDLESS_CHUNKS);
        behaviours.put("loop", HostileEndpoint.REDIRECT_LOOP);
        behaviours.put("tls", HostileEndpoint.TLS_STALL);
        behaviours.put("header", HostileEndpoint.ENDLESS_HEADER);
        return Collections.unmodifiableMap(behaviours);
    }

    private HostileEndpointsServer() {
    }

    public static void main(String[] args) throws IOException {
        List<HostileEndpoint> endpoints = new ArrayList<>();
        try {
            for (Map.Entry<String, HostileEndpoint.Behaviour> entry : BEHAVIOURS.entrySet()) {
                HostileEndpoint endpoint = new HostileEndpoint(entry.getKey(), entry.getValue());
                endpoints.add(endpoint);
                System.out.println(endpoint.name + " " + endpoint.port());
            }
            System.out.println("ready");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() != -1) {
                // Runs until the starting test closes standard input.
            }
        } finally {
            for (HostileEndpoint endpoint : endpoints) {
                endpoint.close();
            }
        }
        System.exit(0);
    }
}
