package ai.victor.sample.webapps.app;

/** A tool of the webapp's own, made a victor tool by configuration (name read per instance). */
public final class AppTool {
  private final String name;

  public AppTool(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public String execute(String input) {
    return name + ":" + input;
  }
}
