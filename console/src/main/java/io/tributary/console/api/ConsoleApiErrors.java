package io.tributary.console.api;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiExceptionHandler;
import io.tributary.model.http.ApiRefusal;
import java.util.List;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The console's one exception handler for its JSON APIs ({@code /v1/...}: the search, the actions and the
 * expunge): the model's {@link ApiExceptionHandler}, limited to the controllers of those packages, so that
 * the console's HTML pages keep their own error pages. Every refusal is the error body of docs/design.md.
 */
@RestControllerAdvice(basePackages = {"io.tributary.console.api", "io.tributary.console.retention"})
public class ConsoleApiErrors extends ApiExceptionHandler {

    /**
     * The caller of an {@code Authorization} header, which must hold an admin key.
     *
     * @throws ApiRefusal 401 without a known key; 403 with {@code forbidden} for a tenant key
     */
    public static ApiCaller requireAdmin(ApiKeyStore keys, String authorization, String forbidden) {
        ApiCaller caller = keys.authenticate(authorization).orElseThrow(() -> ApiRefusal.unauthorized(
                "missing or unknown API key (Authorization: Bearer <key>)"));
        if (!caller.admin()) {
            throw ApiRefusal.forbidden(forbidden, List.of());
        }
        return caller;
    }
}
