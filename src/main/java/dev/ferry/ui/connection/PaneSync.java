package dev.ferry.ui.connection;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.sync.Comparison;
import dev.ferry.sync.SyncDirection;
import dev.ferry.sync.SyncHistory;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.SyncResult;
import dev.ferry.sync.SyncRunner;
import dev.ferry.sync.Synchronizer;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.SyncDialog;
import javafx.application.Platform;
import javafx.scene.control.Alert;

import java.nio.file.Path;

/**
 * "Synchronize…" for the folders a tab's two panes show: the comparison runs on the tab's browsing
 * connection, the plan is shown in {@link SyncDialog}, and Start hands the transfers to the
 * application's queue (a {@link SyncRunner} on its own thread waits for them, then deletes what
 * the plan says and remembers the pair). Nothing here touches the network on the FX thread.
 */
final class PaneSync {

    private record Planned(Comparison comparison, SyncPlan plan, SyncHistory history) {
    }

    private PaneSync() {
    }

    static void start(AppContext app, ConnectionTab tab, SyncDirection direction) {
        RemoteConnection connection = tab.connection();
        String remote = tab.remoteFolder();
        Path local = tab.localFolder();
        if (connection == null || remote == null) {
            return;
        }
        SyncOptions options = direction == SyncDirection.DOWNLOAD ? SyncOptions.download() : SyncOptions.upload();
        connection.run(session -> {
            SyncHistory history = SyncHistory.openDefault();
            Comparison comparison = Synchronizer.compare(session, remote, local, options, new CancelToken());
            return new Planned(comparison, Synchronizer.plan(comparison, options, history), history);
        }, planned -> {
            ConnectionSettings settings = connection.settings();
            String server = ConnectionTab.url(settings) + planned.plan().remoteRoot();
            // Planned again in memory for each choice made in the dialog: the comparison does not change with them.
            SyncDialog.ask(tab.window(), planned.plan(), server,
                            chosen -> Synchronizer.plan(planned.comparison(), chosen, planned.history()))
                    .ifPresent(chosen -> run(app, tab, connection, planned.history(), chosen));
        }, failure -> Dialogs.error(tab.window(), failure));
    }

    private static void run(AppContext app, ConnectionTab tab, RemoteConnection connection, SyncHistory history,
                            SyncPlan plan) {
        SyncRunner runner = new SyncRunner(app.queue(), connection.settings(), connection.siteId(), history)
                .sessions(SiteBatch.sessions(app, connection.siteId()));
        if (dev.ferry.ui.explorer.LocalTrash.supported()) {
            // As the local list's Delete: what the plan deletes here can be taken back from the Trash.
            // Where no trash can take a file, it is kept and said, never deleted for good unasked.
            dev.ferry.ui.explorer.LocalTrash trash = dev.ferry.ui.explorer.LocalTrash.forThisUser();
            runner.deleteLocalWith(trash::moveToTrash);
        }
        runner.addDialogueListener(tab.log().listener());
        Thread.ofPlatform().daemon().name("ferry-sync").start(() -> {
            try {
                SyncResult result = runner.run(plan, new CancelToken());
                Platform.runLater(() -> finished(tab, result));
            } catch (Exception failure) {
                Platform.runLater(() -> Dialogs.error(tab.window(), failure));
            }
        });
    }

    private static void finished(ConnectionTab tab, SyncResult result) {
        tab.refresh();
        Alert alert = new Alert(result.complete() ? Alert.AlertType.INFORMATION : Alert.AlertType.WARNING, "", Dialogs.OK);
        Dialogs.prepare(alert, tab.window());
        alert.setTitle(I18n.t("dialog.sync.title"));
        alert.setHeaderText(I18n.t("sync.result", result.transferred(), result.deleted(), result.failures().size()));
        java.util.List<String> lines = new java.util.ArrayList<>(result.failures().stream()
                .map(f -> (f.path().isEmpty() ? "" : f.path() + ": ") + I18n.words(f.reason())).toList());
        if (result.unresolved() > 0) {
            lines.add(I18n.t("dialog.sync.leftAlone", result.unresolved()));
        }
        alert.setContentText(String.join("\n", lines));
        alert.getDialogPane().setId("sync-result");
        alert.show();
    }
}
