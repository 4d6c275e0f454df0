package dev.ferry.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.SVGPath;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dark theme's contrast, measured on the colours the stylesheets give (WCAG contrast ratio). */
@ExtendWith(ApplicationExtension.class)
class DarkThemeTest extends GuiTest {

    static final Color DARK_BACKGROUND = Color.web("#1f2228");
    TextField filter;
    Button toolbarButton;
    TreeView<String> tree;
    ListView<String> log;
    Button okButton;

    @Start
    void start(Stage stage) {
        toolbarButton = new Button(null, Icons.icon(Icons.REFRESH));
        filter = new TextField();
        filter.setPromptText("Filter");
        TreeItem<String> root = new TreeItem<>("/");
        TreeItem<String> child = new TreeItem<>("home");
        root.getChildren().add(child);
        root.setExpanded(true);
        tree = new TreeView<>(root);
        tree.getSelectionModel().select(child);
        log = new ListView<>();
        log.getStyleClass().add("log-console");
        log.getItems().addAll("> USER ferry", "< 331 Password required");
        log.getSelectionModel().select(1);
        Button elsewhere = new Button("focus elsewhere");
        okButton = new Button("OK");
        okButton.setDefaultButton(true);
        VBox root2 = new VBox(toolbarButton, filter, tree, log, elsewhere, okButton);
        root2.getStyleClass().add("log-console");
        Scene scene = new Scene(root2, 400, 500);
        Theme.apply(scene, "dark");
        stage.setScene(scene);
        stage.show();
        elsewhere.requestFocus();
    }

    static double luminance(Color c) {
        double[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            rgb[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    /** A colour for a paint: a gradient (modena's buttons) counts as the middle of its stops. */
    static Color colour(Paint paint) {
        if (paint instanceof javafx.scene.paint.LinearGradient gradient) {
            double r = 0;
            double g = 0;
            double b = 0;
            for (var stop : gradient.getStops()) {
                r += stop.getColor().getRed();
                g += stop.getColor().getGreen();
                b += stop.getColor().getBlue();
            }
            int n = gradient.getStops().size();
            return Color.color(r / n, g / n, b / n);
        }
        return (Color) paint;
    }

    static double contrast(Paint a, Paint b) {
        double la = luminance(colour(a));
        double lb = luminance(colour(b));
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static Paint background(javafx.scene.layout.Region region) {
        var fills = region.getBackground().getFills();
        return fills.get(fills.size() - 1).getFill();
    }

    @Test
    void iconsPlaceholdersAndInactiveSelectionsAreReadable() {
        interact(() -> { });
        Paint icon = ((SVGPath) toolbarButton.getGraphic().lookup(".toolbar-icon")).getFill();
        assertTrue(contrast(icon, DARK_BACKGROUND) >= 4.5, "toolbar icon " + icon + " on the dark background");
        Text prompt = (Text) filter.lookupAll(".text").stream().filter(n -> n instanceof Text t && "Filter".equals(t.getText()))
                .findFirst().orElseThrow();
        assertTrue(contrast(prompt.getFill(), Color.web("#262a31")) >= 3, "placeholder " + prompt.getFill());
        TreeCell<?> selected = (TreeCell<?>) tree.lookupAll(".tree-cell").stream()
                .filter(n -> n instanceof TreeCell<?> c && c.isSelected()).findFirst().orElseThrow();
        assertTrue(contrast(background(selected), DARK_BACKGROUND) < 3,
                "the selected tree row stays light on the dark theme: " + background(selected));
        assertTrue(contrast(selected.getTextFill(), background(selected)) >= 4.5,
                "selected tree row text " + selected.getTextFill() + " on " + background(selected));
        Node logRow = log.lookupAll(".list-cell").stream().filter(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.isSelected()).findFirst().orElseThrow();
        var cell = (javafx.scene.control.ListCell<?>) logRow;
        assertTrue(contrast(okButton.getTextFill(), background(okButton)) >= 4.5,
                "the default button's text " + okButton.getTextFill() + " on " + background(okButton));
        assertTrue(contrast(cell.getTextFill(), background(cell)) >= 4.5,
                "selected log row text " + cell.getTextFill() + " on " + background(cell));
    }
}
