package io.linkgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.RepoFiles;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the gateway's configuration: every {@code LINKGATE_*} variable of the gateway and
 * sandbox services is a configuration key, their configurations load with the values of
 * config/docker-compose.env.example, the gateway reaches the sandbox and PostgreSQL services with the sandbox's
 * credentials, and Prometheus scrapes the ports the services listen on.
 */
class ComposeFileTest {

  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} as docker-compose interpolates them. */
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");

  static Map<String, Object> compose() throws Exception {
    return new Yaml().load(Files.readString(RepoFiles.file("docker-compose.yml")));
  }

  static Map<String, String> exampleEnv() throws Exception {
    Map<String, String> env = new TreeMap<>();
    for (String line : Files.readAllLines(RepoFiles.file("config/docker-compose.env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return env;
  }

  static String interpolate(String value, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String given = env.get(m.group(1));
      String replacement;
      if (given != null && !given.isEmpty()) {
        replacement = given;
      } else if ("-".equals(m.group(2))) {
        replacement = m.group(3);
      } else {
        throw new AssertionError("docker-compose would refuse: " + m.group(1) + " is required and not in the example env file");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) throws Exception {
    return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
  }

  /** The image's {@code ENV LINKGATE_*} (gateway/Dockerfile), then the service's environment, interpolated. */
  @SuppressWarnings("unchecked")
  static Map<String, String> environment(String service) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(RepoFiles.file("gateway/Dockerfile"))) {
      if (line.startsWith("ENV " + ConfigSource.ENV_PREFIX)) {
        String assignment = line.substring(4).trim();
        env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      }
    }
    Map<String, String> example = exampleEnv();
    ((Map<String, Object>) service(service).get("environment")).forEach((k, v) -> env.put(k, interpolate(String.valueOf(v), example)));
    return env;
  }

  static GatewayConfig load(Map<String, String> env) {
    return ConfigSource.load(null, env, Map.of()).bind(GatewayConfig::from);
  }

  @Test
  void should_name_only_configuration_keys_when_setting_linkgate_variables() throws Exception {
    List<String> unknown = new ArrayList<>();
    for (String service : List.of("gateway", "sandbox")) {
      for (String name : environment(service).keySet()) {
        assertTrue(name.startsWith(ConfigSource.ENV_PREFIX), service + ": " + name + " is not a LINKGATE_ variable");
        try {
          load(Map.of(name, environment(service).get(name)));
        } catch (ConfigException e) {
          if (e.getMessage().contains("unknown environment variable")) {
            unknown.add(service + ": " + name);
          }
        }
      }
    }
    assertTrue(unknown.isEmpty(), "not configuration keys: " + unknown);
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_load_the_gateway_and_sandbox_configurations_when_given_the_example_env_file() throws Exception {
    GatewayConfig gateway = load(environment("gateway"));
    GatewayConfig sandbox = load(environment("sandbox"));

    assertFalse(gateway.sandbox().enabled(), "the gateway uses the sandbox service, not an in-process one");
    assertEquals(URI.create("http://sandbox:8090"), gateway.upstream().baseUrl().orElseThrow());
    assertEquals(URI.create("http://sandbox:8090"), gateway.upstream().cardAuthorityUrl().orElseThrow());
    assertEquals("postgres", gateway.database().server().orElseThrow().getHost());
    assertEquals(exampleEnv().get("POSTGRES_PASSWORD"), gateway.database().server().orElseThrow().getPassword());
    assertTrue(exampleEnv().get("POSTGRES_PASSWORD").matches("[A-Za-z0-9._~-]+"),
        "the example's password is one the database URL carries as it is, as its comment asks");
    assertEquals(32, gateway.privacy().hmacKey().length);
    assertEquals("0.0.0.0", sandbox.sandbox().host(), "the sandbox must listen beyond its container's loopback");
    assertEquals(gateway.upstream().consumerKey(), sandbox.sandbox().consumerKey());
    assertEquals(gateway.upstream().consumerSecret(), sandbox.sandbox().consumerSecret());
    assertEquals("/var/lib/linkgate", gateway.dataDirectory().toString().replace('\\', '/'), "the image's data directory");
    assertTrue(((List<String>) service("gateway").get("volumes")).contains("gateway-data:/var/lib/linkgate"),
        "the journal (in the data directory) is on a volume");
    assertEquals(8081, gateway.management().port());
    assertEquals(8090, sandbox.sandbox().port());
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_require_a_card_issuer_key_of_its_own_when_the_sandbox_runs_in_compose() throws Exception {
    String raw = String.valueOf(((Map<String, Object>) service("sandbox").get("environment")).get("LINKGATE_SANDBOX_CARD_ISSUER_KEY"));
    Matcher m = VARIABLE.matcher(raw);
    assertTrue(m.matches() && "?".equals(m.group(2)), "docker-compose refuses to start without the key: " + raw);

    byte[] key = load(environment("sandbox")).sandbox().cardIssuerKey();

    assertEquals(32, key.length);
    assertFalse(java.util.Arrays.equals(io.linkgate.testing.Logins.DEMO_ISSUER_KEY, key),
        "the public demo key lets anyone answer for any simulated card");
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_scrape_the_services_on_their_configured_ports_when_prometheus_runs_in_compose() throws Exception {
    Map<String, Object> prometheus = new Yaml().load(Files.readString(RepoFiles.file("config/prometheus/prometheus.yml")));
    Map<String, String> targets = new TreeMap<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      for (Map<String, Object> statics : (List<Map<String, Object>>) job.get("static_configs")) {
        for (String target : (List<String>) statics.get("targets")) {
          targets.put((String) job.get("job_name"), target);
        }
      }
    }
    GatewayConfig gateway = load(environment("gateway"));
    GatewayConfig sandbox = load(environment("sandbox"));
    assertEquals(Map.of("linkgate", "gateway:" + gateway.management().port(), "linkgate-sandbox", "sandbox:" + sandbox.sandbox().port()),
        targets);
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertTrue(services.keySet().containsAll(List.of("postgres", "gateway", "sandbox", "prometheus", "grafana")), services.keySet().toString());
  }
}
