package dev.ferry.sync;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;
import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sync.* key has words in English and in Chinese, and they format. */
class SyncTextTest {

    @Test
    void everyKeyHasWordsInBothLanguages() {
        ResourceBundle english = ResourceBundle.getBundle("dev.ferry.message.messages", Locale.ROOT);
        ResourceBundle chinese = ResourceBundle.getBundle("dev.ferry.message.messages", Locale.SIMPLIFIED_CHINESE);
        for (SyncText key : SyncText.values()) {
            for (ResourceBundle bundle : new ResourceBundle[]{english, chinese}) {
                assertTrue(bundle.containsKey(key.bundleKey()), key.bundleKey() + " in " + bundle.getLocale());
                String pattern = bundle.getString(key.bundleKey());
                // A lone apostrophe makes MessageFormat swallow the rest of the sentence.
                assertFalse(pattern.replace("''", "").contains("'"), key.bundleKey() + ": " + pattern);
                String formatted = new MessageFormat(pattern, bundle.getLocale()).format(new Object[]{"A", "B", "C"});
                assertFalse(formatted.contains("{"), key.bundleKey() + ": " + formatted);
            }
            assertNotEquals(english.getString(key.bundleKey()), chinese.getString(key.bundleKey()), key.bundleKey());
        }
        assertEquals("the server''s copy is newer than this one: uploading would overwrite it",
                english.getString("sync.CONFLICT_NEWER_ON_SERVER"));
        assertEquals("Make /here like ftp://h/site (download)", Messages.render(
                Message.of(SyncText.DIRECTION_DOWNLOAD, "ftp://h/site", "/here"), Locale.ROOT));
        for (SyncAction action : SyncAction.values()) {
            assertTrue(english.containsKey(SyncText.of(action).bundleKey()), action.name());
        }
    }
}
