package dev.ferry.ui.sites;

import dev.ferry.site.SiteClientCertificates;
import dev.ferry.site.SiteProfile;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityException;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.Dialog;
import javafx.scene.control.PasswordField;
import javafx.stage.Window;

import java.util.function.Supplier;

/**
 * Loads a site's client certificate when a session connects, on the session's thread. A key
 * whose passphrase is not saved (or no longer right) is asked for on the FX thread, saying why.
 */
public final class ClientKeyPassphrase {

    private ClientKeyPassphrase() {
    }

    /** Not on the FX thread: it reads files and waits for the question's answer. */
    public static ClientIdentity load(SiteProfile site, char[] saved, Supplier<Window> owner)
            throws ClientIdentityException {
        try {
            return SiteClientCertificates.load(site, saved);
        } catch (ClientIdentityException e) {
            if (e.problem() != ClientIdentityException.Problem.PASSPHRASE_NEEDED
                    && e.problem() != ClientIdentityException.Problem.WRONG_PASSPHRASE) {
                throw e;
            }
            String typed = Background.askOnFxThread(() -> ask(owner.get(), I18n.words(e.explanation())));
            if (typed == null) {
                throw e;
            }
            return SiteClientCertificates.load(site, typed.toCharArray());
        }
    }

    private static String ask(Window owner, String why) {
        Dialog<String> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("dialog.passphrase.title"));
        dialog.setHeaderText(why);
        PasswordField field = new PasswordField();
        field.setId("passphrase-field");
        dialog.getDialogPane().setContent(field);
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        dialog.setResultConverter(button -> button == Dialogs.OK ? field.getText() : null);
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait().orElse(null);
    }
}
