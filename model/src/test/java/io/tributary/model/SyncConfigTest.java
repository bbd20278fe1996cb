package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sync config's one setting, {@code target}: valid, each invalid value with its exact message, required. */
class SyncConfigTest {

    private static final String REQUIRED = "is required for a SYNC subscription: the name of a target configured in"
            + " the sync-worker (tributary.sync.targets.<name>)";
    private static final String NAME = "must be the name of a target configured in the sync-worker"
            + " (tributary.sync.targets.<name>): 1 to 64 letters, digits, _ and -";

    @Test
    void shouldCompileTheTarget() {
        assertThat(SyncConfig.compile(Json.parse("{\"target\":\"ware_house-1\",\"anything\":[1]}")))
                .isEqualTo(new SyncConfig("ware_house-1"));
        assertThat(SyncConfig.check(Json.parse("{\"target\":\"" + "t".repeat(64) + "\"}"))).isEmpty();
    }

    @Test
    void shouldRequireTheTarget() {
        assertThat(SyncConfig.check(null)).containsExactly(new FieldError("config.target", REQUIRED));
        assertThat(SyncConfig.check(Json.parse("{}"))).containsExactly(new FieldError("config.target", REQUIRED));
        assertThat(SyncConfig.check(Json.parse("{\"target\":null}")))
                .containsExactly(new FieldError("config.target", REQUIRED));
        assertThat(SyncConfig.check(Json.parse("[]"))).containsExactly(new FieldError("config", "must be an object"));
    }

    @ParameterizedTest(name = "target {0}")
    @ValueSource(strings = {"\"\"", "\"has space\"", "\"a.b\"", "7", "[\"a\"]",
            "\"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\""})
    void shouldRefuseATargetThatIsNoName(String value) {
        assertThat(SyncConfig.check(Json.parse("{\"target\":" + value + "}")))
                .containsExactly(new FieldError("config.target", NAME));
    }

    @Test
    void shouldThrowAndCompileOncePerConfig() {
        assertThatThrownBy(() -> SyncConfig.compile(Json.parse("{}"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid sync config: config.target: " + REQUIRED);
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse("{\"target\":\"crm\"}");
        assertThat(SyncConfig.of(config.deepCopy())).isSameAs(SyncConfig.of(config));
    }
}
