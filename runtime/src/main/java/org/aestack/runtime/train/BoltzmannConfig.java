package org.aestack.runtime.train;

import java.util.Objects;
import org.aestack.runtime.engine.BiasMerge;

/**
 * What a deep Boltzmann machine's training needs beside the optimizer settings of a
 * {@link TrainingConfig}: how pretraining composes the RBMs and how joint training gathers its
 * statistics. Immutable; generated trainers start from the declaration's {@code @Pretrain} and
 * {@code @JointTraining} and let the caller override any value through {@link #toBuilder()}.
 */
public final class BoltzmannConfig {
    private final boolean halving;
    private final BiasMerge biasMerge;
    private final int chains;
    private final int sweeps;
    private final int meanFieldIterations;
    private final double tolerance;
    private final double sparsityTarget;
    private final double sparsityCost;
    private final double sparsityDamping;
    private final double maxNorm;

    private BoltzmannConfig(Builder b) {
        this.halving = b.halving;
        this.biasMerge = b.biasMerge;
        this.chains = b.chains;
        this.sweeps = b.sweeps;
        this.meanFieldIterations = b.meanFieldIterations;
        this.tolerance = b.tolerance;
        this.sparsityTarget = b.sparsityTarget;
        this.sparsityCost = b.sparsityCost;
        this.sparsityDamping = b.sparsityDamping;
        this.maxNorm = b.maxNorm;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().halving(halving).biasMerge(biasMerge).chains(chains).sweeps(sweeps)
                .meanFieldIterations(meanFieldIterations).tolerance(tolerance).sparsityTarget(sparsityTarget)
                .sparsityCost(sparsityCost).sparsityDamping(sparsityDamping).maxNorm(maxNorm);
    }

    /** Whether pretraining uses the weight-halving trick (else the RBMs are stacked as they stand). */
    public boolean halving() { return halving; }
    /** How a bias that two RBMs trained is composed. */
    public BiasMerge biasMerge() { return biasMerge; }
    /** The persistent chains of joint training. */
    public int chains() { return chains; }
    /** The Gibbs sweeps each chain takes per update. */
    public int sweeps() { return sweeps; }
    /** The most mean-field sweeps per mini-batch. */
    public int meanFieldIterations() { return meanFieldIterations; }
    /** Mean-field stops when no posterior moves by more than this. */
    public double tolerance() { return tolerance; }
    /** The target mean activation of the hidden units; 0 for none. */
    public double sparsityTarget() { return sparsityTarget; }
    public double sparsityCost() { return sparsityCost; }
    public double sparsityDamping() { return sparsityDamping; }
    /** The largest L2 norm of a unit's incoming weights; 0 for no limit. */
    public double maxNorm() { return maxNorm; }

    @Override
    public String toString() {
        return "halving=" + halving + ", biasMerge=" + biasMerge + ", chains=" + chains + ", sweeps=" + sweeps
                + ", meanFieldIterations=" + meanFieldIterations + ", tolerance=" + tolerance
                + (sparsityTarget > 0 ? ", sparsityTarget=" + sparsityTarget + ", sparsityCost=" + sparsityCost
                        + ", sparsityDamping=" + sparsityDamping : "")
                + (maxNorm > 0 ? ", maxNorm=" + maxNorm : "");
    }

    /** Builds a {@link BoltzmannConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private boolean halving = true;
        private BiasMerge biasMerge = BiasMerge.SUM;
        private int chains = 100;
        private int sweeps = 5;
        private int meanFieldIterations = 10;
        private double tolerance = 1e-4;
        private double sparsityTarget;
        private double sparsityCost = 0.1;
        private double sparsityDamping = 0.9;
        private double maxNorm;

        private Builder() {}

        public Builder halving(boolean halving) { this.halving = halving; return this; }
        public Builder biasMerge(BiasMerge biasMerge) { this.biasMerge = Objects.requireNonNull(biasMerge, "biasMerge"); return this; }
        public Builder chains(int chains) { this.chains = chains; return this; }
        public Builder sweeps(int sweeps) { this.sweeps = sweeps; return this; }
        public Builder meanFieldIterations(int iterations) { this.meanFieldIterations = iterations; return this; }
        public Builder tolerance(double tolerance) { this.tolerance = tolerance; return this; }
        public Builder sparsityTarget(double target) { this.sparsityTarget = target; return this; }
        public Builder sparsityCost(double cost) { this.sparsityCost = cost; return this; }
        public Builder sparsityDamping(double damping) { this.sparsityDamping = damping; return this; }
        public Builder maxNorm(double maxNorm) { this.maxNorm = maxNorm; return this; }

        /** @throws IllegalArgumentException naming the first value out of range */
        public BoltzmannConfig build() {
            if (chains < 1 || sweeps < 1 || meanFieldIterations < 1) {
                throw new IllegalArgumentException("chains, sweeps and mean-field iterations must be at least 1, not "
                        + chains + ", " + sweeps + ", " + meanFieldIterations);
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("the mean-field tolerance must be zero or more and finite, not " + tolerance);
            }
            if (!(sparsityTarget >= 0 && sparsityTarget < 1)) {
                throw new IllegalArgumentException("the sparsity target must lie in [0, 1) (0 for none), not " + sparsityTarget);
            }
            if (!(sparsityCost >= 0) || Double.isInfinite(sparsityCost)) {
                throw new IllegalArgumentException("the sparsity cost must be zero or more and finite, not " + sparsityCost);
            }
            if (!(sparsityDamping >= 0 && sparsityDamping < 1)) {
                throw new IllegalArgumentException("the sparsity damping must lie in [0, 1), not " + sparsityDamping);
            }
            if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("max-norm must be zero (none) or positive and finite, not " + maxNorm);
            }
            return new BoltzmannConfig(this);
        }
    }
}
