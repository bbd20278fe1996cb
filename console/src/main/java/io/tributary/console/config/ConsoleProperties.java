package io.tributary.console.config;

import io.tributary.model.Topics;
import io.tributary.model.config.ConfigurationProblems;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's settings under {@code tributary.console}, validated at start as every service's are
 * ({@link ConfigurationProblems}): every invalid key is listed at once, with its value and the reason.
 *
 * @param topicPrefix    the prefix of the topics the ledger follows
 * @param groupId        the ledger's consumer group
 * @param concurrency    consumers in this instance (the group scales further by partitions and instances)
 * @param maxBatch       most records read and written to the ledger in one batch
 * @param topicDiscovery how soon a new handler or dead-letter topic is followed
 * @param captureUrl     the capture-service's base URL: its tables API and its status for the overview
 * @param routerUrl      the router-service's base URL: its quarantined subscriptions for the overview
 */
@ConfigurationProperties("tributary.console")
public record ConsoleProperties(@DefaultValue("tributary") String topicPrefix,
        @DefaultValue("tributary-console") String groupId, @DefaultValue("1") int concurrency,
        @DefaultValue("500") int maxBatch, @DefaultValue("PT30S") Duration topicDiscovery,
        @DefaultValue("http://localhost:8081") String captureUrl,
        @DefaultValue("http://localhost:8082") String routerUrl) {

    public ConsoleProperties {
        ConfigurationProblems problems = new ConfigurationProblems("console", "tributary.console");
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.notBlank("group-id", groupId);
        problems.range("concurrency", concurrency, 1, 64);
        problems.range("max-batch", maxBatch, 1, 10_000);
        problems.range("topic-discovery", topicDiscovery, Duration.ofMillis(100), Duration.ofHours(1));
        problems.check(httpUrl(captureUrl), "capture-url", captureUrl, "must be an http or https URL such as"
                + " http://localhost:8081");
        problems.check(httpUrl(routerUrl), "router-url", routerUrl, "must be an http or https URL such as"
                + " http://localhost:8082");
        problems.throwIfAny();
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null;
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    /** The capture-service's base URL, without a trailing slash. */
    public String captureBase() {
        return captureUrl.replaceAll("/+$", "");
    }

    /** The router-service's base URL, without a trailing slash. */
    public String routerBase() {
        return routerUrl.replaceAll("/+$", "");
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
