package org.transferkit.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** Records what would be displayed. */
    static final class Recorder implements DisplaySink {
        final List<String> shown = new ArrayList<>();
        final List<String> updates = new ArrayList<>();

        @Override
        public String display(Object o) {
            shown.add(String.valueOf(o));
            return "id" + shown.size();
        }

        @Override
        public void update(String id, Object o) {
            updates.add(id + ":" + o);
        }
    }

    @AfterEach
    void reset() {
        Display.install(null);
    }

    @Test
    void installAndDetectNotebook() {
        assertFalse(Display.inNotebook());
        Recorder r = new Recorder();
        Display.install(r);
        assertTrue(Display.inNotebook());
        String id = Display.show("hello");
        Display.update(id, "world");
        assertEquals(List.of("hello"), r.shown);
        assertEquals(List.of("id1:world"), r.updates);
        assertThrows(IllegalArgumentException.class, () -> Display.update(null, "x"));
        Display.install(null);
        assertFalse(Display.inNotebook());
    }

    @Test
    void notebookUpdatesAreThrottledAndFinalIsShown() {
        Recorder r = new Recorder();
        Display.install(r);
        AtomicLong clock = new AtomicLong();
        try (Progress p = new Progress("t", 100, clock::get, true)) {
            for (int i = 0; i < 100; i++) {
                clock.addAndGet(100_000_000L); // 0.1 s per step -> an update every 5 steps
                p.step("loss " + i);
            }
        }
        assertEquals(1, r.shown.size());
        assertEquals(20, r.updates.size());
        assertTrue(r.updates.get(r.updates.size() - 1).contains("100/100"), r.updates.toString());
    }

    @Test
    void notebookShowsFinalStateOnEarlyClose() {
        Recorder r = new Recorder();
        Display.install(r);
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress("t", 100, clock::get, true);
        p.step("a");
        p.step("b");
        p.close();
        p.close();
        assertEquals(1, r.updates.size());
        assertTrue(r.updates.get(0).contains("2/100 b"));
        assertThrows(IllegalStateException.class, () -> p.step("c"));
    }

    @Test
    void terminalPrintsEveryTenPercent() {
        Recorder r = new Recorder();
        Display.install(r); // capture; the progress itself runs in terminal mode
        try (Progress p = new Progress("t", 200, System::nanoTime, false)) {
            for (int i = 0; i < 200; i++) {
                p.step("");
            }
        }
        assertEquals(10, r.shown.size());
        assertTrue(r.shown.get(0).contains("20/200"));
        assertTrue(r.shown.get(9).contains("200/200"));
    }

    @Test
    void nestedProgressIsSilent() {
        Recorder r = new Recorder();
        Display.install(r);
        try (Progress outer = new Progress("outer", 2, System::nanoTime, false)) {
            for (int i = 0; i < 2; i++) {
                try (Progress inner = new Progress("inner", 10, System::nanoTime, false)) {
                    for (int j = 0; j < 10; j++) {
                        inner.step("");
                    }
                }
                outer.step("");
            }
        }
        assertEquals(2, r.shown.size());
        assertTrue(r.shown.stream().allMatch(s -> s.startsWith("outer")), r.shown.toString());
        // a finished bar that was never closed does not silence the next one
        Progress forgotten = new Progress("f", 1, System::nanoTime, false);
        forgotten.step("");
        try (Progress next = new Progress("next", 1, System::nanoTime, false)) {
            next.step("");
        }
        assertTrue(r.shown.get(r.shown.size() - 1).startsWith("next"));
    }

    @Test
    void lineFormat() {
        Progress.Line line = new Progress.Line("fit", 100, 200, "loss 0.31", 3.2);
        assertEquals("fit [#####-----]  50% step 100/200 loss 0.31 (3.2 s)", line.toString());
        assertTrue(line.html().startsWith("<pre"));
        assertThrows(IllegalArgumentException.class, () -> Progress.start("x", 0));
    }

    /** A training that fails shows the failure in its progress display, not a bar frozen at its last percentage. */
    @Test
    void aFailedTrainingShowsTheFailureInItsDisplay() {
        Recorder r = new Recorder();
        Display.install(r);
        var net = org.transferkit.models.Models.mlp(4, new int[] {3}, 2, new org.nd4j.linalg.learning.config.Sgd(0.1), 1);
        var data = new org.nd4j.linalg.dataset.DataSet(org.nd4j.linalg.factory.Nd4j.rand(8, 4),
                org.nd4j.linalg.factory.Nd4j.eye(2).repeat(0, 4));
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            private int iterations;

            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                if (++iterations == 3) {
                    throw new IllegalStateException("a broken batch");
                }
            }
        });
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> org.transferkit.training.Trainer.fitSteps(net, data, 10, 4, 1));
        assertEquals("a broken batch", e.getMessage());
        String last = r.updates.get(r.updates.size() - 1);
        assertTrue(last.contains("FAILED at step 3") && last.contains("IllegalStateException: a broken batch")
                && last.contains("step 2/10"), r.updates.toString());
    }
}
