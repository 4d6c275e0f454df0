package dev.ferry.transfer;

/**
 * Answers a {@link Conflict}. Called on a worker thread, never while the queue is locked; may
 * block until the user answers. With {@code applyToAll} the answer becomes the queue's default.
 */
@FunctionalInterface
public interface ConflictResolver {

    /**
     * @param cancelRest skip this file and cancel the items of the same batch still to come
     *                   ("Cancel the rest"); its action is {@link ConflictAction#SKIP}
     */
    record Decision(ConflictAction action, boolean applyToAll, boolean cancelRest) {
        public Decision {
            if (action == ConflictAction.ASK) {
                throw new IllegalArgumentException("a decision cannot be ASK");
            }
            if (cancelRest && action != ConflictAction.SKIP) {
                throw new IllegalArgumentException("cancelling the rest skips this file too");
            }
        }

        public Decision(ConflictAction action, boolean applyToAll) {
            this(action, applyToAll, false);
        }

        /** Skip this file and cancel the rest of its batch. */
        public static Decision cancelTheRest() {
            return new Decision(ConflictAction.SKIP, false, true);
        }
    }

    Decision resolve(Conflict conflict);
}
