package dev.ferry.testing;

import javafx.application.Platform;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Paths of the default file system whose disk accesses are noted with the thread that made them, for
 * tests that hold the FX thread off the disk (a network share may make any of them wait seconds), and
 * may be held as long as a test likes.
 * Everything is done by the default file system; paths the code derives from a noted one
 * ({@code toAbsolutePath}, {@code resolve}) are plain default paths again.
 */
public final class ThreadNotingPaths {

    /** One access: to which path, on which thread, and whether that was the FX thread. */
    public record Access(String what, Path path, String thread, boolean fxThread) {
    }

    private final List<Access> accesses = new CopyOnWriteArrayList<>();
    private final Map<Path, java.util.concurrent.CountDownLatch> held = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Path, Path> plainPaths = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final FileSystem fileSystem = new NotingFileSystem();
    private final FileSystemProvider provider = new NotingProvider();
    private final FileSystemProvider real = FileSystems.getDefault().provider();

    /** {@code path} as a path whose accesses are noted. */
    public Path noted(Path path) {
        Path proxy = (Path) Proxy.newProxyInstance(ThreadNotingPaths.class.getClassLoader(), new Class<?>[]{Path.class},
                (self, method, args) -> {
                    if (method.getName().equals("getFileSystem") && method.getParameterCount() == 0) {
                        return fileSystem;
                    }
                    if (method.getName().equals("equals") && method.getParameterCount() == 1) {
                        return args[0] instanceof Path other && path.equals(real(other));
                    }
                    Object[] realArgs = args == null ? null
                            : Arrays.stream(args).map(arg -> arg instanceof Path p ? real(p) : arg).toArray();
                    try {
                        return method.invoke(path, realArgs);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        plainPaths.put(proxy, path);
        return proxy;
    }

    /** Every access so far, in order. */
    public List<Access> accesses() {
        return List.copyOf(accesses);
    }

    /** The accesses made on the FX thread. */
    public List<Access> onTheFxThread() {
        return accesses.stream().filter(Access::fxThread).toList();
    }

    /**
     * From now on, every access to {@code path} waits until the returned latch is counted down, as on
     * a network share that does not answer.
     */
    public java.util.concurrent.CountDownLatch hold(Path path) {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        held.put(path, latch);
        return latch;
    }

    private Path note(String what, Path path) {
        Path plain = real(path);
        accesses.add(new Access(what, plain, Thread.currentThread().getName(), Platform.isFxApplicationThread()));
        java.util.concurrent.CountDownLatch latch = held.get(plain);
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return plain;
    }

    private Path real(Path path) {
        Path plain = plainPaths.get(path);
        return plain == null ? path : plain;
    }

    private final class NotingProvider extends FileSystemProvider {
        @Override
        public String getScheme() {
            return real.getScheme();
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("one file system per ThreadNotingPaths");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return fileSystem;
        }

        @Override
        public Path getPath(URI uri) {
            return real.getPath(uri);
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            return real.newByteChannel(note("open", path), options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            return real.newDirectoryStream(note("list", dir), filter);
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            real.createDirectory(note("mkdir", dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            real.delete(note("delete", path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            real.copy(note("copy", source), real(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            real.move(note("move", source), real(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return real.isSameFile(note("same", path), real(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return real.isHidden(note("hidden", path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return real.getFileStore(note("store", path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            real.checkAccess(note("access", path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return real.getFileAttributeView(note("attributes", path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return real.readAttributes(note("stat", path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
            return real.readAttributes(note("stat", path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            real.setAttribute(note("set", path), attribute, value, options);
        }
    }

    private final class NotingFileSystem extends FileSystem {
        private final FileSystem plain = FileSystems.getDefault();

        @Override
        public FileSystemProvider provider() {
            return provider;
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException("the default file system's: never closed");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public String getSeparator() {
            return plain.getSeparator();
        }

        @Override
        public Iterable<Path> getRootDirectories() {
            return plain.getRootDirectories();
        }

        @Override
        public Iterable<FileStore> getFileStores() {
            return plain.getFileStores();
        }

        @Override
        public Set<String> supportedFileAttributeViews() {
            return plain.supportedFileAttributeViews();
        }

        @Override
        public Path getPath(String first, String... more) {
            return plain.getPath(first, more);
        }

        @Override
        public PathMatcher getPathMatcher(String syntaxAndPattern) {
            return plain.getPathMatcher(syntaxAndPattern);
        }

        @Override
        public UserPrincipalLookupService getUserPrincipalLookupService() {
            return plain.getUserPrincipalLookupService();
        }

        @Override
        public WatchService newWatchService() throws IOException {
            return plain.newWatchService();
        }
    }
}
