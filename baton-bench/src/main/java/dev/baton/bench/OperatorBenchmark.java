package dev.baton.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.ListPosition;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.HistoryKeys;
import dev.baton.topology.StoreKv;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the operator's API costs, on Baton's own topology and RocksDB stores (under a
 * TopologyTestDriver: no broker, so only the stores' cost is measured): a page of {@code GET
 * /workflows?status=RUNNING&limit=50} as the number of instances held grows, and the first and last
 * pages of the history of a 10,000-task workflow. The figures are medians of repeated reads after a
 * warm-up, reported with their ratios to the smallest case.
 */
final class OperatorBenchmark {

  private static final int WARMUP = 200;
  private static final int REPEATS = 1_000;
  private static final int RUNNING = 100;
  private static final int PAGE = 50;
  private static final TopicNames TOPICS = TopicNames.DEFAULTS;

  private final PrintStream progress;

  OperatorBenchmark(PrintStream progress) {
    this.progress = progress;
  }

  /** Measures the list page at each of {@code sizes} instances held, then the history pages. */
  ObjectNode run(List<Integer> sizes, int historyTasks) {
    ObjectNode json = ReportJson.object();
    ObjectNode list = json.putObject("list_page_us");
    try (Driver d = new Driver()) {
      // the RUNNING ones first: the oldest, so a newest-first page of RUNNING seeks past nothing
      for (int i = 0; i < RUNNING; i++) {
        d.create("run-" + i, "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\"}]}");
      }
      int held = RUNNING;
      double first = 0;
      ListPosition oldestFresh = null;
      for (int size : sizes) {
        while (held < size) {
          // a finished instance held: it ran (was on the RUNNING index) until its task completed
          d.create("done-" + held, "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\"}]}");
          d.result(
              "done-" + held,
              "{\"type\":\"TaskCompleted\",\"instanceId\":\"done-"
                  + held
                  + "\",\"taskId\":\"t\",\"attempt\":1}");
          held++;
        }
        // and the newest are running, as on a live system: a page of RUNNING finds them first
        for (int i = 0; i < PAGE; i++) {
          d.create("fresh-" + held + "-" + i, "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\"}]}");
        }
        held += PAGE;
        d.drain();
        WorkflowQueries q = d.queries();
        if (oldestFresh == null) {
          oldestFresh =
              ListPosition.of(q.list(WorkflowStatus.RUNNING, null, null, PAGE).get(PAGE - 1));
        }
        ListPosition pastFresh = oldestFresh;
        double newest = medianMicros(() -> q.list(WorkflowStatus.RUNNING, null, null, PAGE), PAGE);
        // the worst case: running instances older than everything that finished since
        double oldest =
            medianMicros(() -> q.list(WorkflowStatus.RUNNING, null, pastFresh, PAGE), PAGE);
        double any = medianMicros(() -> q.list(null, null, null, PAGE), PAGE);
        double byDefinition =
            medianMicros(() -> q.list(WorkflowStatus.RUNNING, "wf", null, PAGE), PAGE);
        if (first == 0) {
          first = newest;
        }
        ObjectNode at = list.putObject(Integer.toString(held));
        ReportJson.putFigure(at, "status_running", newest);
        ReportJson.putFigure(at, "status_running_and_workflow", byDefinition);
        ReportJson.putFigure(at, "any", any);
        ReportJson.putFigure(at, "status_running_behind_the_finished", oldest);
        ReportJson.putFigure(at, "ratio_to_smallest", newest / first);
        progress.printf(
            Locale.ROOT,
            "bench:   list page of %d, %,d instances held: RUNNING %.1f us (x%.2f of the smallest),"
                + " RUNNING of wf %.1f us, any %.1f us; RUNNING older than every finished one"
                + " %.1f us%n",
            PAGE,
            held,
            newest,
            newest / first,
            byDefinition,
            any,
            oldest);
      }
    }
    try (Driver d = new Driver()) {
      StringBuilder tasks = new StringBuilder();
      for (int i = 0; i < historyTasks; i++) {
        tasks.append(i == 0 ? "" : ",").append("{\"id\":\"t").append(i).append("\"}");
      }
      d.create("big", "{\"id\":\"big\",\"tasks\":[" + tasks + "]}");
      for (int i = 0; i < historyTasks; i++) {
        d.result(
            "big",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"big\",\"taskId\":\"t"
                + i
                + "\",\"attempt\":1}");
        if (i % 5_000 == 0) {
          d.drain();
        }
      }
      d.drain();
      KeyValueStore<String, byte[]> history =
          d.driver.getKeyValueStore(BatonTopology.HISTORY_STORE);
      long events = HistoryKeys.page(history, "big", 0, Integer.MAX_VALUE).size();
      double firstPage = medianMicros(() -> HistoryKeys.page(history, "big", 0, 1000), 1000);
      double lastPage =
          medianMicros(() -> HistoryKeys.page(history, "big", events - 1000, 1000), 1000);
      ObjectNode h = json.putObject("history_page_us");
      h.put("tasks", historyTasks);
      h.put("events", events);
      ReportJson.putFigure(h, "first_1000", firstPage);
      ReportJson.putFigure(h, "last_1000", lastPage);
      ReportJson.putFigure(h, "ratio_last_to_first", lastPage / firstPage);
      progress.printf(
          Locale.ROOT,
          "bench:   history of a %,d-task workflow (%,d events): first page of 1000 %.0f us,"
              + " last %.0f us (x%.2f)%n",
          historyTasks,
          events,
          firstPage,
          lastPage,
          lastPage / firstPage);
    }
    return json;
  }

