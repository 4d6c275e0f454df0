package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.diagnose.DiagnoseOptions;
import dev.ferry.diagnose.Diagnoser;
import dev.ferry.diagnose.Diagnosis;
import dev.ferry.diagnose.DiagnosisListener;
import dev.ferry.diagnose.DiagnosisText;
import dev.ferry.diagnose.Outcome;
import dev.ferry.diagnose.PlannedStep;
import dev.ferry.diagnose.SettingsDelta;
import dev.ferry.diagnose.Step;
import dev.ferry.diagnose.StepResult;
import dev.ferry.diagnose.Verdict;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.message.Message;
import dev.ferry.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "diagnose", description = {
        "Check a connection step by step and say what works, what does not, which settings work and what the "
                + "server's administrator can fix: name lookup, TCP, greeting, TLS (explicit and implicit), certificate, "
                + "login, PBSZ/PROT, passive (EPSV, PASV) and active mode, TLS on the data connection and its session "
                + "reuse, a listing.",
        "Exit 0 when Ferry can log in and list with the settings found (the given ones, or the changes shown), "
                + "1 otherwise. Never falls back to plain FTP: a TLS site's password only goes over TLS."})
final class DiagnoseCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "URL", arity = "0..1",
            description = "ftp://, ftpes:// or ftps:// URL; with --site, nothing (the saved site is diagnosed).")
    String url;

    @Option(names = "--json", description = "Print the diagnosis as JSON (steps, outcomes, the verdict and the settings).")
    boolean json;

    @Option(names = "--details", description = "Show every step's details (replies, certificate), not only where something is wrong.")
    boolean details;

    @Option(names = "--step-timeout", paramLabel = "SECONDS",
            description = "How long one step may take (default 5; --timeout says the same).")
    Integer stepTimeoutSeconds;

    @Option(names = "--deadline", paramLabel = "SECONDS", description = "How long the whole diagnosis may take (default 60).")
    Integer deadlineSeconds;

    @Override
    public Integer call() throws Exception {
        FtpUrl target = connection.url(url);
        ConnectionSettings settings = connection.settings(target);
        Diagnoser diagnoser = new Diagnoser(settings, options());
        if (connection.printDialogue()) {
            diagnoser.addDialogueListener(terminal.dialoguePrinter());
        }
        Locale locale = Locale.getDefault();
        DiagnosisListener listener = json ? DiagnosisListener.NONE : new OrderedPrinter(locale);
        if (!json) {
            terminal.out.println(DiagnosisText.title(settings.address(), SettingsDelta.tlsModeName(settings.tlsMode()),
                    settings.user(), locale));
            terminal.out.flush();
        }
        Diagnosis diagnosis = diagnoser.run(listener);
        if (json) {
            terminal.out.println(json(diagnosis, locale));
        } else {
            terminal.out.println();
            terminal.out.print(DiagnosisText.verdict(diagnosis.verdict(), locale));
            terminal.out.println(DiagnosisText.words(Message.of(dev.ferry.diagnose.DiagnoseText.REPORT_TOOK,
                    String.format(Locale.ROOT, "%.1f", diagnosis.took().toMillis() / 1000.0)), locale));
        }
        terminal.out.flush();
        return diagnosis.verdict().usable() ? 0 : 1;
    }

    private DiagnoseOptions options() {
        Integer step = stepTimeoutSeconds != null ? stepTimeoutSeconds : connection.timeoutSeconds;
        DiagnoseOptions options = DiagnoseOptions.DEFAULT;
        if (deadlineSeconds != null) {
            if (deadlineSeconds <= 0) {
                throw new IllegalArgumentException(Words.text("diagnose.deadline"));
            }
            options = options.withDeadline(Duration.ofSeconds(deadlineSeconds));
        }
        if (step != null) {
            if (step <= 0) {
                throw new IllegalArgumentException(Words.text("diagnose.stepTimeout"));
            }
            options = options.withStepTimeout(Duration.ofSeconds(step));
        }
        return options;
    }

    /** Prints each step as soon as it and every step before it are done: live, and still in order. */
    private final class OrderedPrinter implements DiagnosisListener {
        private final Locale locale;
        private final List<Step> order = new ArrayList<>();
        private final Map<Step, StepResult> done = new EnumMap<>(Step.class);
        private int next;

        OrderedPrinter(Locale locale) {
            this.locale = locale;
        }

        @Override
        public synchronized void planned(List<PlannedStep> steps) {
            steps.forEach(s -> order.add(s.step()));
        }

        @Override
        public synchronized void finished(StepResult result) {
            done.put(result.step(), result);
            while (next < order.size() && done.containsKey(order.get(next))) {
                print(done.get(order.get(next++)));
            }
            terminal.out.flush();
        }

        private void print(StepResult result) {
            terminal.out.println(DiagnosisText.line(result, locale));
            if (details || result.outcome() == Outcome.FAILED || result.outcome() == Outcome.WARNING) {
                for (Message detail : result.details()) {
                    terminal.out.println("    " + DiagnosisText.words(detail, locale));
                }
            }
        }
    }

    static String json(Diagnosis diagnosis, Locale locale) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("server", diagnosis.server());
        root.put("user", diagnosis.user());
        root.put("tlsMode", diagnosis.tlsMode().name());
        root.put("tookMillis", diagnosis.took().toMillis());
        root.put("deadlineReached", diagnosis.deadlineReached());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepResult result : diagnosis.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", result.step().name());
            step.put("title", DiagnosisText.words(result.title(), locale));
            step.put("outcome", result.outcome().name());
            step.put("key", result.message().key().bundleKey());
            step.put("message", DiagnosisText.words(result.message(), locale));
            step.put("details", result.details().stream().map(d -> DiagnosisText.words(d, locale)).toList());
            step.put("tookMillis", result.took().toMillis());
            steps.add(step);
        }
        root.put("steps", steps);
        Verdict verdict = diagnosis.verdict();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("usable", verdict.usable());
        v.put("summary", DiagnosisText.words(verdict.summary(), locale));
        v.put("works", verdict.works().stream().map(Step::name).toList());
        v.put("fails", verdict.fails().stream().map(Step::name).toList());
        SettingsDelta delta = verdict.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tlsMode", delta.tlsMode() == null ? null : delta.tlsMode().name());
        settings.put("port", delta.port());
        settings.put("tlsMax", delta.tlsMax() == null ? null : delta.tlsMax().number());
        settings.put("dataMode", delta.dataMode() == null ? null : delta.dataMode().name());
        settings.put("trustPassiveAddress", delta.trustPassiveAddress());
        settings.put("charset", delta.charset() == null ? null : delta.charset().name());
        v.put("settings", settings);
        v.put("changes", words(verdict.changes(), locale));
        v.put("adminAdvice", words(verdict.adminAdvice(), locale));
        v.put("notes", words(verdict.notes(), locale));
        root.put("verdict", v);
        // Nulls stay: "null" means "keep yours", and a script can tell it from a missing field.
        return Json.mapper().copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                .writeValueAsString(root);
    }

    private static List<String> words(List<Message> messages, Locale locale) {
        return messages.stream().map(m -> DiagnosisText.words(m, locale)).toList();
    }
}
