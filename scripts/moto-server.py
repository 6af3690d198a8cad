"""The local AWS emulator: moto_server with atomic DynamoDB item writes.

moto answers requests on several threads and checks a condition expression
and applies the write it guards without a lock, so two concurrent conditional
writes to one item can both succeed. DynamoDB never allows that, and the
processor's exactly-once claim relies on it. `npm run local`, the benchmark
and every test start moto through this launcher, which serialises DynamoDB
item operations; everything else (SQS long polls included) stays concurrent.
Usage: .venv/bin/python scripts/moto-server.py -H 127.0.0.1 -p 4566
"""

import functools
import sys
import threading

from moto.dynamodb.models import DynamoDBBackend
from moto.server import main

_lock = threading.RLock()


def _serialised(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _lock:
            return method(*args, **kwargs)

    return wrapper


for _name in ("get_item", "put_item", "update_item", "delete_item", "transact_write_items"):
    setattr(DynamoDBBackend, _name, _serialised(getattr(DynamoDBBackend, _name)))

if __name__ == "__main__":
    main(sys.argv[1:])
