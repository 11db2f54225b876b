package ai.victor.sample.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.victor.sample.faults.FaultKnobs;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolExecutorTest {

  private final ToolExecutor executor =
      new ToolExecutor(new FaultKnobs(Map.of(ToolExecutor.TIMEOUT_KNOB, "50")), 2);

  @AfterEach
  void close() {
    executor.close();
  }

  private static Tool tool(String name, ThrowingFunction body) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String invoke(String arguments) throws Exception {
        return body.apply(arguments);
      }
    };
  }

  private interface ThrowingFunction {
    String apply(String arguments) throws Exception;
  }

  @Test
  void returnsTheOutput() throws ToolExecutionException {
    ToolResult result = executor.execute(tool("echo", args -> "got " + args), "x");

    assertThat(result).isEqualTo(new ToolResult("got x", false));
  }

  @Test
  void reportsASoftFailureWithoutThrowing() throws ToolExecutionException {
    ToolResult result = executor.execute(tool("soft", args -> Tool.SOFT_ERROR_PREFIX + "bad"), "");

    assertThat(result.isError()).isTrue();
    assertThat(result.output()).isEqualTo("error: bad");
  }

  @Test
  void wrapsWhatTheToolThrows() {
    IOException failure = new IOException("down");

    assertThatThrownBy(() -> executor.execute(tool("broken", args -> { throw failure; }), ""))
        .isExactlyInstanceOf(ToolExecutionException.class)
        .hasCause(failure)
        .satisfies(e -> assertThat(((ToolExecutionException) e).toolName()).isEqualTo("broken"));
  }

  @Test
  void interruptsAToolThatTimesOut() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Tool slow =
        tool(
            "slow",
            args -> {
              try {
                Thread.sleep(10_000);
                return "too late";
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
            });

    assertThatThrownBy(() -> executor.execute(slow, ""))
        .isInstanceOf(ToolTimeoutException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("50 ms");
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void followsTheTimeoutKnobAtRuntime() throws ToolExecutionException {
    FaultKnobs knobs = new FaultKnobs(Map.of());
    try (ToolExecutor tuned = new ToolExecutor(knobs, 1)) {
      knobs.set(Map.of(ToolExecutor.TIMEOUT_KNOB, "5000"));
      Tool sleepy = tool("sleepy", args -> { Thread.sleep(100); return "done"; });

      assertThat(tuned.execute(sleepy, "").output()).isEqualTo("done");
    }
  }
}
