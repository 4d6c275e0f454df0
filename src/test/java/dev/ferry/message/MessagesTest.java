package dev.ferry.message;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every key any layer can say has words in English and in Simplified Chinese, and the words are
 * valid MessageFormat patterns: a key without words would show its technical name to a user.
 */
class MessagesTest {

    private static List<MessageKey> allKeys() throws Exception {
        Path classes = Path.of(MessageKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<MessageKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, MessagesTest.class.getClassLoader());
                if (type.isEnum() && MessageKey.class.isAssignableFrom(type)) {
                    for (Object constant : type.getEnumConstants()) {
                        keys.add((MessageKey) constant);
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void everyKeyHasWordsInBothLanguages() throws Exception {
        List<MessageKey> keys = allKeys();
        assertTrue(keys.size() > 150, "found the keys of every layer: " + keys.size());
        List<String> missing = new ArrayList<>();
        for (Locale locale : List.of(Locale.ROOT, Locale.SIMPLIFIED_CHINESE)) {
            ResourceBundle bundle = ResourceBundle.getBundle("dev.ferry.message.messages", locale);
            for (MessageKey key : keys) {
                try {
                    String pattern = bundle.getString(key.bundleKey());
                    new MessageFormat(pattern, locale);
                    if (locale.equals(Locale.SIMPLIFIED_CHINESE) && bundle.getLocale().equals(Locale.ROOT)) {
                        missing.add("zh_CN bundle not found");
                    }
                } catch (MissingResourceException e) {
                    missing.add(locale + ": " + key.bundleKey());
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /**
     * Words with a placeholder go through MessageFormat, where a quote is written twice; words
     * without one are shown as written, so a doubled quote there reaches the user doubled
     * ("the server''s side"), and a lone quote in words with a placeholder swallows the rest.
     */
    @Test
    void everyQuoteShowsAsOneQuote() {
        List<String> wrong = new ArrayList<>();
        for (String base : List.of("dev.ferry.message.messages", "dev.ferry.ui.messages")) {
            for (Locale locale : List.of(Locale.ROOT, Locale.SIMPLIFIED_CHINESE)) {
                ResourceBundle bundle = ResourceBundle.getBundle(base, locale);
                for (String key : bundle.keySet()) {
                    String words = bundle.getString(key);
                    boolean formatted = words.matches("(?s).*\\{\\d.*");
                    if (formatted ? words.replace("''", "").contains("'") : words.contains("''")) {
                        wrong.add(base + " " + locale + " " + key + "=" + words);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** A port is a name, not a quantity: "port 2,220" sent users looking for a port that does not exist. */
    @Test
    void portsAreWrittenAsTheyAreTyped() {
        Message stalled = Message.of(dev.ferry.ftp.FtpText.TLS_IMPLICIT_STALLED, 2220, 30L);
        for (Locale locale : List.of(Locale.ROOT, Locale.SIMPLIFIED_CHINESE)) {
            String words = Messages.render(stalled, locale);
            assertTrue(words.contains("2220") && !words.contains("2,220"), words);
        }
        assertTrue(Messages.render(stalled, Locale.ROOT).contains("explicit TLS (ftpes://) on port 2220"),
                "the advice names the port the user chose: " + Messages.render(stalled, Locale.ROOT));
    }

    @Test
    void chineseWordsAreChinese() {
        Message message = Message.of(Messages.GeneralText.UNEXPECTED, "X");
        String zh = Messages.render(message, Locale.SIMPLIFIED_CHINESE);
        String en = Messages.render(message, Locale.ROOT);
        assertFalse(zh.equals(en), zh);
    }

    @Test
    void nestedMessagesAndNumbersAreRendered() throws URISyntaxException {
        Message inner = Message.of(Messages.GeneralText.TEXT, "inner words");
        assertEquals("Something unexpected went wrong (inner words)",
                Messages.render(Message.of(Messages.GeneralText.UNEXPECTED, inner), Locale.ROOT));
    }
}
