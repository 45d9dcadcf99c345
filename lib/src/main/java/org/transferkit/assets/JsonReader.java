package org.transferkit.assets;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small pull reader for JSON (RFC 8259), JDK only, so that the set-up's converter compiles with {@code javac} alone.
 * It reads one value at a time from a {@link Reader}, which lets the converter stream a 300 MB file of word vectors
 * without holding it as objects; {@link #readValue()} builds a whole value (objects as {@code LinkedHashMap}, arrays as
 * {@code List}, numbers as {@code Double}, plus {@code String}, {@code Boolean} and {@code null}) where that is small.
 * Errors are {@link IOException}s that give the character offset.
 */
public final class JsonReader {

    private final Reader in;
    private long offset;
    private int peeked = -2; // -2: nothing peeked

    /** Reads JSON from {@code in} (buffer it: every character is read one at a time). */
    public JsonReader(Reader in) {
        this.in = in;
    }

    /** Parses a whole document held in a string. */
    public static Object parse(String json) throws IOException {
        JsonReader r = new JsonReader(new java.io.StringReader(json));
        Object value = r.readValue();
        if (r.peekNonSpace() != -1) {
            throw r.error("text after the end of the JSON value");
        }
        return value;
    }

    private int read() throws IOException {
        int c;
        if (peeked != -2) {
            c = peeked;
            peeked = -2;
        } else {
            c = in.read();
        }
        if (c != -1) {
            offset++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int peekNonSpace() throws IOException {
        while (true) {
            int c = peek();
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                read();
            } else {
                return c;
            }
        }
    }

    private IOException error(String what) {
        return new IOException("invalid JSON at character " + offset + ": " + what);
    }

    private void expect(char wanted) throws IOException {
        int c = peekNonSpace();
        if (c != wanted) {
            throw error("expected '" + wanted + "' but found " + describe(c));
        }
        read();
    }

    private static String describe(int c) {
        return c == -1 ? "the end of the input" : "'" + (char) c + "'";
    }

    /** Consumes the '{' that opens an object. */
    public void beginObject() throws IOException {
        expect('{');
        first = true;
    }

    /** Consumes the '[' that opens an array. */
    public void beginArray() throws IOException {
        expect('[');
        first = true;
    }

    private boolean first;

    /**
     * True when the current object or array has another member; consumes the separating comma, or the closing
     * bracket when there is none.
     */
    public boolean hasNext() throws IOException {
        int c = peekNonSpace();
        if (c == '}' || c == ']') {
            read();
            first = false;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw error("expected ',' or a closing bracket but found " + describe(c));
            }
            read();
        }
        first = false;
        return true;
    }

    /** Reads an object's key and the colon after it (call after {@link #hasNext()} returned true in an object). */
    public String nextKey() throws IOException {
        String key = nextString();
        expect(':');
        return key;
    }

    /** Reads a string value. */
    public String nextString() throws IOException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == -1) {
                throw error("unterminated string");
            }
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                int e = read();
                switch (e) {
                    case '"', '\\', '/' -> sb.append((char) e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = Character.digit(read(), 16);
                            if (h < 0) {
                                throw error("bad \\u escape");
                            }
                            v = v * 16 + h;
                        }
                        sb.append((char) v);
                    }
                    default -> throw error("bad escape \\" + describe(e));
                }
            } else {
                sb.append((char) c);
            }
        }
    }

    /** Reads a number and returns its text exactly as written (so a caller can parse it as float or double). */
    public String nextNumberText() throws IOException {
        peekNonSpace();
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = peek();
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                sb.append((char) read());
            } else {
                break;
            }
        }
        if (sb.isEmpty()) {
            throw error("expected a number but found " + describe(peek()));
        }
        return sb.toString();
    }

    /** Reads any value and builds it (see the class comment for the types). */
    public Object readValue() throws IOException {
        int c = peekNonSpace();
        switch (c) {
            case '{' -> {
                beginObject();
                Map<String, Object> map = new LinkedHashMap<>();
                while (hasNext()) {
                    String key = nextKey();
                    map.put(key, readValue());
                }
                return map;
            }
            case '[' -> {
                beginArray();
                List<Object> list = new ArrayList<>();
                while (hasNext()) {
                    list.add(readValue());
                }
                return list;
            }
            case '"' -> {
                return nextString();
            }
            case 't', 'f', 'n' -> {
                String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                for (int i = 0; i < word.length(); i++) {
                    if (read() != word.charAt(i)) {
                        throw error("expected " + word);
                    }
                }
                return c == 'n' ? null : Boolean.valueOf(c == 't');
            }
            default -> {
                String text = nextNumberText();
                try {
                    return Double.valueOf(text);
                } catch (NumberFormatException e) {
                    throw error("bad number " + text);
                }
            }
        }
    }

    /** Reads and discards one value. */
    public void skipValue() throws IOException {
        readValue();
    }
}
