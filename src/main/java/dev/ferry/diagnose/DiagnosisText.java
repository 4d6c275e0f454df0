package dev.ferry.diagnose;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.util.List;
import java.util.Locale;

/**
 * A diagnosis as plain text in the user's language: the checklist, then the verdict. What
 * {@code ferry diagnose} prints and what the window's "Copy as text" copies; the words come from
 * the message bundle, only the marks are here.
 */
public final class DiagnosisText {

    private DiagnosisText() {
    }

    /** The mark of an outcome: ✓ works, ! works with a warning, ✗ fails, – not tried, ○ not offered. */
    public static String mark(Outcome outcome) {
        return switch (outcome) {
            case OK -> "✓";
            case WARNING -> "!";
            case FAILED -> "✗";
            case SKIPPED -> "–";
            case NOT_OFFERED -> "○";
        };
    }

    public static String words(Message message, Locale locale) {
        return Messages.render(message, locale);
    }

    /** "✓ Title: what happened". */
    public static String line(StepResult result, Locale locale) {
        return mark(result.outcome()) + " " + words(Message.of(DiagnoseText.REPORT_LINE, result.title(), result.message()),
                locale);
    }

    /** The report's first line: which server, how, as whom. */
    public static String title(String server, Message tlsMode, String user, Locale locale) {
        return words(Message.of(DiagnoseText.REPORT_TITLE, server, tlsMode, user), locale);
    }

    /**
     * The whole report. Details (replies, the certificate) are shown for every step with
     * {@code allDetails}, else only where something is wrong.
     */
    public static String render(Diagnosis diagnosis, Locale locale, boolean allDetails) {
        StringBuilder text = new StringBuilder();
        text.append(title(diagnosis.server(), SettingsDelta.tlsModeName(diagnosis.tlsMode()), diagnosis.user(), locale))
                .append('\n');
        for (StepResult result : diagnosis.steps()) {
            text.append(line(result, locale)).append('\n');
            boolean show = allDetails || result.outcome() == Outcome.FAILED || result.outcome() == Outcome.WARNING;
            if (show) {
                for (Message detail : result.details()) {
                    text.append("    ").append(words(detail, locale)).append('\n');
                }
            }
        }
        text.append('\n').append(verdict(diagnosis.verdict(), locale));
        text.append(words(Message.of(DiagnoseText.REPORT_TOOK,
                String.format(Locale.ROOT, "%.1f", diagnosis.took().toMillis() / 1000.0)), locale)).append('\n');
        return text.toString();
    }

    /** The verdict: the summary, the settings that work, advice for the administrator, notes. */
    public static String verdict(Verdict verdict, Locale locale) {
        StringBuilder text = new StringBuilder();
        text.append(words(Message.of(DiagnoseText.REPORT_VERDICT, verdict.summary()), locale)).append('\n');
        List<Message> changes = verdict.changes();
        if (!changes.isEmpty()) {
            section(text, DiagnoseText.REPORT_SETTINGS, changes, locale);
        } else if (verdict.usable()) {
            text.append(words(Message.of(DiagnoseText.REPORT_KEEP_SETTINGS), locale)).append('\n');
        }
        section(text, DiagnoseText.REPORT_ADMIN, verdict.adminAdvice(), locale);
        section(text, DiagnoseText.REPORT_NOTES, verdict.notes(), locale);
        return text.toString();
    }

    private static void section(StringBuilder text, DiagnoseText heading, List<Message> items, Locale locale) {
        if (items.isEmpty()) {
            return;
        }
        text.append(words(Message.of(heading), locale)).append('\n');
        for (Message item : items) {
            text.append("  • ").append(words(item, locale)).append('\n');
        }
    }
}
