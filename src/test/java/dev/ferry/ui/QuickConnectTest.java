package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick-connect bar: Enter from any field, failed attempts leave no dead tab, titles say the port. */
@ExtendWith(ApplicationExtension.class)
class QuickConnectTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        I18n.use("en");
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("quick.txt"), "hello");
        app = new AppContext(SettingsStore.open(config.resolve("settings-qc-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @SuppressWarnings("unchecked")
    private boolean remoteShows(String name) {
        TableView<FileRow> table = (TableView<FileRow>) lookup("#remote-table").queryAs(TableView.class);
        return table.getItems().stream().anyMatch(r -> r.name().equals(name));
    }

    private void fill(String host, int port) {
        fill(host, port, TlsMode.NONE);
    }

    private void fill(String host, int port, TlsMode tls) {
        clickOn("#quick-host").write(host);
        clickOn("#quick-user").write(MinaServer.USER);
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#quick-protocol").query();
        interact(() -> protocol.setValue(tls));
        clickOn("#quick-port").write(Integer.toString(port));
    }

    @Test
    void enterInThePortFieldConnectsAndTheTitleSaysThePort() {
        fill("127.0.0.1", server.port());
        type(KeyCode.ENTER);
        waitUntil("the listing after Enter in the port field", () -> remoteShows("quick.txt"));
        ConnectionTab tab = window.currentTab();
        assertEquals(MinaServer.USER + "@127.0.0.1:" + server.port(), tab.getText());
        assertTrue(tab.getTooltip().getText().contains("ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port()),
                tab.getTooltip().getText());
        List<String> menu = tab.getContextMenu().getItems().stream().map(MenuItem::getText)
                .filter(t -> t != null).toList();
        assertEquals(List.of(I18n.t("menu.server.reconnect"), I18n.t("menu.server.disconnect"), I18n.t("tab.close"),
                I18n.t("action.copyUrl"), I18n.t("tab.toSiteManager")), menu);
    }

    /**
     * The bar starts at "TLS if available", which is no consent to plain FTP: a server without TLS is
     * a question before the user name goes out, "no" sends nothing, "yes" connects without TLS.
     */
    @Test
    void aServerWithoutTlsIsAQuestionBeforeAnythingGoesInClear() throws Exception {
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#quick-protocol").query();
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, protocol.getValue(), "what the bar starts with");
        clickOn("#quick-host").write("127.0.0.1");
        clickOn("#quick-user").write(MinaServer.USER);
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-port").write(Integer.toString(server.port()));
        clickOn("#quick-connect-button");
        waitUntil("the question about plain FTP", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        String header = lookup("#plain-fallback-dialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText();
        assertEquals("127.0.0.1:" + server.port() + " does not offer encryption (TLS)", header);
        assertTrue(lookup("#error-dialog").tryQuery().isEmpty(), "asked instead of an error");
        ConnectionTab tab = window.currentTab();
        assertFalse(sentInClear(tab), "nothing in clear before the answer");
        assertFalse(lookup("#plain-fallback-remember").queryAs(javafx.scene.control.CheckBox.class).isSelected(),
                "remembering the answer is the user's choice, never the default");
        // Enter, the key most pressed without reading, is the safe answer.
        type(KeyCode.ENTER);
        waitUntil("the tab free again", () -> tab.connection() == null);
        assertFalse(sentInClear(tab), "no means no");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> history = (javafx.scene.control.ComboBox<String>) lookup("#quick-host").query();
        String entry = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port();
        assertFalse(history.getItems().contains(entry), "declined: no history yet " + history.getItems());

        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-connect-button");
        waitUntil("the question again", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
        clickOn("#plain-fallback-connect");
        waitUntil("the listing over plain FTP", () -> remoteShows("quick.txt"));
        assertEquals(TlsMode.NONE, window.currentTab().connection().settings().tlsMode());
        // A yes for this once: what the tab keeps (restored after a restart, copied as a site) is what was
        // asked, and the question with it (R8, R9: it came back as plain FTP, the password then sent unasked).
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, window.currentTab().protocolAskedFor());
        assertEquals(1, window.allTabs().size(), "one tab for the one server: " + window.allTabs());
        waitUntil("the server in the history, connected after the question", () -> history.getItems().contains(entry));
        assertEquals(1, history.getItems().stream().filter(entry::equals).count(), history.getItems().toString());
        // Not only at a clean quit: a crash or a kill lost the history.
        waitUntil("the history written at once", () -> new UiState.Store().load().recentServers().contains(entry));
    }

    /**
     * After "Cancel" on the question, Reconnect failed at once without asking again, and the status
     * line named a command-line option (U4). Reconnect is the user's: it asks again.
     */
    @Test
    void reconnectAfterTheQuestionWasCancelledAsksAgain() throws Exception {
        fill("127.0.0.1", server.port(), TlsMode.EXPLICIT_IF_AVAILABLE);
        clickOn("#quick-connect-button");
        waitUntil("the question about plain FTP", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        // T3: while the question was open, the status line already said the answer was no.
        String declined = I18n.t("status.plainNotChosen", "127.0.0.1:" + server.port());
        String asking = onFx(() -> ((javafx.scene.control.Labeled) window.stage().getScene().getRoot()
                .lookup("#connection-status")).getText());
        assertFalse(declined.equals(asking), "the status line before the user answered: " + asking);
        type(KeyCode.ENTER);
        ConnectionTab tab = window.currentTab();
        waitUntil("the tab free again", () -> tab.connection() == null && lookup("#plain-fallback-dialog").tryQuery().isEmpty());
        String status = onFx(() -> ((javafx.scene.control.Labeled) window.stage().getScene().getRoot()
                .lookup("#connection-status")).getText());
        assertFalse(status.contains("--tls"), "the window's status names no command-line option: " + status);
        assertEquals(declined, status, "the status line once the user said no");

        javafx.application.Platform.runLater(
                () -> ((javafx.scene.control.Button) window.stage().getScene().getRoot().lookup("#toolbar-reconnect")).fire());
        waitUntil("the question again, after Reconnect", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        type(KeyCode.ENTER);
    }

    /**
     * As FileZilla's "Always allow insecure plain FTP for this server": a quick connection's yes can be
     * kept for the server, so that its history entry, a link to it, the bar and the queue stop asking.
     * What is kept is consent, not plain FTP: a server that turns TLS on later gets TLS.
     */
    @Test
    void aServerAllowedPlainFtpForGoodIsNotAskedAboutAgain() throws Exception {
        String consent = MinaServer.USER + "@127.0.0.1:" + server.port();
        clickOn("#quick-host").write("127.0.0.1");
        clickOn("#quick-user").write(MinaServer.USER);
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-port").write(Integer.toString(server.port()));
        clickOn("#quick-connect-button");
        waitUntil("the question about plain FTP, offering to remember it",
                () -> lookup("#plain-fallback-remember").tryQuery().isPresent());
        String label = lookup("#plain-fallback-remember").queryAs(javafx.scene.control.CheckBox.class).getText();
        assertEquals(I18n.t("dialog.plain.rememberServer", consent), label);
        clickOn("#plain-fallback-remember");
        clickOn("#plain-fallback-connect");
        waitUntil("the listing over plain FTP", () -> remoteShows("quick.txt"));
        ConnectionTab first = window.currentTab();
        dev.ferry.ftp.ConnectionSettings used = WaitForAsyncUtils.asyncFx(() -> first.connection().settings()).get();
        // Consent, not plain FTP: this tab's Reconnect, queue items and restored self take TLS once offered.
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, used.tlsMode());
        assertTrue(used.plainWhenTlsNotOffered());
        UiState state = WaitForAsyncUtils.asyncFx(() -> window.currentState()).get();
        assertEquals(List.of(consent), state.plainFtpConsents(), "kept for the next start");
        waitUntil("the consent written at once, not only at a clean quit",
                () -> new UiState.Store().load().plainFtpConsents().equals(List.of(consent)));
        assertFalse(state.openTabs().getFirst().plainFtp(), "the tab comes back as TLS if available");

        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-connect-button");
        ConnectionTab tab = window.currentTab();
        waitUntil("connected again without a second question", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent()
                || tab.stateProperty().get() == dev.ferry.ui.connection.RemoteConnection.State.CONNECTED
                && sentInClear(tab));
        assertTrue(lookup("#plain-fallback-dialog").tryQuery().isEmpty(), "asked again about a server allowed for good");

        // The padlock says so, and takes it back.
        clickOn("#padlock");
        waitUntil("the security dialog", () -> lookup("#security-ask-again").tryQuery().isPresent());
        clickOn("#security-ask-again");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> window.currentState().plainFtpConsents().isEmpty()).get(),
                "taken back");
        waitUntil("taken back on disk at once", () -> new UiState.Store().load().plainFtpConsents().isEmpty());
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-connect-button");
        waitUntil("asked again once taken back", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        clickOn("#plain-fallback-cancel");
    }

    /** An anonymous login has no password to lose: the question says what does travel in clear. */
    @Test
    void anAnonymousLoginIsAskedWithoutWordsAboutItsPassword() {
        clickOn("#quick-host").write("127.0.0.1");
        clickOn("#quick-user").write("anonymous");
        clickOn("#quick-port").write(Integer.toString(server.port()));
        clickOn("#quick-connect-button");
        waitUntil("the question about plain FTP", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        String text = lookup("#plain-fallback-text").queryAs(javafx.scene.control.Label.class).getText();
        assertFalse(text.contains("password"), text);
        assertTrue(text.contains("files you fetch or send"), text);
        clickOn("#plain-fallback-cancel");
    }

    /** A yes given for one user is no yes to send another user's password in clear. */
    @Test
    void plainFtpAllowedForOneUserStillAsksForAnother() {
        interact(() -> app.allowPlainFtp(dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(server.port())
                .tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).user("anonymous").build()));
        quickConnect(TlsMode.EXPLICIT_IF_AVAILABLE, server.port());
        waitUntil("the question for another user", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        clickOn("#plain-fallback-cancel");
    }

    /** Read on the FX thread, whose list the console's entries are (waitUntil's checks already run there). */
    private static boolean sentInClear(ConnectionTab tab) throws Exception {
        java.util.concurrent.Callable<Boolean> userSent = () -> tab.log().entries().stream().anyMatch(e ->
                e.kind() == dev.ferry.ftp.DialogueEntry.Kind.COMMAND && e.text() != null && e.text().startsWith("USER"));
        return javafx.application.Platform.isFxApplicationThread() ? userSent.call()
                : org.testfx.util.WaitForAsyncUtils.asyncFx(userSent).get();
    }

    @Test
    void aPasswordInATypedUrlDoesNotStayOnScreen() {
        String url = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/";
        clickOn("#quick-port").write("2401");
        clickOn("#quick-host").write(url);
        type(KeyCode.ENTER);
        // ftp:// in the bar is "TLS if available", as in FileZilla; this server has none.
        waitUntil("the question about plain FTP", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
        clickOn("#plain-fallback-connect");
        waitUntil("the listing of the URL typed in the host field", () -> remoteShows("quick.txt"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> host = (javafx.scene.control.ComboBox<String>) lookup("#quick-host").query();
        List<String> shown = new java.util.ArrayList<>(host.getItems());
        shown.add(host.getEditor().getText());
        shown.add(String.valueOf(host.getValue()));
        shown.add(window.currentTab().getText());
        shown.add(window.currentTab().getTooltip().getText());
        shown.add(window.currentTab().getTabPane().getScene().getWindow() instanceof Stage stage ? stage.getTitle() : "");
        assertTrue(shown.stream().noneMatch(text -> text.contains(MinaServer.PASSWORD)), shown.toString());
        assertEquals("ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/", host.getEditor().getText(),
                "the URL as typed, without its password, to connect again with: " + shown);
        // The fields say what was used: the port field kept another port than the URL's.
        assertEquals(Integer.toString(server.port()), lookup("#quick-port").queryAs(javafx.scene.control.TextField.class).getText());
        assertEquals(MinaServer.USER, lookup("#quick-user").queryAs(javafx.scene.control.TextField.class).getText());
    }

    /** Found by helper U3: an ftpes:// URL was used as such, while the box beside it still said "TLS if available". */
    @Test
    void aTypedUrlsSchemeIsShownAsTheProtocolUsed() {
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#quick-protocol").query();
        clickOn("#quick-host").write("ftpes://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/");
        type(KeyCode.ENTER);
        waitUntil("the URL's protocol shown beside it", () -> protocol.getValue() == TlsMode.EXPLICIT);
        // This server has no TLS: the connection fails, and says why; nothing goes in clear.
        waitUntil("the refusal to go on without TLS", () -> lookup("#error-dialog").tryQuery().isPresent()
                || window.currentTab().getText().contains("127.0.0.1") && lookup("#plain-fallback-connect").tryQuery().isEmpty());
        assertTrue(lookup("#plain-fallback-connect").tryQuery().isEmpty(), "an ftpes:// URL offered plain FTP");
        interact(() -> lookup("#error-dialog").tryQuery().ifPresent(dialog -> dialog.getScene().getWindow().hide()));
        waitUntil("the refusal closed", () -> lookup("#error-dialog").tryQuery().isEmpty());

        // Shown, not chosen (R7): an ftp:// URL then still takes the protocol the user chose, not the last URL's.
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> host = (javafx.scene.control.ComboBox<String>) lookup("#quick-host").query();
        interact(() -> host.getEditor().setText(""));
        clickOn("#quick-host").write("ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/");
        type(KeyCode.ENTER);
        waitUntil("the question about plain FTP, as for any ftp:// URL with \"TLS if available\"",
                () -> lookup("#plain-fallback-connect").tryQuery().isPresent() || lookup("#error-dialog").tryQuery().isPresent());
        assertTrue(lookup("#error-dialog").tryQuery().isEmpty(), "the ftp:// URL demanded TLS");
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, protocol.getValue());
        clickOn("#plain-fallback-cancel");
    }

    /** A user name without a password asks for it, as FileZilla does (an empty password was sent: 530). */
    @Test
    void aUserWithoutAPasswordIsAskedForIt() {
        clickOn("#quick-host").write("127.0.0.1");
        clickOn("#quick-user").write(MinaServer.USER);
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#quick-protocol").query();
        interact(() -> protocol.setValue(TlsMode.NONE));
        clickOn("#quick-port").write(Integer.toString(server.port()));
        type(KeyCode.ENTER);
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write(MinaServer.PASSWORD);
        type(KeyCode.ENTER);
        waitUntil("the listing with the password given", () -> remoteShows("quick.txt"));
        assertTrue(lookup("#error-dialog").tryQuery().isEmpty(), "no login error");
    }

    @Test
    void enterInTheHostFieldConnects() {
        fill("127.0.0.1", server.port());
        clickOn("#quick-host");
        type(KeyCode.END);
        type(KeyCode.ENTER);
        waitUntil("the listing after Enter in the host field", () -> remoteShows("quick.txt"));
    }

    @Test
    void aFailedFirstAttemptLeavesNoDeadTab() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        fill("127.0.0.1", closed);
        clickOn("#quick-connect-button");
        waitUntil("the error", () -> lookup("#error-dialog").tryQuery().isPresent());
        // Which server it is about: with several tabs, one in the background may fail.
        String header = lookup("#error-dialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText();
        assertTrue(header != null && header.contains("127.0.0.1:" + closed), "the error names the server: " + header);
        clickOn(I18n.t("button.ok"));
        waitUntil("the error closed", () -> lookup("#error-dialog").tryQuery().isEmpty());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> history = (javafx.scene.control.ComboBox<String>) lookup("#quick-host").query();
        // A server that never answered is no history to pick from again (a typo stayed in the list for good).
        assertTrue(history.getItems().stream().noneMatch(entry -> entry.contains(":" + closed)), history.getItems().toString());
        // Retry with the right port: the same tab is used.
        doubleClickOn("#quick-port").write(Integer.toString(server.port()));
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-connect-button");
        waitUntil("the listing after the retry", () -> remoteShows("quick.txt"));
        assertEquals(1, window.allTabs().size(), "the failed attempt left a tab behind: " + window.allTabs());
        waitUntil("the server that answered in the history", () -> history.getItems().stream()
                .anyMatch(entry -> entry.equals("ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port())));
    }
}
