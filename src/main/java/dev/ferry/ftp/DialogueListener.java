package dev.ferry.ftp;

/**
 * Receives a session's dialogue. Called on the session's own thread: implementations hand
 * entries off (the GUI batches them onto its thread) and must not block.
 */
@FunctionalInterface
public interface DialogueListener {
    void onEntry(DialogueEntry entry);
}
