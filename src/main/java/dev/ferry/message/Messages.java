package dev.ferry.message;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns {@link Message}s into words, from {@code dev/ferry/message/messages*.properties}. Used by
 * the window and the command line; the engine and the queue only build messages.
 */
public final class Messages {

    private static final String BUNDLE = "dev.ferry.message.messages";
    private static final ConcurrentHashMap<Locale, ResourceBundle> BUNDLES = new ConcurrentHashMap<>();

    private Messages() {
    }

    public static String render(Message message, Locale locale) {
        ResourceBundle bundle = bundle(locale);
        String pattern;
        try {
            pattern = bundle.getString(message.key().bundleKey());
        } catch (MissingResourceException e) {
            // A key without words is a bug; showing its technical form beats showing nothing.
            System.getLogger(Messages.class.getName()).log(System.Logger.Level.WARNING,
                    "no words for " + message.key().bundleKey() + " in " + locale);
            return message.toString();
        }
        List<Object> arguments = message.arguments();
        if (arguments.isEmpty()) {
            return pattern;
        }
        Object[] rendered = new Object[arguments.size()];
        for (int i = 0; i < rendered.length; i++) {
            Object argument = arguments.get(i);
            rendered[i] = argument instanceof Message nested ? render(nested, locale)
                    : argument instanceof Number ? argument
                    : argument instanceof java.time.Instant instant ? when(instant, locale) : String.valueOf(argument);
        }
        return new MessageFormat(pattern, bundle.getLocale()).format(rendered);
    }

    /** A moment as the reader's language writes one, in this machine's time zone: not "2026-12-05T10:15:30.123Z". */
    private static String when(java.time.Instant instant, Locale locale) {
        return java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM,
                java.time.format.FormatStyle.SHORT).withLocale(locale).withZone(java.time.ZoneId.systemDefault()).format(instant);
    }

    /** What to tell the user about a failure: its explanation, or the best words the exception has. */
    public static String describe(Throwable failure, Locale locale) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Explained explained && explained.explanation() != null) {
                return render(explained.explanation(), locale);
            }
        }
        String text = failure.getMessage();
        if (text == null || text.isBlank()) {
            return render(Message.of(GeneralText.UNEXPECTED, failure.getClass().getSimpleName()), locale);
        }
        return text;
    }

    private static ResourceBundle bundle(Locale locale) {
        return BUNDLES.computeIfAbsent(locale, l -> ResourceBundle.getBundle(BUNDLE, l));
    }

    /** Messages that belong to no layer in particular. */
    public enum GeneralText implements MessageKey {
        UNEXPECTED("general.unexpected"),
        TEXT("general.text");

        private final String key;

        GeneralText(String key) {
            this.key = key;
        }

        @Override
        public String bundleKey() {
            return key;
        }
    }
}
