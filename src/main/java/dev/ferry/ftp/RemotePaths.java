package dev.ferry.ftp;

/** Remote paths are '/'-separated strings; these helpers never touch the local file system. */
public final class RemotePaths {

    private RemotePaths() {
    }

    public static String join(String directory, String name) {
        if (directory == null || directory.isEmpty()) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /** The parent of an absolute path; "/" for "/" itself and for top-level entries. */
    public static String parent(String path) {
        String p = stripTrailingSlash(path);
        int slash = p.lastIndexOf('/');
        if (slash <= 0) {
            return slash == 0 || path.startsWith("/") ? "/" : "";
        }
        return p.substring(0, slash);
    }

    public static String name(String path) {
        String p = stripTrailingSlash(path);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    public static boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    /** Resolves "." and ".." textually and collapses repeated slashes; keeps a leading "/". */
    public static String normalize(String path) {
        boolean absolute = path.startsWith("/");
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : (joined.isEmpty() ? "." : joined);
    }

    /** Whether {@code path} is {@code folder} or inside it, by their text alone (both normalized). */
    public static boolean isWithin(String path, String folder) {
        return path.equals(folder) || folder.equals("/") && path.startsWith("/") || path.startsWith(folder + "/");
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
