package dev.ferry.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Columns as a terminal shows them, for the command line's tables (sync's plan). */
class TerminalColumnsTest {

    @Test
    void wideCharactersTakeTwoColumnsAndCombiningMarksNone() {
        assertEquals(8, Terminal.columns("年度报告"), "CJK ideographs");
        assertEquals(8, Terminal.columns("ｆｕｌｌ"), "fullwidth Latin letters");
        assertEquals(4, Terminal.columns("한국"), "Hangul syllables");
        assertEquals(4, Terminal.columns("cafe\u0301"), "e and a combining acute accent: one column");
        assertEquals(5, Terminal.columns("notes"));
    }

    @Test
    void paddingFillsUpToTheColumnsAndLeavesAWiderTextAsItIs() {
        assertEquals("年度  |", Terminal.padded("年度", 6) + "|");
        assertEquals("cafe\u0301  |", Terminal.padded("cafe\u0301", 6) + "|");
        assertEquals("年度报告|", Terminal.padded("年度报告", 4) + "|");
    }
}
