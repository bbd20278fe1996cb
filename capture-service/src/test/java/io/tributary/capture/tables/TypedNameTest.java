package io.tributary.capture.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypedNameTest {

    @Test
    void shouldReadPlainAndQuotedParts() {
        assertThat(TypedName.parse("public.orders", 2).parts()).containsExactly(
                new TypedName.Part("public", false), new TypedName.Part("orders", false));
        assertThat(TypedName.parse("public.\"salesOrder\"", 2).parts()).containsExactly(
                new TypedName.Part("public", false), new TypedName.Part("salesOrder", true));
        assertThat(TypedName.parse("\"Sales\".\"Order_2\"", 2).toString()).isEqualTo("\"Sales\".\"Order_2\"");
        assertThat(TypedName.parse("salesOrder", 2).parts()).containsExactly(new TypedName.Part("salesOrder", false));
    }

    @Test
    void shouldRefuseWhatIsNotASchemaAndTableOfPlainIdentifiers() {
        assertThatThrownBy(() -> TypedName.parse("public.\"salesOrder", 2)).hasMessage("has a quote that is not closed");
        assertThatThrownBy(() -> TypedName.parse("a.b.c", 2)).hasMessage("has 3 parts; at most 2");
        assertThatThrownBy(() -> TypedName.parse("public.", 2)).hasMessage("has an empty part");
        assertThatThrownBy(() -> TypedName.parse("public.\"sales order\"", 2))
                .hasMessageStartingWith("'sales order' is not a name of letters, digits and _");
        assertThatThrownBy(() -> TypedName.parse("\"a\"b", 2))
                .hasMessage("has a character after a closing quote other than '.'");
        assertThatThrownBy(() -> TypedName.parse("pub\"lic\".x", 2)).hasMessageStartingWith("has a quote inside a name");
    }

    @Test
    void shouldChooseAsPostgresqlReadsANameThenByCase() {
        Set<String> columns = Set.of("companyId", "id", "Total", "total_due");
        assertThat(TypedName.choose(new TypedName.Part("companyId", true), columns)).contains("companyId");
        assertThat(TypedName.choose(new TypedName.Part("companyid", true), columns)).isEmpty();
        assertThat(TypedName.choose(new TypedName.Part("companyId", false), columns)).contains("companyId");
        assertThat(TypedName.choose(new TypedName.Part("COMPANYID", false), columns)).contains("companyId");
        assertThat(TypedName.choose(new TypedName.Part("ID", false), columns)).contains("id");
        assertThat(TypedName.choose(new TypedName.Part("total", false), columns)).contains("Total");
        assertThat(TypedName.choose(new TypedName.Part("missing", false), columns)).isEmpty();
    }

    @Test
    void shouldAskForQuotesWhenTwoNamesFit() {
        assertThatThrownBy(() -> TypedName.choose(new TypedName.Part("salesOrder", false),
                List.of("salesOrder", "salesorder")))
                .hasMessage("fits \"salesOrder\" and \"salesorder\"; quote the one you mean");
        assertThatThrownBy(() -> TypedName.choose(new TypedName.Part("SALESORDER", false),
                List.of("salesOrder", "SalesOrder")))
                .hasMessage("fits \"SalesOrder\" and \"salesOrder\"; quote the one you mean");
        assertThat(TypedName.choose(new TypedName.Part("salesorder", false), List.of("salesOrder", "salesorder")))
                .contains("salesorder");
    }

    @Test
    void shouldShowAHugeNameCutInItsError() {
        String huge = "x".repeat(10_000_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TypedName.parse("public." + huge, 2))
                .hasMessage("'" + "x".repeat(64) + "...' (10000000 characters) is not a name of letters, digits and _"
                        + " (at most 63, not starting with a digit), which is what Tributary captures");
        org.assertj.core.api.Assertions.assertThat(TypedName.shown("public.orders")).isEqualTo("'public.orders'");
    }
}
