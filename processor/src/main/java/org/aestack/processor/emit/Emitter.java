package org.aestack.processor.emit;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import org.aestack.processor.model.AutoencoderSpec;
import org.aestack.processor.model.BeliefNetSpec;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.MultimodalSpec;
import org.aestack.processor.model.Unrolled;

/**
 * Writes the generated sources for one validated model: a pure function of the {@link ModelSpec},
 * which never looks at elements.
 */
public final class Emitter {
    private Emitter() {}

    /** The {@code <Name>Model} and {@code <Name>Trainer} sources for {@code spec}. */
    public static List<JavaFile> emit(ModelSpec spec) {
        return spec.accept(new ModelSpec.Kinds<List<JavaFile>>() {
            @Override
            public List<JavaFile> autoencoder(AutoencoderSpec a) {
                return unrolled(a);
            }

            @Override
            public List<JavaFile> beliefNet(BeliefNetSpec b) {
                return unrolled(b);
            }

            @Override
            public List<JavaFile> boltzmannMachine(BoltzmannMachineSpec m) {
                Plan plan = Plan.boltzmannMachine(m, new Names(m));
                return List.of(new BoltzmannModelWriter(m, plan).write(), new BoltzmannTrainerWriter(m, plan).write());
            }

            @Override
            public List<JavaFile> convAutoencoder(ConvAutoencoderSpec c) {
                ConvSteps steps = new ConvSteps(c);
                Plan plan = Plan.convAutoencoder(c, steps);
                return List.of(new ConvModelWriter(c, plan, steps).write(), new ConvTrainerWriter(c, plan, steps).write());
            }

            @Override
            public List<JavaFile> multimodal(MultimodalSpec m) {
                Plan plan = Plan.multimodal(m);
                return List.of(new MultimodalModelWriter(m, plan).write(), new MultimodalTrainerWriter(m, plan).write());
            }
        });
    }

    /** Autoencoders and belief nets: encoders with mirrored decoders, a belief net's tied and its layers RBMs. */
    private static List<JavaFile> unrolled(Unrolled spec) {
        Plan plan = Plan.autoencoder(spec, new Names(spec));
        return List.of(new ModelWriter(spec, plan).write(), new TrainerWriter(spec, plan).write());
    }
}
