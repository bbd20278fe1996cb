package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Json;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tributary's containment against PostgreSQL's own {@code jsonb @>}, on generated pairs with a fixed seed:
 * every answer must be the same.
 */
@ExtendWith(PostgresExtension.class)
class ContainmentDifferentialIT {

    private static final long SEED = 20241115L;
    private static final int CASES = 25_000;
    private static final int BATCH = 1_000;

    @Test
    void shouldAnswerEveryGeneratedPairExactlyAsPostgresql(PostgresDatabase database) throws Exception {
        JsonCaseGenerator generator = new JsonCaseGenerator(SEED);
        List<String> mismatches = new ArrayList<>();
        int contained = 0;
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT d::jsonb @> f::jsonb FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(d, f, n)"
                                + " ORDER BY n")) {
            for (int done = 0; done < CASES; done += BATCH) {
                String[] documents = new String[BATCH];
                String[] filters = new String[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    String[] pair = generator.nextCase();
                    documents[i] = pair[0];
                    filters[i] = pair[1];
                }
                Array documentArray = connection.createArrayOf("text", documents);
                Array filterArray = connection.createArrayOf("text", filters);
                query.setArray(1, documentArray);
                query.setArray(2, filterArray);
                try (ResultSet answers = query.executeQuery()) {
                    for (int i = 0; i < BATCH; i++) {
                        assertThat(answers.next()).isTrue();
                        boolean expected = answers.getBoolean(1);
                        boolean actual = FilterCompiler.containment(Json.parse(filters[i]))
                                .test(Json.parse(documents[i]));
                        contained += expected ? 1 : 0;
                        if (actual != expected && mismatches.size() < 20) {
                            mismatches.add(documents[i] + " @> " + filters[i] + ": PostgreSQL says " + expected);
                        }
                    }
                }
            }
        }
        assertThat(mismatches).as("pairs where Tributary differs from PostgreSQL").isEmpty();
        // Both answers must be common, or the comparison proves little.
        assertThat(contained).as("contained pairs of " + CASES).isBetween(CASES / 5, CASES * 4 / 5);
    }
}
