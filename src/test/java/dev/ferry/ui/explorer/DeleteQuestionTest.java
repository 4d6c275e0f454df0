package dev.ferry.ui.explorer;

import dev.ferry.ui.I18n;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Delete 2 items?" named neither, and warned about folders when only files were chosen. */
class DeleteQuestionTest {

    @BeforeAll
    static void english() {
        I18n.use("en");
    }

    private static FileRow file(String name) {
        return new FileRow(name, FileRow.Kind.FILE, 1, null, "", "", null, "/" + name, true);
    }

    private static FileRow folder(String name) {
        return new FileRow(name, FileRow.Kind.FOLDER, -1, null, "", "", null, "/" + name, true);
    }

    @Test
    void severalItemsAreNamedAndFoldersWarnedAboutOnlyWhenThereAreSome() {
        String files = FilePane.deleteDetail(List.of(file("a.txt"), file("b.txt")));
        assertTrue(files.contains("a.txt") && files.contains("b.txt"), files);
        assertFalse(files.contains(I18n.t("dialog.confirm.deleteDetail")), files);
        assertTrue(files.contains(I18n.t("dialog.confirm.deleteFilesDetail")), files);

        String mixed = FilePane.deleteDetail(List.of(file("a.txt"), folder("site")));
        assertTrue(mixed.contains("site") && mixed.contains(I18n.t("dialog.confirm.deleteDetail")), mixed);
    }

    @Test
    void aLongSelectionNamesTheFirstOnesAndCountsTheRest() {
        List<FileRow> many = IntStream.range(0, 25).mapToObj(i -> file("file-" + i + ".txt")).toList();
        String detail = FilePane.deleteDetail(many);
        assertTrue(detail.contains("file-0.txt") && detail.contains("file-9.txt"), detail);
        assertFalse(detail.contains("file-10.txt"), detail);
        assertTrue(detail.contains(I18n.t("dialog.confirm.andMore", 15)), detail);
        assertEquals(1, FilePane.deleteDetail(List.of(file("one.txt"))).lines().count(),
                "one item is named in the question already");
    }

    /**
     * "Delete up?" with a folder "up" selected in both panes: which side was meant could not be told. The name in
     * quotes (T10: "Delete a from the server?" read as a sentence cut short).
     */
    @Test
    void theQuestionSaysWhichSide() {
        assertEquals("Delete \"up\" from the server?", FilePane.deleteQuestion(List.of(folder("up")), true));
        assertEquals("Move \"up\" to the Trash?", FilePane.deleteQuestion(List.of(folder("up")), false));
        assertEquals("Delete 2 items from the server?", FilePane.deleteQuestion(List.of(file("a"), file("b")), true));
    }
}
