package dev.ferry.sync;

import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.transfer.LocalPaths;

import java.nio.file.Path;

/** Relative paths of a synchronization ("a/b.txt") on either side. */
final class SyncPaths {

    private SyncPaths() {
    }

    /** The local path, each name checked again: nothing a plan holds can leave the root. */
    static Path local(Path root, String relative) throws UnsafeNameException {
        Path path = root;
        for (String name : relative.split("/")) {
            path = LocalPaths.child(path, name);
        }
        return path;
    }

    static String remote(String root, String relative) {
        return RemotePaths.join(root, relative);
    }
}
