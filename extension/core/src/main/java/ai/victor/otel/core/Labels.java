package ai.victor.otel.core;

/** Attribute keys of the catalog, and the closed sets of values some of them take. */
public final class Labels {
  public static final String NAMESPACE = "namespace";
  public static final String OPERATION = "operation";
  /** Why an entry was evicted ({@code size}, {@code expired}, {@code collected}), where known. */
  public static final String CAUSE = "cause";
  public static final String CACHE_TYPE = "cache_type";
  public static final String RESULT = "result";
  public static final String PROVIDER = "provider";
  public static final String MODEL = "model";
  public static final String ERROR_TYPE = "error_type";
  public static final String TOKEN_TYPE = "token_type";
  public static final String TOOL = "tool";
  public static final String STATUS = "status";
  public static final String COMPONENT = "component";
  public static final String SERVICE = "service";
  public static final String ROLE = "role";
  /** The opt-in tenant dimension (docs/configuration.md, "Tenants"), capped. */
  public static final String TENANT = "tenant";
  /** The currency of the configured prices. */
  public static final String CURRENCY = "currency";
  /** {@code requests} or {@code tokens}: which of a provider's rate limits. */
  public static final String LIMIT_TYPE = "limit_type";
  /** An agent's name (the invoked AI service, ChatClient or configured agent), capped. */
  public static final String AGENT = "agent";

  public static final String GENAI_OPERATION = "gen_ai.operation.name";
  public static final String GENAI_PROVIDER = "gen_ai.provider.name";
  public static final String GENAI_REQUEST_MODEL = "gen_ai.request.model";
  public static final String GENAI_TOKEN_TYPE = "gen_ai.token.type";
  public static final String ERROR_TYPE_SEMCONV = "error.type";
  public static final String GENAI_RESPONSE_MODEL = "gen_ai.response.model";
  public static final String GENAI_AGENT_NAME = "gen_ai.agent.name";
  public static final String GENAI_TOOL_NAME = "gen_ai.tool.name";
  public static final String SERVER_ADDRESS = "server.address";
  public static final String SERVER_PORT = "server.port";

  /** The value that aggregates every namespace, provider or tool in derived ratios. */
  public static final String OVERALL = "overall";
  /** The value that takes every name beyond the cardinality cap. */
  public static final String OVERFLOW = "_other";
  /** The value used when a configured name accessor yields nothing. */
  public static final String UNKNOWN = "unknown";

  private Labels() {}
}
