package org.aestack.runtime.train;

import org.aestack.runtime.kernel.Epilogue;

/**
 * Applies one optimizer step to one parameter tensor. Holds that tensor's optimizer state
 * (velocity, Adam moments), sized once; {@link #update} does not allocate.
 */
public interface Updater {
    /** Moves {@code param} against {@code grad}, both of the size this updater was made for. */
    void update(float[] param, float[] grad);

    /**
     * Starts a step that comes in runs ({@link #update(float[], float[], int, int)}), as a product
     * finishes the gradient: Adam counts the step here. The runs of one step must cover the tensor
     * once; together they give the same bits as {@link #update(float[], float[])}.
     */
    void beginStep();

    /**
     * Moves {@code param[from, to)} against {@code grad[from, to)}, on the calling thread, for the
     * step {@link #beginStep} started. Runs of one step may come from several threads at once.
     */
    default void update(float[] param, float[] grad, int from, int to) {
        update(param, grad, from, from, to);
    }

    /**
     * {@link #update(float[], float[], int, int)} against {@code grad[gradOffset, gradOffset + to - from)}:
     * the gradient of this run alone, as a product holds it before (or instead of) storing it.
     */
    void update(float[] param, float[] grad, int gradOffset, int from, int to);

    /**
     * This updater's step on {@code param} as the {@link Epilogue} of the product that finishes
     * {@code grad}: each run the product hands over, stored in {@code grad} or from its own buffer,
     * moves that run of {@code param}. The caller starts each step ({@link #beginStep}).
     */
    default Epilogue inProduct(float[] param, float[] grad) {
        return new Epilogue() {
            @Override
            public void apply(int from, int to) {
                update(param, grad, from, to);
            }

            @Override
            public boolean takesBuffer() {
                return true;
            }

            @Override
            public void apply(float[] values, int offset, int from, int to) {
                update(param, values, offset, from, to);
            }
        };
    }

    /** Sets the learning rate of the next updates, as a schedule moves it (each epoch). */
    void learningRate(double rate);

    /** Clears the optimizer state, as at the start of a new phase. */
    void reset();

    /** The state arrays (none for SGD, the velocity for momentum, Adam's two moments), live. */
    default float[][] state() {
        return new float[0][];
    }

    /** Steps taken, for optimizers whose update depends on it (Adam's bias correction); else 0. */
    default long steps() {
        return 0;
    }

    /** Sets the steps taken, when restoring a checkpoint. */
    default void steps(long steps) {}
}
