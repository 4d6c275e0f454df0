package dev.ferry.site;

/** A pair of directories to jump to in both panes at once. */
public record Bookmark(String name, String localDirectory, String remoteDirectory) {
}
