"""The local AWS emulator: moto_server, patched to behave like AWS where the
project relies on it and to cost less per call.

1. Atomic DynamoDB item writes. moto answers requests on several threads and
   checks a condition expression and applies the write it guards without a
   lock, so two concurrent conditional writes to one item could both succeed.
   DynamoDB never allows that, and the exactly-once claim relies on it; item
   operations are serialised here. Everything else (SQS long polls included)
   stays concurrent.
2. SQS message state under one lock. moto changes a queue's messages from
   several threads without one: a delete rebuilds the message list and puts
   it back, dropping a message another thread sent meanwhile, and two
   receives at once can both take one message. Every
   change of a queue's messages is serialised here; a long poll waits
   outside the lock, so it holds up nothing.
3. Cost per call. moto 5.x keeps a queue's messages in a plain list and, on
   every SendMessage (so every SNS publish to a subscribed queue), builds the
   queue's whole attribute dict, counting visible, in-flight and delayed
   messages: three scans, each building a datetime per message. A few thousand
   waiting messages made every publish cost milliseconds. A delete or a
   visibility change looked for its receipt handle in every message of the
   queue (building each message's list of handles), and a delete then copied
   the whole list: with 1,000 messages in flight the processor's SQS calls
   passed their 3 s timeout. And every request listed moto's package directory
   to find its backend. Fixed without changing moto's answers:
   `Queue.attributes` computes an attribute when it is read, the SQS clock
   reads `time.time()`, a received message is indexed by its receipt handles
   (moto's own code still answers any handle the index does not know), and the
   module list is read once.
   Measured on a queue 2 000 deep: a publish 61 ms → 1 ms, a receive + delete
   110 ms → 0.8 ms per message, any call about twice as fast.

`npm run local`, the benchmark and every test start moto through this file (by run.sh);
moto is pinned in requirements.txt, since these patches reach into its models.
Usage (through the launcher): bash libs/emulator/run.sh moto 4566
"""

import functools
import json
import sys
import threading
import time
from collections.abc import Mapping

import moto.backends as moto_backends
import moto.sqs.models as sqs_models
from moto.core.utils import camelcase_to_underscores
from moto.dynamodb.models import DynamoDBBackend
from moto.server import main

_lock = threading.RLock()
_sqs_lock = threading.RLock()


def _serialised(method, lock=_lock):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with lock:
            return method(*args, **kwargs)

    return wrapper


# Receipt handle -> message, for every handle a receive gave out (entries leave with the message).
_by_receipt = {}
_mark_received = sqs_models.Message.mark_received
_delete_by_scan = sqs_models.Queue.delete_message
_change_visibility_by_scan = sqs_models.SQSBackend.change_message_visibility


def _mark_received_indexed(self, visibility_timeout=None):
    _mark_received(self, visibility_timeout)
    _by_receipt[self.receipt_handle] = self


def _indexed(queue, receipt_handle):
    """The message of the queue that had this receipt handle, or None (then moto's scan answers)."""
    message = _by_receipt.get(receipt_handle)
    return message if message is not None and message in queue._messages else None


def _delete_message(self, receipt_handle):
    message = None if receipt_handle in self.deleted_messages else _indexed(self, receipt_handle)
    if message is None:
        return _delete_by_scan(self, receipt_handle)
    self._messages.remove(message)
    self.pending_messages.discard(message)
    handles = message.all_receipt_handles
    self.deleted_messages.update(handles)
    for handle in handles:
        _by_receipt.pop(handle, None)


def _change_message_visibility(self, queue_name, receipt_handle, visibility_timeout):
    queue = self.get_queue(queue_name)
    message = _indexed(queue, receipt_handle)
    if message is None:
        return _change_visibility_by_scan(self, queue_name, receipt_handle, visibility_timeout)
    # moto's own steps for the message it would have found.
    given_visibility_timeout = sqs_models.unix_time_millis() + int(visibility_timeout) * 1000
    if given_visibility_timeout - message.sent_timestamp > 43200 * 1000:
        raise sqs_models.InvalidParameterValue(
            f"Value {visibility_timeout} for parameter VisibilityTimeout is invalid. Reason: Total "
            "VisibilityTimeout for the message is beyond the limit [43200 seconds]"
        )
    message.change_visibility(visibility_timeout)
    if message.visible and message in queue.pending_messages:
        queue.pending_messages.remove(message)


_receive_once = sqs_models.SQSBackend.receive_message


def _receive_message(
    self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names=None
):
    """moto's receive without its wait (under the SQS lock), repeated until a message or the deadline."""
    deadline = time.time() + (wait_seconds_timeout or 0)
    while True:
        with _sqs_lock:
            result = _receive_once(self, queue_name, count, 0, visibility_timeout, message_attribute_names)
        remaining = deadline - time.time()
        if result or remaining <= 0:
            return result
        # Wakes when a message is added (moto notifies), at the latest after a second: a message
        # whose visibility timeout ends sends no notice.
        self.get_queue(queue_name).wait_for_messages(min(1.0, remaining))


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


def apply_patches():
    for name in ("get_item", "put_item", "update_item", "delete_item", "transact_write_items"):
        setattr(DynamoDBBackend, name, _serialised(getattr(DynamoDBBackend, name)))
    modules = tuple(moto_backends.list_of_moto_modules())
    moto_backends.list_of_moto_modules = lambda: modules
    sqs_models.unix_time = _unix_time
    sqs_models.unix_time_millis = _unix_time_millis
    sqs_models.Queue.attributes = property(_LazyQueueAttributes)
    sqs_models.Message.mark_received = _mark_received_indexed
    sqs_models.Queue.delete_message = _delete_message
    sqs_models.SQSBackend.change_message_visibility = _change_message_visibility
    for name in ("add_message", "delete_message"):
        setattr(sqs_models.Queue, name, _serialised(getattr(sqs_models.Queue, name), _sqs_lock))
    for name in ("change_message_visibility", "change_message_visibility_batch", "purge_queue"):
        setattr(sqs_models.SQSBackend, name, _serialised(getattr(sqs_models.SQSBackend, name), _sqs_lock))
    sqs_models.SQSBackend.receive_message = _receive_message


if __name__ == "__main__":
    apply_patches()
    main(sys.argv[1:])
