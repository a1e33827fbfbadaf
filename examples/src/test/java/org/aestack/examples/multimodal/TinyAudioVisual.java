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
 * A multimodal machine small enough to compute exactly: one hidden layer of 6 over each modality's
 * standardized features and a joint layer of 16, so the two first hidden layers (12 units, the class
 * without visible units) are enumerated and everything else summed or integrated out.
 */
@Multimodal
@Pretrain(epochs = 10, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5)
@JointTraining(epochs = 10, learningRate = 0.001, chains = 100)
public interface TinyAudioVisual {
    @Modality(input = 624)
    interface Audio {
        @RBMLayer(units = 6, visible = UnitType.GAUSSIAN, learningRate = 0.005)
        Layer features();
    }

    @Modality(input = 64)
    interface Image {
        @RBMLayer(units = 6, visible = UnitType.GAUSSIAN, learningRate = 0.005)
        Layer features();
    }

    @RBMLayer(units = 16)
    Layer joint();
}
