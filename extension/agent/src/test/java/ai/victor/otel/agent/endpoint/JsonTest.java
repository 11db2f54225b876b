package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void nestsWithCommasOnlyBetweenElements() {
    String json = new Json().beginObject()
        .member("a", 1)
        .name("b").beginArray().value("x").beginObject().endObject().value(true).endArray()
        .name("c").beginObject().member("d", 0.25).endObject()
        .endObject().toString();
    assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",{},true],\"c\":{\"d\":0.25}}");
  }

  @Test
  void nonFiniteNumbersAreNullAndWholeNumbersHaveNoFraction() {
    String json = new Json().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY)
        .value(3.0).value(-2.5).value(1e20).endArray().toString();
    assertThat(json).isEqualTo("[null,null,3,-2.5,1.0E20]");
  }

  @Test
  void escapesStrings() {
    String json = new Json().beginArray().value("q\"b\\n\n\u0001\u2028").value((String) null)
        .endArray().toString();
    assertThat(json).isEqualTo("[\"q\\\"b\\\\n\\n\\u0001\\u2028\",null]");
  }
}
