package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a multimodal deep Boltzmann machine (Srivastava and Salakhutdinov 2012): one pathway per
 * modality, each a stack of RBM layers over its own data, and a joint layer coupled to the top layer
 * of every pathway, so that what one modality says reaches the others through it.
 *
 * <p>Each pathway is a nested interface annotated {@link Modality}, whose {@link RBMLayer} methods
 * are its hidden layers from its visible units up; its first layer's {@link RBMLayer#visible()} says
 * what the modality's data is (Bernoulli for values in [0, 1], Gaussian for standardized real
 * values). The type itself declares the joint layer: one {@link RBMLayer} method. For example:
 *
 * <pre>{@code
 * @Multimodal
 * public interface AudioVisual {
 *     @Modality(input = 64)
 *     interface Image {
 *         @RBMLayer(units = 128, visible = UnitType.GAUSSIAN, learningRate = 0.001) Layer low();
 *         @RBMLayer(units = 128) Layer high();
 *     }
 *
 *     @Modality(input = 624)
 *     interface Audio {
 *         @RBMLayer(units = 256, visible = UnitType.GAUSSIAN, learningRate = 0.001) Layer low();
 *         @RBMLayer(units = 256) Layer high();
 *     }
 *
 *     @RBMLayer(units = 256) Layer joint();
 * }
 * }</pre>
 *
 * <p>Training has two phases, as for a {@link BoltzmannMachine}. {@link Pretrain}: each pathway's
 * RBMs greedily, the bottom one counting its data twice going up and the ones between counted once
 * and halved when composed (every pathway layer hears a layer above it in the machine), then the
 * joint layer as an RBM over the tops of all pathways, counting them twice going down.
 * {@link JointTraining}: mean-field with every modality clamped for the data statistics and
 * persistent Gibbs chains for the model's.
 *
 * <p>Generates {@code <Name>Model}: the joint representation from any subset of the modalities
 * ({@code represent}), a missing modality generated from the present ones by mean-field or by Gibbs
 * chains with the present ones clamped, exact log Z and conditionals on small machines, save and
 * load; and {@code <Name>Trainer}, which trains on rows of every modality's values side by side.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Multimodal {}
