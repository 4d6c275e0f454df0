package dev.ferry.site;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;

/**
 * A change to the sites that was not made because another Ferry (the command line, a second
 * window) changed the file meanwhile in a way this one must not write over. Nothing was saved.
 */
public class SitesFileException extends IOException implements Explained {

    private final Message explanation;

    public SitesFileException(Message explanation, Throwable cause) {
        super(explanation.toString(), cause);
        this.explanation = explanation;
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
