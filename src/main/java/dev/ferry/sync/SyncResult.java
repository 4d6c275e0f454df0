package dev.ferry.sync;

import dev.ferry.message.Message;

import java.util.List;

/**
 * What a run of a plan did.
 *
 * @param transferred    files moved (the queue's items that ended done)
 * @param bytes          their bytes that came over the network in this run (an attempt started over counts once)
 * @param continuedBytes their bytes that part files of an earlier run already held
 * @param foldersCreated folders made before the transfers
 * @param deleted        files and folders deleted after the transfers
 * @param failures       everything that did not happen as planned, with the reason
 * @param unresolved     conflicts and refused paths the plan left alone
 * @param cancelled      the run was stopped before its end
 */
public record SyncResult(int transferred, long bytes, long continuedBytes, int foldersCreated, int deleted, List<Failure> failures,
                         int unresolved, boolean cancelled) {

    public record Failure(String path, Message reason) {
    }

    public SyncResult {
        failures = List.copyOf(failures);
    }

    /** Everything planned was done and nothing was left to look at. */
    public boolean complete() {
        return failures.isEmpty() && unresolved == 0 && !cancelled;
    }
}
