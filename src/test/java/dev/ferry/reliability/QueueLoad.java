package dev.ferry.reliability;

import dev.ferry.testing.TestFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
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
     * Samples the heap every 20 ms. {@link #peakMiB()} is the highest "used", garbage included: it
     * follows the collector's timing (one run without a young collection showed 798 MiB for 2,000
     * items). {@link #peakLiveMiB()} is what the heap held right after a collection, the memory the
     * work needs; {@link #collectNow()} adds a measurement at a chosen moment.
     */
    static final class HeapSampler implements AutoCloseable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final java.util.List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private void sample() {
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            long live = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                MemoryUsage afterCollection = pool.getCollectionUsage();
                live += afterCollection == null ? 0 : afterCollection.getUsed();
            }
            peakLive.accumulateAndGet(live, Math::max);
        }

        /** A full collection now, and its result sampled: e.g. with every item of a finished queue still held. */
        void collectNow() {
            System.gc();
            sample();
        }

        long peakLiveMiB() {
            return peakLive.get() >> 20;
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
