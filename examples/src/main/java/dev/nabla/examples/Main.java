package dev.nabla.examples;

import java.util.Arrays;

/**
 * Runs one example by name: {@code java --add-modules jdk.incubator.vector -jar examples.jar
 * [digits|cnn|linreg|gradcheck|newton|iris|makemore] [args…]}; the default is {@code digits}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "digits";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (name) {
      case "digits" -> Digits.main(rest);
      case "cnn" -> Cnn.main(rest);
      case "linreg" -> LinearRegression.main(rest);
      case "gradcheck" -> CheckGradients.main(rest);
      case "newton" -> Newton.main(rest);
      case "iris" -> Iris.main(rest);
      case "makemore" -> Makemore.main(rest);
      default -> {
        System.err.println("unknown example '" + name + "'; choose one of: digits (default, writes"
            + " digits-curves.png, digits-model.safetensors, digits-step.dot into [dir]), cnn, linreg, gradcheck, newton, iris,"
            + " makemore [steps]");
        System.exit(2);
      }
    }
  }
}
