package io.linkgate.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of the benchmarks: {@code java -cp <gateway jar>:<load-tests jar> io.linkgate.bench.Bench <name> [--key value]...}. */
public final class Bench {

  private Bench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Bench report-scale [--records N] [--runs N] [--data DIR] [--regenerate]\n"
          + "       Bench plain-server --port P --bytes N\n"
          + "       Bench constant-rate --url URL --rate R [--seconds S] [--connections C] [--timeout-ms T] [--headers-env NAME]\n"
          + "       Bench disk-sync --dir DIR [--seconds S] [--bytes N]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "report-scale" -> ReportScale.main(rest);
      case "plain-server" -> PlainServer.main(rest);
      case "constant-rate" -> ConstantRate.main(rest);
      case "bench-report" -> BenchReport.main(rest);
      case "disk-sync" -> DiskSync.main(rest);
      default -> {
        System.err.println("unknown benchmark: " + args[0]);
        System.exit(2);
      }
    }
  }

  /** {@code --key value} and bare {@code --flag} options. */
  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + args[i]);
      }
      String key = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.put(key, args[++i]);
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }
}
