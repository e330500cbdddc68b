package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodStatusWriterTest {

  @Test
  void aContainerIdNamesItsProcess() {
    long pid = ProcessHandle.current().pid();

    assertThat(PodStatusWriter.process(PodStatusWriter.containerId(pid))).map(ProcessHandle::pid).contains(pid);
    assertThat(PodStatusWriter.process("containerd://" + pid)).isEmpty();
  }

  @Test
  void aProcessThatEndedIsNoneOfTheContainers() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();

    assertThat(PodStatusWriter.process(PodStatusWriter.containerId(process.pid()))).isEmpty();
  }
}
