package org.aestack.processor.model;

import org.aestack.dsl.Activation;

/**
 * One validated encoder layer.
 *
 * @param name the declaring method's name, also the layer's name
 * @param index the position in the stack, from 0
 * @param inputs the units of the layer below (the model input for index 0)
 * @param units this layer's units
 * @param activation this layer's nonlinearity
 */
public record LayerSpec(String name, int index, int inputs, int units, Activation activation) {
    public LayerSpec {
        if (inputs <= 0 || units <= 0 || index < 0) {
            throw new IllegalArgumentException(name + ": bad shape " + inputs + " -> " + units);
        }
    }
}
