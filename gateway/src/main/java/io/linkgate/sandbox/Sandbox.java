package io.linkgate.sandbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of the simulated upstreams, shared by the sandbox server and whoever drives it (tests, the
 * admin calls): population, issued tokens, agent availability, faults, latency and call counters.
 */
public final class Sandbox {

  /** What {@code agent/permission} answers for an officer. */
  public enum AgentState { AgentAvailable, AgentNotAvailable, CitizenAvailable }

  static final int MAX_AGENT_OVERRIDES = 10_000;

  private final SandboxConfig config;
  private final Clock clock;
  private final Population population = new Population();
  private final GdxTokens tokens;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<SandboxEndpoint, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AgentState> agentOverrides = new ConcurrentHashMap<>();
  private volatile LatencyModel latency;

  public Sandbox(SandboxConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.tokens = new GdxTokens(config.tokenIdleTimeout(), clock);
    this.latency = new LatencyModel(config.latencyMedian(), config.latencyP99());
    resetFaults();
  }

  public SandboxConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Population population() {
    return population;
  }

  GdxTokens tokens() {
    return tokens;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Fault fault(SandboxEndpoint endpoint) {
    return faults.get(endpoint);
  }

  public Map<SandboxEndpoint, Fault> faults() {
    return Map.copyOf(new EnumMap<>(faults));
  }

  public void setFault(SandboxEndpoint endpoint, Fault fault) {
    faults.put(endpoint, fault);
  }

  /** Back to the configured faults. */
  public void resetFaults() {
    faults.putAll(config.faults());
  }

  /** Forgets every issued GDX token, as if GDX had restarted: the next call with an old token gets 401. */
  public void revokeTokens() {
    tokens.clear();
  }

  public void setLatency(Duration median, Duration p99) {
    latency = new LatencyModel(median, p99);
  }

  LatencyModel latency() {
    return latency;
  }

  /** Overrides what agent/permission answers for one officer; bounded, for tests and demos. */
  public void setAgentState(String citizenId, AgentState state) {
    if (state == AgentState.AgentAvailable) {
      agentOverrides.remove(citizenId);
    } else if (agentOverrides.size() < MAX_AGENT_OVERRIDES || agentOverrides.containsKey(citizenId)) {
      agentOverrides.put(citizenId, state);
    } else {
      throw new IllegalStateException("too many agent overrides");
    }
  }

  AgentState agentState(String citizenId) {
    AgentState override = agentOverrides.get(citizenId);
    if (override != null) {
      return override;
    }
    return population.person(citizenId).isPresent() ? AgentState.AgentAvailable : AgentState.AgentNotAvailable;
  }

  /** Calls the endpoint has served since start, whatever their outcome: lets tests count upstream calls. */
  public long calls(SandboxEndpoint endpoint) {
    return (long) registry.find("linkgate.sandbox.calls").tag("endpoint", endpoint.id()).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  void count(SandboxEndpoint endpoint, String outcome) {
    Counter.builder("linkgate.sandbox.calls").description("Calls the sandbox upstreams answered, by endpoint and outcome")
        .tags("endpoint", endpoint.id(), "outcome", outcome).register(registry).increment();
  }
}
