package org.transferkit.bench;

/**
 * One benchmark workload: a network, its data, and two ways of training it for a number of steps: the kit's path
 * (e.g. {@code Trainer.fitSteps}) and plain DL4J {@code fit} on the same network shape and data, cut into ready
 * minibatches beforehand. Timing both on the same machine state, alternately, gives the kit's overhead as a ratio.
 */
public final class Workload {

    /** Which way of training is run. */
    public enum Arm {
        /** The kit's training path. */
        KIT,
        /** Plain DL4J {@code fit} on ready minibatches. */
        PLAIN;

        /** Parses "kit" or "plain" (any case). */
        public static Arm parse(String s) {
            if (s != null) {
                for (Arm a : values()) {
                    if (a.name().equalsIgnoreCase(s.trim())) {
                        return a;
                    }
                }
            }
            throw new IllegalArgumentException("arm must be 'kit' or 'plain', got '" + s + "'");
        }

        /** Lower-case name, as written in results. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Runs a number of steps of one arm (training steps, or passes over the data for featurization). */
    @FunctionalInterface
    public interface Steps {
        /** Runs {@code steps} steps. */
        void run(int steps);
    }

    private final String name;
    private final String description;
    private final String kitCall;
    private final String plainCall;
    private final int samplesPerStep;
    private final Steps kit;
    private final Steps plain;

    /**
     * @param name           short id, e.g. "W1"
     * @param description    what the network and data are
     * @param kitCall        the kit method the kit arm calls, for the report
     * @param plainCall      what the plain arm does, for the report
     * @param samplesPerStep examples processed by one step (summed over tasks/networks)
     */
    public Workload(String name, String description, String kitCall, String plainCall, int samplesPerStep,
                    Steps kit, Steps plain) {
        if (samplesPerStep < 1) {
            throw new IllegalArgumentException("samplesPerStep must be at least 1, got " + samplesPerStep);
        }
        if (kit == null || plain == null) {
            throw new IllegalArgumentException("both arms (kit and plain) must be given");
        }
        this.name = name;
        this.description = description;
        this.kitCall = kitCall;
        this.plainCall = plainCall;
        this.samplesPerStep = samplesPerStep;
        this.kit = kit;
        this.plain = plain;
    }

    /** Short id, e.g. "W1". */
    public String name() {
        return name;
    }

    /** What the network and data are. */
    public String description() {
        return description;
    }

    /** The kit method the kit arm calls. */
    public String kitCall() {
        return kitCall;
    }

    /** What the plain arm does. */
    public String plainCall() {
        return plainCall;
    }

    /** Examples processed by one step. */
    public int samplesPerStep() {
        return samplesPerStep;
    }

    /** Runs {@code steps} steps of {@code arm} and returns the wall-clock seconds they took. */
    public double seconds(Arm arm, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        Steps s = arm == Arm.KIT ? kit : plain;
        long t0 = System.nanoTime();
        s.run(steps);
        return (System.nanoTime() - t0) / 1e9;
    }
}
