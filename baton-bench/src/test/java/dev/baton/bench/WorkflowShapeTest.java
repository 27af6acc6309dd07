package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Planner;
import dev.baton.protocol.json.DefinitionReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowShapeTest {

  @Test
  void shouldChainEachTaskToThePreviousOne() {
    List<int[]> deps = WorkflowShape.CHAIN.dependencies(3);

    assertThat(deps.get(0)).isEmpty();
    assertThat(deps.get(1)).containsExactly(0);
    assertThat(deps.get(2)).containsExactly(1);
  }

  @Test
  void shouldFanOutFromTheRootAndBackInToTheSink() {
    List<int[]> deps = WorkflowShape.FAN_OUT.dependencies(5);

    assertThat(deps.get(0)).isEmpty();
    assertThat(deps.get(1)).containsExactly(0);
    assertThat(deps.get(3)).containsExactly(0);
    assertThat(deps.get(4)).containsExactly(1, 2, 3);
  }

  @Test
  void shouldMakeEachLayeredTaskDependOnTwoOfThePreviousLayer() {
    List<int[]> deps = WorkflowShape.LAYERED.dependencies(25);

    assertThat(deps.get(9)).isEmpty();
    assertThat(deps.get(10)).containsExactly(0, 1);
    assertThat(deps.get(19)).containsExactly(9, 0);
    assertThat(deps.get(24)).containsExactly(14, 15);
  }

  @Test
  void shouldRejectAFanOutTooSmallToHaveAMiddle() {
    assertThatThrownBy(() -> WorkflowShape.FAN_OUT.dependencies(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3");
  }

  @Test
  void shouldWriteDefinitionsThatBatonPlansIntoTheExpectedGroups() {
    assertThat(groups(WorkflowShape.CHAIN, 4)).isEqualTo(4);
    assertThat(groups(WorkflowShape.FAN_OUT, 10)).isEqualTo(3);
    assertThat(groups(WorkflowShape.LAYERED, 40)).isEqualTo(4);
    assertThat(groups(WorkflowShape.FAN_OUT, Planner.DEFAULT_MAX_TASKS)).isEqualTo(3);
  }

  @Test
  void shouldWriteAnEmptyDefinitionThatBatonAccepts() {
    DefinitionReader.Read read = DefinitionReader.read(WorkflowShape.emptyDefinitionJson());

    assertThat(read.problem()).isNull();
    assertThat(read.definition().tasks()).isEmpty();
  }

  private static int groups(WorkflowShape shape, int tasks) {
    DefinitionReader.Read read = DefinitionReader.read(shape.definitionJson(tasks));
    assertThat(read.problem()).isNull();
    Planner.Result planned = new Planner().plan(read.definition());
    assertThat(planned).isInstanceOf(Planner.Valid.class);
    return ((Planner.Valid) planned).analysis().plan().parallelGroups().size();
  }
}
