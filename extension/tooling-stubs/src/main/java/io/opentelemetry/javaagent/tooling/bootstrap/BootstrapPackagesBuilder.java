package io.opentelemetry.javaagent.tooling.bootstrap;

import java.util.Collection;

/** Signature copy of the agent's interface (2.x); the agent provides the real one. */
public interface BootstrapPackagesBuilder {
  BootstrapPackagesBuilder add(String classNameOrPrefix);

  BootstrapPackagesBuilder addAll(Collection<String> classNamesOrPrefixes);
}
