package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to fill up: a full disk for real, as the file system says it
 * (ENOSPC). Only root can mount it; elsewhere the test is skipped, said.
 */
public final class TinyDisk implements AutoCloseable {

    private final Path folder;

    private TinyDisk(Path folder) {
        this.folder = folder;
    }

    /** Mounts a tmpfs of {@code size} (mount's form: "1m") on {@code folder}, made when missing. */
    public static TinyDisk mount(Path folder, String size) throws IOException, InterruptedException {
        if (!Interop.isRoot()) {
            Interop.unavailable("a full disk is simulated with a small tmpfs, which only root can mount");
        }
        Files.createDirectories(folder);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "ferry-disk-full", folder.toString());
        if (exit != 0) {
            Interop.unavailable("mount -t tmpfs failed (exit " + exit + "): no way to simulate a full disk here");
        }
        return new TinyDisk(folder);
    }

    /**
     * Mounts a tmpfs with megabytes free but room for only {@code files} entries (folders and files, its root
     * counted): a disk out of inodes, which says "No space left on device" as a full one does.
     */
    public static TinyDisk mountWithRoomForFiles(Path folder, int files) throws IOException, InterruptedException {
        return mount(folder, "64m,nr_inodes=" + files);
    }

    /** Makes room for {@code files} entries in all on a disk from {@link #mountWithRoomForFiles}. */
    public void allowFiles(int files) throws IOException, InterruptedException {
        int exit = run("mount", "-o", "remount,nr_inodes=" + files, folder.toString());
        if (exit != 0) {
            throw new IOException("remounting " + folder + " with room for " + files + " files failed (exit " + exit + ")");
        }
    }

    public Path folder() {
        return folder;
    }

    /** Gives the disk room (or takes it): what a user freeing space does. */
    public void resize(String size) throws IOException, InterruptedException {
        int exit = run("mount", "-o", "remount,size=" + size, folder.toString());
        if (exit != 0) {
            throw new IOException("remounting " + folder + " with size " + size + " failed (exit " + exit + ")");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", folder.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
