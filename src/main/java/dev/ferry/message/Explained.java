package dev.ferry.message;

/** A failure that carries what to tell the user about it. */
public interface Explained {

    Message explanation();
}
