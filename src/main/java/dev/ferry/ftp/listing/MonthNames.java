package dev.ferry.ftp.listing;

import java.text.DateFormatSymbols;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Month names as listings print them, in the languages servers speak, plus the site's own
 * language first when one is set (it decides between spellings two languages share).
 */
final class MonthNames {

    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        // Abbreviated and full month names as servers in these languages print them. Where two
        // languages share a spelling they agree on the month, except French "jui" (juin/juillet),
        // which is read as July, as FileZilla does; a site can set its language to decide.
        months(1, "jan", "january", "januar", "janv", "janvier", "jän", "jänner", "ene", "enero", "gen", "gennaio",
                "janeiro", "januari", "sty", "styczeń", "styczen", "led", "leden", "tammi", "tammikuu", "oca", "ocak",
                "янв", "январь", "января", "січ");
        months(2, "feb", "february", "februar", "févr", "fevr", "fév", "fev", "février", "fevrier", "febrero",
                "febbraio", "fevereiro", "februari", "febr", "fbro", "február", "lut", "luty", "úno", "uno", "únor", "helmi",
                "helmikuu", "şub", "sub", "şubat", "фев", "февраль", "февраля", "лют");
        months(3, "mar", "march", "mär", "mrz", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mrt",
                "márc", "marc", "március", "mzo", "bře", "bre", "březen", "maalis", "maaliskuu", "mart", "мар", "март",
                "марта", "бер");
        months(4, "apr", "april", "avr", "avril", "abr", "abril", "aprile", "ápr", "április", "kwi", "dub", "duben",
                "huhti", "huhtikuu", "nis", "nisan", "апр", "апрель", "апреля", "кві");
        months(5, "may", "mai", "mayo", "mag", "maggio", "maio", "mei", "maj", "máj", "május", "kvě", "kve", "květen",
                "touko", "toukokuu", "май", "мая", "тра");
        months(6, "jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho", "jún", "június", "cze", "čer",
                "cer", "červen", "kesä", "kesäkuu", "haz", "haziran", "июн", "июнь", "июня", "чер");
        months(7, "jul", "july", "juli", "juil", "jui", "juillet", "julio", "lug", "luglio", "julho", "júl", "július",
                "lip", "lipiec", "čec", "cec", "červenec", "heinä", "heinäkuu", "tem", "temmuz", "июл", "июль",
                "июля", "лип");
        months(8, "aug", "august", "août", "aout", "aoû", "aou", "ago", "agosto", "augustus", "augusti", "augusztus",
                "agto", "avg", "sie", "sierpień", "sierpien", "srp", "srpen", "elo", "elokuu", "ağu", "agu", "ağustos", "авг",
                "август", "августа", "сер");
        months(9, "sep", "sept", "september", "septembre", "septiembre", "setiembre", "set", "settembre", "setembro",
                "szept", "szeptember", "wrz", "zář", "zar", "září", "syys", "syyskuu", "eyl", "eylül", "сен",
                "сентябрь", "сентября", "вер");
        months(10, "oct", "october", "oktober", "okt", "octobre", "octubre", "ott", "ottobre", "out", "outubro",
                "október", "paź", "paz", "październik", "říj", "rij", "říjen", "loka", "lokakuu", "eki", "ekim", "окт",
                "октябрь", "октября", "жов");
        months(11, "nov", "november", "novembre", "noviembre", "novembro", "lis", "listopad", "marras", "marraskuu",
                "kas", "kasım", "ноя", "ноябрь", "ноября", "лис");
        months(12, "dec", "december", "dez", "dezember", "déc", "décembre", "decembre", "dic", "diciembre",
                "dicembre", "dezembro", "des", "desember", "gru", "grudzień", "grudzien", "pro", "prosinec", "joulu",
                "joulukuu", "ara", "aralık", "дек", "декабрь", "декабря", "гру");
    }

    private static void months(int month, String... names) {
        for (String name : names) {
            MONTHS.put(name, month);
        }
    }

    private static final MonthNames ANY_LANGUAGE = new MonthNames(Map.of());

    private final Map<String, Integer> preferred;

    private MonthNames(Map<String, Integer> preferred) {
        this.preferred = preferred;
    }

    static MonthNames preferring(Locale language) {
        return language == null ? ANY_LANGUAGE : new MonthNames(namesIn(language));
    }

    private static Map<String, Integer> namesIn(Locale language) {
        Map<String, Integer> names = new HashMap<>();
        DateFormatSymbols symbols = DateFormatSymbols.getInstance(language);
        String[][] lists = {symbols.getShortMonths(), symbols.getMonths()};
        for (String[] list : lists) {
            for (int m = 0; m < 12 && m < list.length; m++) {
                String name = stripPunctuation(list[m].toLowerCase(language));
                if (!name.isEmpty()) {
                    names.put(name, m + 1);
                    names.put(name.toLowerCase(Locale.ROOT), m + 1);
                }
            }
        }
        return names;
    }

    private static String stripPunctuation(String name) {
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ',')) {
            end--;
        }
        return name.substring(0, end);
    }

    /**
     * The month a token names: a month name in a known language ("Jan", "Okt.", "juil.", "szept",
     * "Июн"), or a number with a non-ASCII suffix ("3月", "1월"). 0 when it is neither; a bare
     * number is not taken as a month here.
     */
    int month(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == '.' || s.charAt(to - 1) == ',')) {
            to--;
        }
        if (to <= from) {
            return 0;
        }
        char c = s.charAt(from);
        if (c >= '0' && c <= '9') {
            int p = from;
            int value = 0;
            while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9' && p - from < 3) {
                value = value * 10 + (s.charAt(p) - '0');
                p++;
            }
            // "3月", "3월", or the same bytes mis-decoded: digits followed by non-ASCII only.
            if (p == to || !nonAsciiFrom(s, p, to)) {
                return 0;
            }
            return value >= 1 && value <= 12 ? value : 0;
        }
        if (to - from > 12 || !Character.isLetter(c)) {
            return 0;
        }
        String key = s.substring(from, to).toLowerCase(Locale.ROOT);
        Integer month = preferred.isEmpty() ? null : preferred.get(key);
        if (month == null) {
            month = MONTHS.get(key);
        }
        return month == null ? 0 : month;
    }

    /**
     * Whether a suffix after digits is a non-ASCII unit such as 月, 日, 年, 월 — or those bytes in a
     * charset the listing was not decoded with, where ASCII bytes can follow the broken ones.
     */
    static boolean nonAsciiFrom(String s, int from, int to) {
        return from < to && s.charAt(from) >= 0x80;
    }
}
