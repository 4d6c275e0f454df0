package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The message bundles as the tests read them: one folder's words per language. */
public final class Bundles {

    private Bundles() {
    }

    /** {@code folder} as on the class path ("/dev/ferry/ui/"), {@code name} the file in it. */
    public static Properties load(String folder, String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Bundles.class.getResourceAsStream(folder + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    /** A key missing in one language shows the other's words, or the key itself. */
    public static void assertEnglishAndChineseHaveTheSameKeys(String folder) throws IOException {
        Properties en = load(folder, "messages.properties");
        Properties zh = load(folder, "messages_zh_CN.properties");
        TreeSet<String> missingInChinese = new TreeSet<>(en.stringPropertyNames());
        missingInChinese.removeAll(zh.stringPropertyNames());
        TreeSet<String> missingInEnglish = new TreeSet<>(zh.stringPropertyNames());
        missingInEnglish.removeAll(en.stringPropertyNames());
        assertEquals(new TreeSet<String>(), missingInChinese, "keys without Chinese");
        assertEquals(new TreeSet<String>(), missingInEnglish, "keys without English");
    }
}
