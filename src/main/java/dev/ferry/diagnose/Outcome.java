package dev.ferry.diagnose;

/** How one step of a diagnosis ended. */
public enum Outcome {
    /** It works. */
    OK,
    /** It works, with something the user or the server's administrator should know. */
    WARNING,
    /** It does not work. */
    FAILED,
    /** Not tried: an earlier step failed, the step does not apply, or the deadline came first. */
    SKIPPED,
    /** An alternative the server does not offer (implicit TLS on 990, EPSV): not a fault by itself. */
    NOT_OFFERED;

    /** True for the outcomes that count as working. */
    public boolean works() {
        return this == OK || this == WARNING;
    }
}
