package io.tributary.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PortalLinksTest {

    static final byte[] KEY = "portal-link-key-0123456789abcdef-xyz".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final PortalLinks links = new PortalLinks(KEY, Duration.ofMinutes(15));

    @Test
    void shouldOpenTheTenantOfAFreshLinkOnce() throws Exception {
        String token = links.issue("acme", NOW);

        assertThat(links.open(token, NOW.plusSeconds(60))).isEqualTo(new PortalLinks.Grant("acme"));
        assertThatThrownBy(() -> links.open(token, NOW.plusSeconds(61))).isInstanceOf(PortalLinks.Refused.class)
                .hasMessage("This link was used already; each link opens the portal once. Ask for a new one.");
    }

    @Test
    void shouldRefuseALinkOnceItsFifteenMinutesHavePassed() {
        String token = links.issue("acme", NOW);

        assertThatThrownBy(() -> links.open(token, NOW.plus(Duration.ofMinutes(15))))
                .isInstanceOf(PortalLinks.Refused.class).hasMessage("This link expired; ask for a new one.");
    }

    @Test
    void shouldRefuseALinkWhoseTenantWasChanged() {
        String token = links.issue("acme", NOW);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("acme", "evil")
                .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> links.open(forged, NOW)).isInstanceOf(PortalLinks.Refused.class)
                .hasMessage("This link is not a valid portal link: its signature does not match.");
    }

    @Test
    void shouldRefuseALinkSignedWithAnotherKey() {
        PortalLinks other = new PortalLinks("another-key-0123456789abcdef-0123456".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15));
        String token = other.issue("acme", NOW);

        assertThatThrownBy(() -> links.open(token, NOW)).isInstanceOf(PortalLinks.Refused.class)
                .hasMessage("This link is not a valid portal link: its signature does not match.");
    }

    @Test
    void shouldRefuseWhatIsNotALink() {
        for (String token : new String[] {null, "", "abc", ".", "abc.", "!!!.???", "a".repeat(2000)}) {
            assertThatThrownBy(() -> links.open(token, NOW)).as(token).isInstanceOf(PortalLinks.Refused.class);
        }
    }

    @Test
    void shouldIssueLinksOnlyForTenantNamesItCanCarry() {
        assertThatThrownBy(() -> links.issue("a|b", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant must be 1 to 128 characters without '|' or spaces");
        assertThatThrownBy(() -> links.issue("", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortalLinks(new byte[8], Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldListEveryInvalidPortalSettingAtOnce() {
        assertThatThrownBy(() -> new PortalProperties("short", Duration.ofMinutes(30), Duration.ofDays(2), "ftp://x",
                0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid portal configuration: tributary.console.portal.link-secret = …: must be at"
                        + " least 32 characters; tributary.console.portal.link-ttl = PT30M: must be a duration from"
                        + " PT10S to PT15M; tributary.console.portal.session-ttl = PT48H: must be a duration from PT1M"
                        + " to PT24H; tributary.console.portal.public-url = 'ftp://x': must be an http(s) URL without"
                        + " query; tributary.console.portal.test-events-per-minute = 0: must be from 1 to 600");
        assertThat(new PortalProperties(null, Duration.ofMinutes(15), Duration.ofHours(4), "https://portal.example/", 10)
                .publicUrl()).isEqualTo("https://portal.example");
    }

    @Test
    void shouldEndAPortalSessionWhenItsTimeIsOver() {
        PortalSession session = new PortalSession("acme", NOW.plusSeconds(10), "link");

        assertThat(session.lastsAt(NOW.plusSeconds(9))).isTrue();
        assertThat(session.lastsAt(NOW.plusSeconds(10))).isFalse();
    }
}
