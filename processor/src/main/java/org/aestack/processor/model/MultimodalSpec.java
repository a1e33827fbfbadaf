package org.aestack.processor.model;

import java.util.List;
import java.util.Objects;

/**
 * A {@code @Multimodal} machine: one pathway per modality and a joint layer over the tops of all of
 * them. The core's layers are every pathway's layers, pathway by pathway, then the joint layer; its
 * sources are the modalities; its input is their values side by side, as the trainer takes them.
 *
 * @param modalities the pathways in declaration order, at least two
 * @param boltzmann the halving trick and joint training, as for a {@link BoltzmannMachineSpec}
 */
public record MultimodalSpec(ModelCore core, List<ModalitySpec> modalities, BoltzmannSettings boltzmann)
        implements ModelSpec {
    public MultimodalSpec {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(boltzmann, "boltzmann");
        modalities = List.copyOf(modalities);
        if (modalities.size() < 2) {
            throw new IllegalArgumentException("a multimodal machine joins two or more pathways");
        }
        int layers = 0;
        int input = 0;
        for (ModalitySpec m : modalities) {
            if (!core.sources().containsKey(m.name()) || core.sources().get(m.name()).size() != m.input()) {
                throw new IllegalArgumentException(m.name() + " is not a source of the graph with its input");
            }
            layers += m.layers().size();
            input += m.input();
        }
        LayerSpec joint = core.code();
        if (core.layers().size() != layers + 1 || !joint.isRbm()
                || !joint.inputs().equals(modalities.stream().map(m -> m.top().name()).toList())) {
            throw new IllegalArgumentException("the joint layer, last, reads the top layer of every pathway");
        }
        if (core.input().size() != input) {
            throw new IllegalArgumentException("the model input is every modality's values side by side");
        }
    }

    /** The joint layer. */
    public LayerSpec joint() {
        return core.code();
    }

    @Override
    public String kindName() {
        return "multimodal";
    }

    @Override
    public <R> R accept(Kinds<R> kinds) {
        return kinds.multimodal(this);
    }
}
