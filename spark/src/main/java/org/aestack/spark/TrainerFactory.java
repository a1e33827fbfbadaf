package org.aestack.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.aestack.runtime.train.Trainer;

/**
 * Makes the generated trainer of a model, writing a checkpoint to {@code checkpoint} after every
 * epoch: e.g. {@code (model, file) -> FashionAeTrainer.builder(model).seed(42).checkpoint(file, 1).build()}.
 * The same settings on every executor and the driver; serializable, since Spark ships it.
 */
@FunctionalInterface
public interface TrainerFactory<M> extends Serializable {
    Trainer<?> create(M model, Path checkpoint);
}
