package dev.ferry.testing;

import javafx.application.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Measures how late the FX thread runs a task posted with {@link Platform#runLater}: every 10 ms
 * (after the previous probe ran) a task is posted and the real delay until it runs is recorded.
 * Each delay is split into what explains it:
 * <ul>
 * <li>waiting for a CPU (Linux schedstat run-queue time): the cores were busy elsewhere;</li>
 * <li>waiting for the painter (stack samples in waitForRenderingToComplete): rendering runs on the
 *     same cores;</li>
 * <li>computing (the FX thread's own CPU time): applying updates, CSS, layout;</li>
 * <li>blocked: the rest, the FX thread off the CPU waiting for something else (a lock, the disk,
 *     the network).</li>
 * </ul>
 * Without /proc (not Linux) only the whole delay is known; see {@link #measuresParts()}.
 * <p>
 * The stack sampler also records where the FX thread must never be, whatever the load
 * ({@link #forbiddenWaits()}): in network I/O, or parked for more than 50 ms inside the queue or
 * the engine (a lock they hold).
 */
public final class FxLatencyProbe implements AutoCloseable {

    private final AtomicLong worstDelayMillis = new AtomicLong();
    private final AtomicLong worstStarvedMillis = new AtomicLong();
    private final AtomicLong worstPaintWaitMillis = new AtomicLong();
    private final AtomicLong worstComputingMillis = new AtomicLong();
    private final AtomicLong worstBlockedMillis = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Object delaysLock = new Object();
    private long[] delaysMicros = new long[4096];
    private int delayCount;
    private final Path schedstat;
    private final Thread fx;
    private final AtomicLong paintWaitNanos = new AtomicLong();
    private volatile boolean pending;
    private final Thread thread;
    private final Thread sampler;
    private volatile boolean running = true;
    private final List<String> forbidden = new CopyOnWriteArrayList<>();
    /** Written by the sampler thread only. */
    private long waitingSince;

    public FxLatencyProbe() throws Exception {
        CompletableFuture<Path> own = new CompletableFuture<>();
        CompletableFuture<Thread> fxThread = new CompletableFuture<>();
        Platform.runLater(() -> {
            fxThread.complete(Thread.currentThread());
            try {
                own.complete(Path.of("/proc/thread-self").toRealPath().resolve("schedstat"));
            } catch (IOException e) {
                own.complete(null);
            }
        });
        schedstat = own.get();
        fx = fxThread.get();
        sampler = Thread.ofPlatform().daemon().name("fx-stack-sampler").start(() -> {
            long last = System.nanoTime();
            while (running) {
                long now = System.nanoTime();
                StackTraceElement[] stack = fx.getStackTrace();
                if (pending && paintingWait(stack)) {
                    paintWaitNanos.addAndGet(now - last);
                }
                watchForForbiddenWaits(stack, now);
                last = now;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread = Thread.ofPlatform().daemon().name("fx-latency-probe").start(() -> {
            while (running) {
                long posted = System.nanoTime();
                long[] before = schedstat();
                paintWaitNanos.set(0);
                pending = true;
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    pending = false;
                    long delay = System.nanoTime() - posted;
                    long[] after = schedstat();
                    long computing = after[0] - before[0];
                    long starved = after[1] - before[1];
                    long painting = paintWaitNanos.get();
                    long blocked = Math.max(0, delay - computing - starved - painting);
                    worstDelayMillis.accumulateAndGet(delay / 1_000_000, Math::max);
                    worstStarvedMillis.accumulateAndGet(starved / 1_000_000, Math::max);
                    worstPaintWaitMillis.accumulateAndGet(painting / 1_000_000, Math::max);
                    worstComputingMillis.accumulateAndGet(computing / 1_000_000, Math::max);
                    worstBlockedMillis.accumulateAndGet(blocked / 1_000_000, Math::max);
                    record(delay / 1_000);
                    samples.incrementAndGet();
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void watchForForbiddenWaits(StackTraceElement[] stack, long now) {
        String why = forbiddenWait(stack);
        if (why == null) {
            waitingSince = 0;
        } else if (why.startsWith("network")) {
            recordForbidden(why, stack);
        } else if (waitingSince == 0) {
            waitingSince = now;
        } else if (now - waitingSince > 50_000_000L) {
            // A lock held for microseconds may be met in passing; waiting on it for 50 ms is a bug.
            recordForbidden(why + " for more than 50 ms", stack);
            waitingSince = 0;
        }
    }

    private void recordForbidden(String why, StackTraceElement[] stack) {
        if (forbidden.size() < 5) {
            forbidden.add(why + ":\n  " + Arrays.stream(stack).limit(25).map(String::valueOf)
                    .collect(Collectors.joining("\n  ")));
        }
    }

    /** Why the FX thread is where it must never be, or null. */
    static String forbiddenWait(StackTraceElement[] stack) {
        boolean parked = stack.length > 0 && stack[0].getMethodName().equals("park");
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().contains("FxLatencyProbe")) {
                return null; // the probe's own reading of /proc
            }
        }
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (type.startsWith("sun.nio.ch.Socket") || type.startsWith("sun.nio.ch.NioSocket")
                    || type.equals("java.net.Socket") || type.equals("java.net.InetAddress")) {
                return "network I/O on the FX thread";
            }
            if (parked && (type.startsWith("dev.ferry.transfer.") || type.startsWith("dev.ferry.ftp."))) {
                return "the FX thread waits for " + type + "." + frame.getMethodName();
            }
        }
        return null;
    }

    /** Stacks of the FX thread caught waiting for the queue or the engine, or in network I/O (at most 5). */
    public List<String> forbiddenWaits() {
        return List.copyOf(forbidden);
    }

    private static boolean paintingWait(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("waitForRenderingToComplete")
                    || frame.getClassName().endsWith("QuantumToolkit") && frame.getMethodName().equals("runWithRenderLock")) {
                return true;
            }
        }
        return false;
    }

    private void record(long micros) {
        synchronized (delaysLock) {
            if (delayCount == delaysMicros.length) {
                delaysMicros = Arrays.copyOf(delaysMicros, delayCount * 2);
            }
            delaysMicros[delayCount++] = micros;
        }
    }

    /** Whether the delay can be split into its parts (Linux /proc is readable). */
    public boolean measuresParts() {
        return schedstat != null && Files.isReadable(schedstat);
    }

    /** schedstat: nanoseconds on a CPU, nanoseconds runnable but waiting for one. */
    private long[] schedstat() {
        if (schedstat == null) {
            return new long[]{0, 0};
        }
        try {
            String[] fields = Files.readString(schedstat).trim().split(" ");
            return new long[]{Long.parseLong(fields[0]), Long.parseLong(fields[1])};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    public long samples() {
        return samples.get();
    }

    public long worstDelayMillis() {
        return worstDelayMillis.get();
    }

    public long worstStarvedMillis() {
        return worstStarvedMillis.get();
    }

    public long worstPaintWaitMillis() {
        return worstPaintWaitMillis.get();
    }

    public long worstComputingMillis() {
        return worstComputingMillis.get();
    }

    public long worstBlockedMillis() {
        return worstBlockedMillis.get();
    }

    /** The delay at this quantile (0 to 1) of all probes so far, in milliseconds. */
    public double delayPercentileMillis(double quantile) {
        long[] sorted;
        synchronized (delaysLock) {
            sorted = Arrays.copyOf(delaysMicros, delayCount);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[index] / 1000.0;
    }

    /** How many probes waited longer than this many milliseconds. */
    public long delaysOver(long millis) {
        synchronized (delaysLock) {
            long count = 0;
            for (int i = 0; i < delayCount; i++) {
                if (delaysMicros[i] > millis * 1000) {
                    count++;
                }
            }
            return count;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
