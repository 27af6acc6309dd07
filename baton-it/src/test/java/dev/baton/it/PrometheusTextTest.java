package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.output.DeadLetterReason;
import dev.baton.server.BatonMeters;
import org.junit.jupiter.api.Test;

/** The test-only parser of the Prometheus text format: what it reads, and what it refuses. */
class PrometheusTextTest {

  private static final String VALID =
      """
      # A plain comment
      # HELP jobs_total Jobs done, with a \\\\ and a\\nsecond line
      # TYPE jobs_total counter
      jobs_total{queue="a b",path="C:\\\\x",quote="say \\"hi\\"",}\t3.0
      jobs_total{queue="empty"} 0 1764340000000
      # TYPE temperature gauge
      temperature NaN
      temperature{where="out"} -Inf
      # TYPE latency_seconds histogram
      latency_seconds_bucket{op="get",le="0.1"} 1
      latency_seconds_bucket{op="get",le="1.0"} 4
      latency_seconds_bucket{op="get",le="+Inf"} 5
      latency_seconds_count{op="get"} 5
      latency_seconds_sum{op="get"} 7.25
      # TYPE rpc_seconds summary
      rpc_seconds{quantile="0.5"} 0.2
      rpc_seconds{quantile="0.99"} 1.5e-1
      rpc_seconds_count 10
      rpc_seconds_sum 2.0
      loose_metric 42
      """
          .replace("\t", " ");

  @Test
  void shouldReadFamiliesTypesHelpLabelsValuesAndTimestamps() {
    // when
    PrometheusText text = PrometheusText.parse(VALID);
    // then
    assertThat(text.families().keySet())
        .containsExactly(
            "jobs_total", "temperature", "latency_seconds", "rpc_seconds", "loose_metric");
    PrometheusText.Family jobs = text.family("jobs_total");
    assertThat(jobs.type()).isEqualTo(PrometheusText.Type.COUNTER);
    assertThat(jobs.help()).isEqualTo("Jobs done, with a \\ and a\nsecond line");
    PrometheusText.Sample first = jobs.samples().get(0);
    assertThat(first.labels())
        .containsEntry("queue", "a b")
        .containsEntry("path", "C:\\x")
        .containsEntry("quote", "say \"hi\"");
    assertThat(first.value()).isEqualTo(3.0);
    assertThat(text.samples("jobs_total", "queue", "empty").get(0).timestamp())
        .isEqualTo(1_764_340_000_000L);
    assertThat(text.value("temperature", "where", "out")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(text.samples("temperature")).hasSize(2);
    assertThat(text.family("latency_seconds").samples()).hasSize(5);
    assertThat(text.value("latency_seconds_bucket", "le", "1.0")).isEqualTo(4.0);
    assertThat(text.family("rpc_seconds").type()).isEqualTo(PrometheusText.Type.SUMMARY);
    assertThat(text.value("rpc_seconds", "quantile", "0.99")).isEqualTo(0.15);
    assertThat(text.family("loose_metric").type()).isEqualTo(PrometheusText.Type.UNTYPED);
  }

  @Test
  void shouldReadWhatBatonMetersWrite() {
    // given
    try (BatonMeters meters = new BatonMeters()) {
      meters.input(new StartWorkflow("i-1", null));
      meters.deadLetter(DeadLetterReason.TOO_LARGE);
      meters.timerFired(TimerKind.RETRY, 1_200);
      // when
      PrometheusText text = PrometheusText.parse(meters.scrape());
      // then
      assertThat(text.family("baton_inputs_total").type()).isEqualTo(PrometheusText.Type.COUNTER);
      assertThat(text.value("baton_inputs_total", "type", "StartWorkflow")).isEqualTo(1.0);
      assertThat(text.value("baton_dead_letters_total", "reason", "TOO_LARGE")).isEqualTo(1.0);
      assertThat(text.family("baton_timer_lag_seconds").type())
          .isEqualTo(PrometheusText.Type.HISTOGRAM);
      assertThat(text.value("baton_timer_lag_seconds_count", "kind", "RETRY")).isEqualTo(1.0);
      assertThat(text.value("baton_timer_lag_seconds_sum", "kind", "RETRY")).isEqualTo(1.2);
      assertThat(text.value("baton_timer_lag_seconds_bucket", "kind", "RETRY", "le", "1.0"))
          .isZero();
      assertThat(text.value("baton_timer_lag_seconds_bucket", "kind", "RETRY", "le", "2.5"))
          .isEqualTo(1.0);
    }
  }

  private static void refuses(String text, String problem) {
    assertThatThrownBy(() -> PrometheusText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void shouldRefuseWhatAScraperWouldNotIngest() {
    refuses("up 1", "does not end with a line feed");
    refuses("9lives 1\n", "invalid metric name");
    refuses("up{9x=\"a\"} 1\n", "invalid label name");
    refuses("up{a=b} 1\n", "not quoted");
    refuses("up{a=\"b} 1\n", "not closed");
    refuses("up{a=\"\\t\"} 1\n", "the escape \\t");
    refuses("up{a=\"b\",a=\"c\"} 1\n", "label a twice");
    refuses("up{a=\"b\" c=\"d\"} 1\n", "expected ',' or '}'");
    refuses("up\n", "no value");
    refuses("up one\n", "invalid value 'one'");
    refuses("up 1 soon\n", "invalid timestamp");
    refuses("up 1 2 3\n", "at most a timestamp");
    refuses("up{a=\"b\"} 1\nup{a=\"b\"} 2\n", "a second time");
    refuses("a 1\nb 1\na 2\n", "not grouped together");
    refuses("# TYPE a gauge\n# TYPE a counter\na 1\n", "a second TYPE");
    refuses("# HELP a x\n# HELP a y\na 1\n", "a second HELP");
    refuses("# TYPE a gauge\na 1\n# TYPE b counter\nb 1\n# TYPE a gauge\n", "not grouped");
    refuses("# TYPE a meter\na 1\n", "unknown type");
    refuses("# TYPE a GAUGE\na 1\n", "not lower case");
    refuses("# HELP a bad \\t escape\na 1\n", "the escape \\t in HELP");
    refuses("# TYPE a_total counter\na_total -1\n", "is not 0 or more");
  }

  @Test
  void shouldRefuseHistogramsThatDoNotAddUp() {
    String head = "# TYPE h histogram\n";
    refuses(head + "h 1\n", "its samples are _bucket, _sum and _count");
    refuses(head + "h_bucket 1\nh_count 1\nh_sum 1\n", "A bucket without le");
    refuses(
        head + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
        "not cumulative");
    refuses(head + "h_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", "no le=\"+Inf\"");
    refuses(head + "h_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n", "is not the +Inf bucket");
    refuses(head + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n", "has no _sum");
    refuses(head + "h_bucket{le=\"x\"} 1\n", "le is not a number");
    refuses("# TYPE s summary\ns 1\n", "without quantile");
    refuses("# TYPE s summary\ns{quantile=\"2\"} 1\n", "outside [0, 1]");
  }
}
