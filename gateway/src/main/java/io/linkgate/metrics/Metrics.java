package io.linkgate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * The meter registry and the Vert.x metrics options. Vert.x labels are limited to bounded values: the
 * route template, never the path (paths hold citizen IDs), and never the remote address.
 */
public final class Metrics {

  private Metrics() {
  }

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", "linkgate");
    // Micrometer's cache binder names its meters cache.*; LinkGate's meters are all linkgate.*
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith("cache.") ? id.withName("linkgate." + id.getName()) : id;
      }
    });
    return registry;
  }

  public static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.CLIENT_NAME, Label.NAMESPACE))
        // upstream calls are measured by linkgate_upstream_requests_seconds (endpoint, outcome); Vert.x's own HTTP
        // client meters repeated them at about 2.5 % of a cache-off lookup's CPU (a gauge looked up per request)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
  }
}
