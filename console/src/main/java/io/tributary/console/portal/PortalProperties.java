package io.tributary.console.portal;

import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenant portal's settings under {@code tributary.console.portal}, validated at start as every service's are
 * ({@link ConfigurationProblems}): every invalid key is listed at once, a secret masked.
 *
 * @param linkSecret the key of the HMAC-SHA256 that signs portal links, at least 32 characters; when empty, one
 *                   is generated at start (links then stop working on a restart and are not shared between
 *                   instances), and the log says so
 * @param linkTtl    how long a link may wait to be opened: at most PT15M
 * @param sessionTtl how long a portal session lasts after it is opened, however active: PT1M to PT24H
 * @param publicUrl  the console's address as a tenant's browser reaches it, for the links; empty for the address
 *                   the link was asked at
 * @param testEventsPerMinute how many test events a tenant may send from the portal in a minute, 1 to 600 (they
 *                   go to the events topic directly, so the ingestion API's rate limit does not apply to them)
 */
@ConfigurationProperties("tributary.console.portal")
public record PortalProperties(String linkSecret, @DefaultValue("PT15M") Duration linkTtl,
        @DefaultValue("PT4H") Duration sessionTtl, String publicUrl, @DefaultValue("10") int testEventsPerMinute) {

    /** The shortest link secret accepted. */
    static final int MIN_SECRET_LENGTH = 32;
    static final Duration MAX_LINK_TTL = Duration.ofMinutes(15);
    private static final Pattern PUBLIC_URL = Pattern.compile("https?://[^\\s?#]+");

    public PortalProperties {
        linkSecret = linkSecret == null || linkSecret.isBlank() ? null : linkSecret;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
        ConfigurationProblems problems = new ConfigurationProblems("portal", "tributary.console.portal");
        if (linkSecret != null) {
            problems.secret(linkSecret.length() >= MIN_SECRET_LENGTH, "link-secret", linkSecret,
                    "must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        problems.range("link-ttl", linkTtl, Duration.ofSeconds(10), MAX_LINK_TTL);
        problems.range("session-ttl", sessionTtl, Duration.ofMinutes(1), Duration.ofHours(24));
        if (publicUrl != null) {
            problems.matches("public-url", publicUrl, PUBLIC_URL, "an http(s) URL without query");
        }
        problems.range("test-events-per-minute", testEventsPerMinute, 1, 600);
        problems.throwIfAny();
    }
}
