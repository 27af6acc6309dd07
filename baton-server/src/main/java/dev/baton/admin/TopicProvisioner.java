package dev.baton.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates Baton's topics and checks the input topics before the application starts. */
public final class TopicProvisioner {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private TopicProvisioner() {}

  /**
   * {@link #createAll(Admin, List, OptionalInt, OptionalInt, Duration)} with {@link
   * #DEFAULT_TIMEOUT}.
   */
  public static ProvisionReport createAll(
      final Admin admin,
      final List<TopicSpec> specs,
      final OptionalInt partitionsOverride,
      final OptionalInt replicationOverride) {
    return createAll(admin, specs, partitionsOverride, replicationOverride, DEFAULT_TIMEOUT);
  }

  /**
   * Creates every topic of {@code specs} that does not exist yet. Existing topics are left as they
   * are (partition count and configs included) and reported as existing, so running it again is
   * harmless. Returns once every created topic has a leader for each partition, so that clients can
   * use it right away.
   *
   * @param partitionsOverride replaces the partition count of every spec, which keeps input topics
   *     co-partitioned
   * @param replicationOverride replaces the replication factor of every spec
   * @throws TopicProvisioningException naming each topic that could not be created and why; the
   *     other topics were still created
   */
  public static ProvisionReport createAll(
      final Admin admin,
      final List<TopicSpec> specs,
      final OptionalInt partitionsOverride,
      final OptionalInt replicationOverride,
      final Duration timeout) {
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(specs, "specs");
    Objects.requireNonNull(partitionsOverride, "partitionsOverride");
    Objects.requireNonNull(replicationOverride, "replicationOverride");
    if (partitionsOverride.isPresent() && partitionsOverride.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "partitions override must be at least 1, got " + partitionsOverride.getAsInt());
    }
    if (replicationOverride.isPresent()
        && (replicationOverride.getAsInt() < 1
            || replicationOverride.getAsInt() > Short.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "replication factor override must be between 1 and "
              + Short.MAX_VALUE
              + ", got "
              + replicationOverride.getAsInt());
    }
    final Map<String, NewTopic> requests = new LinkedHashMap<>();
    for (final TopicSpec spec : specs) {
      final NewTopic previous =
          requests.put(spec.name(), toNewTopic(spec, partitionsOverride, replicationOverride));
      if (previous != null) {
        throw new IllegalArgumentException("topic " + spec.name() + " is specified twice");
      }
    }
    if (requests.isEmpty()) {
      return new ProvisionReport(List.of(), List.of());
    }

