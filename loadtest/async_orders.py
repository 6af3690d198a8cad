"""POST /orders/async: answers 202 once SNS acknowledged the order; the processor works it later.

    locust -f loadtest/async_orders.py --host http://<alb-dns> --users 50 --spawn-rate 10 --run-time 2m

A request succeeds with 202, a PENDING status and a Location header naming the order.
"""

from urllib.parse import quote

from locust import task

from order_user import OrderUser


def _segment(text):
    """A path segment encoded as the receiver's statusUrl encodes it (encodeURIComponent)."""
    return quote(text, safe="!~*'()")


class AsyncOrderUser(OrderUser):
    path = "/orders/async"
    expected_status = 202

    @task
    def submit(self):
        self.post_order()

    def check_body(self, body, order):
        if body.get("status") != "PENDING":
            return f"status {body.get('status')!r}, expected PENDING"
        expected = f"/customers/{_segment(order['customerId'])}/orders/{_segment(order['orderId'])}"
        # A receiver with STATUS_URL_SIGNING_KEY adds the URL's signature as a query.
        if str(body.get("statusUrl")).split("?")[0] != expected:
            return f"statusUrl {body.get('statusUrl')!r} does not name the order"
        return None
