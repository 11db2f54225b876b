package ai.victor.otel.instrumentation.configured;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.Target;
import ai.victor.otel.core.config.VictorConfig;
import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * Instruments the application's own classes in the roles that {@code victor.otel.targets} gives
 * them: one {@link ConfiguredTypeInstrumentation} per target. Switch off with {@code
 * otel.instrumentation.victor-configured-classes.enabled=false}.
 */
@AutoService(InstrumentationModule.class)
public class ConfiguredClassesInstrumentationModule extends InstrumentationModule {
  private static final Logger logger = Logger.getLogger("ai.victor.otel");

  /**
   * Read once: the agent asks for the helper classes and for the type instrumentations separately,
   * and each read parses the configuration and logs its problems.
   */
  private List<Target> targets;

  public ConfiguredClassesInstrumentationModule() {
    super("victor-configured-classes");
  }

  /**
   * Core's classes, or none when no target is configured (a LangChain4j or Spring AI service):
   * the agent logs a warning for a module with helpers and nothing to instrument.
   */
  @Override
  public List<String> getAdditionalHelperClassNames() {
    return targets().isEmpty() ? Collections.<String>emptyList() : HelperClasses.NAMES;
  }

  @Override
  public boolean isHelperClass(String className) {
    return className.startsWith("ai.victor.otel.core.");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> instrumentations = new ArrayList<>();
    for (Target target : targets()) {
      instrumentations.add(new ConfiguredTypeInstrumentation(target));
    }
    return instrumentations;
  }

  private synchronized List<Target> targets() {
    if (targets == null) {
      VictorConfig config = VictorConfig.load(ConfigSource.fromEnvironment());
      for (String problem : config.problems()) {
        logger.warning(problem);
      }
      targets = config.targets();
    }
    return targets;
  }
}
