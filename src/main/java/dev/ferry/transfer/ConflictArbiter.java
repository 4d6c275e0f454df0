package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpCancelledException;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decides what happens to an existing target. The item's own rule or the queue's default
 * answers first; otherwise the user is asked, one question at a time (so an "apply to all"
 * answer is seen by the next question), and such an answer holds for the rest of its batch only:
 * a later drop, or an edited file saved back, is asked about again.
 */
final class ConflictArbiter {

    /** One question on screen at a time; a worker waiting its turn still notices its cancel token. */
    private final Semaphore turn = new Semaphore(1, true);
    /** "Apply to all" answers per batch and direction. */
    private final Map<String, ConflictAction> batchAnswers = new HashMap<>();
    private volatile ConflictResolver resolver;

    void setResolver(ConflictResolver resolver) {
        this.resolver = resolver;
    }

    /** What to do, and whether the rest of the batch is to be cancelled. */
    record Outcome(ConflictAction action, boolean cancelRest) {
    }

    /** Called on the item's worker thread, holding no queue lock: it may wait for the user. */
    Outcome decide(TransferItem item, ConflictAction itemRule, ConflictAction queueDefault, Conflict conflict,
                   CancelToken token) throws FtpCancelledException {
        ConflictAction action = itemRule != null ? itemRule : queueDefault;
        if (action != ConflictAction.ASK) {
            return new Outcome(action, false);
        }
        String batchKey = item.batch + "|" + item.direction;
        awaitTurn(token);
        try {
            ConflictAction remembered = remembered(batchKey);
            if (remembered != null) {
                return new Outcome(remembered, false);
            }
            ConflictResolver current = resolver;
            if (current == null) {
                return new Outcome(ConflictAction.OVERWRITE, false);
            }
            ConflictResolver.Decision decision = current.resolve(conflict, token);
            token.throwIfCancelled();
            if (decision == null) {
                return new Outcome(ConflictAction.SKIP, false);
            }
            if (decision.applyToAll() || decision.cancelRest()) {
                synchronized (batchAnswers) {
                    batchAnswers.put(batchKey, decision.action());
                }
            }
            return new Outcome(decision.action(), decision.cancelRest());
        } finally {
            turn.release();
        }
    }

    private void awaitTurn(CancelToken token) throws FtpCancelledException {
        try {
            while (!turn.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                token.throwIfCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FtpCancelledException();
        }
        if (token.isCancelled()) {
            turn.release();
            throw new FtpCancelledException();
        }
    }

    private ConflictAction remembered(String batchKey) {
        synchronized (batchAnswers) {
            return batchAnswers.get(batchKey);
        }
    }

    /** Forgets the answers of batches that have no unfinished item left. */
    void keepOnly(Set<Long> liveBatches) {
        synchronized (batchAnswers) {
            batchAnswers.keySet().removeIf(key -> !liveBatches.contains(Long.parseLong(key.substring(0, key.indexOf('|')))));
        }
    }
}
