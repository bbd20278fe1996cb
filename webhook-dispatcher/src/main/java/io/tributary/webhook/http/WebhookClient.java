package io.tributary.webhook.http;

import io.tributary.handler.HttpOutcomes;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorShutdownException;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes webhook attempts without blocking a thread while they wait, so that no endpoint can hurt the dispatcher or
 * another endpoint:
 * <ul>
 *   <li>an attempt's timeout covers its whole exchange (connecting, TLS, sending, the response headers and body),
 *       counted from when it has one of its endpoint's connections; when it passes, the attempt is timed out and its
 *       connection closed, however slowly the endpoint keeps sending;</li>
 *   <li>at most {@link AttemptResult#MAX_EXCERPT_BYTES} of a response body are read; a longer one is cut there and
 *       its connection closed, and a response line or header longer than {@value #MAX_LINE_BYTES} bytes, or more
 *       than {@value #MAX_HEADERS} headers, fail the attempt: memory stays flat whatever an endpoint sends;</li>
 *   <li>targets are resolved through the {@link SsrfGuard}, redirects are never followed, and one HTTP/1.1
 *       exchange runs on a connection at a time;</li>
 *   <li>when the HTTP client itself fails (its I/O reactor shut down, an I/O thread died), attempts fail at once as
 *       {@link AttemptResult#clientUnavailable() client unavailable}, {@link #problem()} says why, and a new client
 *       is built.</li>
 * </ul>
 * Every failure comes back as an {@link AttemptResult}, never as an exception. Thread-safe; close it once.
 */
public final class WebhookClient implements AutoCloseable {

    static final int MAX_LINE_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 200;

    private final Duration queueWait;
    private final ScheduledThreadPoolExecutor timer;
    private final ExchangeClock clock = new ExchangeClock();
    private final HttpClientSupervisor supervisor;

    public WebhookClient(SsrfGuard guard, int maxConnectionsPerEndpoint) {
        this(guard, maxConnectionsPerEndpoint, Duration.ofSeconds(5));
    }

    /**
     * @param queueWait how long a request may wait for one of its endpoint's connections; one that waited longer
     *                  fails (and is retried later), so an endpoint that cannot keep up defers its overflow
     */
    public WebhookClient(SsrfGuard guard, int maxConnectionsPerEndpoint, Duration queueWait) {
        this.queueWait = queueWait;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-http-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.supervisor = new HttpClientSupervisor(threads -> build(guard, maxConnectionsPerEndpoint, threads), timer);
    }

    private CloseableHttpAsyncClient build(SsrfGuard guard, int maxConnectionsPerEndpoint, ThreadFactory threads) {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(clock.watching(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setMaxConnPerRoute(maxConnectionsPerEndpoint)
                        .setMaxConnTotal(Math.max(200, maxConnectionsPerEndpoint))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10)).build())
                        // HTTP/1.1 only: cancelling an attempt closes its connection, not one stream of many.
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                                .build())
                        .build()))
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), ExchangeClock.NAME, clock)
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setHttp1Config(Http1Config.custom().setMaxLineLength(MAX_LINE_BYTES).setMaxHeaderCount(MAX_HEADERS)
                        .build())
                .setThreadFactory(threads)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Tributary-Webhooks/1")
                .build();
        client.start();
        return client;
    }

    /** POSTs a JSON body with the given headers; completes with the result, whatever happens. */
    @SuppressWarnings("deprecation") // a per-request connect timeout: it also bounds the TLS handshake
    public CompletableFuture<AttemptResult> post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        String problem = supervisor.problem();
        if (problem != null) {
            return CompletableFuture.completedFuture(unavailable(problem));
        }
        HttpClientSupervisor.Generation generation = supervisor.current();
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(url)
                .setBody(body, ContentType.APPLICATION_JSON)
                .setRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(queueWait))
                        .setConnectTimeout(Timeout.of(timeout))
                        .setResponseTimeout(Timeout.of(timeout)).build());
        headers.forEach(builder::setHeader);
        SimpleHttpRequest request = builder.build();
        Exchange exchange = new Exchange(timeout, queueWait, timer);
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(Exchange.ATTRIBUTE, exchange);
        try {
            exchange.sent(generation.client.execute(SimpleRequestProducer.create(request), new ExcerptConsumer(exchange),
                    null, context, new FutureCallback<AttemptResult>() {
                        @Override
                        public void completed(AttemptResult answer) {
                            exchange.finish(answer);
                        }

                        @Override
                        public void failed(Exception e) {
                            if (e instanceof IOReactorShutdownException) {
                                supervisor.failed(generation, "a request was refused: " + e.getMessage());
                                exchange.finish(unavailable(e.getMessage()));
                            } else {
                                exchange.fail(reason(e, url, timeout),
                                        e instanceof GuardedDnsResolver.RefusedTargetException);
                            }
                        }

                        @Override
                        public void cancelled() {
                            exchange.fail("cancelled");
                        }
                    }));
        } catch (IllegalStateException e) {
            // The client refuses requests (CancellationException among them) only when it no longer runs: its
            // reactor shut down or it was closed.
            supervisor.failed(generation, "a request was refused: " + e);
            exchange.finish(unavailable(String.valueOf(e.getMessage())));
        }
        return exchange.result();
    }

    private String reason(Exception e, URI url, Duration timeout) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
            return e.getClass().getSimpleName() + ": no connection to " + url.getHost() + ":" + url.getPort()
                    + " free within " + queueWait.toMillis() + " ms: the endpoint is not keeping up";
        } else if (e instanceof java.net.SocketTimeoutException) {
            reason = "timed out after " + timeout.toMillis() + " ms";
        } else if (e instanceof java.net.ConnectException) {
            reason = "connection refused: " + reason;
        } else if (e instanceof GuardedDnsResolver.RefusedTargetException) {
            return reason;
        }
        return e.getClass().getSimpleName() + ": " + reason;
    }

    private static AttemptResult unavailable(String problem) {
        return new AttemptResult(0, Duration.ZERO, "", AttemptResult.CLIENT_UNAVAILABLE + problem, null);
    }

    /** Why the HTTP client cannot make attempts now (a new one is being built), or {@code null} while it can. */
    public String problem() {
        return supervisor.problem();
    }

    /** How many times the HTTP client was replaced after failing. */
    public long rebuilds() {
        return supervisor.rebuilds();
    }

    /** The number of the HTTP client in use: 1 at start, one more for each rebuild. */
    public int generation() {
        return supervisor.current().number;
    }

    /** How the names of the HTTP client's threads start ({@code webhook-http-1.2-} for client 1's second build). */
    public String threadNames() {
        return supervisor.threadNames();
    }

    /** The wait a {@code Retry-After} header asks for ({@link HttpOutcomes#retryAfter}), or {@code null}. */
    static Duration retryAfter(Header header) {
        return header == null ? null : HttpOutcomes.retryAfter(header.getValue(), java.time.Instant.now());
    }

    @Override
    public void close() {
        supervisor.close();
        timer.shutdownNow();
    }
}
