package dev.ferry.ui.explorer;

import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.connection.RemoteConnection;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;

/** What a pane needs from its connection tab: the other pane, the connection, the queue. */
public interface Explorer {

    /** The browsing connection, or null when not connected. */
    RemoteConnection connection();

    Path localFolder();

    String remoteFolder();

    /** Queues downloads of remote rows into a local folder; starts the queue unless {@code start} is false. */
    void download(List<FileRow> remote, Path into, boolean start);

    /**
     * Runs {@code work} on the thread that adds {@link #download} and {@link #upload} to the queue,
     * after the adds asked for before it: they reach the queue a moment after the call.
     */
    void afterQueueAdds(Runnable work);

    /**
     * The adds {@link #download} would make, names checked now (a name refused is said), for work that
     * runs them itself on the adds' thread ({@link #afterQueueAdds}). None when not connected.
     */
    List<Runnable> downloadAdds(List<FileRow> remote, Path into);

    /** Queues uploads of local files and folders into a remote folder. */
    void upload(List<Path> local, String into, boolean start);

    /** Downloads a remote file to a temporary copy, opens it, and offers to upload it when it changes. */
    void openRemote(FileRow remote);

    /** The app's transfer queue (drags out of the app follow their downloads in it). */
    TransferQueue queue();

    /** Whether the queue runs, or is to run once the saved queue is restored at start. */
    boolean queueMeantToRun();

    /** Runs {@code onFx} on the FX thread once the saved queue is restored at start (and started, if it is to run). */
    void afterQueueRestored(Runnable onFx);

    void refreshLocal();

    void refreshRemote();

    Window window();
}
