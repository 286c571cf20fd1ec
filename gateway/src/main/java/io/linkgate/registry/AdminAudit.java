package io.linkgate.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The admin audit trail: who changed the registry, when and what. Written in the change's transaction. */
public final class AdminAudit {

  /** The actor of a change made by the operating system's signal (a configuration reload by SIGHUP). */
  public static final String SIGNAL = "signal";

  private AdminAudit() {
  }

  public static Future<Void> record(SqlClient client, String actor, String action, String target, JsonObject detail) {
    return client.preparedQuery("INSERT INTO admin_audit (id, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(UUID.randomUUID(), actor, action, target, detail))
        .mapEmpty();
  }
}
