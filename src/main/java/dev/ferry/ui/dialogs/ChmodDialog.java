package dev.ferry.ui.dialogs;

import dev.ferry.ftp.listing.UnixModes;
import dev.ferry.ui.I18n;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/** File permissions: nine check boxes and the octal value, each following the other. */
public final class ChmodDialog {

    private ChmodDialog() {
    }

    public static Optional<Integer> ask(Window owner, String name, String permissions) {
        Dialog<Integer> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("dialog.chmod.title"));
        dialog.setHeaderText(name);
        dialog.getDialogPane().setId("chmod-dialog");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        String[] who = {I18n.t("dialog.chmod.owner"), I18n.t("dialog.chmod.group"), I18n.t("dialog.chmod.others")};
        String[] what = {I18n.t("dialog.chmod.read"), I18n.t("dialog.chmod.write"), I18n.t("dialog.chmod.execute")};
        CheckBox[] boxes = new CheckBox[9];
        for (int c = 0; c < 3; c++) {
            grid.add(new Label(what[c]), c + 1, 0);
        }
        for (int r = 0; r < 3; r++) {
            grid.add(new Label(who[r]), 0, r + 1);
            for (int c = 0; c < 3; c++) {
                CheckBox box = new CheckBox();
                box.setId("chmod-" + (r * 3 + c));
                boxes[r * 3 + c] = box;
                grid.add(box, c + 1, r + 1);
            }
        }
        TextField octal = new TextField();
        octal.setId("chmod-octal");
        octal.setPrefColumnCount(5);
        grid.add(new Label(I18n.t("dialog.chmod.octal")), 0, 4);
        grid.add(octal, 1, 4, 3, 1);
        int initial = permissions == null ? -1 : UnixModes.toOctal(permissions);
        boolean[] updating = {false};
        Runnable fromBoxes = () -> {
            if (updating[0]) {
                return;
            }
            int mode = 0;
            for (int i = 0; i < 9; i++) {
                if (boxes[i].isSelected()) {
                    mode |= 1 << (8 - i);
                }
            }
            updating[0] = true;
            octal.setText(String.format("%03o", mode));
            updating[0] = false;
        };
        for (CheckBox box : boxes) {
            box.selectedProperty().addListener((o, a, b) -> fromBoxes.run());
        }
        octal.textProperty().addListener((o, a, text) -> {
            if (updating[0]) {
                return;
            }
            try {
                int mode = Integer.parseInt(text.strip(), 8);
                updating[0] = true;
                for (int i = 0; i < 9; i++) {
                    boxes[i].setSelected((mode & (1 << (8 - i))) != 0);
                }
                updating[0] = false;
            } catch (NumberFormatException e) {
                // Typing in progress.
            }
        });
        octal.setText(String.format("%03o", initial < 0 ? 0644 : initial & 0777));
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(Dialogs.OK, Dialogs.CANCEL);
        dialog.setResultConverter(button -> {
            if (button != Dialogs.OK) {
                return null;
            }
            try {
                int mode = Integer.parseInt(octal.getText().strip(), 8);
                return mode >= 0 && mode <= 07777 ? mode : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
        return dialog.showAndWait();
    }
}
