package dev.ferry.ui.dialogs;

import dev.ferry.ui.GuiTest;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A question whose owner had closed meanwhile (the Site Manager, after its Connect) was placed where
 * that window had been, half off the screen (U4). The window still shown owns it.
 */
@ExtendWith(ApplicationExtension.class)
class DialogOwnerTest extends GuiTest {

    Stage main;

    @Start
    void start(Stage stage) {
        main = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 400, 300));
        stage.show();
    }

    @Test
    void aWindowClosedMeanwhileOwnsNoQuestion() throws Exception {
        Stage closed = onFx(() -> {
            Stage siteManager = new Stage();
            siteManager.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 200, 100));
            siteManager.show();
            siteManager.hide();
            return siteManager;
        });
        assertSame(main, onFx(() -> Dialogs.ownerOr(closed)));
        assertSame(main, onFx(() -> Dialogs.ownerOr(main)), "a shown owner stays the owner");
    }
}
