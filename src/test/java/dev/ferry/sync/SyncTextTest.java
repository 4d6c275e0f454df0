package dev.ferry.sync;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sync.* key has words in English and in Chinese, and they format. */
class SyncTextTest {

    /**
     * T9: a local folder or file a sync could not read was said "Could not read /x/a: /x/a", the system's words
     * for a refused access being the path alone. The reason is said in words.
     */
    @Test
    void aLocalEntryThatCannotBeReadIsSaidWithTheReason() {
        java.nio.file.Path folder = java.nio.file.Path.of("/srv/data/private");
        String denied = Messages.render(TreeWalks.unreadable(folder,
                new java.nio.file.AccessDeniedException(folder.toString()), true), Locale.ROOT);
        assertTrue(denied.contains(folder.toString()) && denied.contains("permission denied"), denied);
        assertFalse(denied.contains(folder + ": " + folder), denied);
    }

    @Test
    void everyKeyHasWordsInBothLanguages() {
        ResourceBundle english = ResourceBundle.getBundle("dev.ferry.message.messages", Locale.ROOT);
        ResourceBundle chinese = ResourceBundle.getBundle("dev.ferry.message.messages", Locale.SIMPLIFIED_CHINESE);
        for (SyncText key : SyncText.values()) {
            for (Locale locale : new Locale[]{Locale.ROOT, Locale.SIMPLIFIED_CHINESE}) {
                ResourceBundle bundle = locale == Locale.ROOT ? english : chinese;
                assertTrue(bundle.containsKey(key.bundleKey()), key.bundleKey() + " in " + locale);
                // Rendered as the user sees it: a pattern with arguments goes through MessageFormat (where a
                // lone apostrophe swallows the rest and '' is one), one without is shown as written.
                String pattern = bundle.getString(key.bundleKey());
                Matcher placeholders = Pattern.compile("\\{(\\d+)").matcher(pattern);
                int arguments = 0;
                while (placeholders.find()) {
                    arguments = Math.max(arguments, Integer.parseInt(placeholders.group(1)) + 1);
                }
                Object[] values = new Object[arguments];
                java.util.Arrays.fill(values, "X");
                String shown = Messages.render(Message.of(key, values), locale);
                assertFalse(shown.contains("''") || shown.contains("{") || shown.contains("}"),
                        key.bundleKey() + " in " + locale + ": " + shown);
                if (arguments > 0) {
                    assertFalse(pattern.replace("''", "").contains("'"), key.bundleKey() + ": " + pattern);
                }
            }
            assertNotEquals(english.getString(key.bundleKey()), chinese.getString(key.bundleKey()), key.bundleKey());
        }
        assertEquals("the server's copy is newer than this one: uploading would overwrite it",
                Messages.render(Message.of(SyncText.CONFLICT_NEWER_ON_SERVER), Locale.ROOT));
        assertEquals("X; the source's copy wins, as asked", Messages.render(Message.of(SyncText.FORCED, "X"), Locale.ROOT));
        assertEquals("Make /here like ftp://h/site (download)", Messages.render(
                Message.of(SyncText.DIRECTION_DOWNLOAD, "ftp://h/site", "/here"), Locale.ROOT));
        for (SyncAction action : SyncAction.values()) {
            assertTrue(english.containsKey(SyncText.of(action).bundleKey()), action.name());
        }
    }
}
