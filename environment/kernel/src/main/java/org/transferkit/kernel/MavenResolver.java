package org.transferkit.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Maven artifacts with their transitive dependencies by running Maven itself ({@code mvn}), so
 * {@code %maven} and {@code %%loadFromPOM} resolve exactly as a build would, use the same local repository and
 * settings, and work offline when the artifacts are already there (offline is tried first).
 */
final class MavenResolver {
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);
    private static final Pattern REPOSITORY = Pattern.compile("<repository>.*?</repository>", Pattern.DOTALL);

    private final Map<String, String> repositories = new LinkedHashMap<>();

    void addRepository(String id, String url) {
        repositories.put(id, url);
    }

    /** Jars for IJava-style coordinates {@code group:artifact[:packaging[:classifier]]:version}. */
    List<Path> resolveCoordinates(List<String> coordinates) throws IOException, InterruptedException {
        StringBuilder deps = new StringBuilder();
        for (String c : coordinates) deps.append(dependencyXml(c));
        return resolvePomFragment(deps.toString());
    }

    static String dependencyXml(String coordinate) {
        String[] p = coordinate.trim().split(":");
        String g, a, v, type = null, classifier = null;
        switch (p.length) {
            case 3 -> { g = p[0]; a = p[1]; v = p[2]; }
            case 4 -> { g = p[0]; a = p[1]; type = p[2]; v = p[3]; }
            case 5 -> { g = p[0]; a = p[1]; type = p[2]; classifier = p[3]; v = p[4]; }
            default -> throw new IllegalArgumentException("expected group:artifact[:packaging[:classifier]]:version, got '" + coordinate + "'");
        }
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>"
                + (type == null ? "" : "<type>" + type + "</type>")
                + (classifier == null ? "" : "<classifier>" + classifier + "</classifier>") + "</dependency>";
    }

    /**
     * Jars for a partial POM: a whole {@code <project>}, or loose {@code <dependency>} / {@code <repository>}
     * elements (as IJava's {@code %%loadFromPOM} accepts).
     */
    List<Path> resolvePomFragment(String fragment) throws IOException, InterruptedException {
        List<String> deps = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(fragment);
        while (m.find()) deps.add(m.group());
        List<String> repos = new ArrayList<>();
        Matcher r = REPOSITORY.matcher(fragment);
        while (r.find()) repos.add(r.group());
        repositories.forEach((id, url) -> repos.add("<repository><id>" + id + "</id><url>" + url + "</url></repository>"));
        if (deps.isEmpty()) throw new IllegalArgumentException("no <dependency> found in the POM text");
        String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>transferkit.notebook</groupId><artifactId>resolve</artifactId><version>1</version>"
                + "<dependencies>" + String.join("", deps) + "</dependencies>"
                + (repos.isEmpty() ? "" : "<repositories>" + String.join("", repos) + "</repositories>") + "</project>";
        Path dir = Files.createTempDirectory("kit-maven");
        try {
            Files.writeString(dir.resolve("pom.xml"), pom);
            Path out = dir.resolve("classpath.txt");
            String log = run(dir, out, true);
            if (log != null) log = run(dir, out, false);
            if (log != null) throw new IOException("Maven could not resolve the dependencies:\n" + log);
            String cp = Files.readString(out, StandardCharsets.UTF_8).trim();
            List<Path> jars = new ArrayList<>();
            for (String e : cp.split(java.io.File.pathSeparator)) if (!e.isBlank()) jars.add(Path.of(e));
            return jars;
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs Maven; returns null on success, else the tail of its output. */
    private static String run(Path dir, Path out, boolean offline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Arrays.asList(mavenCommand(), "-B", "-q", DEPENDENCY_PLUGIN + ":build-classpath",
                "-Dmdep.outputFile=" + out, "-Dmdep.includeScope=runtime"));
        if (offline) cmd.add("-o");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() == 0 && Files.exists(out)) return null;
        String[] lines = output.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }

    private static String mavenCommand() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) return Path.of(home, "bin", "mvn").toString();
        return "mvn";
    }
}
