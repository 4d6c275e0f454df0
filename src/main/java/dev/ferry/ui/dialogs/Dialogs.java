package dev.ferry.ui.dialogs;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ui.I18n;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

import java.io.IOException;
import java.util.Optional;

/** Small dialogs: errors in words (with the server's reply, never a stack trace), questions. */
public final class Dialogs {

    private Dialogs() {
    }

    /** The words for a failure: our messages for our failures, the class name never. */
    public static String describe(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FtpException || t instanceof LocalFileException) {
            return I18n.words(t);
        }
        if (t instanceof java.nio.file.NoSuchFileException missing) {
            return "No such file or folder: " + missing.getFile();
        }
        if (t instanceof java.nio.file.AccessDeniedException denied) {
            return "Permission denied: " + denied.getFile();
        }
        if (t instanceof java.nio.file.DirectoryNotEmptyException notEmpty) {
            return "The folder is not empty: " + notEmpty.getFile();
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException exists) {
            return "It already exists: " + exists.getFile();
        }
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : "Something went wrong (" + t.getClass().getSimpleName() + ")";
    }

    public static void error(Window owner, Throwable failure) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(I18n.t("dialog.error.title"));
        alert.setHeaderText(null);
        alert.setContentText(describe(failure));
        if (failure instanceof FtpReplyException reply) {
            alert.getDialogPane().setExpandableContent(new javafx.scene.control.TextArea(reply.reply().toString()));
        }
        alert.getDialogPane().setId("error-dialog");
        alert.show();
    }

    public static boolean confirm(Window owner, String header, String detail) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(header);
        alert.getDialogPane().setId("confirm-dialog");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    public static Optional<String> text(Window owner, String question, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(owner);
        dialog.setTitle(I18n.t("app.title"));
        dialog.setHeaderText(null);
        dialog.setContentText(question);
        dialog.getDialogPane().setId("text-dialog");
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A password question; null when cancelled. */
    public static String password(Window owner, String server) {
        javafx.scene.control.Dialog<String> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(I18n.t("dialog.password.title"));
        dialog.setHeaderText(I18n.t("dialog.password.text", server));
        javafx.scene.control.PasswordField field = new javafx.scene.control.PasswordField();
        field.setId("password-field");
        dialog.getDialogPane().setContent(field);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText() : null);
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait().orElse(null);
    }
}
