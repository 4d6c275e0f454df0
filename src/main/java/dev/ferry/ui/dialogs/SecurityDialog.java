package dev.ferry.ui.dialogs;

import dev.ferry.ftp.SecurityStatus;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.ui.I18n;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** What the padlock means for this connection: TLS version, cipher, resumption, certificate. */
public final class SecurityDialog {

    private SecurityDialog() {
    }

    /**
     * {@code askAgain}: where plain FTP was allowed for good for this connection's server, takes that
     * back (a button beside OK); null otherwise.
     */
    public static void show(Window owner, SecurityStatus status, Runnable askAgain) {
        StringBuilder text = new StringBuilder();
        if (status.fellBackToPlain()) {
            text.append(I18n.t("padlock.fallback")).append("\n\n");
        } else if (!status.controlEncrypted()) {
            text.append(I18n.t("padlock.insecure")).append("\n\n");
        }
        TlsConnectionInfo control = status.control();
        if (control != null) {
            text.append(I18n.t("dialog.security.control")).append(": ").append(control.version()).append(", ")
                    .append(control.cipherSuite()).append('\n');
            if (control.peerCertificate() != null) {
                text.append(control.peerCertificate().subject()).append('\n')
                        .append(control.peerCertificate().sha256Fingerprint()).append('\n');
            }
        }
        TlsConnectionInfo data = status.lastData();
        if (status.dataEncrypted()) {
            text.append('\n').append(I18n.t("dialog.security.data")).append(": ");
            if (data == null) {
                text.append(status.control() == null ? "" : status.control().version());
            } else {
                text.append(data.version()).append(", ").append(data.cipherSuite()).append(", ")
                        .append(I18n.t(data.resumed() ? "dialog.security.resumed" : "dialog.security.notResumed"));
            }
        } else if (status.controlEncrypted()) {
            text.append('\n').append(I18n.t("padlock.partial"));
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text.toString(), Dialogs.OK);
        Dialogs.prepare(alert, owner);
        alert.setTitle(I18n.t("dialog.security.title"));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("security-dialog");
        if (askAgain != null) {
            alert.setContentText(text + "\n\n" + I18n.t("dialog.security.plainAllowed"));
            ButtonType ask = new ButtonType(I18n.t("dialog.security.askAgain"), ButtonBar.ButtonData.LEFT);
            alert.getButtonTypes().add(ask);
            ((Button) alert.getDialogPane().lookupButton(ask)).setId("security-ask-again");
            alert.resultProperty().addListener((o, was, chosen) -> {
                if (chosen == ask) {
                    askAgain.run();
                }
            });
        }
        alert.show();
    }
}
