package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.MinaServer;

import java.nio.file.Path;
import java.util.List;

/** Saved queues as an earlier run leaves them, for the tests of what a later start restores. */
final class SavedQueues {

    private SavedQueues() {
    }

    /** A server nothing connects to: the queues that hold it are never started. */
    static ConnectionSettings nowhere() {
        return ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
    }

    static ConnectionSettings reachable(MinaServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).build();
    }

    /**
     * Writes {@code queueFile} as a closed run leaves it: one batch of {@code count} downloads of
     * {@code remotePrefix + i} from {@link #nowhere()} into {@code downloads} (the same path without
     * its leading slash).
     */
    static Path downloads(Path queueFile, Path downloads, String remotePrefix, int count) {
        try (TransferQueue earlier = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(queueFile))) {
            earlier.restore();
            TransferQueue.Batch batch = earlier.batch();
            for (int i = 0; i < count; i++) {
                String remote = remotePrefix + i;
                batch.addDownload(nowhere(), null, remote, downloads.resolve(remote.substring(1)), false, 10, null);
            }
        }
        return queueFile;
    }

    /** The remote paths of the saved items whose path starts with {@code prefix}, sorted: what a restart would find. */
    static List<String> onDisk(Path queueFile, String prefix) {
        return new QueueStore(queueFile).load().document().items().stream().map(QueueStore.StoredItem::remotePath)
                .filter(remote -> remote.startsWith(prefix)).sorted().toList();
    }
}
