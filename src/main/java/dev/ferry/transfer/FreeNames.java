package dev.ferry.transfer;

/** The names a file takes beside one of its own name ("Keep both"): "name.ext" → "name (1).ext". */
public final class FreeNames {

    private FreeNames() {
    }

    /** The {@code n}th numbered form of {@code name}, the number before the extension. */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return stem + " (" + n + ")" + extension;
    }
}
