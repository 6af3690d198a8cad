"""The project's moto launcher (scripts/moto-server.py: atomic DynamoDB item
writes) plus fixes for moto's cost per call, for the benchmark.

moto 5.x keeps a queue's messages in a plain list and, on every SendMessage
(and so every SNS publish to a subscribed queue), builds the whole attribute
dict of the queue, which counts visible, in-flight and delayed messages: three
scans of the list, each calling a datetime-based clock per message. A queue
with a few thousand messages waiting makes every publish cost milliseconds, so
the benchmark would measure moto's bookkeeping instead of the project. And
every request, whatever the service, lists moto's package directory and stats
each entry to find its backend (about half of a trivial call's cost). The
fixes below keep moto's behaviour and answers:

- `Queue.attributes` becomes a mapping that computes an attribute when it is
  read, so SendMessage's `attributes.get("ContentBasedDeduplication")` no
  longer counts messages (GetQueueAttributes still reads them all);
- the SQS model's clock reads `time.time()` instead of building datetimes;
- the list of moto's service modules is read from disk once, not per request.

Receive and delete still scan the list (O(queue depth)); the benchmark measures
that ceiling and prints it beside its results. Usage is moto_server's:
`python loadtest/fast_moto.py -H 127.0.0.1 -p 4566`. Worth folding into
scripts/moto-server.py, so `npm run local` and the tests get them too.
"""

import importlib.util
import json
import os
import sys
import time
from collections.abc import Mapping

import moto.backends as moto_backends
import moto.sqs.models as sqs_models
from moto.core.utils import camelcase_to_underscores
from moto.server import main

_slow_unix_time = sqs_models.unix_time
_slow_unix_time_millis = sqs_models.unix_time_millis


def _unix_time(dt=None):
    return time.time() if dt is None else _slow_unix_time(dt)


def _unix_time_millis(dt=None):
    return time.time() * 1000.0 if dt is None else _slow_unix_time_millis(dt)


class _LazyQueueAttributes(Mapping):
    """The dict moto's `Queue.attributes` returns, with each value computed on read."""

    def __init__(self, queue):
        self._queue = queue
        names = list(queue.BASE_ATTRIBUTES)
        if queue.fifo_queue:
            names += queue.FIFO_ATTRIBUTES
        if queue.kms_master_key_id:
            names += queue.KMS_ATTRIBUTES
        self._names = {name: None for name in names}
        if queue.policy:
            self._names["Policy"] = None
        if queue.redrive_policy:
            self._names["RedrivePolicy"] = None

    def __getitem__(self, name):
        if name not in self._names:
            raise KeyError(name)
        # Same precedence as moto: a set policy overrides the base attribute of that name.
        if name == "Policy" and self._queue.policy:
            return self._queue.policy
        if name == "RedrivePolicy" and self._queue.redrive_policy:
            return json.dumps(self._queue.redrive_policy)
        value = getattr(self._queue, camelcase_to_underscores(name))
        return str(value).lower() if isinstance(value, bool) else value

    def __iter__(self):
        return iter(self._names)

    def __len__(self):
        return len(self._names)


def _apply_project_launcher():
    """Runs scripts/moto-server.py's module body (its patches), not its main()."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "moto-server.py")
    if os.path.exists(path):
        spec = importlib.util.spec_from_file_location("project_moto_launcher", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


def apply_patches():
    _apply_project_launcher()
    modules = tuple(moto_backends.list_of_moto_modules())
    moto_backends.list_of_moto_modules = lambda: modules
    sqs_models.unix_time = _unix_time
    sqs_models.unix_time_millis = _unix_time_millis
    sqs_models.Queue.attributes = property(_LazyQueueAttributes)


if __name__ == "__main__":
    apply_patches()
    main(sys.argv[1:])
