package org.transferkit.text;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferkit.assets.AssetCatalog;
import org.transferkit.data.DatasetException;

/**
 * A frozen pretrained sentence encoder: all-MiniLM-L6-v2 (int8 ONNX) run by ONNX Runtime ({@link OnnxModel}), from the local
 * copy made at set-up. A sentence's embedding is the mean of the model's last hidden states over its tokens (mean
 * pooling over the attention mask, which covers every token of a text encoded alone), scaled to unit length, as
 * sentence-transformers computes it: 384 floats, and the cosine of two
 * embeddings is their dot product. Close it when done (it holds a native session).
 */
public final class SentenceEncoder implements AutoCloseable {

    /** The model's maximum number of tokens per text, as its tokenizer truncates ([CLS] and [SEP] included). */
    public static final int MAX_TOKENS = 128;

    private final OnnxModel model;
    private final WordPieceTokenizer tokenizer;

    private SentenceEncoder(Path model, WordPieceTokenizer tokenizer) {
        try {
            this.model = new OnnxModel(model);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new DatasetException("Could not start ONNX Runtime on " + model + " (" + e + "). If the file is damaged,"
                    + " run `bash environment/prepare-applications.sh`; if the native library failed to load, rebuild"
                    + " the library with `environment/kit setup`.", model, e);
        }
        this.tokenizer = tokenizer;
    }

    /** all-MiniLM-L6-v2 with its tokenizer (checksums checked). */
    public static SentenceEncoder minilm() {
        return new SentenceEncoder(AssetCatalog.load().file("minilm-l6-v2-q", "model"), WordPieceTokenizer.minilm());
    }

    /** The tokenizer this encoder uses. */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * The unit-length embeddings of {@code texts}, one row each: [texts, 384] floats. Each text runs through the model
     * on its own: the int8 model quantises its activations with a scale taken over the whole input, so padding and the
     * other texts of a batch would change a text's embedding (cosine 0.98 to the text alone in a test). Alone, a
     * text's embedding depends on the text only, whatever the order or the company.
     */
    public INDArray encode(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to encode");
        }
        float[][] rows = new float[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = encode(texts.get(i)).toFloatVector();
        }
        return Nd4j.createFromArray(rows);
    }

    /** The unit-length embedding of one text: [384] floats. */
    public INDArray encode(String text) {
        WordPieceTokenizer.Encoding e = tokenizer.encode(text, MAX_TOKENS);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("input_ids", Nd4j.createFromArray(new long[][] {e.ids()}));
        inputs.put("attention_mask", Nd4j.createFromArray(new long[][] {e.attentionMask()}));
        inputs.put("token_type_ids", Nd4j.zeros(DataType.INT64, 1, e.length()));
        INDArray hidden = model.run(inputs).get("last_hidden_state"); // [1, tokens, 384]
        if (hidden == null) {
            throw new IllegalStateException("the model gave no last_hidden_state");
        }
        INDArray mean = hidden.castTo(DataType.FLOAT).mean(1).reshape(-1); // every token is attended to: a plain mean
        return mean.div(mean.norm2Number().doubleValue() + 1e-12);
    }

    @Override
    public void close() {
        model.close();
    }
}
