package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void noQueryIsFine() {
    assertThat(Query.problem(null)).isNull();
    assertThat(Query.problem("")).isNull();
  }

  @Test
  void aWellFormedParameterIsUnknown() {
    assertThat(Query.problem("pretty=1&x")).isEqualTo(
        "unknown query parameter 'pretty': this endpoint takes none");
    assertThat(Query.problem("na%C3%AFve=%20")).contains("'na\u00efve'");
  }

  @Test
  void malformedQueriesAreToldApart() {
    for (String raw : new String[] {"%ff=1", "a=%e2%82", "=1", "a=1&&b=2", "a=%2", "a=%zz"}) {
      assertThat(Query.problem(raw)).as(raw).startsWith("malformed query");
    }
  }

  @Test
  void decodesStrictly() {
    assertThat(Query.decode("a+b%2Fc")).isEqualTo("a b/c");
    assertThat(Query.decode("%C3%28")).isNull();
  }
}
