package org.aestack.spark;

import java.io.Serializable;

/**
 * Makes a new model, the same on every executor: e.g. {@code () -> FashionAeModel.initialize(42)}.
 * Serializable, since Spark ships it to the executors.
 */
@FunctionalInterface
public interface ModelFactory<M> extends Serializable {
    M create();
}
