package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.tls.TlsVersion;
import dev.ferry.site.SettingsStore;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The site manager's Transfer settings offered the TLS version, PROT P and old TLS versions for a
 * plain FTP site, where none of them does anything: they are off for it, and say why.
 */
@ExtendWith(ApplicationExtension.class)
class SiteTlsOptionsTest extends GuiTest {

    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        app = new AppContext(SettingsStore.open(config.resolve("settings-tls-options.json")), () -> stage);
        new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aPlainSitesTlsOptionsAreOffAndSayWhy() throws Exception {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        clickOn(I18n.t("sites.transfer"));
        waitUntil("the Transfer settings", () -> lookup(I18n.t("sites.prot")).tryQuery().map(Node::isVisible).orElse(false));

        interact(() -> protocol.setValue(TlsMode.NONE));
        assertEquals(List.of(true, true, true), onFx(this::tlsOptionsOff), "PROT P, old TLS, highest TLS version");
        assertEquals(true, onFx(this::hintShown), "the reason they are off");

        for (TlsMode secured : List.of(TlsMode.EXPLICIT_IF_AVAILABLE, TlsMode.EXPLICIT, TlsMode.IMPLICIT)) {
            interact(() -> protocol.setValue(secured));
            assertEquals(List.of(false, false, false), onFx(this::tlsOptionsOff), secured.toString());
            assertEquals(false, onFx(this::hintShown), secured.toString());
        }
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /** Whether PROT P, old TLS and the highest TLS version can not be changed. */
    private List<Boolean> tlsOptionsOff() {
        CheckBox protP = lookup((Node n) -> n instanceof CheckBox box && I18n.t("sites.prot").equals(box.getText()))
                .queryAs(CheckBox.class);
        CheckBox legacy = lookup((Node n) -> n instanceof CheckBox box && I18n.t("sites.legacyTls").equals(box.getText()))
                .queryAs(CheckBox.class);
        ChoiceBox<?> tlsMax = lookup((Node n) -> n instanceof ChoiceBox<?> box && box.getItems().contains(TlsVersion.TLS_1_3))
                .queryAs(ChoiceBox.class);
        return List.of(protP.isDisabled(), legacy.isDisabled(), tlsMax.isDisabled());
    }

    private boolean hintShown() {
        return lookup((Node n) -> n instanceof Labeled label && I18n.t("sites.tlsOnlyWithTls").equals(label.getText())
                && n.isVisible() && n.getScene() != null).tryQuery().isPresent();
    }
}
