/**
 * One annotated model per system of the lecture, each trained by the code javac generates from it,
 * and the {@code aestack} command line ({@link org.aestack.examples.cli.Main}) that runs them.
 */
package org.aestack.examples;
