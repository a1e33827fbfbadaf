package org.aestack.processor.model;

import java.util.Objects;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.dsl.UnitType;

/**
 * A {@code @BeliefNet}: a chain of RBMs trained greedily, generated as a tied autoencoder whose
 * decoder is the top-down pass; Bernoulli data is reconstructed by a sigmoid with cross-entropy,
 * Gaussian data linearly with squared error.
 *
 * @param fineTune the settings of the optional fine-tuning of the unrolled net (the defaults)
 * @param supervised a classifier head on the top layer, or null
 */
public record BeliefNetSpec(ModelCore core, TrainingSpec fineTune, SupervisedSpec supervised) implements Unrolled {
    public BeliefNetSpec {
        Objects.requireNonNull(core, "core");
        if (!core.isChain() || !core.layers().stream().allMatch(LayerSpec::isRbm)) {
            throw new IllegalArgumentException("a belief net is a chain of RBMs");
        }
    }

    private boolean gaussian() {
        return core.layers().get(0).rbm().visible() == UnitType.GAUSSIAN;
    }

    @Override
    public Loss loss() {
        return gaussian() ? Loss.SQUARED_ERROR : Loss.CROSS_ENTROPY;
    }

    @Override
    public Activation output() {
        return gaussian() ? Activation.LINEAR : Activation.SIGMOID;
    }

    @Override
    public boolean tied() {
        return true;
    }

    @Override
    public boolean beliefNet() {
        return true;
    }

    @Override
    public String kindName() {
        return "belief_net";
    }

    @Override
    public <R> R accept(Kinds<R> kinds) {
        return kinds.beliefNet(this);
    }
}
