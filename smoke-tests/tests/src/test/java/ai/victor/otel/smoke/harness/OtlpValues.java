package ai.victor.otel.smoke.harness;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns OTLP attribute values into plain strings, so assertions compare {@code Map<String, String>} instead of
 * protobuf messages and read the same whatever value type the instrumentation happened to record.
 */
public final class OtlpValues {

  private OtlpValues() {}

  /** The attributes as an unmodifiable map sorted by key (sorted so that equal sets print alike). */
  public static Map<String, String> attributes(List<KeyValue> attributes) {
    Map<String, String> map = new TreeMap<>();
    attributes.forEach(kv -> map.put(kv.getKey(), string(kv.getValue())));
    return Collections.unmodifiableMap(map);
  }

  /**
   * One value as text: strings as is, booleans and numbers as Java prints them, arrays as {@code [a, b]}, key-value
   * lists as {@code {k=v}}, bytes as lower-case hex, and an unset value as the empty string.
   */
  public static String string(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream()
              .map(OtlpValues::string)
              .collect(Collectors.joining(", ", "[", "]"));
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList()).toString();
      case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
      // An index into a profiles dictionary; metrics, traces and logs never use it.
      case STRING_VALUE_STRINDEX -> "strindex:" + value.getStringValueStrindex();
      case VALUE_NOT_SET -> "";
    };
  }
}
