package dev.ferry.ui.explorer;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.ui.I18n;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The desktop's Trash as the freedesktop.org Trash specification lays it out, shared with the file
 * managers: what the local list deletes can be taken back from there. Files of the home trash's
 * file system go to the home trash; others to the trash at the top of their own file system (a USB
 * stick's), never copied across file systems: a move there is a rename, which cannot half happen.
 */
public final class LocalTrash {

    /** The home trash's folder, for tests that must not fill the user's own. */
    static final String OVERRIDE_PROPERTY = "ferry.trash.dir";

    private static final DateTimeFormatter DELETION_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int STICKY = 01000;

    /** Why a path cannot go to a trash, in words; the caller then asks whether to delete it for good. */
    static class Unavailable extends IOException {
        private final Path path;

        Unavailable(Path path, String why, Throwable cause) {
            super(why, cause);
            this.path = path;
        }

        Path path() {
            return path;
        }
    }

    /**
     * Why a path can neither go to a trash nor be deleted: a mount point, whose deletion would empty
     * the disk mounted there. Said, and nothing is offered.
     */
    static final class Untouchable extends Unavailable {
        Untouchable(Path path, String why) {
            super(path, why, null);
        }
    }

    private final Path homeTrash;

    LocalTrash(Path homeTrash) {
        this.homeTrash = homeTrash;
    }

    /**
     * Where this trash is the desktop's own: Linux and the BSDs. Not macOS, whose Finder shows a Trash
     * of its own, nor Windows and its Recycle Bin; there a deletion stays a deletion, asked as one.
     */
    public static boolean supported() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return !os.startsWith("windows") && !os.startsWith("mac");
    }

    public static LocalTrash forThisUser() {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return new LocalTrash(Path.of(override));
        }
        return new LocalTrash(homeTrash(System.getenv(), ConfigDirectory.userHome()));
    }

    static Path homeTrash(Map<String, String> environment, Path userHome) {
        String dataHome = environment.get("XDG_DATA_HOME");
        if (dataHome != null && !dataHome.isBlank() && Path.of(dataHome).isAbsolute()) {
            return Path.of(dataHome, "Trash");
        }
        return userHome.resolve(".local/share/Trash");
    }

    /**
     * Moves {@code path} (a file, a folder with everything in it, or a link itself, not what it
     * points to) into the trash of its file system, and returns where it went.
     *
     * @throws Unavailable where no trash may take it: another system than a Unix one, or a file
     *                     system without a trash of ours and none that can be made
     */
    public Path moveToTrash(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            throw new Unavailable(path, I18n.t("trash.noTrashOnDisk", "/"), null);
        }
        // The parent's real path: a trash entry names where the file really was, links resolved.
        Path item = parent.toRealPath().resolve(path.getFileName());
        Object device = device(item, LinkOption.NOFOLLOW_LINKS);
        if (!device.equals(device(item.getParent()))) {
            throw new Untouchable(path, I18n.t("trash.mountPoint"));
        }
        Object uid = processUid();
        try {
            // Never made in, nor used from, a home that is someone else's (root with a user's HOME, sudo
            // without -H): their Trash would take root's files and folders they could not use.
            Path existing = homeTrash;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null && !uid.equals(Files.getAttribute(existing, "unix:uid"))) {
                throw new IOException(I18n.t("trash.notOurs", existing));
            }
            Files.createDirectories(homeTrash.getParent());
            homeFolder(homeTrash);
        } catch (IOException e) {
            throw new Unavailable(path, I18n.t("trash.homeTrashUnusable", homeTrash, reason(e)), e);
        }
        Path realHomeTrash = homeTrash.toRealPath();
        // The Trash, or the link to it, would be moved into itself.
        if (realHomeTrash.startsWith(item) || homeTrash.toAbsolutePath().normalize().startsWith(item)) {
            throw new Unavailable(path, I18n.t("trash.holdsTrash", homeTrash), null);
        }
        if (device.equals(device(realHomeTrash))) {
            return moveInto(path, realHomeTrash, item, item.toString(), false, uid);
        }
        Path top = topOfFileSystem(item.getParent(), device);
        Path trash = topTrash(top, path, uid);
        if (trash.startsWith(item)) {
            throw new Unavailable(path, I18n.t("trash.holdsTrash", trash), null);
        }
        return moveInto(path, trash, item, top.relativize(item).toString(), true, uid);
    }

    /** This process's user: the owner of a trash must be the one who trashes. */
    private static Object processUid() throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.exists(self)) {
            return Files.getAttribute(self, "unix:uid");
        }
        // No /proc (the BSDs): a file made now is this user's.
        Path probe = Files.createTempFile("ferry-uid", null);
        try {
            return Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static Object device(Path path, LinkOption... options) throws IOException {
        try {
            return Files.getAttribute(path, "unix:dev", options);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new Unavailable(path, I18n.t("trash.unsupported"), e);
        }
    }

    /** The folder where the file system that holds {@code folder} is mounted. */
    private static Path topOfFileSystem(Path folder, Object device) throws IOException {
        Path top = folder;
        while (top.getParent() != null && device.equals(device(top.getParent()))) {
            top = top.getParent();
        }
        return top;
    }

    /**
     * The trash at the top of a file system: an administrator's shared {@code .Trash} (a real folder
     * with the sticky bit, so that no user can take another's), else the user's own {@code .Trash-uid}.
     */
    private static Path topTrash(Path top, Path path, Object uid) throws IOException {
        Path shared = top.resolve(".Trash");
        if (Files.isDirectory(shared, LinkOption.NOFOLLOW_LINKS)
                && (((Integer) Files.getAttribute(shared, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & STICKY) != 0) {
            try {
                return ownFolder(shared.resolve(uid.toString()), uid);
            } catch (IOException e) {
                // The shared trash would not take a folder of ours: the user's own is the next place.
            }
        }
        try {
            return ownFolder(top.resolve(".Trash-" + uid), uid);
        } catch (IOException e) {
            throw new Unavailable(path, I18n.t("trash.noTrashOnDisk", top), e);
        }
    }

    /** The home trash: made if missing; a link to a folder elsewhere is followed, as the desktop's tools do. */
    private static void homeFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Made in the meantime: checked below like any other.
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException(I18n.t("trash.notAFolder", folder));
        }
    }

    /**
     * A folder of a trash on a disk others may write to: made if missing, and used only when it is
     * this user's alone (owned by {@code uid}, writable by nobody else) and not reached through a link.
     * One made first by someone else would let them take or change everything trashed there.
     */
    private static Path ownFolder(Path folder, Object uid) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Made in the meantime: checked below like any other.
            }
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(I18n.t("trash.notAFolder", folder));
        }
        int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!uid.equals(Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS)) || (mode & 022) != 0) {
            throw new IOException(I18n.t("trash.notOurs", folder));
        }
        return folder;
    }

    /** Words for why a trash folder could not be used: ours where we have them, the system's otherwise. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return I18n.t("trash.noPermission", denied.getFile());
        }
        return e.getMessage();
    }

    /**
     * The description first, made with CREATE_NEW: it reserves the name in the trash against other
     * programs trashing a file of the same name at the same moment; then the move, a rename.
     */
    private static Path moveInto(Path path, Path trash, Path item, String recordedPath, boolean sharedDisk, Object uid)
            throws IOException {
        Path files = sharedDisk ? ownFolder(trash.resolve("files"), uid) : made(trash.resolve("files"));
        Path info = sharedDisk ? ownFolder(trash.resolve("info"), uid) : made(trash.resolve("info"));
        String name = fitting(item.getFileName().toString());
        byte[] description = ("[Trash Info]\nPath=" + escaped(recordedPath) + "\nDeletionDate="
                + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DELETION_DATE) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? name : dev.ferry.transfer.FreeNames.numbered(name, n);
            Path infoFile = info.resolve(candidate + ".trashinfo");
            if (Files.exists(files.resolve(candidate), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.write(infoFile, description, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Path target = files.resolve(candidate);
            try {
                Files.move(item, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                // Two mounts of one file system (a bind mount): no rename between them, and no copy.
                Files.deleteIfExists(infoFile);
                throw new Unavailable(path, I18n.t("trash.wouldCopy", trash), e);
            } catch (IOException e) {
                Files.deleteIfExists(infoFile);
                throw e;
            }
            return target;
        }
    }

    /** A folder of the home trash, made if missing. */
    private static Path made(Path folder) throws IOException {
        homeFolder(folder);
        return folder;
    }

    /**
     * A name the trash can hold with ".trashinfo" and a number after it: a file system takes 255
     * bytes, and a long name (80 Chinese characters) made the description's name too long. The
     * description keeps the whole name where it came from; the shortened one only names it in the trash.
     */
    static String fitting(String name) {
        int limit = 255 - ".trashinfo".length() - " (999)".length();
        if (name.getBytes(StandardCharsets.UTF_8).length <= limit) {
            return name;
        }
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > limit) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return kept.toString();
    }

    /** The path as the specification stores it: UTF-8, every byte but the unreserved ones and '/' escaped. */
    static String escaped(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
