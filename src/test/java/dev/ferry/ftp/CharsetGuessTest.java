package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
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

    /**
     * Found by helper T3: a folder of two GBK names, one with a character outside the common ones (報, as
     * in Taiwan and Hong Kong), read as windows-1251 ("ЦРОДДїВј", "€уёж.txt"), since a currency sign at
     * a word's edge passed for part of a name; the guess was then kept for the whole server.
     */
    @Test
    void chineseWithALessCommonCharacterIsStillChinese() {
        byte[] bytes = listing("GBK", "中文目录", "報告.txt");
        assertEquals("GB18030", CharsetGuess.guess(bytes).name());
    }

    /** R26: the rule that keeps GBK from reading as "€уёж" rejected currency signs beside Latin and Chinese words. */
    @Test
    void aCurrencySignBesideALatinOrChineseWordIsStillAName() {
        assertEquals("windows-1252", CharsetGuess.guess(listing("windows-1252", "€uro.txt")).name());
        assertEquals("windows-1252", CharsetGuess.guess(listing("windows-1252", "Kosten€.xls")).name());
        assertEquals("GB18030", CharsetGuess.guess(listing("GBK", "价格￥.txt")).name());
        assertEquals("GB18030", CharsetGuess.guess(listing("GBK", "单价￥25.xlsx")).name());
    }

    /**
     * R27: UTF-8 names whose punctuation sits between letters ("Don’t", "哈利·波特") make sense in no reading the
     * guess checks, and windows-1252 read "Don’t" as a sensible "Donâ€™t": a guess was kept for such a folder.
     */
    @Test
    void utf8NamesWithPunctuationBetweenLettersSetAGuessAside() {
        byte[] bytes = listing("UTF-8", "Don’t Stop.mp3", "哈利·波特.pdf");
        assertTrue(CharsetGuess.readsBetterAsUtf8(bytes, Charset.forName("windows-1252")), "after a windows-1252 guess");
        assertTrue(CharsetGuess.readsBetterAsUtf8(bytes, Charset.forName("GB18030")), "after a GB18030 guess");
        assertFalse(CharsetGuess.readsBetterAsUtf8(listing("GBK", "图片"), Charset.forName("GB18030")),
                "GBK that is valid UTF-8 too");
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

    @Test
    void westernNamesInLatin1AreReadAsLatin() {
        byte[] bytes = listing("ISO-8859-1", "Übersicht.pdf", "Bestellung März.xls");
        Charset guessed = CharsetGuess.guess(bytes);
        String text = new String(bytes, guessed);
        assertTrue(text.contains("Übersicht.pdf") && text.contains("Bestellung März.xls"), guessed + ": " + text);
        assertArrayEquals(bytes, text.getBytes(guessed), "the server's bytes come back exactly");

        byte[] alone = listing("ISO-8859-1", "Übersicht.pdf");
        assertTrue(new String(alone, CharsetGuess.guess(alone)).contains("Übersicht.pdf"));
    }

    @Test
    void cyrillicNamesStayCyrillic() {
        byte[] bytes = listing("windows-1251", "Отчёт за март.doc", "Привет.txt");
        assertEquals("windows-1251", CharsetGuess.guess(bytes).name());
    }

    @Test
    void mixedRootIsReadInTheCharsetMostNamesAreIn() {
        byte[] bytes = concat(listing("GBK", "测试文件.txt", "中文目录"), listing("ISO-8859-1", "café.txt"),
                listing("UTF-8", "utf8名.txt"));
        Charset guessed = CharsetGuess.guess(bytes);
        assertEquals("GB18030", guessed == null ? null : guessed.name());
        String text = new String(bytes, guessed);
        assertTrue(text.contains("测试文件.txt") && text.contains("中文目录"), text);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
