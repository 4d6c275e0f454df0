package dev.ferry.cli;

import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;

@Command(name = "queue", description = {
        "List the command line's saved queue, with --resume finish it, or with --clear empty it.",
        "After Ctrl+C, a crash or kill -9, the unfinished files of mirror and sync (and of a get split with "
                + "--segments) continue; a single get continues with get -c. The queue is kept in "
                + QueueRun.FILE_NAME + " in the config directory."})
final class QueueCommand extends ConnectedCommand {

    @Option(names = "--resume", description = "Run the saved queue to the end.")
    boolean resume;

    @Option(names = "--clear", description = "Remove every file from the saved queue, as the window's Remove does: "
            + "the part files of its unfinished downloads are deleted.")
    boolean clear;

    @Mixin
    QueueOptions.WithSegments queueOptions;

    @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "URL", description = "With --resume: a server of "
            + "the saved queue with its password, e.g. ftp://user:password@host:port. The saved queue keeps no "
            + "passwords, not even one given in the URL the files were queued with; --password and FERRY_PASSWORD "
            + "give one for every server.")
    java.util.List<String> urls = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        QueueStore store = QueueRun.store();
        var loaded = store.load();
        loaded.problem().ifPresent(terminal::warn);
        if (clear) {
            if (resume || !urls.isEmpty()) {
                throw new IllegalArgumentException(Words.text("queue.clearOrResume"));
            }
            return clear(loaded.document().items().size());
        }
        if (resume && loaded.document().items().isEmpty()) {
            terminal.out.println(Words.text("queue.nothingToResume"));
            // A sync stopped while it deleted had no transfer left.
            return deletionsNotMade();
        }
        if (resume && loaded.document().items().stream().noneMatch(QueueCommand::resumable)) {
            return Math.max(nothingLeftToResume(loaded.document().items()), deletionsNotMade());
        }
        if (!urls.isEmpty() && !resume) {
            throw new IllegalArgumentException(Words.text("queue.urlWithoutResume"));
        }
        if (!resume) {
            // After Ctrl+C or a crash the file still says ACTIVE: nothing transfers those until --resume.
            boolean running = !loaded.document().items().isEmpty() && store.heldByARunningFerry();
            // Two servers' files of the same path would be listed alike without it.
            java.util.Map<String, String> servers = new java.util.HashMap<>();
            for (dev.ferry.transfer.Endpoint endpoint : loaded.document().endpoints()) {
                servers.put(endpoint.key(), dev.ferry.ftp.listing.NameSafety.printable(endpoint.display()));
            }
            int serverColumns = loaded.document().items().stream()
                    .mapToInt(item -> Terminal.columns(servers.getOrDefault(item.endpoint(), "-"))).max().orElse(0);
            for (QueueStore.StoredItem item : loaded.document().items()) {
                String state = item.state() == ItemState.ACTIVE && !running ? Words.text("queue.state.stopped")
                        : stateWords(item.state());
                String direction = Words.text(item.direction() == dev.ferry.transfer.Direction.DOWNLOAD
                        ? "queue.direction.download" : "queue.direction.upload");
                terminal.out.println(String.format(Locale.ROOT, "%s %s %12s  %s  %s  %s%s", Terminal.padded(state, 7),
                        Terminal.padded(direction, 8), item.size() >= 0 ? item.size() : "-",
                        Terminal.padded(servers.getOrDefault(item.endpoint(), "-"), serverColumns),
                        dev.ferry.ftp.listing.NameSafety.printable(String.valueOf(item.remotePath())),
                        dev.ferry.ftp.listing.NameSafety.printable(String.valueOf(item.localPath())),
                        item.error() == null ? "" : "  (" + Words.of(item.error()) + ")"));
            }
            return 0;
        }
        java.util.List<dev.ferry.ftp.FtpUrl> servers = urls.stream().map(dev.ferry.ftp.FtpUrl::parse).toList();
        // A download split into segments before continues over as many sessions, unless --parallel says otherwise.
        int savedSegments = 1;
        for (QueueStore.StoredItem item : loaded.document().items()) {
            if (item.segmentPlan() != null) {
                savedSegments = Math.max(savedSegments, item.segmentPlan().size());
            }
        }
        int status = QueueRun.run(terminal, queueOptions.settings(ConflictAction.OVERWRITE_IF_DIFFERENT, savedSegments),
                endpoint -> connection.forEndpoint(endpoint, servers), true, queue -> {
                    if (queue.savedQueueInUseElsewhere()) {
                        throw new IllegalStateException(Words.text("queue.notResumedInUse"));
                    }
                    if (connection.printDialogue()) {
                        queue.addDialogueListener(terminal.dialoguePrinter());
                    }
                    for (ItemSnapshot item : queue.snapshot()) {
                        switch (item.state()) {
                            // Cancelled ones too, as when a cancel still counted as a failure: resume asks for all.
                            case FAILED, CANCELLED -> queue.retry(item.id());
                            // Kept waiting by the commands that ran since.
                            case PAUSED -> queue.resume(item.id());
                            default -> {
                            }
                        }
                    }
                });
        return Math.max(status, deletionsNotMade());
    }

    /** Says what stopped syncs left undone besides their transfers; 1 if any. */
    private int deletionsNotMade() throws java.io.IOException {
        java.util.List<PendingSyncDeletions.Pending> pending = PendingSyncDeletions.inConfigDirectory().takeAll();
        for (PendingSyncDeletions.Pending sync : pending) {
            terminal.err.println("ferry: " + Words.text("queue.syncDeletionsNotMade", sync.deletions(), sync.command()));
        }
        return pending.isEmpty() ? 0 : 1;
    }

    private static String stateWords(ItemState state) {
        return Words.text(switch (state) {
            case QUEUED -> "queue.state.queued";
            case ACTIVE -> "queue.state.active";
            case PAUSED -> "queue.state.paused";
            case DONE -> "queue.state.done";
            case FAILED -> "queue.state.failed";
            case SKIPPED -> "queue.state.skipped";
            case CANCELLED -> "queue.state.cancelled";
            case REFUSED -> "queue.state.refused";
        });
    }

    /** What --resume runs: the waiting, the stopped, the failed and the cancelled. */
    private static boolean resumable(QueueStore.StoredItem item) {
        return switch (item.state()) {
            case QUEUED, ACTIVE, PAUSED, FAILED, CANCELLED -> true;
            case DONE, SKIPPED, REFUSED -> false;
        };
    }

    /**
     * Exit status 0: nothing failed in this run, and no run can change what is left. A refused entry was
     * reported, with status 1, by the command that met it; were resume to fail over it again, a script that
     * resumes until it succeeds ("until ferry queue --resume; do sleep 60; done") would never end. The refusals
     * are listed again, with the way to drop them, so that they are not forgotten either.
     */
    private int nothingLeftToResume(java.util.List<QueueStore.StoredItem> items) {
        int refused = 0;
        for (QueueStore.StoredItem item : items) {
            if (item.state() == ItemState.REFUSED) {
                refused++;
                String path = dev.ferry.ftp.listing.NameSafety.printable(String.valueOf(
                        item.direction() == dev.ferry.transfer.Direction.DOWNLOAD ? item.remotePath() : item.localPath()));
                terminal.err.println("ferry: " + Words.text("run.refused", path, Words.of(item.error())));
            }
        }
        if (refused > 0) {
            terminal.err.println("ferry: " + Words.text("queue.refusedStay", refused));
        }
        terminal.out.println(Words.text("queue.nothingLeftToResume"));
        return 0;
    }

    private int clear(int saved) throws Exception {
        if (saved == 0) {
            terminal.out.println(Words.text("queue.nothingToClear"));
            return 0;
        }
        // Through the queue, not by emptying the file: it owns the file (a running Ferry keeps it) and knows which
        // part files are its own to delete and which are the user's to give back.
        int removed = QueueRun.with(terminal, queueOptions.settings(ConflictAction.OVERWRITE_IF_DIFFERENT, 1),
                endpoint -> connection.forEndpoint(endpoint, java.util.List.of()), false, queue -> {
                    if (queue.savedQueueInUseElsewhere()) {
                        throw new IllegalStateException(Words.text("queue.notClearedInUse"));
                    }
                    for (ItemSnapshot item : queue.snapshot()) {
                        queue.remove(item.id());
                    }
                    return saved;
                }, count -> count);
        terminal.out.println(Words.text("queue.cleared", removed));
        return 0;
    }
}
