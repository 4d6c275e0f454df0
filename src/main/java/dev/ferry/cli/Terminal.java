package dev.ferry.cli;

import dev.ferry.ftp.DialogueListener;

import java.io.PrintStream;
import java.util.Locale;

/** Where the command line writes: results to stdout, dialogue, progress and errors to stderr. */
final class Terminal {

    final PrintStream out;
    final PrintStream err;
    private final boolean interactive;

    Terminal(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    static Terminal system() {
        return new Terminal(System.out, System.err, System.console() != null && System.console().isTerminal());
    }

    boolean interactive() {
        return interactive;
    }

    DialogueListener dialoguePrinter() {
        return entry -> {
            synchronized (err) {
                err.println("[" + entry.session() + "] " + entry.marker() + Words.of(entry));
            }
        };
    }

    void warn(String message) {
        err.println("ferry: " + Words.text("terminal.warning", message));
    }

    /**
     * " (2.0 KiB)" for the closing line of a run, or " (2.0 KiB, 3.0 KiB more continued from an earlier
     * part)": what came over the network, as lftp counts it, and apart what part files already held.
     */
    static String amount(long fetched, long continued) {
        return continued > 0 ? Words.text("terminal.amountContinued", bytes(fetched), bytes(continued))
                : fetched > 0 ? Words.text("terminal.amount", bytes(fetched)) : "";
    }

    static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        // The same convention as the window's sizes (ui.Formats): binary units, IEC names.
        return unit == 0 ? String.format(Locale.ROOT, "%.0f %s", value, units[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * {@code text} followed by spaces up to {@code columns} terminal columns; as it is when wider. Padded by
     * what a terminal shows, not by characters: a Chinese name would push the columns after it right.
     */
    static String padded(String text, int columns) {
        return text + " ".repeat(Math.max(0, columns - columns(text)));
    }

    /**
     * The columns a terminal gives {@code text}, as wcwidth counts them: two for East Asian Wide and
     * Fullwidth characters, none for combining marks and invisible format characters, one for the rest.
     */
    static int columns(String text) {
        return text.codePoints().map(Terminal::columns).sum();
    }

    private static int columns(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || c >= 0x1160 && c <= 0x11FF) { // Hangul vowels and final consonants join the syllable before
            return 0;
        }
        return wide(c) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth (Unicode's EastAsianWidth.txt, W and F), by range as Markus Kuhn's wcwidth. */
    private static boolean wide(int c) {
        return c >= 0x1100 && (c <= 0x115F // Hangul initial consonants
                || c == 0x2329 || c == 0x232A
                || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F // CJK radicals ... Yi
                || c >= 0xAC00 && c <= 0xD7A3 // Hangul syllables
                || c >= 0xF900 && c <= 0xFAFF // CJK compatibility ideographs
                || c >= 0xFE10 && c <= 0xFE19 // vertical forms
                || c >= 0xFE30 && c <= 0xFE6F // CJK compatibility forms, small forms
                || c >= 0xFF00 && c <= 0xFF60 // fullwidth forms
                || c >= 0xFFE0 && c <= 0xFFE6
                || c >= 0x1F300 && c <= 0x1F64F // pictographs, emoticons
                || c >= 0x1F900 && c <= 0x1F9FF
                || c >= 0x20000 && c <= 0x2FFFD
                || c >= 0x30000 && c <= 0x3FFFD);
    }
}
