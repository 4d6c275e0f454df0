package dev.ferry.transfer;

import dev.ferry.message.Message;
import dev.ferry.store.AtomicFiles;
import dev.ferry.store.Json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /**
     * How long the writer lets changes gather after the first one before it writes and forces them:
     * a many-small-files run changes an item every few hundred microseconds, and a write, a force and
     * a thread wake-up per change cost more CPU than the changes themselves. Nobody waits for these
     * lines in the meantime but the first byte of a transfer asked for just now.
     */
    private static final long GATHER_NANOS = 2_000_000;
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
    /** One batch's lines, through one JSON generator: a line costs no generator and no array of its own. */
    private final LineBuffer lineBuffer = new LineBuffer();
    /**
     * The servers the snapshot and the journal lines since name: a put carries its endpoint only
     * when it is new to the file (or changed), not with each of a mirror's thousands of lines.
     */
    private final Map<String, Endpoint> endpointsOnDisk = new HashMap<>();
    private int linesSinceSnapshot;
    private long snapshotGeneration;
    /** Writes fail now: nobody waits for them (the transfers go on, unsaved) and the failure is told once. */
    private volatile boolean failing;

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

    /**
     * Waits (holding no lock) until {@code generation} is on disk; false when the time ran out, or at
     * once while writes fail.
     */
    boolean awaitWritten(long generation, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < generation && !failing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return written >= generation;
        }
    }

    private void writeLoop() {
        List<Work> batch = new ArrayList<>();
        while (true) {
            Work first;
            try {
                first = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            batch.add(first);
            boolean stop = false;
            if (first instanceof Change) {
                try {
                    Thread.sleep(Duration.ofNanos(GATHER_NANOS));
                } catch (InterruptedException e) {
                    // What was gathered is still written; then the writer stops, as when interrupted waiting.
                    stop = true;
                }
            }
            pending.drainTo(batch);
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
                if (!failing) {
                    LOG.log(System.Logger.Level.WARNING, "the queue could not be saved to " + store.path(), e);
                    failing = true;
                    // A full disk held every file's first byte for the whole wait, 10 s each.
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                    problems.accept(Message.of(QueueText.JOURNAL_WRITE_FAILED, String.valueOf(e.getMessage())));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "the queue could still not be saved: " + e);
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
            writeSnapshot(snapshot);
            newest = Math.max(newest, snapshot.generation());
        }
        lineBuffer.reset();
        try (JsonGenerator json = Json.compact().createGenerator(lineBuffer)) {
            json.setRootValueSeparator(LINE_END);
            for (QueueStore.Entry entry : withoutSuperseded(lines)) {
                if (entry.generation() <= snapshotGeneration) {
                    continue;
                }
                JournalLineWriter.write(json, namingNewEndpointsOnly(entry));
                newest = Math.max(newest, entry.generation());
                linesSinceSnapshot++;
            }
        }
        if (lineBuffer.size() > 0) {
            lineBuffer.write('\n');
            FileChannel out = channel();
            ByteBuffer buffer = lineBuffer.contents();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        }
        lineBuffer.shrink();
        if (linesSinceSnapshot > COMPACT_AFTER_LINES) {
            QueueStore.Document whole = wholeQueue.get();
            writeSnapshot(whole);
            newest = Math.max(newest, whole.generation());
        }
        return newest;
    }

    private static final SerializedString LINE_END = new SerializedString("\n");

    private void writeSnapshot(QueueStore.Document snapshot) throws IOException {
        closeChannel();
        endpointsOnDisk.clear();
        store.writeSnapshot(snapshot);
        for (Endpoint endpoint : snapshot.endpoints()) {
            endpointsOnDisk.put(endpoint.key(), endpoint);
        }
        snapshotGeneration = snapshot.generation();
        linesSinceSnapshot = 0;
    }

    /**
     * Without the server's settings when the file already holds them. Should the write fail, the
     * retry starts with a new snapshot, which names every server again.
     */
    private QueueStore.Entry namingNewEndpointsOnly(QueueStore.Entry entry) {
        Endpoint endpoint = entry.endpoint();
        if (endpoint == null) {
            return entry;
        }
        if (endpoint.equals(endpointsOnDisk.put(endpoint.key(), endpoint))) {
            return new QueueStore.Entry(entry.generation(), null, entry.put(), entry.remove());
        }
        return entry;
    }

    /**
     * A batch's lines without those of items it removes later in the batch: a file that finished while
     * the previous batch was being forced to disk leaves one line, not three. A line after the removal
     * stays (R25: a running item the user removed is journaled as removed at once, and a late line of its
     * worker may follow; dropped, the written generation fell short of it). The remaining lines keep
     * their order, so items added in the batch load in the order they were added.
     */
    static List<QueueStore.Entry> withoutSuperseded(List<QueueStore.Entry> lines) {
        Set<Long> removedLater = new HashSet<>();
        boolean[] dropped = new boolean[lines.size()];
        boolean any = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            QueueStore.Entry entry = lines.get(i);
            if (entry.remove() != null) {
                removedLater.add(entry.remove());
            } else if (entry.put() != null && removedLater.contains(entry.put().id())) {
                dropped[i] = true;
                any = true;
            }
        }
        if (!any) {
            return lines;
        }
        List<QueueStore.Entry> kept = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (!dropped[i]) {
                kept.add(lines.get(i));
            }
        }
        return kept;
    }

    /** A reusable buffer whose contents are written without being copied out first. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        private static final int KEPT_CAPACITY = 1 << 20;

        LineBuffer() {
            super(64 * 1024);
        }

        ByteBuffer contents() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        /** After a huge batch (a big folder queued at once), gives the memory back. */
        void shrink() {
            if (buf.length > KEPT_CAPACITY) {
                buf = new byte[64 * 1024];
            }
            reset();
        }
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
