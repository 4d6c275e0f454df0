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

    /**
     * The Client certificate tab stayed open to a plain FTP site, where no certificate is ever sent:
     * its fields are off and say why (in the tab and on its title's tooltip), and come back with TLS.
     */
    @Test
    void aPlainSitesClientCertificateIsOffAndSaysWhy() throws Exception {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        // A certificate chosen before the switch: the key and passphrase fields wait for one.
        interact(() -> ((javafx.scene.control.TextField) lookup("#site-client-cert").query()).setText("/tmp/ferry-never/me.pem"));
        interact(() -> protocol.setValue(TlsMode.NONE));
        clickOn(I18n.t("sites.clientCert"));
        waitUntil("the Client certificate tab", () -> lookup("#site-client-cert").tryQuery().map(Node::isVisible).orElse(false));
        assertEquals(List.of(true, true, true), onFx(this::certificateFieldsOff), "certificate, key, passphrase");
        assertEquals(true, onFx(this::certificateHintShown), "the reason they are off, in the tab");
        assertEquals(I18n.t("sites.clientCert.onlyWithTls"), onFx(this::certificateTabTooltip), "the reason, on the tab's title");

        for (TlsMode secured : List.of(TlsMode.EXPLICIT_IF_AVAILABLE, TlsMode.EXPLICIT, TlsMode.IMPLICIT)) {
            interact(() -> protocol.setValue(secured));
            assertEquals(List.of(false, false, false), onFx(this::certificateFieldsOff), secured.toString());
            assertEquals(false, onFx(this::certificateHintShown), secured.toString());
            assertEquals(null, onFx(this::certificateTabTooltip), secured.toString());
        }
        assertEquals("/tmp/ferry-never/me.pem", onFx(() -> ((javafx.scene.control.TextField) lookup("#site-client-cert").query()).getText()),
                "kept for the site switched back to TLS");
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    private List<Boolean> certificateFieldsOff() {
        return List.of("#site-client-cert", "#site-client-key", "#site-client-passphrase").stream()
                .map(id -> lookup(id).query().isDisabled()).toList();
    }

    private boolean certificateHintShown() {
        return lookup((Node n) -> n instanceof Labeled label && I18n.t("sites.clientCert.onlyWithTls").equals(label.getText())
                && n.isVisible() && n.getScene() != null).tryQuery().isPresent();
    }

    private String certificateTabTooltip() {
        javafx.scene.control.TabPane form = (javafx.scene.control.TabPane) lookup((Node n) -> n instanceof javafx.scene.control.TabPane pane
                && pane.getTabs().stream().anyMatch(t -> I18n.t("sites.clientCert").equals(t.getText()))).query();
        javafx.scene.control.Tooltip tip = form.getTabs().stream().filter(t -> I18n.t("sites.clientCert").equals(t.getText()))
                .findFirst().orElseThrow().getTooltip();
        return tip == null ? null : tip.getText();
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
