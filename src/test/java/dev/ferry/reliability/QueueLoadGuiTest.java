package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.FxLatencyProbe;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemState;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.MainWindow;
import dev.ferry.ui.UiState;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 12 with the window: the main window shows the queue while thousands of items run on 8
 * sessions against MINA in this JVM, on this machine's two cores. A probe posts a task to the FX
 * thread every 10 ms ({@link FxLatencyProbe}) and splits each delay into what explains it:
 * <ul>
 * <li>waiting for a CPU (Linux schedstat run-queue time): the cores were busy with transfers;</li>
 * <li>waiting for the software painter (stack samples in waitForRenderingToComplete): the tests
 *     paint in software (Monocle, prism.order=sw) on those same cores;</li>
 * <li>computing (the FX thread's own CPU time): applying queue updates, CSS, layout;</li>
 * <li>blocked: the rest, the FX thread off the CPU waiting for something else (a lock, the disk,
 *     the network, a GC pause).</li>
 * </ul>
 * The delays are reported, not asserted: on a loaded machine they measure the machine. What is
 * asserted is what the window must never do, whatever the load: a stack sampler watching the FX
 * thread must never find it waiting for a lock of the queue or the engine, nor in network I/O.
 * Computing bursts are bounded loosely (1 s) to catch regressions such as an update that costs
 * time in proportion to the queue's length.
 */
@ExtendWith(ApplicationExtension.class)
class QueueLoadGuiTest extends GuiTest {

    @TempDir
    static Path directory;
    AppContext app;
    MainWindow window;

    @Start
    void start(Stage stage) {
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void twoThousandItemsNeverHoldUpTheWindow() throws Exception {
        run(2_000);
    }

    @Test
    @Tag("stress")
    void tenThousandItemsNeverHoldUpTheWindow() throws Exception {
        run(10_000);
    }

    private void run(int files) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server-" + files)).start()) {
            QueueLoad.makeTree(server.home().resolve("tree"), files);
            Path local = directory.resolve("download-" + files);
            app.queue().setSettings(app.queue().settings().withConnections(8).withConflictDefault(ConflictAction.OVERWRITE));
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            long gcBefore = gcMillis();
            long peak;
            FxLatencyProbe probe;
            try (QueueLoad.HeapSampler heap = new QueueLoad.HeapSampler(); FxLatencyProbe running = new FxLatencyProbe()) {
                probe = running;
                app.queue().addDownload(settings, null, "/tree", local, true, -1, null);
                app.queue().start();
                assertTrue(app.queue().awaitIdle(Duration.ofMinutes(10)), "finished: " + app.queue().totals());
                // Keep measuring while the window catches up with the last progress (and the notification).
                long settledFrom = running.samples();
                org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
                dev.ferry.testing.Await.until("20 more probes after the queue finished",
                        () -> running.samples() >= settledFrom + 20);
                peak = heap.peakMiB();
            }
            long gc = gcMillis() - gcBefore;
            assertEquals(0, app.queue().snapshot().stream().filter(s -> s.state() != ItemState.DONE).count());
            try (var walk = Files.walk(local)) {
                assertEquals(files, walk.filter(Files::isRegularFile).count());
            }
            System.out.printf("window + %,d items on 8 sessions, %d probes: FX thread blocked at most %d ms; "
                    + "worst delay %d ms; worst parts: waiting for a CPU %d ms, for the software painter %d ms, "
                    + "computing %d ms; GC %d ms in all; peak heap %d MiB%n", files, probe.samples(),
                    probe.worstBlockedMillis(), probe.worstDelayMillis(), probe.worstStarvedMillis(),
                    probe.worstPaintWaitMillis(), probe.worstComputingMillis(), gc, peak);
            assertTrue(probe.samples() > 50, "the probe ran: " + probe.samples());
            assertEquals(java.util.List.of(), probe.forbiddenWaits(), "the FX thread never waits for the queue or the network");
            if (!probe.measuresParts()) {
                return; // without /proc, computing cannot be told apart from waiting for a CPU
            }
            assertTrue(probe.worstComputingMillis() < 1_000,
                    "one FX event computed for " + probe.worstComputingMillis() + " ms");
        }
    }

    static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
