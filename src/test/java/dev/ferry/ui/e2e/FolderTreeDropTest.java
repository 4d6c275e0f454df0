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

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(SHOTS);
        desktop = Desktop.start(directory.resolve("x"));
        server = MinaServer.builder(directory.resolve("server")).start();
        Files.createDirectories(server.home().resolve("into-remote"));
        Files.writeString(server.home().resolve("down.txt"), "downloaded by a drop on the local tree");
        Files.writeString(server.home().resolve("move-me.txt"), "moved on the server by a drop on the remote tree");
        local = Files.createDirectories(directory.resolve("local"));
        Files.createDirectories(local.resolve("into-local"));
        Files.writeString(local.resolve("up.txt"), "uploaded by a drop on the remote tree");
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
        desktop.waitFor("the remote listing", () -> app.items("remote-table").contains("into-remote"));
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
        desktop.drag(file.centerX(), file.centerY(), folder.centerX(), folder.centerY());
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
        desktop.drag(file.centerX(), file.centerY(), folder.centerX(), folder.centerY());
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
        desktop.drag(file.centerX(), file.centerY(), folder.centerX(), folder.centerY());
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
}
