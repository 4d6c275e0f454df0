package dev.ferry.ftp.listing;

/** Conversions between octal modes ({@code 0755}) and symbolic ones ({@code rwxr-xr-x}). */
public final class UnixModes {

    private UnixModes() {
    }

    /** {@code "0644"} → {@code "rw-r--r--"}; text that is not octal is returned as it is. */
    public static String toSymbolic(String octal) {
        int mode;
        try {
            mode = Integer.parseInt(octal.trim(), 8);
        } catch (NumberFormatException e) {
            return octal;
        }
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        applySpecial(text, mode & 04000, 2, 's', 'S');
        applySpecial(text, mode & 02000, 5, 's', 'S');
        applySpecial(text, mode & 01000, 8, 't', 'T');
        return text.toString();
    }

    private static void applySpecial(StringBuilder text, int set, int index, char withExecute, char without) {
        if (set != 0) {
            text.setCharAt(index, text.charAt(index) == 'x' ? withExecute : without);
        }
    }

    /** {@code "rwxr-xr-x"} (optionally with a leading type letter) → 0755; -1 when not symbolic. */
    public static int toOctal(String symbolic) {
        String s = symbolic.length() == 10 ? symbolic.substring(1) : symbolic;
        if (s.length() != 9) {
            return -1;
        }
        int mode = 0;
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            char c = s.charAt(i);
            boolean isExecuteSlot = i % 3 == 2;
            if (c == letters.charAt(i) || (isExecuteSlot && (c == 's' || c == 't'))) {
                mode |= 1 << (8 - i);
            } else if (c != '-' && !(isExecuteSlot && (c == 'S' || c == 'T'))) {
                return -1;
            }
            if (isExecuteSlot && (c == 's' || c == 'S')) {
                mode |= i == 2 ? 04000 : 02000;
            }
            if (i == 8 && (c == 't' || c == 'T')) {
                mode |= 01000;
            }
        }
        return mode;
    }
}
