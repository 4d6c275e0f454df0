package dev.ferry.ui;

import dev.ferry.testing.Bundles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Properties;


/** Every word of the interface in both languages: a key missing in Chinese shows English or the key itself. */
class UiBundlesTest {

    private static Properties load(String name) throws IOException {
        return Bundles.load("/dev/ferry/ui/", name);
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Bundles.assertEnglishAndChineseHaveTheSameKeys("/dev/ferry/ui/");
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
