package dev.ferry.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The interface's words, in English or 简体中文 (resources/dev/ferry/ui/messages*.properties). */
public final class I18n {

    private static volatile ResourceBundle bundle = ResourceBundle.getBundle("dev.ferry.ui.messages", Locale.getDefault());

    private I18n() {
    }

    /** "system", "en" or "zh-CN" (the setting); applied to windows opened afterwards. */
    public static void use(String language) {
        Locale locale = language == null || language.equals("system") ? Locale.getDefault() : Locale.forLanguageTag(language);
        bundle = ResourceBundle.getBundle("dev.ferry.ui.messages", locale);
    }

    public static String t(String key, Object... arguments) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            text = key;
        }
        return arguments.length == 0 ? text : new MessageFormat(text, bundle.getLocale()).format(arguments);
    }

    public static Locale locale() {
        return bundle.getLocale();
    }

    /** Words for what the engine or the queue said, in the interface's language. */
    public static String words(dev.ferry.message.Message message) {
        return message == null ? "" : dev.ferry.message.Messages.render(message, bundle.getLocale());
    }

    /** Words for a failure: its explanation when it has one. */
    public static String words(Throwable failure) {
        return dev.ferry.message.Messages.describe(failure, bundle.getLocale());
    }

    /** A dialogue line's words: the protocol text of a command or reply, else the engine's message. */
    public static String words(dev.ferry.ftp.DialogueEntry entry) {
        return entry.text() != null ? entry.text() : words(entry.message());
    }
}
