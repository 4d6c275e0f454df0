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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real app in a real X session with a window manager, driven by real pointer and keyboard
 * events (xdotool), against MINA FtpServer in this JVM. What the Monocle tests cannot see —
 * pointer grabs during drag and drop, window placement, header clicks going through the real
 * skin — is what these check. One app for the class; each test leaves no dialog open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealWindowTest {

    /** Screenshots of what the tests saw, for people to look at (target/e2e). */
    static final Path SHOTS = Path.of("target", "e2e").toAbsolutePath();
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
        Files.writeString(Files.createDirectories(server.home().resolve("docs")).resolve("same.txt"), "the server's copy");
        // By name a, b, c; by size b, c, a.
        Files.writeString(server.home().resolve("a-large.bin"), "x".repeat(90_000));
        Files.writeString(server.home().resolve("b-small.txt"), "x");
        Files.writeString(server.home().resolve("c-middle.bin"), "x".repeat(5000));
        local = Files.createDirectories(directory.resolve("local"));
        Files.writeString(local.resolve("same.txt"), "the local copy, which must not replace the server's");
        Files.writeString(local.resolve("rename-me.txt"), "local");
        Path config = directory.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 20, "y": 20, "width": 1340, "height": 840, "maximized": false,
                 "lastLocalDirectory": {"*": "%s"}, "logVisible": true, "queueVisible": true}
                """.formatted(local.toString().replace("\\", "\\\\")));
        app = FerryProcess.start(desktop, config, Map.of());
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
        // A failed test must not leave a modal window that blocks the next one.
        for (int i = 0; i < 3 && app.windows().size() > 1; i++) {
            desktop.key("Escape");
        }
    }

    static Box cell(String table, String name) {
        return app.cell(table, name);
    }

    static Box node(String selector) {
        return app.nodeOnScreen(selector);
    }

    /** A node showing {@code text}, once it is on screen and has stopped moving (windows settle after showing). */
    static Box labelled(String text, String typePrefix) {
        Box[] found = new Box[2];
        desktop.waitFor("\"" + text + "\" on screen, in the same place twice", () -> {
            found[1] = found[0];
            found[0] = app.textIn(text, typePrefix).orElse(null);
            return found[0] != null && found[0].equals(found[1]);
        });
        return found[0];
    }

    static void connect() {
        if (!app.items("remote-table").contains("docs")) {
            desktop.click(node("#quick-host").centerX(), node("#quick-host").centerY());
            desktop.type("127.0.0.1");
            desktop.click(node("#quick-user").centerX(), node("#quick-user").centerY());
            desktop.type(MinaServer.USER);
            desktop.click(node("#quick-password").centerX(), node("#quick-password").centerY());
            desktop.type(MinaServer.PASSWORD);
            desktop.click(node("#quick-port").centerX(), node("#quick-port").centerY());
            desktop.type(Integer.toString(server.port()));
            desktop.click(node("#quick-connect-button").centerX(), node("#quick-connect-button").centerY());
            agreeToPlainFtp(app);
            desktop.waitFor("the remote listing", () -> app.items("remote-table").contains("docs"));
        }
    }

    @Test
    @Order(1)
    void aFileDraggedOntoAFolderThatHasItAsksAndSkipIsClickable() throws Exception {
        connect();
        Box source = cell("local", "same.txt");
        Box folder = cell("remote", "docs");
        desktop.drag(source.centerX(), source.centerY(), folder.centerX(), folder.centerY());
        desktop.waitFor("the file-exists dialog", () -> app.node("#file-exists-dialog").isPresent());
        desktop.screenshot(SHOTS.resolve("file-exists-dialog.png"));
        Box skip = labelled(dev.ferry.ui.I18n.t("dialog.exists.SKIP"), "Button");
        System.out.println("windows " + app.windows() + " skip " + skip);
        desktop.click(skip.centerX(), skip.centerY());
        System.out.println("focus after click on skip: " + app.focus());
        try {
            desktop.waitFor("the dialog to close after a click on Skip", 15, () -> app.node("#file-exists-dialog").isEmpty());
        } finally {
            desktop.screenshot(SHOTS.resolve("file-exists-after-click.png"));
            System.out.println("windows " + app.windows() + " " + desktop.xdotool("search", "--onlyvisible", "--name", "Target"));
        }
        desktop.waitFor("the queue to finish the item", () -> app.ask("queue").getFirst().contains("queued=0, active=0"));
        assertEquals("the server's copy", Files.readString(server.home().resolve("docs/same.txt")),
                "Skip was clicked: the server's file must be unchanged");
    }

    /** Opens a dialog by clicking {@code opener}, checks where the window manager shows it, closes it with Cancel. */
    void openAndCheck(String opener, String title, String closeButton, int minWidth, int minHeight, int times) {
        for (int i = 0; i < times; i++) {
            Box button = node(opener);
            desktop.click(button.centerX(), button.centerY());
            List<String> ids = new ArrayList<>();
            desktop.waitFor(title + " mapped (opening " + (i + 1) + ")", () -> {
                ids.clear();
                ids.addAll(desktop.windowsNamed("^" + title + "$"));
                return !ids.isEmpty();
            });
            int round = i + 1;
            int[][] geometry = new int[1][];
            try {
                // The window's X id is looked up at each look: one found as it was mapped may be gone a moment
                // later (ci56: [0, 0, 0, 0] for 10 s, the geometry of no window, while JavaFX showed the dialog).
                desktop.waitFor(title + " at its full size inside the screen (opening " + round + ")", () -> {
                    for (String id : desktop.windowsNamed("^" + title + "$")) {
                        geometry[0] = desktop.geometry(id);
                        int[] g = geometry[0];
                        if (g[2] >= minWidth && g[3] >= minHeight && g[0] >= 0 && g[1] >= 0
                                && g[0] + g[2] <= Desktop.WIDTH && g[1] + g[3] <= Desktop.HEIGHT) {
                            return true;
                        }
                    }
                    return false;
                });
            } catch (AssertionError e) {
                desktop.screenshot(SHOTS.resolve("failed-" + title + "-" + round + ".png"));
                throw new AssertionError(e.getMessage() + ": the window manager shows it at "
                        + java.util.Arrays.toString(geometry[0]) + " (x, y, width, height); JavaFX says " + app.windows(), e);
            }
            if (round == 1) {
                desktop.screenshot(SHOTS.resolve(title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".png"));
            }
            closeWithAClick(title, closeButton, round);
        }
    }

    /**
     * Clicks {@code closeButton} until {@code title} is gone: once more only when a click is seen to
     * have had no effect. Under load a click on a window just mapped is now and then lost (CI, the
     * Site Manager's 9th opening); what this test checks is where the window is shown, not that.
     */
    private static int clicksLost;

    private static void closeWithAClick(String title, String closeButton, int round) {
        Box close = labelled(closeButton, "Button");
        desktop.click(close.centerX(), close.centerY());
        try {
            desktop.waitFor(title + " closed by a click on " + closeButton + " (opening " + round + ")", 10,
                    () -> desktop.windowsNamed("^" + title + "$").isEmpty());
            return;
        } catch (AssertionError lost) {
            desktop.screenshot(SHOTS.resolve("click-lost-" + title + "-" + round + ".png"));
            System.out.println("A click on " + closeButton + " at " + close + " left " + title + " open (opening "
                    + round + "); windows " + app.windows() + ", focus " + app.focus() + "; clicked again");
            // Once in a run is the toolkit's hiccup under load; a second is a window that swallows clicks.
            if (++clicksLost > 1) {
                throw new AssertionError("A second click on " + closeButton + " lost in this run (" + title + ", opening "
                        + round + "): the window swallows clicks", lost);
            }
        }
        if (desktop.windowsNamed("^" + title + "$").isEmpty()) {
            return;
        }
        Box again = labelled(closeButton, "Button");
        desktop.click(again.centerX(), again.centerY());
        desktop.waitFor(title + " closed by a second click on " + closeButton + " (opening " + round + ")",
                () -> desktop.windowsNamed("^" + title + "$").isEmpty());
    }

    @Test
    @Order(0)
    void settingsAndSiteManagerOpenAtFullSizeInsideTheScreenEveryTime() {
        openAndCheck("#toolbar-settings", dev.ferry.ui.I18n.t("settings.title"), dev.ferry.ui.I18n.t("button.cancel"),
                400, 250, 10);
        openAndCheck("#toolbar-sites", dev.ferry.ui.I18n.t("sites.title"), dev.ferry.ui.I18n.t("sites.cancel"),
                700, 450, 10);
    }

    @Test
    @Order(4)
    void siteManagerLabelsAreShownWhole() {
        assertSiteManagerLabelsWhole(app, "site-manager-new-site.png");
    }

    /** Opens the Site Manager, adds a site (the form comes alive), and checks no label is cut short. */
    static void assertSiteManagerLabelsWhole(FerryProcess app, String screenshot) {
        Desktop desktop = app.desktop();
        String title = dev.ferry.ui.I18n.t("sites.title");
        Box open = node(app, "#toolbar-sites");
        desktop.click(open.centerX(), open.centerY());
        desktop.waitFor("the Site Manager", () -> !desktop.windowsNamed("^" + title + "$").isEmpty());
        Box add = node(app, "#sites-new");
        desktop.click(add.centerX(), add.centerY());
        desktop.waitFor("the new site's form", () -> app.nodes("#site-host").stream().findFirst().isPresent()
                && app.focus().contains("site-name"));
        desktop.screenshot(SHOTS.resolve(screenshot));
        List<String> cut = app.ask("truncated " + title);
        desktop.key("Escape");
        desktop.waitFor("the Site Manager closed", () -> desktop.windowsNamed("^" + title + "$").isEmpty());
        assertEquals(List.of(), cut, "labels of the Site Manager cut short");
    }

    /**
     * The quick-connect bar starts at "TLS if available" and the test server has no TLS: the user says
     * yes to plain FTP in the question that comes, with a real click.
     */
    static void agreeToPlainFtp(FerryProcess app) {
        Box yes = node(app, "#plain-fallback-connect");
        app.desktop().screenshot(SHOTS.resolve("plain-ftp-question.png"));
        app.desktop().click(yes.centerX(), yes.centerY());
        app.desktop().waitFor("the plain FTP question closed", () -> app.node("#plain-fallback-dialog").isEmpty());
    }

    static Box node(FerryProcess app, String selector) {
        Box[] found = new Box[2];
        app.desktop().waitFor(selector + " on screen, in the same place twice", () -> {
            found[1] = found[0];
            found[0] = app.node(selector).orElse(null);
            return found[0] != null && found[0].equals(found[1]);
        });
        return found[0];
    }

    @Test
    @Order(2)
    void aClickOnAColumnHeaderSortsAndFoldersStayOnTop() {
        connect();
        assertEquals(List.of("docs", "a-large.bin", "b-small.txt", "c-middle.bin"), app.items("remote-table"),
                "by name at first");
        Box size = app.nodes("#remote-table .column-header .label").stream()
                .filter(b -> b.text().equals(dev.ferry.ui.I18n.t("column.size"))).findFirst().orElseThrow();
        desktop.click(size.centerX(), size.centerY());
        desktop.waitFor("the remote table sorted by size after a click on its header", 10, () ->
                app.items("remote-table").equals(List.of("docs", "b-small.txt", "c-middle.bin", "a-large.bin")));
        desktop.screenshot(SHOTS.resolve("sorted-by-size.png"));
    }

    @Test
    @Order(3)
    void aClickOnTheSelectedRowKeepsThePaneKeysWorking() throws Exception {
        Box row = cell("local", "rename-me.txt");
        // Two single clicks, further apart than a double-click: select, then click the selected row.
        desktop.xdotool("mousemove", "--sync", Long.toString(Math.round(row.centerX())), Long.toString(Math.round(row.centerY())),
                "click", "1", "sleep", "0.8", "click", "1");
        desktop.key("F2");
        desktop.waitFor("the rename editor in the local table after F2", 10,
                () -> app.focus().contains("editor in local-table"));
        desktop.key("ctrl+a");
        desktop.type("renamed.txt");
        desktop.key("Return");
        desktop.waitFor("the local file renamed", () -> Files.exists(local.resolve("renamed.txt")));
        assertTrue(!Files.exists(local.resolve("rename-me.txt")));
        // And again after the rename: Delete asks for confirmation (the table's keys still work).
        Box renamed = cell("local", "renamed.txt");
        desktop.click(renamed.centerX(), renamed.centerY());
        desktop.key("Delete");
        desktop.waitFor("the delete confirmation", 10, () -> app.node("#confirm-dialog").isPresent());
        // On a busy machine the window manager gives the new dialog the keyboard a little later.
        desktop.waitFor("the confirmation's buttons to have the keyboard", 10, () -> app.focus().startsWith("Button"));
        desktop.key("Escape");
        desktop.waitFor("the confirmation closed", () -> app.node("#confirm-dialog").isEmpty());
        assertTrue(Files.exists(local.resolve("renamed.txt")), "Escape cancels the deletion");
    }
}
