package dev.ferry.ui.dialogs;

import dev.ferry.transfer.FreeNames;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A file or folder moved or copied on this computer into a folder that has its name: replace the
 * file there, keep both (the arriving one under the next free number), or skip it, as a file
 * manager asks. Skip is the default, so that Enter or Escape loses nothing; a folder is never
 * replaced (what is in it would go), so only the other two are offered for one.
 */
public final class NameTakenDialog {

    public enum Choice { REPLACE, KEEP_BOTH, SKIP }

    /** The choice, and whether it holds for the other names of the same drop that are taken. */
    public record Answer(Choice choice, boolean forTheRest) {
    }

    /** Both sides as read from the disk before asking: the question's thread reads no disk. */
    public record Taken(Path source, Path target, boolean sourceIsFolder, long sourceSize, Instant sourceModified,
                        boolean targetIsFolder, long targetSize, Instant targetModified, boolean sameFile) {

        public static Taken of(Path source, Path target) throws IOException {
            BasicFileAttributes from = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes there = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean same;
            try {
                // Through links: a link to the file there, or another hard link of it, is that file.
                same = Files.isSameFile(source, target);
            } catch (IOException danglingLink) {
                same = false;
            }
            return new Taken(source, target, from.isDirectory(), from.size(), from.lastModifiedTime().toInstant(),
                    there.isDirectory(), there.size(), there.lastModifiedTime().toInstant(), same);
        }

        /**
         * Only a file replaces a file: a folder on either side would lose, or be merged into, what it
         * holds. Nor what is that file itself (R14: a link put over the file it points to left it a link
         * to itself, its contents gone), as {@code mv} refuses "the same file".
         */
        public boolean canReplace() {
            return !sourceIsFolder && !targetIsFolder && !sameFile;
        }
    }

    /** The {@code n}th name "Keep both" gives: a file's number before its extension, a folder's at its end ("photos.2024 (1)"). */
    public static String keptName(String name, int n, boolean folder) {
        return folder ? name + " (" + n + ")" : FreeNames.numbered(name, n);
    }

    private NameTakenDialog() {
    }

    /** On the FX thread. {@code more}: names of the same drop still to come are taken there too. Null when closed. */
    public static Answer ask(Window owner, Taken taken, boolean more) {
        ButtonType replace = new ButtonType(I18n.t("dialog.taken.replace"), ButtonBar.ButtonData.OTHER);
        String freeName = keptName(taken.target().getFileName().toString(), 1, taken.sourceIsFolder());
        ButtonType keepBoth = new ButtonType(I18n.t("dialog.taken.keepBoth"), ButtonBar.ButtonData.OTHER);
        ButtonType skip = new ButtonType(I18n.t("dialog.taken.skip"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Dialog<Answer> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner);
        dialog.getDialogPane().setId("name-taken-dialog");
        dialog.setTitle(I18n.t("dialog.taken.title"));
        dialog.setHeaderText(I18n.t("dialog.taken.header", taken.target().getFileName(), taken.target().getParent()));
        GridPane sides = new GridPane();
        sides.setHgap(12);
        sides.setVgap(4);
        sides.addRow(0, new Label(I18n.t("dialog.taken.there")), new Label(taken.target().toString()),
                new Label(sizeOf(taken.targetIsFolder(), taken.targetSize())), new Label(Formats.date(taken.targetModified())));
        sides.addRow(1, new Label(I18n.t("dialog.taken.arriving")), new Label(taken.source().toString()),
                new Label(sizeOf(taken.sourceIsFolder(), taken.sourceSize())), new Label(Formats.date(taken.sourceModified())));
        Label keptAs = new Label(I18n.t("dialog.taken.keptAs", freeName));
        keptAs.setWrapText(true);
        CheckBox forTheRest = new CheckBox(I18n.t("dialog.taken.forTheRest"));
        forTheRest.setId("taken-for-the-rest");
        VBox content = new VBox(12, sides, keptAs);
        if (more) {
            content.getChildren().add(forTheRest);
        }
        dialog.getDialogPane().setContent(content);
        if (taken.canReplace()) {
            dialog.getDialogPane().getButtonTypes().add(replace);
            dialog.getDialogPane().lookupButton(replace).setId("taken-replace");
        }
        dialog.getDialogPane().getButtonTypes().addAll(keepBoth, skip);
        dialog.getDialogPane().lookupButton(keepBoth).setId("taken-keep-both");
        Button skipButton = (Button) dialog.getDialogPane().lookupButton(skip);
        skipButton.setId("taken-skip");
        skipButton.setDefaultButton(true);
        dialog.setResultConverter(button -> {
            Choice choice = button == replace ? Choice.REPLACE : button == keepBoth ? Choice.KEEP_BOTH : Choice.SKIP;
            return new Answer(choice, more && forTheRest.isSelected());
        });
        return dialog.showAndWait().orElse(null);
    }

    private static String sizeOf(boolean folder, long size) {
        return folder ? I18n.t("dialog.taken.folder") : Formats.size(size);
    }
}
