package dev.ferry.transfer;

import dev.ferry.message.Message;
import dev.ferry.message.MessageKey;
import dev.ferry.message.Messages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages in the queue file: a key and its arguments, nested messages as objects, so that an
 * item's error is shown in whatever language the user reads when the queue is loaded again.
 */
final class StoredMessages {

    private StoredMessages() {
    }

    /** A key known only by its name in the bundle, which is all rendering needs. */
    record NamedKey(String bundleKey) implements MessageKey {
    }

    static Object store(Message message) {
        if (message == null) {
            return null;
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("key", message.key().bundleKey());
        List<Object> arguments = new ArrayList<>();
        for (Object argument : message.arguments()) {
            arguments.add(argument instanceof Message nested ? store(nested)
                    : argument instanceof Number ? argument : String.valueOf(argument));
        }
        stored.put("args", arguments);
        return stored;
    }

    /** The form read back: a map from this class, or plain text from a queue file of an older Ferry. */
    static Message restore(Object stored) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof Map<?, ?> map && map.get("key") instanceof String key) {
            List<Object> arguments = new ArrayList<>();
            if (map.get("args") instanceof List<?> list) {
                for (Object argument : list) {
                    arguments.add(argument instanceof Map<?, ?> ? restore(argument) : argument);
                }
            }
            return new Message(new NamedKey(key), arguments);
        }
        return Message.of(Messages.GeneralText.TEXT, String.valueOf(stored));
    }
}
