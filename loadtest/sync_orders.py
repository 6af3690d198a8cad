"""POST /orders/sync: each request runs the fulfilment inline (PROCESSING_TIME_MS).

    locust -f loadtest/sync_orders.py --host http://<alb-dns> --users 50 --spawn-rate 10 --run-time 2m

A request succeeds with 200 and the stored order COMPLETED, or FAILED when
FAILURE_RATE > 0 (both are answers of the endpoint; anything else is a failure).
"""

from locust import task

from order_user import OrderUser


class SyncOrderUser(OrderUser):
    path = "/orders/sync"
    expected_status = 200

    @task
    def submit(self):
        self.post_order()

    def check_body(self, body, order):
        if body.get("status") not in ("COMPLETED", "FAILED"):
            return f"status {body.get('status')!r}, expected COMPLETED or FAILED"
        return None
