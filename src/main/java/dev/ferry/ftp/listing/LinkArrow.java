package dev.ferry.ftp.listing;

/**
 * "name -> target", as ls writes a symbolic link and as other listings borrow it. A side with
 * nothing on it is missing, not text: a hostile or broken server must not turn "-> x" into a name.
 */
record LinkArrow(String name, String target) {

    private static final String ARROW = " -> ";

    static LinkArrow split(String nameAndTarget) {
        int arrow = nameAndTarget.indexOf(ARROW);
        if (arrow < 0 && nameAndTarget.startsWith("-> ")) {
            // ls writes a link called "-> x" as "-> x -> target", so one arrow in front means no name.
            return new LinkArrow("", targetOrNone(nameAndTarget.substring(3)));
        }
        if (arrow == 0 || nameAndTarget.equals("->")) {
            // The arrow right after the name's separator, or alone: the name is empty.
            return new LinkArrow("", arrow == 0 ? targetOrNone(nameAndTarget.substring(ARROW.length())) : null);
        }
        if (arrow <= 0) {
            return nameAndTarget.endsWith(" ->")
                    ? new LinkArrow(nameAndTarget.substring(0, nameAndTarget.length() - 3), null)
                    : new LinkArrow(nameAndTarget, null);
        }
        return new LinkArrow(nameAndTarget.substring(0, arrow), targetOrNone(nameAndTarget.substring(arrow + ARROW.length())));
    }

    private static String targetOrNone(String target) {
        return target.isBlank() ? null : target;
    }
}
