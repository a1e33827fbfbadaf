package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Contractive;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * A contractive autoencoder, 784 → 500 (Rifai et al. 2011): the squared Frobenius norm of the
 * encoder's Jacobian joins the loss, so the code changes little when the input moves off the data.
 */
@Autoencoder(input = 784)
@Contractive(lambda = 0.1)
@FineTune(epochs = 10, batch = 128)
public interface ContractiveAe {
    @Encoder(units = 500)
    Layer code();
}
