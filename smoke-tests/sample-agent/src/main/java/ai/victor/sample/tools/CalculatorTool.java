package ai.victor.sample.tools;

import ai.victor.sample.faults.FaultKnobs;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the first binary arithmetic expression in its input, such as {@code 17 + 25}, almost
 * instantly. Input without one gets a plain answer (a context-cache hit can offer this tool to a
 * prompt with no arithmetic, which is not the tool failing); a division by zero is a soft
 * failure: the model asked badly and should be told.
 */
public final class CalculatorTool extends SimulatedTool {

  private static final Pattern EXPRESSION =
      Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*([-+*/])\\s*(-?\\d+(?:\\.\\d+)?)");

  public CalculatorTool(FaultKnobs knobs, Random random) {
    super("calculator", knobs, random, 0, 0, 0);
  }

  @Override
  protected String run(String arguments) {
    Matcher matcher = EXPRESSION.matcher(arguments);
    if (!matcher.find()) {
      return "nothing to calculate";
    }
    BigDecimal left = new BigDecimal(matcher.group(1));
    BigDecimal right = new BigDecimal(matcher.group(3));
    BigDecimal result;
    switch (matcher.group(2)) {
      case "+" -> result = left.add(right);
      case "-" -> result = left.subtract(right);
      case "*" -> result = left.multiply(right);
      default -> {
        if (right.signum() == 0) {
          return SOFT_ERROR_PREFIX + "division by zero";
        }
        result = left.divide(right, MathContext.DECIMAL64);
      }
    }
    return matcher.group() + " = " + result.stripTrailingZeros().toPlainString();
  }
}
