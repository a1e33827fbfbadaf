package org.aestack.runtime.train;

/**
 * One training step of a generated trainer: the batch's rows are already in the trainer's input
 * buffer; the step computes the loss, its gradients and the parameter update.
 */
@FunctionalInterface
public interface BatchStep {
    /**
     * @param rows the rows of this batch (the last batch of an epoch may be short)
     * @return the batch's loss summed over its rows
     */
    double run(int rows);
}
