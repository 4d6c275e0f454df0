package dev.ferry.transfer;

import dev.ferry.message.Message;
import dev.ferry.store.AtomicFiles;
import dev.ferry.store.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one writer of the queue's file. Changes are numbered (generations) by the model under its
 * lock and handed here in that order; this thread appends them to the journal, forces it to
 * disk, and only then publishes the generation written, so an item counts as saved only once a
 * document holding it is on disk. Every so many lines the whole queue is written as a snapshot
 * and the journal starts again. A failed write is reported and retried with a growing pause;
 * nothing is dropped meanwhile.
 */
final class QueueJournal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(QueueJournal.class.getName());

    /** Lines after which the journal is folded into a new snapshot. */
    private static final int COMPACT_AFTER_LINES = 20_000;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;

    private sealed interface Work permits Change, Compact, Stop {
    }

    /** An item put (with its endpoint) or removed, at a generation. */
    record Change(QueueStore.Entry entry) implements Work {
    }

    /** A full document to write as the new snapshot. */
    private record Compact(QueueStore.Document document) implements Work {
    }

    private record Stop() implements Work {
    }

    private final QueueStore store;
    private final Supplier<QueueStore.Document> wholeQueue;
    private final Consumer<Message> problems;
    private final LinkedBlockingQueue<Work> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Object progress = new Object();
    private volatile long written;
    private FileChannel channel;
    private int linesSinceSnapshot;
    private long snapshotGeneration;
    private boolean failing;

    /**
     * @param wholeQueue builds the whole queue as a document, under the model's lock (for snapshots)
     * @param problems   told when writing fails, and when it works again
     */
    QueueJournal(QueueStore store, long loadedGeneration, Supplier<QueueStore.Document> wholeQueue,
                 Consumer<Message> problems) {
        this.store = store;
        this.wholeQueue = wholeQueue;
        this.problems = problems;
        this.written = loadedGeneration;
        this.snapshotGeneration = loadedGeneration;
        this.writer = Thread.ofPlatform().daemon().name("ferry-queue-journal").start(this::writeLoop);
    }

    /** Called by the model under its lock, in generation order; never blocks. */
    void record(QueueStore.Entry entry) {
        pending.add(new Change(entry));
    }

    /** Writes a snapshot of the whole queue (built now) and empties the journal. */
    void compact(QueueStore.Document document) {
        pending.add(new Compact(document));
    }

    /** The newest generation on disk. */
    long written() {
        return written;
    }

    /** Waits (holding no lock) until {@code generation} is on disk; false when the time ran out. */
    boolean awaitWritten(long generation, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < generation) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private void writeLoop() {
        List<Work> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch);
            boolean stop = false;
            List<QueueStore.Entry> lines = new ArrayList<>();
            QueueStore.Document snapshot = null;
            for (Work work : batch) {
                switch (work) {
                    case Change change -> lines.add(change.entry());
                    case Compact compact -> {
                        snapshot = compact.document();
                        lines.clear();
                    }
                    case Stop ignored -> stop = true;
                }
            }
            batch.clear();
            persist(snapshot, lines);
            if (stop) {
                closeChannel();
                return;
            }
        }
    }

    /** Writes until it works; the queue keeps running meanwhile, its items just not yet saved. */
    private void persist(QueueStore.Document snapshot, List<QueueStore.Entry> lines) {
        long pause = FIRST_RETRY_MILLIS;
        while (true) {
            try {
                long newest = write(snapshot, lines);
                if (failing) {
                    failing = false;
                    problems.accept(Message.of(QueueText.JOURNAL_WRITE_RECOVERED));
                }
                publish(newest);
                return;
            } catch (IOException | RuntimeException e) {
                closeChannel();
                LOG.log(System.Logger.Level.WARNING, "the queue could not be saved to " + store.path(), e);
                if (!failing) {
                    failing = true;
                    problems.accept(Message.of(QueueText.JOURNAL_WRITE_FAILED, String.valueOf(e.getMessage())));
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = Math.min(MAX_RETRY_MILLIS, pause * 2);
                if (snapshot == null) {
                    // After a failure the journal may hold part of a line: a fresh snapshot is the safe base.
                    snapshot = wholeQueue.get();
                    lines = List.of();
                }
            }
        }
    }

    private long write(QueueStore.Document snapshot, List<QueueStore.Entry> lines) throws IOException {
        long newest = written;
        if (snapshot != null) {
            closeChannel();
            store.writeSnapshot(snapshot);
            snapshotGeneration = snapshot.generation();
            newest = Math.max(newest, snapshot.generation());
            linesSinceSnapshot = 0;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (QueueStore.Entry entry : lines) {
            if (entry.generation() <= snapshotGeneration) {
                continue;
            }
            bytes.write(Json.compact().writeValueAsBytes(entry));
            bytes.write('\n');
            newest = Math.max(newest, entry.generation());
            linesSinceSnapshot++;
        }
        if (bytes.size() > 0) {
            FileChannel out = channel();
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        }
        if (linesSinceSnapshot > COMPACT_AFTER_LINES) {
            QueueStore.Document whole = wholeQueue.get();
            closeChannel();
            store.writeSnapshot(whole);
            snapshotGeneration = whole.generation();
            newest = Math.max(newest, whole.generation());
            linesSinceSnapshot = 0;
        }
        return newest;
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            AtomicFiles.createPrivateDirectories(store.journalPath().toAbsolutePath().getParent());
            channel = FileChannel.open(store.journalPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Reopened on the next write.
            }
            channel = null;
        }
    }

    private void publish(long generation) {
        synchronized (progress) {
            if (generation > written) {
                written = generation;
            }
            progress.notifyAll();
        }
    }

    /** Writes what is pending (and the final snapshot, when given) and stops the writer. */
    void close(QueueStore.Document finalSnapshot, Duration timeout) {
        if (finalSnapshot != null) {
            pending.add(new Compact(finalSnapshot));
        }
        pending.add(new Stop());
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(null, Duration.ofSeconds(5));
    }
}
