package dev.ferry.reliability;

import dev.ferry.testing.TestFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** What the load tests share: a tree of many small files, and a sampler of the heap in use. */
final class QueueLoad {

    private QueueLoad() {
    }

    /** {@code files} files of 0 to 2 KiB in folders of 100. */
    static void makeTree(Path root, int files) throws IOException {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < files; i++) {
            Path folder = Files.createDirectories(root.resolve("folder-" + (i / 100)));
            Files.write(folder.resolve("file-" + i + ".bin"), TestFiles.bytes(random.nextInt(2049), i));
        }
    }

    /**
     * The heap still in use after a full collection: what is reachable. Its growth over a piece of
     * work is what that work holds, whatever earlier tests in this JVM left and whenever the
     * collector last ran. (Samples of the used heap include garbage: one CI run with no young
     * collection during 2,000 items read 798 MiB; the old generation's use after a young
     * collection includes older garbage: 552 MiB.)
     */
    static long liveMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Samples the used heap every 20 ms, garbage included; {@link #peakMiB()} is the highest sample. */
    static final class HeapSampler implements AutoCloseable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long peakMiB() {
            return peak.get() >> 20;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
