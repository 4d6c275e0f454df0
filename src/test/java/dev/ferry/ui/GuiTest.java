package dev.ferry.ui;

import org.junit.jupiter.api.BeforeAll;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Base of the GUI tests: headless JavaFX (Monocle) unless {@code -Dferry.gui.headless=false},
 * a private config directory, and waiting helpers.
 */
public abstract class GuiTest extends FxRobot {

    protected static Path config;

    @BeforeAll
    public static void headless() throws Exception {
        if (!"false".equals(System.getProperty("ferry.gui.headless"))) {
            System.setProperty("testfx.robot", "glass");
            System.setProperty("testfx.headless", "true");
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
            System.setProperty("headless.geometry", "1400x900-32");
        }
        config = Files.createTempDirectory("ferry-gui-config");
        System.setProperty("ferry.config.dir", config.toString());
    }

    /** Waits (up to 60 s: the machine may be busy) until the condition holds, checking on the FX thread. */
    protected static void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            throw new AssertionError("Timed out waiting for: " + what, e);
        }
    }
}
