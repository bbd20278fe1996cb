package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.WebhookConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the deliverer reads a delivery's compiled webhook config and merges its retry schedule with the service's. */
class WebhookDelivererConfigTest {

    private static final RetrySchedule SERVICE = new RetrySchedule(11, Duration.ofSeconds(10), 3.0,
            Duration.ofHours(6));

    /** A delivery as it arrives on the topic: its config is whatever the record holds, not validated on decoding. */
    private static Delivery delivery(String config) {
        return Delivery.fromJson(Json.parse("""
                {"deliveryId":"e1:sub_1","subscription":{"id":"sub_1","name":"n","type":"WEBHOOK","config":%s},
                 "event":{"specversion":"1.0","id":"e1","source":"/services/s","type":"order.created"}}"""
                .formatted(config)));
    }

    @Test
    void shouldReadTheCompiledConfigOfADelivery() {
        Delivery delivery = delivery("{\"url\":\"https://h.example/x\",\"ordered\":true,\"timeout\":\"PT3S\"}");
        WebhookConfig config = WebhookDeliverer.config(delivery);
        assertThat(config.url()).isEqualTo(URI.create("https://h.example/x"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(WebhookDeliverer.ordered(delivery)).isTrue();
    }

    @Test
    void shouldFailADeliveryWithAnInvalidConfigPermanentlyNamingEverySetting() {
        Delivery delivery = delivery("{\"ordered\":\"yes\",\"rateLimit\":0}");
        assertThatThrownBy(() -> WebhookDeliverer.config(delivery)).isInstanceOfSatisfying(
                DeliveryFailure.Permanent.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("subscription sub_1: invalid webhook config:"
                            + " config.url: is required for a WEBHOOK subscription; config.ordered: must be true or"
                            + " false; config.rateLimit: must be a number of requests per second above 0, at most"
                            + " 100000");
                    assertThat(failure.code()).isEqualTo(DeadLetterHeaders.ReasonCode.PERMANENT_FAILURE);
                });
        assertThat(WebhookDeliverer.ordered(delivery)).as("not forwarded to the ordered topic").isFalse();
    }

    @Test
    void shouldUseTheServiceScheduleWithoutARetrySetting() {
        assertThat(WebhookDeliverer.schedule(null, SERVICE)).isSameAs(SERVICE);
        assertThat(WebhookDeliverer.schedule(new WebhookConfig.Retry(null, null, null, null), SERVICE))
                .isEqualTo(SERVICE);
    }

    @Test
    void shouldTakeTheMissingRetrySettingsFromTheService() {
        assertThat(WebhookDeliverer.schedule(new WebhookConfig.Retry(2, null, 1.5, null), SERVICE))
                .isEqualTo(new RetrySchedule(2, Duration.ofSeconds(10), 1.5, Duration.ofHours(6)));
        assertThat(WebhookDeliverer.schedule(new WebhookConfig.Retry(null, Duration.ofMillis(50), null,
                Duration.ofSeconds(1)), SERVICE))
                .isEqualTo(new RetrySchedule(11, Duration.ofMillis(50), 3.0, Duration.ofSeconds(1)));
    }

    @Test
    void shouldLetTheSubscriptionsOwnIntervalBoundTheServicesOther() {
        assertThat(WebhookDeliverer.schedule(new WebhookConfig.Retry(null, Duration.ofHours(12), null, null), SERVICE))
                .as("an initial interval longer than the service's max interval raises it")
                .isEqualTo(new RetrySchedule(11, Duration.ofHours(12), 3.0, Duration.ofHours(12)));
        assertThat(WebhookDeliverer.schedule(new WebhookConfig.Retry(null, null, null, Duration.ofSeconds(2)), SERVICE))
                .as("a max interval shorter than the service's initial interval lowers it")
                .isEqualTo(new RetrySchedule(11, Duration.ofSeconds(2), 3.0, Duration.ofSeconds(2)));
    }
}
