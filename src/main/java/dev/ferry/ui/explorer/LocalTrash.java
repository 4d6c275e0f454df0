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
final class LocalTrash {

    /** The home trash's folder, for tests that must not fill the user's own. */
    static final String OVERRIDE_PROPERTY = "ferry.trash.dir";

    private static final DateTimeFormatter DELETION_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int STICKY = 01000;

    /** Why a path cannot go to a trash, in words; the caller then asks whether to delete it for good. */
    static final class Unavailable extends IOException {
        private final Path path;

        Unavailable(Path path, String why, Throwable cause) {
            super(why, cause);
            this.path = path;
        }

        Path path() {
            return path;
        }
    }

    private final Path homeTrash;

    LocalTrash(Path homeTrash) {
        this.homeTrash = homeTrash;
    }

    static LocalTrash forThisUser() {
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
    Path moveToTrash(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            throw new Unavailable(path, I18n.t("trash.noTrashOnDisk", "/"), null);
        }
        // The parent's real path: a trash entry names where the file really was, links resolved.
        Path item = parent.toRealPath().resolve(path.getFileName());
        Object device = device(item, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.createDirectories(homeTrash.getParent());
            ownFolder(homeTrash);
        } catch (IOException e) {
            throw new Unavailable(item, I18n.t("trash.homeTrashUnusable", homeTrash, e.getMessage()), e);
        }
        if (device.equals(device(homeTrash))) {
            return moveInto(homeTrash, item, item.toString());
        }
        Path top = topOfFileSystem(item.getParent(), device);
        Path trash = topTrash(top, item);
        return moveInto(trash, item, top.relativize(item).toString());
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
    private static Path topTrash(Path top, Path item) throws IOException {
        String uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        Path shared = top.resolve(".Trash");
        if (Files.isDirectory(shared, LinkOption.NOFOLLOW_LINKS)
                && (((Integer) Files.getAttribute(shared, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & STICKY) != 0) {
            Path mine = shared.resolve(uid);
            try {
                return ownFolder(mine);
            } catch (IOException e) {
                // The shared trash would not take a folder of ours: the user's own is the next place.
            }
        }
        try {
            return ownFolder(top.resolve(".Trash-" + uid));
        } catch (IOException e) {
            throw new Unavailable(item, I18n.t("trash.noTrashOnDisk", top), e);
        }
    }

    /** A folder only this user may enter, made if missing; never one reached through a link. */
    private static Path ownFolder(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Made in the meantime: checked below like any other.
            }
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(folder + " is not a folder");
        }
        return folder;
    }

    /**
     * The description first, made with CREATE_NEW: it reserves the name in the trash against other
     * programs trashing a file of the same name at the same moment; then the move, a rename.
     */
    private static Path moveInto(Path trash, Path item, String recordedPath) throws IOException {
        Path files = ownFolder(trash.resolve("files"));
        Path info = ownFolder(trash.resolve("info"));
        String name = item.getFileName().toString();
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
                throw new Unavailable(item, I18n.t("trash.wouldCopy", trash), e);
            } catch (IOException e) {
                Files.deleteIfExists(infoFile);
                throw e;
            }
            return target;
        }
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
