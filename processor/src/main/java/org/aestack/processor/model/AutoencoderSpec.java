package org.aestack.processor.model;

import java.util.Objects;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;

/**
 * An {@code @Autoencoder}: a chain of encoder layers, each mirrored by a decoder layer.
 *
 * @param loss the reconstruction loss
 * @param tied whether decoder layers use the transposed encoder weights
 * @param output the activation of the reconstruction
 * @param fineTune the fine-tuning settings (annotation values or defaults)
 * @param supervised the classifier head, or null
 */
public record AutoencoderSpec(ModelCore core, Loss loss, boolean tied, Activation output, TrainingSpec fineTune,
        SupervisedSpec supervised) implements Unrolled {
    public AutoencoderSpec {
        Objects.requireNonNull(core, "core");
        if (!core.isChain()) {
            throw new IllegalArgumentException("an autoencoder's layers form a chain");
        }
    }

    @Override
    public String kindName() {
        return "autoencoder";
    }

    @Override
    public <R> R accept(Kinds<R> kinds) {
        return kinds.autoencoder(this);
    }

    @Override
    public boolean beliefNet() {
        return false;
    }
}
