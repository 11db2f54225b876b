/**
 * The application side of the benchmarks: small classes shaped like an AI agent's cache, tool
 * selector, LLM client and tool runner. They have no OpenTelemetry code; {@code targets.properties}
 * points the extension's configured-classes instrumentation at them, as a user would. Their
 * bodies do as little as possible and allocate nothing, so that what a benchmark adds over the JVM
 * without the agent is the instrumentation alone.
 */
package ai.victor.otel.bench.app;
