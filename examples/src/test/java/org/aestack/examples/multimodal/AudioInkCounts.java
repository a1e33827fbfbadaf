package org.aestack.examples.multimodal;

import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Modality;
import org.aestack.dsl.Multimodal;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.dsl.UnitType;

/**
 * Spoken digits beside handwritten ones read as word counts: the UCI digits' 64 values are counts
 * of ink in 4×4 blocks (0 to 16), so an image is a document over 64 "words", scaled to 32 of them,
 * modelled by replicated softmax units.
 */
@Multimodal
@Pretrain(epochs = 30, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5, weightDecay = 2e-4)
@JointTraining(epochs = 30, batch = 100, learningRate = 0.001, momentum = 0.5, chains = 100)
public interface AudioInkCounts {
    @Modality(input = 624)
    interface Audio {
        @RBMLayer(units = 256, visible = UnitType.GAUSSIAN, learningRate = 0.001)
        Layer low();

        @RBMLayer(units = 256)
        Layer high();
    }

    @Modality(input = 64, length = 32)
    interface Ink {
        @RBMLayer(units = 128, visible = UnitType.REPLICATED_SOFTMAX, learningRate = 0.02)
        Layer low();

        @RBMLayer(units = 128)
        Layer high();
    }

    @RBMLayer(units = 256)
    Layer joint();
}
