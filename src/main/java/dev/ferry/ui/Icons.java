package dev.ferry.ui;

import javafx.scene.Node;
import javafx.scene.shape.SVGPath;

/** Small vector icons (24-unit paths, scaled): crisp at any size, coloured by CSS. */
public final class Icons {

    public static final String FOLDER = "M3 6a2 2 0 0 1 2-2h5l2 2h7a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z";
    public static final String FILE = "M6 2h8l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm8 1.5V8h4.5z";
    public static final String LINK = "M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-2 2-1.4-1.4 2-2a1 1 0 0 0-1.4-1.4L12 13.4a1 1 0 0 1-1.4 0zM13.4 10.6a1 1 0 0 1 0 1.4L9.9 15.5a3 3 0 1 1-4.2-4.2l2-2 1.4 1.4-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z";
    public static final String OTHER = "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm1 14h-2v-2h2zm0-4h-2V7h2z";
    public static final String UP = "M12 5l-7 7h4v7h6v-7h4z";
    public static final String BACK = "M15 5l-7 7 7 7z";
    public static final String FORWARD = "M9 5l7 7-7 7z";
    public static final String REFRESH = "M17.6 6.4A8 8 0 1 0 20 12h-2a6 6 0 1 1-1.8-4.2L13 11h7V4z";
    public static final String PLUG = "M9 2v5H7v4a5 5 0 0 0 4 4.9V22h2v-6.1a5 5 0 0 0 4-4.9V7h-2V2h-2v5h-2V2z";
    public static final String SITES = "M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z";
    public static final String DISCONNECT = "M6.4 5L12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";
    public static final String PLAY = "M8 5v14l11-7z";
    public static final String PAUSE = "M7 5h4v14H7zm6 0h4v14h-4z";
    public static final String STOP = "M6 6h12v12H6z";
    public static final String SETTINGS = "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm9 5.5v-3l-2.6-.6a7 7 0 0 0-.8-1.9l1.4-2.3-2.1-2.1-2.3 1.4a7 7 0 0 0-1.9-.8L12.1 2h-3l-.6 2.6a7 7 0 0 0-1.9.8L4.3 4 2.2 6.1l1.4 2.3a7 7 0 0 0-.8 1.9L.2 10.9v3l2.6.6a7 7 0 0 0 .8 1.9l-1.4 2.3 2.1 2.1 2.3-1.4a7 7 0 0 0 1.9.8l.6 2.6h3l.6-2.6a7 7 0 0 0 1.9-.8l2.3 1.4 2.1-2.1-1.4-2.3a7 7 0 0 0 .8-1.9z";
    public static final String LOG = "M4 5h16v2H4zm0 4h16v2H4zm0 4h10v2H4zm0 4h13v2H4z";
    public static final String QUEUE = "M4 6h12v2H4zm0 5h12v2H4zm0 5h8v2H4zm14-2v-4l4 3z";
    public static final String PADLOCK = "M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1zm2 0h6V7a3 3 0 0 0-6 0z";
    public static final String PADLOCK_OPEN = "M7 10V7a5 5 0 0 1 9.6-2l-1.8.9A3 3 0 0 0 9 7v3h9a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z";

    private Icons() {
    }

    public static Node icon(String path, double size, String styleClass) {
        SVGPath svg = new SVGPath();
        svg.setContent(path);
        double scale = size / 24.0;
        svg.setScaleX(scale);
        svg.setScaleY(scale);
        if (styleClass != null) {
            svg.getStyleClass().add(styleClass);
        }
        javafx.scene.layout.StackPane box = new javafx.scene.layout.StackPane(svg);
        box.setMinSize(size, size);
        box.setPrefSize(size, size);
        box.setMaxSize(size, size);
        return box;
    }

    public static Node icon(String path) {
        return icon(path, 16, "toolbar-icon");
    }
}
