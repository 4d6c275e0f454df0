package dev.ferry.testing;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.DialogueListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every dialogue entry for assertions. */
public final class CollectingLog implements DialogueListener {

    private final List<DialogueEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void onEntry(DialogueEntry entry) {
        entries.add(entry);
    }

    public List<DialogueEntry> entries() {
        return entries;
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.format()));
        return lines;
    }

    public String text() {
        return String.join("\n", lines());
    }

    public boolean contains(String fragment) {
        return entries.stream().anyMatch(e -> e.text().contains(fragment));
    }
}
