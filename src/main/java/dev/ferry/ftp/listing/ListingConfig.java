package dev.ferry.ftp.listing;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * Per-site facts about how a server writes its listings, for what the lines cannot tell:
 * the time zone of its times, the order of day, month and year in all-numeric dates such as
 * {@code 04/03/02}, and the language of its month names when it is not one Ferry knows.
 * The defaults work for most servers.
 *
 * @param zone          the zone the server prints its times in (MLSD and EPLF times are UTC regardless)
 * @param dateOrder     how to read all-numeric dates that could be read more than one way
 * @param monthLanguage a language whose month names are tried first; null for the built-in table
 */
public record ListingConfig(ZoneId zone, DateOrder dateOrder, Locale monthLanguage) {

    public static final ListingConfig DEFAULT = new ListingConfig(ZoneOffset.UTC, DateOrder.AUTO, null);

    public ListingConfig {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dateOrder, "dateOrder");
    }

    public static ListingConfig of(ZoneId zone) {
        return new ListingConfig(zone, DateOrder.AUTO, null);
    }

    public ListingConfig withZone(ZoneId newZone) {
        return new ListingConfig(newZone, dateOrder, monthLanguage);
    }

    public ListingConfig withDateOrder(DateOrder order) {
        return new ListingConfig(zone, order, monthLanguage);
    }

    public ListingConfig withMonthLanguage(Locale language) {
        return new ListingConfig(zone, dateOrder, language);
    }

    /** The order of the parts of an all-numeric date. */
    public enum DateOrder {
        /**
         * Each format's usual order (month first for DOS, IIS and OS/2; day first when the parts
         * are separated by dots), switched when a part cannot be what the usual order says
         * ({@code 24-04-2003} is day first).
         */
        AUTO,
        MDY,
        DMY,
        YMD;

        /** "DMY", "mdy", "auto"…; null or blank means AUTO. */
        public static DateOrder parse(String hint) {
            if (hint == null || hint.isBlank()) {
                return AUTO;
            }
            return valueOf(hint.trim().toUpperCase(Locale.ROOT));
        }
    }
}
