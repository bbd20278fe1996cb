package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.FLASH;
import static io.tributary.console.web.ConsoleSession.page;
import static io.tributary.console.web.SearchForms.form;
import static io.tributary.console.web.SearchForms.given;

import io.tributary.console.actions.ReplayJobs;
import io.tributary.console.actions.ReplayPlan;
import io.tributary.console.web.ConsoleSession.Flash;
import io.tributary.model.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The replays screen: a topic's time range replayed into a topic, with a dry run first that shows the exact records
 * per partition, then run (exactly those offsets) with its progress and a cancel, and the recent replays with their
 * state. What {@code /v1/replays} and {@code tributary replay --into} do, through the same code.
 */
@Controller
class ReplaysPages {

    static final List<String> FIELDS = List.of("topic", "from", "to", "into");

    private final ReplayJobs replays;

    ReplaysPages(ReplayJobs replays) {
        this.replays = replays;
    }

    @GetMapping("/console/replays")
    String replays(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "replays");
        model.addAttribute("form", form(given(request, Set.of()), FIELDS));
        model.addAttribute("replays", replays.recent());
        return "replays";
    }

    /** The dry run: the exact offsets and records per partition, and the form that runs exactly them. */
    @GetMapping("/console/replays/plan")
    String plan(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "replays");
        Map<String, String[]> given = given(request, Set.of("range"));
        model.addAttribute("form", form(given, FIELDS));
        try {
            model.addAttribute("plan", replays.plan(ReplayPlan.read(given)));
            return "replay-plan";
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(error -> errors.merge(error.path(), error.reason(), (a, b) -> a + "; " + b));
            model.addAttribute("errors", errors);
        } catch (IllegalStateException e) {
            model.addAttribute("errors", Map.of("topic", e.getMessage()));
        }
        model.addAttribute("replays", replays.recent());
        return "replays";
    }

    @PostMapping("/console/replays")
    String start(HttpServletRequest request, HttpSession session) {
        try {
            ReplayPlan plan = replays.plan(ReplayPlan.read(request.getParameterMap()));
            return "redirect:/console/replays/" + replays.start(plan).id();
        } catch (InvalidInputException e) {
            session.setAttribute(FLASH, new Flash(false, "Not replayed: " + e.errors().stream()
                    .map(f -> f.path() + " " + f.reason()).reduce((a, b) -> a + "; " + b).orElse(e.getMessage())));
        } catch (IllegalStateException e) {
            session.setAttribute(FLASH, new Flash(false, "Not replayed: " + e.getMessage()));
        }
        return "redirect:/console/replays";
    }

    @GetMapping("/console/replays/{id}")
    String progress(@PathVariable("id") String id, HttpSession session, Model model) {
        page(session, model, "replays");
        model.addAttribute("job", replays.get(id).orElse(null));
        return "replay";
    }

    @PostMapping("/console/replays/{id}/cancel")
    String cancel(@PathVariable("id") String id) {
        replays.cancel(id);
        return "redirect:/console/replays/" + id;
    }
}
