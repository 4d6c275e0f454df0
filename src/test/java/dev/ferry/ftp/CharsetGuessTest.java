package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recognising the charset of a listing from its bytes, and getting the same bytes back. */
class CharsetGuessTest {

    private static byte[] listing(String charset, String... names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append("-rw-r--r--   1 ftp ftp      1024 Jan 01 12:00 ").append(name).append("\r\n");
        }
        return text.toString().getBytes(Charset.forName(charset));
    }

    @Test
    void chineseInGbk() {
        byte[] bytes = listing("GBK", "中文.bin", "报告2024.docx", "照片", "项目计划书.xlsx");
        assertFalse(CharsetGuess.isUtf8(bytes));
        Charset guessed = CharsetGuess.guess(bytes);
        assertEquals("GB18030", guessed.name());
        assertArrayEquals(bytes, new String(bytes, guessed).getBytes(guessed), "the server's bytes come back exactly");
    }

    @Test
    void japaneseInShiftJis() {
        byte[] bytes = listing("Shift_JIS", "日本語ファイル.txt", "テスト", "写真");
        assertEquals("Shift_JIS", CharsetGuess.guess(bytes).name());
    }

    @Test
    void russianInWindows1251() {
        byte[] bytes = listing("windows-1251", "Документы", "отчёт.txt", "фотографии");
        assertEquals("windows-1251", CharsetGuess.guess(bytes).name());
    }

    @Test
    void utf8AndAsciiNeedNoGuess() {
        assertTrue(CharsetGuess.isUtf8(listing("UTF-8", "中文.bin", "Документы")));
        assertNull(CharsetGuess.guess("plain.txt".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void noiseIsNotGivenACharset() {
        byte[] noise = new byte[400];
        new SplittableRandom(3).nextBytes(noise);
        assertNull(CharsetGuess.guess(noise));
    }
}
