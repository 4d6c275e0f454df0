package dev.ferry.ui.dialogs;

import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * An untrusted or changed certificate: everything needed to decide, and three answers.
 * A changed certificate gets its own, louder title and text: it may mean interception.
 */
public final class CertificateDialog {

    public static final ButtonType REJECT = new ButtonType(I18n.t("dialog.cert.reject"), ButtonBar.ButtonData.CANCEL_CLOSE);
    public static final ButtonType ONCE = new ButtonType(I18n.t("dialog.cert.once"), ButtonBar.ButtonData.OTHER);
    public static final ButtonType ALWAYS = new ButtonType(I18n.t("dialog.cert.always"), ButtonBar.ButtonData.OK_DONE);

    private CertificateDialog() {
    }

    /** Call on the FX thread. */
    public static CertificateTrust.Decision ask(Window owner, CertificateTrust.Review review) {
        boolean changed = review.problems().contains(CertificateTrust.Problem.CHANGED);
        Dialog<ButtonType> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.getDialogPane().setId("certificate-dialog");
        String server = review.host() + ":" + review.port();
        dialog.setTitle(I18n.t(changed ? "dialog.cert.changed.title" : "dialog.cert.title"));
        dialog.setHeaderText(changed ? I18n.t("dialog.cert.changedHeader", server)
                : I18n.t("dialog.cert.header", server, I18n.words(review.problemsMessage())));
        CertificateInfo certificate = review.certificate();
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        int row = 0;
        row = add(grid, row, "dialog.cert.subject", certificate.subject());
        row = add(grid, row, "dialog.cert.issuer", certificate.issuer());
        row = add(grid, row, "dialog.cert.valid", Formats.date(certificate.notBefore()) + " – " + Formats.date(certificate.notAfter()));
        if (!certificate.subjectAlternativeNames().isEmpty()) {
            // A self-signed certificate often has none: an empty row said nothing.
            row = add(grid, row, "dialog.cert.names", String.join(", ", certificate.subjectAlternativeNames()));
        }
        Label fingerprint = new Label(certificate.sha256Fingerprint());
        fingerprint.getStyleClass().add("fingerprint");
        fingerprint.setWrapText(true);
        fingerprint.setId("certificate-fingerprint");
        grid.add(new Label(I18n.t("dialog.cert.fingerprint")), 0, row);
        grid.add(fingerprint, 1, row++);
        if (changed && !review.previouslyTrusted().isEmpty()) {
            Label previous = new Label(review.previouslyTrusted().getFirst().sha256());
            previous.getStyleClass().addAll("fingerprint", "warning-text");
            previous.setWrapText(true);
            grid.add(new Label(I18n.t("dialog.cert.previous")), 0, row);
            grid.add(previous, 1, row);
        }
        grid.setMaxWidth(640);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(REJECT, ONCE, ALWAYS);
        // The safe answer is the default one.
        ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(REJECT)).setDefaultButton(true);
        ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(ALWAYS)).setDefaultButton(false);
        ButtonType answer = dialog.showAndWait().orElse(REJECT);
        if (answer == ALWAYS) {
            return CertificateTrust.Decision.TRUST_ALWAYS;
        }
        return answer == ONCE ? CertificateTrust.Decision.TRUST_ONCE : CertificateTrust.Decision.REJECT;
    }

    private static int add(GridPane grid, int row, String key, String value) {
        Label label = new Label(value);
        label.setWrapText(true);
        grid.add(new Label(I18n.t(key)), 0, row);
        grid.add(label, 1, row);
        return row + 1;
    }
}
