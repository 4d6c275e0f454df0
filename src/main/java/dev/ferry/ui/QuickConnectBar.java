package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteConnections;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

import java.util.List;
import java.util.function.Consumer;

/**
 * Host (or a whole ftp://, ftpes://, ftps:// URL), user, password, port, protocol, Connect,
 * and a drop-down of recent servers (never their passwords).
 */
public final class QuickConnectBar extends HBox {

    /**
     * What Connect asks for: settings, a title, a folder to open (or null), and whether the password
     * is still to be asked for (a user name was given without one, in the field or the URL).
     */
    public record Request(ConnectionSettings settings, String title, String remoteFolder, String historyEntry,
                          boolean askPassword) {
    }

    /** The caller of {@link #connect(String, String)} decided the password, an empty one included. */
    private boolean passwordSupplied;

    private final ComboBox<String> host = new ComboBox<>();

    /** Puts the keyboard in the host field. */
    void focusHost() {
        host.requestFocus();
    }
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField port = new TextField();
    private final ChoiceBox<TlsMode> protocol = new ChoiceBox<>();
    /**
     * The protocol the user chose in the box (or with a history entry): what an ftp:// URL, which names
     * none, is taken with. The box itself may show another, the one an ftpes:// or ftps:// URL used.
     */
    private TlsMode chosenProtocol = TlsMode.EXPLICIT_IF_AVAILABLE;
    private boolean showingUrlsProtocol;
    private final AppContext app;
    private final Consumer<Request> connect;

