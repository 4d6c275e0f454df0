package dev.ferry.ui.explorer;

import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.ui.I18n;
import dev.ferry.ui.Icons;

import java.time.Instant;
import java.util.Locale;

/**
 * One row of a file table, local or remote. {@code location} is the full path of the entry
 * (an absolute local path, or a remote path). {@code sizeApproximate}: the listing gave blocks or a
 * rounded size (VMS), fit to show but never to expect as the byte count of a transfer.
 */
public record FileRow(String name, Kind kind, long size, Instant modified, String permissions, String owner,
                      String linkTarget, String location, boolean safe, boolean sizeApproximate) {

    public FileRow(String name, Kind kind, long size, Instant modified, String permissions, String owner,
                   String linkTarget, String location, boolean safe) {
        this(name, kind, size, modified, permissions, owner, linkTarget, location, safe, false);
    }

    /** The size in bytes, or -1 when the listing gave no exact one. */
    public long exactSize() {
        return sizeApproximate ? -1 : size;
    }

    public enum Kind { FOLDER, FILE, LINK, OTHER }

    private static final String UP = "..";

    public boolean isFolder() {
        return kind == Kind.FOLDER;
    }

    public boolean isHidden() {
        return name.startsWith(".") && !isUp();
    }

    /** The ".." row that leads to the parent folder. */
    public static FileRow up(String parentLocation) {
        return new FileRow(UP, Kind.FOLDER, -1, null, "", "", null, parentLocation, true);
    }

    /**
     * True for the ".." row only: listings drop a ".." folder (ls -a noise) and keep any other
     * ".." entry as an unsafe non-folder, so a safe ".." folder is always the one Ferry added.
     */
    public boolean isUp() {
        return kind == Kind.FOLDER && safe && name.equals(UP);
    }

    public static FileRow remote(RemoteEntry entry, String location) {
        Kind kind = switch (entry.type()) {
            case DIRECTORY -> Kind.FOLDER;
            case FILE -> Kind.FILE;
            case SYMLINK -> Kind.LINK;
            case OTHER -> Kind.OTHER;
        };
        String owner = entry.owner() == null ? "" : entry.owner() + (entry.group() == null ? "" : " " + entry.group());
        return new FileRow(entry.name(), kind, entry.size(), entry.modified(), entry.permissions(), owner,
                entry.linkTarget(), location, entry.isSafe(), entry.sizeApproximate());
    }

    /** "Folder", "PDF file", "Link": the Type column. */
    public String typeDescription() {
        if (isUp()) {
            return "";
        }
        return switch (kind) {
            case FOLDER -> I18n.t("type.folder");
            case LINK -> I18n.t("type.link");
            case OTHER -> I18n.t("type.other");
            case FILE -> {
                int dot = name.lastIndexOf('.');
                yield dot > 0 && dot < name.length() - 1
                        ? I18n.t("type.fileWithExtension", name.substring(dot + 1).toUpperCase(Locale.ROOT))
                        : I18n.t("type.file");
            }
        };
    }

    String iconPath() {
        return switch (kind) {
            case FOLDER -> Icons.FOLDER;
            case FILE -> Icons.FILE;
            case LINK -> Icons.LINK;
            case OTHER -> Icons.OTHER;
        };
    }

    String iconClass() {
        return "file-icon-" + kind.name().toLowerCase(Locale.ROOT);
    }
}
