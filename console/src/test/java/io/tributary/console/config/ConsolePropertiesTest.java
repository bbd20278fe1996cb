package io.tributary.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsolePropertiesTest {

    @Test
    void shouldListEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> new ConsoleProperties("bad prefix!", " ", 0, 20_000, Duration.ZERO,
                "ftp://capture", "localhost:8082"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid console configuration: tributary.console.topic-prefix = 'bad prefix!': must be"
                        + " 1 to 100 characters of a-z, A-Z, 0-9, '.', '_' and '-'; tributary.console.group-id = ' ':"
                        + " must not be empty; tributary.console.concurrency = 0: must be from 1 to 64;"
                        + " tributary.console.max-batch = 20000: must be from 1 to 10000;"
                        + " tributary.console.topic-discovery = PT0S: must be a duration from PT0.1S to PT1H;"
                        + " tributary.console.capture-url = 'ftp://capture': must be an http or https URL such as"
                        + " http://localhost:8081; tributary.console.router-url = 'localhost:8082': must be an http or"
                        + " https URL such as http://localhost:8082");
    }

    @Test
    void shouldGiveTheServicesBaseUrlsWithoutATrailingSlash() {
        ConsoleProperties properties = new ConsoleProperties("tributary", "tributary-console", 1, 500,
                Duration.ofSeconds(30), "http://127.0.0.1:9081/", "https://router.internal:8443");

        assertThat(properties.captureBase()).isEqualTo("http://127.0.0.1:9081");
        assertThat(properties.routerBase()).isEqualTo("https://router.internal:8443");
    }

    @Test
    void shouldFollowTheEventsHandlerAttemptAndEveryDeadLetterTopicOfItsPrefix() {
        var followed = LedgerConfiguration.followed(new Topics("tx"));

        assertThat(followed.matcher("tx.events").matches()).isTrue();
        assertThat(followed.matcher("tx.deliveries").matches()).isTrue();
        assertThat(followed.matcher("tx.handler.webhook").matches()).isTrue();
        assertThat(followed.matcher("tx.handler.search-index").matches()).isTrue();
        assertThat(followed.matcher("tx.capture-dlt").matches()).isTrue();
        assertThat(followed.matcher("other.handler.sync-dlt").matches()).isTrue();
        assertThat(followed.matcher("tx.subscriptions").matches()).isFalse();
        assertThat(followed.matcher("tx.api-keys").matches()).isFalse();
        assertThat(followed.matcher("txxevents").matches()).isFalse();
        assertThat(followed.matcher("tributary.events").matches()).isFalse();
    }
}
