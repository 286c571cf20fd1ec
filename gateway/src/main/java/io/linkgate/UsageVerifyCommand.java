package io.linkgate;

import io.linkgate.config.ConfigException;
import io.linkgate.config.GatewayConfig;
import io.linkgate.db.Database;
import io.linkgate.privacy.KeyCheck;
import io.linkgate.privacy.KeyMaterial;
import io.linkgate.privacy.PrivacyConfig;
import io.linkgate.usage.Chain;
import io.linkgate.usage.ChainVerifier;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.YearMonth;

/** {@code usage verify --month YYYY-MM}: checks the usage log's chains with the gateway's database and keys. */
final class UsageVerifyCommand {

  private UsageVerifyCommand() {
  }

  static int run(GatewayConfig config, YearMonth month, PrintStream out, PrintStream err) {
    if (config.privacy().generated() && !Files.exists(config.dataDirectory().resolve("keys.properties"))) {
      err.println("linkgate: no data-protection keys: configure privacy.* as the gateway does, or point --data-dir at its data directory");
      return Main.EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.open(config.database(), config.dataDirectory())) {
      // an audit tool changes nothing: a schema older than this build is the gateway's to migrate
      int pending = db.pendingMigrations();
      if (pending > 0) {
        err.println("linkgate: the database's schema lacks " + pending + " migration(s) of this LinkGate version:"
            + " start the gateway of this version once (it migrates), or verify with the version that runs");
        return Main.EXIT_USAGE;
      }
      PrivacyConfig keys = KeyMaterial.loadOrGenerate(config.privacy(), config.dataDirectory());
      Pool pool = db.pool(vertx);
      try {
        KeyCheck.verify(pool, keys, false).await(); // other keys would make every record read as altered
        ChainVerifier.Report report = new ChainVerifier(pool, new Chain(keys.hmacKey())).verify(month, out::println);
        for (ChainVerifier.Finding f : report.findings()) {
          out.println(f);
        }
        if (report.records() == 0 && report.intact()) {
          out.println(month + ": no records in the usage log, nothing verified (a month before go-live, or its records"
              + " deleted whole: compare with the instances' journals and the month's report)");
          return Main.EXIT_NO_RECORDS;
        }
        out.println(month + ": " + report.records() + " records in " + report.chains() + " chain(s): "
            + (report.intact() ? "intact" : report.findings().size() + " problem(s) found"));
        return report.intact() ? Main.EXIT_OK : Main.EXIT_TAMPERED;
      } finally {
        pool.close().await();
      }
    } catch (ConfigException e) {
      // keys other than the database's (KeyCheck), or a damaged keys.properties: a configuration error, as at start-up
      err.println("linkgate: invalid configuration: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (Exception e) {
      err.println("linkgate: usage verify failed: " + e.getMessage());
      return Main.EXIT_FAILED;
    } finally {
      vertx.close().await();
    }
  }
}
