package org.aestack.runtime.train;

import java.util.Objects;
import org.aestack.dsl.Optimizer;

/**
 * The settings of one training phase (pretraining or fine-tuning). Immutable; generated trainers
 * start from the annotation's values and let the caller override any of them through
 * {@link #toBuilder()}.
 */
public final class TrainingConfig {
    private final int epochs;
    private final int batchSize;
    private final Optimizer optimizer;
    private final double learningRate;
    private final double momentum;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double learningRateDecay;

    private TrainingConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.learningRateDecay = b.learningRateDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer)
                .learningRate(learningRate).momentum(momentum).beta1(beta1).beta2(beta2).epsilon(epsilon)
                .weightDecay(weightDecay).learningRateDecay(learningRateDecay);
    }

    public int epochs() { return epochs; }
    public int batchSize() { return batchSize; }
    public Optimizer optimizer() { return optimizer; }
    public double learningRate() { return learningRate; }
    public double momentum() { return momentum; }
    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return epsilon; }
    /** The L2 coefficient on the weights (not the biases) where the phase applies it (RBM layers); 0 for none. */
    public double weightDecay() { return weightDecay; }
    /** d in the schedule lr / (1 + d·(epoch − 1)); 0 keeps the rate constant. */
    public double learningRateDecay() { return learningRateDecay; }

    /** The scheduled learning rate of {@code epoch} (from 1): {@code learningRate / (1 + decay·(epoch − 1))}. */
    public double learningRate(int epoch) {
        return learningRate / (1 + learningRateDecay * (epoch - 1));
    }

    @Override
    public String toString() {
        return "epochs=" + epochs + ", batch=" + batchSize + ", optimizer=" + optimizer
                + ", learningRate=" + learningRate
                + (optimizer == Optimizer.MOMENTUM ? ", momentum=" + momentum : "")
                + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "")
                + (learningRateDecay != 0 ? ", learningRateDecay=" + learningRateDecay : "");
    }

    /** Builds a {@link TrainingConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 128;
        private Optimizer optimizer = Optimizer.SGD;
        private double learningRate = 0.01;
        private double momentum = 0.9;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay;
        private double learningRateDecay;

        private Builder() {}

        public Builder epochs(int epochs) { this.epochs = epochs; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder optimizer(Optimizer optimizer) { this.optimizer = Objects.requireNonNull(optimizer, "optimizer"); return this; }
        public Builder learningRate(double learningRate) { this.learningRate = learningRate; return this; }
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }
        public Builder beta1(double beta1) { this.beta1 = beta1; return this; }
        public Builder beta2(double beta2) { this.beta2 = beta2; return this; }
        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        public Builder learningRateDecay(double learningRateDecay) { this.learningRateDecay = learningRateDecay; return this; }

        /** @throws IllegalArgumentException naming the first value out of range */
        public TrainingConfig build() {
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be zero or more, not " + epochs);
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, not " + learningRate);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1), not " + momentum);
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must lie in [0, 1), not " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be positive, not " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be zero or more and finite, not " + weightDecay);
            }
            if (!(learningRateDecay >= 0) || Double.isInfinite(learningRateDecay)) {
                throw new IllegalArgumentException("learning-rate decay must be zero or more and finite, not " + learningRateDecay);
            }
            return new TrainingConfig(this);
        }
    }
}
