package org.aestack.examples;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.dsl.UnitType;

/**
 * The deep autoencoder of Hinton and Salakhutdinov (2006) as they trained it: 784 → 1000 → 500 →
 * 250 → 2, each layer pretrained as an RBM on the hidden probabilities of the one below (CD-1,
 * momentum 0.9, weight decay 2e-4), the 2-unit code layer with linear Gaussian hidden units and a
 * hundred times smaller rate; then unrolled into encoder and decoder and fine-tuned by
 * pretrained encoder into a classifier for the few-labels experiment.
 */
@Autoencoder(input = 784, loss = Loss.CROSS_ENTROPY)
@Pretrain(epochs = 5, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.1, momentum = 0.9, weightDecay = 2e-4)
@FineTune(epochs = 10, batch = 128, optimizer = Optimizer.ADAM, learningRate = 1e-3)
public interface FashionRbmAe2 {
    @RBMLayer
    @Encoder(units = 1000)
    Layer hidden1();

    @RBMLayer
    @Encoder(units = 500)
    Layer hidden2();

    @RBMLayer
    @Encoder(units = 250)
    Layer hidden3();

    @RBMLayer(hidden = UnitType.GAUSSIAN, learningRate = 0.001)
    @Encoder(units = 2, activation = Activation.LINEAR)
    Layer code();
}
