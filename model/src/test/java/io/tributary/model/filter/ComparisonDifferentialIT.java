package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code where}'s order and equality against PostgreSQL's own operators on generated pairs with a fixed seed: the
 * event's value is PostgreSQL's {@code to_jsonb} of the left side (in a session with {@code TimeZone=UTC}, as the
 * capture spells values; a numeric sometimes as its text), the operand the literal PostgreSQL read for the right
 * side, and {@code $lt $lte $eq $ne $gte $gt} must answer as PostgreSQL's {@code < <= = <> >= >} do, for
 * timestamptz, timestamp, date and their mixes, numeric (with NaN and the infinities) and time.
 */
@ExtendWith(PostgresExtension.class)
class ComparisonDifferentialIT {

    private static final long SEED = 20240115L;
    private static final int CASES = 6_000;
    private static final int BATCH = 250;
    private static final String[][] TYPE_PAIRS = {
        {"timestamptz", "timestamptz"}, {"timestamp", "timestamp"}, {"timestamp", "timestamptz"},
        {"timestamptz", "timestamp"}, {"date", "date"}, {"date", "timestamptz"}, {"timestamptz", "date"},
        {"date", "timestamp"}, {"numeric", "numeric"}, {"time", "time"}};

    private final Random random = new Random(SEED);

    private record Case(String leftType, String left, String rightType, String right, boolean valueAsText) {
    }

