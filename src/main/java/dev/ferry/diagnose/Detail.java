package dev.ferry.diagnose;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;

/** Details of a step: protocol text as it was sent, or a message for words. */
public final class Detail {

    private Detail() {
    }

    /** Text shown as it is (a server reply, a command, an address): not translated. */
    public static Message text(String text) {
        return Message.of(Messages.GeneralText.TEXT, text);
    }

    public static Message of(DiagnoseText key, Object... arguments) {
        return Message.of(key, arguments);
    }
}
