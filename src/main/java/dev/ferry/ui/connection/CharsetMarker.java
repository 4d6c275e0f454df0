package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.explorer.FileRow;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A marker under the remote pane while its names are read in a charset Ferry guessed from their
 * bytes (the server did not announce UTF-8 and the site sets none): "Names read as GBK
 * (guessed)", and for a saved site a button that saves that charset to the site, so the next
 * connection does not depend on the guess.
 */
final class CharsetMarker {

    private final AppContext app;
    private final ConnectionTab tab;
    private final Label text = new Label();
    private final Button save = new Button();
    private final HBox marker;
    /** The connection whose guess was saved: its settings still say "no charset". */
    private RemoteConnection savedFor;

    private CharsetMarker(AppContext app, ConnectionTab tab) {
        this.app = app;
        this.tab = tab;
        text.getStyleClass().add("warning-text");
        text.setId("charset-marker-text");
        save.setId("charset-save");
        marker = new HBox(8, text, save);
        marker.setId("charset-marker");
        marker.setAlignment(Pos.CENTER_RIGHT);
        marker.setVisible(false);
        marker.setManaged(false);
    }

    /** Puts the marker beside the remote pane's status line; it follows every listing. */
    static void attach(AppContext app, ConnectionTab tab) {
        CharsetMarker m = new CharsetMarker(app, tab);
        Node status = tab.remotePane().getBottom();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(6, status, spacer, m.marker);
        bottom.setAlignment(Pos.CENTER_LEFT);
        tab.remotePane().setBottom(bottom);
        tab.remotePane().table().getItems().addListener((ListChangeListener<FileRow>) c -> m.update());
    }

    /** On the FX thread: what sessions to this server learned is in memory, no network. */
    private void update() {
        RemoteConnection connection = tab.connection();
        ConnectionSettings settings = connection == null ? null : connection.settings();
        String guessed = settings == null || settings.charset() != null ? null : settings.capabilities().guessedCharset();
        boolean show = guessed != null && connection != savedFor;
        marker.setVisible(show);
        marker.setManaged(show);
        if (!show) {
            return;
        }
        text.setText(I18n.t("charset.guessed", guessed));
        text.setTooltip(new Tooltip(I18n.t("charset.guessedDetail", guessed)));
        String siteId = connection.siteId();
        save.setText(I18n.t("charset.save", guessed));
        save.setVisible(siteId != null);
        save.setManaged(siteId != null);
        save.setDisable(false);
        save.setOnAction(e -> save(connection, siteId, guessed));
    }

    private void save(RemoteConnection connection, String siteId, String charset) {
        save.setDisable(true);
        Background.disk(() -> {
            SiteStore sites = app.sites();
            return sites.find(siteId).map(site -> {
                try {
                    return sites.save(site.toBuilder().charset(charset).build());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).orElseThrow(() -> new java.io.IOException(I18n.t("charset.siteGone")));
        }, saved -> {
            savedFor = connection;
            update();
        }, failure -> {
            save.setDisable(false);
            Dialogs.error(tab.window(), failure);
        });
    }
}
