package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Texts;
import dev.baton.protocol.TopicNames;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks: reads {@code baton.task-dispatch}, runs the handler the {@link TaskRegistry} gives
 * for each task, and writes {@code TaskCompleted} or {@code TaskFailed} to {@code
 * baton.task-results}, keyed by instanceId, with the dispatch's attempt.
 *
 * <p>Delivery is at least once: an offset is committed only after the results of it and of every
 * record before it are written, so a crash re-runs the attempts whose results were not written. A
 * result written twice is harmless: the engine ignores an exact repeat.
 *
 * <p>Handlers run on a fixed pool of {@code threads}, so a slow task does not hold up the others.
 * When that many tasks are running, the worker pauses its partitions (and keeps polling, so it
 * stays in the group) until one finishes. When the attempt has a {@code timeoutMs}, its handler is
 * interrupted once that has passed and no result is written: the engine times the attempt out.
 *
 * <p>A record that is not a dispatch (not JSON, wrong type, missing fields) cannot come from Baton;
 * it is logged and skipped.
 *
 * <p>{@link #run()} polls in the calling thread until {@link #close()}; {@link #start()} runs it in
 * a thread of its own. {@code close()} stops taking tasks, gives running handlers {@code
 * shutdownGrace} to finish and writes their results; handlers still running after that are
 * interrupted, and their records are left uncommitted for the next worker.
 */
public final class Worker implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final String dispatchTopic;
  private final String resultsTopic;
  private final TaskRegistry registry;
  private final int threads;
  private final Duration shutdownGrace;
  private final ExecutorService pool;
  private final ScheduledExecutorService timeouts;

  private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
  private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final Set<Execution> executions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean abandoning;
  private volatile Thread pollThread;
  private boolean paused;

  private Worker(
      Builder builder, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
    this.consumer = consumer;
    this.producer = producer;
    this.dispatchTopic = builder.topics.taskDispatch();
    this.resultsTopic = builder.topics.taskResults();
    this.registry = builder.registry;
    this.threads = builder.threads;
    this.shutdownGrace = builder.shutdownGrace;
    this.pool = Executors.newFixedThreadPool(threads, threadsNamed("baton-task-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, threadsNamed("baton-task-timeouts-"));
    timer.setRemoveOnCancelPolicy(true);
    this.timeouts = timer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the worker in a new thread and returns; see {@link #run()}. */
  public Worker start() {
    claimStart();
    Thread thread =
        new Thread(
            () -> {
              try {
                loop();
              } catch (RuntimeException | Error e) {
                LOG.error("The worker stopped on an error", e);
              }
            },
            "baton-worker");
    thread.start();
    return this;
  }

  /** Blocks until {@link #run()} has returned; false when {@code timeout} passed first. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** What stopped the worker, when it stopped on an error. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(fatal.get());
  }

  /** Polls and runs tasks in the calling thread until {@link #close()}. */
  @Override
  public void run() {
    claimStart();
    loop();
  }

  private void claimStart() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("This worker was started or closed already; build a new one");
    }
  }

  private void loop() {
    pollThread = Thread.currentThread();
    try {
      consumer.subscribe(List.of(dispatchTopic), new Rebalances());
      LOG.info(
          "Worker running {} tasks at a time from {}; handlers for {}",
          threads,
          dispatchTopic,
          registry.names());
      while (!stopping) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          if (stopping) {
            break;
          }
          throw e;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          accept(record);
        }
        settle();
        throttle();
        commit();
        failIfBroken();
      }
      drain();
    } catch (RuntimeException | Error e) {
      fatal.compareAndSet(null, e);
      throw e;
    } finally {
      shutDownClients();
      terminated.countDown();
    }
  }

  /**
   * Stops the worker: waits for {@link #run()} to finish its running tasks (up to {@code
   * shutdownGrace}) and commit, then closes the Kafka clients. Idempotent.
   */
  @Override
  public void close() {
    stopping = true;
    if (started.compareAndSet(false, true)) {
      // Never started: nothing runs, only the clients need closing.
      shutDownClients();
      terminated.countDown();
      return;
    }
    if (terminated.getCount() == 0) {
      return;
    }
    consumer.wakeup();
    if (Thread.currentThread() == pollThread) {
      return;
    }
    try {
      if (!terminated.await(shutdownGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("The worker did not stop within {} s", shutdownGrace.toSeconds() + 30);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionOffsets tracker = offsets.computeIfAbsent(partition, p -> new PartitionOffsets());
    tracker.started(record.offset());
    TaskContext task;
    try {
      task = Dispatch.parse(record.value());
    } catch (Dispatch.Malformed e) {
      LOG.warn(
          "Skipping {}-{}@{} (key {}): {}; Baton writes no such record",
          record.topic(),
          record.partition(),
          record.offset(),
          record.key(),
          e.getMessage());
      tracker.done(record.offset());
      return;
    }
    running.incrementAndGet();
    pool.execute(() -> execute(partition, record.offset(), task));
  }

  /** On a pool thread: runs the handler, then writes the result. */
  private void execute(TopicPartition partition, long offset, TaskContext task) {
    Execution execution = new Execution(Thread.currentThread(), task);
    executions.add(execution);
    ScheduledFuture<?> timeout =
        task.timeoutMs() == null
            ? null
            : timeouts.schedule(
                () -> execution.abandon("its timeout of " + task.timeoutMs() + " ms passed"),
                task.timeoutMs(),
                TimeUnit.MILLISECONDS);
    Outcome outcome;
    try {
      outcome = runHandler(task);
    } catch (Error e) {
      fatal.compareAndSet(null, e);
      throw e;
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      executions.remove(execution);
      running.decrementAndGet();
    }
    String abandoned = execution.finish();
    if (abandoned != null) {
      // The interrupt was ours; the pool thread must not carry it into the next task.
      Thread.interrupted();
    }
    if (abandoned != null && !outcome.returned()) {
      LOG.info(
          "Task {} of {} (attempt {}) was stopped because {}; no result written",
          task.taskId(),
          task.instanceId(),
          task.attempt(),
          abandoned);
      if (!abandoning) {
        // A timeout: the engine reports it, and the record needs no second run.
        finished.add(new Finished(partition, offset));
      }
      return;
    }
    // A handler that returned despite the interrupt has a real result: the engine takes it, or
    // rejects it as stale when it already timed the attempt out.
    write(partition, offset, task, outcome.result());
  }

  private Outcome runHandler(TaskContext task) {
    TaskHandler handler = registry.find(task.name(), task.taskId()).orElse(null);
    if (handler == null) {
      return new Outcome(
          TaskResults.failed(
              task,
              "no handler for task name '"
                  + task.name()
                  + "' (task id '"
                  + task.taskId()
                  + "') on this worker; it handles "
                  + registry.names(),
              false),
          true);
    }
    try {
      JsonNode output = handler.handle(task);
      return new Outcome(TaskResults.completed(task, output), true);
    } catch (NonRetryableTaskException e) {
      return new Outcome(TaskResults.failed(task, message(e), false), false);
    } catch (Exception e) {
      LOG.debug(
          "Task {} of {} (attempt {}) failed", task.taskId(), task.instanceId(), task.attempt(), e);
      return new Outcome(TaskResults.failed(task, message(e), true), false);
    }
  }

  private void write(TopicPartition partition, long offset, TaskContext task, byte[] result) {
    try {
      producer.send(
          new ProducerRecord<>(resultsTopic, task.instanceId(), result),
          (metadata, error) -> {
            if (error != null) {
              fatal.compareAndSet(
                  null,
                  new WorkerException(
                      "Cannot write the result of task "
                          + task.taskId()
                          + " of "
                          + task.instanceId()
                          + " (attempt "
                          + task.attempt()
                          + ") to "
                          + resultsTopic
                          + ": "
                          + error.getMessage(),
                      error));
            } else {
              finished.add(new Finished(partition, offset));
            }
          });
    } catch (RuntimeException e) {
      fatal.compareAndSet(
          null,
          new WorkerException(
              "Cannot write the result of task "
                  + task.taskId()
                  + " of "
                  + task.instanceId()
                  + " to "
                  + resultsTopic
                  + ": "
                  + e.getMessage(),
              e));
    }
  }

  /** Moves what handlers finished into the offset trackers (polling thread only). */
  private void settle() {
    Finished done;
    while ((done = finished.poll()) != null) {
      PartitionOffsets tracker = offsets.get(done.partition());
      if (tracker != null) {
        tracker.done(done.offset());
      }
    }
  }

  /** Pauses every assigned partition while the pool is full, resumes when there is room. */
  private void throttle() {
    if (running.get() >= threads) {
      // Again on every loop: a rebalance may have assigned partitions that are not paused.
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void commit() {
    commit(offsets.keySet());
  }

  private void commit(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (TopicPartition partition : partitions) {
      PartitionOffsets tracker = offsets.get(partition);
      if (tracker != null) {
        tracker.committable().ifPresent(o -> commits.put(partition, new OffsetAndMetadata(o)));
      }
    }
    if (commits.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(commits);
      commits.forEach((partition, o) -> offsets.get(partition).committed(o.offset()));
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partitions moved meanwhile: their new owner re-runs what this commit would have
      // covered; results written twice are ignored by the engine.
      LOG.warn("Could not commit {} during a rebalance: {}", commits.keySet(), e.getMessage());
    }
  }

  private void failIfBroken() {
    Throwable failure = fatal.get();
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw (RuntimeException) failure;
    }
  }

  /** After the poll loop: lets running handlers finish, writes and commits their results. */
  private void drain() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        abandoning = true;
        LOG.warn(
            "{} tasks still running after {} s; interrupting them, their records stay"
                + " uncommitted for the next worker",
            executions.size(),
            shutdownGrace.toSeconds());
        executions.forEach(e -> e.abandon("the worker is closing"));
        pool.shutdownNow();
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("Task handlers ignored the interrupt; leaving them behind");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.flush();
    settle();
    commit();
    failIfBroken();
  }

  private void shutDownClients() {
    pool.shutdownNow();
    timeouts.shutdownNow();
    try {
      producer.close(Duration.ofSeconds(10));
    } finally {
      consumer.close();
    }
    LOG.info("Worker stopped");
  }

  private static String message(Exception e) {
    String message =
        e.getMessage() == null || e.getMessage().isBlank()
            ? e.getClass().getName()
            : e.getMessage();
    return Texts.capped(message);
  }

  private static ThreadFactory threadsNamed(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private record Finished(TopicPartition partition, long offset) {}

  /** A result to write, and whether the handler returned (rather than threw). */
  private record Outcome(byte[] result, boolean returned) {}

  /**
   * One running handler; abandoning it interrupts its thread, at most once and only while it runs.
   */
  private static final class Execution {

    private final Thread thread;
    private final TaskContext task;
    private boolean done;
    private String abandonedBecause;

    Execution(Thread thread, TaskContext task) {
      this.thread = thread;
      this.task = task;
    }

    synchronized void abandon(String because) {
      if (done || abandonedBecause != null) {
        return;
      }
      abandonedBecause = because;
      LOG.info(
          "Interrupting task {} of {} (attempt {}): {}",
          task.taskId(),
          task.instanceId(),
          task.attempt(),
          because);
      thread.interrupt();
    }

    /** Marks the handler as returned; the reason it was abandoned, or null when it was not. */
    synchronized String finish() {
      done = true;
      return abandonedBecause;
    }
  }

  /** Commits what is done before partitions move, and forgets them. */
  private final class Rebalances implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      settle();
      commit(partitions);
      partitions.forEach(offsets::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(offsets::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused) {
        consumer.pause(partitions);
      }
    }
  }

  /** Settings of a {@link Worker}. */
  public static final class Builder {

    private Properties clientProperties = new Properties();
    private TopicNames topics = TopicNames.DEFAULTS;
    private String groupId = "baton-workers";
    private int threads = 4;
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private TaskRegistry registry = new TaskRegistry();
    private Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;

    private Builder() {}

    /**
     * Kafka client settings (bootstrap.servers, security...) for the consumer and producer. They
     * are copied: later changes to {@code properties}, or to this builder, do not reach each other.
     */
    public Builder clientProperties(Properties properties) {
      Objects.requireNonNull(properties, "properties");
      Properties copy = new Properties();
      properties
          .stringPropertyNames()
          .forEach(key -> copy.setProperty(key, properties.getProperty(key)));
      this.clientProperties = copy;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      clientProperties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      return this;
    }

    /** Where dispatches are read and results written (default: the contract's names). */
    public Builder topics(TopicNames topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** Workers of one group share the dispatches; each group gets every dispatch. */
    public Builder groupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /** How many tasks run at once. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** How long {@link Worker#close()} lets running tasks finish. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    public Builder registry(TaskRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Shorthand for {@code registry.register(nameOrTaskId, handler)}. */
    public Builder handler(String nameOrTaskId, TaskHandler handler) {
      registry.register(nameOrTaskId, handler);
      return this;
    }

    /** Clients made elsewhere (tests use Kafka's mocks). */
    Builder clients(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
      this.consumer = consumer;
      this.producer = producer;
      return this;
    }

    public Worker build() {
      if (consumer != null) {
        return new Worker(this, consumer, producer);
      }
      if (clientProperties.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
        throw new IllegalStateException(
            "No bootstrap.servers: call config(...),"
                + " clientProperties(...) or bootstrapServers(...)");
      }
      Map<String, Object> consumerConfig = settings();
      consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      // Dispatches of aborted transactions are not tasks.
      consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // A new group must not skip the dispatches written before it first started.
      consumerConfig.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      // No more records per poll than there are threads: beyond that they would only wait.
      consumerConfig.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, threads);
      Map<String, Object> producerConfig = settings();
      producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
      producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      // Results are few and small: send each at once.
      producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
      KafkaConsumer<String, byte[]> kafkaConsumer =
          new KafkaConsumer<>(
              consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
      KafkaProducer<String, byte[]> kafkaProducer;
      try {
        kafkaProducer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
      } catch (RuntimeException e) {
        kafkaConsumer.close();
        throw e;
      }
      return new Worker(this, kafkaConsumer, kafkaProducer);
    }

    private Map<String, Object> settings() {
      Map<String, Object> settings = new HashMap<>();
      clientProperties
          .stringPropertyNames()
          .forEach(key -> settings.put(key, clientProperties.getProperty(key)));
      return settings;
    }
  }
}
