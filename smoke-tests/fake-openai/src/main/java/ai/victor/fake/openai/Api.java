package ai.victor.fake.openai;

/** The provider HTTP APIs the fake speaks, one server and port for all. */
public enum Api {
  /** OpenAI {@code POST /v1/chat/completions}. */
  CHAT_COMPLETIONS,
  /** OpenAI {@code POST /v1/responses}. */
  RESPONSES,
  /** Anthropic {@code POST /v1/messages}. */
  ANTHROPIC_MESSAGES,
  /** Gemini {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent}. */
  GEMINI
}
