package dev.ferry.cli;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.QueueTotals;
import dev.ferry.transfer.SettingsSource;
import dev.ferry.transfer.TransferQueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the command line's transfers on the queue, saved in {@code cli-queue.json} so that an
 * interrupted run (Ctrl+C, a crash, kill -9) continues with {@code ferry queue --resume}.
 * Shows one progress line on a terminal; returns the exit status.
 */
final class QueueRun {

    static final String FILE_NAME = "cli-queue.json";

    private QueueRun() {
    }

    static QueueStore store() {
        return new QueueStore(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    /**
     * Fills a queue, runs it to the end, and reports.
     *
     * @param runEarlierItems run what earlier commands left unfinished in the saved queue too ({@code queue
     *                        --resume}); otherwise those items are kept for it, waiting, and only this command's
     *                        own items run and count
     */
    static int run(Terminal terminal, QueueSettings settings, SettingsSource source, boolean runEarlierItems,
                   Consumer<TransferQueue> fill) throws InterruptedException {
        return run(terminal, settings, source, runEarlierItems, true, fill);
    }

    /**
     * @param saved keep the queue in {@link #FILE_NAME} for {@code queue --resume}; a single file's
     *              transfer is not (its part file is what {@code get -c} continues), so that a failed
     *              one is not mentioned by every later command
     */
    static int run(Terminal terminal, QueueSettings settings, SettingsSource source, boolean runEarlierItems,
                   boolean saved, Consumer<TransferQueue> fill) throws InterruptedException {
        try {
            return with(terminal, settings, source, runEarlierItems, saved, queue -> {
                fill.accept(queue);
                queue.start();
                while (!queue.awaitIdle(Duration.ofSeconds(1))) {
                    // Waiting; progress arrives through the listener.
                }
                return queue;
            }, queue -> report(terminal, queue.snapshot(), runEarlierItems, keptForResume(saved, queue)));
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Work done with a running queue, e.g. a synchronization that waits for its own batch. */
    @FunctionalInterface
    interface Work<T> {
        T run(TransferQueue queue) throws Exception;
    }

    /**
     * Runs {@code work} with a queue (which the work starts), saved in {@link #FILE_NAME} and shown by the progress
     * line; {@code after} runs once the line is finished, before the queue closes. The saved queue is loaded first,
     * so that what earlier commands left (failures, interrupted transfers) stays in the file for {@code queue
     * --resume}: a command that started from an empty queue replaced them. Unless {@code runEarlierItems}, their
     * unfinished items wait paused; a command asking for one of them again resumes it.
     */
    static <T, R> R with(Terminal terminal, QueueSettings settings, SettingsSource source, boolean runEarlierItems,
                         Work<T> work, java.util.function.Function<T, R> after) throws Exception {
        return with(terminal, settings, source, runEarlierItems, true, work, after);
    }

    private static <T, R> R with(Terminal terminal, QueueSettings settings, SettingsSource source,
                                 boolean runEarlierItems, boolean saved, Work<T> work,
                                 java.util.function.Function<T, R> after) throws Exception {
        TransferQueue queue = new TransferQueue(settings, withSiteLimits(source), saved ? store() : null);
        queue.addListener(new QueueListener() {
            @Override
            public void queueChanged(Update update) {
            }

            @Override
            public void journalProblem(dev.ferry.message.Message problem) {
                terminal.warn(Words.of(problem));
            }
        });
        Thread saveOnExit = new Thread(() -> {
            queue.close();
            // Stopped (Ctrl+C, kill): what was kept, and how to go on, below the progress line.
            terminal.err.println((terminal.interactive() ? System.lineSeparator() : "") + "ferry: "
                    + Words.text(keptForResume(saved, queue) ? "run.stopped.saved" : "run.stopped.unsaved"));
        }, "ferry-save-queue");
        Runtime.getRuntime().addShutdownHook(saveOnExit);
        try {
            List<dev.ferry.message.Message> restoredInPart = queue.restore();
            restoredInPart.forEach(problem -> terminal.warn(Words.of(problem)));
            if (runEarlierItems && !restoredInPart.isEmpty()) {
                // A damaged change may have been a removal: nothing runs before the user has looked, as in
                // the window. The queue is saved as restored, so the next --resume runs it.
                throw new IllegalStateException(Words.text("queue.notResumedRestoredInPart"));
            }
            // queue --resume takes the saved queue as it is (its refusals explained again in the report).
            for (ItemSnapshot earlier : runEarlierItems ? List.<ItemSnapshot>of() : queue.snapshot()) {
                switch (earlier.state()) {
                    // Reported by the command that ran them, and nothing is left to do: the file would only grow.
                    case DONE, SKIPPED, REFUSED -> queue.remove(earlier.id());
                    case QUEUED -> queue.pause(earlier.id());
                    default -> {
                    }
                }
            }
            Progress progress = new Progress(terminal);
            if (terminal.interactive()) {
                queue.addListener(progress);
            }
            queue.addListener(new RetryNotices(terminal));
            T result = work.run(queue);
            progress.finish(queue.totals());
            R answer = after.apply(result);
            if (!runEarlierItems && keptForResume(saved, queue)) {
                mentionWaiting(terminal, queue.snapshot());
            }
            return answer;
        } finally {
            queue.close();
            try {
                Runtime.getRuntime().removeShutdownHook(saveOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }

    /** Whether this command's items are kept for {@code queue --resume}: asked for, and no other Ferry holds them (T9). */
    private static boolean keptForResume(boolean saved, TransferQueue queue) {
        return saved && !queue.savedQueueInUseElsewhere();
    }

    /** {@code source}, which also gives the restored items of a saved site that site's own session limit. */
    private static SettingsSource withSiteLimits(SettingsSource source) {
        if (source == null) {
            return null;
        }
        return new SettingsSource() {
            @Override
            public dev.ferry.ftp.ConnectionSettings settingsFor(dev.ferry.transfer.Endpoint endpoint)
                    throws java.io.IOException {
                return source.settingsFor(endpoint);
            }

            @Override
            public void refused(dev.ferry.transfer.Endpoint endpoint, dev.ferry.ftp.ConnectionSettings settings) {
                source.refused(endpoint, settings);
            }

            @Override
            public int sessions(dev.ferry.transfer.Endpoint endpoint) {
                return SavedSites.sessions(SavedSites.store().find(endpoint.siteId()).orElse(null));
            }
        };
    }

    /** Earlier commands' items that still wait for {@code queue --resume}: said once, so that none is forgotten. */
    private static void mentionWaiting(Terminal terminal, List<ItemSnapshot> items) {
        long waiting = items.stream().filter(item -> item.state() == ItemState.PAUSED && !item.waitsForRoom()
                || (item.state() == ItemState.FAILED || item.state() == ItemState.CANCELLED || item.waitsForRoom())
                && item.leftByAnEarlierRun()).count();
        if (waiting > 0) {
            terminal.err.println("ferry: " + Words.text("run.earlierItemsWait", waiting));
        }
    }

    private static int report(Terminal terminal, List<ItemSnapshot> all, boolean earlierItemsRan, boolean saved) {
        // This command's items: not those an earlier one left waiting or failed (mentionWaiting counts those).
        List<ItemSnapshot> items = earlierItemsRan ? all : all.stream().filter(item -> (item.state() != ItemState.PAUSED
                || item.waitsForRoom()) && !item.leftByAnEarlierRun()).toList();
        int failed = 0;
        // Of those failed, the ones a resume alone would fail again (a server's 550, a file that cannot be read).
        int failedForGood = 0;
        int refused = 0;
        int keptOut = 0;
        int cancelled = 0;
        // A server's settings (its password) failed every one of its files alike: said once, with the count.
        Map<String, Integer> noSettings = new java.util.LinkedHashMap<>();
        for (ItemSnapshot item : items) {
            if (item.state() == ItemState.FAILED && item.lastError() != null
                    && item.lastError().key() == QueueText.NO_SETTINGS) {
                noSettings.merge(Words.of(item.lastError()), 1, Integer::sum);
            }
        }
        noSettings.forEach((words, count) -> terminal.err.println("ferry: " + Words.text("run.failedFiles", count, words)));
        for (ItemSnapshot item : items) {
            // An upload by both ends: the server's refusal is about the file it was to make (T3).
            String path = dev.ferry.ftp.listing.NameSafety.printable(
                    item.direction() == dev.ferry.transfer.Direction.DOWNLOAD ? String.valueOf(item.remotePath())
                            : Words.text("run.uploadPath", item.localPath(), item.remotePath()));
            if (item.state() == ItemState.FAILED && item.lastError() != null
                    && item.lastError().key() == QueueText.NO_SETTINGS) {
                failed++;
            } else if (item.state() == ItemState.FAILED) {
                failed++;
                if (item.failedForGood()) {
                    failedForGood++;
                }
                terminal.err.println("ferry: " + Words.text("run.failed", path, Words.of(item.lastError())));
                partKept(terminal, item, saved);
            } else if (item.state() == ItemState.REFUSED) {
                refused++;
                terminal.err.println("ferry: " + Words.text("run.refused", path, Words.of(item.lastError())));
            } else if (item.state() == ItemState.CANCELLED) {
                cancelled++;
                terminal.err.println("ferry: " + (item.lastError() == null ? Words.text("run.cancelled", path)
                        : Words.text("run.cancelledBecause", path, Words.of(item.lastError()))));
            } else if (item.state() == ItemState.SKIPPED && item.lastError() != null && !alreadyThere(item)) {
                // A folder in the way, a link that leads nowhere: the file is not there, and the user must know which.
                boolean folderInTheWay = item.lastError().key() == QueueText.LOCAL_FOLDER_EXISTS
                        || item.lastError().key() == QueueText.REMOTE_FOLDER_EXISTS;
                if (folderInTheWay) {
                    keptOut++;
                }
                terminal.err.println("ferry: " + Words.text(folderInTheWay ? "run.notTransferred" : "run.skipped", path,
                        Words.of(item.lastError())));
            }
        }
        // Said once for all of them, as the window's rows say it each: thousands of lines would bury the failure.
        Map<dev.ferry.message.Message, Integer> waitingForSpace = new java.util.LinkedHashMap<>();
        items.stream().filter(ItemSnapshot::waitsForRoom).forEach(item -> waitingForSpace.merge(item.lastError(), 1, Integer::sum));
        waitingForSpace.forEach((reason, count) -> terminal.err.println("ferry: " + Words.text(
                reason.key() == QueueText.WAITS_FOR_DISK_SPACE ? "run.waitsForDiskSpace"
                        : reason.key() == QueueText.WAITS_AFTER_REFUSALS ? "run.waitsAfterRefusals" : "run.waitsForServerSpace",
                count, reason.arguments().getFirst(), reason.arguments().size() > 1 ? reason.arguments().get(1) : "")));
        int waitingForRoom = waitingForSpace.values().stream().mapToInt(Integer::intValue).sum();
        // A script must still learn that files it asked for are not there.
        boolean incomplete = failed > 0 || refused > 0 || keptOut > 0 || cancelled > 0 || waitingForRoom > 0;
        if (saved || items.size() > 1) {
            summarize(terminal, items, incomplete, failed, cancelled, waitingForRoom);
        }
        // queue --resume is offered for what it can finish (a cut connection, a timeout); a refusal is said as one:
        // kept in the saved queue, for a resume once its cause is fixed (permissions changed on the server).
        int resumable = failed - failedForGood;
        if (resumable > 0 && saved) {
            terminal.err.println("ferry: " + (resumable == items.size() ? Words.text("run.allItemsFailed", resumable)
                    : Words.text("run.itemsFailed", resumable, items.size())));
        }
        if (failedForGood > 0 && saved) {
            terminal.err.println("ferry: " + Words.text("run.failedForGood", failedForGood));
        }
        if (refused > 0) {
            // Never runnable (a hostile name, a link loop, a device): offering a retry would promise what no run does.
            terminal.err.println("ferry: " + Words.text("run.refusedForGood", refused));
        }
        if (keptOut > 0) {
            terminal.err.println("ferry: " + Words.text("run.folderInTheWay", keptOut));
        }
        return incomplete ? 1 : 0;
    }

    /**
     * The outcome in one line on stdout, as sync prints it: a script or a cron job sees no progress line,
     * and a mirror with nothing to do said nothing at all. A single file's plain transfer stays silent, as
     * curl's does.
     */
    private static void summarize(Terminal terminal, List<ItemSnapshot> items, boolean incomplete, int failed,
                                  int cancelled, int waitingForRoom) {
        int transferred = 0;
        int upToDate = 0;
        int skipped = 0;
        long bytes = 0;
        long continued = 0;
        java.util.Set<dev.ferry.transfer.Direction> directions = java.util.EnumSet.noneOf(dev.ferry.transfer.Direction.class);
        for (ItemSnapshot item : items) {
            directions.add(item.direction());
            boolean upToDateItem = item.state() == ItemState.SKIPPED && item.lastError() != null && alreadyThere(item);
            // A refused name is never tried: as left out as a special file, and the line said neither.
            if (!upToDateItem && (item.state() == ItemState.SKIPPED || item.state() == ItemState.REFUSED)) {
                skipped++;
                continue;
            }
            if (item.directory()) {
                continue;
            }
            if (item.state() == ItemState.DONE) {
                transferred++;
                // What this run fetched, as lftp counts it; a part file left by an earlier run was there already.
                bytes += item.bytesFetched();
                continued += Math.max(0, item.size() - item.bytesFetched());
            } else if (upToDateItem) {
                upToDate++;
            }
        }
        String moved = Words.text(directions.size() != 1 ? "run.summary.transferred"
                : directions.contains(dev.ferry.transfer.Direction.DOWNLOAD) ? "run.summary.downloaded"
                : "run.summary.uploaded", transferred, Terminal.amount(bytes, continued));
        String more = (upToDate > 0 ? Words.text("run.summary.upToDate", upToDate) : "")
                + (skipped > 0 ? Words.text("summary.skipped", skipped) : "")
                + (failed > 0 ? Words.text("summary.failed", failed) : "")
                + (cancelled > 0 ? Words.text("run.summary.cancelled", cancelled) : "")
                + (waitingForRoom > 0 ? Words.text("run.summary.waitingForRoom", waitingForRoom) : "");
        // Under exit status 1 the line must not read like success to the person who reads the log.
        terminal.out.println(Words.text(incomplete ? "summary.incomplete" : "summary.done", moved, more));
    }

    /**
     * T4: a download that filled the disk said only that it failed, while its part file held what fitted: the user
     * must learn that it is there, taking room, and that it is not lost work.
     */
    private static void partKept(Terminal terminal, ItemSnapshot item, boolean saved) {
        if (item.direction() != dev.ferry.transfer.Direction.DOWNLOAD || item.directory() || item.lastError() == null
                || !dev.ferry.ftp.LocalFileException.saysNoRoom(item.lastError().key())) {
            return;
        }
        java.nio.file.Path part = dev.ferry.transfer.FileTransfers.partFile(item.localPath());
        try {
            long kept = java.nio.file.Files.size(part);
            if (kept == 0) {
                return;
            }
            // Kept for queue --resume, or a single file's: the same command replaces it unless -c says continue (T9).
            terminal.err.println("ferry: " + Words.text(saved ? "run.partKeptOnFullDisk" : "run.partKeptOnFullDiskWithC",
                    dev.ferry.ftp.listing.NameSafety.printable(part.toString()), Terminal.bytes(kept)));
        } catch (java.io.IOException gone) {
            // Nothing kept: nothing to say.
        }
    }

    /** Skipped because the target already holds it (same size and date, or the rule said keep it): nothing missing. */
    private static boolean alreadyThere(ItemSnapshot item) {
        return item.lastError().key() == QueueText.SKIPPED_LOCAL_EXISTS
                || item.lastError().key() == QueueText.SKIPPED_REMOTE_EXISTS;
    }

    /** The terminal's progress line, redrawn at most five times a second. */
    /**
     * A transient failure waits and tries again, up to a minute with the default retries: said each
     * time, or the command sits silent meanwhile. Items on the notifier's thread only; a server
     * that cannot be reached on the worker's that tried it.
     */
    private static final class RetryNotices implements QueueListener {
        private final Terminal terminal;
        private final Map<Long, Integer> attemptsSaid = new HashMap<>();

        RetryNotices(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void queueChanged(Update update) {
            for (ItemSnapshot item : update.changed()) {
                int said = attemptsSaid.getOrDefault(item.id(), 0);
                if (item.state() == ItemState.QUEUED && item.attempts() > said && item.lastError() != null) {
                    attemptsSaid.put(item.id(), item.attempts());
                    terminal.err.print(terminal.interactive() ? System.lineSeparator() : "");
                    terminal.warn(Words.text("run.tryingAgain", item.name(), Words.of(item.lastError())));
                }
            }
        }

        /** Said once per try of the server: every waiting file would say the same. */
        @Override
        public void serverUnreachable(dev.ferry.message.Message notice) {
            terminal.err.print(terminal.interactive() ? System.lineSeparator() : "");
            terminal.warn(Words.of(notice));
        }

        /** The end of an outage that was said: or the terminal's last word on the server is that it is down. */
        @Override
        public void serverReachable(dev.ferry.message.Message notice) {
            terminal.err.print(terminal.interactive() ? System.lineSeparator() : "");
            terminal.err.println("ferry: " + Words.of(notice));
        }
    }

    private static final class Progress implements QueueListener {
        private final Terminal terminal;
        private long lastDraw;
        private boolean drawn;

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void queueChanged(Update update) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            draw(update.totals());
        }

        private synchronized void draw(QueueTotals t) {
            int finished = t.done() + t.skipped() + t.failed() + t.refused();
            int all = finished + t.queued() + t.active() + t.paused();
            String percent = t.bytesTotal() > 0 ? String.format(Locale.ROOT, "%3d%%", t.bytesDone() * 100 / t.bytesTotal()) : "";
            String eta = t.speed() > 1 && t.bytesTotal() > t.bytesDone()
                    ? Words.text("run.progress.eta", (long) ((t.bytesTotal() - t.bytesDone()) / t.speed())) : "";
            terminal.err.print("\r" + Words.text("run.progress.files", finished, all) + "  " + percent + "  "
                    + Terminal.bytes(t.bytesDone()) + "  " + Terminal.bytes(t.speed()) + "/s" + eta
                    + (t.failed() + t.refused() > 0 ? "  " + Words.text("run.progress.failed", t.failed() + t.refused()) : "")
                    + "     ");
            terminal.err.flush();
            drawn = true;
        }

        void finish(QueueTotals totals) {
            if (drawn) {
                draw(totals);
                terminal.err.println();
            }
        }
    }
}
