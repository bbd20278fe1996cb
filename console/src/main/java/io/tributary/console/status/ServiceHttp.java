package io.tributary.console.status;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The console's calls to the other services' HTTP APIs (the capture's tables and status, the router's quarantined
 * subscriptions), with the signed-in operator's own key and short timeouts, so that a service that is down makes a
 * page say so within seconds instead of hanging it. Thread-safe.
 */
public final class ServiceHttp {

    /** How long a call may take, connecting included. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** An answer of a service: its status and body. */
    public record Answer(int status, String body) {
    }

    /** A service did not answer: {@link #getMessage()} says which, where and why. */
    public static final class Unreachable extends Exception {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Builds a request of {@code method} to {@code url}, with {@code key} as bearer when given and a JSON body. */
    public static HttpRequest request(String method, String url, String key, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return request.build();
    }

    /**
     * A {@code GET} of a Prometheus scrape at {@code url}: it asks for the text format ({@code text/plain}), as
     * Spring Boot's {@code /actuator/prometheus} answers 406 to a request that accepts JSON only.
     */
    public static HttpRequest scrape(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "text/plain;version=0.0.4, text/plain;q=0.9").GET().build();
    }

    /** Sends a request to {@code service} (its name, for the message when it does not answer). */
    public Answer send(String service, HttpRequest request) throws Unreachable {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            throw new Unreachable(service + " did not answer at " + base(request) + " within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (ConnectException e) {
            throw new Unreachable(service + " is not reachable at " + base(request) + " (connection refused)", e);
        } catch (IOException e) {
            throw new Unreachable(service + " is not reachable at " + base(request) + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling " + service, e);
        }
    }

    private static String base(HttpRequest request) {
        URI uri = request.uri();
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
