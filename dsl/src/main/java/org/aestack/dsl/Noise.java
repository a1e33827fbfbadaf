package org.aestack.dsl;

/** How {@link Denoising} corrupts an input. */
public enum Noise {
    /** Each value is set to 0 with probability {@code p} (Vincent et al. 2008). */
    MASKING,
    /** Zero-mean Gaussian noise of standard deviation {@code p} is added to each value. */
    GAUSSIAN,
    /** Each value is set, with probability {@code p}, to 0 or 1 with equal chance. */
    SALT_AND_PEPPER
}
