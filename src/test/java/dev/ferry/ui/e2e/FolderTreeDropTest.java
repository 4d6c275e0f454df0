package dev.ferry.ui.e2e;

import dev.ferry.testing.MinaServer;
import dev.ferry.ui.e2e.FerryProcess.Box;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drops onto a folder of a pane's folder tree do what a drop onto that folder's row in the file
 * list does: they did nothing (the local tree even left a red "Cancelled"). Real drags under a
 * real window manager: Monocle has no drag and drop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FolderTreeDropTest {

    static final Path SHOTS = RealWindowTest.SHOTS;
    @TempDir
    static Path directory;
    static Desktop desktop;
    static MinaServer server;
    static FerryProcess app;
    static Path local;
    /** The files the server was asked for (RETR), in order. */
    static final List<String> retrieved = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(SHOTS);
        desktop = Desktop.start(directory.resolve("x"));
        server = MinaServer.builder(directory.resolve("server")).ftplet(new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                                                                          org.apache.ftpserver.ftplet.FtpRequest request) {
                if (request.getCommand().equalsIgnoreCase("RETR")) {
                    retrieved.add(request.getArgument());
                }
                return org.apache.ftpserver.ftplet.FtpletResult.DEFAULT;
            }
        }).start();
        Files.createDirectories(server.home().resolve("into-remote"));
        Files.writeString(server.home().resolve("down.txt"), "downloaded by a drop on the local tree");
        Files.writeString(server.home().resolve("stay.txt"), "dropped where nothing takes it first");
        Files.writeString(server.home().resolve("move-me.txt"), "moved on the server by a drop on the remote tree");
        Files.writeString(server.home().resolve("to-queue-down.txt"), "downloaded by a drop on the queue");
        local = Files.createDirectories(directory.resolve("local"));
        Files.createDirectories(local.resolve("into-local"));
        Files.writeString(local.resolve("up.txt"), "uploaded by a drop on the remote tree");
        Files.writeString(local.resolve("onto-row.txt"), "moved on this computer by a drop on a folder's row");
        Files.writeString(local.resolve("onto-tree.txt"), "moved on this computer by a drop on the local tree");
        Files.writeString(local.resolve("into-local/taken.txt"), "already in the folder: must stay as it is");
        Files.writeString(local.resolve("taken.txt"), "the one dragged onto a folder that has its name");
        Files.writeString(local.resolve("to-queue-up.txt"), "uploaded by a drop on the queue");
        Path config = directory.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 20, "y": 20, "width": 1340, "height": 840, "maximized": false,
                 "lastLocalDirectory": {"*": "%s"}, "logVisible": true, "queueVisible": true}
                """.formatted(local.toString().replace("\\", "\\\\")));
        app = FerryProcess.start(desktop, config, Map.of());
        connect();
    }

    @AfterAll
    static void stop() {
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

    @AfterEach
    void noDialogLeftOpen() {
        for (int i = 0; i < 3 && app.windows().size() > 1; i++) {
            desktop.key("Escape");
        }
    }

    static void connect() {
        Box host = app.nodeOnScreen("#quick-host");
        desktop.click(host.centerX(), host.centerY());
        desktop.type("127.0.0.1");
        Box user = app.nodeOnScreen("#quick-user");
        desktop.click(user.centerX(), user.centerY());
        desktop.type(MinaServer.USER);
        Box password = app.nodeOnScreen("#quick-password");
        desktop.click(password.centerX(), password.centerY());
        desktop.type(MinaServer.PASSWORD);
        Box port = app.nodeOnScreen("#quick-port");
        desktop.click(port.centerX(), port.centerY());
        desktop.type(Integer.toString(server.port()));
        Box connect = app.nodeOnScreen("#quick-connect-button");
        desktop.click(connect.centerX(), connect.centerY());
        RealWindowTest.agreeToPlainFtp(app);
        desktop.waitFor("the remote listing", () -> app.items("remote-table").contains("into-remote"));
    }

    /** Drags from one point to another once the last drag has settled: its end still swallows a press for a moment. */
    static void drag(Box from, Box to) {
        drag(from, to.centerX(), to.centerY());
    }

    static void drag(Box from, double toX, double toY) {
        int dragsBefore = drags();
        for (int attempt = 0; attempt < 3 && drags() == dragsBefore; attempt++) {
            // A drag the toolkit never saw begin (a press or the first moves lost on a loaded machine)
            // proves nothing about the drop: the user would drag again, and so does the test.
            desktop.waitFor("the last drag to have settled", () -> app.ask("drag").getFirst().equals("idle"));
            desktop.pressAndDrag(from.centerX(), from.centerY(), toX, toY);
            // Hovers a second before the release: a drop counts only once the target has answered a move,
            // which a busy FX thread does late (ci55: a drop on the queue released after 0.4 s was lost).
            desktop.dropAt(toX, toY);
        }
        assertTrue(drags() > dragsBefore, "the toolkit saw the drag from " + from.text() + " begin, in 3 tries");
    }

    private static int drags() {
        return Integer.parseInt(app.ask("drags").getFirst());
    }

    /** The folder {@code name} in a pane's tree ("local", "remote"), once it is shown there. */
    static Box treeFolder(String pane, String name) {
        Box[] found = new Box[2];
        desktop.waitFor("the folder " + name + " in the " + pane + " tree, in the same place twice", () -> {
            found[1] = found[0];
            found[0] = app.nodes("#" + pane + "-tree .tree-cell").stream().filter(b -> b.text().equals(name))
                    .findFirst().orElse(null);
            if (found[0] == null) {
                // The tree is a few rows high and shows the folder's ancestors first: the subfolder may be below.
                Box tree = app.nodeOnScreen("#" + pane + "-tree");
                desktop.xdotool("mousemove", "--sync", Long.toString(Math.round(tree.centerX())),
                        Long.toString(Math.round(tree.centerY())), "click", "5");
            }
            return found[0] != null && found[0].equals(found[1]);
        });
        return found[0];
    }

    /** The log lines on screen (the last ones), and the panes' status lines. */
    static List<String> saidOnScreen() {
        List<String> said = new java.util.ArrayList<>(app.nodes(".log-console .list-cell").stream().map(Box::text).toList());
        said.add(app.nodeOnScreen("#local-status").text());
        said.add(app.nodeOnScreen("#remote-status").text());
        return said;
    }

    @Test
    @Order(1)
    void aLocalFileDroppedOnAFolderOfTheRemoteTreeIsUploadedIntoIt() {
        Box file = app.cell("local", "up.txt");
        Box folder = treeFolder("remote", "into-remote");
        drag(file, folder);
        try {
            desktop.waitFor("up.txt uploaded into /into-remote by the drop on its tree node",
                    () -> Files.exists(server.home().resolve("into-remote/up.txt")));
            desktop.waitFor("the queue to finish", () -> app.ask("queue").getFirst().contains("queued=0, active=0"));
        } finally {
            desktop.screenshot(SHOTS.resolve("tree-drop-upload.png"));
        }
        assertTrue(!Files.exists(server.home().resolve("up.txt")), "into the folder dropped on, not the one shown");
    }

    @Test
    @Order(2)
    void aRemoteRowDroppedOnAFolderOfTheRemoteTreeIsMovedIntoItOnTheServer() throws Exception {
        Box file = app.cell("remote", "move-me.txt");
        Box folder = treeFolder("remote", "into-remote");
        drag(file, folder);
        try {
            desktop.waitFor("move-me.txt moved into /into-remote by the drop on its tree node",
                    () -> Files.exists(server.home().resolve("into-remote/move-me.txt")));
            desktop.waitFor("the remote list without move-me.txt", () -> !app.items("remote-table").contains("move-me.txt"));
        } finally {
            desktop.screenshot(SHOTS.resolve("tree-drop-move.png"));
        }
        assertTrue(!Files.exists(server.home().resolve("move-me.txt")), "moved, not copied");
        assertEquals("moved on the server by a drop on the remote tree",
                Files.readString(server.home().resolve("into-remote/move-me.txt")));
    }

    @Test
    @Order(3)
    void aRemoteRowDroppedOnAFolderOfTheLocalTreeIsDownloadedIntoIt() throws Exception {
        Box file = app.cell("remote", "down.txt");
        Box folder = treeFolder("local", "into-local");
        drag(file, folder);
        try {
            desktop.waitFor("down.txt downloaded into into-local by the drop on its tree node",
                    () -> Files.exists(local.resolve("into-local/down.txt")));
            desktop.waitFor("the queue to finish", () -> app.ask("queue").getFirst().contains("queued=0, active=0"));
        } finally {
            desktop.screenshot(SHOTS.resolve("tree-drop-download.png"));
        }
        assertEquals("downloaded by a drop on the local tree", Files.readString(local.resolve("into-local/down.txt")));
        assertTrue(!Files.exists(local.resolve("down.txt")), "into the folder dropped on, not the one shown");
        assertTrue(app.ask("queue").getFirst().contains("failed=0"), "nothing failed: " + app.ask("queue"));
        // The drop used to start the copy for other applications too, and cancel it: a red "Cancelled" in the log.
        String cancelled = dev.ferry.ui.I18n.words(dev.ferry.message.Message.of(dev.ferry.ftp.FtpText.CANCELLED));
        List<String> said = saidOnScreen();
        assertTrue(said.stream().noneMatch(line -> line.contains(cancelled)), "no \"" + cancelled + "\" on screen: " + said);
    }

    /** The staging folders of the app's drags to other applications ({@link dev.ferry.ui.explorer.OutgoingDrag}). */
    static List<Path> stagingFolders() throws java.io.IOException {
        String prefix = dev.ferry.ui.explorer.OutgoingDrag.PREFIX + app.pid() + "-";
        try (java.util.stream.Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /**
     * A remote row dropped inside the window where nothing takes it (a text field) is no transfer:
     * the toolkit's "drag left" that comes before a drop, without a position (GTK: 0, 0), was
     * taken for the pointer leaving the window, and the copy for other applications began. A drop
     * that nothing took then cancelled it: the red "Cancelled" in the log.
     */
    @Test
    @Order(4)
    void aRemoteRowDroppedWhereNothingTakesItDownloadsNothing() throws Exception {
        List<Path> before = stagingFolders();
        String queueBefore = app.ask("queue").getFirst();
        Box file = app.cell("remote", "stay.txt");
        Box nowhere = app.nodeOnScreen("#local-path");
        drag(file, nowhere.centerX(), nowhere.centerY());
        // The drag's end is when a copy for other applications would have begun (it begins as the pointer
        // leaves the window, and a drop that nothing takes cancelled it). A second drop after it, meant as
        // a barrier, was itself lost now and then on a loaded machine: the drag's own end is the barrier.
        try {
            desktop.waitFor("the drop on the path field to have settled", () -> app.ask("drag").getFirst().equals("idle"));
        } finally {
            desktop.screenshot(SHOTS.resolve("drop-on-nothing.png"));
        }
        assertEquals(before, stagingFolders(), "no copy for other applications was begun: the pointer never left the window");
        assertEquals(List.of(), retrieved.stream().filter(path -> path.endsWith("stay.txt")).toList(),
                "nothing asked of the server");
        assertEquals(queueBefore, app.ask("queue").getFirst(), "nothing queued");
        String cancelled = dev.ferry.ui.I18n.words(dev.ferry.message.Message.of(dev.ferry.ftp.FtpText.CANCELLED));
        List<String> said = saidOnScreen();
        assertTrue(said.stream().noneMatch(line -> line.contains(cancelled)), "no \"" + cancelled + "\" on screen: " + said);
    }

    /**
     * The local pane's own rows dropped on one of its folders are moved into it, as in a file manager
     * and in the remote pane: the drop did nothing (U3). A name the folder already has is not replaced.
     */
    @Test
    @Order(5)
    void aLocalRowDroppedOnAFolderOfTheLocalListIsMovedIntoIt() throws Exception {
        dropAndSeeMoved("onto-row.txt", app.cell("local", "into-local"), "its row", "local-row-drop-move.png");
        assertEquals("moved on this computer by a drop on a folder's row", Files.readString(local.resolve("into-local/onto-row.txt")));
    }

    @Test
    @Order(6)
    void aLocalRowDroppedOnAFolderOfTheLocalTreeIsMovedIntoIt() throws Exception {
        dropAndSeeMoved("onto-tree.txt", treeFolder("local", "into-local"), "its tree node", "local-tree-drop-move.png");
        assertEquals("moved on this computer by a drop on the local tree", Files.readString(local.resolve("into-local/onto-tree.txt")));
    }

    /** Drags the local row {@code name} onto {@code folder} (into-local, as a row or a tree node) and waits for it there, gone from here. */
    private static void dropAndSeeMoved(String name, Box folder, String droppedOn, String screenshot) {
        drag(app.cell("local", name), folder);
        try {
            desktop.waitFor(name + " moved into into-local by the drop on " + droppedOn,
                    () -> Files.exists(local.resolve("into-local").resolve(name)));
            desktop.waitFor("the local list without " + name, () -> !app.items("local-table").contains(name));
        } finally {
            desktop.screenshot(SHOTS.resolve(screenshot));
        }
        assertTrue(!Files.exists(local.resolve(name)), "moved, not copied");
    }

    /** U4: the drop only said that the name was taken; it asks, as a file manager does, and nothing is replaced unasked. */
    @Test
    @Order(7)
    void aLocalRowDroppedOnAFolderThatHasItsNameAsksAndKeepsBoth() throws Exception {
        drag(app.cell("local", "taken.txt"), app.cell("local", "into-local"));
        try {
            desktop.waitFor("the question saying that into-local has taken.txt already",
                    () -> app.windows().size() > 1 && app.nodes("#taken-keep-both").size() == 1
                            && app.nodes("#taken-replace").size() == 1);
        } finally {
            desktop.screenshot(SHOTS.resolve("local-drop-name-taken.png"));
        }
        Box keepBoth = app.nodeOnScreen("#taken-keep-both");
        desktop.click(keepBoth.centerX(), keepBoth.centerY());
        desktop.waitFor("the dropped file beside the one there, as taken (1).txt",
                () -> Files.exists(local.resolve("into-local/taken (1).txt")));
        assertEquals("the one dragged onto a folder that has its name", Files.readString(local.resolve("into-local/taken (1).txt")));
        assertEquals("already in the folder: must stay as it is", Files.readString(local.resolve("into-local/taken.txt")));
        desktop.waitFor("the local list without taken.txt", () -> !app.items("local-table").contains("taken.txt"));
        assertFalse(Files.exists(local.resolve("taken.txt")), "moved, not copied");
    }

    /**
     * The queue takes a drop as a place to add transfers to, as FileZilla's does: a remote row is
     * downloaded into the local list's folder, a local one uploaded into the remote list's folder.
     * The drop did nothing (U3).
     */
    @Test
    @Order(8)
    void filesDroppedOnTheQueueAreQueuedForTheOtherSidesFolder() throws Exception {
        Box queue = app.nodeOnScreen("#queue-tabs");
        drag(app.cell("local", "to-queue-up.txt"), queue);
        try {
            desktop.waitFor("to-queue-up.txt uploaded into the remote list's folder by the drop on the queue",
                    () -> Files.exists(server.home().resolve("to-queue-up.txt")));
            // The remote list is read again after the upload: a drag begun while its rows are replaced is lost.
            desktop.waitFor("the upload finished and shown in the remote list", () -> app.items("remote-table")
                    .contains("to-queue-up.txt") && app.ask("queue").getFirst().contains("queued=0, active=0"));
            drag(app.cell("remote", "to-queue-down.txt"), queue);
            desktop.waitFor("to-queue-down.txt downloaded into the local list's folder by the drop on the queue",
                    () -> Files.exists(local.resolve("to-queue-down.txt")));
            desktop.waitFor("the queue to finish", () -> app.ask("queue").getFirst().contains("queued=0, active=0"));
        } finally {
            desktop.screenshot(SHOTS.resolve("queue-drop.png"));
        }
        assertEquals("uploaded by a drop on the queue", Files.readString(server.home().resolve("to-queue-up.txt")));
        assertEquals("downloaded by a drop on the queue", Files.readString(local.resolve("to-queue-down.txt")));
        assertTrue(Files.exists(local.resolve("to-queue-up.txt")), "uploaded, not moved");
        assertTrue(app.ask("queue").getFirst().contains("failed=0"), "nothing failed: " + app.ask("queue"));
    }
}
