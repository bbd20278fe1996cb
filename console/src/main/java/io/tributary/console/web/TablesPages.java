package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.FLASH;
import static io.tributary.console.web.ConsoleSession.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.tables.ConsoleTables;
import io.tributary.console.web.ConsoleSession.Flash;
import io.tributary.model.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The tables screen: the tables the capture reads (tenant column, origin, replica identity, warnings), a table
 * attached (with its tenant column, and a snapshot of its existing rows when asked) and a table detached after a
 * page that asks to confirm it. Each calls the capture-service's {@code /v1/tables} with the operator's key, as
 * {@code tributary tables} does; a capture that cannot be reached is said so on the page.
 */
@Controller
class TablesPages {

    private final ConsoleTables tables;

    TablesPages(ConsoleTables tables) {
        this.tables = tables;
    }

    @GetMapping("/console/tables")
    String list(HttpSession session, Model model) {
        page(session, model, "tables");
        return render(session, model, Map.of("name", "", "tenantColumn", "", "snapshot", ""));
    }

    @PostMapping("/console/tables")
    String attach(HttpServletRequest request, HttpSession session, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : List.of("name", "tenantColumn", "snapshot")) {
            String value = request.getParameter(field);
            form.put(field, value == null ? "" : value);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            ConsoleTables.Attach table = ConsoleTables.Attach.read(request.getParameterMap());
            ObjectNode answer = tables.attach(ConsoleSession.key(session), table);
            List<String> said = new ArrayList<>();
            answer.path("replicaIdentitySetFull").forEach(t -> said.add("replica identity set FULL on " + t.asText()));
            answer.path("warnings").forEach(w -> said.add("warning: " + w.asText()));
            session.setAttribute(FLASH, new Flash(true, "Attached " + answer.path("name").asText() + ": its changes"
                    + " are captured" + (table.snapshot() ? ", and its existing rows follow as read events" : "")
                    + "." + (said.isEmpty() ? "" : " " + String.join("; ", said) + ".")));
            return "redirect:/console/tables";
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> errors.merge(error.path(), error.reason(), (a, b) -> a + "; " + b));
        } catch (ConsoleTables.Refusal e) {
            e.details().forEach(error -> errors.merge(error.path(), error.reason(), (a, b) -> a + "; " + b));
            model.addAttribute("refusal", "Not attached: " + e.getMessage());
        }
        page(session, model, "tables");
        model.addAttribute("errors", errors);
        return render(session, model, form);
    }

    @GetMapping("/console/tables/detach")
    String confirmDetach(@RequestParam(name = "name", required = false) String name, HttpSession session, Model model) {
        page(session, model, "tables");
        model.addAttribute("name", name);
        return "table-detach";
    }

    @PostMapping("/console/tables/detach")
    String detach(@RequestParam(name = "name", required = false) String name, HttpSession session) {
        if (name == null || name.isBlank()) {
            session.setAttribute(FLASH, new Flash(false, "Nothing detached: name is required (schema.table)."));
            return "redirect:/console/tables";
        }
        try {
            tables.detach(ConsoleSession.key(session), name);
            session.setAttribute(FLASH, new Flash(true, "Detached " + name + ": its later changes are not"
                    + " captured."));
        } catch (ConsoleTables.Refusal e) {
            session.setAttribute(FLASH, new Flash(false, "Not detached: " + e.getMessage()));
        }
        return "redirect:/console/tables";
    }

    private String render(HttpSession session, Model model, Map<String, String> form) {
        model.addAttribute("form", form);
        model.addAttribute("captureUrl", tables.captureUrl());
        try {
            List<ObjectNode> captured = tables.list(ConsoleSession.key(session));
            model.addAttribute("tables", captured);
        } catch (ConsoleTables.Refusal e) {
            model.addAttribute("tables", List.<JsonNode>of());
            model.addAttribute("unreachable", e.getMessage());
        }
        return "tables";
    }
}
