package dev.ferry.cli;

import dev.ferry.testing.Bundles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.text.MessageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sentence of the command line in both languages: a key missing in Chinese shows English in the middle. */
class CliBundlesTest {

    private static Properties load(String name) throws IOException {
        return Bundles.load("/dev/ferry/cli/", name);
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Bundles.assertEnglishAndChineseHaveTheSameKeys("/dev/ferry/cli/");
    }

    /** A translation that takes other arguments than the English reads wrong, or throws, only in that language. */
    @Test
    void bothLanguagesTakeTheSameArguments() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        for (String key : en.stringPropertyNames()) {
            if (zh.getProperty(key) == null) {
                continue;
            }
            assertEquals(new MessageFormat(en.getProperty(key)).getFormatsByArgumentIndex().length,
                    new MessageFormat(zh.getProperty(key)).getFormatsByArgumentIndex().length, key);
        }
    }

    /** A count in a plain {0} would gain a thousands separator the English output never had. */
    @Test
    void countsAreWrittenWithoutGrouping() throws IOException {
        for (String name : new String[]{"messages.properties", "messages_zh_CN.properties"}) {
            Properties words = load(name);
            for (String key : words.stringPropertyNames()) {
                String pattern = words.getProperty(key);
                assertTrue(!pattern.contains(",number}") && !pattern.contains(",number,integer}"), name + ": " + key);
            }
        }
    }

    /**
     * The keys the command line's code names, as literals ("run.failed", or each side of a choice between two):
     * a key without words throws where the command should have spoken.
     */
    private static Set<String> keysInTheCode(Set<String> prefixes) throws IOException {
        Pattern literal = Pattern.compile("\"([a-z]+)((?:\\.[a-zA-Z]+)+)\"");
        Set<String> keys = new TreeSet<>();
        try (var sources = Files.list(Path.of("src/main/java/dev/ferry/cli"))) {
            for (Path source : sources.toList()) {
                Matcher m = literal.matcher(Files.readString(source));
                while (m.find()) {
                    if (prefixes.contains(m.group(1))) {
                        keys.add(m.group(1) + m.group(2));
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void everyKeyTheCodeNamesHasWordsAndEveryWordIsUsed() throws IOException {
        Properties en = load("messages.properties");
        Set<String> prefixes = en.stringPropertyNames().stream().map(key -> key.substring(0, key.indexOf('.')))
                .collect(Collectors.toSet());
        Set<String> named = keysInTheCode(prefixes);
        TreeSet<String> withoutWords = new TreeSet<>(named);
        withoutWords.removeAll(en.stringPropertyNames());
        TreeSet<String> unused = new TreeSet<>(en.stringPropertyNames());
        unused.removeAll(named);
        assertEquals(new TreeSet<String>(), withoutWords, "keys the code names without words");
        assertEquals(new TreeSet<String>(), unused, "words no code names");
    }

    /** picocli's own words (FerryCli's usage bundle): every heading the English gives has its Chinese. */
    @Test
    void picocliHeadingsHaveTheSameKeysInBothLanguages() throws IOException {
        assertEquals(new TreeSet<>(load("usage.properties").stringPropertyNames()),
                new TreeSet<>(load("usage_zh_CN.properties").stringPropertyNames()));
    }
}
