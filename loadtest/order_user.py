"""What the sync and async locust files share: think time and the order POST."""

from locust import FastHttpUser, between, constant, events

from order_payloads import random_order


@events.init_command_line_parser.add_listener
def _add_arguments(parser):
    parser.add_argument(
        "--think-time",
        type=float,
        default=0.0,
        env_var="LOCUST_THINK_TIME",
        help="Seconds each user waits between requests (0: closed loop, the next request as soon as one answers). "
        "A value above 0 waits a random time between half and one and a half of it.",
    )


def think_time(user):
    seconds = user.environment.parsed_options.think_time if user.environment.parsed_options else 0.0
    if seconds <= 0:
        return constant(0)(user)
    return between(seconds * 0.5, seconds * 1.5)(user)


class OrderUser(FastHttpUser):
    """Posts a fresh random order to `path` and checks the status code and body."""

    abstract = True
    path = ""
    expected_status = 0
    wait_time = think_time
    # Sync requests hold the connection for PROCESSING_TIME_MS; the default timeout of 60 s covers it.
    network_timeout = 60.0
    connection_timeout = 10.0

    def post_order(self):
        order = random_order()
        with self.client.post(self.path, json=order, name=f"POST {self.path}", catch_response=True) as response:
            if response.status_code != self.expected_status:
                response.failure(f"status {response.status_code}, expected {self.expected_status}: {response.text[:200]}")
                return
            try:
                body = response.json()
            except ValueError:
                response.failure("response is not JSON")
                return
            if body.get("orderId") != order["orderId"]:
                response.failure(f"response is for order {body.get('orderId')!r}, sent {order['orderId']!r}")
                return
            problem = self.check_body(body, order)
            if problem:
                response.failure(problem)

    def check_body(self, body: dict, order: dict) -> str | None:
        return None
