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

    /**
     * For a pathway of {@link UnitType#REPLICATED_SOFTMAX} visible units (word counts), the document
     * length D every row has (the counts of a row sum to it): scale each row's counts to it, as
     * Srivastava's code does (its {@code adaptive_prior}), so one machine and one D serve every row,
     * and a generated document has that length. Required there, positive; 0 (the default) elsewhere.
     */
    int length() default 0;
}
