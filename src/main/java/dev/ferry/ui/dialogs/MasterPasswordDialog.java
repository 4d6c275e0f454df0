package dev.ferry.ui.dialogs;

import dev.ferry.site.KeyringException;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SiteStore;
import dev.ferry.site.Vault;
import dev.ferry.site.VaultException;
import dev.ferry.ui.I18n;
import dev.ferry.ui.Background;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Entering, setting, changing and removing the master password. */
public final class MasterPasswordDialog {

    private MasterPasswordDialog() {
    }

    /**
     * Asks for the master password until it is right or the user cancels; true when unlocked.
     * The key derivation (Argon2id, a second or so on purpose) runs on a disk thread while the
     * dialog shows that it is working; a wrong password keeps the dialog open.
     */
    public static boolean unlock(Window owner, SiteStore store) {
        if (store.isUnlocked()) {
            return true;
        }
        Dialog<Boolean> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("master.title"));
        dialog.setHeaderText(I18n.t("master.enter"));
        dialog.getDialogPane().setId("master-unlock-dialog");
        PasswordField field = new PasswordField();
        field.setId("master-password");
        Label error = new Label("");
        error.getStyleClass().add("error-text");
        error.setId("master-error");
        ProgressIndicator working = new ProgressIndicator();
        working.setId("master-progress");
        working.setPrefSize(18, 18);
        working.setVisible(false);
        dialog.getDialogPane().setContent(new VBox(8, field, new HBox(8, working, error)));
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(Dialogs.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // Stays open while the key is derived.
            char[] typed = field.getText().toCharArray();
            field.setDisable(true);
            ok.setDisable(true);
            working.setVisible(true);
            error.setText("");
            Background.disk(() -> {
                store.unlock(typed);
                return Boolean.TRUE;
            }, unlocked -> {
                dialog.setResult(Boolean.TRUE);
                dialog.close();
            }, failure -> {
                working.setVisible(false);
                field.setDisable(false);
                ok.setDisable(false);
                error.setText(failure instanceof VaultException v && v.reason() == VaultException.Reason.WRONG_PASSWORD
                        ? I18n.t("master.wrong") : Dialogs.describe(failure));
                field.selectAll();
                field.requestFocus();
            });
        });
        dialog.setResultConverter(button -> Boolean.FALSE);
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait().orElse(Boolean.FALSE) && store.isUnlocked();
    }

    /** Sets, changes or removes the master password. */
    /** A wrong current password in words that say nothing changed; any other failure as it is. */
    private static Throwable wrongOrWhy(Throwable failure) {
        return failure instanceof VaultException v && v.reason() == VaultException.Reason.WRONG_PASSWORD
                ? new IllegalStateException(I18n.t("master.wrong") + ": " + I18n.t("master.unchanged")) : failure;
    }

    public static void manage(Window owner, SiteStore store) {
        manage(owner, store, Map.of(), kept -> { });
    }

    /**
     * As {@link #manage(Window, SiteStore)}; the passwords typed for sites this run and not saved (no keyring, or
     * the vault was locked), site id to password, go into the vault with a master password set: the form went on
     * showing them beside "encrypted with your master password", and they were asked again after a restart (T10).
     * {@code kept} gets those saved, on the FX thread.
     */
    public static void manage(Window owner, SiteStore store, Map<String, String> passwordsForThisRun,
                              Consumer<Map<String, String>> kept) {
        if (store.hasMasterPassword() && !unlock(owner, store)) {
            return;
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("master.title"));
        dialog.setHeaderText(I18n.t("master.explain"));
        dialog.getDialogPane().setId("master-manage-dialog");
        // Asked even though the sites are open: anyone at an unlocked session could replace it otherwise.
        PasswordField current = new PasswordField();
        current.setId("master-current");
        boolean hasOne = store.hasMasterPassword();
        PasswordField first = new PasswordField();
        first.setId("master-new");
        PasswordField second = new PasswordField();
        second.setId("master-repeat");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        int row = 0;
        if (hasOne) {
            grid.addRow(row++, new Label(I18n.t("master.current")), current);
        }
        grid.addRow(row++, new Label(I18n.t("master.set")), first);
        grid.addRow(row++, new Label(I18n.t("master.repeat")), second);
        grid.add(error, 1, row);
        // Fields as wide as the form, the explanation above them wrapped: on one line it made the dialog wide and the
        // fields short in it.
        for (PasswordField field : List.of(current, first, second)) {
            field.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(field, javafx.scene.layout.Priority.ALWAYS);
        }
        dialog.getDialogPane().setPrefWidth(520);
        dialog.getDialogPane().setContent(grid);
        ButtonType remove = new ButtonType(I18n.t("master.remove"), ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        if (store.hasMasterPassword()) {
            dialog.getDialogPane().getButtonTypes().add(remove);
        }
        javafx.scene.Node ok = dialog.getDialogPane().lookupButton(Dialogs.OK);
        // Offered once there is something to set: an empty form's OK only answered with "do not match".
        ok.disableProperty().bind(first.textProperty().isEmpty().or(second.textProperty().isEmpty())
                .or(javafx.beans.binding.Bindings.createBooleanBinding(() -> hasOne && current.getText().isEmpty(),
                        current.textProperty())));
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (first.getText().isEmpty() || !first.getText().equals(second.getText())) {
                error.setText(I18n.t("master.mismatch"));
                e.consume();
            }
        });
        javafx.application.Platform.runLater(hasOne ? current::requestFocus : first::requestFocus);
        ButtonType answer = dialog.showAndWait().orElse(Dialogs.CANCEL);
        char[] given = current.getText().toCharArray();
        try {
            if (answer == Dialogs.OK) {
                // Deriving the keys takes a second or so: not on the FX thread.
                char[] chosen = first.getText().toCharArray();
                Background.disk(() -> {
                    if (hasOne) {
                        store.unlock(given);
                    }
                    store.setMasterPassword(chosen, Vault.KdfParameters.fresh());
                    return keepInTheVault(store, passwordsForThisRun);
                }, saved -> {
                    kept.accept(saved);
                    Dialogs.info(owner, I18n.t(hasOne ? "master.changed" : "master.setDone"));
                },
                        failure -> Dialogs.error(owner, wrongOrWhy(failure)));
            } else if (answer == remove) {
                boolean keep = Dialogs.confirm(owner, I18n.t("sites.savePlain") + "?", I18n.t("sites.passwords.plain"));
                Background.disk(() -> {
                    store.unlock(given);
                    store.removeMasterPassword(keep);
                    return null;
                }, done -> Dialogs.info(owner, I18n.t(keep ? "master.removedKept" : "master.removedForgotten")),
                        failure -> Dialogs.error(owner, wrongOrWhy(failure)));
            }
        } catch (Exception e) {
            Dialogs.error(owner, e);
        }
    }

    /** The passwords of sites that still have none saved, put in the vault; those saved. Off the FX thread. */
    private static Map<String, String> keepInTheVault(SiteStore store, Map<String, String> passwords)
            throws IOException, VaultException, KeyringException {
        Map<String, String> saved = new HashMap<>();
        for (Map.Entry<String, String> typed : passwords.entrySet()) {
            boolean noneSaved = store.find(typed.getKey()).map(site -> site.password().isEmpty()).orElse(false);
            if (noneSaved && store.passwordPolicy().store() == PasswordStore.VAULT) {
                store.setPassword(typed.getKey(), typed.getValue(), PasswordStore.VAULT);
                saved.put(typed.getKey(), typed.getValue());
            }
        }
        return saved;
    }
}
