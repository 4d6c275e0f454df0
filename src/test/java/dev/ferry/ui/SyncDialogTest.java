package dev.ferry.ui;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.sync.Comparison;
import dev.ferry.sync.PlannedAction;
import dev.ferry.sync.SyncAction;
import dev.ferry.sync.SyncHistory;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.Synchronizer;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.ui.dialogs.SyncDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Synchronize…" dialog shows the plan, hides unchanged rows until asked, and Start only when there is work. */
@ExtendWith(ApplicationExtension.class)
class SyncDialogTest extends GuiTest {

    @TempDir
    Path directory;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 400, 300));
        stage.show();
    }

    private SyncPlan plan(FakeFtpServer server, Path local) throws Exception {
        return plan(server, local, SyncOptions.download().withDelete(true));
    }

    private SyncPlan plan(FakeFtpServer server, Path local, SyncOptions options) throws Exception {
        return Synchronizer.plan(compare(server, local, options), options, SyncHistory.inMemory());
    }

    private static Comparison compare(FakeFtpServer server, Path local, SyncOptions options) throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                .build();
        try (FtpSession session = new FtpSession(settings, "dialog")) {
            session.connect();
            return Synchronizer.compare(session, "/site", local, options, new CancelToken());
        }
    }

    /** Opens the plan's dialog, with its choices when {@code replan} is given, without waiting for its content. */
    private AtomicReference<Dialog<SyncPlan>> open(SyncPlan plan, java.util.function.Function<SyncOptions, SyncPlan> replan) {
        AtomicReference<Dialog<SyncPlan>> dialog = new AtomicReference<>();
        interact(() -> {
            dialog.set(replan == null ? SyncDialog.create(stage, plan, "ftp://u@127.0.0.1/site")
                    : SyncDialog.create(stage, plan, "ftp://u@127.0.0.1/site", replan));
            dialog.get().show();
        });
        return dialog;
    }

    /** Shows the plan's dialog (kept in {@code dialog}) and returns its table once it is there. */
    private TableView<PlannedAction> show(SyncPlan plan, AtomicReference<Dialog<SyncPlan>> dialog) {
        dialog.set(open(plan, null).get());
        waitUntil("the plan's table", () -> lookup("#sync-plan").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<PlannedAction> table = (TableView<PlannedAction>) lookup("#sync-plan").query();
        return table;
    }

    @Test
    void thePlanIsShownAndStartRunsIt() throws Exception {
        Path local = Files.createDirectories(directory.resolve("local"));
        Files.writeString(local.resolve("same.txt"), "same!");
        Files.setLastModifiedTime(local.resolve("same.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        Files.writeString(local.resolve("extra.txt"), "only here");
        SyncPlan plan;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", List.of("type=file;size=5;modify=20240102030405; same.txt",
                    "type=file;size=3;modify=20240102030405; new.txt"))
                    .file("/site/new.txt", "new".getBytes(StandardCharsets.UTF_8));
            plan = plan(server, local);
        }
        AtomicReference<Dialog<SyncPlan>> dialog = new AtomicReference<>();
        TableView<PlannedAction> table = show(plan, dialog);
        assertEquals(List.of(SyncAction.DELETE_LOCAL, SyncAction.DOWNLOAD),
                table.getItems().stream().map(PlannedAction::action).toList(), "unchanged rows hidden");
        // The Why column is narrow for a long reason: the chosen row's reason is said whole below.
        interact(() -> table.getSelectionModel().select(1));
        String why = I18n.words(table.getItems().get(1).reason());
        waitUntil("the whole reason of the chosen row", () -> lookup("#sync-why").queryLabeled().getText().contains(why));
        clickOn("#sync-show-same");
        waitUntil("the unchanged row too", () -> table.getItems().size() == 3);
        assertTrue(lookup("#sync-clock").queryLabeled().getText().contains("UTC"),
                lookup("#sync-clock").queryLabeled().getText());
        clickOn("#sync-start");
        waitUntil("the dialog closes", () -> !dialog.get().isShowing());
        assertEquals(plan, dialog.get().getResult(), "Start runs the plan shown");
    }

    /**
     * The window's sync could neither delete what the source lacks nor let the source win a
     * conflict; the command line could (--delete, --force). Both are chosen in the dialog now, off
     * by default, and the plan shown follows each choice before Start.
     */
    @Test
    void deletingAndTheSourceWinningAreChosenInTheDialogAndThePlanFollows() throws Exception {
        Path local = Files.createDirectories(directory.resolve("choices"));
        Files.writeString(local.resolve("extra.txt"), "only here");
        Comparison comparison;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", List.of("type=file;size=3;modify=20240102030405; new.txt"));
            comparison = compare(server, local, SyncOptions.download());
        }
        SyncHistory history = SyncHistory.inMemory();
        List<SyncOptions> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Function<SyncOptions, SyncPlan> replan = options -> {
            asked.add(options);
            return Synchronizer.plan(comparison, options, history);
        };
        AtomicReference<Dialog<SyncPlan>> dialog = open(replan.apply(SyncOptions.download()), replan);
        waitUntil("the choice to delete", () -> lookup("#sync-delete").tryQuery().isPresent());
        assertTrue(planShown().stream().noneMatch(row -> row.action() == SyncAction.DELETE_LOCAL),
                "nothing deleted unless chosen: " + planShown());

        clickOn("#sync-delete");
        waitUntil("extra.txt planned for deletion", () -> planShown().stream()
                .anyMatch(row -> row.action() == SyncAction.DELETE_LOCAL && row.path().equals("extra.txt")));
        clickOn("#sync-source-wins");
        waitUntil("the plan made with the source winning", () -> !asked.isEmpty() && asked.getLast().sourceWins());
        clickOn("#sync-start");
        waitUntil("the dialog closes", () -> !dialog.get().isShowing());

        SyncPlan chosen = dialog.get().getResult();
        assertTrue(chosen.options().delete() && chosen.options().sourceWins(), "Start runs the plan as chosen: " + chosen.options());
        assertTrue(chosen.actions().stream().anyMatch(row -> row.action() == SyncAction.DELETE_LOCAL));
    }

    /** R11: a choice planned again and showed the new table from its top, nothing chosen: the row chosen stays chosen and in view. */
    @Test
    void planningAgainKeepsTheChosenRowChosenAndInView() throws Exception {
        Path local = Files.createDirectories(directory.resolve("keep-place"));
        Files.writeString(local.resolve("zz-extra.txt"), "only here");
        List<String> listing = new java.util.ArrayList<>();
        for (int i = 0; i < 80; i++) {
            listing.add("type=file;size=3;modify=20240102030405; f%02d.txt".formatted(i));
        }
        Comparison comparison;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", listing);
            comparison = compare(server, local, SyncOptions.download());
        }
        SyncHistory history = SyncHistory.inMemory();
        java.util.function.Function<SyncOptions, SyncPlan> replan = options -> Synchronizer.plan(comparison, options, history);
        AtomicReference<Dialog<SyncPlan>> dialog = open(replan.apply(SyncOptions.download()), replan);
        waitUntil("the plan", () -> lookup("#sync-plan").tryQuery().isPresent() && planShown().size() == 81);
        interact(() -> {
            @SuppressWarnings("unchecked")
            TableView<PlannedAction> table = (TableView<PlannedAction>) lookup("#sync-plan").query();
            int index = planShown().stream().map(PlannedAction::path).toList().indexOf("f60.txt");
            table.scrollTo(index);
            table.getSelectionModel().select(index);
        });
        clickOn("#sync-delete");
        waitUntil("zz-extra.txt planned for deletion", () -> planShown().stream()
                .anyMatch(row -> row.action() == SyncAction.DELETE_LOCAL && row.path().equals("zz-extra.txt")));
        @SuppressWarnings("unchecked")
        TableView<PlannedAction> after = (TableView<PlannedAction>) lookup("#sync-plan").query();
        assertEquals("f60.txt", onFx(() -> after.getSelectionModel().getSelectedItem() == null ? null
                : after.getSelectionModel().getSelectedItem().path()), "still chosen");
        waitUntil("f60.txt's row in view", () -> lookup(".table-row-cell").queryAll().stream()
                .anyMatch(node -> node instanceof javafx.scene.control.TableRow<?> row && row.getItem() instanceof PlannedAction planned
                        && planned.path().equals("f60.txt") && row.isVisible() && row.getTableView() == after));
        interact(() -> dialog.get().close());
    }

    private List<PlannedAction> planShown() {
        @SuppressWarnings("unchecked")
        TableView<PlannedAction> table = (TableView<PlannedAction>) lookup("#sync-plan").query();
        return List.copyOf(table.getItems());
    }

    /** "a", " a" and "a " looked alike in the window's plan, which deletes them (the command line's quoted them). */
    @Test
    void namesWithBlanksAtAnEndAreQuotedInThePlan() throws Exception {
        Path local = Files.createDirectories(directory.resolve("blanks"));
        for (String name : List.of("a", " a", "a ")) {
            Files.writeString(local.resolve(name), "x");
        }
        SyncPlan plan;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", List.of());
            plan = plan(server, local);
        }
        AtomicReference<Dialog<SyncPlan>> dialog = new AtomicReference<>();
        TableView<PlannedAction> table = show(plan, dialog);
        List<Object> shown = table.getItems().stream().map(row -> (Object) table.getColumns().get(1).getCellData(row)).toList();
        assertEquals(java.util.Set.of("a", "\" a\"", "\"a \""), java.util.Set.copyOf(shown), shown.toString());
        interact(() -> dialog.get().close());
    }

    @Test
    void withNothingToDoStartIsDisabled() throws Exception {
        Path local = Files.createDirectories(directory.resolve("in-sync"));
        Files.writeString(local.resolve("same.txt"), "same!");
        Files.setLastModifiedTime(local.resolve("same.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        SyncPlan plan;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", List.of("type=file;size=5;modify=20240102030405; same.txt"));
            plan = plan(server, local);
        }
        AtomicReference<Dialog<SyncPlan>> dialog = open(plan, null);
        waitUntil("the dialog", () -> lookup("#sync-start").tryQuery().isPresent());
        assertTrue(lookup("#sync-start").query().isDisabled(), "nothing to start");
        assertTrue(lookup("#sync-nothing").tryQuery().isPresent());
        interact(() -> dialog.get().close());
    }

    /** "Both sides agree" was said above a row that differs and is left alone (U4). */
    @Test
    void nothingToDoWithRowsLeftAloneDoesNotSayBothSidesAgree() throws Exception {
        Path local = Files.createDirectories(directory.resolve("left-alone"));
        Files.writeString(local.resolve("only-here.txt"), "kept: deleting was not asked for");
        SyncPlan plan;
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/site", List.of());
            plan = plan(server, local, SyncOptions.download());
        }
        AtomicReference<Dialog<SyncPlan>> dialog = open(plan, null);
        waitUntil("the dialog", () -> lookup("#sync-nothing").tryQuery().isPresent());
        assertEquals(I18n.t("dialog.sync.nothingToDoButListed"), lookup("#sync-nothing").queryLabeled().getText());
        interact(() -> dialog.get().close());
    }
}
