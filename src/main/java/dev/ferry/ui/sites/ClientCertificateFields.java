package dev.ferry.ui.sites;

import dev.ferry.site.ClientCertificate;
import dev.ferry.site.KeyringException;
import dev.ferry.site.Secret;
import dev.ferry.site.SiteClientCertificates;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.VaultException;
import dev.ferry.ui.I18n;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The Site Manager's client certificate tab: the certificate file (PEM or PKCS#12), the PEM key
 * file when separate, and the key's passphrase, saved where the site's password is.
 */
final class ClientCertificateFields {

    /** Stores a typed secret the way the dialog stores passwords (unlocking the vault if needed). */
    @FunctionalInterface
    interface Protect {
        Secret protect(String field, String value) throws VaultException, KeyringException;
    }

    private final TextField certificate = new TextField();
    private final TextField key = new TextField();
    private final PasswordField passphrase = new PasswordField();
    private final GridPane pane = SiteManagerDialog.grid();

    ClientCertificateFields(Supplier<Window> owner) {
        certificate.setId("site-client-cert");
        key.setId("site-client-key");
        passphrase.setId("site-client-passphrase");
        certificate.setPromptText(I18n.t("sites.clientCert.certificate.prompt"));
        key.setPromptText(I18n.t("sites.clientCert.key.prompt"));
        pane.addRow(0, new Label(I18n.t("sites.clientCert.certificate")), withBrowse(certificate, owner));
        pane.addRow(1, new Label(I18n.t("sites.clientCert.key")), withBrowse(key, owner));
        pane.addRow(2, new Label(I18n.t("sites.clientCert.passphrase")), passphrase);
        Label hint = new Label(I18n.t("sites.clientCert.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        pane.add(hint, 0, 3, 2, 1);
        key.disableProperty().bind(certificate.textProperty().isEmpty());
        passphrase.disableProperty().bind(certificate.textProperty().isEmpty());
    }

    GridPane pane() {
        return pane;
    }

    void load(SiteProfile site) {
        ClientCertificate saved = site.clientCertificate();
        certificate.setText(saved == null ? "" : saved.certificateFile());
        key.setText(saved == null || saved.keyFile() == null ? "" : saved.keyFile());
        passphrase.clear();
        passphrase.setPromptText(saved == null || saved.passphrase().isEmpty() ? "" : "••••••");
    }

    /** What the form says, a typed passphrase stored through {@code protect}; the saved one is kept otherwise. */
    ClientCertificate value(SiteProfile editing, Protect protect) throws VaultException, KeyringException {
        if (certificate.getText().isBlank()) {
            return null;
        }
        Secret secret = editing.clientCertificate() == null ? Secret.NONE : editing.clientCertificate().passphrase();
        if (!passphrase.getText().isEmpty()) {
            secret = protect.protect(SiteClientCertificates.FIELD, passphrase.getText());
        }
        return new ClientCertificate(certificate.getText().strip(), key.getText().strip(), secret);
    }

    void saved() {
        passphrase.clear();
    }

    private static HBox withBrowse(TextField field, Supplier<Window> owner) {
        Button browse = new Button(I18n.t("sites.clientCert.browse"));
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(I18n.t("chooser.clientCertificate"));
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter(I18n.t("sites.clientCert.filter"), "*.pem", "*.crt", "*.cer",
                            "*.key", "*.p12", "*.pfx"),
                    new FileChooser.ExtensionFilter(I18n.t("sites.clientCert.filter.all"), "*"));
            if (!field.getText().isBlank()) {
                File parent = Path.of(field.getText().strip()).toAbsolutePath().getParent().toFile();
                chooser.setInitialDirectory(parent.isDirectory() ? parent : null);
            }
            File chosen = chooser.showOpenDialog(owner.get());
            if (chosen != null) {
                field.setText(chosen.getAbsolutePath());
            }
        });
        HBox row = new HBox(6, field, browse);
        HBox.setHgrow(field, Priority.ALWAYS);
        return row;
    }
}
