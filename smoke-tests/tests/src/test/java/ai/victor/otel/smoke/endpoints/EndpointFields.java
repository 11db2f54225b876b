package ai.victor.otel.smoke.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Holds a JSON body to the documented fields: each documented one present, none undocumented. */
final class EndpointFields {
  private EndpointFields() {}

  static void assertDocumented(DocumentedEndpoints docs, String path, Map<String, Object> body,
      Set<String> common) {
    Set<String> allowed = new LinkedHashSet<>(docs.topLevel(path));
    allowed.addAll(common);
    assertThat(body.keySet()).as("top-level fields of " + path).isSubsetOf(allowed)
        .containsAll(docs.topLevel(path)).containsAll(common);
    for (String field : docs.fields(path)) {
      assertPresent(path, field, List.of(body), field);
    }
  }

  /** Follows {@code field} through objects and (every element of) arrays. */
  @SuppressWarnings("unchecked")
  private static void assertPresent(String path, String whole, List<Object> values, String field) {
    String[] parts = field.split("\\.", 2);
    String name = parts[0];
    boolean array = name.endsWith("[]");
    if (array) {
      name = name.substring(0, name.length() - 2);
    }
    if (name.equals("*")) {
      return; // keys are label values
    }
    List<Object> next = new ArrayList<>();
    for (Object value : values) {
      assertThat(value).as(path + " " + whole + ": parent of " + name).isInstanceOf(Map.class);
      Map<String, Object> object = (Map<String, Object>) value;
      assertThat(object).as(path + " " + whole).containsKey(name);
      Object member = object.get(name);
      if (array) {
        assertThat(member).as(path + " " + whole).isInstanceOf(List.class);
        next.addAll((List<Object>) member);
      } else {
        next.add(member);
      }
    }
    if (parts.length > 1) {
      next.removeIf(v -> v == null);
      if (!next.isEmpty() && !(parts[1].equals("*"))) {
        assertPresent(path, whole, next, parts[1]);
      } else if (parts[1].equals("*")) {
        next.forEach(v -> assertThat(v).as(path + " " + whole).isInstanceOf(Map.class));
      }
    }
  }
}
