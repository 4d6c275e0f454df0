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
}
