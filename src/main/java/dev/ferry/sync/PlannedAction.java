package dev.ferry.sync;

import dev.ferry.message.Message;

import java.time.Instant;

/**
 * One row of a plan.
 *
 * @param local      what is here, or null
 * @param remote     what the server has, or null
 * @param remoteTime the server's time corrected to UTC, or null
 * @param reason     why this action (or why none)
 * @param forced     a conflict resolved in favour of the source because the user said so
 */
public record PlannedAction(String path, boolean directory, SyncAction action, FileState local, FileState remote,
                            Instant remoteTime, Message reason, boolean forced) {

    /** Bytes moved by a transfer, or freed by a delete; 0 for folders and everything else. */
    public long bytes() {
        FileState moved = switch (action) {
            case DOWNLOAD, DELETE_REMOTE -> remote;
            case UPLOAD, DELETE_LOCAL -> local;
            default -> null;
        };
        return moved == null || directory || moved.size() < 0 ? 0 : moved.size();
    }

    /**
     * The path as a plan shows it, to the command line and in the window: its controls made visible, a
     * folder with its slash, and quoted where its own blanks at an end of a name would read as the
     * plan's spacing ("a", " a" and "a " looked alike in a plan that deleted one of them). A path that
     * begins with a quote is quoted too, its quotes escaped, so that it cannot pass for a quoted one.
     */
    public String shownPath() {
        String shown = dev.ferry.ftp.listing.NameSafety.printable(path) + (directory ? "/" : "");
        boolean blankAtAnEnd = java.util.Arrays.stream(path.split("/", -1))
                .anyMatch(name -> !name.isEmpty() && (blank(name.charAt(0)) || blank(name.charAt(name.length() - 1))));
        return blankAtAnEnd || shown.startsWith("\"") ? "\"" + shown.replace("\"", "\\\"") + "\"" : shown;
    }

    /** Blank as a reader sees it: a no-break space too, which strip() keeps. */
    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