    final long deadline = System.nanoTime() + timeout.toNanos();
    final Map<String, KafkaFuture<Void>> results =
        admin
            .createTopics(
                requests.values(), new CreateTopicsOptions().timeoutMs(timeoutMs(timeout)))
            .values();
    final List<String> created = new ArrayList<>();
    final List<String> existing = new ArrayList<>();
    final Map<String, String> failures = new LinkedHashMap<>();
    for (final String name : requests.keySet()) {
      try {
        results.get(name).get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        created.add(name);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          existing.add(name);
        } else {
          failures.put(name, describe(e.getCause()));
        }
      } catch (TimeoutException e) {
        failures.put(name, "no answer from the cluster within " + timeout.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException(
            "Interrupted while creating topics", new ProvisionReport(created, existing), e);
      }
    }
    final ProvisionReport report = new ProvisionReport(created, existing);
    if (failures.isEmpty() && !created.isEmpty()) {
      awaitVisible(admin, created, deadline, timeout, report);
    }
    if (!failures.isEmpty()) {
      final StringBuilder message =
          new StringBuilder("Could not create ")
              .append(failures.size())
              .append(" of ")
              .append(requests.size())
              .append(" topics:");
      failures.forEach(
          (name, reason) ->
              message.append(' ').append(name).append(" (").append(reason).append(");"));
      message.append(' ').append(report.summary());
      throw new TopicProvisioningException(message.toString(), report);
    }
    return report;
  }

  /** {@link #verifyInputs(Admin, String, String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static int verifyInputs(
      final Admin admin, final String commandsTopic, final String resultsTopic) {
    return verifyInputs(admin, commandsTopic, resultsTopic, DEFAULT_TIMEOUT);
  }

  /**
   * Checks that both input topics exist and are co-partitioned: Baton joins the records of one
   * instance from both by key, which only works when they have the same partition count.
   *
   * @return their common partition count
   * @throws TopicVerificationException naming the missing topics, or both topics and their
   *     partition counts when they differ
   */
  public static int verifyInputs(
      final Admin admin,
      final String commandsTopic,
      final String resultsTopic,
      final Duration timeout) {
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(commandsTopic, "commandsTopic");
    Objects.requireNonNull(resultsTopic, "resultsTopic");
    final Set<String> names = new LinkedHashSet<>(List.of(commandsTopic, resultsTopic));
    final long deadline = System.nanoTime() + timeout.toNanos();
    final Map<String, KafkaFuture<TopicDescription>> descriptions =
        admin
            .describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs(timeout)))
            .topicNameValues();
    final Map<String, Integer> partitions = new LinkedHashMap<>();
    final List<String> missing = new ArrayList<>();
    for (final String name : names) {
      try {
        partitions.put(
            name,
            descriptions
                .get(name)
                .get(remainingNanos(deadline), TimeUnit.NANOSECONDS)
                .partitions()
                .size());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(name);
        } else {
          throw new TopicVerificationException(
              "Cannot describe input topic '" + name + "': " + describe(e.getCause()),
              e.getCause());
        }
      } catch (TimeoutException e) {
        throw new TopicVerificationException(
            "Cannot describe input topic '"
                + name
                + "': no answer from the cluster within "
                + timeout.toSeconds()
                + " s",
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicVerificationException(
            "Interrupted while describing input topic '" + name + "'", e);
      }
    }
    if (missing.size() == 1) {
      throw new TopicVerificationException(
          "Input topic '"
              + missing.get(0)
              + "' does not exist; create Baton's topics first (baton topics create)");
    }
    if (missing.size() > 1) {
      throw new TopicVerificationException(
          "Input topics '"
              + String.join("' and '", missing)
              + "' do not exist; create Baton's topics first (baton topics create)");
    }
    final int commandsPartitions = partitions.get(commandsTopic);
    final int resultsPartitions = partitions.get(resultsTopic);
    if (commandsPartitions != resultsPartitions) {
      throw new TopicVerificationException(
          "Input topics are not co-partitioned: '"
              + commandsTopic
              + "' has "
              + commandsPartitions
              + " partitions but '"
              + resultsTopic
              + "' has "
              + resultsPartitions
              + "; they must have the same partition count, because the records of"
              + " one instance in both are routed by its instanceId key");
    }
    return commandsPartitions;
  }

  /**
   * CreateTopics returns once the controller committed the topics; the brokers learn of them a
   * moment later. Until then a describe says they do not exist and a produce gets
   * NOT_LEADER_OR_FOLLOWER, so wait until every partition has a leader that serves it.
   */
  private static void awaitVisible(
      final Admin admin,
      final List<String> topics,
      final long deadline,
      final Duration timeout,
      final ProvisionReport report) {
    Throwable lastProblem = null;
    while (true) {
      try {
        final Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs(timeout)))
                .allTopicNames()
                .get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        final boolean allLed =
            descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        if (allLed) {
          awaitLeadersServing(admin, descriptions, deadline);
          return;
        }
        lastProblem = null;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new TopicProvisioningException(
              "Created topics "
                  + topics
                  + " but cannot check that they are"
                  + " ready: "
                  + describe(e.getCause())
                  + "; "
                  + report.summary(),
              report,
              e.getCause());
        }
        lastProblem = e.getCause();
      } catch (TimeoutException e) {
        lastProblem = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException(
            "Interrupted while waiting for new topics to be ready", report, e);
      }
      if (remainingNanos(deadline) == 0) {
        throw new TopicProvisioningException(
            "Created topics "
                + topics
                + " but they did not all have a leader"
                + " within "
                + timeout.toSeconds()
                + " s"
                + (lastProblem != null ? " (" + describe(lastProblem) + ")" : "")
                + "; "
                + report.summary(),
            report,
            lastProblem);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException(
            "Interrupted while waiting for new topics to be ready", report, e);
      }
    }
  }

  /**
   * The metadata can name a leader before that broker acts as one. ListOffsets is answered by the
   * leader itself, and the admin client retries it while the answer is NOT_LEADER_OR_FOLLOWER.
   */
  private static void awaitLeadersServing(
      final Admin admin, final Map<String, TopicDescription> descriptions, final long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    final Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
    descriptions.forEach(
        (name, description) ->
            description
                .partitions()
                .forEach(
                    partition ->
                        partitions.put(
                            new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
    final long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)));
    admin
        .listOffsets(
            partitions,
            new ListOffsetsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, remainingMs)))
        .all()
        .get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
  }

  private static NewTopic toNewTopic(
      final TopicSpec spec,
      final OptionalInt partitionsOverride,
      final OptionalInt replicationOverride) {
    final int partitions = partitionsOverride.orElse(spec.partitions());
    final Optional<Short> replication;
    if (replicationOverride.isPresent()) {
      replication = Optional.of((short) replicationOverride.getAsInt());
    } else if (spec.usesBrokerDefaultReplication()) {
      replication = Optional.empty();
    } else {
      replication = Optional.of(spec.replicationFactor());
    }
    return new NewTopic(spec.name(), Optional.of(partitions), replication).configs(spec.configs());
  }

  private static int timeoutMs(final Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  private static long remainingNanos(final long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static String describe(final Throwable error) {
    final String message = error.getMessage();
    return error.getClass().getSimpleName() + (message != null ? ": " + message : "");
  }
}
