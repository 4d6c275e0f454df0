package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.TransferListener;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download split into segments, while its item runs. Each segment is a range of the file
 * that a session fetches with REST and RETR, stopping (ABOR) at the range's end
 * ({@link FtpSession#retrieveRange}); it writes straight into the one part file at its offset,
 * so there is nothing to join and no piece left behind.
 * <p>
 * The worker that took the item coordinates ({@link #run}): it offers the waiting segments on its
 * server's {@link Site}, where idle workers of the same server take them ({@link SessionPool}),
 * runs segments itself, and returns when every segment is done, when one failed for good, or when
 * the item was stopped. A segment that fails transiently is retried alone, from where it stopped;
 * the others go on. The item's cancel token stops every segment.
 * <p>
 * What each segment has on disk is saved in the queue file every second (a checkpoint: the part
 * file is forced to disk first, then the counts are handed to the journal), so after a crash each
 * segment continues where it stopped and no byte already saved is fetched again.
 * <p>
 * Which segments wait, run or failed is guarded by the model's lock; a segment's byte count is
 * written by the one worker fetching it and read by anyone.
 */
final class SegmentedDownload {

    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The coordinator's session idles while helpers work; a NOOP now and then keeps servers from dropping it. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One segment as it runs. */
    static final class Part {
        final int index;
        final long start;
        final long end;
        final AtomicLong done;
        /** Guarded by the model's lock. */
        int failures;
        long notBefore;
        boolean running;

        Part(int index, Segment saved) {
            this.index = index;
            this.start = saved.start();
            this.end = saved.end();
            this.done = new AtomicLong(saved.done());
        }

        long next() {
            return start + done.get();
        }

        boolean complete() {
            return done.get() >= end - start;
        }
    }

    /** One segment handed to a worker; it must be given back through {@link #runTask} or {@link #giveBack}. */
    record Task(SegmentedDownload download, Part part) {
    }

    private final QueueModel model;
    private final SessionPool pool;
    private final RunSupport queue;
    final TransferItem item;
    private final String remotePath;
    /** The part file the segments write: named in the log when writing it fails. */
    private final Path partFile;
    private final FileChannel channel;
    /** Stops every segment: cancelled with the item's token, or when one segment failed for good. */
    final CancelToken token = new CancelToken();
    private final Part[] parts;
    private final ArrayDeque<Part> pending = new ArrayDeque<>();
    private int running;
    private Exception failure;
    private final AtomicLong lastCheckpoint = new AtomicLong(System.nanoTime());
    private final Object checkpointing = new Object();

    SegmentedDownload(QueueModel model, SessionPool pool, RunSupport queue, TransferItem item, String remotePath,
                      Path partFile, FileChannel channel, List<Segment> plan) {
        this.model = model;
        this.pool = pool;
        this.queue = queue;
        this.item = item;
        this.remotePath = remotePath;
        this.partFile = partFile;
        this.channel = channel;
        this.parts = new Part[plan.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Part(i, plan.get(i));
        }
    }

    long bytesDone() {
        long sum = 0;
        for (Part part : parts) {
            sum += part.done.get();
        }
        return sum;
    }

    /** The segments with what each has now (not necessarily saved yet). */
    List<Segment> progress() {
        List<Segment> segments = new ArrayList<>(parts.length);
        for (Part part : parts) {
            segments.add(new Segment(part.start, part.end,
                    Math.clamp(part.done.get(), 0, part.end - part.start)));
        }
        return segments;
    }

    // ------------------------------------------------------------------ the coordinator

    /**
     * Runs every segment to its end, on {@code session} and on the idle workers of the server.
     * Returns when all are complete; throws the failure that stopped a segment for good, or
     * {@link FtpCancelledException} when the item was stopped. Every segment has ended (and the
     * last counts are saved) when this returns.
     */
    void run(FtpSession session, CancelToken itemToken) throws IOException {
        try (CancelToken.Registration follow = itemToken.whileBlocked(token::cancel)) {
            Task first = publish();
            try {
                if (first != null) {
                    runTask(first, session);
                }
                coordinate(session);
            } finally {
                endAll();
                checkpoint();
            }
        }
        Exception failed;
        model.lock.lock();
        try {
            failed = failure;
        } finally {
            model.lock.unlock();
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        for (Part part : parts) {
            if (!part.complete()) {
                // Neither failed nor complete: stopped. A stop after the last byte changes nothing.
                throw new FtpCancelledException();
            }
        }
    }

    /** Offers the unfinished segments on the site; returns the first one for the coordinator itself. */
    private Task publish() {
        model.lock.lock();
        try {
            for (Part part : parts) {
                if (!part.complete()) {
                    pending.addLast(part);
                }
            }
            Task first = takeLocked(System.nanoTime());
            item.segmentRun = this;
            item.site.segmentedRuns.add(this);
            pool.spawnWorkers(item.site);
            model.changed.signalAll();
            return first;
        } finally {
            model.lock.unlock();
        }
    }

    private void coordinate(FtpSession session) {
        long lastUse = System.nanoTime();
        while (true) {
            Task mine = null;
            boolean keepAlive = false;
            model.lock.lock();
            try {
                while (mine == null && !keepAlive) {
                    if (failure != null || token.isCancelled() || allComplete()) {
                        return;
                    }
                    long now = System.nanoTime();
                    mine = takeLocked(now);
                    if (mine == null) {
                        if (now - lastUse > KEEP_ALIVE_NANOS) {
                            keepAlive = true;
                        } else {
                            model.changed.awaitNanos(Math.max(1_000_000L,
                                    Math.min(WAIT_SLICE_NANOS, nextReadyLocked(now) - now)));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                token.cancel();
                return;
            } finally {
                model.lock.unlock();
            }
            if (mine != null) {
                runTask(mine, session);
            } else {
                try {
                    session.noop();
                } catch (FtpException e) {
                    // The session is reconnected before it is used again.
                }
            }
            lastUse = System.nanoTime();
        }
    }

    /** Stops taking segments, stops the running ones when the run failed, and waits for them all to end. */
    private void endAll() {
        boolean failed;
        model.lock.lock();
        try {
            pending.clear();
            failed = failure != null;
        } finally {
            model.lock.unlock();
        }
        if (failed) {
            token.cancel();
        }
        model.lock.lock();
        try {
            while (running > 0) {
                try {
                    model.changed.awaitNanos(WAIT_SLICE_NANOS);
                } catch (InterruptedException e) {
                    // Workers end their segments on the cancelled token; wait for them anyway.
                    token.cancel();
                }
            }
            item.site.segmentedRuns.remove(this);
            item.segmentRun = null;
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
    }

    private boolean allComplete() {
        if (running > 0) {
            return false;
        }
        for (Part part : parts) {
            if (!part.complete()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ taking segments (model's lock held)

    /** A waiting segment whose pause is over, or null. With the model's lock held. */
    Task takeLocked(long now) {
        if (token.isCancelled() || failure != null) {
            return null;
        }
        for (Iterator<Part> it = pending.iterator(); it.hasNext(); ) {
            Part part = it.next();
            if (part.notBefore - now <= 0) {
                it.remove();
                part.running = true;
                running++;
                return new Task(this, part);
            }
        }
        return null;
    }

    /** When the next waiting segment may run (a retry's pause); far away when none waits. With the lock held. */
    long nextReadyLocked(long now) {
        long next = now + TimeUnit.DAYS.toNanos(1);
        for (Part part : pending) {
            if (part.notBefore - next < 0) {
                next = part.notBefore;
            }
        }
        return next;
    }

    /** Segments waiting for a worker. With the lock held. */
    int pendingLocked() {
        return token.isCancelled() ? 0 : pending.size();
    }

    // ------------------------------------------------------------------ running one segment

    /** Fetches one segment on {@code session} (any worker of the server) and records how it ended. */
    void runTask(Task task, FtpSession session) {
        Exception problem = null;
        try {
            if (!session.isConnected()) {
                session.connect(token);
            }
            fetch(task.part(), session);
        } catch (IOException | RuntimeException e) {
            problem = e;
        }
        ended(task.part(), problem);
    }

    /** A worker took the segment but could not log in: it waits for another worker (no failure counted). */
    void giveBack(Task task) {
        model.lock.lock();
        try {
            task.part().running = false;
            running--;
            if (!token.isCancelled()) {
                pending.addFirst(task.part());
            }
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
    }

    /** A worker took the segment but could not start it (its login failed). */
    void couldNotStart(Task task, Exception problem) {
        ended(task.part(), problem);
    }

    private void fetch(Part part, FtpSession session) throws IOException {
        long offset = part.next();
        long length = part.end - offset;
        if (length <= 0) {
            return;
        }
        TransferListener progress = new PartProgress(part, queue.progress(item));
        long received = session.retrieveRange(remotePath, offset, length,
                dev.ferry.ftp.DownloadSink.toFile(partFile, at -> new Positioned(channel, at)), progress,
                token);
        if (!part.complete()) {
            throw new IncompleteTransferException(Message.of(QueueText.SEGMENT_INCOMPLETE, remotePath, part.start,
                    part.end, offset + received));
        }
    }

    private void ended(Part part, Exception problem) {
        // Saved while the segment still counts as running: once none runs, the coordinator closes the file.
        checkpoint();
        boolean stopEverything = false;
        model.lock.lock();
        try {
            part.running = false;
            running--;
            if (problem != null && !part.complete() && !token.isCancelled()
                    && !(problem instanceof FtpCancelledException)) {
                QueueSettings settings = queue.settings();
                if (RetryPolicy.isTransient(problem) && part.failures < settings.maxRetries()) {
                    part.failures++;
                    part.notBefore = System.nanoTime() + RetryPolicy.backoff(part.failures, settings).toNanos();
                    pending.addLast(part);
                    item.lastError = Message.of(QueueText.SEGMENT_RETRYING, part.index + 1, parts.length,
                            RunSupport.explain(problem));
                    model.touch(item);
                    pool.spawnWorkers(item.site);
                } else if (failure == null) {
                    failure = problem;
                    stopEverything = true;
                }
            }
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
        if (stopEverything) {
            token.cancel();
        }
    }

    // ------------------------------------------------------------------ saving progress

    private void maybeCheckpoint() {
        long now = System.nanoTime();
        long last = lastCheckpoint.get();
        if (now - last >= CHECKPOINT_INTERVAL_NANOS && lastCheckpoint.compareAndSet(last, now)) {
            checkpoint();
        }
    }

    /**
     * Saves what each segment has: the counts are read first, the part file is forced to disk,
     * and only then are the counts handed to the journal, so a saved count never claims bytes that
     * a power cut could still take away.
     */
    void checkpoint() {
        synchronized (checkpointing) {
            List<Segment> counts = progress();
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Not saved this time: a crash now costs the bytes since the last checkpoint, nothing more.
                return;
            }
            queue.saveSegments(item, counts);
        }
    }

    /** Counts a segment's bytes (and the item's, through the queue's listener, which also keeps the speed limit). */
    private final class PartProgress implements TransferListener {
        private final Part part;
        private final TransferListener itemProgress;

        PartProgress(Part part, TransferListener itemProgress) {
            this.part = part;
            this.itemProgress = itemProgress;
        }

        @Override
        public void transferred(long bytes) {
            part.done.addAndGet(bytes);
            itemProgress.transferred(bytes);
            maybeCheckpoint();
        }

        @Override
        public void discarded(long bytes) {
            part.done.addAndGet(-bytes);
            item.bytesDone.addAndGet(-bytes);
        }

        @Override
        public int preferredChunk() {
            return itemProgress.preferredChunk();
        }
    }

    /**
     * The shared part file seen from one offset: positioned writes, so segments write their ranges
     * side by side through one channel. Closing it leaves the file open for the others.
     */
    private static final class Positioned implements WritableByteChannel {
        private final FileChannel file;
        private long position;
        private boolean open = true;

        Positioned(FileChannel file, long position) {
            this.file = file;
            this.position = position;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            int written = file.write(source, position);
            position += written;
            return written;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
