package dev.ferry.diagnose;

import dev.ferry.message.Message;

import java.util.List;

/**
 * What a diagnosis concludes.
 *
 * @param usable      Ferry can log in and list with the settings below (the given ones changed by {@code settings})
 * @param summary     one sentence
 * @param works       the steps that work
 * @param fails       the steps that fail
 * @param settings    the changes that make it work (empty when the given settings work as they are)
 * @param adminAdvice sentences the server's administrator can act on, where the server is at fault
 * @param notes       what the user should know (TLS the site does not use yet, a certificate to check)
 */
public record Verdict(boolean usable, Message summary, List<Step> works, List<Step> fails, SettingsDelta settings,
                      List<Message> adminAdvice, List<Message> notes) {

    public Verdict {
        works = List.copyOf(works);
        fails = List.copyOf(fails);
        settings = settings == null ? SettingsDelta.NONE : settings;
        adminAdvice = List.copyOf(adminAdvice);
        notes = List.copyOf(notes);
    }

    /** The changes to the settings, one message each. */
    public List<Message> changes() {
        return settings.changes();
    }
}
