package ai.victor.sample.bootstrap;

/**
 * A part of the application that must be set up before it serves requests. Components are
 * initialized one after another, in dependency order, during {@code SampleAgentApp.start()}.
 */
public interface Component {

  /** Returns a short name for diagnostics, e.g. {@code "config"}. */
  String name();

  /**
   * Sets the component up. Called once, after the components it depends on were initialized.
   *
   * @throws RuntimeException if the component cannot be set up; startup then fails
   */
  void initialize();
}
