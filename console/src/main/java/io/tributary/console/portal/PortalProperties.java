package io.tributary.console.portal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenant portal's settings under {@code tributary.console.portal}, validated at start: every invalid key is
 * listed at once.
 *
 * @param linkSecret the key of the HMAC-SHA256 that signs portal links, at least 32 characters; when empty, one
 *                   is generated at start (links then stop working on a restart and are not shared between
 *                   instances), and the log says so
 * @param linkTtl    how long a link may wait to be opened: at most PT15M
 * @param sessionTtl how long a portal session lasts after it is opened, however active: PT1M to PT24H
 * @param publicUrl  the console's address as a tenant's browser reaches it, for the links; empty for the address
 *                   the link was asked at
 */
@ConfigurationProperties("tributary.console.portal")
public record PortalProperties(String linkSecret, @DefaultValue("PT15M") Duration linkTtl,
        @DefaultValue("PT4H") Duration sessionTtl, String publicUrl) {

    /** The shortest link secret accepted. */
    static final int MIN_SECRET_LENGTH = 32;
    static final Duration MAX_LINK_TTL = Duration.ofMinutes(15);

    public PortalProperties {
        List<String> errors = new ArrayList<>();
        linkSecret = linkSecret == null || linkSecret.isBlank() ? null : linkSecret;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
        if (linkSecret != null && linkSecret.length() < MIN_SECRET_LENGTH) {
            errors.add("tributary.console.portal.link-secret: must be at least " + MIN_SECRET_LENGTH
                    + " characters, got " + linkSecret.length());
        }
        if (linkTtl == null || linkTtl.toSeconds() < 10 || linkTtl.compareTo(MAX_LINK_TTL) > 0) {
            errors.add("tributary.console.portal.link-ttl: must be PT10S to PT15M, got " + linkTtl);
        }
        if (sessionTtl == null || sessionTtl.toMinutes() < 1 || sessionTtl.compareTo(Duration.ofHours(24)) > 0) {
            errors.add("tributary.console.portal.session-ttl: must be PT1M to PT24H, got " + sessionTtl);
        }
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s?#]+")) {
            errors.add("tributary.console.portal.public-url: must be an http(s) URL without query, got " + publicUrl);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid portal settings: " + String.join("; ", errors));
        }
    }
}
