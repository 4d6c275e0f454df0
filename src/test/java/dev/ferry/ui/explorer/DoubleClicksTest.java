package dev.ferry.ui.explorer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleClicksTest {

    @Test
    void aClickOnTheRowThatReplacedTheClickedFolderDoesNotOpenIt() {
        DoubleClicks clicks = new DoubleClicks();
        assertFalse(clicks.isDoubleClick("/docs", 1));
        // Enter opened /docs; its first entry is drawn where the folder was and gets click 2.
        assertFalse(clicks.isDoubleClick("/docs/readme.txt", 2), "a single click on another row");
    }

    @Test
    void aDoubleClickOnAFolderAndThenOnItsFirstEntryOpensBoth() {
        DoubleClicks clicks = new DoubleClicks();
        assertFalse(clicks.isDoubleClick("/docs", 1));
        assertTrue(clicks.isDoubleClick("/docs", 2));
        assertFalse(clicks.isDoubleClick("/docs/readme.txt", 3));
        assertTrue(clicks.isDoubleClick("/docs/readme.txt", 4));
    }

    @Test
    void fourClicksOnOneRowAreTwoDoubleClicks() {
        DoubleClicks clicks = new DoubleClicks();
        assertFalse(clicks.isDoubleClick("a", 1));
        assertTrue(clicks.isDoubleClick("a", 2));
        assertFalse(clicks.isDoubleClick("a", 3));
        assertTrue(clicks.isDoubleClick("a", 4));
        assertFalse(clicks.isDoubleClick("a", 1));
    }
}
