package ai.victor.otel.instrumentation.configured.app.http;

/** A tool (a configured tool target): name and arguments as the model sent them. */
public class LookupTool {
  public String run(String name, String arguments) {
    return name + " found " + arguments.length() + " characters of arguments";
  }
}
