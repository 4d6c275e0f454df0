package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;

/**
 * Answers a {@link Conflict}. Called on a worker thread, never while the queue is locked; may
 * block until the user answers. With {@code applyToAll} the answer holds for the rest of the
 * conflict's batch (the items added together), never beyond; with {@code cancelRest} this file is
 * skipped and every item of the batch not yet finished is cancelled.
 */
@FunctionalInterface
public interface ConflictResolver {

    record Decision(ConflictAction action, boolean applyToAll, boolean cancelRest) {
        public Decision {
            if (action == ConflictAction.ASK) {
                throw new IllegalArgumentException("a decision cannot be ASK");
            }
        }

        public Decision(ConflictAction action, boolean applyToAll) {
            this(action, applyToAll, false);
        }

        /** Skip this file and cancel what is left of the batch. */
        public static Decision cancelTheRest() {
            return new Decision(ConflictAction.SKIP, true, true);
        }
    }

    Decision resolve(Conflict conflict);

    /**
     * As {@link #resolve(Conflict)}, told when the item stops waiting for the answer: {@code itemStopped}
     * is cancelled when the user removes, stops or pauses it meanwhile, so that a question on screen
     * can close (its answer would do nothing).
     */
    default Decision resolve(Conflict conflict, CancelToken itemStopped) {
        return resolve(conflict);
    }
}
