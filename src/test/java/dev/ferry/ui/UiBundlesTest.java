package dev.ferry.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every word of the interface in both languages: a key missing in Chinese shows English or the key itself. */
class UiBundlesTest {

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = UiBundlesTest.class.getResourceAsStream("/dev/ferry/ui/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        TreeSet<String> missingInChinese = new TreeSet<>(en.stringPropertyNames());
        missingInChinese.removeAll(zh.stringPropertyNames());
        TreeSet<String> missingInEnglish = new TreeSet<>(zh.stringPropertyNames());
        missingInEnglish.removeAll(en.stringPropertyNames());
        assertEquals(new TreeSet<String>(), missingInChinese, "keys without Chinese");
        assertEquals(new TreeSet<String>(), missingInEnglish, "keys without English");
    }

    /** Every state an item can be in has its word: a refused item's status read "state.REFUSED: …". */
    @Test
    void everyItemStateHasItsWord() throws IOException {
        Properties en = load("messages.properties");
        for (dev.ferry.transfer.ItemState state : dev.ferry.transfer.ItemState.values()) {
            org.junit.jupiter.api.Assertions.assertNotNull(en.getProperty("state." + state.name()), "state." + state.name());
        }
    }
}
