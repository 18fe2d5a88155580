"""Renders release the GIL (other Python threads keep running meanwhile), calls
on one Model from several threads are serialised and give the same pixels, and
Ctrl-C (KeyboardInterrupt) stops a render."""
import _thread
import threading
import time

import numpy as np
import pytest

from test_module_helpers import model  # noqa: F401


class Counter(threading.Thread):
    """Counts in pure Python as fast as it can: it only advances while it holds the GIL."""

    def __init__(self):
        super().__init__(daemon=True)
        self.count = 0
        self.stop = False

    def run(self):
        while not self.stop:
            self.count += 1


def counted(call):
    """(result, counter increments during call, seconds) with a counter thread running."""
    counter = Counter()
    counter.start()
    while counter.count == 0:
        time.sleep(0.001)
    before = counter.count
    t0 = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - t0
    during = counter.count - before
    counter.stop = True
    counter.join()
    return result, during, seconds


@pytest.mark.parametrize("what", ["generate", "mix", "synthesis", "mix_ws", "mapping"])
def test_python_threads_run_while_rendering(model, what):
    ws = model.mapping(range(16))
    calls = {
        "generate": lambda: model.generate(range(16)),
        "mix": lambda: model.mix(rows=range(20, 24), cols=range(24, 28), styles=range(0, 4)),
        "synthesis": lambda: model.synthesis(ws),
        "mix_ws": lambda: model.mix(rows=ws[:4], cols=range(24, 28), styles=range(4, 8)),
        "mapping": lambda: model.mapping(range(200)),
    }
    _, during, seconds = counted(calls[what])
    print(f"[ info ] {what}: {during} counter steps in {seconds:.3f} s of rendering")
    # With the GIL held for the whole call the counter could not move at all (beyond the
    # switch interval before the call took it); released, it runs freely.
    assert during > 1000, f"{what}: the counter thread ran only {during} steps in {seconds:.3f} s"


def test_concurrent_calls_on_one_model(model):
    expected_gen = model.generate(range(6))
    expected_mix = model.mix(rows=[0, 1], cols=[2, 3], styles=range(0, 4))
    results, errors = {}, []

    def work(i):
        try:
            if i % 2:
                results[i] = model.generate(range(6))
            else:
                results[i] = model.mix(rows=[0, 1], cols=[2, 3], styles=range(0, 4))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for i, r in results.items():
        assert np.array_equal(r, expected_gen if i % 2 else expected_mix), f"thread {i}"


def test_keyboard_interrupt_stops_a_render(model):
    many = range(1000, 1400)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    t0 = time.perf_counter()
    timer.start()
    finished = False
    with pytest.raises(KeyboardInterrupt):
        model.generate(many)
        finished = True
        time.sleep(5)   # only reached when the render ended before the interrupt
    seconds = time.perf_counter() - t0
    timer.join()
    print(f"[ info ] interrupted after {seconds:.2f} s")
    assert not finished, f"the render of {len(many)} images ended before the interrupt"
    assert seconds < 5
    # The model renders normally afterwards.
    assert model.generate([1]).shape == (1, 64, 64, 3)
