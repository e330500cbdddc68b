package dev.ownership.engine.backfill;

import java.util.Optional;

/**
 * The order a page walk takes its batches in: a window of heap pages at a time, filled in {@link #PASSES} batches,
 * batch j taking the rows whose tid hashes to j modulo {@value #PASSES}, about as many of each page. A pass's old
 * row versions are pruned when the next pass reads the page, so the next pass's new versions fit on the same page
 * (HOT updates, no new index entries), and each page is rewritten within seconds, so a checkpoint costs it at most
 * one full-page image in the WAL. Filling a window in one batch leaves no room on its pages, and key order
 * rewrites every page once per row it holds (bench/README.md, "Full-page images, not the batches").
 *
 * <p>Positions are text for the ledger: {@code "p"} when every page before p is walked, {@code "a:b:n"} when
 * those before a are and the first n passes of the window [a, b) too. The last pass of a window ends at
 * {@code "b"}, so a finished slice ends at its upper page, as a slice of whole pages always did, and a checkpoint
 * written before windows existed resumes as the start of a window.
 */
final class PageWindows {
    /** A power of two: a pass is the tid hash's low bits. */
    static final int PASSES = 8;

    private PageWindows() {
    }

    /** The rows one batch fills: pass {@code pass} of the pages [from, to). */
    record Batch(long from, long to, int pass) {
    }

    private record Position(long from, long to, int passesDone) {
        static Position parse(Optional<String> text) {
            String[] parts = text.orElse("0").split(":");
            if (parts.length == 1) {
                long page = Long.parseLong(parts[0]);
                return new Position(page, page, 0);
            }
            return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        }

        boolean inWindow() {
            return passesDone > 0;
        }
    }

    /** Whether {@code position} lies inside a window, so the next batch is one of its later passes. */
    static boolean inWindow(Optional<String> position) {
        return Position.parse(position).inWindow();
    }

    /**
     * The position after the next batch from {@code lower}, in a slice that ends before page {@code end}; a new
     * window spans {@code windowPages} pages. Empty when the slice is walked.
     */
    static Optional<String> next(Optional<String> lower, long end, long windowPages) {
        Position at = Position.parse(lower);
        if (at.inWindow()) {
            return Optional.of(at.passesDone() + 1 == PASSES ? Long.toString(at.to())
                    : at.from() + ":" + at.to() + ":" + (at.passesDone() + 1));
        }
        if (at.from() >= end) {
            return Optional.empty();
        }
        long to = Math.min(end, at.from() + Math.max(1, windowPages));
        return Optional.of(at.from() + ":" + to + ":1");
    }

    /** The batch that walks from {@code lower} to {@code upper}, two positions {@link #next} made in turn. */
    static Batch between(Optional<String> lower, String upper) {
        Position to = Position.parse(Optional.of(upper));
        if (to.inWindow()) {
            return new Batch(to.from(), to.to(), to.passesDone() - 1);
        }
        Position from = Position.parse(lower);
        if (from.passesDone() != PASSES - 1 || from.to() != to.to()) {
            throw new IllegalArgumentException("no batch of a page walk goes from " + lower.orElse("the start")
                    + " to " + upper);
        }
        return new Batch(from.from(), from.to(), PASSES - 1);
    }
}
