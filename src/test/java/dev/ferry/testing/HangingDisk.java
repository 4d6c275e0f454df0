package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A disk that stops answering while a test holds it, as a network share does when its server goes away: every
 * look-up of a path on it (even "is this a folder?") waits. A FUSE file system (Debian python3-fusepy) with one
 * empty folder, {@link #folder()}. Only root can mount it; elsewhere the test is skipped, said.
 */
public final class HangingDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path work;
    private final Path gate;
    private final Process process;

    private HangingDisk(Path mountPoint, Path work, Process process) {
        this.mountPoint = mountPoint;
        this.work = work;
        this.gate = work.resolve("gate");
        this.process = process;
    }

    /** Mounts the disk on {@code mountPoint} (made when missing), answering until {@link #hold()}. */
    public static HangingDisk mount(Path mountPoint) throws IOException {
        if (!Interop.isRoot()) {
            Interop.unavailable("a disk that does not answer is a FUSE mount, which only root can make here");
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            Interop.unavailable("no /dev/fuse: no FUSE mount for a disk that does not answer");
        }
        ServerProcess.requirePythonModules("python3-fusepy", "fusepy");
        Files.createDirectories(mountPoint);
        Path work = Files.createTempDirectory("ferry-hanging-disk");
        Process process = new ProcessBuilder(ServerProcess.DEBIAN_PYTHON.toString(),
                ServerProcess.script("hanging_disk.py", work).toString(), mountPoint.toString(),
                work.resolve("gate").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("log").toFile()).start();
        HangingDisk disk = new HangingDisk(mountPoint, work, process);
        try {
            Await.until("the FUSE disk mounted on " + mountPoint + " (log: " + work.resolve("log") + ")",
                    () -> !process.isAlive() || Files.isDirectory(disk.folder()), Duration.ofSeconds(30));
        } catch (AssertionError notMounted) {
            disk.close();
            throw notMounted;
        }
        if (!process.isAlive()) {
            throw new IOException("the FUSE disk did not mount: " + Files.readString(work.resolve("log")));
        }
        return disk;
    }

    /** The one folder on the disk. */
    public Path folder() {
        return mountPoint.resolve("folder");
    }

    /** From now on every look-up on the disk waits, until {@link #release()}. */
    public void hold() throws IOException {
        Files.writeString(gate, "held");
    }

    public void release() throws IOException {
        Files.deleteIfExists(gate);
    }

    @Override
    public void close() throws IOException {
        release();
        try {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (java.util.stream.Stream<Path> files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(work);
    }
}
