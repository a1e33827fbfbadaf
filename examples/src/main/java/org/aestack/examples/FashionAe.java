package org.aestack.examples;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;

/**
 * The deep autoencoder of Hinton and Salakhutdinov (2006) on Fashion-MNIST: 784 → 1000 → 500 → 250
 * → 30 with sigmoid hidden layers and a linear 30-unit code, a mirrored decoder, and cross-entropy
 * against the pixels. Each layer is first pretrained greedily as a shallow autoencoder, then the
 * whole stack is fine-tuned, both with Adam. (Plain SGD at 0.05 pretrains the sigmoid layers well
 * but makes the linear code layer's pretraining diverge: its outputs are unbounded.)
 *
 * <p>javac generates {@code FashionAeModel} and {@code FashionAeTrainer} from this declaration.
 */
@Autoencoder(input = 784, loss = Loss.CROSS_ENTROPY)
@Pretrain(epochs = 2, batch = 100, optimizer = Optimizer.ADAM, learningRate = 1e-3)
@FineTune(epochs = 10, batch = 128, optimizer = Optimizer.ADAM, learningRate = 1e-3)
public interface FashionAe {
    @Encoder(units = 1000)
    Layer hidden1();

    @Encoder(units = 500)
    Layer hidden2();

    @Encoder(units = 250)
    Layer hidden3();

    @Encoder(units = 30, activation = Activation.LINEAR)
    Layer code();
}
