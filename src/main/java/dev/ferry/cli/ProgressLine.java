package dev.ferry.cli;

import dev.ferry.ftp.TransferListener;

import java.util.Locale;

/**
 * One progress line on stderr for a terminal, redrawn at most five times a second:
 * name, percentage, speed, ETA.
 */
final class ProgressLine implements TransferListener {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final Terminal terminal;
    private final String name;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;
    /** Bytes moved by this run: a resumed transfer's earlier part is not speed. */
    private long moved;
    private long lastDraw;

    ProgressLine(Terminal terminal, String name, long total, long alreadyDone) {
        this.terminal = terminal;
        this.name = name;
        this.total = total;
        this.done = alreadyDone;
    }

    static TransferListener forTerminal(Terminal terminal, String name, long total) {
        return terminal.interactive() ? new ProgressLine(terminal, name, total, 0) : TransferListener.NONE;
    }

    @Override
    public void transferred(long bytes) {
        done += bytes;
        moved += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Bytes per second moved by this run since it started. */
    double speed(long now) {
        return moved / Math.max(1e-3, (now - startNanos) / 1e9);
    }

    long startNanos() {
        return startNanos;
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double speed = moved / seconds;
        String percent = total > 0 ? String.format(Locale.ROOT, "%3d%%", Math.min(100, done * 100 / total)) : "    ";
        String eta = total > 0 && speed > 0 ? " ETA " + duration((long) ((total - done) / speed)) : "";
        terminal.err.print("\r" + name + "  " + percent + "  " + Terminal.bytes(done) + "  " + Terminal.bytes(speed)
                + "/s" + eta + "   ");
        terminal.err.flush();
    }

    void finish() {
        if (terminal.interactive()) {
            draw(System.nanoTime());
            terminal.err.println();
        }
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
