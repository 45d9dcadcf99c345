package org.transferkit;

/**
 * How much compute the notebooks spend: {@link #FAST} for smoke runs and CI (small data, few steps),
 * {@link #FULL} for the real experiments. Chosen with the environment variable {@code KIT_PROFILE}.
 */
public enum Profile {
    /** Small data and few steps: every notebook finishes in seconds to a few minutes. */
    FAST,
    /** The settings the notebooks' conclusions are drawn from. */
    FULL
}
