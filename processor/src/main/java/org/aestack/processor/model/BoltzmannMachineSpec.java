package org.aestack.processor.model;

import java.util.Objects;

/**
 * A {@code @BoltzmannMachine}: a chain of Bernoulli layers coupled both ways, pretrained as RBMs
 * (with the halving trick) and then trained jointly.
 *
 * @param boltzmann the halving trick and joint training
 * @param supervised the classifier the DBM starts (Salakhutdinov and Hinton 2009, section 4), or null
 */
public record BoltzmannMachineSpec(ModelCore core, BoltzmannSettings boltzmann, SupervisedSpec supervised)
        implements ModelSpec {
    public BoltzmannMachineSpec {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(boltzmann, "boltzmann");
        if (!core.isChain() || core.layers().size() < 2 || !core.layers().stream().allMatch(LayerSpec::isRbm)) {
            throw new IllegalArgumentException("a deep Boltzmann machine is a chain of two or more RBM layers");
        }
    }

    @Override
    public String kindName() {
        return "boltzmann_machine";
    }

    @Override
    public <R> R accept(Kinds<R> kinds) {
        return kinds.boltzmannMachine(this);
    }
}
