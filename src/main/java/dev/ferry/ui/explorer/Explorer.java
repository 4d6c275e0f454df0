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
     * Queues downloads as {@link #download} does, and starts the queue, but in the queue before it
     * returns, ahead of adds still on their way: for copies something waits for at once (a drag out
     * of the window watches them from its next line).
     */
    void downloadAtOnce(List<FileRow> remote, Path into);

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
