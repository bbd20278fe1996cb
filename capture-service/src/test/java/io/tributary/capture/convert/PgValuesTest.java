package io.tributary.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.data.SpecialValueDecimal;
import io.tributary.model.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;

/** Values as Debezium hands them over, spelled as to_jsonb spells them (the exact texts PostgreSQL 15 prints). */
class PgValuesTest {

    private static String json(PgType.Kind kind, Object value) {
        return Json.write(PgValues.json(PgType.of("t", kind), value));
    }

    @Test
    void shouldKeepEveryDigitOfANumericInPlainNotation() {
        assertThat(json(PgType.Kind.NUMERIC, new BigDecimal("0.0000000100"))).isEqualTo("0.0000000100");
        assertThat(json(PgType.Kind.NUMERIC, new SpecialValueDecimal(new BigDecimal("1E+20"))))
                .isEqualTo("100000000000000000000");
        assertThat(json(PgType.Kind.NUMERIC, SpecialValueDecimal.POSITIVE_INF)).isEqualTo("\"Infinity\"");
        assertThat(json(PgType.Kind.NUMERIC, SpecialValueDecimal.NEGATIVE_INF)).isEqualTo("\"-Infinity\"");
        assertThat(json(PgType.Kind.NUMERIC, SpecialValueDecimal.NOT_A_NUMBER)).isEqualTo("\"NaN\"");
        assertThat(json(PgType.Kind.MONEY, new BigDecimal("-92233720368547758.08"))).isEqualTo("-92233720368547758.08");
    }

