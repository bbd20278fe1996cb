package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.FLASH;
import static io.tributary.console.web.ConsoleSession.page;

import io.tributary.console.keys.ConsoleKeys;
import io.tributary.console.web.ConsoleSession.Flash;
import io.tributary.model.InvalidInputException;
import io.tributary.model.auth.ApiKeyRegistry;
import io.tributary.model.auth.StoredApiKey;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The API keys screen: the shared key store's keys (id, for whom, created, revoked), a key created for a tenant or
 * as an admin key and shown once on the next page only (only its hash is stored), and a revoke after a page that
 * asks to confirm it. What {@code /v1/api-keys} and {@code tributary keys} do, through the same registry.
 */
@Controller
class ApiKeysPages {

    /** The key just created, shown once on the next page and then gone from the session. */
    static final String CREATED = "tributary.console.created-key";

    /** A key just created: its id, for whom, and the key itself. */
    record Created(String id, String scope, String key) implements Serializable {
    }

    private final ConsoleKeys keys;

    ApiKeysPages(ConsoleKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/console/api-keys")
    String list(HttpSession session, Model model) {
        page(session, model, "api-keys");
        Object created = session.getAttribute(CREATED);
        session.removeAttribute(CREATED);
        model.addAttribute("created", created);
        return render(model, Map.of("scope", "tenant", "tenant", "", "description", ""));
    }

    @PostMapping("/console/api-keys")
    String create(@RequestParam(name = "scope", required = false) String scope,
            @RequestParam(name = "tenant", required = false) String tenant,
            @RequestParam(name = "description", required = false) String description,
            HttpSession session, Model model) {
        try {
            ApiKeyRegistry.CreatedKey created = keys.create(scope, tenant, description);
            StoredApiKey stored = created.stored();
            session.setAttribute(CREATED, new Created(stored.id(), stored.admin() ? "admin" : "tenant "
                    + stored.tenant(), created.key()));
            return "redirect:/console/api-keys";
        } catch (InvalidInputException e) {
            page(session, model, "api-keys");
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(error -> errors.put(error.path(), error.reason()));
            model.addAttribute("errors", errors);
            return render(model, form(scope, tenant, description));
        } catch (IllegalStateException e) {
            session.setAttribute(FLASH, new Flash(false, "No key created: " + e.getMessage()));
            return "redirect:/console/api-keys";
        }
    }

    @GetMapping("/console/api-keys/revoke")
    String confirmRevoke(@RequestParam(name = "id", required = false) String id, HttpSession session, Model model) {
        page(session, model, "api-keys");
        Optional<StoredApiKey> key = keys.list().stream().filter(k -> k.id().equals(id)).findFirst();
        model.addAttribute("id", id);
        model.addAttribute("key", key.orElse(null));
        return "api-key-revoke";
    }

    @PostMapping("/console/api-keys/revoke")
    String revoke(@RequestParam(name = "id", required = false) String id, HttpSession session) {
        try {
            Optional<StoredApiKey> revoked = id == null ? Optional.empty() : keys.revoke(id);
            session.setAttribute(FLASH, revoked.map(k -> new Flash(true, "Revoked " + k.id() + " at "
                    + k.revokedAt() + ": it stops working on every service within seconds."))
                    .orElse(new Flash(false, "No key " + id + " in the key store; nothing revoked.")));
        } catch (IllegalStateException e) {
            session.setAttribute(FLASH, new Flash(false, "Not revoked: " + e.getMessage()));
        }
        return "redirect:/console/api-keys";
    }

    private String render(Model model, Map<String, String> form) {
        model.addAttribute("form", form);
        model.addAttribute("store", keys.store());
        model.addAttribute("keys", keys.list());
        return "api-keys";
    }

    private static Map<String, String> form(String scope, String tenant, String description) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", scope == null ? "tenant" : scope);
        form.put("tenant", tenant == null ? "" : tenant);
        form.put("description", description == null ? "" : description);
        return form;
    }
}
