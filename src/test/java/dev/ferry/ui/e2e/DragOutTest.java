package dev.ferry.ui.e2e;

import dev.ferry.testing.MinaServer;
import dev.ferry.ui.e2e.FerryProcess.Box;
import dev.ferry.ui.explorer.OutgoingDrag;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote files dragged out of the real app to another application: a stand-in file manager in
 * its own JVM beside Ferry's window ({@link StandInFileManager}), which copies what it is given
 * when the drop comes, as Nautilus does. And a remote row dropped on Ferry's own local pane still
 * downloads there, once, without the staging copy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DragOutTest {

    @TempDir
    static Path directory;
    static Desktop desktop;
    static MinaServer server;
    static FerryProcess app;
    static Process manager;
    static Path local;
    static Path temporary;
    static Path managed;
    /** What a drag out of the stand-in file manager carries. */
    static Path outbox;
    static Path managerLog;
    static byte[] report;
    static byte[] second;
    /** Holds the server's answer to RETR slow.bin until the test lets it go: a download still running at the drop. */
    static final HeldDownload slow = new HeldDownload("slow.bin");
    /** The same for a drag that goes out, comes back and is dropped on Ferry's own local pane. */
    static final HeldDownload back = new HeldDownload("back.bin");
    /** The same for a drag out while the saved queue is being restored. */
    static final HeldDownload restoring = new HeldDownload("restoring.bin");
    /**
     * The saved queue's journal is a named pipe: the app's restore at start reads it until the test
     * closes its end, so a drag can come while the restore goes on.
     */
    static java.util.concurrent.CompletableFuture<java.io.OutputStream> journalEnd;
    static volatile boolean holdingTheRestore;

    record HeldDownload(String name, CountDownLatch release, AtomicBoolean asked) {
        HeldDownload(String name) {
            this(name, new CountDownLatch(1), new AtomicBoolean());
        }
    }

    static final class Holder extends DefaultFtplet {
        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            for (HeldDownload held : List.of(slow, back, restoring)) {
                if (request.getCommand().equalsIgnoreCase("RETR") && request.getArgument() != null
                        && request.getArgument().endsWith(held.name())) {
                    held.asked().set(true);
                    try {
                        if (!held.release().await(60, TimeUnit.SECONDS)) {
                            throw new IOException("the test never let " + held.name() + " go");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
            }
            return FtpletResult.DEFAULT;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(RealWindowTest.SHOTS);
        desktop = Desktop.start(directory.resolve("x"));
        server = MinaServer.builder(directory.resolve("server")).ftplet(new Holder()).start();
        Random random = new Random(14);
        report = new byte[300_000];
        random.nextBytes(report);
        second = new byte[50_000];
        random.nextBytes(second);
        Files.write(server.home().resolve("report.bin"), report);
        Files.write(server.home().resolve("second.bin"), second);
        Files.write(server.home().resolve("slow.bin"), second);
        Files.write(server.home().resolve("back.bin"), report);
        Files.write(server.home().resolve("queued-later.bin"), second);
        Files.write(server.home().resolve("held.bin"), second);
        Files.write(server.home().resolve("restoring.bin"), second);
        Files.write(Files.createDirectories(server.home().resolve("album")).resolve("one.bin"), second);
        Files.write(Files.createDirectories(server.home().resolve("album/deep")).resolve("two.bin"), report);
        local = Files.createDirectories(directory.resolve("local"));
        temporary = Files.createDirectories(directory.resolve("tmp"));
        Path config = Files.createDirectories(directory.resolve("config"));
        // Ferry on the left, the stand-in file manager beside it on the right.
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 10, "y": 10, "width": 880, "height": 860, "maximized": false,
                 "lastLocalDirectory": {"*": "%s"}, "logVisible": true, "queueVisible": true}
                """.formatted(local.toString().replace("\\", "\\\\")));
        Path journal = config.resolve("queue.journal");
        Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + journal);
        // Opened beside the test: the open returns once the app's restore opens the pipe to read it.
        journalEnd = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(journal);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("journal-pipe").start(task));
        app = FerryProcess.start(desktop, config, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temporary));
        managed = Files.createDirectories(directory.resolve("managed"));
        outbox = Files.createDirectories(directory.resolve("outbox"));
        managerLog = directory.resolve("manager.log");
        manager = startManager(960, 200, 400, 400);
        desktop.waitFor("the stand-in file manager's window", 60, () -> {
            if (!manager.isAlive()) {
                throw new AssertionError("the stand-in file manager exited: " + read(directory.resolve("manager.out")));
            }
            return read(managerLog).contains("ready") && !desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").isEmpty();
        });
        // The window manager does not always keep the position a window asks for: put it beside Ferry, clear of it.
        String standIn = desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst();
        desktop.waitFor("the stand-in file manager beside Ferry's window", () -> {
            desktop.xdotool("windowmove", "--sync", standIn, "960", "200");
            return desktop.geometry(standIn)[0] >= 900;
        });
    }

    private static Process startManager(int x, int y, int width, int height) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Djavafx.cachedir=" + Path.of("target", "openjfx-cache").toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StandInFileManager.class.getName());
        command.addAll(List.of(managed.toString(), managerLog.toString(), Integer.toString(x), Integer.toString(y),
                Integer.toString(width), Integer.toString(height), outbox.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("manager.out").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("DISPLAY", desktop.display());
        builder.environment().put("NO_AT_BRIDGE", "1");
        builder.environment().put("GTK_A11Y", "none");
        return builder.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        slow.release().countDown();
        back.release().countDown();
        restoring.release().countDown();
        if (journalEnd != null) {
            journalEnd.thenAccept(DragOutTest::close);
        }
        if (manager != null) {
            manager.destroy();
            if (!manager.waitFor(10, TimeUnit.SECONDS)) {
                manager.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
        if (desktop != null) {
            desktop.close();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static Box cell(String table, String name) {
        return app.cell(table, name);
    }

    static Box node(String selector) {
        return app.nodeOnScreen(selector);
    }

    /** Types into a field of the quick-connect bar once it has the keyboard (the stand-in's window took it when it opened). */
    static void fill(String id, String text) {
        Box field = node("#" + id);
        try {
            desktop.waitFor(id + " to have the keyboard after a click on it", () -> {
                desktop.click(field.centerX(), field.centerY());
                return app.focus().contains(id);
            });
        } catch (AssertionError e) {
            desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-no-keyboard.png"));
            throw new AssertionError(e.getMessage() + "; focus: " + app.focus(), e);
        }
        desktop.key("ctrl+a");
        desktop.type(text);
    }

    /** Closes the test's end of the journal's pipe: the app's restore of the saved queue reads to its end. */
    static void letTheRestoreEnd() {
        try {
            close(journalEnd.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("the app's restore never opened the saved queue's journal", e);
        }
    }

    private static void close(java.io.OutputStream pipe) {
        try {
            pipe.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void connect() {
        if (!holdingTheRestore) {
            letTheRestoreEnd();
        }
        if (!app.items("remote-table").contains("report.bin")) {
            // The stand-in's window opened last and has the keyboard: the user clicks Ferry's title first.
            desktop.xdotool("windowactivate", "--sync", desktop.windowsNamed("Ferry$").getFirst());
            fill("quick-host", "127.0.0.1");
            fill("quick-user", MinaServer.USER);
            fill("quick-password", MinaServer.PASSWORD);
            fill("quick-port", Integer.toString(server.port()));
            desktop.click(node("#quick-connect-button").centerX(), node("#quick-connect-button").centerY());
            RealWindowTest.agreeToPlainFtp(app);
            try {
                desktop.waitFor("the remote listing", () -> app.items("remote-table").contains("report.bin"));
            } catch (AssertionError e) {
                desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-not-connected.png"));
                throw e;
            }
        }
    }

    /** Waits for a node showing {@code text}, in the same place twice: a notice slides in before it stays. */
    /** The text's every line is inside the notification that shows it, and that is on the screen. */
    static void assertShownWhole(String text) {
        Box words = app.text(text).stream().findFirst().orElseThrow(() -> new AssertionError("no " + text));
        int bottom = words.y() + words.height();
        FerryProcess.FxWindow popup = app.windows().stream()
                .filter(w -> w.title().isEmpty() && w.x() <= words.x() && words.x() < w.x() + w.width()
                        && w.y() <= words.y() && words.y() < w.y() + w.height())
                .findFirst().orElseThrow(() -> new AssertionError("no notification around " + words + ": " + app.windows()));
        assertTrue(bottom <= popup.y() + popup.height() && popup.y() + popup.height() <= Desktop.HEIGHT,
                "the notice's last line is cut off: words " + words + " in " + popup);
    }

    static void settled(String what, String text) {
        Box[] found = new Box[2];
        desktop.waitFor(what + ", in the same place twice", 60, () -> {
            found[1] = found[0];
            found[0] = app.text(text).stream().findFirst().orElse(null);
            return found[0] != null && found[0].equals(found[1]);
        });
    }

    private static int queueCount(String field) {
        String totals = app.ask("queue").getFirst();
        Matcher matcher = Pattern.compile("\\b" + field + "=(\\d+)").matcher(totals);
        if (!matcher.find()) {
            throw new AssertionError("no " + field + " in the queue's totals: " + totals);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static boolean queueIdle() {
        return queueCount("queued") == 0 && queueCount("active") == 0;
    }

    /** The middle of the stand-in file manager's window, where drags out of Ferry go (x, y). */
    private static double[] fileManagerMiddle() {
        int[] target = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        return new double[]{target[0] + target[2] / 2.0, target[1] + target[3] / 2.0};
    }

    /** Whether a copy of {@code name} for other applications is in a staging folder. */
    private static boolean isStaged(String name) {
        try {
            return staged().stream().anyMatch(p -> p.getFileName().toString().equals(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The files in this run's staging folders. */
    private static List<Path> staged() throws IOException {
        try (Stream<Path> walk = Files.walk(temporary)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> temporary.relativize(p).getName(0).toString().startsWith(OutgoingDrag.PREFIX)).toList();
        }
    }

    /**
     * A drag out while the saved queue was restored at start took the queue, not yet started, for
     * one the user had stopped, and stopped it once its copies were done: what the restore started
     * then waited until the user noticed.
     */
    @Test
    @Order(0)
    void aDragOutWhileTheSavedQueueIsRestoredLeavesTheQueueRunning() throws Exception {
        double[] middle = fileManagerMiddle();
        holdingTheRestore = true;
        try {
            connect();
            Box source = cell("remote", "restoring.bin");
            desktop.pressAndDrag(source.centerX(), source.centerY(), middle[0], middle[1]);
            desktop.waitFor("the copy for the file manager in the queue while the saved queue is restored",
                    () -> queueCount("queued") + queueCount("active") == 1);
        } finally {
            holdingTheRestore = false;
            letTheRestoreEnd();
        }
        desktop.waitFor("the server asked for restoring.bin", restoring.asked()::get);
        restoring.release().countDown();
        desktop.waitFor("the copy for the file manager downloaded while the pointer is over it", 60,
                () -> isStaged("restoring.bin"));
        desktop.dropAt(middle[0], middle[1]);
        desktop.waitFor("the stand-in file manager to take the drop", () -> read(managerLog).contains("restoring.bin"));
        // Shown in the Successful tab once the window heard of it: what the drag does then is done before.
        desktop.waitFor("the copy among the successful transfers", () -> !app.text(dev.ferry.ui.I18n.t("queue.done", 1)).isEmpty());
        desktop.waitFor("the last drag to have settled", () -> app.ask("drag").getFirst().equals("idle"));
        assertTrue(app.ask("queue").getFirst().contains("processing=true"),
                "the queue the user had left running still runs: " + app.ask("queue").getFirst());
        // The listing as the other tests know it: a row more pushed theirs out of sight.
        Files.delete(server.home().resolve("restoring.bin"));
        desktop.xdotool("windowactivate", "--sync", desktop.windowsNamed("Ferry$").getFirst());
        Box report = cell("remote", "report.bin");
        desktop.click(report.centerX(), report.centerY());
        desktop.key("F5");
        desktop.waitFor("the remote listing without restoring.bin", () -> !app.items("remote-table").contains("restoring.bin"));
    }

    @Test
    @Order(1)
    void aRemoteFileDraggedToAFileManagerArrivesWholeAndIsDownloadedOnce() throws Exception {
        connect();
        int doneBefore = queueCount("done");
        long linesBefore = read(managerLog).lines().count();
        Box source = cell("remote", "report.bin");
        int[] target = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        double targetX = target[0] + target[2] / 2.0;
        double targetY = target[1] + target[3] / 2.0;
        Box insideFerry = node("#local-table");
        // Out of Ferry's window, back in, and out again: the download starts once.
        desktop.pressAndDrag(source.centerX(), source.centerY(), targetX, targetY);
        desktop.dragOn(targetX, targetY, insideFerry.centerX(), insideFerry.centerY());
        desktop.dragOn(insideFerry.centerX(), insideFerry.centerY(), targetX, targetY);
        // The hand stays over the file manager while the user watches Ferry's queue finish the file.
        desktop.waitFor("the queue to finish the dragged file while the pointer is over the file manager", 60,
                () -> queueIdle() && queueCount("done") > doneBefore);
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-before-drop.png"));
        desktop.dropAt(targetX, targetY);
        desktop.waitFor("the stand-in file manager to take the drop", () -> read(managerLog).lines()
                .anyMatch(line -> line.endsWith("report.bin") || line.contains("report.bin ")));
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-after-drop.png"));
        List<String> seen = read(managerLog).lines().skip(linesBefore).toList();
        assertEquals(List.of("copied report.bin " + report.length), seen, "what the file manager found at drop time");
        assertArrayEquals(report, Files.readAllBytes(managed.resolve("report.bin")), "the copy has the server's bytes");
        assertEquals(doneBefore + 1, queueCount("done"), "one download for one drag, however often the pointer left");
        assertEquals(0, queueCount("failed"));
        // What the first test's drag staged is its own.
        List<Path> staged = staged().stream().filter(p -> !p.getFileName().toString().startsWith("restoring.bin")).toList();
        assertEquals(1, staged.size(), "one staged file: " + staged);
        assertEquals("report.bin", staged.getFirst().getFileName().toString(), "no .part left: " + staged);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(staged.getFirst().getParent())), "the staging folder is the user's alone");
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(List.of(), files.toList(), "a drag out of the window puts nothing in the local folder");
        }
    }

    @Test
    @Order(2)
    void aRemoteRowDroppedOnTheLocalPaneIsDownloadedOnceIntoTheLocalFolder() throws Exception {
        connect();
        int doneBefore = queueCount("done");
        List<Path> stagedBefore = staged();
        Box source = cell("remote", "second.bin");
        Box into = node("#local-table");
        desktop.drag(source.centerX(), source.centerY(), into.centerX(), into.centerY());
        desktop.waitFor("second.bin downloaded into the local folder", 60,
                () -> Files.exists(local.resolve("second.bin")) && queueIdle() && queueCount("done") > doneBefore);
        assertArrayEquals(second, Files.readAllBytes(local.resolve("second.bin")));
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(List.of(local.resolve("second.bin")), files.toList(), "only the downloaded file, no .part");
        }
        assertEquals(doneBefore + 1, queueCount("done"), "one download: nothing was staged for a drop inside Ferry");
        assertEquals(stagedBefore, staged(), "a drop inside Ferry stages nothing");
        assertTrue(read(managerLog).lines().noneMatch(line -> line.contains("second.bin")));
    }

    @Test
    @Order(3)
    void aDropBeforeTheDownloadFinishedIsSaidAndTheFileIsOfferedWhenItIsThere() throws Exception {
        connect();
        Box source = cell("remote", "slow.bin");
        int[] target = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        double targetX = target[0] + target[2] / 2.0;
        double targetY = target[1] + target[3] / 2.0;
        desktop.pressAndDrag(source.centerX(), source.centerY(), targetX, targetY);
        try {
            desktop.waitFor("the server to be asked for slow.bin once the pointer left Ferry", slow.asked()::get);
        } catch (AssertionError e) {
            desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-not-started.png"));
            desktop.dropAt(targetX, targetY);
            throw e;
        }
        desktop.dropAt(targetX, targetY);
        try {
            desktop.waitFor("the stand-in file manager to take the drop", () -> read(managerLog).contains("slow.bin"));
        } catch (AssertionError e) {
            desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-no-drop.png"));
            throw new AssertionError(e.getMessage() + "; the stand-in's log: " + read(managerLog) + "; its output: "
                    + read(directory.resolve("manager.out")), e);
        }
        assertTrue(read(managerLog).lines().anyMatch(line -> line.equals("missing slow.bin")),
                "nothing to copy yet: " + read(managerLog));
        String notCopied = dev.ferry.ui.I18n.t("dragOut.notCopied", "slow.bin");
        settled("Ferry saying slow.bin was not copied", notCopied);
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-too-early.png"));
        assertShownWhole(notCopied);
        slow.release().countDown();
        String ready = dev.ferry.ui.I18n.t("dragOut.ready", "slow.bin");
        settled("Ferry saying slow.bin is ready", ready);
        settled("the show-in-folder action beside it", dev.ferry.ui.I18n.t("open.showFolder"));
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-ready.png"));
        Path staged = staged().stream().filter(p -> p.getFileName().toString().equals("slow.bin")).findFirst()
                .orElseThrow(() -> new AssertionError("slow.bin not staged"));
        assertArrayEquals(second, Files.readAllBytes(staged), "the staged copy the user is shown");
    }

    @Test
    @Order(4)
    void aDragThatWentOutAndCameBackToTheLocalPaneTakesItsStagingDownloadBack() throws Exception {
        connect();
        int doneBefore = queueCount("done");
        int failedBefore = queueCount("failed");
        Box source = cell("remote", "back.bin");
        Box into = node("#local-table");
        int[] target = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        double outX = target[0] + target[2] / 2.0;
        double outY = target[1] + target[3] / 2.0;
        desktop.pressAndDrag(source.centerX(), source.centerY(), outX, outY);
        try {
            desktop.waitFor("the staging download of back.bin to ask the server", back.asked()::get);
        } finally {
            desktop.dragOn(outX, outY, into.centerX(), into.centerY());
            desktop.dropAt(into.centerX(), into.centerY());
        }
        // The drop queued the local download; the staging one was taken out of the queue.
        desktop.waitFor("one download of back.bin left in the queue", () -> queueCount("queued") + queueCount("active") == 1);
        back.release().countDown();
        desktop.waitFor("back.bin downloaded into the local folder", 60,
                () -> Files.exists(local.resolve("back.bin")) && queueIdle() && queueCount("done") > doneBefore);
        assertArrayEquals(report, Files.readAllBytes(local.resolve("back.bin")));
        assertEquals(doneBefore + 1, queueCount("done"), "only the local download finished");
        assertEquals(failedBefore, queueCount("failed"), "the staging download was removed, not failed");
        assertTrue(staged().stream().noneMatch(p -> p.getFileName().toString().startsWith("back.bin")),
                "no staged copy of back.bin: " + staged());
        assertTrue(read(managerLog).lines().noneMatch(line -> line.contains("back.bin")));
    }

    @Test
    @Order(5)
    void aRemoteFolderDraggedToAFileManagerArrivesOnlyWhole() throws Exception {
        connect();
        int doneBefore = queueCount("done");
        Box source = cell("remote", "album");
        int[] target = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        double targetX = target[0] + target[2] / 2.0;
        double targetY = target[1] + target[3] / 2.0;
        desktop.pressAndDrag(source.centerX(), source.centerY(), targetX, targetY);
        desktop.waitFor("the queue to finish the folder's two files while the pointer is over the file manager", 60,
                () -> queueIdle() && queueCount("done") >= doneBefore + 2);
        desktop.waitFor("the finished folder moved to its staged name", () -> {
            try {
                return staged().stream().anyMatch(p -> p.endsWith(Path.of("album", "deep", "two.bin"))
                        && !p.toString().contains(OutgoingDrag.INCOMING));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        desktop.dropAt(targetX, targetY);
        desktop.waitFor("the stand-in file manager to take the folder", () -> read(managerLog).lines()
                .anyMatch(line -> line.contains("album")));
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-folder.png"));
        assertEquals(List.of("copied album/ 2"), read(managerLog).lines().filter(line -> line.contains("album")).toList(),
                "what the file manager found at drop time");
        assertArrayEquals(second, Files.readAllBytes(managed.resolve("album/one.bin")));
        assertArrayEquals(report, Files.readAllBytes(managed.resolve("album/deep/two.bin")));
        assertEquals(0, queueCount("failed"));
    }

    /**
     * A drag that went out of the window and came back onto the queue: the copy for other
     * applications had started a queue the user had stopped, and everything waiting in it ran
     * (R10). A drop on the queue adds to it as "Add to queue" does: the queue stays stopped.
     */
    @Test
    @Order(6)
    void aDragThatWentOutAndCameBackOntoAStoppedQueueLeavesItStopped() throws Exception {
        connect();
        Box process = node("#toolbar-process");
        desktop.click(process.centerX(), process.centerY());
        desktop.waitFor("the queue stopped by its toolbar button", () -> app.ask("queue").getFirst().contains("processing=false"));
        int queuedBefore = queueCount("queued");
        Box source = cell("remote", "queued-later.bin");
        Box queue = node("#queue-tabs");
        double[] out = fileManagerMiddle();
        double outX = out[0];
        double outY = out[1];
        desktop.pressAndDrag(source.centerX(), source.centerY(), outX, outY);
        try {
            // The copy for other applications had to start the stopped queue (and stops it again once done).
            desktop.waitFor("the copy for other applications made", () -> isStaged("queued-later.bin"));
        } finally {
            desktop.dragOn(outX, outY, queue.centerX(), queue.centerY());
            desktop.dropAt(queue.centerX(), queue.centerY());
        }
        try {
            desktop.waitFor("queued-later.bin queued by the drop, the queue stopped again",
                    () -> queueCount("queued") == queuedBefore + 1 && app.ask("queue").getFirst().contains("processing=false"));
        } finally {
            desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-back-to-stopped-queue.png"));
            desktop.click(process.centerX(), process.centerY());
        }
        desktop.waitFor("queued-later.bin downloaded once the queue is started again", 60,
                () -> Files.exists(local.resolve("queued-later.bin")) && queueIdle());
        assertArrayEquals(second, Files.readAllBytes(local.resolve("queued-later.bin")));
    }

    /**
     * A drag out to a file manager while the queue is stopped: the copy had to start the queue, and
     * it stayed running after the drop (R11). It is stopped again once the copy is done.
     */
    @Test
    @Order(7)
    void aDragOutToAFileManagerStopsAgainTheQueueItHadToStart() throws Exception {
        connect();
        Box process = node("#toolbar-process");
        if (!app.ask("queue").getFirst().contains("processing=false")) {
            desktop.click(process.centerX(), process.centerY());
        }
        desktop.waitFor("the queue stopped", () -> app.ask("queue").getFirst().contains("processing=false"));
        // Something the user left in the stopped queue: it must not run because a drag needed the queue (U4).
        int queuedBefore = queueCount("queued");
        Box queue = node("#queue-tabs");
        Box held = cell("remote", "held.bin");
        desktop.pressAndDrag(held.centerX(), held.centerY(), queue.centerX(), queue.centerY());
        desktop.dropAt(queue.centerX(), queue.centerY());
        desktop.waitFor("held.bin waiting in the stopped queue", () -> queueCount("queued") == queuedBefore + 1);
        desktop.waitFor("the last drag to have settled", () -> app.ask("drag").getFirst().equals("idle"));
        Box source = cell("remote", "second.bin");
        double[] middle = fileManagerMiddle();
        double targetX = middle[0];
        double targetY = middle[1];
        desktop.pressAndDrag(source.centerX(), source.centerY(), targetX, targetY);
        desktop.waitFor("the copy for the file manager downloaded while the pointer is over it", 60,
                () -> isStaged("second.bin"));
        desktop.dropAt(targetX, targetY);
        try {
            desktop.waitFor("the file manager to take it, and the queue stopped again", () -> read(managerLog).lines()
                    .anyMatch(line -> line.contains("second.bin"))
                    && app.ask("queue").getFirst().contains("processing=false"));
        } finally {
            desktop.screenshot(RealWindowTest.SHOTS.resolve("drag-out-stopped-queue.png"));
        }
        assertArrayEquals(second, Files.readAllBytes(managed.resolve("second.bin")));
        desktop.waitFor("held.bin waiting again in the stopped queue", () -> queueCount("queued") == queuedBefore + 1);
        assertFalse(Files.exists(local.resolve("held.bin")), "what waited in the stopped queue did not run");
    }

    /**
     * R10: files dragged from a file manager onto Ferry's local list did nothing. They are copied
     * into the list's folder, as a file manager copies them, and stay where they were.
     */
    @Test
    @Order(8)
    void filesDraggedFromAFileManagerOntoTheLocalListAreCopiedIntoItsFolder() throws Exception {
        Files.write(outbox.resolve("from-manager.bin"), second);
        Files.write(Files.createDirectories(outbox.resolve("from-manager-folder/deep")).resolve("inner.bin"), report);
        int[] source = desktop.geometry(desktop.windowsNamed("^" + StandInFileManager.TITLE + "$").getFirst());
        Box into = node("#local-table");
        desktop.drag(source[0] + source[2] / 2, source[1] + source[3] / 2, into.centerX(), into.centerY());
        desktop.waitFor("from-manager.bin and the folder copied into the local folder", 60,
                () -> Files.exists(local.resolve("from-manager.bin"))
                        && Files.exists(local.resolve("from-manager-folder/deep/inner.bin")));
        assertArrayEquals(second, Files.readAllBytes(local.resolve("from-manager.bin")));
        assertArrayEquals(report, Files.readAllBytes(local.resolve("from-manager-folder/deep/inner.bin")));
        assertTrue(Files.exists(outbox.resolve("from-manager.bin")) && Files.exists(outbox.resolve("from-manager-folder")),
                "copied: the file manager's files stay where they were");
        app.cell("local", "from-manager.bin");
        app.cell("local", "from-manager-folder");
        try (Stream<Path> files = Files.list(local)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("ferry-copy")), "no hidden copy left");
        }
        desktop.screenshot(RealWindowTest.SHOTS.resolve("drop-from-file-manager.png"));
    }
}