    @Test
    void shouldSpellFloatsAsTheShortestDecimalThatReadsBack() {
        assertThat(json(PgType.Kind.FLOAT, 1.1f)).isEqualTo("1.1");
        assertThat(json(PgType.Kind.FLOAT, 0.1d)).isEqualTo("0.1");
        assertThat(json(PgType.Kind.FLOAT, 5e-324d)).startsWith("0.000").endsWith("5");
        assertThat(json(PgType.Kind.FLOAT, Double.NaN)).isEqualTo("\"NaN\"");
        assertThat(json(PgType.Kind.FLOAT, Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
        assertThat(PgNumbers.float8Text(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PgNumbers.float8Text(-0.1)).isEqualTo("-0.1");
        assertThat(PgNumbers.float8Text(1e-5)).isEqualTo("1e-05");
        assertThat(PgNumbers.float8Text(123456789012345.6)).isEqualTo("123456789012345.6");
        assertThat(PgNumbers.float8Text(1e15)).isEqualTo("1e+15");
        assertThat(PgNumbers.float8Text(-0.0)).isEqualTo("-0");
    }

    @Test
    void shouldSpellTheSpecialDatesAndTimesAsPostgresqlDoes() {
        assertThat(json(PgType.Kind.DATE, PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE)).isEqualTo("\"infinity\"");
        assertThat(json(PgType.Kind.DATE, PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE)).isEqualTo("\"-infinity\"");
        assertThat(json(PgType.Kind.DATE, LocalDate.of(-43, 3, 15))).isEqualTo("\"0044-03-15 BC\"");
        assertThat(json(PgType.Kind.DATE, LocalDate.of(5874897, 12, 31))).isEqualTo("\"5874897-12-31\"");
        assertThat(json(PgType.Kind.TIMESTAMP, PostgresValueConverter.POSITIVE_INFINITY_INSTANT)).isEqualTo("\"infinity\"");
        assertThat(json(PgType.Kind.TIMESTAMP, Instant.parse("2024-01-15T10:30:00.500Z")))
                .isEqualTo("\"2024-01-15T10:30:00.5\"");
        assertThat(json(PgType.Kind.TIMESTAMPTZ, PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME))
                .isEqualTo("\"-infinity\"");
        assertThat(json(PgType.Kind.TIMESTAMPTZ, OffsetDateTime.of(2024, 1, 15, 12, 30, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("\"2024-01-15T10:30:00+00:00\"");
        assertThat(json(PgType.Kind.TIME, "24:00:00")).isEqualTo("\"24:00:00\"");
        assertThat(json(PgType.Kind.TIMETZ, OffsetTime.of(10, 30, 0, 500_000_000, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo("\"05:00:00.5+00\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-01-15 12:30:00.5+02|2024-01-15T10:30:00.5+00:00",
            "2024-01-15 10:30:00+05:30|2024-01-15T05:00:00+00:00",
            "1900-01-01 00:00:00-00:01:15|1900-01-01T00:01:15+00:00",
            "0044-03-15 00:00:00+00 BC|0044-03-15T00:00:00+00:00 BC",
            "infinity|infinity"})
    void shouldTurnATimestamptzTextIntoUtc(String text, String expected) {
        assertThat(PgTimes.timestampTzText(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0|0|PT0S",
            "14|3|14706789000|P1Y2M3DT4H5M6.789S",
            "-10|-3|14706000000|P-10M-3DT4H5M6S",
            "0|0|-500000|PT-0.5S",
            "0|0|90000000000|PT25H",
            "2136000000|0|0|P178000000Y"})
    void shouldSpellIntervalsAsIso8601WithMonthsDaysAndTimeApart(long months, long days, long micros, String expected) {
        assertThat(PgTimes.interval(months, days, micros)).isEqualTo(expected);
    }

    @Test
    void shouldReadPostgresqlsIntervalTextExactly() throws Exception {
        assertThat(json(PgType.Kind.INTERVAL, new PGInterval("1 year 2 mons 3 days 04:05:06.789")))
                .isEqualTo("\"P1Y2M3DT4H5M6.789S\"");
        assertThat(json(PgType.Kind.INTERVAL, "-1 years +2 mons -3 days +04:05:06")).isEqualTo("\"P-10M-3DT4H5M6S\"");
    }

    @Test
    void shouldParseArraysOfAnyDimensionWithNullsQuotesAndBounds() {
        PgType ints = PgType.arrayOf(PgType.of("int4", PgType.Kind.INTEGER));
        PgType texts = PgType.arrayOf(PgType.of("text", PgType.Kind.TEXT));
        assertThat(Json.write(PgValues.fromText(ints, "{{1,2},{3,NULL}}"))).isEqualTo("[[1,2],[3,null]]");
        assertThat(Json.write(PgValues.fromText(ints, "[0:1]={7,8}"))).isEqualTo("[7,8]");
        assertThat(Json.write(PgValues.fromText(ints, "{}"))).isEqualTo("[]");
        assertThat(Json.write(PgValues.fromText(ints, "1 2 3"))).as("int2vector").isEqualTo("[1,2,3]");
        assertThat(Json.write(PgValues.fromText(texts, "{\"a b\",\"c,d\",NULL,\"NULL\",\"\\\"q\\\\\"}")))
                .isEqualTo("[\"a b\",\"c,d\",null,\"NULL\",\"\\\"q\\\\\"]");
        PgType boxes = new PgType(0, "box[]", PgType.Kind.ARRAY, PgType.of("box", PgType.Kind.TEXT), ';', List.of());
        assertThat(Json.write(PgValues.fromText(boxes, "{(1,1),(0,0);(2,2),(1,1)}")))
                .isEqualTo("[\"(1,1),(0,0)\",\"(2,2),(1,1)\"]");
    }

    @Test
    void shouldSpellACompositeAsAnObjectOfItsTypedFields() {
        PgType pair = new PgType(0, "pair", PgType.Kind.COMPOSITE, null, ',', List.of(
                new PgType.Field("a", PgType.of("int4", PgType.Kind.INTEGER)),
                new PgType.Field("b", PgType.of("text", PgType.Kind.TEXT)),
                new PgType.Field("c", PgType.of("numeric", PgType.Kind.NUMERIC)),
                new PgType.Field("d", PgType.arrayOf(PgType.of("int4", PgType.Kind.INTEGER)))));
        assertThat(Json.write(PgValues.fromText(pair, "(1,\"a \"\"b\"\" c\",1.50,\"{1,NULL}\")")))
                .isEqualTo("{\"a\":1,\"b\":\"a \\\"b\\\" c\",\"c\":1.50,\"d\":[1,null]}");
        assertThat(Json.write(PgValues.fromText(pair, "(,\"\",,)"))).isEqualTo("{\"a\":null,\"b\":\"\",\"c\":null,\"d\":null}");
    }

    @Test
    void shouldSpellByteaAsBase64AndGeometryAsPostgresqlPrintsIt() {
        assertThat(json(PgType.Kind.BYTEA, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}))
                .isEqualTo("\"3q2+7w==\"");
        assertThat(json(PgType.Kind.BYTEA, "\\xdeadbeef")).isEqualTo("\"3q2+7w==\"");
        assertThat(json(PgType.Kind.TEXT, new PGpoint(1, 2))).isEqualTo("\"(1,2)\"");
        assertThat(json(PgType.Kind.TEXT, new PGpoint(1.5e300, -0.1))).isEqualTo("\"(1.5e+300,-0.1)\"");
    }

    @Test
    void shouldMarkUnchangedToastedValuesAndReasonsInsteadOfThrowing() {
        PgType text = PgType.of("text", PgType.Kind.TEXT);
        assertThat(PgJsonConverter.convert(text, UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE))
                .isEqualTo(PgJsonConverter.UNCHANGED);
        assertThat(PgJsonConverter.convert(PgType.of("int4", PgType.Kind.INTEGER), "eleven"))
                .startsWith(PgJsonConverter.FAILED).contains("int4");
        assertThat(PgJsonConverter.convert(text, "__debezium_unavailable_value"))
                .as("a real value that happens to look like Debezium's placeholder stays a value")
                .isEqualTo("\"__debezium_unavailable_value\"");
        assertThat(PgJsonConverter.convert(text, null)).isNull();
    }

    @Test
    void shouldRefuseALiteralThatIsNotOne() {
        assertThatThrownBy(() -> PgLiterals.array("{1,2", ',')).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends early");
        assertThat(Arrays.asList(PgLiterals.composite("(1,)").toArray())).containsExactly("1", null);
    }
}
