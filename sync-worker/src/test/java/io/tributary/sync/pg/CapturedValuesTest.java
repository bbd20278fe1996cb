package io.tributary.sync.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.model.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CapturedValuesTest {

    @Test
    void shouldTurnBase64ByteaIntoPostgresHexInputAtAnyArrayDepth() {
        assertThat(CapturedValues.byteaInput("b", TextNode.valueOf("3q2+7w=="))).isEqualTo(TextNode.valueOf(
                "\\xdeadbeef"));
        assertThat(CapturedValues.byteaInput("b", Json.parse("[[\"+/8=\", null], [\"\", \"AA==\"]]")))
                .isEqualTo(Json.parse("[[\"\\\\xfbff\", null], [\"\\\\x\", \"\\\\x00\"]]"));
        assertThat(CapturedValues.byteaInput("b", Json.mapper().nullNode()).isNull()).isTrue();
    }

    @Test
    void shouldRefuseByteaThatIsNotBase64NamingTheField() {
        assertThatThrownBy(() -> CapturedValues.byteaInput("payload", TextNode.valueOf("\\xdeadbeef")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("payload: a bytea value must be base64 (RFC 4648): ");
        assertThatThrownBy(() -> CapturedValues.byteaInput("payload", Json.parse("12")))
                .hasMessage("payload: a bytea value must be a base64 string, got number");
    }

    @Test
    void shouldTurnPostgresHexByteaIntoBase64() {
        assertThat(CapturedValues.byteaCaptured(Json.parse("[\"\\\\xdeadbeef\", null, \"\\\\x\"]")))
                .isEqualTo(Json.parse("[\"3q2+7w==\", null, \"\"]"));
    }

    @Test
    void shouldRecogniseDebeziumsPlaceholderOfAnUnavailableValue() {
        assertThat(CapturedValues.isUnavailable(TextNode.valueOf("__debezium_unavailable_value"))).isTrue();
        assertThat(CapturedValues.isUnavailable(TextNode.valueOf("X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==")))
                .isTrue();
        assertThat(CapturedValues.isUnavailable(Json.parse("[\"__debezium_unavailable_value\"]"))).isTrue();
        assertThat(CapturedValues.isUnavailable(Json.parse("[\"__debezium_unavailable_value\", \"x\"]"))).isFalse();
        assertThat(CapturedValues.isUnavailable(Json.parse("[]"))).isFalse();
        assertThat(CapturedValues.isUnavailable(TextNode.valueOf("__debezium_unavailable_value "))).isFalse();
        assertThat(CapturedValues.isUnavailable(Json.mapper().nullNode())).isFalse();
        assertThat(CapturedValues.isUnavailable(null)).isFalse();
    }

    @Test
    void shouldWriteEveryNumberWithItsDigitsAndScale() {
        String json = "{\"n\":0.0000000100,\"big\":123456789012345678901234567890.1234567890,"
                + "\"i\":12345678901234567890123,\"z\":0.000,\"neg\":-1.50,\"a\":[1.10,\"NaN\"]}";
        assertThat(CapturedValues.write(Json.parse(json))).isEqualTo(json);
        assertThat(CapturedValues.write(Json.parse("{\"f\":1.7976931348623157e+308}")))
                .isEqualTo("{\"f\":1.7976931348623157e+308}");
        assertThat(CapturedValues.write(Json.parse("[1e-999999]"))).isEqualTo("[1e-999999]");
    }

    @Test
    void shouldSpellDecimalsPlainUnlessTheyCarriedAnExponentTooLongToSpellOut() {
        assertThat(CapturedValues.numberText(new BigDecimal("1.00E-8"))).isEqualTo("0.0000000100");
        assertThat(CapturedValues.numberText(new BigDecimal("1E+2"))).isEqualTo("1e+2");
        assertThat(CapturedValues.numberText(new BigDecimal("5E-324"))).hasSize(326).startsWith("0.000").endsWith(
                "05");
    }
}
