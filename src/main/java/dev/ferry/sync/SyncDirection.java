package dev.ferry.sync;

/** Which side a synchronization makes like the other. */
public enum SyncDirection {
    /** Make the local folder like the server's (the default): the server is the source. */
    DOWNLOAD,
    /** Make the server's folder like the local one ({@code --reverse}): the local folder is the source. */
    UPLOAD;

    public boolean sourceIsRemote() {
        return this == DOWNLOAD;
    }
}
