package org.aestack.dsl;

/** How {@link Denoising} corrupts an input. */
public enum Noise {
    /** Each value is set to 0 with probability {@code p} (Vincent et al. 2008). */
    MASKING,
    /** Zero-mean Gaussian noise of standard deviation {@code p} is added to each value. */
    GAUSSIAN,
    /** Each value is set, with probability {@code p}, to 0 or 1 with equal chance. */
    SALT_AND_PEPPER,
    /**
     * Inpainting: square blocks of 8 × 8 pixels blanked (set to 0 in every channel) at random places
     * in each image, as many as would cover a fraction {@code p} of it (at least one; they may
     * overlap). For autoencoders with an image input, on the model input.
     */
    BLOCKS
}