    public QuickConnectBar(AppContext app, List<String> history, Consumer<Request> connect) {
        this.app = app;
        this.connect = connect;
        getStyleClass().add("quick-connect");
        setId("quick-connect");
        host.setEditable(true);
        host.setId("quick-host");
        host.setPromptText(I18n.t("quick.host.prompt"));
        host.setPrefWidth(260);
        host.getItems().setAll(history);
        host.setOnAction(e -> {
            String chosen = host.getValue();
            if (chosen != null && chosen.contains("://") && history.contains(chosen)) {
                fill(chosen);
            }
        });
        user.setId("quick-user");
        user.setPrefColumnCount(10);
        password.setId("quick-password");
        password.setPrefColumnCount(10);
        port.setId("quick-port");
        port.setPrefColumnCount(4);
        protocol.setId("quick-protocol");
        protocol.getItems().setAll(TlsMode.EXPLICIT_IF_AVAILABLE, TlsMode.EXPLICIT, TlsMode.IMPLICIT, TlsMode.NONE);
        protocol.setValue(TlsMode.EXPLICIT_IF_AVAILABLE);
        protocol.valueProperty().addListener((o, was, now) -> {
            if (!showingUrlsProtocol && now != null) {
                chosenProtocol = now;
            }
        });
        protocol.setConverter(new StringConverter<>() {
            @Override
            public String toString(TlsMode mode) {
                return mode == null ? "" : I18n.t("protocol." + mode.name());
            }

            @Override
            public TlsMode fromString(String text) {
                return null;
            }
        });
        Button button = new Button(I18n.t("quick.connect"));
        button.setId("quick-connect-button");
        button.setDefaultButton(false);
        button.setOnAction(e -> request().ifPresent(connect));
        // Enter connects from any field, as in other FTP clients; in the host list's open
        // drop-down it only picks the entry.
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !host.isShowing()
                    && (host.getEditor().isFocused() || user.isFocused() || password.isFocused() || port.isFocused())) {
                e.consume();
                commitHostText();
                request().ifPresent(connect);
            }
        });
        getChildren().addAll(new Label(I18n.t("quick.host")), host, new Label(I18n.t("quick.user")), user,
                new Label(I18n.t("quick.password")), password, new Label(I18n.t("quick.port")), port,
                new Label(I18n.t("quick.protocol")), protocol, button);
        // A narrow window shrinks the fields, never the words: "…", "Pas…" and "C…" said nothing.
        for (javafx.scene.Node child : getChildren()) {
            if (child instanceof javafx.scene.control.Labeled words) {
                words.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        host.setMinWidth(100);
        user.setMinWidth(60);
        password.setMinWidth(60);
        port.setMinWidth(50);
    }

    /**
     * Connects to a URL handed over by the desktop (an ftp:// link): the URL decides what it names,
     * TLS is used when the server offers it, and a password the URL lacks comes from {@code password}.
     */
    public void connect(String url, String typedPassword) {
        host.getEditor().setText(url);
        user.clear();
        port.clear();
        password.setText(typedPassword == null ? "" : typedPassword);
        protocol.setValue(TlsMode.EXPLICIT_IF_AVAILABLE);
        passwordSupplied = typedPassword != null;
        try {
            request().ifPresent(request -> {
                host.getEditor().setText(request.historyEntry());
                connect.accept(request);
            });
        } finally {
            passwordSupplied = false;
        }
    }

    /** A server that answered: offered in the list from now on (one that never did is no history). */
    public void remember(String historyEntry) {
        if (!host.getItems().contains(historyEntry)) {
            // Kept in the editor: changing the list under it would clear what it shows.
            String shown = host.getEditor().getText();
            host.getItems().addFirst(historyEntry);
            host.getEditor().setText(shown);
        }
    }

    /** What was typed into the host list's editor, as its value (a history URL fills the fields). */
    private void commitHostText() {
        String typed = host.getEditor().getText();
        if (typed != null && !typed.equals(host.getValue())) {
            host.setValue(typed);
        }
    }

    /** A history entry is a URL without password: put its parts back into the fields. */
    private void fill(String url) {
        try {
            FtpUrl parsed = FtpUrl.parse(url);
            host.getEditor().setText(parsed.host());
            user.setText(parsed.user() == null ? "" : parsed.user());
            port.setText(parsed.port() > 0 ? Integer.toString(parsed.port()) : "");
            protocol.setValue(tlsMode(parsed));
        } catch (IllegalArgumentException e) {
            // Not a URL after all; leave the fields.
        }
    }

    /** A user name that needs no password asked for: anonymous or ftp. */
    /** ftp:// is how the bar writes a connection that takes TLS when the server offers it. */
    public static TlsMode tlsMode(FtpUrl url) {
        return url.tlsMode() == TlsMode.NONE ? TlsMode.EXPLICIT_IF_AVAILABLE : url.tlsMode();
    }

    public static boolean anonymous(ConnectionSettings connection) {
        return anonymous(connection.user());
    }

    public static boolean anonymous(String user) {
        return "anonymous".equalsIgnoreCase(user) || "ftp".equalsIgnoreCase(user);
    }

    /** "user@host", with ":port" when the port is not the protocol's usual one. */
    public static String title(ConnectionSettings connection) {
        String title = connection.user() + "@" + connection.host();
        return connection.port() == connection.tlsMode().defaultPort() ? title : title + ":" + connection.port();
    }

    private java.util.Optional<Request> request() {
        String hostText = host.getEditor().getText() == null ? "" : host.getEditor().getText().strip();
        if (hostText.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            TlsMode mode = protocol.getValue();
            String userText = user.getText().strip();
            String passwordText = password.getText();
            int portNumber = port.getText().isBlank() ? 0 : Integer.parseInt(port.getText().strip());
            String hostName = hostText;
            String folder = null;
            boolean passwordInUrl = false;
            if (hostText.contains("://")) {
                FtpUrl url = FtpUrl.parse(hostText);
                hostName = url.host();
                // ftp:// names no security level: the protocol chosen beside it decides.
                mode = url.tlsMode() == TlsMode.NONE ? chosenProtocol : url.tlsMode();
                if (url.user() != null) {
                    userText = url.user();
                }
                if (url.password() != null) {
                    passwordText = url.password();
                    passwordInUrl = true;
                }
                if (url.port() > 0) {
                    portNumber = url.port();
                }
                // The fields show what is used: a port field left at another number read as the port in use,
                // and "TLS if available" beside an ftpes:// URL as what it would do.
                port.setText(portNumber > 0 ? Integer.toString(portNumber) : "");
                user.setText(userText);
                showingUrlsProtocol = true;
                try {
                    protocol.setValue(mode);
                } finally {
                    showingUrlsProtocol = false;
                }
                folder = url.path().isEmpty() ? null : (url.absolute() ? url.path() : "/" + url.path());
            }
            ConnectionSettings connection = app.withPlainFtpConsent(SiteConnections.unsaved(hostName, app.settings(), app.trust())
                    .port(portNumber).tlsMode(mode)
                    .user(userText.isEmpty() ? null : userText).password(passwordText.isEmpty() ? null : passwordText)
                    .build(), null);
            // The tab's own URL: a restored tab is read back from it.
            String history = dev.ferry.ui.connection.ConnectionTab.url(connection);
            password.clear();
            if (passwordInUrl) {
                // A password typed into the URL is not left on screen (nor in the field's value) for anyone to read.
                String shown = FtpUrl.withoutPassword(hostText);
                host.setValue(shown);
                host.getEditor().setText(shown);
            }
            boolean askPassword = !anonymous(connection) && !passwordInUrl && passwordText.isEmpty() && !passwordSupplied;
            return java.util.Optional.of(new Request(connection, title(connection), folder, history, askPassword));
        } catch (IllegalArgumentException e) {
            dev.ferry.ui.dialogs.Dialogs.error(getScene().getWindow(), e);
            return java.util.Optional.empty();
        }
    }
}
