package dev.ferry.message;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names in the order a file manager shows them: numbers by their value, letters without case. */
class NameOrderTest {

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        Collections.shuffle(list, new Random(names.length));
        list.sort(NameOrder.NAMES);
        return list;
    }

    /** They were listed f1, f10, f100, f2: by characters, as a program sees them, not as a person counts. */
    @Test
    void numbersInNamesGoByTheirValue() {
        assertEquals(List.of("f1", "f2", "f9", "f10", "f100"), sorted("f10", "f2", "f100", "f1", "f9"));
        assertEquals(List.of("IMG_0009.jpg", "IMG_0010.jpg", "IMG_0100.jpg"),
                sorted("IMG_0100.jpg", "IMG_0009.jpg", "IMG_0010.jpg"));
        assertEquals(List.of("backup-2025-2-1.tar", "backup-2025-10-1.tar", "backup-2026-1-1.tar"),
                sorted("backup-2026-1-1.tar", "backup-2025-10-1.tar", "backup-2025-2-1.tar"));
        assertEquals(List.of("v1.9.2", "v1.10", "v1.10.1"), sorted("v1.10.1", "v1.9.2", "v1.10"));
    }

    @Test
    void lettersGoWithoutCaseAndNumbersBeforeLetters() {
        assertEquals(List.of("1.txt", "a.txt", "B.txt", "c.txt"), sorted("c.txt", "B.txt", "a.txt", "1.txt"));
        assertEquals(List.of("file", "file 2", "file10"), sorted("file10", "file 2", "file"));
    }

    /** Numbers longer than any integer type, and the same value written differently: still one total order. */
    @Test
    void everyPairHasOneAnswer() {
        String huge = "n" + "9".repeat(40);
        String larger = "n1" + "0".repeat(40);
        assertEquals(List.of(huge, larger), sorted(larger, huge));
        List<String> sameValue = sorted("x07", "x7", "x007", "X7");
        assertEquals(4, sameValue.size());
        for (int i = 0; i < sameValue.size() - 1; i++) {
            String a = sameValue.get(i);
            String b = sameValue.get(i + 1);
            assertTrue(NameOrder.NAMES.compare(a, b) < 0 && NameOrder.NAMES.compare(b, a) > 0,
                    "distinct names never compare equal: " + a + ", " + b);
        }
        assertEquals(0, NameOrder.NAMES.compare("same 10", "same 10"));
    }

    @Test
    void namesInOtherScriptsKeepTheirOrder() {
        assertEquals(List.of("报告1.doc", "报告2.doc", "报告10.doc"), sorted("报告10.doc", "报告1.doc", "报告2.doc"));
        // Digits outside ASCII (here Arabic-Indic) are ordinary characters: no guess at their value.
        assertEquals(List.of("a", "a\u0661", "a\u0662"), sorted("a\u0662", "a", "a\u0661"));
    }
}
