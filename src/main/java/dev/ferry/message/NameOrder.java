package dev.ferry.message;

import java.util.Comparator;

/**
 * The order a person expects of file names, as desktop file managers sort them: a run of ASCII
 * digits counts by its value (f2 before f10, IMG_0009 before IMG_0010), letters without regard to
 * case. Names that differ only in case or in leading zeros still have one fixed order, so sorting
 * is stable across refreshes. Allocation-free: a 20,000-entry folder is sorted on every click.
 */
public final class NameOrder {

    public static final Comparator<String> NAMES = NameOrder::compare;

    private NameOrder() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        // The first difference that only case or leading zeros make: used when nothing else differs.
        int tie = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int zerosA = i;
                while (i < a.length() && a.charAt(i) == '0') {
                    i++;
                }
                zerosA = i - zerosA;
                int zerosB = j;
                while (j < b.length() && b.charAt(j) == '0') {
                    j++;
                }
                zerosB = j - zerosB;
                int endA = i;
                while (endA < a.length() && isDigit(a.charAt(endA))) {
                    endA++;
                }
                int endB = j;
                while (endB < b.length() && isDigit(b.charAt(endB))) {
                    endB++;
                }
                // Without leading zeros, more digits is a larger number: no parsing, no overflow.
                if (endA - i != endB - j) {
                    return (endA - i) - (endB - j);
                }
                for (; i < endA; i++, j++) {
                    if (a.charAt(i) != b.charAt(j)) {
                        return a.charAt(i) - b.charAt(j);
                    }
                }
                if (tie == 0) {
                    tie = zerosA - zerosB;
                }
                continue;
            }
            if (ca != cb) {
                char lowerA = Character.toLowerCase(Character.toUpperCase(ca));
                char lowerB = Character.toLowerCase(Character.toUpperCase(cb));
                if (lowerA != lowerB) {
                    return lowerA - lowerB;
                }
                if (tie == 0) {
                    tie = ca - cb;
                }
            }
            i++;
            j++;
        }
        int rest = (a.length() - i) - (b.length() - j);
        return rest != 0 ? rest : tie;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
