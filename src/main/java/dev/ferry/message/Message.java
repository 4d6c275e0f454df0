package dev.ferry.message;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Something to tell the user, as a key and its parameters, without words: {@link Messages}
 * renders it in the user's language. Parameters are plain values (text from the server, numbers,
 * paths) or nested messages (a reason inside a sentence).
 */
public record Message(MessageKey key, List<Object> arguments) {

    public Message {
        arguments = List.copyOf(arguments.stream().map(a -> a == null ? "" : a).toList());
    }

    public static Message of(MessageKey key, Object... arguments) {
        return new Message(key, Arrays.asList(arguments));
    }

    /**
     * Whether this message says {@code wanted}, itself or as a reason inside it ("… (the server answered …)"). By
     * the key's name too: a message read back from a saved queue has keys of their own kind.
     */
    public boolean says(MessageKey wanted) {
        return is(wanted) || arguments.stream().anyMatch(a -> a instanceof Message inner && inner.says(wanted));
    }

    /** Whether this message's own key is {@code wanted}, by name too (see {@link #says}); not a reason inside it. */
    public boolean is(MessageKey wanted) {
        return key == wanted || key.bundleKey().equals(wanted.bundleKey());
    }

    /** A language-free form for stack traces and developers' logs: {@code ftp.login.rejected(530, Login incorrect.)}. */
    @Override
    public String toString() {
        if (arguments.isEmpty()) {
            return key.bundleKey();
        }
        return key.bundleKey() + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
