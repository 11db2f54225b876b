package ai.victor.otel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.victor.otel.core.Warnings;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessorTest {

  static class Usage {
    private final long input;

    Usage(long input) {
      this.input = input;
    }

    long inputTokens() {
      return input;
    }
  }

  static class Response {
    private final Usage usage;
    final String model;

    Response(Usage usage, String model) {
      this.usage = usage;
      this.model = model;
    }

    Usage usage() {
      return usage;
    }
  }

  static class BaseCache {
    private final String namespace = "base-field";

    String name() {
      return "base-method";
    }
  }

  static class Cache extends BaseCache {
    private final int size = 3;
    static String staticName = "static";

    String boom() {
      throw new IllegalStateException("boom from accessor");
    }

    static String staticMethod() {
      return "static";
    }
  }

  interface Named {
    default String label() {
      return "from-default-method";
    }
  }

  static class WithDefault implements Named {}

  private static Object eval(String expression, Object self, Object result, Object... args)
      throws ReflectiveOperationException {
    Object[] a = Arrays.copyOf(args, 4);
    return Accessor.parse(expression).value(self, result, a[0], a[1], a[2], a[3]);
  }

  @Test
  void constantIsTheTextAfterThePrefix() throws Exception {
    Accessor accessor = Accessor.parse("  const:my.cache-name ");
    assertThat(accessor.value(null, null, null, null, null, null)).isEqualTo("my.cache-name");
    assertThat(accessor.isPerInstance()).isTrue();
    assertThat(accessor).hasToString("const:my.cache-name");
    assertThat(Accessor.constant("x")).hasToString("const:x");
    assertThat(Accessor.constant("x").value(null, null, null, null, null, null)).isEqualTo("x");
  }

  @Test
  void classIsTheSimpleNameOfTheInstance() throws Exception {
    assertThat(eval("class", new Cache(), null)).isEqualTo("Cache");
    assertThat(eval("class", new java.util.ArrayList<Object>(), null)).isEqualTo("ArrayList");
    assertThat(eval("class", null, null)).isNull();
    assertThat(Accessor.parse("class").isPerInstance()).isTrue();
  }

  @Test
  void thisMethodAndFieldIncludingInheritedAndPrivateMembers() throws Exception {
    Cache cache = new Cache();
    assertThat(eval("this.name()", cache, null)).isEqualTo("base-method");
    assertThat(eval("this.namespace", cache, null)).isEqualTo("base-field");
    assertThat(eval("this.size", cache, null)).isEqualTo(3);
    assertThat(Accessor.parse("this.name()").isPerInstance()).isTrue();
  }

  @Test
  void interfaceDefaultMethodIsFound() throws Exception {
    assertThat(eval("this.label()", new WithDefault(), null)).isEqualTo("from-default-method");
  }

  @Test
  void resultChainsWalkEachMember() throws Exception {
    Response response = new Response(new Usage(42), "gpt-4o");
    assertThat(eval("result.usage().inputTokens()", null, response)).isEqualTo(42L);
    assertThat(eval("result.model", null, response)).isEqualTo("gpt-4o");
    assertThat(eval("result", null, response)).isSameAs(response);
    Accessor accessor = Accessor.parse("result.usage().inputTokens()");
    assertThat(accessor.isPerInstance()).isFalse();
    assertThat(accessor).hasToString("result.usage().inputTokens()");
  }

  @Test
  void argumentsZeroToThreeReadTheirOwnArgument() throws Exception {
    Object[] args = {"zero", "one!!", "two...", "three.."};
    for (int i = 0; i < 4; i++) {
      assertThat(eval("arg" + i, null, null, args)).isEqualTo(args[i]);
      assertThat(eval("arg" + i + ".length()", null, null, args)).isEqualTo(4 + i);
      assertThat(Accessor.parse("arg" + i).isPerInstance()).isFalse();
    }
  }

  @Test
  void nullLinksYieldNull() throws Exception {
    assertThat(eval("result.usage().inputTokens()", null, null)).isNull();
    assertThat(eval("result.usage().inputTokens()", null, new Response(null, "m"))).isNull();
    assertThat(eval("this.name()", null, null)).isNull();
    assertThat(eval("arg1.length()", null, null, "a", null)).isNull();
  }

  @Test
  void missingMembersYieldNull() throws Exception {
    Cache cache = new Cache();
    assertThat(eval("this.nothing()", cache, null)).isNull();
    assertThat(eval("this.nothing", cache, null)).isNull();
    // A method is not a field and a field is not a method.
    assertThat(eval("this.name", cache, null)).isNull();
    assertThat(eval("this.size()", cache, null)).isNull();
    // Static members are not instance members.
    assertThat(eval("this.staticName", cache, null)).isNull();
    assertThat(eval("this.staticMethod()", cache, null)).isNull();
    // The same accessor works on unrelated runtime classes (lookups are per class).
    Accessor size = Accessor.parse("arg0.size()");
    assertThat(size.value(null, null, Arrays.asList(1, 2), null, null, null)).isEqualTo(2);
    assertThat(size.value(null, null, Collections.singletonMap("k", "v"), null, null, null))
        .isEqualTo(1);
    assertThat(size.value(null, null, "no size method", null, null, null)).isNull();
  }

  @Test
  void aThrowingMethodSurfacesAsInvocationTargetException() {
    assertThatThrownBy(() -> eval("this.boom()", new Cache(), null))
        .isInstanceOf(ReflectiveOperationException.class)
        .isInstanceOf(InvocationTargetException.class)
        .satisfies(e -> assertThat(e.getCause())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("boom from accessor"));
  }

  @Test
  void badRootsSayWhatIsExpected() {
    for (String bad : Arrays.asList("", "self.name()", "arg4", "args0", "Result.x", "name()",
        "classs", "const")) {
      assertThatThrownBy(() -> Accessor.parse(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("const:<text>, class, or this|result|arg0..arg3");
    }
  }

  @Test
  void badMembersNameTheOffendingPart() {
    assertThatThrownBy(() -> Accessor.parse("result.usage(1)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a member name such as size() or name after '.'")
        .hasMessageContaining("found 'usage(1)'");
    assertThatThrownBy(() -> Accessor.parse("this..name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found ''");
    assertThatThrownBy(() -> Accessor.parse("result.a-b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 'a-b'");
    assertThatThrownBy(() -> Accessor.parse("arg0.x."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found ''");
    assertThatThrownBy(() -> Accessor.parse("result.1abc()"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found '1abc()'");
  }

  @Test
  void bareThisNeedsAMember() {
    assertThatThrownBy(() -> Accessor.parse("this"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a member after 'this', such as this.name()");
  }

  @Test
  void asCountUnderstandsNumbersCollectionsMapsArraysAndOptionals() {
    Map<String, Integer> map = new HashMap<String, Integer>();
    map.put("a", 1);
    map.put("b", 2);
    assertThat(Accessor.asCount(7)).isEqualTo(7);
    assertThat(Accessor.asCount(7L)).isEqualTo(7);
    assertThat(Accessor.asCount(7.9)).isEqualTo(7);
    assertThat(Accessor.asCount(Arrays.asList("a", "b", "c"))).isEqualTo(3);
    assertThat(Accessor.asCount(map)).isEqualTo(2);
    assertThat(Accessor.asCount(new String[] {"a", "b", "c", "d"})).isEqualTo(4);
    assertThat(Accessor.asCount(Optional.of(Arrays.asList(1, 2)))).isEqualTo(2);
    assertThat(Accessor.asCount(Optional.of(5))).isEqualTo(5);
    assertThat(Accessor.asCount(Optional.empty())).isEqualTo(-1);
    assertThat(Accessor.asCount("12")).isEqualTo(12); // const:12
    assertThat(Accessor.asCount("twelve")).isEqualTo(-1);
    assertThat(Accessor.asCount(null)).isEqualTo(-1);
    assertThat(Accessor.asCount(new Object())).isEqualTo(-1);
  }

  @Test
  void asBooleanAcceptsBooleansAndTheStringTrue() {
    assertThat(Accessor.asBoolean(Boolean.TRUE)).isTrue();
    assertThat(Accessor.asBoolean("true")).isTrue();
    assertThat(Accessor.asBoolean(Boolean.FALSE)).isFalse();
    assertThat(Accessor.asBoolean("false")).isFalse();
    assertThat(Accessor.asBoolean("yes")).isFalse();
    assertThat(Accessor.asBoolean(1)).isFalse();
    assertThat(Accessor.asBoolean(null)).isFalse();
  }

  @Test
  void asStringKeepsNullAndUsesToString() {
    assertThat(Accessor.asString(null)).isNull();
    assertThat(Accessor.asString(42)).isEqualTo("42");
    assertThat(Accessor.asString("name")).isEqualTo("name");
  }

  /** Lambdas, hidden classes and generated proxies label as the class they stand for. */
  @Test
  void theClassLabelIsStableForLambdasAndProxies() throws Exception {
    Runnable lambda = () -> { };
    assertThat(lambda.getClass().getName()).contains("$$Lambda");
    assertThat(eval("class", lambda, null)).isEqualTo("AccessorTest");
    assertThat(eval("class", new Widget$$SpringCGLIB$$0(), null)).isEqualTo("Widget");
    assertThat(eval("class", new Widget$$EnhancerBySpringCGLIB$$3f2a1c(), null))
        .isEqualTo("Widget");
    assertThat(eval("class", new Widget$ByteBuddy$x1y2(), null)).isEqualTo("Widget");
    assertThat(eval("class", new Widget(), null)).isEqualTo("Widget");
    Object anonymous = new Object() { };
    assertThat(eval("class", anonymous, null)).isEqualTo(anonymous.getClass().getName());
  }

  static class Widget {}

  static class Widget$$SpringCGLIB$$0 extends Widget {}

  static class Widget$$EnhancerBySpringCGLIB$$3f2a1c extends Widget {}

  static class Widget$ByteBuddy$x1y2 extends Widget {}

  /**
   * A member the module system will not open (String's private field in java.base) reads as
   * unknown, as before, but now says so once, naming the setting.
   */
  @Test
  void aMemberTheModuleSystemRefusesIsWarnedOnceNamingTheSetting() throws Exception {
    try (Warnings warnings = Warnings.capture()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("victor.otel.targets", "llm");
      settings.put("victor.otel.target.llm.role", "provider");
      settings.put("victor.otel.target.llm.type", "com.example.Llm");
      settings.put("victor.otel.target.llm.methods", "complete");
      settings.put("victor.otel.target.llm.model", "arg0.value");
      Accessor accessor = VictorConfig.load(ConfigSource.of(settings)).targets().get(0)
          .accessor("model");
      assertThat(accessor.value(null, null, "text", null, null, null)).isNull();
      assertThat(accessor.value(null, null, "more", null, null, null)).isNull();
      assertThat(warnings.messages()).hasSize(1);
      assertThat(warnings.messages().get(0)).contains(
          "victor.otel.target.llm.model=arg0.value", "value of java.lang.String",
          "cannot be made accessible", "--add-opens java.base/java.lang=ALL-UNNAMED");
    }
  }
}
