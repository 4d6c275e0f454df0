package dev.ferry.ftp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which charset a server's names are in, when they are not UTF-8 and nobody said. Each candidate
 * must decode the bytes without a single error (so re-encoding gives the server's bytes back
 * exactly), and is scored by how many of the non-ASCII bytes fall where its everyday text lives:
 * the 3,755 common Chinese characters for GB18030, kana and common kanji for Shift_JIS, the
 * Cyrillic letters for windows-1251. Random bytes or the wrong charset score low; the best
 * candidate wins when it explains most of them.
 */
final class CharsetGuess {

    /** A candidate must explain at least this share of the non-ASCII bytes. */
    private static final double CONFIDENT = 0.6;
    private static final Set<String> SCRIPTS = Set.of("GB18030", "Shift_JIS", "windows-1251");

    private CharsetGuess() {
    }

    static boolean isUtf8(byte[] bytes) {
        return decodes(bytes, StandardCharsets.UTF_8);
    }

    /** The best charset for these bytes, or null when none explains them well. */
    static Charset guess(byte[] bytes) {
        Charset best = null;
        double bestScore = 0;
        int high = 0;
        for (byte b : bytes) {
            if (b < 0) {
                high++;
            }
        }
        if (high == 0) {
            return null;
        }
        for (Charset candidate : candidates()) {
            if (!decodes(bytes, candidate)) {
                continue;
            }
            boolean known = SCRIPTS.contains(candidate.name());
            // This computer's own charset has no script to check: it may win, but only over nothing.
            double score = known ? (double) explained(bytes, candidate.name()) / high : CONFIDENT;
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return bestScore >= CONFIDENT ? best : null;
    }

    /** GB18030 (a superset of GBK), Shift_JIS, windows-1251, then this computer's own charset. */
    static List<Charset> candidates() {
        Set<Charset> all = new LinkedHashSet<>();
        for (String name : List.of("GB18030", "Shift_JIS", "windows-1251")) {
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
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
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
