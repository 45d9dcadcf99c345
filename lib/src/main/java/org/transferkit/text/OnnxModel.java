package org.transferkit.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.CharPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.AllocatorWithDefaultOptions;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.onnxruntime.ValueVector;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.onnxruntime.util.ONNXUtils;

/**
 * An ONNX model run by ONNX Runtime (JavaCPP's build) with INDArrays in and out, logging only warnings. ND4J's own
 * {@code OnnxRuntimeRunner} does the same but sets every session to verbose logging, which prints several lines per
 * call on the native standard error; this class uses ND4J's tensor conversions ({@link ONNXUtils}) and its own
 * session.
 */
final class OnnxModel implements AutoCloseable {

    private static final int LOG_WARNING = 2;      // ORT_LOGGING_LEVEL_WARNING
    private static final int OPTIMISE_EXTENDED = 2; // ORT_ENABLE_EXTENDED, as OnnxRuntimeRunner
    private static Env env;

    private final SessionOptions options;
    private final Session session;
    private final RunOptions runOptions;
    private final MemoryInfo memory;
    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();

    OnnxModel(Path file) {
        synchronized (OnnxModel.class) {
            if (env == null) {
                env = new Env(LOG_WARNING, new BytePointer("transfer-kit"));
                env.retainReference();
            }
        }
        options = new SessionOptions();
        options.SetGraphOptimizationLevel(OPTIMISE_EXTENDED);
        options.SetLogSeverityLevel(LOG_WARNING);
        Pointer path = Loader.getPlatform().startsWith("windows") ? new CharPointer(file.toString())
                : new BytePointer(file.toString());
        session = new Session(env, path, options);
        runOptions = new RunOptions();
        runOptions.SetRunLogSeverityLevel(LOG_WARNING);
        memory = MemoryInfo.CreateCpu(1, 0); // OrtArenaAllocator, OrtMemTypeDefault
        AllocatorWithDefaultOptions allocator = new AllocatorWithDefaultOptions();
        for (long i = 0; i < session.GetInputCount(); i++) {
            inputNames.add(session.GetInputName(i, allocator.asOrtAllocator()).getString());
        }
        for (long i = 0; i < session.GetOutputCount(); i++) {
            outputNames.add(session.GetOutputName(i, allocator.asOrtAllocator()).getString());
        }
    }

    /** The model's input names, in its order. */
    List<String> inputNames() {
        return List.copyOf(inputNames);
    }

    /** Runs the model on one array per input name; returns a copy of every output by name. */
    Map<String, INDArray> run(Map<String, INDArray> inputs) {
        if (!inputs.keySet().equals(new java.util.HashSet<>(inputNames))) {
            throw new IllegalArgumentException("the model's inputs are " + inputNames + ", given " + inputs.keySet());
        }
        PointerPointer<BytePointer> in = new PointerPointer<>(inputNames.size());
        Value values = new Value(inputNames.size());
        for (int i = 0; i < inputNames.size(); i++) {
            in.put(i, new BytePointer(inputNames.get(i)));
            values.position(i).put(ONNXUtils.getTensor(inputs.get(inputNames.get(i)), memory));
        }
        PointerPointer<BytePointer> out = new PointerPointer<>(outputNames.size());
        for (int i = 0; i < outputNames.size(); i++) {
            out.put(i, new BytePointer(outputNames.get(i)));
        }
        ValueVector results = session.Run(runOptions, in, values.position(0), inputNames.size(), out, outputNames.size());
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
            arrays.put(outputNames.get(i), ONNXUtils.getArray(results.get(i)).dup());
        }
        return arrays;
    }

    @Override
    public void close() {
        session.close();
        options.close();
        runOptions.close();
    }
}
