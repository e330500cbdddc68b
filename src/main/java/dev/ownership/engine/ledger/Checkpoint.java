package dev.ownership.engine.ledger;

import dev.ownership.engine.model.WalkOrder;

import java.util.Optional;

/**
 * Where one slice of a backfill stands; keys are text so any key type (and ctid page numbers) fit.
 *
 * @param slice    its number within the target, from 0
 * @param relation the relation it walks, as SQL text
 * @param lastKey  the end of its last committed batch, or its start before the first
 * @param completed the whole target's backfill (every slice and the sweep) is done
 * @param walk     the order the positions are in, fixed when the backfill started
 */
public record Checkpoint(int slice, String relation, Optional<String> upperKey, Optional<String> lastKey,
                         long rowsDone, long rowsTotal, long batches, boolean completed, WalkOrder walk) {
}
