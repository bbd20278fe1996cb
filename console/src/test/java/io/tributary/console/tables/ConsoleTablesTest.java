package io.tributary.console.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.client.TributaryApiException;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTablesTest {

    @Test
    void shouldReadTheAttachFormWithABlankTenantColumnAsNoneAndTheCheckboxAsTheSnapshot() {
        assertThat(ConsoleTables.Attach.read(Map.of("name", new String[] {" public.orders "},
                "tenantColumn", new String[] {""}, "snapshot", new String[] {"on"})))
                .isEqualTo(new ConsoleTables.Attach("public.orders", null, true));
        assertThat(ConsoleTables.Attach.read(Map.of("name", new String[] {"public.\"salesOrder\""},
                "tenantColumn", new String[] {"company_id"})))
                .isEqualTo(new ConsoleTables.Attach("public.\"salesOrder\"", "company_id", false));
    }

    @Test
    void shouldNameEveryWrongFieldOfTheAttachForm() {
        assertThatThrownBy(() -> ConsoleTables.Attach.read(Map.of("tenantColumn", new String[] {"company id"})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("name", "is required: the table as schema.table, such as public.orders"),
                        new FieldError("tenantColumn", "must be one column name, without spaces")));
        assertThatThrownBy(() -> ConsoleTables.Attach.read(Map.of("name", new String[] {"orders; drop"})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("name", "must be a table as schema.table, without spaces, such as"
                                + " public.orders")));
    }

    @Test
    void shouldSayWhatTheCaptureAnsweredOrThatItCouldNotBeReached() {
        ConsoleTables.Refusal refused = ConsoleTables.refusal(new TributaryApiException(409,
                "the table is managed by configuration", List.of(new FieldError("name", "public.orders is"
                        + " configured"))));
        assertThat(refused.getMessage()).isEqualTo("the capture-service answered 409: the table is managed by"
                + " configuration");
        assertThat(refused.details()).containsExactly(new FieldError("name", "public.orders is configured"));
        ConsoleTables.Refusal unreachable = ConsoleTables.refusal(new TributaryApiException("cannot reach the"
                + " capture API at http://127.0.0.1:1: connection refused", new java.net.ConnectException()));
        assertThat(unreachable.getMessage()).isEqualTo("cannot reach the capture API at http://127.0.0.1:1:"
                + " connection refused");
        assertThat(unreachable.details()).isEmpty();
    }

    @Test
    void shouldRefuseToCallTheCaptureWithoutTheOperatorsKey() {
        assertThatThrownBy(() -> new ConsoleTables("http://127.0.0.1:1").list(null))
                .isInstanceOf(ConsoleTables.Refusal.class)
                .hasMessage("this session does not hold the operator's key: sign out and in again");
    }
}
