package dev.ferry.ui.log;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import java.io.File;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The dialogue of one connection (its browsing session and the queue's sessions to the same
 * server): time stamps, one colour per kind, passwords already masked by the engine. Entries are
 * collected from any thread and added to the view in batches ten times a second; only the newest
 * {@value #LIMIT} are kept.
 */
public final class LogConsole extends BorderPane {

    static final int LIMIT = 20_000;
    private static final String ALL = "*";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ConcurrentLinkedQueue<DialogueEntry> incoming = new ConcurrentLinkedQueue<>();
    private final ObservableList<DialogueEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<DialogueEntry> filtered = new FilteredList<>(entries);
    private final ListView<DialogueEntry> list = new ListView<>(filtered);
    private final ComboBox<String> sessions = new ComboBox<>();
    private final TextField search = new TextField();
    private final DialogueListener listener = incoming::add;

    /** The last line is to be shown whole: the log follows, and the flow has not shown it yet (see keepTheEndInView). */
    private boolean endWanted;
    private int endTries;
    private boolean scrollingToTheEnd;

    public LogConsole() {
        getStyleClass().add("log-console");
        setId("log-console");
        list.setId("log-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(view -> new EntryCell());
        sessions.getItems().add(ALL);
        sessions.setValue(ALL);
        sessions.setId("log-sessions");
        // One width whatever logs in: sized to its longest entry, it widened as workers connected and the
        // search field beside it jumped aside mid-transfer. The open list still shows whole names.
        sessions.setPrefWidth(220);
        sessions.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        sessions.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        sessions.setCellFactory(view -> new SessionCell());
        sessions.setButtonCell(new SessionCell());
        sessions.valueProperty().addListener((o, a, b) -> applyFilter());
        search.setPromptText(I18n.t("log.search"));
        search.setId("log-search");
        search.textProperty().addListener((o, a, b) -> applyFilter());
        Button copy = new Button(I18n.t("log.copy"));
        copy.setOnAction(e -> copy());
        Button clear = new Button(I18n.t("log.clear"));
        clear.setOnAction(e -> entries.clear());
        Button save = new Button(I18n.t("log.save"));
        save.setOnAction(e -> save());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, new Label(I18n.t("log.session")), sessions, search, spacer, copy, clear, save);
        bar.getStyleClass().add("pane-header");
        setTop(bar);
        setCenter(list);

        // The user's own scrolling (wheel, scroll bar, keys, a line shown by a search) wins over an end still wanted.
        list.addEventFilter(javafx.scene.control.ScrollToEvent.ANY, e -> endWanted &= scrollingToTheEnd);
        list.addEventFilter(javafx.scene.input.ScrollEvent.ANY, e -> endWanted = false);
        list.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> endWanted = false);
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> endWanted = false);
        Runnable afterLayout = this::keepTheEndInView;
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
        Timeline flush = new Timeline(new KeyFrame(Duration.millis(100), e -> flush()));
        flush.setCycleCount(Animation.INDEFINITE);
        flush.play();
    }

    /** Where sessions send their dialogue; safe to call from any thread. */
    public DialogueListener listener() {
        return listener;
    }

    private void flush() {
        if (incoming.isEmpty()) {
            return;
        }
        boolean atEnd = endWanted || showingTheEnd();
        List<DialogueEntry> batch = new ArrayList<>();
        for (DialogueEntry entry; (entry = incoming.poll()) != null; ) {
            batch.add(entry);
            if (!sessions.getItems().contains(entry.session())) {
                sessions.getItems().add(entry.session());
            }
        }
        if (batch.size() > LIMIT) {
            batch = batch.subList(batch.size() - LIMIT, batch.size());
        }
        int overflow = entries.size() + batch.size() - LIMIT;
        if (overflow > 0) {
            entries.remove(0, Math.min(overflow, entries.size()));
        }
        entries.addAll(batch);
        if (atEnd && !filtered.isEmpty()) {
            showTheEnd();
        }
    }

    /**
     * The last line whole at the bottom. The list's own scrollTo puts a line at the top of the view, which for the
     * last one leaves it where the list estimates the end: with replies of several lines (FEAT, a listing's) taller
     * than the rest, below the view, and the log then stopped following (T10). The flow's scrollTo shows it whole.
     */
    private void showTheEnd() {
        scrollingToTheEnd = true;
        try {
            list.scrollTo(filtered.size() - 1);
        } finally {
            scrollingToTheEnd = false;
        }
        endWanted = true;
        endTries = 0;
    }

    /**
     * After each layout while the end is wanted: the flow's scrollTo makes a line that is partly in view whole
     * (one not in view yet it places by estimate), so it is asked again until the last line is whole.
     */
    private void keepTheEndInView() {
        if (!endWanted) {
            return;
        }
        int last = filtered.size() - 1;
        if (last < 0 || endTries++ > 20 || !(list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow)) {
            endWanted = false;
            return;
        }
        javafx.scene.control.IndexedCell<?> cell = flow.getLastVisibleCell();
        if (cell != null && cell.getIndex() == last
                && flow.sceneToLocal(cell.localToScene(cell.getLayoutBounds())).getMaxY() <= flow.getHeight() + 0.5) {
            endWanted = false;
            return;
        }
        flow.scrollTo(last);
    }

    /**
     * Whether the last line is in view: the log follows the dialogue then, and stays where the user scrolled
     * otherwise. A selected line stopped it following for good, without a sign (T8).
     */
    private boolean showingTheEnd() {
        if (filtered.isEmpty() || !(list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow)) {
            return true;
        }
        javafx.scene.control.IndexedCell<?> last = flow.getLastVisibleCell();
        return last == null || last.getIndex() >= filtered.size() - 1;
    }

    private void applyFilter() {
        String session = sessions.getValue();
        String text = search.getText() == null ? "" : search.getText().toLowerCase(Locale.ROOT);
        filtered.setPredicate(entry -> (session == null || session.equals(ALL) || entry.session().equals(session))
                && (text.isEmpty() || I18n.words(entry).toLowerCase(Locale.ROOT).contains(text)));
    }

    static String line(DialogueEntry entry) {
        return TIME.format(entry.time()) + "  [" + entry.session() + "] " + entry.marker() + I18n.words(entry);
    }

    private void copy() {
        List<DialogueEntry> chosen = list.getSelectionModel().getSelectedItems().isEmpty()
                ? filtered : list.getSelectionModel().getSelectedItems();
        StringBuilder text = new StringBuilder();
        for (DialogueEntry entry : chosen) {
            text.append(line(entry)).append('\n');
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(text.toString());
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("chooser.saveLog"));
        chooser.setInitialFileName("ferry-log.txt");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file == null) {
            return;
        }
        List<String> lines = filtered.stream().map(LogConsole::line).toList();
        Background.disk(() -> Files.write(file.toPath(), lines), done -> { },
                failure -> Dialogs.error(getScene().getWindow(), failure));
    }

    /** Every line currently kept (for tests and "save"). */
    public List<DialogueEntry> entries() {
        return List.copyOf(entries);
    }

    private static final class EntryCell extends ListCell<DialogueEntry> {
        @Override
        protected void updateItem(DialogueEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            getStyleClass().removeIf(c -> c.startsWith("log-"));
            if (empty || entry == null) {
                setText(null);
                return;
            }
            setText(line(entry));
            getStyleClass().add("log-" + entry.kind().name().toLowerCase(Locale.ROOT));
        }
    }

    private static final class SessionCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.equals(ALL) ? "—" : item);
        }
    }
}