    @Test
    void shouldOrderEveryGeneratedPairExactlyAsPostgresql(PostgresDatabase database) throws Exception {
        List<String> mismatches = new ArrayList<>();
        int[] relations = new int[3];
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            for (int done = 0; done < CASES; done += BATCH) {
                List<Case> cases = new ArrayList<>();
                StringBuilder sql = new StringBuilder();
                for (int i = 0; i < BATCH; i++) {
                    Case next = nextCase();
                    cases.add(next);
                    sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i)
                            .append(next.valueAsText() ? ", to_jsonb(x::text)::text" : ", to_jsonb(x)::text")
                            .append(", x < y, x = y, x > y FROM (SELECT ").append(literal(next.left(), next.leftType()))
                            .append(" AS x, ").append(literal(next.right(), next.rightType())).append(" AS y) s");
                }
                try (ResultSet answers = statement.executeQuery(sql.append(" ORDER BY 1").toString())) {
                    for (Case c : cases) {
                        assertThat(answers.next()).isTrue();
                        String value = answers.getString(2);
                        boolean less = answers.getBoolean(3);
                        boolean equal = answers.getBoolean(4);
                        boolean greater = answers.getBoolean(5);
                        relations[less ? 0 : equal ? 1 : 2]++;
                        String operand = c.rightType().equals("numeric") && !c.right().matches("[-A-Za-z]+")
                                ? c.right() : Json.write(c.right());
                        String answer = answers(value, operand);
                        String expected = flag(less) + flag(less || equal) + flag(equal) + flag(!equal)
                                + flag(greater || equal) + flag(greater);
                        if (!answer.equals(expected) && mismatches.size() < 20) {
                            mismatches.add(c.leftType() + " " + value + " vs " + c.rightType() + " " + operand
                                    + ": $lt $lte $eq $ne $gte $gt answer " + answer + ", PostgreSQL " + expected);
                        }
                    }
                }
            }
        }
        assertThat(mismatches).as("pairs where Tributary differs from PostgreSQL").isEmpty();
        // Every relation must be common, or the comparison proves little.
        assertThat(relations[0]).as("less").isGreaterThan(CASES / 8);
        assertThat(relations[1]).as("equal").isGreaterThan(CASES / 8);
        assertThat(relations[2]).as("greater").isGreaterThan(CASES / 8);
    }

    private static String answers(String value, String operand) {
        EventEnvelope event = WhereCompilerTest.ORDER_UPDATE.withData(
                Json.parse("{\"operation\":\"UPDATE\",\"new\":{\"v\":" + value + "}}"));
        StringBuilder answer = new StringBuilder();
        for (String operator : new String[] {"$lt", "$lte", "$eq", "$ne", "$gte", "$gt"}) {
            answer.append(flag(WhereCompiler.compile(Json.parse("{\"new.v\": {\"" + operator + "\": " + operand + "}}"))
                    .test(event)));
        }
        return answer.toString();
    }

    private static String flag(boolean b) {
        return b ? "T" : "F";
    }

    private static String literal(String text, String type) {
        return "'" + text.replace("'", "''") + "'::" + type;
    }

    private Case nextCase() {
        String[] types = TYPE_PAIRS[random.nextInt(TYPE_PAIRS.length)];
        if (types[0].equals("numeric")) {
            String left = number();
            String right = random.nextInt(3) == 0 ? left : random.nextInt(3) == 0 ? near(left) : number();
            return new Case("numeric", left, "numeric", right, random.nextInt(3) == 0);
        }
        if (types[0].equals("time")) {
            LocalTime left = LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1000);
            LocalTime right = random.nextBoolean() ? left.plusNanos((random.nextInt(3) - 1) * 1000L)
                    : LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1000);
            return new Case("time", time(left), "time", random.nextInt(40) == 0 ? "24:00:00" : time(right), false);
        }
        LocalDateTime left = dateTime();
        LocalDateTime right = switch (random.nextInt(3)) {
            case 0 -> left;
            case 1 -> left.plusNanos((random.nextInt(3) - 1) * 1000L);
            default -> dateTime();
        };
        return new Case(types[0], spell(types[0], left), types[1], spell(types[1], right), false);
    }

    /** A UTC date-time (a date's midnight for a date) in PostgreSQL's range, mostly near now, some BC. */
    private LocalDateTime dateTime() {
        int kind = random.nextInt(20);
        int year = kind == 0 ? -random.nextInt(4000) : kind == 1 ? 1 + random.nextInt(9999)
                : 1900 + random.nextInt(200);
        LocalDate date = LocalDate.ofYearDay(year, 1 + random.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
        int digits = random.nextInt(7);
        long micros = random.nextLong(86_400_000_000L);
        micros -= micros % (long) Math.pow(10, 6 - digits);
        return date.atStartOfDay().plusNanos(micros * 1000);
    }

    private String spell(String type, LocalDateTime utc) {
        if (random.nextInt(25) == 0) {
            return random.nextBoolean() ? "infinity" : "-infinity";
        }
        if (type.equals("date")) {
            return date(utc.toLocalDate());
        }
        if (type.equals("timestamp")) {
            return bc(date(utc.toLocalDate()) + "T" + time(utc.toLocalTime()), utc.getYear());
        }
        int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(2 * 15 * 60 + 1) - 15 * 60;
        LocalDateTime local = utc.plusMinutes(offsetMinutes);
        String offset = offset(offsetMinutes);
        return bc(date(local.toLocalDate()) + (random.nextBoolean() ? "T" : " ") + time(local.toLocalTime()) + offset,
                local.getYear());
    }

    private String offset(int minutes) {
        if (minutes == 0 && random.nextBoolean()) {
            return "Z";
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(minutes * 60);
        String extended = offset.getId().equals("Z") ? "+00:00" : offset.getId();
        if (minutes % 60 == 0 && random.nextBoolean()) {
            return extended.substring(0, 3);
        }
        return random.nextBoolean() ? extended : extended.replace(":", "");
    }

    private static String date(LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        return String.format("%04d-%02d-%02d", year, date.getMonthValue(), date.getDayOfMonth())
                + (date.getYear() <= 0 ? " BC" : "");
    }

    /** Moves a date's " BC" to the end of a timestamp, where PostgreSQL writes it. */
    private static String bc(String spelled, int year) {
        return year <= 0 ? spelled.replace(" BC", "") + " BC" : spelled;
    }

    private String time(LocalTime time) {
        String spelled = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        int micros = time.getNano() / 1000;
        if (micros == 0 && random.nextBoolean()) {
            return spelled;
        }
        String fraction = String.format("%06d", micros);
        return spelled + "." + (random.nextBoolean() ? fraction : fraction.replaceAll("0+$", "").isEmpty() ? "0"
                : fraction.replaceAll("0+$", ""));
    }

    private String number() {
        int kind = random.nextInt(30);
        if (kind < 3) {
            return new String[] {"NaN", "Infinity", "-Infinity"}[kind];
        }
        StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
        int whole = random.nextInt(20);
        number.append(whole == 0 ? "0" : String.valueOf(1 + random.nextInt(9)));
        for (int i = 1; i < whole; i++) {
            number.append(random.nextInt(10));
        }
        int fraction = random.nextInt(12);
        if (fraction > 0) {
            number.append('.');
            for (int i = 0; i < fraction; i++) {
                number.append(random.nextInt(10));
            }
        }
        return number.toString();
    }

    /** The same number with another scale, or one unit of its last digit away. */
    private String near(String number) {
        if (!number.matches("-?[0-9.]+")) {
            return number;
        }
        if (random.nextBoolean()) {
            return number.contains(".") ? number + "00" : number + ".000";
        }
        char last = number.charAt(number.length() - 1);
        char changed = last == '9' ? '8' : (char) (last + 1);
        return number.substring(0, number.length() - 1) + changed;
    }
}
