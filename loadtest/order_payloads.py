"""Random but valid order bodies for the locust files.

Mirrors the API's validation (CreateOrderDto): orderId [A-Za-z0-9_-]{1,64},
customerId 1-64 characters, 1-100 items with quantity 1-1000 and price
0-1e6. Every call returns a new orderId, so no request is an idempotent
repeat of another one (a repeat would skip the work and flatter the numbers).
"""

import itertools
import os
import random
import socket
import uuid

# Unique across locust processes and machines: host, pid, then a counter.
_PREFIX = f"lt-{socket.gethostname()[:12]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
_PREFIX = "".join(c if c.isalnum() or c in "_-" else "-" for c in _PREFIX)
_COUNTER = itertools.count(1)

_PRODUCTS = [f"sku-{n:04d}" for n in range(1, 501)]


def new_order_id() -> str:
    return f"{_PREFIX}-{next(_COUNTER)}"


def random_order() -> dict:
    """Most carts are small: 1-3 items usually, now and then up to 12."""
    item_count = min(12, max(1, int(random.expovariate(1 / 2.2)) + 1))
    items = [
        {
            "productId": random.choice(_PRODUCTS),
            "quantity": random.choice((1, 1, 1, 2, 2, 3, 5, 10)),
            "price": round(random.uniform(0.5, 250.0), 2),
        }
        for _ in range(item_count)
    ]
    return {
        "orderId": new_order_id(),
        "customerId": f"customer-{random.randint(1, 50_000)}",
        "items": items,
    }
