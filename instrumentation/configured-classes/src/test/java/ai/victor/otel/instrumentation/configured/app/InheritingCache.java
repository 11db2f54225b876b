package ai.victor.otel.instrumentation.configured.app;

/**
 * Target inherited-cache names this class and its get and put, which it only inherits from
 * PlainStore: advice is woven into matched classes only, so those calls are never recorded and
 * the extension must say so. Loaded only by MisconfigurationTest.
 */
public class InheritingCache extends PlainStore {}
