"""A Spark standalone cluster on this machine: a master and one worker, started with
pyspark's own `spark-class`, for trying a cluster job without a cluster manager (and
for the tests and benchmarks that need a real one).

    with standalone_cluster(cores=2, directory=Path("cluster")) as cluster:
        run_spark_batch("in.jsonl", "out", settings, master=cluster.url)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whosaid.errors import MissingExtraError

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class StandaloneCluster:
    url: str
    master_log: Path
    worker: subprocess.Popen

    def applications(self) -> int:
        """How many applications the master has registered so far."""
        return self.master_log.read_text().count("Registering app ")


def spark_home() -> Path:
    try:
        import pyspark
    except ImportError:
        raise MissingExtraError("a Spark cluster needs PySpark: pip install 'whosaid[spark]'") from None
    return Path(pyspark.__file__).parent


@contextlib.contextmanager
def standalone_cluster(
    cores: int, directory: Path, memory: str = "4g", timeout: float = 120
) -> Iterator[StandaloneCluster]:
    """Start a master and a worker of `cores` cores on the loopback address, logging into
    `directory`; stop both on leaving."""
    home = spark_home()
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": LOOPBACK}
    port = _free_port()
    url = f"spark://{LOOPBACK}:{port}"
    spark_class = str(home / "bin" / "spark-class")
    master_log = directory / "master.log"
    directory.mkdir(parents=True, exist_ok=True)
    processes: list[subprocess.Popen] = []

    def start(name: str, command: list[str]) -> subprocess.Popen:
        with (directory / f"{name}.log").open("w") as log:
            command = [spark_class, *command, "--webui-port", str(_free_port())]
            processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))
        return processes[-1]

    try:
        start("master", ["org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port", str(port)])
        _wait_for(lambda: "Starting Spark master" in master_log.read_text(), "the Spark master's start", timeout)
        worker = start(
            "worker",
            ["org.apache.spark.deploy.worker.Worker", url, "--cores", str(cores), "--memory", memory,
             "--work-dir", str(directory / "work")],
        )  # fmt: skip
        _wait_for(lambda: "Registering worker" in master_log.read_text(), "the Spark worker's registration", timeout)
        yield StandaloneCluster(url, master_log, worker)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _wait_for(condition: Callable[[], bool], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(0.5)
