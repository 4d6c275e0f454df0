package dev.ferry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The diagnostic log's file. java.util.logging's FileHandler formats, writes and flushes each record
 * on the thread that logs it: a mirror of many small files paid a write system call per line of FTP
 * dialogue on its transfer threads, and the FX thread wrote to the disk whenever it logged. Here the
 * logging thread only hands the record over; one writer thread formats and writes what gathered in
 * {@link #GATHER}, or at once after a warning. Two generations of at most {@code limit} bytes each:
 * {@code NAME.0}, the newest, and {@code NAME.1}. What a kill -9 loses is the last moment's lines.
 * A long run's routine lines (a big mirror's dialogue) would turn warnings over with them: the
 * newest warnings of this process are written again at the top of a new generation when the one
 * that held them is dropped.
 */
final class GatheringLogFile extends Handler {

    static final Duration GATHER = Duration.ofMillis(250);
    /** A burst this large is written without waiting for the rest of {@link #GATHER}. */
    private static final int BURST_RECORDS = 2000;
    private static final Duration FLUSH_DEADLINE = Duration.ofSeconds(5);

    private final Path newest;
    private final Path previous;
    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition written = lock.newCondition();
    private List<LogRecord> pending = new ArrayList<>();
    private long handedOver;
    private long writtenUpTo;
    private boolean urgent;
    private boolean closed;
    private final Thread writer;
    /** Warnings this process wrote, with the generation they are in (the writer thread's alone). */
    private final ArrayDeque<KeptWarning> warnings = new ArrayDeque<>();
    private long generation;

    private record KeptWarning(String text, long generation) {
    }

    private static final int KEPT_WARNINGS = 50;
    private static final int KEPT_CHARACTERS = 4000;

    GatheringLogFile(Path base, long limit) {
        this.newest = base.resolveSibling(base.getFileName() + ".0");
        this.previous = base.resolveSibling(base.getFileName() + ".1");
        this.limit = limit;
        this.writer = Thread.ofPlatform().daemon().name("ferry-log-writer").unstarted(this::writeUntilClosed);
        writer.start();
    }

    Path newestFile() {
        return newest;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            pending.add(record);
            handedOver++;
            if (record.getLevel().intValue() >= Level.WARNING.intValue() || pending.size() >= BURST_RECORDS) {
                urgent = true;
            }
            if (pending.size() == 1 || urgent) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits (a few seconds at most) until what was handed over before the call is in the file. */
    @Override
    public void flush() {
        lock.lock();
        try {
            long target = handedOver;
            urgent = true;
            arrived.signal();
            long left = FLUSH_DEADLINE.toNanos();
            while (writtenUpTo < target && writer.isAlive() && left > 0) {
                left = written.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is pending (the JVM's shutdown closes every handler), then stops the writer. */
    @Override
    public void close() {
        flush();
        lock.lock();
        try {
            closed = true;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    private void writeUntilClosed() {
        while (true) {
            List<LogRecord> batch;
            long batchEnd;
            lock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    arrived.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                long left = GATHER.toNanos();
                while (!urgent && !closed && left > 0) {
                    left = arrived.awaitNanos(left);
                }
                batch = pending;
                pending = new ArrayList<>();
                batchEnd = handedOver;
                urgent = false;
            } catch (InterruptedException e) {
                // Nobody interrupts this thread; go on writing.
                continue;
            } finally {
                lock.unlock();
            }
            append(batch);
            lock.lock();
            try {
                writtenUpTo = batchEnd;
                written.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void append(List<LogRecord> batch) {
        StringBuilder text = new StringBuilder(batch.size() * 160);
        List<String> batchWarnings = new ArrayList<>();
        for (LogRecord record : batch) {
            try {
                String line = getFormatter().format(record);
                text.append(line);
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    batchWarnings.add(line.length() > KEPT_CHARACTERS ? line.substring(0, KEPT_CHARACTERS) + "…\n" : line);
                }
            } catch (RuntimeException e) {
                reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            }
        }
        byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            // Opened per batch and appended to: another Ferry process may write or turn over the same file.
            FileChannel channel = openNewest();
            try {
                long size = channel.size();
                if (size > 0 && size + lines.length > limit) {
                    channel.close();
                    Files.move(newest, previous, StandardCopyOption.REPLACE_EXISTING);
                    channel = openNewest();
                    generation++;
                    write(channel, carriedOver());
                }
                write(channel, lines);
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            reportError("cannot write the diagnostic log " + newest, e, ErrorManager.WRITE_FAILURE);
        }
        for (String warning : batchWarnings) {
            warnings.addLast(new KeptWarning(warning, generation));
            if (warnings.size() > KEPT_WARNINGS) {
                warnings.removeFirst();
            }
        }
    }

    /**
     * The warnings of the generation just dropped (two before the new one), as lines to start the
     * new one with; from now on they are in the new generation.
     */
    private byte[] carriedOver() {
        StringBuilder carried = new StringBuilder();
        int count = warnings.size();
        for (int i = 0; i < count; i++) {
            KeptWarning kept = warnings.removeFirst();
            if (kept.generation() <= generation - 2) {
                carried.append(kept.text());
                kept = new KeptWarning(kept.text(), generation);
            }
            warnings.addLast(kept);
        }
        if (carried.isEmpty()) {
            return new byte[0];
        }
        return ("(warnings from earlier in this run, written again as the file turned over)\n" + carried
                + "(end of the earlier warnings)\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private FileChannel openNewest() throws IOException {
        return AtomicFiles.openPrivateToAppend(newest);
    }

    /** For tests: whether the writer has stopped, waiting for it at most {@code timeout}. */
    boolean writerStopped(Duration timeout) throws InterruptedException {
        return writer.join(timeout);
    }
}
