package dev.ferry.testing;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.message.MessageKey;
import dev.ferry.message.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every dialogue entry for assertions: by key (what the engine meant) or by its English words. */
public final class CollectingLog implements DialogueListener {

    private final List<DialogueEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void onEntry(DialogueEntry entry) {
        entries.add(entry);
    }

    public List<DialogueEntry> entries() {
        return entries;
    }

    /** The entry's words as the English console shows them. */
    public static String words(DialogueEntry entry) {
        return entry.text() != null ? entry.text() : Messages.render(entry.message(), Locale.ROOT);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add("[" + e.session() + "] " + e.marker() + words(e)));
        return lines;
    }

    public String text() {
        return String.join("\n", lines());
    }

    public boolean contains(String fragment) {
        return entries.stream().anyMatch(e -> words(e).contains(fragment));
    }

    /** Whether the engine said this (a status, warning or error with this key). */
    public boolean has(MessageKey key) {
        return entries.stream().anyMatch(e -> e.message() != null && e.message().key().equals(key));
    }

    public long count(MessageKey key) {
        return entries.stream().filter(e -> e.message() != null && e.message().key().equals(key)).count();
    }
}
