package dev.ferry.ui.sites;

import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.LogonType;
import dev.ferry.site.Secret;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.TransferMode;
import dev.ferry.site.VaultException;
import dev.ferry.tls.TlsVersion;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.Icons;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Site Manager (Ctrl+S): folders and sites on the left (search, drag to reorganise), the
 * selected site's settings on the right, Connect / OK / Cancel. Edits to a site are saved when
 * another one is chosen, on OK and on Connect; Cancel drops the unsaved edits of the open one.
 */
public final class SiteManagerDialog {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final List<String> COLOURS = List.of("", "red", "green", "blue", "yellow", "cyan", "magenta", "orange");

    /** A tree node: a folder (its path) or a site (its id). */
    record Node(List<String> folder, String siteId, String label) {
        boolean isFolder() {
            return siteId == null;
        }
    }

    private final AppContext app;
    private final SiteStore store;
    private final Stage stage = new Stage();
    /** Sites made with "New site" while this dialog is open. */
    private final List<String> createdHere = new ArrayList<>();
    private final TreeView<Node> tree = new TreeView<>();
    private final TextField search = new TextField();
    private final Consumer<SiteProfile> connect;
    private SiteProfile editing;

    // General
    private final TextField name = new TextField();
    private final TextField host = new TextField();
    private final TextField port = new TextField();
    private final ChoiceBox<TlsMode> protocol = choice(List.of(TlsMode.EXPLICIT_IF_AVAILABLE, TlsMode.EXPLICIT,
            TlsMode.IMPLICIT, TlsMode.NONE), m -> I18n.t("protocol." + m.name()));
    private final ChoiceBox<LogonType> logon = choice(List.of(LogonType.values()), l -> I18n.t("logon." + l.name()));
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField account = new PasswordField();
    private final TextArea comment = new TextArea();
    private final ChoiceBox<String> colour = choice(COLOURS, c -> c.isEmpty() ? "—" : c);
    // Advanced
    private final TextField localDir = new TextField();
    private final TextField remoteDir = new TextField();
    private final TextField timezone = new TextField();
    // Transfer settings
    private final ChoiceBox<TransferMode> mode = choice(List.of(TransferMode.values()), m -> I18n.t("mode." + m.name()));
    private final CheckBox trustPasv = new CheckBox(I18n.t("sites.trustPasv"));
    private final Spinner<Integer> connections = dev.ferry.ui.NumberFields.typable(new Spinner<>(0, 10, 0));
    /** 0: as in the settings. */
    private final Spinner<Integer> segments = dev.ferry.ui.NumberFields.typable(new Spinner<>(0, 10, 0));
    private final ChoiceBox<TlsVersion> tlsMax = choice(List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2), v -> v.toString());
    private final CheckBox protP = new CheckBox(I18n.t("sites.prot"));
    private final CheckBox legacy = new CheckBox(I18n.t("sites.legacyTls"));
    // Charset
    private final RadioButton utf8 = new RadioButton(I18n.t("sites.charset.auto"));
    private final RadioButton custom = new RadioButton(I18n.t("sites.charset.custom"));
    private final TextField charset = new TextField();
    private final ClientCertificateFields clientCertificate = new ClientCertificateFields(() -> stage);

    private final Label validation = new Label();
    private final Label policy = new Label();
    /** The keyring cannot be reached, or refused a password in this dialog: the hint no longer says passwords are kept there. */
    private boolean keyringMissing;
    private final TabPane form;
    private final Button okButton = new Button(I18n.t("sites.ok"));
    private final Button connectButton = new Button(I18n.t("sites.connect"));

    private SiteManagerDialog(Window owner, AppContext app, Consumer<SiteProfile> connect) {
        this.app = app;
        this.store = app.sites();
        this.connect = connect;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(I18n.t("sites.title"));

        tree.setId("sites-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(view -> new NodeCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> {
            if (!rebuilding) {
                select(item);
            }
        });
        search.setPromptText(I18n.t("sites.search"));
        search.setId("sites-search");
        // As a launcher's search: the site open stays chosen while it matches, else the first one found,
        // so that Enter (Connect) goes where the search led; Down goes on into the list.
        search.textProperty().addListener((o, a, b) -> rebuild(editing == null ? null : editing.id(), true));
        search.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DOWN) {
                tree.requestFocus();
                if (tree.getSelectionModel().getSelectedItem() == null) {
                    firstSite(tree.getRoot()).ifPresent(tree.getSelectionModel()::select);
                }
                e.consume();
            }
        });
        Button newSite = button("sites.newSite", this::newSite);
        newSite.setId("sites-new");
        Button newFolder = button("sites.newFolder", this::newFolder);
        Button rename = button("sites.rename", this::rename);
        Button duplicate = button("sites.duplicate", this::duplicate);
        Button delete = button("sites.delete", this::delete);
        rename.setId("sites-rename");
        duplicate.setId("sites-duplicate");
        delete.setId("sites-delete");
        // Each acts on the chosen entry: with none chosen they did nothing when clicked.
        for (Button acting : List.of(rename, duplicate, delete)) {
            acting.disableProperty().bind(tree.getSelectionModel().selectedItemProperty().isNull());
        }
        VBox left = new VBox(6, search, tree, new HBox(4, newSite, newFolder), new HBox(4, rename, duplicate, delete));
        VBox.setVgrow(tree, Priority.ALWAYS);
        left.setPadding(new Insets(8));

        name.setId("site-name");
        host.setId("site-host");
        port.setId("site-port");
        user.setId("site-user");
        password.setId("site-password");
        protocol.setId("site-protocol");
        logon.setId("site-logon");
        GridPane general = grid();
        general.addRow(0, new Label(I18n.t("sites.name")), name);
        general.addRow(1, new Label(I18n.t("sites.host")), host);
        general.addRow(2, new Label(I18n.t("sites.port")), port);
        general.addRow(3, new Label(I18n.t("sites.protocol")), protocol);
        general.addRow(4, new Label(I18n.t("sites.logon")), logon);
        general.addRow(5, new Label(I18n.t("sites.user")), user);
        general.addRow(6, new Label(I18n.t("sites.password")), password);
        general.addRow(7, new Label(I18n.t("sites.account")), account);
        general.addRow(8, new Label(I18n.t("sites.colour")), colour);
        comment.setPrefRowCount(3);
        general.addRow(9, new Label(I18n.t("sites.comment")), comment);
        policy.setId("sites-password-policy");
        policy.setWrapText(true);
        policy.getStyleClass().add("hint");
        general.add(policy, 0, 10, 2, 1);
        GridPane advanced = grid();
        advanced.addRow(0, new Label(I18n.t("sites.localDir")), withFolderBrowse(localDir));
        advanced.addRow(1, new Label(I18n.t("sites.remoteDir")), remoteDir);
        advanced.addRow(2, new Label(I18n.t("sites.timezone")), timezone);
        GridPane transfer = grid();
        transfer.addRow(0, new Label(I18n.t("sites.transferMode")), mode);
        transfer.add(trustPasv, 0, 1, 2, 1);
        transfer.addRow(2, new Label(I18n.t("sites.maxConnections")), connections);
        Label tlsMaxLabel = new Label(I18n.t("sites.tlsMax"));
        transfer.addRow(3, tlsMaxLabel, tlsMax);
        transfer.add(protP, 0, 4, 2, 1);
        transfer.add(legacy, 0, 5, 2, 1);
        // Plain FTP has no TLS to set: the options were offered as if they did something. Kept as they
        // are, for the site that is switched back to TLS.
        javafx.beans.binding.BooleanBinding plain = protocol.valueProperty().isEqualTo(TlsMode.NONE);
        for (javafx.scene.Node tlsOnly : List.<javafx.scene.Node>of(tlsMaxLabel, tlsMax, protP, legacy)) {
            tlsOnly.disableProperty().bind(plain);
        }
        Label tlsHint = new Label(I18n.t("sites.tlsOnlyWithTls"));
        tlsHint.setId("site-tls-hint");
        tlsHint.setWrapText(true);
        tlsHint.getStyleClass().add("hint");
        tlsHint.visibleProperty().bind(plain);
        tlsHint.managedProperty().bind(plain);
        transfer.add(tlsHint, 0, 7, 2, 1);
        segments.setId("site-segments");
        connections.setId("site-connections");
        transfer.addRow(6, new Label(I18n.t("sites.segments")), segments);
        ToggleGroup charsets = new ToggleGroup();
        utf8.setToggleGroup(charsets);
        custom.setToggleGroup(charsets);
        charset.disableProperty().bind(utf8.selectedProperty());
        charset.setPromptText("GBK");
        GridPane charsetPane = grid();
        charsetPane.addRow(0, utf8);
        charsetPane.addRow(1, custom, charset);
        form = new TabPane(new Tab(I18n.t("sites.general"), general), new Tab(I18n.t("sites.advanced"), advanced),
                new Tab(I18n.t("sites.transfer"), transfer), new Tab(I18n.t("sites.charset"), charsetPane),
                clientCertificateTab(plain));
        form.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        form.setDisable(true);
        validation.getStyleClass().add("error-text");
        validation.setId("site-validation");
        for (TextField field : List.of(host, port, charset, timezone, name)) {
            field.textProperty().addListener((o, a, b) -> validate());
        }
        name.textProperty().addListener((o, a, typed) -> showNameInList(typed));
        custom.selectedProperty().addListener((o, a, b) -> validate());
        logon.valueProperty().addListener((o, a, value) -> {
            password.setDisable(value != null && !value.savesPassword());
            user.setDisable(value == LogonType.ANONYMOUS);
            account.setDisable(value != LogonType.ACCOUNT);
        });

        connectButton.setId("sites-connect");
        connectButton.setDefaultButton(true);
        connectButton.setOnAction(e -> connectEditing());
        okButton.setId("sites-ok");
        okButton.setOnAction(e -> {
            if (saveEditing()) {
                stage.close();
            }
        });
        Button cancel = new Button(I18n.t("sites.cancel"));
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, validation, spacer, connectButton, okButton, cancel);
        buttons.setPadding(new Insets(8));
        BorderPane right = new BorderPane(form, null, null, buttons, null);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.33);
        Scene scene = new Scene(split, 860, 560);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        rebuild(null);
        validate();
        showPolicy();
        if (store.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_IN_KEYRING) {
            // Asked off the FX thread (D-Bus): the hint said "kept in the system keyring" where there is none.
            dev.ferry.ui.Background.disk(() -> store.availableStores().stream()
                    .anyMatch(choice -> choice.store() == dev.ferry.site.PasswordStore.KEYRING && choice.available()),
                    reachable -> {
                        if (!reachable) {
                            keyringMissing = true;
                            showPolicy();
                        }
                    }, failure -> { });
        }
    }

    /** Connect, or a double-click on a site: saves the form, closes, connects. */
    private void connectEditing() {
        if (saveEditing()) {
            SiteProfile site = editing;
            stage.close();
            if (site != null) {
                connect.accept(site);
            }
        }
    }

    /**
     * Opens with one site selected (a connection just copied into the Site Manager, the current tab's, the
     * last one shown); with the first in the list when that one is gone or there is none, as an empty form
     * only puzzles (T1).
     */
    public static Stage open(Window owner, AppContext app, Consumer<SiteProfile> connect, String selectId) {
        Stage shown = open(owner, app, connect);
        SiteManagerDialog dialog = (SiteManagerDialog) shown.getUserData();
        dialog.rebuild(selectId);
        if (dialog.editing == null) {
            firstSite(dialog.tree.getRoot()).ifPresent(first -> dialog.rebuild(first.getValue().siteId()));
        }
        return shown;
    }

    public static void show(Window owner, AppContext app, Consumer<SiteProfile> connect) {
        open(owner, app, connect);
    }

    /** The site the dialog of {@code shown} was on (to open on it next time), or null. */
    public static String siteShown(Stage shown) {
        return shown.getUserData() instanceof SiteManagerDialog dialog && dialog.editing != null ? dialog.editing.id() : null;
    }

    /** Shows the dialog sized to its content, inside the owner's screen; returns its stage (tests). */
    public static Stage open(Window owner, AppContext app, Consumer<SiteProfile> connect) {
        SiteManagerDialog dialog = new SiteManagerDialog(owner, app, connect);
        dialog.stage.setUserData(dialog);
        dialog.stage.setOnShown(e -> Dialogs.fit(dialog.stage, owner));
        dialog.stage.setOnHidden(e -> dialog.dropUnfilledNewSites());
        dialog.stage.show();
        return dialog.stage;
    }

    // ------------------------------------------------------------------ tree

    private void rebuild(String selectId) {
        rebuild(selectId, false);
    }

    /**
     * While the list is built again, the selection it loses and gets back is no choice of the user's:
     * the site being edited stays open, its edits neither saved nor dropped by a keystroke in the search.
     */
    private boolean rebuilding;

    private void rebuild(String selectId, boolean firstFoundOtherwise) {
        String filter = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
        TreeItem<Node> root = new TreeItem<>(new Node(List.of(), null, ""));
        List<List<String>> folders = new ArrayList<>(store.folders());
        folders.sort(Comparator.comparing(f -> String.join("/", f).toLowerCase(Locale.ROOT)));
        java.util.Map<List<String>, TreeItem<Node>> items = new java.util.HashMap<>();
        items.put(List.of(), root);
        for (List<String> folder : folders) {
            folderItem(items, folder);
        }
        TreeItem<Node> selected = null;
        List<SiteProfile> sites = new ArrayList<>(store.sites());
        sites.sort(Comparator.comparing(s -> s.name().toLowerCase(Locale.ROOT)));
        // A site whose form cannot be saved yet stays listed: choosing another would fail, and the list
        // would show one site while the form holds the other's fields.
        String keptOpen = editing != null && problem() != null ? editing.id() : null;
        for (SiteProfile site : sites) {
            if (!filter.isEmpty() && !site.id().equals(keptOpen) && !site.path().toLowerCase(Locale.ROOT).contains(filter)
                    && !site.host().toLowerCase(Locale.ROOT).contains(filter)) {
                continue;
            }
            TreeItem<Node> item = new TreeItem<>(new Node(site.folder(), site.id(), site.name()));
            folderItem(items, site.folder()).getChildren().add(item);
            if (site.id().equals(selectId)) {
                selected = item;
            }
        }
        if (!filter.isEmpty()) {
            prune(root);
        }
        if (selected == null && firstFoundOtherwise && !filter.isEmpty()) {
            selected = firstSite(root).orElse(null);
        }
        rebuilding = true;
        try {
            tree.setRoot(root);
            if (selected != null) {
                tree.getSelectionModel().select(selected);
            }
        } finally {
            rebuilding = false;
        }
        String now = selected == null ? null : selected.getValue().siteId();
        if (editing == null || !editing.id().equals(now)) {
            select(selected);
        } else {
            showNameInList(name.getText());
        }
    }

    /** The first site in the order the list shows them. */
    private static Optional<TreeItem<Node>> firstSite(TreeItem<Node> item) {
        if (item == null) {
            return Optional.empty();
        }
        if (!item.getValue().isFolder()) {
            return Optional.of(item);
        }
        for (TreeItem<Node> child : item.getChildren()) {
            Optional<TreeItem<Node>> found = firstSite(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static TreeItem<Node> folderItem(java.util.Map<List<String>, TreeItem<Node>> items, List<String> folder) {
        TreeItem<Node> existing = items.get(folder);
        if (existing != null) {
            return existing;
        }
        TreeItem<Node> parent = folderItem(items, folder.subList(0, folder.size() - 1));
        TreeItem<Node> item = new TreeItem<>(new Node(List.copyOf(folder), null, folder.getLast()));
        item.setExpanded(true);
        parent.getChildren().add(item);
        items.put(List.copyOf(folder), item);
        return item;
    }

    /** With a search, folders without matching sites disappear. */
    private static boolean prune(TreeItem<Node> item) {
        item.getChildren().removeIf(child -> child.getValue().isFolder() && !prune(child));
        return !item.getChildren().isEmpty();
    }

    private final class NodeCell extends TreeCell<Node> {
        NodeCell() {
            setOnDragDetected(e -> {
                if (getItem() == null) {
                    return;
                }
                var board = startDragAndDrop(javafx.scene.input.TransferMode.MOVE);
                ClipboardContent content = new ClipboardContent();
                content.putString(getItem().isFolder() ? "folder:" + String.join("/", getItem().folder()) : "site:" + getItem().siteId());
                board.setContent(content);
                e.consume();
            });
            setOnMouseClicked(e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2
                        && getItem() != null && !getItem().isFolder() && editing != null
                        && editing.id().equals(getItem().siteId())) {
                    connectEditing();
                }
            });
            setOnDragOver(e -> {
                if (e.getDragboard().hasString() && (getItem() == null || getItem().isFolder())) {
                    e.acceptTransferModes(javafx.scene.input.TransferMode.MOVE);
                    e.consume();
                }
            });
            setOnDragDropped(e -> {
                List<String> into = getItem() == null ? List.of() : getItem().folder();
                e.setDropCompleted(move(e.getDragboard().getString(), into));
                e.consume();
            });
        }

        @Override
        protected void updateItem(Node node, boolean empty) {
            super.updateItem(node, empty);
            if (empty || node == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(node.label());
            setGraphic(node.isFolder() ? Icons.icon(Icons.FOLDER, 14, "file-icon-folder")
                    : Icons.icon(Icons.FILE, 14, "file-icon-file"));
        }
    }

    /** A drop on the tree: a site ("site:ID") or a folder ("folder:A/B") moved into {@code into}. */
    boolean move(String dragged, List<String> into) {
        try {
            if (dragged.startsWith("site:")) {
                String id = dragged.substring(5);
                saveEditing();
                store.move(id, into);
                rebuild(id);
                return true;
            }
            if (dragged.startsWith("folder:")) {
                List<String> folder = List.of(dragged.substring(7).split("/"));
                List<String> target = new ArrayList<>(into);
                target.add(folder.getLast());
                store.moveFolder(folder, target);
                rebuild(editing == null ? null : editing.id());
                return true;
            }
        } catch (Exception e) {
            Dialogs.error(stage, e);
        }
        return false;
    }

    // ------------------------------------------------------------------ editing

    private void select(TreeItem<Node> item) {
        if (editing != null && !saveEditing()) {
            return;
        }
        Optional<SiteProfile> site = item == null || item.getValue().isFolder() ? Optional.empty()
                : store.find(item.getValue().siteId());
        editing = site.orElse(null);
        form.setDisable(editing == null);
        if (editing != null) {
            load(editing);
        } else {
            clearForm();
        }
        validate();
    }

    /** The list shows the name as it is typed, before it is saved. */
    private void showNameInList(String typed) {
        TreeItem<Node> item = tree.getSelectionModel().getSelectedItem();
        if (editing == null || item == null || item.getValue().isFolder() || !editing.id().equals(item.getValue().siteId())) {
            return;
        }
        // Erased: the saved name, until another is typed.
        String label = typed == null || typed.isBlank() ? editing.name() : typed.strip();
        Node shown = item.getValue();
        if (!label.equals(shown.label())) {
            item.setValue(new Node(shown.folder(), shown.siteId(), label));
        }
    }

    /** No site chosen: the form shows nothing of the last one (a deleted site's details stayed). */
    private void clearForm() {
        load(BLANK);
        name.clear();
        host.clear();
    }

    /** What an empty form shows: every control at its default. */
    private static final SiteProfile BLANK = SiteProfile.builder("", "", "").build();

    private void load(SiteProfile site) {
        name.setText(site.name());
        host.setText(site.host());
        port.setText(site.port() > 0 ? Integer.toString(site.port()) : "");
        protocol.setValue(site.protocol());
        logon.setValue(site.logonType());
        user.setText(site.user() == null ? "" : site.user());
        password.clear();
        password.setPromptText(!site.password().isEmpty() || app.hasPasswordNotSaved(site.id()) ? "••••••" : "");
        account.clear();
        account.setPromptText(site.account().isEmpty() ? "" : "••••••");
        comment.setText(site.comment() == null ? "" : site.comment());
        colour.setValue(site.colour() == null ? "" : site.colour());
        localDir.setText(site.localDirectory() == null ? "" : site.localDirectory());
        remoteDir.setText(site.remoteDirectory() == null ? "" : site.remoteDirectory());
        timezone.setText(site.listingTimeZone() == null ? "" : site.listingTimeZone());
        mode.setValue(site.transferMode());
        trustPasv.setSelected(Boolean.TRUE.equals(site.trustPassiveAddress()));
        connections.getValueFactory().setValue(site.maxConnections() == null ? 0 : site.maxConnections());
        segments.getValueFactory().setValue(site.segments() == null ? 0 : site.segments());
        tlsMax.setValue(site.tlsMaxVersion() == null ? TlsVersion.TLS_1_3 : site.tlsMaxVersion());
        protP.setSelected(site.protectionLevel() != ProtectionLevel.CLEAR);
        legacy.setSelected(site.legacyTls());
        utf8.setSelected(site.charset() == null);
        custom.setSelected(site.charset() != null);
        charset.setText(site.charset() == null ? "" : site.charset());
        clientCertificate.load(site);
    }

    /** The first problem with the form, shown beside the buttons; OK and Connect wait for none. */
    private String problem() {
        if (editing == null) {
            return null;
        }
        if (name.getText().isBlank() || name.getText().contains("/")) {
            return I18n.t("sites.name") + " ?";
        }
        if (host.getText().isBlank() || !HOST.matcher(host.getText().strip()).matches()) {
            return I18n.t("sites.invalid.host");
        }
        if (!port.getText().isBlank()) {
            try {
                int value = Integer.parseInt(port.getText().strip());
                if (value < 1 || value > 65535) {
                    return I18n.t("sites.invalid.port");
                }
            } catch (NumberFormatException e) {
                return I18n.t("sites.invalid.port");
            }
        }
        if (custom.isSelected() && (charset.getText().isBlank() || !Charset.isSupported(charset.getText().strip()))) {
            return charset.getText() + " ?";
        }
        if (!timezone.getText().isBlank()) {
            try {
                ZoneId.of(timezone.getText().strip());
            } catch (RuntimeException e) {
                return I18n.t("sites.timezone") + " " + timezone.getText();
            }
        }
        return null;
    }

    private void validate() {
        String problem = problem();
        validation.setText(problem == null ? "" : problem);
        okButton.setDisable(problem != null);
        connectButton.setDisable(problem != null || editing == null);
    }

    /** Writes the form into the store; false (with the reason shown) when it cannot. */
    private boolean saveEditing() {
        if (editing == null) {
            return true;
        }
        if (problem() != null) {
            validate();
            return false;
        }
        try {
            // From the stored site, not the one the form was loaded from: the tree may have moved or
            // renamed it since, and the form holds only what the form shows.
            editing = store.find(editing.id()).orElse(editing);
            dev.ferry.ui.NumberFields.commit(connections);
            dev.ferry.ui.NumberFields.commit(segments);
            SiteProfile.Builder b = editing.toBuilder().name(name.getText().strip()).host(host.getText().strip())
                    .port(port.getText().isBlank() ? 0 : Integer.parseInt(port.getText().strip()))
                    .protocol(protocol.getValue()).logonType(logon.getValue())
                    .user(user.getText().isBlank() ? null : user.getText().strip())
                    .comment(comment.getText().isBlank() ? null : comment.getText())
                    .colour(colour.getValue() == null || colour.getValue().isEmpty() ? null : colour.getValue())
                    .localDirectory(localDir.getText().isBlank() ? null : localDir.getText().strip())
                    .remoteDirectory(remoteDir.getText().isBlank() ? null : remoteDir.getText().strip())
                    .listingTimeZone(timezone.getText().isBlank() ? null : timezone.getText().strip())
                    .transferMode(mode.getValue()).trustPassiveAddress(trustPasv.isSelected())
                    .maxConnections(connections.getValue() == 0 ? null : connections.getValue())
                    .segments(segments.getValue() == 0 ? null : segments.getValue())
                    .tlsMaxVersion(tlsMax.getValue() == TlsVersion.TLS_1_3 ? null : tlsMax.getValue())
                    .protectionLevel(protP.isSelected() ? null : ProtectionLevel.CLEAR).legacyTls(legacy.isSelected())
                    .charset(custom.isSelected() ? Charset.forName(charset.getText().strip()).name() : null);
            boolean keepsPassword = logon.getValue() == null || logon.getValue().savesPassword();
            // The keyring is another process (D-Bus; it may wait on an unlock prompt): what goes there
            // is written after the site is saved, off this thread. The site keeps its former secret
            // until then; a password typed here serves this run's connections meanwhile.
            java.util.Map<String, String> forKeyring = new java.util.LinkedHashMap<>();
            if (!keepsPassword) {
                b.password(Secret.NONE);
            } else if (!password.getText().isEmpty()) {
                b.password(protectOrDefer("password", password.getText(), editing.password(), forKeyring));
            }
            if (!account.getText().isEmpty()) {
                b.account(protectOrDefer("account", account.getText(), editing.account(), forKeyring));
            }
            SiteProfile before = editing;
            b.clientCertificate(clientCertificate.value(editing, (field, value) -> protectOrDefer(field, value,
                    before.clientCertificate() == null ? Secret.NONE : before.clientCertificate().passphrase(), forKeyring)));
            // Entries it no longer uses leave the keyring on its own thread, before this save's new ones go there.
            SiteProfile updated = b.build();
            // Nothing changed (another site chosen, a search going on): no file is written. A password
            // typed where none is saved is still this run's, below.
            if (!updated.equals(before) || !forKeyring.isEmpty()) {
                editing = store.save(updated, KEYRING_WRITES::execute);
            }
            if (!java.util.Objects.equals(updated.user(), before.user()) || !updated.host().equals(before.host())
                    || updated.port() != before.port() || updated.logonType() != before.logonType()) {
                app.siteLoginEdited(updated.id());
            }
            String typedPassword = forKeyring.get("password");
            if (typedPassword != null || keepsPassword && editing.password().isEmpty()) {
                app.usePasswordNotSaved(editing.id(), password.getText());
            }
            password.clear();
            account.clear();
            clientCertificate.saved();
            if (!forKeyring.isEmpty()) {
                keepInKeyring(editing.id(), forKeyring);
            }
            return true;
        } catch (Exception e) {
            Dialogs.error(stage, e);
            return false;
        }
    }

    /** A secret for the keyring is noted in {@code forKeyring} (the site keeps {@code before} until it is written); others are protected now. */
    private Secret protectOrDefer(String field, String value, Secret before, java.util.Map<String, String> forKeyring)
            throws VaultException, dev.ferry.site.KeyringException {
        if (store.passwordPolicy().store() == dev.ferry.site.PasswordStore.KEYRING) {
            forKeyring.put(field, value);
            return before;
        }
        return protect(field, value);
    }

    /**
     * Writes typed secrets to the keyring off the FX thread, one save after the other (so that two
     * saves of a site reach it in the order typed). A keyring that cannot be reached (no D-Bus
     * session, none installed) leaves the site as saved, without them, and the user told so, once in
     * a run; a password typed here is then used until Ferry closes.
     */
    private void keepInKeyring(String siteId, java.util.Map<String, String> typed) {
        Window owner = stage.getOwner() != null ? stage.getOwner() : stage;
        app.keyringWrite(siteId, true);
        Background.run(KEYRING_WRITES, () -> store.keepInKeyring(siteId, typed), kept -> {
            app.keyringWrite(siteId, false);
            if (kept.isPresent() && typed.containsKey("password")) {
                app.passwordSaved(siteId, typed.get("password"));
            }
        }, failure -> {
            app.keyringWrite(siteId, false);
            // The hint below the form said what follows from a missing keyring, unless this is how it is learned.
            boolean news = !keyringMissing;
            keyringMissing = true;
            showPolicy();
            // No keyring here is said once a run: the hint below the form says it from then on (a user trial saw
            // this modal at every password typed). A keyring that is there and refused is said every time.
            if (failure instanceof dev.ferry.site.KeyringException notKept && notKept.keyringAbsent()
                    && !app.firstToSayKeyringAbsent()) {
                return;
            }
            // Owned by the main window: OK may have closed this one meanwhile, and its owned windows with it.
            if (failure instanceof dev.ferry.site.KeyringException notKept) {
                Dialogs.warning(owner, I18n.t("sites.secretNotKept", I18n.words(notKept))
                        + (news ? " " + I18n.t("sites.secretNotKept.meanwhile") : ""));
            } else {
                Dialogs.error(owner, failure);
            }
        });
    }

    private static final java.util.concurrent.ExecutorService KEYRING_WRITES =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ferry-keyring");
                thread.setDaemon(true);
                return thread;
            });

    private Secret protect(String field, String value) throws VaultException, dev.ferry.site.KeyringException {
        if (store.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_ENCRYPTED && !store.isUnlocked()
                && !app.unlockSites(stage)) {
            return editing.password();
        }
        return store.protect(editing.id(), field, value);
    }

    private void showPolicy() {
        policy.setText(I18n.t(switch (store.passwordPolicy()) {
            case DONT_SAVE -> "sites.passwords.none";
            case SAVE_UNPROTECTED -> "sites.passwords.plain";
            case SAVE_ENCRYPTED -> "sites.passwords.encrypted";
            case SAVE_IN_KEYRING -> keyringMissing ? "sites.passwords.keyringMissing" : "sites.passwords.keyring";
        }));
        policy.getStyleClass().removeAll("warning-text");
        if (store.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_UNPROTECTED) {
            policy.getStyleClass().add("warning-text");
        }
    }

    // ------------------------------------------------------------------ buttons

    private List<String> selectedFolder() {
        TreeItem<Node> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? List.of() : item.getValue().folder();
    }

    /**
     * "New site" puts a blank site in the list at once, to be filled in; one that was never given a
     * host (the dialog cancelled or closed first) is not a site, and does not stay in the file.
     */
    private void dropUnfilledNewSites() {
        List<String> unfilled = createdHere.stream().filter(id -> store.find(id)
                .map(site -> site.host() == null || site.host().isBlank()).orElse(false)).toList();
        createdHere.clear();
        if (!unfilled.isEmpty()) {
            Background.disk(() -> {
                for (String id : unfilled) {
                    store.delete(id);
                }
                return null;
            }, done -> { }, failure -> Dialogs.error(stage.getOwner(), failure));
        }
    }

    private void newSite() {
        if (!saveEditing()) {
            return;
        }
        try {
            SiteProfile site = store.save(SiteProfile.builder(SiteStore.newId(), I18n.t("sites.newSite"), "")
                    .folder(selectedFolder()).build());
            createdHere.add(site.id());
            search.clear();
            rebuild(site.id());
            // The name first, as FileZilla: typed into the host field, it showed "Enter a host name".
            name.requestFocus();
            name.selectAll();
        } catch (Exception e) {
            Dialogs.error(stage, e);
        }
    }

    private void newFolder() {
        Dialogs.text(stage, I18n.t("dialog.newFolder"), "").ifPresent(folderName -> {
            List<String> folder = new ArrayList<>(selectedFolder());
            folder.add(folderName);
            try {
                store.addFolder(folder);
                rebuild(editing == null ? null : editing.id());
            } catch (Exception e) {
                Dialogs.error(stage, e);
            }
        });
    }

    private void rename() {
        TreeItem<Node> item = tree.getSelectionModel().getSelectedItem();
        if (item == null) {
            return;
        }
        Node node = item.getValue();
        Dialogs.text(stage, I18n.t("sites.rename"), node.label()).ifPresent(newName -> {
            if (newName.contains("/")) {
                // The form refuses it too; saved, it would leave the form stuck on an error.
                Dialogs.warning(stage, I18n.t("sites.invalid.name", newName));
                return;
            }
            try {
                if (node.isFolder()) {
                    store.renameFolder(node.folder(), newName);
                } else {
                    if (!saveEditing()) {
                        return;
                    }
                    store.rename(node.siteId(), newName);
                    // The form is saved again when the list selects the site: it must hold the new name.
                    store.find(node.siteId()).ifPresent(renamed -> {
                        editing = renamed;
                        name.setText(renamed.name());
                    });
                }
                rebuild(node.siteId());
            } catch (Exception e) {
                Dialogs.error(stage, e);
            }
        });
    }

    private void duplicate() {
        if (editing == null || !saveEditing()) {
            return;
        }
        String original = editing.id();
        // The copy's secrets are copied in the keyring (D-Bus): off this thread, and after the secrets
        // just typed for the original, which go to the keyring on that same thread.
        Background.run(KEYRING_WRITES, () -> store.duplicate(original), copy -> {
            // A password the keyring could not keep is used for the copy too, for as long as for the original.
            app.copyPasswordNotSaved(original, copy.id());
            rebuild(copy.id());
        }, failure -> Dialogs.error(stage, failure));
    }

    private void delete() {
        TreeItem<Node> item = tree.getSelectionModel().getSelectedItem();
        if (item == null || !Dialogs.confirmDeletion(stage, I18n.t("dialog.confirm.delete", item.getValue().label()), null, false)) {
            return;
        }
        Node chosen = item.getValue();
        editing = null;
        // Deleting forgets the sites' keyring entries (D-Bus): off this thread, after any write to them.
        Background.run(KEYRING_WRITES, () -> {
            if (chosen.isFolder()) {
                store.deleteFolder(chosen.folder());
            } else {
                store.delete(chosen.siteId());
            }
            return null;
        }, done -> rebuild(null), failure -> {
            rebuild(null);
            Dialogs.error(stage, failure);
        });
    }

    private static Button button(String key, Runnable action) {
        Button button = new Button(I18n.t(key));
        button.setOnAction(e -> action.run());
        return button;
    }

    /**
     * A plain FTP site never sends a client certificate: the tab stays open to read why, its fields
     * off (kept as they are, for the site switched back to TLS) and its title greyed with the reason.
     */
    private Tab clientCertificateTab(javafx.beans.binding.BooleanBinding plain) {
        Label reason = new Label(I18n.t("sites.clientCert.onlyWithTls"));
        reason.setId("site-client-cert-plain");
        reason.setWrapText(true);
        reason.getStyleClass().add("hint");
        reason.visibleProperty().bind(plain);
        reason.managedProperty().bind(plain);
        javafx.scene.layout.VBox.setMargin(reason, new Insets(12, 12, 0, 12));
        javafx.scene.layout.VBox content = new javafx.scene.layout.VBox(reason, clientCertificate.pane());
        clientCertificate.pane().disableProperty().bind(plain);
        Tab tab = new Tab(I18n.t("sites.clientCert"), content);
        Tooltip tip = new Tooltip(I18n.t("sites.clientCert.onlyWithTls"));
        Runnable show = () -> {
            tab.setTooltip(plain.get() ? tip : null);
            tab.getStyleClass().remove("unavailable");
            if (plain.get()) {
                tab.getStyleClass().add("unavailable");
            }
        };
        plain.addListener((o, was, now) -> show.run());
        show.run();
        return tab;
    }

    /**
     * Labels in the first column keep their whole text (never "Na…"): the column is at least as
     * wide as its widest label; the second column takes the rest.
     */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        labels.setHgrow(Priority.NEVER);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(120);
        grid.getColumnConstraints().setAll(labels, fields);
        return grid;
    }

    private static <T> ChoiceBox<T> choice(List<T> values, Function<T, String> label) {
        ChoiceBox<T> box = new ChoiceBox<>();
        box.getItems().setAll(values);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        });
        return box;
    }

    @SuppressWarnings("unused")
    private AppContext app() {
        return app;
    }

    /** The default local folder, typed or chosen: every other client offers the folder chooser there. */
    private HBox withFolderBrowse(TextField field) {
        field.setId("site-local-dir");
        Button browse = new Button(I18n.t("sites.localDir.browse"));
        browse.setId("site-local-dir-browse");
        browse.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle(I18n.t("chooser.localFolder"));
            // The chooser itself falls back to its default when this folder is not there. Without one GTK opened on
            // "Recent", where a path typed after Ctrl+L was not taken (a user look): the home folder instead.
            chooser.setInitialDirectory(field.getText().isBlank() ? dev.ferry.store.ConfigDirectory.userHome().toFile()
                    : new java.io.File(field.getText().strip()));
            java.io.File chosen = chooser.showDialog(stage);
            if (chosen != null) {
                field.setText(chosen.getAbsolutePath());
            }
        });
        HBox row = new HBox(6, field, browse);
        HBox.setHgrow(field, javafx.scene.layout.Priority.ALWAYS);
        return row;
    }
}
