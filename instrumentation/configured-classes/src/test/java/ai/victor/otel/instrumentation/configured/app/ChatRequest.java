package ai.victor.otel.instrumentation.configured.app;

/** The model is read per call from {@code arg0.model()}. */
public record ChatRequest(String model, String prompt) {}
