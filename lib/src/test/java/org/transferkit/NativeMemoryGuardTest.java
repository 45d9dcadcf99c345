package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class NativeMemoryGuardTest {

    @Test
    void collectsOnlyAboveTheLimitAndBacksOffWhileMemoryStaysHigh() {
        AtomicLong resident = new AtomicLong(500);
        AtomicInteger collected = new AtomicInteger();
        NativeMemoryGuard guard = new NativeMemoryGuard(1_000, resident::get, collected::incrementAndGet, 2_000);

        assertFalse(guard.poll(0), "below the limit: nothing to do");
        resident.set(1_000);
        assertFalse(guard.poll(100), "at the limit: nothing to do");
        resident.set(1_001);
        assertTrue(guard.poll(200), "above the limit: collect");
        assertFalse(guard.poll(300), "still above, within the back-off: wait");
        assertFalse(guard.poll(2_199), "still within the back-off");
        assertTrue(guard.poll(2_200), "back-off over, still above: collect again");
        resident.set(10);
        assertFalse(guard.poll(10_000), "the collection freed it");
        assertEquals(2, collected.get());
        assertEquals(2, guard.collections());
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new NativeMemoryGuard(0, () -> 1, () -> { }, 0));
    }

    @Test
    void readsThisProcessesResidentSize() {
        long rss = NativeMemoryGuard.residentBytesOfThisProcess();
        assertTrue(rss > 10L << 20, "a JVM holds more than 10 MiB resident, got " + rss);
    }

    /** In a fresh JVM (JavaCPP not loaded yet): Kit.init() turns JavaCPP's check off and starts the guard. */
    @Test
    void kitInitReplacesJavaCppsPerAllocationCheckWithTheGuard() throws Exception {
        String out = child();
        assertTrue(out.contains("maxPhysicalBytes=0 guard=" + 2 * Pointer.maxBytes()), out);
        assertTrue(out.contains("memory: the kit's guard collects garbage above"), out);
    }

    /** An explicit limit (the course lab sets one) leaves JavaCPP's check in charge and starts no guard. */
    @Test
    void anExplicitLimitKeepsJavaCppsCheck() throws Exception {
        String out = child("-Dorg.bytedeco.javacpp.maxphysicalbytes=3G");
        assertTrue(out.contains("maxPhysicalBytes=" + (3L << 30) + " guard=none"), out);
        assertTrue(out.contains("memory: JavaCPP checks at every allocation, limit 3.0 GiB"), out);
    }

    private static String child(String... jvmOptions) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator + "java");
        command.add("-Dorg.bytedeco.javacpp.maxbytes=" + Pointer.maxBytes());   // the same heap-based default as here
        command.addAll(java.util.List.of(jvmOptions));
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** What the child JVM runs. */
    static final class Child {
        public static void main(String[] args) {
            Kit.init();
            NativeMemoryGuard guard = NativeMemoryGuard.running();
            System.out.println("maxPhysicalBytes=" + Pointer.maxPhysicalBytes() + " guard="
                    + (guard == null ? "none" : String.valueOf(guard.limitBytes())));
            System.out.println("memory: " + Kit.describe().get("memory"));
        }
    }
}
