package dev.ferry.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The file a user attaches to a bug report: what went wrong out of sight (failures that were
 * handled and would otherwise be swallowed), the engine's dialogue with passwords masked, in the
 * config folder, two files of at most a megabyte each ({@link GatheringLogFile}). Everything logs through
 * {@link System.Logger}; this routes it (java.util.logging underneath) into the file.
 */
public final class DiagnosticLog {

    private static volatile Path installed;

    private DiagnosticLog() {
    }

    /**
     * Starts writing {@code name} (e.g. {@code ferry.log}) in the config folder; a second call does
     * nothing. Returns the file, or null when it cannot be written (the program runs on without).
     */
    public static synchronized Path install(String name) {
        if (installed != null) {
            return installed;
        }
        Path file = ConfigDirectory.resolve().resolve(name);
        try {
            AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
            GatheringLogFile handler = new GatheringLogFile(file, 1 << 20);
            handler.setLevel(Level.FINE);
            handler.setFormatter(new OneLine());
            routeTo(handler);
            installed = file;
            return file;
        } catch (IOException | SecurityException e) {
            System.getLogger(DiagnosticLog.class.getName()).log(System.Logger.Level.WARNING,
                    "no diagnostic log file at " + file, e);
            return null;
        }
    }

    /** The FTP dialogue's logger (dev.ferry.ftp.DialogueLog writes every command and reply to it). */
    static final String DIALOGUE = "dev.ferry.dialogue";

    /** Held: java.util.logging keeps loggers weakly, and one collected would come back without its settings. */
    private static final java.util.List<Logger> ROUTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Ferry's records at FINE and above go to {@code handler}; the dialogue's only there. Passed up
     * through the parents too, each of its lines (several a file) reached the root logger's console
     * handler, which drops a FINE record but flushes standard error for every one it is given.
     */
    static void routeTo(Handler handler) {
        Logger ferry = Logger.getLogger("dev.ferry");
        ferry.setLevel(Level.FINE);
        ferry.addHandler(handler);
        Logger dialogue = Logger.getLogger(DIALOGUE);
        dialogue.setUseParentHandlers(false);
        dialogue.addHandler(handler);
        ROUTED.add(ferry);
        ROUTED.add(dialogue);
    }

    /**
     * Made for the first record, not at start: the time-zone rules come from a service lookup
     * through every jar on the class path, and the formatter's pattern machinery loads with them,
     * ~25 ms of a start that may never log a line.
     */
    private static final class LineTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());
    }

    /** One line per record (a stack trace below it when there is one): readable in any editor. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160);
            line.append(LineTime.FORMAT.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(record.getLevel().getName()).append(' ')
                    .append(record.getLoggerName()).append(": ").append(formatMessage(record)).append('\n');
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                thrown.printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
