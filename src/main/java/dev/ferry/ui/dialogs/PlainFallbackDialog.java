package dev.ferry.ui.dialogs;

import dev.ferry.message.Message;
import dev.ferry.ui.I18n;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * The one way from "TLS if available" to plain FTP once a server's TLS turned out to be broken
 * (it accepted AUTH TLS, then the handshake failed or stalled: {@code TLS_BROKEN_IF_AVAILABLE},
 * {@code TLS_AUTH_STALLED_IF_AVAILABLE}): the user is asked, with what it means in plain words,
 * and "no" is the default. The engine never falls back by itself; a "yes" is the caller's cue to
 * reconnect this site with plain FTP (and, if it wants, to save that choice for the site).
 */
public final class PlainFallbackDialog {

    private PlainFallbackDialog() {
    }

    /** Call on the FX thread. True only when the user chose to connect without encryption. */
    public static boolean ask(Window owner, String server, Message whatHappened) {
        ButtonType connect = new ButtonType(I18n.t("dialog.plain.connect"), ButtonBar.ButtonData.OTHER);
        ButtonType cancel = new ButtonType(I18n.t("dialog.plain.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", cancel, connect);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle(I18n.t("dialog.plain.title"));
        alert.setHeaderText(I18n.t("dialog.plain.header", server));
        String reason = whatHappened == null ? "" : I18n.words(whatHappened) + "\n\n";
        alert.setContentText(reason + I18n.t("dialog.plain.text"));
        alert.getDialogPane().setId("plain-fallback-dialog");
        alert.getDialogPane().setMinWidth(560);
        // The safe answer is the default one: Enter must not send a password in clear text.
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(connect)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(connect)).setId("plain-fallback-connect");
        ((Button) alert.getDialogPane().lookupButton(cancel)).setId("plain-fallback-cancel");
        return alert.showAndWait().filter(b -> b == connect).isPresent();
    }
}
