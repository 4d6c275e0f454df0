package dev.ferry.transfer;

/**
 * Answers a {@link Conflict}. Called on a worker thread, never while the queue is locked; may
 * block until the user answers. With {@code applyToAll} the answer becomes the queue's default.
 */
@FunctionalInterface
public interface ConflictResolver {

    record Decision(ConflictAction action, boolean applyToAll) {
        public Decision {
            if (action == ConflictAction.ASK) {
                throw new IllegalArgumentException("a decision cannot be ASK");
            }
        }
    }

    Decision resolve(Conflict conflict);
}
