package org.aestack.processor.model;

/**
 * What a deep Boltzmann machine declares beside its layers: the pretraining trick from
 * {@code @Pretrain(halving)} and joint training from {@code @JointTraining} (or its defaults).
 *
 * @param halving whether pretraining doubles and halves weights so the composed DBM counts no input twice
 * @param joint the optimizer settings of joint training
 * @param chains the persistent Gibbs chains of the model statistics
 * @param sweeps the Gibbs sweeps each chain takes per update
 * @param meanFieldIterations the most mean-field sweeps per batch
 * @param tolerance mean-field stops when no posterior moves by more than this
 * @param sparsityTarget the target mean activation of hidden units; 0 for none
 * @param sparsityCost how hard the target pushes
 * @param sparsityDamping the damping of the running mean activation
 * @param maxNorm the largest L2 norm of a unit's incoming weights; 0 for no limit
 */
public record BoltzmannSettings(boolean halving, TrainingSpec joint, int chains, int sweeps, int meanFieldIterations,
        double tolerance, double sparsityTarget, double sparsityCost, double sparsityDamping, double maxNorm) {}
