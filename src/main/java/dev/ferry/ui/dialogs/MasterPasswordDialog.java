package dev.ferry.ui.dialogs;

import dev.ferry.site.SiteStore;
import dev.ferry.site.Vault;
import dev.ferry.site.VaultException;
import dev.ferry.ui.I18n;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Entering, setting, changing and removing the master password. */
public final class MasterPasswordDialog {

    private MasterPasswordDialog() {
    }

    /** Asks for the master password until it is right or the user cancels; true when unlocked. */
    public static boolean unlock(Window owner, SiteStore store) {
        String problem = null;
        while (!store.isUnlocked()) {
            Dialog<String> dialog = new Dialog<>();
            Dialogs.prepare(dialog, owner);
            dialog.setTitle(I18n.t("master.title"));
            dialog.setHeaderText(I18n.t("master.enter"));
            dialog.getDialogPane().setId("master-unlock-dialog");
            PasswordField field = new PasswordField();
            field.setId("master-password");
            Label error = new Label(problem == null ? "" : problem);
            error.getStyleClass().add("error-text");
            dialog.getDialogPane().setContent(new VBox(8, field, error));
            dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
            dialog.setResultConverter(b -> b == Dialogs.OK ? field.getText() : null);
            javafx.application.Platform.runLater(field::requestFocus);
            String typed = dialog.showAndWait().orElse(null);
            if (typed == null) {
                return false;
            }
            try {
                store.unlock(typed.toCharArray());
            } catch (VaultException e) {
                problem = e.reason() == VaultException.Reason.WRONG_PASSWORD ? I18n.t("master.wrong") : e.getMessage();
            }
        }
        return true;
    }

    /** Sets, changes or removes the master password. */
    public static void manage(Window owner, SiteStore store) {
        if (store.hasMasterPassword() && !unlock(owner, store)) {
            return;
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("master.title"));
        dialog.setHeaderText(I18n.t("master.explain"));
        dialog.getDialogPane().setId("master-manage-dialog");
        PasswordField first = new PasswordField();
        first.setId("master-new");
        PasswordField second = new PasswordField();
        second.setId("master-repeat");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label(I18n.t("master.set")), first);
        grid.addRow(1, new Label(I18n.t("master.repeat")), second);
        grid.add(error, 1, 2);
        dialog.getDialogPane().setContent(grid);
        ButtonType remove = new ButtonType(I18n.t("master.remove"), ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        if (store.hasMasterPassword()) {
            dialog.getDialogPane().getButtonTypes().add(remove);
        }
        javafx.scene.Node ok = dialog.getDialogPane().lookupButton(Dialogs.OK);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (first.getText().isEmpty() || !first.getText().equals(second.getText())) {
                error.setText(I18n.t("master.mismatch"));
                e.consume();
            }
        });
        ButtonType answer = dialog.showAndWait().orElse(Dialogs.CANCEL);
        try {
            if (answer == Dialogs.OK) {
                store.setMasterPassword(first.getText().toCharArray(), Vault.KdfParameters.fresh());
            } else if (answer == remove) {
                boolean keep = Dialogs.confirm(owner, I18n.t("sites.savePlain") + "?", I18n.t("sites.passwords.plain"));
                store.removeMasterPassword(keep);
            }
        } catch (Exception e) {
            Dialogs.error(owner, e);
        }
    }
}
