package org.aestack.runtime.train;

/**
 * Applies one optimizer step to one parameter tensor. Holds that tensor's optimizer state
 * (velocity, Adam moments), sized once; {@link #update} does not allocate.
 */
public interface Updater {
    /** Moves {@code param} against {@code grad}, both of the size this updater was made for. */
    void update(float[] param, float[] grad);

    /** Clears the optimizer state, as at the start of a new phase. */
    void reset();
}
