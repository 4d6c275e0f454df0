package dev.ferry.transfer;

import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.message.Message;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns names from a server into local paths that cannot leave their directory. A name is
 * refused when the engine flags it ({@code ..}, separators, NUL, CR/LF), and, on Windows, when
 * it uses a character or a device name Windows reserves.
 */
public final class LocalPaths {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");

    private LocalPaths() {
    }

    /** Why {@code name} cannot be used locally, if it cannot. */
    public static Optional<Message> problem(String name) {
        Optional<Message> engine = NameSafety.problem(name);
        if (engine.isPresent()) {
            return engine;
        }
        if (!WINDOWS) {
            // Refused before a byte is fetched: the whole file came, then could not take its name.
            int bytes = dev.ferry.ftp.LocalFileException.nameBytes(name);
            return bytes > dev.ferry.ftp.LocalFileException.LONGEST_NAME_BYTES
                    ? Optional.of(Message.of(QueueText.NAME_TOO_LONG_HERE, bytes,
                    dev.ferry.ftp.LocalFileException.LONGEST_NAME_BYTES))
                    : Optional.empty();
        }
        for (char c : "<>:\"|?*".toCharArray()) {
            if (name.indexOf(c) >= 0) {
                return Optional.of(Message.of(QueueText.WINDOWS_RESERVED_CHARACTER, String.valueOf(c)));
            }
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(stem)) {
            return Optional.of(Message.of(QueueText.WINDOWS_DEVICE_NAME, name));
        }
        return Optional.empty();
    }

    /**
     * Why a local file is not uploaded under its own name, if it is not: the rule a download applies
     * to a server's names ("\\" separates folders on a Windows server; CR/LF would be a second command).
     */
    public static Optional<Message> uploadNameProblem(String name) {
        return NameSafety.problem(name).map(problem -> Message.of(QueueText.UPLOAD_NAME_REFUSED,
                NameSafety.printable(name), problem));
    }

    /** {@code directory/name}, refused unless the result is directly inside {@code directory}. */
    public static Path child(Path directory, String name) throws UnsafeNameException {
        Optional<Message> problem = problem(name);
        if (problem.isPresent()) {
            throw new UnsafeNameException(Message.of(QueueText.NAME_REFUSED, NameSafety.printable(name), problem.get()));
        }
        try {
            Path base = directory.toAbsolutePath().normalize();
            Path child = base.resolve(name).normalize();
            if (!base.equals(child.getParent())) {
                throw new UnsafeNameException(Message.of(QueueText.NAME_REFUSED, NameSafety.printable(name),
                        Message.of(QueueText.WOULD_LEAVE_FOLDER, base.toString())));
            }
            return child;
        } catch (InvalidPathException e) {
            throw new UnsafeNameException(Message.of(QueueText.NAME_REFUSED, NameSafety.printable(name),
                    Message.of(QueueText.INVALID_LOCAL_NAME, e.getReason())));
        }
    }

    /**
     * The local path a download writes, checked against the folder the user chose: whatever a
     * listing, a retry or a restored queue file says, nothing is written outside it.
     */
    static Path insideBoundary(TransferItem item, Path path) throws UnsafeNameException {
        if (item.boundary == null) {
            return path;
        }
        Path normal = path.toAbsolutePath().normalize();
        if (!normal.startsWith(item.boundary) || normal.equals(item.boundary) && !item.directory) {
            throw new UnsafeNameException(Message.of(QueueText.OUTSIDE_TARGET_FOLDER, item.boundary.toString(),
                    normal.toString()));
        }
        return normal;
    }
}
