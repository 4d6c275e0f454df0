package dev.ferry.ui.dialogs;

import dev.ferry.transfer.Conflict;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ConflictResolver;
import dev.ferry.transfer.Direction;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
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

/** The queue's "target exists" question, with both files' sizes and dates and "apply to all". */
public final class FileExistsDialog {

    private static final List<ConflictAction> CHOICES = List.of(ConflictAction.OVERWRITE,
            ConflictAction.OVERWRITE_IF_NEWER, ConflictAction.OVERWRITE_IF_SIZE_DIFFERS, ConflictAction.RESUME,
            ConflictAction.RENAME, ConflictAction.SKIP);

    private FileExistsDialog() {
    }

    /** Call on the FX thread. */
    public static ConflictResolver.Decision ask(Window owner, Conflict conflict) {
        Dialog<ConflictResolver.Decision> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.getDialogPane().setId("file-exists-dialog");
        dialog.setTitle(I18n.t("dialog.exists.title"));
        dialog.setHeaderText(I18n.t("dialog.exists.header"));
        boolean download = conflict.direction() == Direction.DOWNLOAD;
        String source = download ? conflict.remotePath() : conflict.localPath().toString();
        String target = download ? conflict.localPath().toString() : conflict.remotePath();
        GridPane files = new GridPane();
        files.setHgap(12);
        files.setVgap(4);
        files.addRow(0, new Label(I18n.t("dialog.exists.source")), new Label(source),
                new Label(Formats.size(conflict.sourceSize())), new Label(Formats.date(conflict.sourceModified())));
        files.addRow(1, new Label(I18n.t("dialog.exists.target")), new Label(target),
                new Label(Formats.size(conflict.targetSize())), new Label(Formats.date(conflict.targetModified())));
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(6);
        for (ConflictAction action : CHOICES) {
            RadioButton choice = new RadioButton(I18n.t("dialog.exists." + action.name()));
            choice.setUserData(action);
            choice.setToggleGroup(group);
            choice.setId("exists-" + action.name());
            choices.getChildren().add(choice);
        }
        group.selectToggle(group.getToggles().getFirst());
        CheckBox all = new CheckBox(I18n.t("dialog.exists.applyAll"));
        all.setId("exists-apply-all");
        VBox content = new VBox(12, files, choices, all);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new ConflictResolver.Decision((ConflictAction) group.getSelectedToggle().getUserData(), all.isSelected())
                : new ConflictResolver.Decision(ConflictAction.SKIP, false));
        return dialog.showAndWait().orElse(new ConflictResolver.Decision(ConflictAction.SKIP, false));
    }
}
