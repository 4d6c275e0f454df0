package dev.ferry.ftp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which charset a server's names are in, when they are not UTF-8 and nobody said. Each name (each
 * line of the listing) is judged on its own: a candidate reads it plausibly when it decodes the
 * name's bytes without a single error (so re-encoding gives the server's bytes back exactly), its
 * scripts' everyday text explains most of the non-ASCII bytes (the 3,755 common Chinese characters
 * for GB18030, kana and common kanji for Shift_JIS, the Cyrillic letters for windows-1251), and the
 * text it gives looks like words. The candidate that reads the most names plausibly wins, when that
 * is at least half of them: one server may hold names written by clients in different charsets, and
 * a single charset has to serve them all.
 */
final class CharsetGuess {

    /** A candidate must explain at least this share of a name's non-ASCII bytes. */
    private static final double CONFIDENT = 0.6;
    private static final Set<String> SCRIPTS = Set.of("GB18030", "Shift_JIS", "windows-1251");

    private CharsetGuess() {
    }

    /** Bytes that tell nothing of a charset: every one of them ASCII. */
    static boolean isAscii(byte[] bytes) {
        return nonAscii(bytes) == 0;
    }

    static boolean isUtf8(byte[] bytes) {
        return decodes(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether names read in {@code current} (a guess) read at least as well as UTF-8: valid UTF-8 that makes
     * sense is hardly ever another charset's bytes by chance ("ünï 文件" reads as "眉n茂 鏂囦欢" in GB18030, which
     * passes too). Valid UTF-8 alone says little of a few short names: GBK's 图片 ("Pictures") is valid UTF-8, as
     * about one common Chinese word in thirty is (R26), and reads as "ͼƬ", which makes no sense. When neither
     * reading makes sense ("Don’t", "哈利·波特": punctuation between letters, R27), valid UTF-8 decides.
     */
    static boolean readsBetterAsUtf8(byte[] bytes, Charset current) {
        if (!isUtf8(bytes)) {
            return false;
        }
        int asUtf8 = 0;
        int asCurrent = 0;
        for (byte[] name : linesWithNonAscii(bytes)) {
            asUtf8 += readsPlausibly(name, StandardCharsets.UTF_8) ? 1 : 0;
            asCurrent += readsPlausibly(name, current) ? 1 : 0;
        }
        return asUtf8 >= asCurrent;
    }

    /** The best charset for these bytes, or null when none explains them well. */
    static Charset guess(byte[] bytes) {
        List<byte[]> names = linesWithNonAscii(bytes);
        if (names.isEmpty()) {
            return null;
        }
        Charset best = null;
        int bestNames = 0;
        int bestBytes = 0;
        for (Charset candidate : candidates()) {
            int plausibleNames = 0;
            int plausibleBytes = 0;
            for (byte[] name : names) {
                if (readsPlausibly(name, candidate)) {
                    plausibleNames++;
                    plausibleBytes += nonAscii(name);
                }
            }
            // Ties go to the earlier candidate; between equally many names, the longer ones say more.
            if (plausibleNames > bestNames || plausibleNames == bestNames && plausibleBytes > bestBytes) {
                best = candidate;
                bestNames = plausibleNames;
                bestBytes = plausibleBytes;
            }
        }
        return bestNames > 0 && bestNames * 2 >= names.size() ? best : null;
    }

    /**
     * GB18030 (a superset of GBK), Shift_JIS, windows-1251, windows-1252 (Western European, what
     * ISO-8859-1 servers' names read as), then this computer's own charset.
     */
    static List<Charset> candidates() {
        Set<Charset> all = new LinkedHashSet<>();
        for (String name : List.of("GB18030", "Shift_JIS", "windows-1251", "windows-1252")) {
            if (Charset.isSupported(name)) {
                all.add(Charset.forName(name));
            }
        }
        String local = System.getProperty("native.encoding");
        if (local != null && Charset.isSupported(local)) {
            all.add(Charset.forName(local));
        }
        all.remove(StandardCharsets.UTF_8);
        all.remove(StandardCharsets.US_ASCII);
        return new ArrayList<>(all);
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        return decode(bytes, charset) != null;
    }

    private static String decode(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<byte[]> linesWithNonAscii(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                byte[] line = Arrays.copyOfRange(bytes, start, i);
                if (nonAscii(line) > 0) {
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static int nonAscii(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b < 0) {
                count++;
            }
        }
        return count;
    }

    private static boolean readsPlausibly(byte[] name, Charset charset) {
        String text = decode(name, charset);
        if (text == null) {
            return false;
        }
        if (SCRIPTS.contains(charset.name())
                && explained(name, charset.name()) < CONFIDENT * nonAscii(name)) {
            return false;
        }
        return looksLikeWords(text);
    }

    /**
     * Whether decoded text could be a name someone typed. A wrong single-byte charset turns an
     * accented Latin letter into a letter of another alphabet inside a Latin word ("Mдrz"), and
     * turns multi-byte text into long runs of accented letters, case flipping mid-word, symbols
     * wedged between letters ("²âÊÔÎÄ¼þ") and currency signs glued to words; real names do none of these.
     */
    private static boolean looksLikeWords(String text) {
        int[] points = text.codePoints().toArray();
        Set<String> scripts = new HashSet<>();
        int accentedLatinRun = 0;
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            int type = Character.getType(c);
            if (c == 0xFFFD || Character.isISOControl(c) || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                return false;
            }
            if (!Character.isLetterOrDigit(c)) {
                boolean before = i > 0 && Character.isLetter(points[i - 1]);
                boolean after = i + 1 < points.length && Character.isLetter(points[i + 1]);
                // A currency sign goes with a number or a plain Latin or Chinese word ("€uro", "价格￥"), never glued
                // to another alphabet's ("€уёж" is GBK read as windows-1251) or to an accented letter ("Donâ€™t"
                // is UTF-8's ’ read as windows-1252, R27).
                boolean currencyOnAWord = type == Character.CURRENCY_SYMBOL
                        && (before && !plainLatinOrChinese(points[i - 1]) || after && !plainLatinOrChinese(points[i + 1]));
                if (c >= 0x80 && (before && after || currencyOnAWord) || mixesAlphabets(scripts)) {
                    return false;
                }
                scripts.clear();
                accentedLatinRun = 0;
                continue;
            }
            String script = scriptGroup(c);
            if (script != null) {
                scripts.add(script);
            }
            // Western words carry an accented letter or two among plain ones, never three in a row.
            boolean accentedLatin = c >= 0x80 && "LATIN".equals(script);
            accentedLatinRun = accentedLatin ? accentedLatinRun + 1 : 0;
            if (accentedLatinRun > 2) {
                return false;
            }
            // A capital starting a new part ("МойФайл") is camel case; one that does not is noise.
            boolean capitalStartsPart = i + 1 < points.length && Character.isLowerCase(points[i + 1]);
            if (i > 0 && (c >= 0x80 || points[i - 1] >= 0x80) && Character.isUpperCase(c)
                    && Character.isLowerCase(points[i - 1]) && !capitalStartsPart) {
                return false;
            }
        }
        return !mixesAlphabets(scripts);
    }

    private static boolean plainLatinOrChinese(int letter) {
        return letter < 0x80 || "CJK".equals(scriptGroup(letter));
    }

    /** Latin beside Chinese or Japanese in one word is ordinary ("PDF文件"); other pairs are not. */
    private static boolean mixesAlphabets(Set<String> scripts) {
        return scripts.size() > 1 && !Set.of("LATIN", "CJK").containsAll(scripts);
    }

    private static String scriptGroup(int c) {
        if (c >= 0xFF61 && c <= 0xFF9F) {
            // Half-width katakana is what a lone Latin-1 byte reads as in Shift_JIS ("ﾜbersicht").
            return "HALFWIDTH_KANA";
        }
        return switch (Character.UnicodeScript.of(c)) {
            case COMMON, INHERITED, UNKNOWN -> null;
            case HAN, HIRAGANA, KATAKANA -> "CJK";
            case Character.UnicodeScript script -> script.name();
        };
    }

    /** How many non-ASCII bytes sit where the charset's everyday text is. */
    private static int explained(byte[] bytes, String charset) {
        int count = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                continue;
            }
            int next = i + 1 < bytes.length ? bytes[i + 1] & 0xff : -1;
            switch (charset) {
                case "GB18030" -> {
                    // GB2312 level 1 (the common characters) and the common punctuation row.
                    if ((b >= 0xB0 && b <= 0xD7 || b == 0xA1 || b == 0xA3) && next >= 0xA1 && next <= 0xFE) {
                        count += 2;
                        i++;
                    }
                }
                case "Shift_JIS" -> {
                    // Hiragana and katakana (0x82, 0x83) and level 1 kanji (0x88-0x98).
                    boolean lead = b == 0x82 || b == 0x83 || b >= 0x88 && b <= 0x98;
                    if (lead && next >= 0x40 && next <= 0xFC && next != 0x7F) {
                        count += 2;
                        i++;
                    } else if (b >= 0xA1 && b <= 0xDF) {
                        count++; // half-width katakana
                    }
                }
                case "windows-1251" -> {
                    if (b >= 0xC0 || b == 0xA8 || b == 0xB8) {
                        count++; // А-я, Ё, ё
                    }
                }
                default -> {
                }
            }
        }
        return count;
    }
}
