package io.tributary.webhook.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint on loopback that misbehaves on every connection, in one of the ways a hostile or broken
 * receiver does, and notes what happened: when each connection was accepted and when the dispatcher closed it (the
 * server saw end of stream or a reset), how many requests came, and what each connection sent before it closed.
 */
final class HostileEndpoint implements AutoCloseable {

    /** What the endpoint does on one connection; returns or throws once the client has closed it. */
    interface Behaviour {
        void serve(HostileEndpoint endpoint, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /** One connection: when it opened and closed ({@code System.nanoTime()}), and the first 4 KiB it sent. */
    static final class Connection {
        final long opened = System.nanoTime();
        volatile long closed;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    }

    final String name;
    private final ServerSocket server;
    private final Behaviour behaviour;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "hostile-endpoint");
        thread.setDaemon(true);
        return thread;
    });
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    HostileEndpoint(String name, Behaviour behaviour) throws IOException {
        this.name = name;
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String scheme) {
        return scheme + "://127.0.0.1:" + port() + "/" + name;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Connection connection = new Connection();
        connections.add(connection);
        try (socket) {
            behaviour.serve(this, socket.getInputStream(), new OutputStream() {
                private final OutputStream out = socket.getOutputStream();

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    out.flush();
                    synchronized (connection.sent) {
                        if (connection.sent.size() < 4096) {
                            connection.sent.write(b);
                        }
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    out.flush();
                    synchronized (connection.sent) {
                        // The start is enough to compare with an excerpt; a connection keeps no more.
                        int room = 4096 - connection.sent.size();
                        if (room > 0) {
                            connection.sent.write(b, off, Math.min(len, room));
                        }
                    }
                }
            });
        } catch (IOException | InterruptedException closedByClient) {
            // A reset or a broken pipe: the dispatcher closed the connection.
        } finally {
            connection.closed = System.nanoTime();
        }
    }

    /** Reads one HTTP request (head and Content-Length body); {@code false} when the client closed instead. */
    boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                return false;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = text.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
            if (in.readNBytes(length).length < length) {
                return false;
            }
        }
        requests.incrementAndGet();
        return true;
    }

    /** Waits for the client to close: reads until end of stream or a reset. */
    static void awaitClose(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) != -1) {
            // Whatever the client sends (a TLS ClientHello) is not answered.
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] repeated(char c, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    // The misbehaviours.

    /** Sends the status line and then header bytes one every 100 ms, never finishing the head. */
    static final Behaviour SLOW_HEADERS = (endpoint, in, out) -> {
        if (endpoint.readRequest(in)) {
            for (byte b : ascii("HTTP/1.1 200 OK\r\nX-Slow: ")) {
                out.write(b);
                Thread.sleep(100);
            }
            while (true) {
                out.write('s');
                Thread.sleep(100);
            }
        }
    };

    /** Sends the head of a 200 with a 1 MB body at once, then the body one byte every 100 ms. */
    static final Behaviour TRICKLE = (endpoint, in, out) -> {
        if (endpoint.readRequest(in)) {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n"));
            for (int i = 0; ; i++) {
                out.write('a' + i % 26);
                Thread.sleep(100);
            }
        }
    };

    /** A 200 declaring a body of 4 GB, sent as fast as the connection takes it. */
    static final Behaviour HUGE_BODY = (endpoint, in, out) -> {
        if (endpoint.readRequest(in)) {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4000000000\r\n\r\n"));
            byte[] block = repeated('x', 64 * 1024);
            for (long sent = 0; sent < 4_000_000_000L; sent += block.length) {
                out.write(block);
            }
        }
    };

    /** A 200 whose chunked body never ends: 1 KiB chunks, as fast as the connection takes them. */
    static final Behaviour ENDLESS_CHUNKS = (endpoint, in, out) -> {
        if (endpoint.readRequest(in)) {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = new byte[1024 + 9];
            System.arraycopy(ascii("400\r\n"), 0, chunk, 0, 5);
            Arrays.fill(chunk, 5, 5 + 1024, (byte) 'y');
            System.arraycopy(ascii("\r\n"), 0, chunk, 5 + 1024, 2);
            while (true) {
                out.write(chunk, 0, 5 + 1024 + 2);
            }
        }
    };

    /** Answers every request with a redirect to itself, keeping the connection open for more. */
    static final Behaviour REDIRECT_LOOP = (endpoint, in, out) -> {
        while (endpoint.readRequest(in)) {
            out.write(ascii("HTTP/1.1 302 Found\r\nLocation: " + endpoint.url("http")
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nredirect!"));
        }
    };

    /** Accepts the connection and never speaks: a TLS client waits for a ServerHello that does not come. */
    static final Behaviour TLS_STALL = (endpoint, in, out) -> awaitClose(in);

    /** A status line, then one header line that never ends, as fast as the connection takes it. */
    static final Behaviour ENDLESS_HEADER = (endpoint, in, out) -> {
        if (endpoint.readRequest(in)) {
            out.write(ascii("HTTP/1.1 200 OK\r\nX-Junk: "));
            byte[] block = repeated('j', 64 * 1024);
            while (true) {
                out.write(block);
            }
        }
    };

    /** What a connection sent after the response head (the body bytes), as text. */
    static String bodySent(Connection connection) {
        String all;
        synchronized (connection.sent) {
            all = connection.sent.toString(StandardCharsets.ISO_8859_1);
        }
        int start = all.indexOf("\r\n\r\n");
        return start < 0 ? "" : all.substring(start + 4);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
