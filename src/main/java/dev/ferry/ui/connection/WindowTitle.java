package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ui.I18n;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import java.util.function.Consumer;

/**
 * The window's title names the server of the tab in front ("user@host — Ferry"), as FileZilla's
 * does: with several windows or tabs the task bar then tells which server is which.
 */
public final class WindowTitle {

    private WindowTitle() {
    }

    /**
     * "user@host — Ferry" for a tab connected or connecting ("user@host:port" off the protocol's usual
     * port, so that two servers on one host differ), "Site — user@host — Ferry" for a saved site's
     * tab, else "Ferry".
     */
    public static String of(ConnectionTab tab) {
        RemoteConnection connection = tab == null ? null : tab.connection();
        // A failed login or a dropped connection leaves the tab its connection, not connected: the title
        // named its server as if it were (a user trial). Named only while connected, or connecting.
        if (connection == null || tab.stateProperty().get() == RemoteConnection.State.DISCONNECTED) {
            return I18n.t("app.title");
        }
        String server = server(connection.settings());
        String site = connection.siteId() == null ? null : tab.getText();
        return I18n.t("window.title", site == null || site.isBlank() || site.equals(server) ? server : site + " — " + server);
    }

    /** "user@host[:port]", or the host alone when there is no user name. */
    static String server(ConnectionSettings settings) {
        String user = settings.user();
        String bracketed = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String host = settings.port() == settings.tlsMode().defaultPort() ? bracketed : bracketed + ":" + settings.port();
        return user == null || user.isBlank() ? host : user + "@" + host;
    }

    /** Keeps the stage's title on the selected tab's server: tab switches, connects and disconnects. */
    public static void follow(Stage stage, TabPane tabs) {
        Runnable update = () -> stage.setTitle(of((ConnectionTab) tabs.getSelectionModel().getSelectedItem()));
        // Every tab's, not only the selected one's: a listener per tab is simpler than moving one. The
        // status line too: a disconnect after the server dropped us leaves the state as it was.
        ChangeListener<Object> changed = (o, a, b) -> update.run();
        Consumer<Tab> watch = t -> {
            ((ConnectionTab) t).stateProperty().addListener(changed);
            ((ConnectionTab) t).statusProperty().addListener(changed);
        };
        tabs.getTabs().addListener((ListChangeListener<Tab>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(watch);
                change.getRemoved().forEach(t -> {
                    ((ConnectionTab) t).stateProperty().removeListener(changed);
                    ((ConnectionTab) t).statusProperty().removeListener(changed);
                });
            }
            update.run();
        });
        tabs.getTabs().forEach(watch);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> update.run());
        update.run();
    }
}
