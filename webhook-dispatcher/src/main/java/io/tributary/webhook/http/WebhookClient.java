package io.tributary.webhook.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes one webhook attempt at a time per call, without blocking a thread while it waits: a slow endpoint holds
 * only its own connection. Targets are resolved through the {@link SsrfGuard}, redirects are never followed,
 * and every failure of the endpoint comes back as an {@link AttemptResult}, never as an exception.
 * Thread-safe; close it once.
 */
public final class WebhookClient implements AutoCloseable {

    static final int MAX_RESPONSE_CHARS = 1024;

    private final CloseableHttpAsyncClient client;
    private final Duration queueWait;

    public WebhookClient(SsrfGuard guard, int maxConnectionsPerEndpoint) {
        this(guard, maxConnectionsPerEndpoint, Duration.ofSeconds(5));
    }

    /**
     * @param queueWait how long a request may wait for one of its endpoint's connections; one that waited longer
     *                  fails (and is retried later), so an endpoint that cannot keep up defers its overflow
     */
    public WebhookClient(SsrfGuard guard, int maxConnectionsPerEndpoint, Duration queueWait) {
        this.queueWait = queueWait;
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setMaxConnPerRoute(maxConnectionsPerEndpoint)
                        .setMaxConnTotal(Math.max(200, maxConnectionsPerEndpoint))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10)).build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Tributary-Webhooks/1")
                .build();
        client.start();
    }

    /** POSTs a JSON body with the given headers; completes with the result, whatever happens. */
    public CompletableFuture<AttemptResult> post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(url)
                .setBody(body, ContentType.APPLICATION_JSON)
                .setRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(queueWait))
                        .setResponseTimeout(Timeout.of(timeout)).build());
        headers.forEach(builder::setHeader);
        SimpleHttpRequest request = builder.build();
        CompletableFuture<AttemptResult> result = new CompletableFuture<>();
        long start = System.nanoTime();
        client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                String text = response.getBodyText() == null ? "" : response.getBodyText();
                result.complete(new AttemptResult(response.getCode(), since(start),
                        text.length() > MAX_RESPONSE_CHARS ? text.substring(0, MAX_RESPONSE_CHARS) : text, null,
                        retryAfter(response.getFirstHeader("Retry-After"))));
            }

            @Override
            public void failed(Exception e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
                    reason = "no connection to " + url.getHost() + ":" + url.getPort() + " free within "
                            + queueWait.toMillis() + " ms: the endpoint is not keeping up";
                } else if (e instanceof java.net.SocketTimeoutException) {
                    reason = "timed out after " + timeout.toMillis() + " ms";
                } else if (e instanceof java.net.ConnectException) {
                    reason = "connection refused: " + reason;
                }
                result.complete(new AttemptResult(0, since(start), "",
                        (e instanceof GuardedDnsResolver.RefusedTargetException ? "" : e.getClass().getSimpleName() + ": ")
                                + reason, null));
            }

            @Override
            public void cancelled() {
                result.complete(new AttemptResult(0, since(start), "", "cancelled", null));
            }
        });
        // The response timeout covers silence between bytes; this bounds the whole exchange, waiting included.
        return result.completeOnTimeout(new AttemptResult(0, timeout, "", "timed out after " + timeout.toMillis()
                + " ms", null), queueWait.toMillis() + timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    static Duration retryAfter(Header header) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
