package org.transferkit.kernel;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel's settings from the environment, under IJava's names ({@code IJAVA_*}) or JJava's ({@code JJAVA_*}):
 * CLASSPATH, STARTUP_SCRIPTS_PATH, STARTUP_SCRIPT, COMPILER_OPTS, TIMEOUT.
 */
record KernelSettings(List<String> classpath, List<String> startupScriptGlobs, String startupScript,
                      List<String> compilerOptions, Duration timeout) {

    static KernelSettings fromEnvironment(Map<String, String> env) {
        return new KernelSettings(
                split(get(env, "CLASSPATH"), java.io.File.pathSeparator),
                split(get(env, "STARTUP_SCRIPTS_PATH"), java.io.File.pathSeparator),
                get(env, "STARTUP_SCRIPT"),
                split(get(env, "COMPILER_OPTS"), " "),
                parseTimeout(get(env, "TIMEOUT")));
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get("IJAVA_" + name);
        if (v == null || v.isBlank()) v = env.get("JJAVA_" + name);
        return v == null || v.isBlank() ? null : v;
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.split(java.util.regex.Pattern.quote(separator))) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** IJava's format: a number of milliseconds, or "{@code <n> <UNIT>}" such as "30 SECONDS"; -1 or absent: none. */
    static Duration parseTimeout(String value) {
        if (value == null) return null;
        String[] parts = value.trim().split("\\s+");
        long amount = Long.parseLong(parts[0]);
        if (amount < 0) return null;
        if (parts.length == 1) return Duration.ofMillis(amount);
        String unit = parts[1].toUpperCase(Locale.ROOT);
        if (!unit.endsWith("S")) unit = unit + "S";
        return Duration.of(amount, ChronoUnit.valueOf(unit.equals("MILLISECONDS") ? "MILLIS" : unit.equals("MICROSECONDS") ? "MICROS" : unit));
    }
}
