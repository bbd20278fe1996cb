package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void shouldMaskEveryHeaderValueAndEverySecretNamedKey() {
        ObjectNode config = (ObjectNode) Json.parse("""
                {"url": "https://hooks.example.com/orders",
                 "secret": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_oldoldoldoldoldold1234"],
                 "headers": {"X-Api-Key": "key-0123456789abcdef", "Cookie": "session=abcdef0123456789",
                             "Proxy-Authorization": "Basic dXNlcjpwYXNzd29yZA==", "X-Auth": "short",
                             "X-Tenant": "acme-corporation"},
                 "oauth": {"clientCredentials": "id:verysecretvalue", "refresh_token": "rt-0123456789abcdef"},
                 "format": "default"}
                """);
        ObjectNode masked = Secrets.redact(config);
        String shown = Json.write(masked);
        assertThat(shown).doesNotContain("MfKQ9r8GKYqr", "key-0123456789", "session=abcdef", "dXNlcjpw", "short",
                "acme-corporation", "verysecretvalue", "rt-0123456789");
        assertThat(masked.path("secret").get(0).asText()).isEqualTo("whsec_…LaSw");
        assertThat(masked.path("headers").path("X-Api-Key").asText()).isEqualTo("…cdef");
        assertThat(masked.path("headers").path("X-Auth").asText()).isEqualTo("…");
        assertThat(masked.path("url").asText()).isEqualTo("https://hooks.example.com/orders");
        assertThat(masked.path("format").asText()).isEqualTo("default");
        assertThat(config.path("headers").path("X-Tenant").asText()).as("the original is untouched")
                .isEqualTo("acme-corporation");
    }
}
