package ai.victor.otel.core.config;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads a value out of an instrumented call: {@code const:text}, {@code class} (the simple name of
 * the instance's class), or a root ({@code this}, {@code result}, {@code arg0}..{@code arg3})
 * followed by members, each a no-argument method {@code name()} or a field {@code name}: for
 * example {@code result.usage().inputTokens()} or {@code this.namespace}. A link that is an
 * {@code Optional} is unwrapped before the next member (unless that member is one of Optional's
 * own, such as {@code isPresent()}); an empty one reads as null.
 *
 * <p>Members are looked up once per runtime class and cached; evaluation reflects on the cached
 * member. Callers evaluate instance-level accessors once per instance, so only accessors on
 * arguments and results run per call.
 */
public final class Accessor {
  public static final int MAX_ARGS = 4;
  private static final Pattern STEP = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)(\\(\\))?");
  private static final Object[] NO_ARGS = new Object[0];
  private static final java.util.Set<String> OPTIONAL_MEMBERS = new java.util.HashSet<>(
      java.util.Arrays.asList("get", "isPresent", "isEmpty", "orElseThrow", "stream"));

  private enum Root { CONSTANT, CLASS, THIS, RESULT, ARG }

  private static final Logger logger = Logger.getLogger("ai.victor.otel");
  /**
   * The {@code class} label of each runtime class: its simple name without the suffixes of
   * generated classes, which differ from run to run ({@code Foo$$Lambda/0x...}, hidden classes)
   * or say nothing ({@code Foo$$SpringCGLIB$$0}, {@code Foo$$EnhancerByCGLIB$$1a2b},
   * {@code Foo$ByteBuddy$abc}, {@code Foo$HibernateProxy$x}): a label must name the same thing
   * on every run, or each deploy starts new series.
   */
  private static final ClassValue<String> CLASS_LABELS = new ClassValue<String>() {
    @Override
    protected String computeValue(Class<?> type) {
      return classLabel(type);
    }
  };

  private final String expression;
  /** The setting this accessor was configured under, for messages; null when not configured. */
  private final String setting;
  private final Root root;
  private final int argIndex;
  private final String constant;
  private final Step[] steps;

  private Accessor(String expression, String setting, Root root, int argIndex, String constant,
      Step[] steps) {
    this.expression = expression;
    this.setting = setting;
    this.root = root;
    this.argIndex = argIndex;
    this.constant = constant;
    this.steps = steps;
  }

  public static Accessor constant(String value) {
    return new Accessor("const:" + value, null, Root.CONSTANT, -1, value, new Step[0]);
  }

  /** Parses an expression; throws {@link IllegalArgumentException} saying what is expected. */
  public static Accessor parse(String expression) {
    return parse(expression, null);
  }

  /**
   * Parses the expression of {@code setting}, which a member that cannot be made accessible
   * names in its one WARNING.
   */
  public static Accessor parse(String expression, String setting) {
    String text = expression.trim();
    if (text.startsWith("const:")) {
      return constant(text.substring("const:".length()));
    }
    if (text.equals("class")) {
      return new Accessor(text, setting, Root.CLASS, -1, null, new Step[0]);
    }
    String[] parts = text.split("\\.", -1);
    Root root;
    int argIndex = -1;
    if (parts[0].equals("this")) {
      root = Root.THIS;
    } else if (parts[0].equals("result")) {
      root = Root.RESULT;
    } else if (parts[0].matches("arg[0-" + (MAX_ARGS - 1) + "]")) {
      root = Root.ARG;
      argIndex = parts[0].charAt(3) - '0';
    } else {
      throw new IllegalArgumentException(
          "const:<text>, class, or this|result|arg0..arg" + (MAX_ARGS - 1)
              + " followed by .method() or .field members");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      Matcher m = STEP.matcher(parts[i]);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "a member name such as size() or name after '.', found '" + parts[i] + "'");
      }
      steps.add(new Step(m.group(1), m.group(2) != null, setting == null ? text
          : setting + "=" + text));
    }
    if (root == Root.THIS && steps.isEmpty()) {
      throw new IllegalArgumentException("a member after 'this', such as this.name()");
    }
    return new Accessor(text, setting, root, argIndex, null, steps.toArray(new Step[0]));
  }

  /** True when the value depends only on the instance, so it can be resolved once per instance. */
  public boolean isPerInstance() {
    return root == Root.CONSTANT || root == Root.CLASS || root == Root.THIS;
  }

  /**
   * The value, or null when a link of the chain is null or a member does not exist.
   *
   * @throws ReflectiveOperationException when an accessed method throws or access is denied
   */
  public Object value(Object self, Object result, Object a0, Object a1, Object a2, Object a3)
      throws ReflectiveOperationException {
    Object current;
    switch (root) {
      case CONSTANT:
        return constant;
      case CLASS:
        return self == null ? null : CLASS_LABELS.get(self.getClass());
      case THIS:
        current = self;
        break;
      case RESULT:
        current = result;
        break;
      default:
        current = argIndex == 0 ? a0 : argIndex == 1 ? a1 : argIndex == 2 ? a2 : a3;
        break;
    }
    for (Step step : steps) {
      if (current instanceof Optional && !step.isOptionalMember) {
        // result.usage().cachedTokens() where usage() returns an Optional, as provider SDKs do
        current = ((Optional<?>) current).orElse(null);
      }
      if (current == null) {
        return null;
      }
      current = step.apply(current);
    }
    return current;
  }

  /** The stable label of a class: see {@link #CLASS_LABELS}. */
  static String classLabel(Class<?> type) {
    String name = type.getName();
    String simple = name.substring(name.lastIndexOf('.') + 1);
    int generated = firstOf(simple, "$$", "$ByteBuddy$", "$HibernateProxy$", "/");
    if (generated > 0) {
      simple = simple.substring(0, generated);
    } else if (type.getSimpleName().isEmpty()) {
      return name; // an anonymous class: com.example.Outer$1, stable across runs
    }
    // A nested class reads as its own name, as getSimpleName() gives it.
    int nested = simple.lastIndexOf('$');
    return nested >= 0 && nested < simple.length() - 1 ? simple.substring(nested + 1) : simple;
  }

  private static int firstOf(String text, String... markers) {
    int first = -1;
    for (String marker : markers) {
      int at = text.indexOf(marker);
      if (at > 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }

  /** The value as a name: null stays null, anything else through {@code toString}. */
  public static String asString(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * The value as a count: numbers, numeric text (a {@code const:} accessor), collections', maps'
   * and arrays' sizes; -1 when not a count.
   */
  public static long asCount(Object value) {
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    if (value instanceof String) {
      try {
        return Long.parseLong((String) value);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    if (value instanceof Collection) {
      return ((Collection<?>) value).size();
    }
    if (value instanceof Map) {
      return ((Map<?, ?>) value).size();
    }
    if (value instanceof Object[]) {
      return ((Object[]) value).length;
    }
    if (value instanceof Optional) {
      return ((Optional<?>) value).isPresent() ? asCount(((Optional<?>) value).get()) : -1;
    }
    return -1;
  }

  /** The value as a flag: Boolean as is, "true" strings; anything else false. */
  public static boolean asBoolean(Object value) {
    return value instanceof Boolean ? (Boolean) value : "true".equals(String.valueOf(value));
  }

  @Override
  public String toString() {
    return expression;
  }

  /** One {@code .member} of the chain, with its lookup cached per runtime class. */
  private static final class Step {
    private static final AccessibleObject MISSING = Step.class.getDeclaredConstructors()[0];
    private final String name;
    private final boolean method;
    /** A member of Optional itself ({@code isPresent()}...): an Optional link is not unwrapped. */
    final boolean isOptionalMember;
    /** The setting and expression, for the WARNING when a member cannot be made accessible. */
    private final String configured;
    private final ClassValue<AccessibleObject> members = new ClassValue<AccessibleObject>() {
      @Override
      protected AccessibleObject computeValue(Class<?> type) {
        AccessibleObject member = method ? findMethod(type) : findField(type);
        return member == null ? MISSING : member;
      }
    };

    Step(String name, boolean method, String configured) {
      this.name = name;
      this.method = method;
      this.isOptionalMember = method && OPTIONAL_MEMBERS.contains(name);
      this.configured = configured;
    }

    Object apply(Object target) throws ReflectiveOperationException {
      AccessibleObject member = members.get(target.getClass());
      if (member == MISSING) {
        return null;
      }
      return method ? ((Method) member).invoke(target, NO_ARGS) : ((Field) member).get(target);
    }

    /**
     * The no-argument method, preferably declared public in a public type: the class itself, a
     * superclass or an interface. JDK collections' runtime classes are private (an immutable
     * list's {@code size()}), and reflection may not open them, but their interface methods are
     * callable. A non-public method of the application's own classes is made accessible.
     */
    private Method findMethod(Class<?> type) {
      Method accessible = null;
      RuntimeException refused = null;
      for (Class<?> c : hierarchy(type)) {
        Method method;
        try {
          method = c.getDeclaredMethod(name);
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
          continue;
        }
        if (Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        if (Modifier.isPublic(method.getModifiers()) && Modifier.isPublic(c.getModifiers())) {
          return method;
        }
        if (accessible == null) {
          RuntimeException failure = makeAccessible(method);
          if (failure == null) {
            accessible = method;
          } else if (refused == null) {
            refused = failure;
          }
        }
      }
      if (accessible == null && refused != null) {
        reportRefused(type, refused);
      }
      return accessible;
    }

    /**
     * One WARNING per member and runtime class (this runs once per class): the member exists but
     * the module system refuses access, so the value reads as unknown until the package is opened.
     */
    private void reportRefused(Class<?> type, RuntimeException refused) {
      logger.warning("victor-otel: " + configured + ": " + name + (method ? "()" : "")
          + " of " + type.getName() + " exists but cannot be made accessible (" + refused
          + "), so it reads as unknown: expected a public member of a public type, or the package"
          + " opened to the extension (--add-opens " + moduleOf(type) + "/"
          + packageOf(type) + "=ALL-UNNAMED)");
    }

    /** The class, its superclasses, then every interface they implement. */
    private static Set<Class<?>> hierarchy(Class<?> type) {
      Set<Class<?>> types = new LinkedHashSet<>();
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        types.add(c);
      }
      List<Class<?>> pending = new ArrayList<>(types);
      for (int i = 0; i < pending.size(); i++) {
        for (Class<?> implemented : pending.get(i).getInterfaces()) {
          if (types.add(implemented)) {
            pending.add(implemented);
          }
        }
      }
      return types;
    }

    private Field findField(Class<?> type) {
      RuntimeException refused = null;
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
            RuntimeException failure = makeAccessible(f);
            if (failure == null) {
              return f;
            }
            refused = refused == null ? failure : refused;
          }
        }
      }
      if (refused != null) {
        reportRefused(type, refused);
      }
      return null;
    }

    /** Null when accessible, else why not (InaccessibleObjectException in a named module). */
    private static RuntimeException makeAccessible(AccessibleObject member) {
      try {
        member.setAccessible(true);
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }

    /** The module name on Java 9+, read reflectively because core is compiled for Java 8. */
    private static String moduleOf(Class<?> type) {
      try {
        Object module = Class.class.getMethod("getModule").invoke(type);
        Object name = module.getClass().getMethod("getName").invoke(module);
        return name == null ? "ALL-UNNAMED" : name.toString();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return "<module>";
      }
    }

    private static String packageOf(Class<?> type) {
      String name = type.getName();
      int dot = name.lastIndexOf('.');
      return dot < 0 ? "" : name.substring(0, dot);
    }
  }
}
