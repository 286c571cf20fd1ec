package io.linkgate.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;

/**
 * Reads an upstream answer once, as a stream of tokens: checks that it is exactly one well-formed JSON object
 * and picks out one top-level field, without building the object. An answer that is relayed as it came needs
 * no more; building a JsonObject (every Thai name decoded into a String) was the largest part of Jackson's
 * share of a cache-off lookup.
 */
public final class JsonScan {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** What a scan found: whether the body is one JSON object, and the field's value as text (null when absent or null). */
  public record Result(boolean object, String value) {
    static final Result NOT_AN_OBJECT = new Result(false, null);
  }

  private JsonScan() {
  }

  /**
   * Scans {@code body} for the top-level field {@code name} (null: only checks the body). A scalar value comes
   * back as its text (a number as written); an object or array value as its kind in brackets; the last one wins
   * when the name repeats, as with a JsonObject.
   */
  public static Result field(Buffer body, String name) {
    if (body == null) {
      return Result.NOT_AN_OBJECT;
    }
    // parsed where it lies when the buffer is an array (an upstream answer always is), else from a copy
    ByteBuf buf = body instanceof BufferInternal internal ? internal.getByteBuf() : null;
    byte[] bytes;
    int offset;
    if (buf != null && buf.hasArray()) {
      bytes = buf.array();
      offset = buf.arrayOffset() + buf.readerIndex();
    } else {
      bytes = body.getBytes();
      offset = 0;
    }
    try (JsonParser p = FACTORY.createParser(bytes, offset, body.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Result.NOT_AN_OBJECT;
      }
      String value = null;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          return Result.NOT_AN_OBJECT;
        }
        boolean wanted = name != null && name.equals(p.currentName());
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          if (wanted) {
            value = v == JsonToken.START_OBJECT ? "[object]" : "[array]";
          }
        } else if (wanted) {
          value = v == JsonToken.VALUE_NULL ? null : p.getText();
        }
      }
      return p.nextToken() == null ? new Result(true, value) : Result.NOT_AN_OBJECT;
    } catch (IOException e) {
      return Result.NOT_AN_OBJECT;
    }
  }
}
