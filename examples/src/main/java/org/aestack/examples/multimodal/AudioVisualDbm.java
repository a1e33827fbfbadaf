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
 * A multimodal deep Boltzmann machine of spoken and handwritten digits, after Srivastava and
 * Salakhutdinov (2012): a pathway of Gaussian units over a recording's standardized MFCCs
 * (48 frames × 13 coefficients), one over an 8×8 image's standardized pixels, each two hidden
 * layers deep, joined by one layer of 256 units. Gaussian RBMs learn at a rate about fifty times
 * smaller than Bernoulli ones.
 */
@Multimodal
@Pretrain(epochs = 30, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5, weightDecay = 2e-4)
@JointTraining(epochs = 30, batch = 100, learningRate = 0.001, momentum = 0.5, weightDecay = 2e-4, learningRateDecay = 0.1,
        chains = 100, sweeps = 5, meanFieldIterations = 10)
public interface AudioVisualDbm {
    @Modality(input = 624)
    interface Audio {
        @RBMLayer(units = 256, visible = UnitType.GAUSSIAN, learningRate = 0.001)
        Layer low();

        @RBMLayer(units = 256)
        Layer high();
    }

    @Modality(input = 64)
    interface Image {
        @RBMLayer(units = 128, visible = UnitType.GAUSSIAN, learningRate = 0.001)
        Layer low();

        @RBMLayer(units = 128)
        Layer high();
    }

    @RBMLayer(units = 256)
    Layer joint();
}
