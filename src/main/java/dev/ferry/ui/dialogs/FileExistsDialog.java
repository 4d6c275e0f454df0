package dev.ferry.ui.dialogs;

import dev.ferry.transfer.Conflict;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ConflictResolver;
import dev.ferry.transfer.Direction;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;

/**
 * The queue's "target exists" question, with both files' sizes and dates. Nothing that replaces
 * a file is preselected: Enter and Escape both skip this file, an overwrite takes a deliberate
 * choice and OK. "Apply to all" covers the rest of this batch; "Cancel the rest" stops it.
 * A folder with the target's name is said to be one, and only a free name is offered besides
 * skipping: the queue never replaces a folder by a file.
 */
public final class FileExistsDialog {

    private static final List<ConflictAction> CHOICES = List.of(ConflictAction.OVERWRITE,
            ConflictAction.OVERWRITE_IF_NEWER, ConflictAction.OVERWRITE_IF_SIZE_DIFFERS, ConflictAction.RESUME,
            ConflictAction.RENAME);

    private FileExistsDialog() {
    }

    /**
     * Call on the FX thread, never inside a drag and drop (see {@link dev.ferry.ui.DragGuard}).
     * {@code closer} is given what closes the question unanswered (its item went meanwhile).
     */
    public static ConflictResolver.Decision ask(Window owner, Conflict conflict, java.util.function.Consumer<Runnable> closer) {
        ButtonType apply = new ButtonType(I18n.t("dialog.exists.apply"), ButtonBar.ButtonData.OK_DONE);
        ButtonType skip = new ButtonType(I18n.t("dialog.exists.SKIP"), ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonType cancelRest = new ButtonType(I18n.t("dialog.exists.cancelRest"), ButtonBar.ButtonData.OTHER);
        Dialog<ConflictResolver.Decision> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.getDialogPane().setId("file-exists-dialog");
        boolean folder = conflict.targetIsFolder();
        dialog.setTitle(I18n.t(folder ? "dialog.exists.folderTitle" : "dialog.exists.title"));
        dialog.setHeaderText(I18n.t(folder ? "dialog.exists.folderHeader" : "dialog.exists.header"));
        boolean download = conflict.direction() == Direction.DOWNLOAD;
        String remote = conflict.server() == null ? conflict.remotePath()
                : I18n.t("dialog.exists.onServer", conflict.remotePath(), conflict.server());
        String source = download ? remote : conflict.localPath().toString();
        String target = download ? conflict.localPath().toString() : remote;
        GridPane files = new GridPane();
        files.setHgap(12);
        files.setVgap(4);
        files.addRow(0, new Label(I18n.t("dialog.exists.source")), new Label(source),
                new Label(Formats.size(conflict.sourceSize())), new Label(Formats.date(conflict.sourceModified())));
        if (folder) {
            files.addRow(1, new Label(I18n.t("dialog.exists.folderTarget")), new Label(target),
                    new Label(I18n.t("dialog.exists.folder")));
        } else {
            files.addRow(1, new Label(I18n.t("dialog.exists.target")), new Label(target),
                    new Label(Formats.size(conflict.targetSize())), new Label(Formats.date(conflict.targetModified())));
        }
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(6);
        // The name a "Keep both" takes, said before it is chosen; a later one if that is taken by then.
        String targetName = download ? conflict.localPath().getFileName().toString()
                : dev.ferry.ftp.RemotePaths.name(conflict.remotePath());
        String freeName = dev.ferry.transfer.FreeNames.numbered(targetName, 1);
        for (ConflictAction action : folder ? List.of(ConflictAction.RENAME) : CHOICES) {
            // "Rename" could be read as renaming the folder.
            RadioButton choice = new RadioButton(folder ? I18n.t("dialog.exists.folderRename", freeName)
                    : action == ConflictAction.RENAME ? I18n.t("dialog.exists.RENAME", freeName)
                    : I18n.t("dialog.exists." + action.name()));
            choice.setUserData(action);
            choice.setToggleGroup(group);
            choice.setId("exists-" + action.name());
            choices.getChildren().add(choice);
        }
        CheckBox all = new CheckBox(I18n.t("dialog.exists.applyAll"));
        all.setId("exists-apply-all");
        VBox content = new VBox(12, files, choices, all);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(apply, cancelRest, skip);
        Button applyButton = (Button) dialog.getDialogPane().lookupButton(apply);
        applyButton.setId("exists-apply");
        applyButton.setDefaultButton(false);
        applyButton.disableProperty().bind(group.selectedToggleProperty().isNull());
        Button skipButton = (Button) dialog.getDialogPane().lookupButton(skip);
        skipButton.setId("exists-skip");
        skipButton.setDefaultButton(true);
        // The highlighted default follows the choice: Skip until an action is chosen, then the button
        // that applies it.
        group.selectedToggleProperty().addListener((o, was, now) -> {
            applyButton.setDefaultButton(now != null);
            skipButton.setDefaultButton(now == null);
        });
        // Return from a choice just clicked applies it, as from anywhere in a dialog: the radio button
        // kept the key, and the default button was not fired.
        dialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !(e.getTarget() instanceof Button)
                    && !e.isShiftDown() && !e.isControlDown() && !e.isAltDown()) {
                e.consume();
                (group.getSelectedToggle() != null ? applyButton : skipButton).fire();
            }
        });
        dialog.getDialogPane().lookupButton(cancelRest).setId("exists-cancel-rest");
        dialog.setResultConverter(button -> {
            if (button == apply && group.getSelectedToggle() != null) {
                return new ConflictResolver.Decision((ConflictAction) group.getSelectedToggle().getUserData(),
                        all.isSelected());
            }
            if (button == cancelRest) {
                return ConflictResolver.Decision.cancelTheRest();
            }
            return new ConflictResolver.Decision(ConflictAction.SKIP, button == skip && all.isSelected());
        });
        closer.accept(dialog::close);
        return dialog.showAndWait().orElse(new ConflictResolver.Decision(ConflictAction.SKIP, false));
    }
}
