package io.tributary.webhook.http;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.io.CloseMode;

/**
 * One attempt in flight: what the endpoint has sent so far (status, {@code Retry-After}, at most
 * {@link AttemptResult#MAX_EXCERPT_BYTES} of the body) and the attempt's deadline.
 * <p>
 * The deadline is the attempt's timeout counted from when it has its connection (a pooled one, or the start of
 * connecting), so it covers connecting, TLS, sending, the response headers and the whole body, however slowly each
 * byte comes. When it passes, the attempt is recorded as timed out, its request cancelled and its connection
 * closed. Until a connection is leased a backstop of the connection wait plus the timeout applies. The result
 * completes exactly once; whatever happens after that is ignored. Thread-safe: the I/O thread writes the response,
 * the timer expires the attempt, the caller hands over the request.
 */
final class Exchange {

    /** The context attribute under which the client's interceptors find the exchange. */
    static final String ATTRIBUTE = "io.tributary.webhook.exchange";

    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private final CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    private final AtomicBoolean clockStarted = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;
    private volatile Future<?> request;
    private volatile AsyncConnectionEndpoint endpoint;
    private volatile boolean connected;
    private volatile int status;
    private volatile Duration retryAfter;
    private final byte[] excerpt = new byte[AttemptResult.MAX_EXCERPT_BYTES];
    private int length; // guarded by this
    private Charset charset = StandardCharsets.UTF_8; // guarded by this

    Exchange(Duration timeout, Duration connectionWait, ScheduledExecutorService timer) {
        this.timeout = timeout;
        this.timer = timer;
        this.deadline = timer.schedule(this::expire, connectionWait.plus(timeout).toNanos(), NANOSECONDS);
        result.whenComplete((done, error) -> deadline.cancel(false));
    }

    CompletableFuture<AttemptResult> result() {
        return result;
    }

    /** The attempt has its connection: its timeout starts now. */
    void connectionLeased(AsyncConnectionEndpoint leased) {
        this.endpoint = leased;
        if (clockStarted.compareAndSet(false, true) && !result.isDone()) {
            ScheduledFuture<?> backstop = deadline;
            deadline = timer.schedule(this::expire, timeout.toNanos(), NANOSECONDS);
            backstop.cancel(false);
            if (result.isDone()) {
                deadline.cancel(false);
            }
        }
    }

    /** The connection is open (and TLS done): what remains is sending and the answer. */
    void connected() {
        connected = true;
    }

    /** The request as the client runs it; cancelled at once if the attempt already ended. */
    void sent(Future<?> running) {
        this.request = running;
        if (result.isDone()) {
            running.cancel(true);
        }
    }

    void answered(int status, Duration retryAfter, Charset charset) {
        synchronized (this) {
            this.charset = charset;
        }
        this.retryAfter = retryAfter;
        this.status = status;
    }

    /**
     * Keeps what fits of a piece of the body.
     *
     * @return {@code false} when the body goes on past the excerpt: the rest is not to be read
     */
    synchronized boolean take(ByteBuffer src) {
        int n = Math.min(src.remaining(), excerpt.length - length);
        src.get(excerpt, length, n);
        length += n;
        return !src.hasRemaining();
    }

    /** The answer as it stands: its status, {@code Retry-After} and the excerpt of its body. */
    AttemptResult answer(boolean wholeBody) {
        return new AttemptResult(status, latency(), text(wholeBody), null, retryAfter);
    }

    void finish(AttemptResult answer) {
        result.complete(answer);
    }

    /** The attempt failed without an answer to act on. */
    void fail(String error) {
        fail(error, false);
    }

    /**
     * The attempt failed without an answer to act on.
     *
     * @param refused whether the target was refused before anything was sent (the SSRF guard)
     */
    void fail(String error, boolean refused) {
        int answeredStatus = status;
        String reason = answeredStatus == 0 ? error
                : error + " (after HTTP " + answeredStatus + " and " + bytesRead() + " bytes of its body)";
        result.complete(new AttemptResult(0, latency(), answeredStatus == 0 ? "" : text(false), reason, null,
                refused));
    }

    private void expire() {
        int answeredStatus = status;
        String phase = answeredStatus != 0
                ? "reading the response body of HTTP " + answeredStatus + " (" + bytesRead() + " bytes so far)"
                : connected ? "waiting for the response"
                : clockStarted.get() ? "connecting" : "waiting for a connection";
        if (result.complete(new AttemptResult(0, latency(), answeredStatus == 0 ? "" : text(false),
                "timed out after " + timeout.toMillis() + " ms " + phase, null))) {
            Future<?> running = request;
            if (running != null) {
                running.cancel(true);
            }
            // The request's cancellation may not reach its exchange (the client can leave it depending on an
            // earlier step), so the connection is closed here too: the exchange then fails and is discarded. A
            // connection that went back to the pool has left this endpoint, which then closes nothing.
            AsyncConnectionEndpoint leased = endpoint;
            if (leased != null) {
                leased.close(CloseMode.IMMEDIATE);
            }
        }
    }

    private synchronized int bytesRead() {
        return length;
    }

    private Duration latency() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * The excerpt as text; a character cut at the end of an excerpt that is not the whole body is left out, and
     * bytes that are not valid in the charset become U+FFFD.
     */
    private synchronized String text(boolean wholeBody) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1);
        decoder.decode(ByteBuffer.wrap(excerpt, 0, length), out, wholeBody);
        if (wholeBody) {
            decoder.flush(out);
        }
        return out.flip().toString();
    }
}
