package dev.ferry.ui.dialogs;

import dev.ferry.message.Message;
import dev.ferry.ui.I18n;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The one way from "TLS if available" to plain FTP: the user is asked, with what it means in plain
 * words, and "no" is the default. Asked when a server offers no TLS at all
 * ({@code TLS_NOT_OFFERED_IF_AVAILABLE}: quick connect starts with "TLS if available", which is no
 * consent to send a password in clear) and when its TLS turned out to be broken (it accepted
 * AUTH TLS, then the handshake failed or stalled: {@code TLS_BROKEN_IF_AVAILABLE},
 * {@code TLS_AUTH_STALLED_IF_AVAILABLE}). The engine never falls back by itself; a "yes" is the
 * caller's cue to reconnect this site with plain FTP.
 */
public final class PlainFallbackDialog {

    private PlainFallbackDialog() {
    }

    /** What the user answered. */
    public enum Answer {
        CANCEL,
        CONNECT_PLAIN,
        /** Connect without encryption, and keep that answer (the site's protocol, or the server's consent). */
        CONNECT_PLAIN_ALWAYS
    }

    /** Call on the FX thread. True only when the user chose to connect without encryption. */
    public static boolean ask(Window owner, String server, Message whatHappened) {
        String reason = whatHappened == null ? "" : I18n.words(whatHappened) + "\n\n";
        return ask(owner, I18n.t("dialog.plain.header", server), reason + I18n.t("dialog.plain.text"), null)
                != Answer.CANCEL;
    }

    /** The server as the question names it: a saved site by its name too, since a "yes" may change it. */
    public static String server(String siteName, String address) {
        // A site named by its address ("u@host:port", as a quick connection copied to the Site Manager is) once;
        // a name that only holds the address inside another ("u@h:2121" for h:21) names another server (R26).
        String name = siteName == null ? "" : siteName.strip().toLowerCase(java.util.Locale.ROOT);
        String at = address.toLowerCase(java.util.Locale.ROOT);
        boolean namedByAddress = siteName != null && (name.equals(at) || name.endsWith("@" + at));
        return siteName == null || namedByAddress ? (siteName == null ? address : siteName) : siteName + " (" + address + ")";
    }

    /**
     * Call on the FX thread, for a server that refused AUTH TLS ({@code serverAnswer}, e.g. "500 AUTH
     * not understood"). {@code rememberLabel}: the words of a box that keeps the answer (in the saved site,
     * or for the server), or null where nothing can keep it: a server without TLS asked about at every
     * connection is a question people stop reading. {@link Answer#CONNECT_PLAIN_ALWAYS} means it was ticked.
     */
    public static Answer askWithoutTls(Window owner, String server, String serverAnswer, String rememberLabel,
                                       boolean anonymous) {
        // An anonymous login has no password to lose: what travels in clear is what it fetches and sends.
        return ask(owner, I18n.t("dialog.plain.headerNoTls", server),
                I18n.t(anonymous ? "dialog.plain.textNoTlsAnonymous" : "dialog.plain.textNoTls", serverAnswer),
                rememberLabel);
    }

    private static Answer ask(Window owner, String header, String text, String rememberLabel) {
        boolean offerToRemember = rememberLabel != null;
        ButtonType connect = new ButtonType(I18n.t("dialog.plain.connect"), ButtonBar.ButtonData.OTHER);
        ButtonType cancel = new ButtonType(I18n.t("dialog.plain.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", cancel, connect);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle(I18n.t("dialog.plain.title"));
        alert.setHeaderText(header);
        CheckBox remember = new CheckBox(rememberLabel);
        if (offerToRemember) {
            remember.setId("plain-fallback-remember");
            // A long host name wraps instead of cutting the sentence to "…".
            remember.setWrapText(true);
            remember.setMinHeight(Region.USE_PREF_SIZE);
            Label words = new Label(text);
            words.setId("plain-fallback-text");
            words.setWrapText(true);
            // A squeezed pane would cut the text to "…" rather than grow.
            words.setMinHeight(Region.USE_PREF_SIZE);
            alert.getDialogPane().setContent(new VBox(12, words, remember));
            // Wrapped only within a width it is given: left to itself the pane takes the text's one-line width.
            alert.getDialogPane().setPrefWidth(560);
        } else {
            alert.setContentText(text);
        }
        alert.getDialogPane().setId("plain-fallback-dialog");
        alert.getDialogPane().setMinWidth(560);
        // The safe answer is the default one: Enter must not send a password in clear text.
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(connect)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(connect)).setId("plain-fallback-connect");
        ((Button) alert.getDialogPane().lookupButton(cancel)).setId("plain-fallback-cancel");
        if (alert.showAndWait().filter(b -> b == connect).isEmpty()) {
            return Answer.CANCEL;
        }
        return offerToRemember && remember.isSelected() ? Answer.CONNECT_PLAIN_ALWAYS : Answer.CONNECT_PLAIN;
    }
}
