/**
 * The aestack declaration language: annotations that describe an autoencoder or Boltzmann-machine
 * stack on a Java interface, and the enums they take.
 *
 * <p>A model is an interface (or abstract class) annotated with one model kind, such as
 * {@link org.aestack.dsl.Autoencoder}. Its abstract methods, in declaration order, are the layers,
 * each annotated with a layer kind such as {@link org.aestack.dsl.Encoder} and returning
 * {@link org.aestack.dsl.Layer}. The aestack annotation processor turns each declaration into a
 * {@code <Name>Model} and a {@code <Name>Trainer} at compile time.
 *
 * <p>This module has no dependencies; besides annotations and enums it holds only the
 * {@link org.aestack.dsl.Layer} view that the layer methods return.
 */
package org.aestack.dsl;
