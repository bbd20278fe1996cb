package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubscriptionPauserTest {

    @Test
    void shouldWriteBackEveryFieldAsReadButActive() {
        String record = "{\"id\":\"s-1\",\"tenant\":\"acme\",\"active\":true,\"handlerType\":\"WEBHOOK\","
                + "\"config\":{\"url\":\"https://x.example/h\",\"futureSetting\":{\"n\":[1,2.50,\"x\"]}},"
                + "\"filter\":{\"table\":\"public.orders\"},\"addedInALaterVersion\":123456789012345678901234567890,"
                + "\"price\":0.0000000100}";

        assertThat(SubscriptionPauser.paused(record)).contains("{\"id\":\"s-1\",\"tenant\":\"acme\",\"active\":false,"
                + "\"handlerType\":\"WEBHOOK\",\"config\":{\"url\":\"https://x.example/h\",\"futureSetting\":"
                + "{\"n\":[1,2.50,\"x\"]}},\"filter\":{\"table\":\"public.orders\"},"
                + "\"addedInALaterVersion\":123456789012345678901234567890,\"price\":0.0000000100}");
    }

    @Test
    void shouldAddActiveFalseWhenTheRecordOmitsIt() {
        assertThat(SubscriptionPauser.paused("{\"id\":\"s-2\",\"extra\":null}"))
                .contains("{\"id\":\"s-2\",\"extra\":null,\"active\":false}");
    }

    @Test
    void shouldWriteNothingForAPausedSubscription() {
        assertThat(SubscriptionPauser.paused("{\"id\":\"s-3\",\"active\":false,\"x\":1}")).isEmpty();
    }

    @Test
    void shouldRefuseARecordThatIsNotAnObject() {
        assertThatThrownBy(() -> SubscriptionPauser.paused("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the subscription record is not a JSON object");
        assertThatThrownBy(() -> SubscriptionPauser.paused("{\"id\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid JSON: ");
    }
}
