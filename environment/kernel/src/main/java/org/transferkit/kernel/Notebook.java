package org.transferkit.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * The functions notebook code calls, as in IJava: {@code display}, {@code updateDisplay}, {@code render},
 * {@code eval}, {@code lineMagic}, {@code cellMagic}. The kernel imports them statically into every session.
 */
public final class Notebook {
    private static volatile KitKernel kernel;

    private Notebook() {}

    static void attach(KitKernel k) {
        kernel = k;
    }

    static KitKernel kernel() {
        KitKernel k = kernel;
        if (k == null) throw new IllegalStateException("no transfer-kit kernel is running in this JVM");
        return k;
    }

    /** Shows {@code o} below the cell now; returns an id for {@link #updateDisplay(String, Object, String...)}. */
    public static String display(Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel().display(data);
        return id;
    }

    /** Replaces what an earlier {@code display} showed, in place. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        kernel().getIO().display.updateDisplay(id, data);
    }

    /** Renders {@code o} with the kernel's renderers (restricted to {@code mimeTypes} when given). */
    public static DisplayData render(Object o, String... mimeTypes) {
        if (o instanceof DisplayData d) return d;
        if (o == null) return new DisplayData("null");   // the renderer would fail on null's class
        return mimeTypes.length == 0 ? kernel().getRenderer().render(o) : kernel().getRenderer().renderAs(o, mimeTypes);
    }

    /** Evaluates Java (or magics) as a cell would and returns the value of its last expression. */
    public static Object eval(String code) throws Exception {
        return kernel().evalToObject(code);
    }

    public static Object lineMagic(String name, java.util.List<String> args) throws Exception {
        return kernel().lineMagic(name, args);
    }

    public static Object cellMagic(String name, java.util.List<String> args, String body) throws Exception {
        return kernel().cellMagic(name, args, body);
    }
}
