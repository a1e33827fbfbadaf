package org.aestack.processor.model;

/**
 * The shape of what a layer outputs, or of a model input: a vector of units, or an image of
 * channels × height × width (the shape convolutional layers work in).
 */
public sealed interface Shape permits Shape.Units, Shape.Image {
    /** The number of values. */
    int size();

    /** The shape in a declaration's canonical form: {@code dense 500}, {@code image 3x32x32}. */
    String canonical();

    /** A vector of {@code units} values. */
    record Units(int units) implements Shape {
        public Units {
            if (units <= 0) {
                throw new IllegalArgumentException("a layer has at least one unit, not " + units);
            }
        }

        @Override
        public int size() {
            return units;
        }

        @Override
        public String canonical() {
            return "dense " + units;
        }
    }

    /** An image of {@code channels} planes of {@code height × width} values, stored channel by channel, row by row. */
    record Image(int channels, int height, int width) implements Shape {
        public Image {
            if (channels <= 0 || height <= 0 || width <= 0) {
                throw new IllegalArgumentException("an image is at least 1x1x1, not " + channels + "x" + height + "x" + width);
            }
        }

        @Override
        public int size() {
            return Math.multiplyExact(channels, Math.multiplyExact(height, width));
        }

        @Override
        public String canonical() {
            return "image " + channels + "x" + height + "x" + width;
        }
    }
}
