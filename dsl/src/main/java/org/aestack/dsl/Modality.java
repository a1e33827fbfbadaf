package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One modality's pathway in a {@link Multimodal} machine: a nested interface of the machine whose
 * {@link RBMLayer} methods are the pathway's hidden layers, from the visible units up. The modality
 * is named after the interface ({@code Image} → {@code image}); the generated model reads and
 * writes its data in declaration order, and names its tensors {@code image.hidden.0.weight}, ….
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Modality {
    /** The number of visible units: the values of one sample of this modality; must be positive. No default. */
    int input();
}
