package dev.ferry.ui.sites;

import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.GuiTest;
import javafx.scene.Scene;
import javafx.scene.control.TreeCell;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the site tree does to the site being edited: the form is saved over the site when the list
 * is rebuilt, so it must never carry back what the tree just changed.
 */
@ExtendWith(ApplicationExtension.class)
class SiteTreeEditsTest extends GuiTest {

    Stage owner;
    AppContext app;
    Path file;
    SiteProfile alpha;

    @Start
    void start(Stage stage) throws Exception {
        owner = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
        app = new AppContext(SettingsStore.open(config.resolve("settings-tree-" + System.nanoTime() + ".json")), () -> stage);
        file = config.resolve("sites-tree-" + System.nanoTime() + ".json");
        SiteStore store = SiteStore.open(file);
        store.addFolder(List.of("Work"));
        alpha = store.save(SiteProfile.builder(SiteStore.newId(), "Alpha", "files.example.org").build());
        app.useSites(store);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** A site dragged into a folder while its form is open stays there (it went back, its old folder re-made). */
    @Test
    void aSiteDraggedWhileEditedStaysWhereItWasDropped() throws Exception {
        Stage dialog = onFx(() -> SiteManagerDialog.open(owner, app, site -> { }));
        waitUntil("Alpha in the list", () -> lookup("#sites-tree .tree-cell").match((TreeCell<?> c) -> "Alpha".equals(c.getText()))
                .tryQuery().isPresent());
        clickOn(lookup("#sites-tree .tree-cell").match((TreeCell<?> c) -> "Alpha".equals(c.getText())).<TreeCell<?>>query());
        waitUntil("Alpha's form", () -> "Alpha".equals(lookup("#site-name").queryAs(javafx.scene.control.TextField.class).getText()));
        SiteManagerDialog manager = (SiteManagerDialog) dialog.getUserData();
        assertEquals(true, onFx(() -> manager.move("site:" + alpha.id(), List.of("Work"))));
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> !dialog.isShowing());
        assertEquals(List.of("Work"), SiteStore.open(file).find(alpha.id()).orElseThrow().folder());
    }
}
