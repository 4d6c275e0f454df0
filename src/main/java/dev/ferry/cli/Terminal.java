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
}
