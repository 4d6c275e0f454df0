package dev.ferry.transfer;

/**
 * One range of a download split into segments: bytes {@code start} (inclusive) to {@code end}
 * (exclusive) of the file, of which the first {@code done} are in the part file. As saved in the
 * queue file, {@code done} counts only bytes that were on disk (forced) before it was written, so
 * a restart continues each segment at {@code start + done} and never fetches those bytes again.
 */
public record Segment(long start, long end, long done) {

    /** Whether it makes sense as one range of a file of {@code size} bytes (a queue file is not trusted blindly). */
    public boolean fits(long size) {
        return start >= 0 && end > start && end <= size && done >= 0 && done <= end - start;
    }

    public long length() {
        return end - start;
    }

    public boolean complete() {
        return done == end - start;
    }
}