  /** The median time of {@code read}, in microseconds; fails if it returns fewer than asked. */
  private static double medianMicros(Supplier<List<?>> read, int expected) {
    for (int i = 0; i < WARMUP; i++) {
      check(read.get(), expected);
    }
    long[] nanos = new long[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      List<?> page = read.get();
      nanos[i] = System.nanoTime() - start;
      check(page, expected);
    }
    Arrays.sort(nanos);
    return nanos[REPEATS / 2] / 1_000.0;
  }

  private static void check(List<?> page, int expected) {
    if (page.size() != expected) {
      throw new BenchmarkException(
          "A page held " + page.size() + " items, expected " + expected, null);
    }
  }

  /** The topology on RocksDB under a TopologyTestDriver; outputs are read and dropped. */
  private static final class Driver implements AutoCloseable {

    final TopologyTestDriver driver;
    private final Path dir;
    private final TestInputTopic<String, byte[]> commands;
    private final TestInputTopic<String, byte[]> results;
    private final List<TestOutputTopic<String, String>> outputs = new ArrayList<>();
    private int sinceDrain;

    /** Record time: instances created later are newer. */
    long clock = 1_764_340_000_000L;

    Driver() {
      try {
        dir = Files.createTempDirectory("baton-operator-bench");
      } catch (java.io.IOException e) {
        throw new BenchmarkException("Cannot create a temporary directory", e);
      }
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baton-operator-" + UUID.randomUUID());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
      driver =
          new TopologyTestDriver(
              BatonTopology.build(
                  TOPICS, EngineConfig.DEFAULTS, BatonTopology.DEFAULT_MAX_RECORD_BYTES),
              props,
              Instant.ofEpochMilli(1_764_340_000_000L));
      commands =
          driver.createInputTopic(
              TOPICS.commands(), new StringSerializer(), new ByteArraySerializer());
      results =
          driver.createInputTopic(
              TOPICS.taskResults(), new StringSerializer(), new ByteArraySerializer());
      for (String topic :
          List.of(TOPICS.status(), TOPICS.taskDispatch(), TOPICS.metrics(), TOPICS.deadLetter())) {
        outputs.add(
            driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer()));
      }
    }

    void create(String instanceId, String definition) {
      // Instances are created at processing time: one millisecond apart, so newest-first is
      // creation order, as on a live system.
      clock++;
      driver.advanceWallClockTime(java.time.Duration.ofMillis(1));
      commands.pipeInput(
          instanceId,
          ("{\"type\":\"CreateWorkflow\",\"instanceId\":\""
                  + instanceId
                  + "\",\"definition\":"
                  + definition
                  + ",\"start\":true}")
              .getBytes(StandardCharsets.UTF_8),
          Instant.ofEpochMilli(clock));
      if (++sinceDrain == 10_000) {
        drain();
      }
    }

    void result(String instanceId, String json) {
      results.pipeInput(instanceId, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads away what the topology wrote, the changelogs included: the test driver keeps every
     * record produced until it is read, and a million instances' changelog records would fill the
     * heap.
     */
    void drain() {
      outputs.forEach(TestOutputTopic::readRecordsToList);
      for (String topic : driver.producedTopicNames()) {
        driver
            .createOutputTopic(
                topic,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())
            .readRecordsToList();
      }
      sinceDrain = 0;
    }

    WorkflowQueries queries() {
      KeyValueStore<String, InstanceState> instances =
          driver.getKeyValueStore(BatonTopology.INSTANCES_STORE);
      KeyValueStore<String, StoredEntry> entries =
          driver.getKeyValueStore(BatonTopology.ENTRIES_STORE);
      KeyValueStore<String, StoredEntry> live =
          driver.getKeyValueStore(BatonTopology.LIVE_LISTS_STORE);
      return WorkflowQueries.of(
          new KvWorkflowState(
              StoreKv.readOnly(instances), StoreKv.readOnly(entries), StoreKv.readOnly(live)));
    }

    @Override
    public void close() {
      driver.close();
      TempDirs.delete(dir);
    }
  }
}
