package dev.ferry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
        for (LogRecord record : batch) {
            try {
                text.append(getFormatter().format(record));
            } catch (RuntimeException e) {
                reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try {
            // Opened per batch and appended to: another Ferry process may write or turn over the same file.
            FileChannel channel = openNewest();
            try {
                long size = channel.size();
                if (size > 0 && size + bytes.remaining() > limit) {
                    channel.close();
                    Files.move(newest, previous, StandardCopyOption.REPLACE_EXISTING);
                    channel = openNewest();
                }
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            reportError("cannot write the diagnostic log " + newest, e, ErrorManager.WRITE_FAILURE);
        }
    }

    private FileChannel openNewest() throws IOException {
        return FileChannel.open(newest, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** For tests: whether the writer has stopped, waiting for it at most {@code timeout}. */
    boolean writerStopped(Duration timeout) throws InterruptedException {
        return writer.join(timeout);
    }
}
